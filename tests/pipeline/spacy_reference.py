"""Our matcher's computed flags (OPENS_ITEM, ENDS_LINE, SIGN_BEFORE_ITEM) written out for spaCy's own Matcher (the reference the equivalence
tests compare with): a token extension set on the doc, and patterns that test it."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Token

for _name in ("opens_item", "ends_line", "sign_before_item"):
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=False)

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
    # the last token of a line: no text but spaces before the next line break or the text's end
    for tok in doc:
        rest = doc.text[tok.idx + len(tok.text) :]
        tok._.ends_line = not tok.is_space and (rest.split("\n", 1)[0].strip() == "")
    # a line's "(+)"/"(-)" signs come before their items when the line does not end with one
    for line_start, line in _lines(doc.text):
        signs = [m.start() + line_start for m in re.finditer(r"\((?:-|\+)\)", line)]
        if signs and not re.search(r"\((?:-|\+)\)(?:\s*$|[,;])", line):
            for tok in doc:
                if tok.idx in signs and tok.text == "(":
                    tok._.sign_before_item = True
    # a bare "-"/"+" opening a line or an item after a comma, on a line with two or more, one a "+"
    for line_start, line in _lines(doc.text):
        bare = [m.start(1) + line_start for m in re.finditer(r"(?:^|[,;])\s*([-+])(?=\s*\S)", line)]
        if len(bare) > 1 and any(doc.text[k] == "+" for k in bare):
            for tok in doc:
                if tok.idx in bare and tok.text in ("-", "+"):
                    tok._.sign_before_item = True
    return doc


def _lines(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def for_spacy(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A pattern with OPENS_ITEM as the token extension :func:`mark_items` sets."""
    out = []
    for token in pattern:
        token = dict(token)
        ours = {k.lower(): token.pop(k) for k in ("OPENS_ITEM", "ENDS_LINE", "SIGN_BEFORE_ITEM") if k in token}
        if ours:
            token["_"] = ours
        out.append(token)
    return out
