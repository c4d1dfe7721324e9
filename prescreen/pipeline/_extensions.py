"""Every custom ``._.`` attribute prescreen sets, declared in one place."""

from __future__ import annotations

import bisect
import weakref
from typing import Any, cast

from spacy.tokens import Doc, Span

_SPAN: dict[str, Any] = {
    "fact": None,  # catalogue fact id of a target mention
    "assertion": None,  # present | absent | historical | hypothetical | family | uncertain
    "values": None,  # dict of parsed values
    "note_section": None,  # section category the mention lies in ("section" is medspaCy's)
    "cues": None,  # list of the ConText cue texts that decided the assertion
    "preset": None,  # an assertion decided before ConText (templated exam findings, qualifiers.yaml)
    "preset_by": None,  # what decided the preset, shown as its cue (default "exam template")
    "also": None,  # further fact ids the same span is a mention of
    "also_values": None,  # {fact: values} for each `also` fact that declares values
    "modifiers": (),  # the ConText modifiers of a mention (the name and default medspaCy's ConText uses)
}
_DOC = {
    "note_id": None,
    "note_date": None,
    "note_sections": None,  # (start_char, end_char, category) in text order ("sections" is medspaCy's)
    "sentence_index": None,  # see sentence_index(): the sentences' token and character bounds
}


_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a doc was made from (spaCy's tokenization keeps it: ``doc.text == text``)."""
    _TEXTS[doc] = text


def doc_text(doc: Doc) -> str:
    """The note text, built once per doc (``Doc.text`` joins every token on each access)."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


#: Where ``doc._.sentence_index`` keeps its value (read directly: an Underscore object per read costs
#: more than the lookup).
_SENTENCE_INDEX = ("._.", "sentence_index", None, None)


SentenceIndex = tuple[list[int], list[int], int, list[int], list[int]]


def sentence_index(doc: Doc) -> SentenceIndex:
    """(start tokens, end tokens, token count, start chars, end chars) of the sentences, built once
    per doc (the sentence splitter writes it; ``Doc.sents`` walks every token on each access)."""
    index = cast(dict[Any, Any], doc.user_data).get(_SENTENCE_INDEX)
    if index is None or index[2] != len(doc):
        sents = list(doc.sents)
        index = (
            [s.start for s in sents],
            [s.end for s in sents],
            len(doc),
            [s.start_char for s in sents],
            [s.end_char for s in sents],
        )
        doc._.sentence_index = index
    return cast(SentenceIndex, index)


def sentence_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """The start and end token of every sentence."""
    index = sentence_index(doc)
    return index[0], index[1]


def sentence_chars(span: Span) -> tuple[int, int]:
    """The character offsets of the sentence holding ``span`` (its sentence Span's ``start_char`` and
    ``end_char``, without building the Span: ``Span.sent`` walks the tokens on every call)."""
    index = sentence_index(span.doc)
    i = bisect.bisect_right(index[0], span.start) - 1
    return index[3][i], index[4][i]


class SpanAttrs:
    """Our span extension values of one doc, read and written where ``span._.name`` keeps them.

    spaCy stores a span's extension value in ``doc.user_data`` under ``("._.", name, start_char,
    end_char)``; going through ``span._`` builds an Underscore object on every access, which cost a
    few microseconds per mention and attribute, a large share of the pipeline's time.
    ``tests/pipeline/test_extensions.py`` checks that both ways see the same values."""

    __slots__ = ("data",)

    def __init__(self, doc: Doc) -> None:
        self.data: dict[Any, Any] = cast(dict[Any, Any], doc.user_data)

    def get(self, span: Span, name: str) -> Any:
        return self.data.get(("._.", name, span.start_char, span.end_char), _SPAN[name])

    def set(self, span: Span, name: str, value: Any) -> None:
        self.data[("._.", name, span.start_char, span.end_char)] = value


def register_extensions() -> None:
    """Declare the extensions once; safe to call repeatedly."""
    for name, default in _SPAN.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in _DOC.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()

__all__ = [
    "SpanAttrs",
    "doc_text",
    "register_extensions",
    "remember_text",
    "sentence_bounds",
    "sentence_chars",
    "sentence_index",
]
