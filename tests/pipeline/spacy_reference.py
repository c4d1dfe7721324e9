"""Our matcher's OPENS_ITEM flag written out for spaCy's own Matcher (the reference the equivalence
tests compare with): a token extension set on the doc, and patterns that test it."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Token

if not Token.has_extension("opens_item"):
    Token.set_extension("opens_item", default=False)

MARKER = re.compile(r"^(?:\d{1,2}[.)]?|[-*•])$")


def mark_items(doc: Doc) -> Doc:
    """A sentence start, or the token after a list marker that starts a sentence (and the "." or ")"
    after the marker), opens an item."""
    for tok in doc:
        tok._.opens_item = bool(tok.is_sent_start)
    for tok in doc:
        if tok.is_sent_start and MARKER.match(tok.text):
            j = tok.i + 1
            if j < len(doc) and not doc[j].is_sent_start and doc[j].text in (".", ")"):
                j += 1
            if j < len(doc) and not doc[j].is_sent_start:
                doc[j]._.opens_item = True
    return doc


def for_spacy(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A pattern with OPENS_ITEM as the token extension :func:`mark_items` sets."""
    out = []
    for token in pattern:
        token = dict(token)
        if "OPENS_ITEM" in token:
            token["_"] = {"opens_item": token.pop("OPENS_ITEM")}
        out.append(token)
    return out
