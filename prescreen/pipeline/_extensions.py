"""Every custom ``._.`` attribute prescreen sets, declared in one place."""

from __future__ import annotations

import bisect
import weakref

from spacy.tokens import Doc, Span

_SPAN = {
    "fact": None,  # catalogue fact id of a target mention
    "assertion": None,  # present | absent | historical | hypothetical | family | uncertain
    "values": None,  # dict of parsed values
    "note_section": None,  # section category the mention lies in ("section" is medspaCy's)
    "cues": None,  # list of the ConText cue texts that decided the assertion
    "preset": None,  # an assertion decided before ConText (templated exam findings)
    "also": None,  # further fact ids the same span is a mention of
    "modifiers": (),  # the ConText modifiers of a mention (the name and default medspaCy's ConText uses)
}
_DOC = {
    "note_id": None,
    "note_date": None,
    "note_sections": None,  # (start_char, end_char, category) in text order ("sections" is medspaCy's)
    "sentence_index": None,  # (token starts, token ends) of the sentences, built once per doc
}


_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """The note text, built once per doc (``Doc.text`` joins every token on each access)."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def sentence_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """The start and end token of every sentence, computed once per doc (``Doc.sents`` walks every
    token on each access)."""
    index = doc._.sentence_index
    if index is None or index[2] != len(doc):
        starts, ends = [], []
        for sent in doc.sents:
            starts.append(sent.start)
            ends.append(sent.end)
        index = (starts, ends, len(doc))
        doc._.sentence_index = index
    return index[0], index[1]


def sentence_of(span: Span) -> Span:
    """The sentence holding ``span``, from :func:`sentence_bounds` (``Span.sent`` walks the tokens
    on every call, which made long notes quadratic)."""
    starts, ends = sentence_bounds(span.doc)
    i = bisect.bisect_right(starts, span.start) - 1
    return span.doc[starts[i] : ends[i]]


def register_extensions() -> None:
    """Declare the extensions once; safe to call repeatedly."""
    for name, default in _SPAN.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in _DOC.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()

__all__ = ["doc_text", "register_extensions", "sentence_bounds", "sentence_of"]
