"""A fast rule-based sentence splitter for clinical notes (instead of PyRuSH, which is slow).

Boundaries: blank lines; a line break before a bullet, a header, a capitalised line or after a line
that ends a sentence or is short (list items, templated lines); ``. ? !`` followed by a capital or
a digit; and ``;`` is left inside the sentence (negation scope in lists runs over it).
"""

import re
from typing import TYPE_CHECKING, cast

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc

from prescreen.pipeline._extensions import doc_text

if TYPE_CHECKING:
    from thinc.types import Ints2d

_BULLET = re.compile(r"^\s*(?:[-*•>]|\d+[.)]|[A-Za-z][.)])\s")
_HEADERISH = re.compile(r"^\s*[A-Z][A-Za-z /&-]{1,40}:")
_END_PUNCT = (".", "?", "!", ":")
_SENT_END = re.compile(r"[.?!]+[\"')\]]*\s+(?=[A-Z0-9(\"'])")
_WORD_BEFORE_END = re.compile(r"(\S+?)[.?!]+[\"')\]]*\s+$")
# a one-word answer that ends its line stays with its question ("Any history of trauma? No",
# "Prior MRI? None."), so the answer's judgement sees both, also on a note's last line
_SHORT_ANSWER = re.compile(r"(?:No|NO|Yes|YES|None|NONE|none|N|Y|Neg|NEG|Denies|Negative|N/A)\W*$")
_LIST_NUMBER = re.compile(r"\d{1,2}")
_ITEM_BEFORE = (":", ".", ";", "?", "!")
#: a form's follow-up to its question, a length answering it, or its answer pair: "? If yes, list type
#: and date: N/A", "How long? 3 months", "? Y / N -> N"
_FOLLOW_UP = re.compile(
    r"(?i)if\s+(?:yes|so|no)\b|\d+(?:\.\d+)?\s*(?:d|days?|wks?|weeks?|mos?|months?|yrs?|years?)\b"
    # a yes/no pair to circle or fill in: "? Y / N -> N", "? Y___ N___"
    r"|(?:y|yes)\s*(?:/|_{2,})"
)
#: a line that answers the question on the line before it
#: ("No - never", "Yes - about 10 lbs since July"; not an answer that goes on: "No falls but ...")
_ANSWER_LINE = re.compile(
    r"(?:[-\u2192>]\s*)?(?:No|NO|no|Yes|YES|yes|N|Y|None|NONE|none|Denies|Negative|Neg|NEG|Never|never|N/A)"
    r"(?:\W*$|\s*[-\u2013,(:;])"
)
#: all-caps words that are a fact's name, not the title they spell in mixed case ("PT" physical
#: therapy, not "Pt." patient; "MS" multiple sclerosis, not "Ms."): "... never got one from PT. Saw a
#: chiropractor" ends a sentence, except on a line written all in capitals
_FACT_WORDS = frozenset({"PT", "MS"})
_ABBREVIATIONS = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "pt",
    "pts",
    "vs",
    "approx",
    "e.g",
    "i.e",
    "etc",
    "st",
    "no",
    "hx",
    "dx",
    "tx",
    "sx",
    "fx",
    "yo",
    "y.o",
    "q",
    "b.i.d",
    "t.i.d",
    "p.o",
    "u.s",
    "jr",
    "sr",
    "mg",
    "inc",
    "fig",
}


def _abbreviation(word: str, line: str) -> bool:
    """Whether the word before a period is an abbreviation (so the period ends no sentence)."""
    bare = word.strip("([{\"'").rstrip(".")
    if bare in _FACT_WORDS and any(c.islower() for c in line):
        return False
    return bare.lower() in _ABBREVIATIONS


#: a line that ends inside a list: after a comma or a joining "and"/"or"
_WRAPPED_LIST = re.compile(r"(?:,|\b(?:and|or|nor))\s*$")


class SentenceSplitter:
    """Sets ``token.is_sent_start`` for every token from line structure and punctuation."""

    def __init__(self, short_line: int = 60) -> None:
        self.short_line = short_line

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        if doc.has_annotation("DEP"):  # what setting token.is_sent_start raises on a parsed doc
            raise ValueError(Errors.E043)
        starts = self._boundaries(doc_text(doc))
        columns = doc.to_array([IDX, IS_SPACE, LENGTH])
        idx: list[int] = columns[:, 0].tolist()
        space: list[int] = columns[:, 1].tolist()
        length: list[int] = columns[:, 2].tolist()
        # 1 = sentence start, -1 = not (what token.is_sent_start = True/False writes), set in one call:
        # per-token assignment costs a Token object and a whole-doc annotation check per token.
        flags = [-1] * n
        flags[0] = 1
        # A boundary char that falls inside a token (or on whitespace) moves to the next token.
        pending = False
        for i in range(1, n):
            start = idx[i] in starts
            if space[i]:
                if start:
                    pending = True
                continue
            if start or pending:
                flags[i] = 1
                pending = False
        values = numpy.array(flags, dtype=numpy.int64).astype(numpy.uint64)  # -1 wraps, as in doc.to_array
        doc.from_array([SENT_START], cast("Ints2d", values))
        # the sentence index later components use (Doc.sents would walk every token again)
        first = [i for i, flag in enumerate(flags) if flag == 1]
        ends = [*first[1:], n]
        doc._.sentence_index = (first, ends, n, [idx[i] for i in first], [idx[e - 1] + length[e - 1] for e in ends])
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
                # an answer on the line after its question stays in the question's sentence ("Any
                # prior MRI?\nNo - never"; "Weight loss (unintended):\nnone")
                answer = _ANSWER_LINE.match(stripped) and (
                    prev.rstrip().endswith("?") or (prev.rstrip().endswith(":") and _SHORT_ANSWER.fullmatch(stripped))
                )
                # a line that ends inside a list goes on on the next one when that one opens in lower case
                # ("Specifically denies fevers, night sweats,\nweight loss, or bowel/bladder incontinence")
                wrapped = _WRAPPED_LIST.search(prev) is not None and stripped[0].islower()
                if (
                    not answer
                    and not wrapped
                    and (
                        not prev.strip()
                        or _BULLET.match(line)
                        or _HEADERISH.match(line)
                        or prev.rstrip().endswith(_END_PUNCT)
                        or len(prev.strip()) < self.short_line
                        or stripped[0].isupper()
                    )
                ):
                    starts.add(first)
                for m in _SENT_END.finditer(line):
                    if m.group(0).startswith("?") and (
                        _SHORT_ANSWER.match(line, m.end()) or _FOLLOW_UP.match(line, m.end())
                    ):
                        # "Fever? No"; "Hx of spine surgery? If yes, list type and date: N/A"
                        continue
                    # a free-standing "?" marks doubt about what follows, it asks nothing: "fall from
                    # standing, ? L1 compression fx", "? L5 pars defect"
                    if m.group(0).startswith("?") and (m.start() == 0 or line[m.start() - 1].isspace()):
                        continue
                    if m.group(0).startswith("..") and m.start() > 0 and line[m.start() - 1].isspace():
                        # a dot leader between a form's item and its answer ends nothing: "Fever/chills
                        # ........ Y [ ]  N [x]", "Night waking from pain .. N"
                        continue
                    if m.group(0).startswith("."):
                        # The word the period ends: it starts after the last whitespace before the match,
                        # so searching from there finds what searching the whole line prefix finds.
                        j = m.start()
                        while j > 0 and not line[j - 1].isspace():
                            j -= 1
                        word = _WORD_BEFORE_END.search(line, j, m.end())
                        if word and _abbreviation(word.group(1), line):
                            continue
                        # a list number opens its item (at a line's start, after a header's colon or
                        # another sentence): "5. ED for saddle numbness", "Plan: 1. PT 2x/wk. 2. HEP"
                        before = line[:j].rstrip()
                        if _LIST_NUMBER.fullmatch(line, j, m.start()) and (not before or before.endswith(_ITEM_BEFORE)):
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
