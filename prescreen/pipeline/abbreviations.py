"""Abbreviations a note defines ("lumbar epidural steroid injection (LESI)"): later uses of the short
form become mentions of the long form's fact. Uses scispaCy's AbbreviationDetector (Schwartz-Hearst)."""

import bisect
import re

import scispacy.abbreviation  # noqa: F401  (registers "abbreviation_detector")
from scispacy.abbreviation import AbbreviationDetector
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.util import filter_spans
from spacy.vocab import Vocab

from prescreen.pipeline._extensions import doc_text
from prescreen.pipeline.matcher import TokenView


class ParenthesisMatches:
    """The matches of the detector's ``( + )`` Matcher pattern that its filter can keep, in the order
    the Matcher returns them (by end, then latest start first).

    The detector keeps a bracketed span of at most 8 tokens (``scispacy.abbreviation.filter_matches``);
    the Matcher's ``{"OP": "+"}`` follows every "(" to the end of the doc and pairs it with every later
    ")", which is quadratic in note length. Pairs with more than 8 tokens inside are never returned, so
    the detector sees exactly the candidates it kept before.
    """

    MAX_INSIDE = 8

    def __init__(self, vocab: Vocab) -> None:
        self.key = vocab.strings.add("parenthesis")
        self.open = vocab.strings.add("(")
        self.close = vocab.strings.add(")")

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        out: list[tuple[int, int, int]] = []
        orths = TokenView.of(doc).orth
        opens = [i for i, orth in enumerate(orths) if orth == self.open]
        if not opens:
            return out
        for j in [j for j, orth in enumerate(orths) if orth == self.close]:
            for i in reversed(opens[: bisect.bisect_left(opens, j)]):
                if j - i - 1 > self.MAX_INSIDE:
                    break
                if j - i >= 2:
                    out.append((self.key, i, j + 1))
        return out


_SENTENCE_BREAK = re.compile(r"[.;:?!]\s|\n")


def looks_defined(short: str, long_form: str) -> bool:
    """An abbreviation the note defines: a short form that looks like one (a capital or a digit, or at
    most 4 letters), after a long form within one sentence - not "... disease. B12 level 612 (normal)",
    which Schwartz-Hearst pairs by letters alone."""
    if short.isalpha() and short.islower() and len(short) > 4:
        return False
    return _SENTENCE_BREAK.search(long_form) is None


class Abbreviations:
    def __init__(self, nlp: Language) -> None:
        self.detector = AbbreviationDetector(nlp)
        self.detector.matcher = ParenthesisMatches(nlp.vocab)
        # The detector adds one ``[{"ORTH": ...}]`` pattern per abbreviation a note defines to this
        # matcher and removes it after the note; a validating Matcher checks each with pydantic.
        # Those patterns are well formed by construction.
        self.detector.global_matcher = Matcher(nlp.vocab, validate=False)

    def __call__(self, doc: Doc) -> Doc:
        if "(" not in doc_text(doc):
            return doc
        doc = self.detector(doc)
        if not doc._.abbreviations:
            return doc
        ents = list(doc.ents)
        # doc.ents do not overlap and come in text order, so their end offsets are sorted too: the first
        # entity overlapping [start, end) is the first that ends after start, if it starts before end.
        starts = [e.start_char for e in ents]
        ends = [e.end_char for e in ents]

        def first_overlap(start: int, end: int) -> int | None:
            k = bisect.bisect_right(ends, start)
            return k if k < len(ents) and starts[k] < end else None

        added = []
        for short in doc._.abbreviations:
            long_form = short._.long_form
            if not looks_defined(short.text, long_form.text):
                continue
            k = first_overlap(long_form.start_char, long_form.end_char)
            if k is None or first_overlap(short.start_char, short.end_char) is not None:
                continue
            span = doc[short.start : short.end]
            span.label_ = ents[k].label_
            added.append(span)
        if added:
            ents = filter_spans([*ents, *added])
            doc.set_ents(ents, default="outside")  # what `doc.ents = ...` does, without rebuilding every span
            for ent in ents:
                ent._.fact = ent.label_
        return doc


@Language.factory("prescreen_abbreviations", assigns=["doc.ents"], requires=["doc.ents"])
def make_abbreviations(nlp: Language, name: str) -> Abbreviations:
    return Abbreviations(nlp)


__all__ = ["Abbreviations", "ParenthesisMatches"]
