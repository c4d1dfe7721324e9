"""A fast rule-based sentence splitter for clinical notes (instead of PyRuSH, which is slow).

Boundaries: blank lines; a line break before a bullet, a header, a capitalised line or after a line
that ends a sentence or is short (list items, templated lines); ``. ? !`` followed by a capital or
a digit; and ``;`` is left inside the sentence (negation scope in lists runs over it).
"""


import re

from spacy.language import Language
from spacy.tokens import Doc

_BULLET = re.compile(r"^\s*(?:[-*•>]|\d+[.)]|[A-Za-z][.)])\s")
_HEADERISH = re.compile(r"^\s*[A-Z][A-Za-z /&-]{1,40}:")
_END_PUNCT = (".", "?", "!", ":")
_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "pt", "pts", "vs", "approx", "e.g", "i.e", "etc", "st", "no", "hx", "dx",
    "tx", "sx", "fx", "yo", "y.o", "q", "b.i.d", "t.i.d", "p.o", "u.s", "jr", "sr", "mg", "inc", "fig",
}


class SentenceSplitter:
    """Sets ``token.is_sent_start`` for every token from line structure and punctuation."""

    def __init__(self, short_line: int = 60) -> None:
        self.short_line = short_line

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        starts = self._boundaries(text)
        for token in doc:
            token.is_sent_start = token.i == 0 or token.idx in starts
        # A boundary char that falls inside a token (or on whitespace) moves to the next token.
        pending = False
        for token in doc:
            if token.i == 0:
                continue
            if token.is_space:
                if token.is_sent_start:
                    pending = True
                    token.is_sent_start = False
                continue
            if pending:
                token.is_sent_start = True
                pending = False
        return doc

    def _boundaries(self, text: str) -> set[int]:
        starts: set[int] = set()
        lines = text.split("\n")
        offset = 0
        prev = ""
        for line in lines:
            stripped = line.strip()
            if stripped:
                first = offset + (len(line) - len(line.lstrip()))
                if (
                    not prev.strip()
                    or _BULLET.match(line)
                    or _HEADERISH.match(line)
                    or prev.rstrip().endswith(_END_PUNCT)
                    or len(prev.strip()) < self.short_line
                    or stripped[0].isupper()
                ):
                    starts.add(first)
                for m in re.finditer(r"[.?!]+[\"')\]]*\s+(?=[A-Z0-9(\"'])", line):
                    word = re.search(r"(\S+?)[.?!]+[\"')\]]*\s+$", line[: m.end()])
                    if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS and m.group(0).startswith("."):
                        continue
                    starts.add(offset + m.end())
            prev = line
            offset += len(line) + 1
        return starts


@Language.factory(
    "prescreen_sentences",
    assigns=["token.is_sent_start"],
    default_config={"short_line": 60},
)
def make_sentence_splitter(nlp: Language, name: str, short_line: int) -> SentenceSplitter:
    return SentenceSplitter(short_line=short_line)


__all__ = ["SentenceSplitter"]
