"""Every custom ``._.`` attribute prescreen sets, declared in one place."""

from __future__ import annotations

from spacy.tokens import Doc, Span

_SPAN = {
    "fact": None,  # catalogue fact id of a target mention
    "assertion": None,  # present | absent | historical | hypothetical | family | uncertain
    "values": None,  # dict of parsed values
    "section": None,  # section category the mention lies in
    "cues": None,  # list of the ConText cue texts that decided the assertion
    "preset": None,  # an assertion decided before ConText (templated exam findings)
    "also": None,  # further fact ids the same span is a mention of
}
_DOC = {
    "note_id": None,
    "note_date": None,
    "sections": None,  # list of (start_char, end_char, category) in text order
}


def register_extensions() -> None:
    """Declare the extensions once; safe to call repeatedly."""
    for name, default in _SPAN.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in _DOC.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()

__all__ = ["register_extensions"]
