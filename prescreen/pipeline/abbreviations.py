"""Abbreviations a note defines ("lumbar epidural steroid injection (LESI)"): later uses of the short
form become mentions of the long form's fact. Uses scispaCy's AbbreviationDetector (Schwartz-Hearst)."""

import scispacy.abbreviation  # noqa: F401  (registers "abbreviation_detector")
from scispacy.abbreviation import AbbreviationDetector
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from prescreen.pipeline import _extensions  # noqa: F401


class Abbreviations:
    def __init__(self, nlp: Language) -> None:
        self.detector = AbbreviationDetector(nlp)

    def __call__(self, doc: Doc) -> Doc:
        if "(" not in doc.text:
            return doc
        doc = self.detector(doc)
        if not doc._.abbreviations:
            return doc
        ents = list(doc.ents)
        added = []
        for short in doc._.abbreviations:
            long_form = short._.long_form
            fact = next(
                (e.label_ for e in ents if e.start_char < long_form.end_char and long_form.start_char < e.end_char),
                None,
            )
            if fact is None or any(e.start_char < short.end_char and short.start_char < e.end_char for e in ents):
                continue
            span = doc[short.start : short.end]
            span.label_ = fact
            added.append(span)
        if added:
            doc.ents = filter_spans([*ents, *added])
            for ent in doc.ents:
                ent._.fact = ent.label_
        return doc


@Language.factory("prescreen_abbreviations", assigns=["doc.ents"], requires=["doc.ents"])
def make_abbreviations(nlp: Language, name: str) -> Abbreviations:
    return Abbreviations(nlp)


__all__ = ["Abbreviations"]
