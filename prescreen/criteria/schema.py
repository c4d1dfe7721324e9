"""The policy file schema: versioned policies as data, criterion trees over catalogue facts.

A criterion node is exactly one of:

- ``all: [...]`` / ``any: [...]`` / ``not: node`` / ``at_least: n`` with ``of: [...]``
- ``fact: id`` with accepted ``status`` values and ``where`` predicates on the fact's values
- ``course: {...}``: a conservative-treatment course computed from therapy facts
- ``region: [...]``: the body region of the requested CPT code
- ``contrast: [...]``: the contrast of the requested CPT code (without, with, without_and_with)
- ``use: name``: a reusable definition of the policy

Every node may carry ``text`` (the policy wording it encodes), ``ref`` (where in the policy),
``document`` (one plain sentence saying what to document when it is missing) and ``reading`` (how
an unclear passage was read). Unknown keys are errors.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from prescreen.contract import FactStatus, Region

Outcome = Literal["failed", "worsened", "improved", "ongoing", "unable", "noncompliant"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _Meta(_Strict):
    text: str | None = None
    ref: str | None = None
    document: str | None = None
    reading: str | None = None


class Predicate(_Strict):
    """A test on one value of a fact. Every operator given must hold."""

    value: str
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    eq: str | float | bool | None = None
    in_: list[str | float | bool] | None = Field(default=None, alias="in")
    not_in: list[str | float | bool] | None = None
    within_months: float | None = Field(
        default=None, description="the date value lies within N months before the request date"
    )
    older_than_months: float | None = Field(
        default=None, description="the date value lies more than N months before the request date"
    )
    same_region: bool | None = Field(
        default=None, description="the region value equals the requested CPT code's region"
    )

    @model_validator(mode="after")
    def _has_operator(self) -> Predicate:
        ops = self.model_dump(exclude={"value"}, exclude_none=True)
        if not ops:
            raise ValueError(f"predicate on '{self.value}' has no operator")
        return self


class FactNode(_Meta):
    fact: str
    status: list[FactStatus] = Field(default_factory=lambda: list[FactStatus](["present"]))
    where: list[Predicate] = Field(default_factory=list)
    if_undocumented: Literal["unknown", "false", "true"] = Field(
        default="unknown",
        description=(
            "the value when the notes do not mention the fact: unknown (the default, open world), or "
            "false for an exclusion that applies only when documented, e.g. `not: {fact: "
            "peripheral_neuropathy, if_undocumented: 'false'}` for 'not related to peripheral neuropathy'"
        ),
    )


class AllNode(_Meta):
    all: list[Node] = Field(min_length=1)


class AnyNode(_Meta):
    any: list[Node] = Field(min_length=1)


class NotNode(_Meta):
    not_: Node = Field(alias="not")


class AtLeastNode(_Meta):
    at_least: int = Field(ge=1)
    of: list[Node] = Field(min_length=1)

    @model_validator(mode="after")
    def _n_fits(self) -> AtLeastNode:
        if self.at_least > len(self.of):
            raise ValueError(f"at_least {self.at_least} exceeds its {len(self.of)} children")
        return self


class UseNode(_Meta):
    use: str


class RegionNode(_Meta):
    region: list[Region] = Field(min_length=1)


class ContrastNode(_Meta):
    """The requested CPT code's contrast: without, with, without_and_with (a CT myelogram is "with")."""

    contrast: list[Literal["without", "with", "without_and_with"]] = Field(min_length=1)


class CourseGroup(_Strict):
    """One required component of a treatment course: any of its facts satisfies it."""

    name: str
    facts: list[str] = Field(min_length=1)
    waived_by: list[str] = Field(default_factory=list, description="facts that make the component unnecessary")
    document: str


class CourseSpec(_Strict):
    """A conservative-treatment course: components, minimum length, window, failure."""

    groups: list[CourseGroup] = Field(min_length=1)
    min_weeks: float = Field(gt=0)
    window_months: float = Field(gt=0)
    failure_outcomes: list[Outcome] = Field(min_length=1)
    requirements: dict[str, list[Predicate]] = Field(
        default_factory=dict,
        description="per-fact value requirements (e.g. HEP needs written instructions)",
    )
    unable_fact: str | None = Field(
        default=None, description="a fact that satisfies the course on its own (unable to take part)"
    )
    if_not_done: Literal["unknown", "false"] = Field(
        default="unknown",
        description=(
            "the value of a component whose therapy the notes deny or place only in the past: unknown "
            "(the default: a course not yet tried is documentation the provider can still complete, "
            "as a course too short or outside the window is), or false for a policy that treats "
            "untried conservative care as not meeting the criterion"
        ),
    )


class CourseNode(_Meta):
    course: CourseSpec


def _node_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        for kind, cls in _KINDS.items():
            if isinstance(value, cls):
                return kind
        return None
    if not isinstance(value, dict):
        return None
    for kind in ("all", "any", "not", "at_least", "fact", "use", "region", "contrast", "course"):
        if kind in value:
            return kind
    return None


Node = Annotated[
    Annotated[AllNode, Tag("all")]
    | Annotated[AnyNode, Tag("any")]
    | Annotated[NotNode, Tag("not")]
    | Annotated[AtLeastNode, Tag("at_least")]
    | Annotated[FactNode, Tag("fact")]
    | Annotated[UseNode, Tag("use")]
    | Annotated[RegionNode, Tag("region")]
    | Annotated[ContrastNode, Tag("contrast")]
    | Annotated[CourseNode, Tag("course")],
    Discriminator(
        _node_kind,
        custom_error_type="node_kind",
        custom_error_message="a criterion needs one of all, any, not, at_least, fact, use, region, contrast, course",
    ),
]
_KINDS: dict[str, type[BaseModel]] = {
    "all": AllNode,
    "any": AnyNode,
    "not": NotNode,
    "at_least": AtLeastNode,
    "fact": FactNode,
    "use": UseNode,
    "region": RegionNode,
    "contrast": ContrastNode,
    "course": CourseNode,
}
for _cls in (AllNode, AnyNode, NotNode, AtLeastNode):
    _cls.model_rebuild()


class Indication(_Strict):
    """A top-level indication or non-indication: an id, a title and its criterion tree."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    ref: str | None = None
    reading: str | None = None
    entry: Node | None = Field(
        default=None,
        description=(
            "the finding that puts the indication in play (e.g. suspected amyloid for the amyloid "
            "indication). While it is not documented, the indication is reported as not applicable: "
            "a reviewer does not ask for documentation toward an indication nothing in the notes points to."
        ),
    )
    when: Node


class GeneralRequirement(_Strict):
    """A policy-wide requirement reported beside the indications (e.g. repeat imaging)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    text: str
    ref: str | None = None
    flag_when: Node
    message: str
    effect: Literal["flag", "does_not_meet"] = "flag"


class Policy(_Strict):
    """A payer policy, versioned. A released version is never edited in place."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    payer: str
    title: str
    version: str
    effective_date: dt.date
    source: str
    cpt_codes: list[str] = Field(min_length=1)
    definitions: dict[str, Node] = Field(default_factory=dict)
    indications: list[Indication] = Field(min_length=1)
    non_indications: list[Indication] = Field(default_factory=list)
    general_requirements: list[GeneralRequirement] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


__all__ = [
    "AllNode",
    "AnyNode",
    "AtLeastNode",
    "ContrastNode",
    "CourseGroup",
    "CourseNode",
    "CourseSpec",
    "FactNode",
    "GeneralRequirement",
    "Indication",
    "Node",
    "NotNode",
    "Policy",
    "Predicate",
    "RegionNode",
    "UseNode",
]
