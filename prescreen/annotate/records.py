"""The plain records batch annotation passes between processes, journals and writers.

A *unit* is what one input item yields: one note, or one request with its notes. Workers return
units as plain dicts (``UnitRecord.model_dump(mode="json")``), never spaCy Docs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from prescreen.contract import Assertion, Fact, FactStatus
from prescreen.errors import PrescreenError
from prescreen.extractors.mentions import Mention


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorRecord(_Record):
    """A coded error (``[P003] note 'x' is empty``): never note text."""

    code: str
    message: str

    @classmethod
    def of(cls, exc: PrescreenError) -> ErrorRecord:
        """The record of a coded error."""
        return cls(code=exc.code, message=exc.message)


class MentionRecord(_Record):
    """One mention in one note: exact offsets, so ``text == note_text[start:end]``."""

    fact: str
    start: int
    end: int
    text: str
    section: str | None = None
    assertion: Assertion = "present"
    values: dict[str, Any] = Field(default_factory=dict)
    sentence: tuple[int, int] | None = None
    cues: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, mention: Mention) -> MentionRecord:
        """The record of a pipeline mention."""
        ev = mention.evidence
        return cls(
            fact=mention.fact,
            start=ev.start,
            end=ev.end,
            text=ev.text,
            section=ev.section,
            assertion=ev.assertion,
            values=ev.values,
            sentence=ev.sentence,
            cues=ev.cues,
        )


class EvidenceRef(_Record):
    """Where a fact's evidence lies: a note and a character span."""

    note: str
    start: int
    end: int


class FactRecord(_Record):
    """A fact aggregated over a unit's mentions (facts.yaml precedence), with its evidence spans."""

    id: str
    group: str | None = None
    status: FactStatus
    values: dict[str, Any] = Field(default_factory=dict)
    evidence: list[EvidenceRef] = Field(default_factory=list)

    @classmethod
    def of(cls, fact: Fact) -> FactRecord:
        """The record of an aggregated fact."""
        return cls(
            id=fact.id,
            group=fact.group,
            status=fact.status,
            values=fact.values,
            evidence=[EvidenceRef(note=e.note, start=e.start, end=e.end) for e in fact.evidence],
        )


class NoteRecord(_Record):
    """One note's result: its mentions, or the error that stopped it."""

    id: str
    date: dt.date | None = None
    text: str | None = None
    mentions: list[MentionRecord] = Field(default_factory=list)
    sections: list[tuple[int, int, str]] = Field(default_factory=list)
    error: ErrorRecord | None = None


class UnitRecord(_Record):
    """One input item's result: a note or a request, with unit-level facts, or an error."""

    key: str
    kind: Literal["note", "request"]
    source: str | None = None
    request: dict[str, Any] | None = None
    notes: list[NoteRecord] = Field(default_factory=list)
    facts: list[FactRecord] = Field(default_factory=list)
    error: ErrorRecord | None = None
    version: str | None = None

    @property
    def ok(self) -> bool:
        """No error at the unit level nor in any note."""
        return self.error is None and all(n.error is None for n in self.notes)

    @property
    def note_count(self) -> int:
        """How many notes this unit stands for (a unit that failed before its notes counts as one)."""
        return max(1, len(self.notes))

    @property
    def failed_count(self) -> int:
        """How many of its notes failed."""
        if self.error is not None:
            return self.note_count
        return sum(1 for n in self.notes if n.error is not None)

    @property
    def request_id(self) -> str | None:
        """The request id, for request units."""
        return str(self.request["request_id"]) if self.request else None

    @property
    def label(self) -> str:
        """The id to show for the unit: the request id, the note id, or the key."""
        if self.request_id:
            return self.request_id
        if self.notes:
            return self.notes[0].id
        return self.key.split(":", 1)[-1]


class AnnotatedNote(_Record):
    """A note with human-corrected mentions, read back from an annotation tool's export."""

    id: str
    date: dt.date | None = None
    text: str
    mentions: list[MentionRecord] = Field(default_factory=list)


class AnnotatedRequest(_Record):
    """A request (its fields, as in request.json) with its annotated notes, in order."""

    request: dict[str, Any]
    notes: list[AnnotatedNote]

    @property
    def request_id(self) -> str:
        """The request id."""
        return str(self.request["request_id"])


__all__ = [
    "AnnotatedNote",
    "AnnotatedRequest",
    "ErrorRecord",
    "EvidenceRef",
    "FactRecord",
    "MentionRecord",
    "NoteRecord",
    "UnitRecord",
]
