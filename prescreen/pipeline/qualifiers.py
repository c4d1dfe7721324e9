"""Mention qualifiers (``qualifiers.yaml``): a target match counts as a mention of its fact only when
its context says so ("fall precautions" is not trauma; a requested CT is not a prior CT)."""

import datetime as dt
import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, model_validator
from spacy.language import Language
from spacy.tokens import Doc, Span

from prescreen._regex import cannot_match
from prescreen.contract import Assertion
from prescreen.extractors.resources import Regex, load_rules
from prescreen.extractors.values import ISO_DATE, NUMERIC_DATE, to_date
from prescreen.pipeline._extensions import doc_text, sentence_chars


class Qualifier(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    require: Regex | None = None
    exclude: Regex | None = None
    exclude_mention: Regex | None = Field(default=None, description="drop the match when its own text matches")
    exclude_after: Regex | None = Field(
        default=None,
        description="drop the match when the text right after it (window characters, in its sentence) matches",
    )
    exclude_before: Regex | None = Field(
        default=None,
        description="drop the match when its line, up to the match, matches (a letterhead's or a fax "
        "sheet's 'From:', 'cc:', 'Department of')",
    )
    only_mention: Regex | None = Field(
        default=None, description="apply this qualifier only to matches whose text matches"
    )
    relabel_to: str | None = Field(default=None, description="with `when`: the fact the match is a mention of instead")
    assert_as: Assertion | None = Field(
        default=None,
        description="with `when`: the assertion the match takes before ConText (as an exam template's "
        "does; ConText's family, hypothetical or uncertain still win)",
    )
    when: Regex | None = Field(default=None, description="context pattern that triggers relabel_to or assert_as")
    when_before: bool = Field(
        default=False,
        description="with `when`: search only the text before the match (in its sentence, within window "
        "if given): the operation a diagnosis was the reason for ('s/p L4-5 TLIF 3/2025 for ... with R L5 "
        "radiculopathy')",
    )
    when_after_note: bool = Field(
        default=False,
        description="relabel_to or assert_as only when the context dates something after the note (a "
        "full date: 12/09/2025, 12/9/25, 2025-12-09), and `when`, if given, matches too",
    )
    unless_in_note: Regex | None = Field(
        default=None,
        description="with relabel_to or assert_as: not when the note's text matches this anywhere (a reason "
        "the note gives in another sentence: a device named apart from 'MRI cannot be done')",
    )
    window: int = Field(default=0, ge=0, description="characters around the match; 0 = the whole sentence")
    exclude_in_note: Regex | None = Field(
        default=None,
        description="drop the match when the note's text matches this anywhere (with title_lines: a "
        "report whose body says the exam it is titled by produced no images)",
    )
    title_lines: int = Field(
        default=0,
        ge=0,
        description="apply only to matches on the note's first lines (this many non-blank lines: a "
        "report's title); 0 = anywhere",
    )
    title_unless: Regex | None = Field(
        default=None,
        description="with title_lines: not when the match's line matches this (a line that reports an "
        "earlier study: 'Her 2023 MRI showed ...')",
    )
    under_header: Regex | None = Field(
        default=None,
        description="apply only to matches under a header line (a line of its own ending with a colon, "
        "within the lines above the match) whose text matches",
    )

    @model_validator(mode="after")
    def _title_unless_needs_title_lines(self) -> "Qualifier":
        if self.title_unless is not None and not self.title_lines:
            raise ValueError(f"qualifier for {self.fact}: title_unless goes with title_lines")
        return self

    @model_validator(mode="after")
    def _when_before_needs_when(self) -> "Qualifier":
        if self.when_before and self.when is None:
            raise ValueError(f"qualifier for {self.fact}: when_before goes with when")
        return self

    @model_validator(mode="after")
    def _relabel_needs_when(self) -> "Qualifier":
        if (self.relabel_to is None and self.assert_as is None) != (self.when is None and not self.when_after_note):
            raise ValueError(
                f"qualifier for {self.fact}: `when` or `when_after_note` goes with relabel_to or assert_as"
            )
        if self.relabel_to is not None and self.assert_as is not None:
            raise ValueError(f"qualifier for {self.fact}: relabel_to and assert_as are separate qualifiers")
        return self


class Qualifiers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    qualifiers: list[Qualifier]


@lru_cache(maxsize=8)
def load_qualifiers(name: str = "default") -> Qualifiers:
    return load_rules(name, "qualifiers.yaml", Qualifiers)


#: a header line of its own ("PLAN:", "Recommendations:"), and how far up one is looked for
#: a header line of its own: words and a colon ("Plan:"), or words in capitals with no colon ("PLAN",
#: "ASSESSMENT AND PLAN")
_HEADER_LINE = re.compile(r"(?m)^[ \t]*(?:([A-Za-z][A-Za-z /&-]{0,40}):|([A-Z][A-Z /&-]{0,40}[A-Z]))[ \t]*$")
HEADER_REACH = 600


def header_above(text: str, start: int) -> str:
    """The nearest header line of its own above ``start`` (within ``HEADER_REACH`` characters, none
    past a blank line that a new paragraph would start), or ''."""
    lo = max(0, start - HEADER_REACH)
    line_start = text.rfind("\n", 0, start) + 1
    headers = list(_HEADER_LINE.finditer(text, lo, line_start))
    if not headers:
        return ""
    last = headers[-1]
    return "" if "\n\n" in text[last.end() : line_start] else (last.group(1) or last.group(2))


def in_title(text: str, start: int, lines: int) -> bool:
    """Whether ``start`` lies on one of the text's first ``lines`` non-blank lines (read line by line
    from the top, no further than the title's lines)."""
    at = seen = 0
    while seen < lines:
        end = text.find("\n", at)
        if end < 0 or end >= start:
            return True
        seen += bool(text[at:end].strip())
        at = end + 1
    return False


def line_of(text: str, start: int) -> str:
    """The line ``start`` lies on."""
    end = text.find("\n", start)
    return text[text.rfind("\n", 0, start) + 1 : len(text) if end < 0 else end]


def line_before(text: str, start: int) -> str:
    """The line ``start`` lies on, up to ``start``."""
    return text[text.rfind("\n", 0, start) + 1 : start]


def dated_after(context: str, note_date: dt.date) -> bool:
    """Whether the context gives a full date (a day, a month and a year: "12/09/2025", "12/9/25",
    "2025-12-09") after the note's."""
    full = [m for m in NUMERIC_DATE.finditer(context) if m["d"]] + list(ISO_DATE.finditer(context))
    return any((day := to_date(m.group(0), note_date)) is not None and day > note_date for m in full)


class MentionQualifier:
    """Drops target matches whose context excludes them, or lacks what they require."""

    def __init__(self, rules: Qualifiers) -> None:
        self.rules: dict[str, list[Qualifier]] = {}
        # compiled when the pipeline is built (a pattern compiled on first use, or split into its
        # alternatives, cost more on a first pass and at start-up than it saved: benchmarks/README.md)
        self.compiled: dict[str, re.Pattern[str]] = {}
        for q in rules.qualifiers:
            self.rules.setdefault(q.fact, []).append(q)
            for pattern in (
                q.require,
                q.exclude,
                q.exclude_mention,
                q.exclude_after,
                q.exclude_before,
                q.only_mention,
                q.when,
                q.under_header,
                q.unless_in_note,
                q.exclude_in_note,
                q.title_unless,
            ):
                if pattern and pattern not in self.compiled:
                    self.compiled[pattern] = re.compile(pattern)

    def _search(self, pattern: str | None, text: str, within: str | None = None) -> bool:
        """Whether the pattern occurs in ``text``; ``within``: a text that holds it (the sentence
        of a window), whose literal gate (prescreen._regex, cached per sentence) proves most
        patterns absent without running them."""
        if pattern is None:
            return False
        regex = self.compiled[pattern]
        if within is not None and cannot_match(regex, within):
            return False
        return regex.search(text) is not None

    def decide(self, ent: Span) -> tuple[str | None, Assertion | None]:
        """The fact this match is a mention of (its own, another, or None to drop it), and the
        assertion a qualifier presets for it (or None)."""
        text = doc_text(ent.doc)
        mention = text[ent.start_char : ent.end_char]
        sent: tuple[int, int] | None = None
        sentence: str | None = None
        preset: Assertion | None = None
        for q in self.rules.get(ent.label_, ()):
            if q.only_mention is not None and not self._search(q.only_mention, mention):
                continue
            if q.under_header is not None and not self._search(q.under_header, header_above(text, ent.start_char)):
                continue
            if q.title_lines and (
                not in_title(text, ent.start_char, q.title_lines)
                or self._search(q.title_unless, line_of(text, ent.start_char))
            ):
                continue
            if self._search(q.exclude_in_note, text):
                return None, None
            if sent is None:
                sent = sentence_chars(ent)
            lo, hi = (
                sent
                if q.window == 0
                else (max(sent[0], ent.start_char - q.window), min(sent[1], ent.end_char + q.window))
            )
            context = text[lo:hi]
            if sentence is None:
                sentence = text[sent[0] : sent[1]]
            if self._search(q.exclude_mention, mention) or self._search(q.exclude, context, sentence):
                return None, None
            if q.exclude_after is not None and self._search(q.exclude_after, text[ent.end_char : hi], sentence):
                return None, None
            if q.exclude_before is not None and self._search(q.exclude_before, line_before(text, ent.start_char)):
                return None, None
            if q.require is not None and not self._search(q.require, context, sentence):
                return None, None
            triggered = (q.when is not None or q.when_after_note) and (
                q.when is None
                or self._search(q.when, text[lo : ent.start_char] if q.when_before else context, sentence)
            )
            if triggered and q.when_after_note:
                note_date = ent.doc._.note_date
                triggered = isinstance(note_date, dt.date) and dated_after(context, note_date)
            if triggered and q.unless_in_note is not None:
                triggered = not self._search(q.unless_in_note, text)
            if triggered:
                if q.relabel_to is not None:
                    return q.relabel_to, preset
                preset = q.assert_as
        return ent.label_, preset

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)  # Doc.ents rebuilds its spans on every read
        if not any(ent.label_ in self.rules for ent in ents):
            return doc
        kept = []
        changed = False
        for ent in ents:
            fact, assert_as = self.decide(ent) if ent.label_ in self.rules else (ent.label_, None)
            if fact is None:
                changed = True
                continue
            if fact != ent.label_:
                preset, also = ent._.preset, ent._.also
                ent = Span(doc, ent.start, ent.end, label=fact)
                ent._.preset, ent._.also, ent._.fact = preset, also, fact
                changed = True
            if assert_as is not None:
                ent._.preset, ent._.preset_by = assert_as, "qualifier"
            kept.append(ent)
        if changed:
            doc.set_ents(kept, default="outside")  # what `doc.ents = ...` does, without rebuilding every span
        return doc


@Language.factory(
    "prescreen_qualifiers", assigns=["doc.ents"], requires=["doc.ents"], default_config={"rules": "default"}
)
def make_qualifiers(nlp: Language, name: str, rules: str) -> MentionQualifier:
    return MentionQualifier(load_qualifiers(rules))


__all__ = ["MentionQualifier", "Qualifier", "Qualifiers", "load_qualifiers"]
