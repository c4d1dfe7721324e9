"""The request/result contract (shared/spec/contract.md) as pydantic models.

Everything the CLI prints, the web API returns and the batch writers store is produced from these
models, so the JSON shape is defined in exactly one place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FactStatus = Literal["present", "suspected", "historical", "absent"]
Assertion = Literal["present", "absent", "historical", "hypothetical", "family", "uncertain"]
Determination = Literal["meets_criteria", "does_not_meet", "needs_documentation"]
TriState = Literal["true", "false", "unknown"]
Region = Literal["cervical", "thoracic", "lumbar", "unspecified"]

#: How a mention's assertion maps to the document-level status it supports (None: never a status).
ASSERTION_STATUS: dict[str, FactStatus | None] = {
    "present": "present",
    "uncertain": "suspected",
    "historical": "historical",
    "absent": "absent",
    "hypothetical": None,
    "family": None,
}
#: facts.yaml: "the document status is the first that applies of: present, suspected, historical, absent".
STATUS_PRECEDENCE: tuple[FactStatus, ...] = ("present", "suspected", "historical", "absent")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Patient(_Model):
    """Structured patient data given with the request."""

    age: int | None = Field(default=None, ge=0, le=130)
    sex: Literal["F", "M", "X", "U"] | None = None


class Note(_Model):
    """One clinical note: its id, date and text."""

    id: str = Field(min_length=1, max_length=200)
    date: dt.date | None = None
    text: str


class GivenFact(_Model):
    """A fact already known as structured data (EHR, form, reviewer)."""

    id: str
    status: FactStatus = "present"
    values: dict[str, Any] = Field(default_factory=dict)


class Request(_Model):
    """One prior-authorization request: notes and/or facts about one patient, and a CPT code."""

    request_id: str = "request"
    cpt: str = Field(min_length=1)
    request_date: dt.date | None = None
    patient: Patient = Field(default_factory=Patient)
    ordering_specialty: str | None = None
    notes: list[Note] = Field(default_factory=list)
    facts: list[GivenFact] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_note_ids(self) -> Request:
        ids = [n.id for n in self.notes]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate note ids: {', '.join(dupes)}")
        return self

    def effective_date(self, today: dt.date | None = None) -> dt.date:
        """The request date: given, else the newest note date, else today."""
        if self.request_date is not None:
            return self.request_date
        dates = [n.date for n in self.notes if n.date is not None]
        return max(dates) if dates else (today or dt.date.today())


class Evidence(_Model):
    """One mention of a fact: exact offsets into its note, so note.text[start:end] == text."""

    note: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    section: str | None = None
    assertion: Assertion
    values: dict[str, Any] = Field(default_factory=dict)
    sentence: tuple[int, int] | None = None
    cues: list[str] = Field(default_factory=list)


class Fact(_Model):
    """A document-level fact for the request, with every mention as evidence."""

    id: str
    group: str | None = None
    status: FactStatus
    values: dict[str, Any] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    source: Literal["notes", "structured"] = "notes"


class CriterionResult(_Model):
    """A criterion of an indication, with the facts that satisfy it or would satisfy it."""

    criterion: str
    facts: list[str] = Field(default_factory=list)
    document: str | None = None
    ref: str | None = None


class IndicationResult(_Model):
    """One indication (or non-indication) evaluated in three-valued logic."""

    id: str
    title: str
    status: TriState
    satisfied: list[CriterionResult] = Field(default_factory=list)
    missing: list[CriterionResult] = Field(default_factory=list)
    failed: list[CriterionResult] = Field(default_factory=list)
    ref: str | None = None
    applicable: bool = True


class RequirementResult(_Model):
    """A general requirement of the policy (repeat imaging, body part mismatch...)."""

    id: str
    title: str
    status: TriState
    message: str
    facts: list[str] = Field(default_factory=list)


class PolicyResult(_Model):
    """A policy's determination for the request."""

    policy: str
    version: str
    title: str | None = None
    determination: Determination
    non_indications: list[IndicationResult] = Field(default_factory=list)
    indications: list[IndicationResult] = Field(default_factory=list)
    general_requirements: list[RequirementResult] = Field(default_factory=list)


class Result(_Model):
    """The whole result for one request."""

    request_id: str
    cpt: str
    region: Region
    contrast: str | None = None
    request_date: dt.date
    patient_age: int | None = None
    facts: list[Fact] = Field(default_factory=list)
    policies: list[PolicyResult] = Field(default_factory=list)
    prescreen_version: str | None = None


__all__ = [
    "ASSERTION_STATUS",
    "STATUS_PRECEDENCE",
    "Assertion",
    "CriterionResult",
    "Determination",
    "Evidence",
    "Fact",
    "FactStatus",
    "GivenFact",
    "IndicationResult",
    "Note",
    "Patient",
    "PolicyResult",
    "Region",
    "Request",
    "RequirementResult",
    "Result",
    "TriState",
]
