"""Kleene three-valued evaluation of a policy against document-level facts.

Undocumented facts make a criterion ``unknown``; denied (or documented but disqualifying) facts make
it ``false``. The result names, for every indication, what is satisfied and by which facts, what is
missing with the facts that would satisfy it, and what is documented as not met.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from prescreen.contract import (
    CriterionResult,
    Fact,
    IndicationResult,
    PolicyResult,
    Region,
    RequirementResult,
)
from prescreen.criteria.schema import (
    AllNode,
    AnyNode,
    AtLeastNode,
    ContrastNode,
    CourseNode,
    CourseSpec,
    FactNode,
    Indication,
    Node,
    NotNode,
    Policy,
    Predicate,
    RegionNode,
    UseNode,
)

DAYS_PER_MONTH = 30.4375


class Tri(enum.Enum):
    """Kleene's strong three-valued logic."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    def __and__(self, other: Tri) -> Tri:
        if Tri.FALSE in (self, other):
            return Tri.FALSE
        if Tri.UNKNOWN in (self, other):
            return Tri.UNKNOWN
        return Tri.TRUE

    def __or__(self, other: Tri) -> Tri:
        if Tri.TRUE in (self, other):
            return Tri.TRUE
        if Tri.UNKNOWN in (self, other):
            return Tri.UNKNOWN
        return Tri.FALSE

    def __invert__(self) -> Tri:
        return {Tri.TRUE: Tri.FALSE, Tri.FALSE: Tri.TRUE, Tri.UNKNOWN: Tri.UNKNOWN}[self]

    @staticmethod
    def all(values: Iterable[Tri]) -> Tri:
        out = Tri.TRUE
        for v in values:
            out = out & v
        return out

    @staticmethod
    def any(values: Iterable[Tri]) -> Tri:
        out = Tri.FALSE
        for v in values:
            out = out | v
        return out


@dataclass(frozen=True)
class Context:
    """What a criterion is evaluated against: the request's facts, date and region."""

    facts: Mapping[str, Fact]
    request_date: dt.date
    region: Region
    contrast: str | None = None


@dataclass
class Trace:
    """The evaluated tree: each node's value, label, and the facts it looked at."""

    value: Tri
    kind: str
    label: str
    facts: list[str] = field(default_factory=list)
    document: str | None = None
    ref: str | None = None
    children: list[Trace] = field(default_factory=list)


# ---------------------------------------------------------------- value helpers


def parse_date(value: Any) -> dt.date | None:
    """An ISO date (or a bare year / year-month, taken at its end) from a fact value."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.split("-")
    try:
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        if len(parts) == 1 and len(text) == 4:
            return dt.date(int(text), 12, 31)
    except ValueError:
        return None
    return None


def months_before(date: dt.date, ref: dt.date) -> float:
    return (ref - date).days / DAYS_PER_MONTH


def _num(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _norm(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def eval_predicate(pred: Predicate, values: Mapping[str, Any], ctx: Context) -> Tri:
    """Evaluate one predicate; a value the text does not give is unknown."""
    if pred.value not in values or values[pred.value] is None:
        return Tri.UNKNOWN
    raw = values[pred.value]
    checks: list[bool] = []
    number = _num(raw)
    for op, bound in (("ge", pred.ge), ("gt", pred.gt), ("le", pred.le), ("lt", pred.lt)):
        if bound is None:
            continue
        if number is None:
            return Tri.UNKNOWN
        checks.append({"ge": number >= bound, "gt": number > bound, "le": number <= bound, "lt": number < bound}[op])
    if pred.eq is not None:
        checks.append(_norm(raw) == _norm(pred.eq))
    if pred.in_ is not None:
        checks.append(_norm(raw) in {_norm(v) for v in pred.in_})
    if pred.not_in is not None:
        checks.append(_norm(raw) not in {_norm(v) for v in pred.not_in})
    if pred.within_months is not None or pred.older_than_months is not None:
        date = parse_date(raw)
        if date is None:
            return Tri.UNKNOWN
        age = months_before(date, ctx.request_date)
        if pred.within_months is not None:
            checks.append(-0.5 <= age <= pred.within_months)
        if pred.older_than_months is not None:
            checks.append(age > pred.older_than_months)
    if pred.same_region is not None:
        if ctx.region == "unspecified":
            return Tri.UNKNOWN
        checks.append((_norm(raw) == ctx.region) == pred.same_region)
    return Tri.TRUE if all(checks) else Tri.FALSE


def _pred_label(pred: Predicate) -> str:
    ops = pred.model_dump(exclude={"value"}, exclude_none=True, by_alias=True)
    return ", ".join(f"{pred.value} {op} {val}" for op, val in ops.items())


# ---------------------------------------------------------------- leaves


def eval_fact(node: FactNode, ctx: Context) -> Trace:
    """A fact leaf: accepted status and predicates -> true; denied or disqualified -> false."""
    label = node.text or _fact_label(node)
    trace = Trace(Tri.UNKNOWN, "fact", label, [node.fact], node.document, node.ref)
    fact = ctx.facts.get(node.fact)
    if fact is None:
        trace.value = Tri(node.if_undocumented)
        return trace
    if fact.status not in node.status:
        # A suspected finding where a definite one is needed still needs documentation.
        trace.value = Tri.UNKNOWN if fact.status == "suspected" else Tri.FALSE
        return trace
    trace.value = Tri.all(eval_predicate(p, fact.values, ctx) for p in node.where)
    return trace


def _fact_label(node: FactNode) -> str:
    label = node.fact.replace("_", " ")
    if node.status != ["present"]:
        label += f" ({' or '.join(node.status)})"
    if node.where:
        label += " where " + "; ".join(_pred_label(p) for p in node.where)
    return label


def course_weeks(fact: Fact, request_date: dt.date) -> float | None:
    """A therapy course's length in weeks: stated, or from its dates (ongoing up to the request)."""
    weeks = _num(fact.values.get("duration_weeks"))
    if weeks is not None:
        return weeks
    start = parse_date(fact.values.get("start_date"))
    if start is None:
        return None
    end = parse_date(fact.values.get("end_date")) or request_date
    return max(0.0, (end - start).days / 7)


def course_end(fact: Fact, request_date: dt.date) -> dt.date | None:
    """The last documented date of a course (None: undated, taken as the current episode)."""
    for key in ("end_date", "date"):
        date = parse_date(fact.values.get(key))
        if date is not None:
            return date
    start = parse_date(fact.values.get("start_date"))
    weeks = _num(fact.values.get("duration_weeks"))
    if start is not None and weeks is not None:
        return start + dt.timedelta(weeks=weeks)
    return None


def _therapy_value(fact_id: str, spec: CourseSpec, ctx: Context) -> Tri:
    """Whether one therapy fact is a qualifying, failed course component inside the window."""
    fact = ctx.facts.get(fact_id)
    if fact is None or fact.status == "suspected":
        return Tri.UNKNOWN
    if fact.status != "present":
        # Denied, or only in the past and not current: a course still to be tried, which the
        # reviewer asks for (unknown) unless the policy says untried care fails the criterion.
        return Tri.FALSE if spec.if_not_done == "false" else Tri.UNKNOWN
    end = course_end(fact, ctx.request_date)
    if end is not None and months_before(end, ctx.request_date) > spec.window_months:
        # A course outside the window does not count, but a reviewer asks for a current one
        # rather than declaring the criterion failed.
        return Tri.UNKNOWN
    outcome = fact.values.get("outcome")
    if outcome == "improved":
        # A full-length course that helped is documented as not failed; a shorter one that helps so
        # far has not yet shown its outcome, and the reviewer asks for the rest of the course.
        weeks = course_weeks(fact, ctx.request_date)
        return Tri.FALSE if weeks is not None and weeks >= spec.min_weeks else Tri.UNKNOWN
    value = Tri.UNKNOWN if outcome in (None, "ongoing") else Tri.TRUE
    if outcome is not None and outcome not in ("ongoing", *spec.failure_outcomes):
        value = Tri.UNKNOWN  # stopped without a medical reason: document a completed course
    for pred in spec.requirements.get(fact_id, []):
        value = value & eval_predicate(pred, fact.values, ctx)
    return value


def eval_course(node: CourseNode, ctx: Context) -> Trace:
    """A conservative-treatment course: every component, long enough, failed, in the window."""
    spec = node.course
    label = node.text or f"at least {spec.min_weeks:g} weeks of failed conservative treatment"
    all_facts = [f for g in spec.groups for f in g.facts]
    trace = Trace(Tri.UNKNOWN, "course", label, list(all_facts), node.document, node.ref)
    if spec.unable_fact and (u := ctx.facts.get(spec.unable_fact)) and u.status == "present":
        trace.value = Tri.TRUE
        trace.facts = [spec.unable_fact]
        trace.children = [Trace(Tri.TRUE, "fact", "documented medical reason unable to take part", [spec.unable_fact])]
        return trace
    for group in spec.groups:
        waived = [w for w in group.waived_by if (f := ctx.facts.get(w)) and f.status == "present"]
        if waived:
            value, facts = Tri.TRUE, waived
        else:
            per_fact = {fid: _therapy_value(fid, spec, ctx) for fid in group.facts}
            value = Tri.any(per_fact.values())
            facts = [f for f, v in per_fact.items() if v is Tri.TRUE] if value is Tri.TRUE else list(group.facts)
        trace.children.append(Trace(value, "component", group.name, facts, group.document))
    # Length: the longest documented component among the facts that count (courses overlap).
    counted = [
        ctx.facts[f] for g in spec.groups for f in g.facts if f in ctx.facts and ctx.facts[f].status == "present"
    ]
    lengths = [w for w in (course_weeks(f, ctx.request_date) for f in counted) if w is not None]
    # Too short a course is documentation to complete, not a failed criterion: the reviewer asks
    # for at least min_weeks (GUIDELINES 5.10).
    length = Tri.TRUE if lengths and max(lengths) >= spec.min_weeks else Tri.UNKNOWN
    trace.children.append(
        Trace(
            length,
            "duration",
            f"treatment lasted at least {spec.min_weeks:g} weeks within the past {spec.window_months:g} months",
            [f.id for f in counted] or list(all_facts),
            f"Document the dates or duration of treatment (at least {spec.min_weeks:g} weeks "
            f"within the past {spec.window_months:g} months) and its outcome.",
        )
    )
    trace.value = Tri.all(c.value for c in trace.children)
    return trace


# ---------------------------------------------------------------- the tree


class Evaluator:
    """Evaluates one policy's criterion trees against a request's facts."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def node(self, node: Node, ctx: Context) -> Trace:
        meta = (node.text, node.document, node.ref)
        if isinstance(node, FactNode):
            return eval_fact(node, ctx)
        if isinstance(node, CourseNode):
            return eval_course(node, ctx)
        if isinstance(node, RegionNode):
            value = Tri.UNKNOWN if ctx.region == "unspecified" else Tri(str(ctx.region in node.region).lower())
            label = node.text or f"requested region is {' or '.join(node.region)}"
            return Trace(value, "region", label, [], *meta[1:])
        if isinstance(node, ContrastNode):
            value = Tri.UNKNOWN if ctx.contrast is None else Tri(str(ctx.contrast in node.contrast).lower())
            return Trace(
                value, "contrast", node.text or f"requested contrast is {' or '.join(node.contrast)}", [], *meta[1:]
            )
        if isinstance(node, UseNode):
            inner = self.node(self.policy.definitions[node.use], ctx)
            if node.text:
                inner.label = node.text
            inner.document = node.document or inner.document
            inner.ref = node.ref or inner.ref
            return inner
        if isinstance(node, NotNode):
            inner = self.node(node.not_, ctx)
            # The facts under a NOT are exclusions: documenting them never satisfies the criterion,
            # so they are not offered as "facts that would satisfy" it (the reviewer sees them via the label).
            return Trace(~inner.value, "not", node.text or f"not: {inner.label}", [], node.document, node.ref, [inner])
        if isinstance(node, AllNode):
            children = [self.node(c, ctx) for c in node.all]
            value = Tri.all(c.value for c in children)
            kind = "all"
        elif isinstance(node, AnyNode):
            children = [self.node(c, ctx) for c in node.any]
            value = Tri.any(c.value for c in children)
            kind = "any"
        elif isinstance(node, AtLeastNode):
            children = [self.node(c, ctx) for c in node.of]
            trues = sum(c.value is Tri.TRUE for c in children)
            unknowns = sum(c.value is Tri.UNKNOWN for c in children)
            value = (
                Tri.TRUE if trues >= node.at_least else Tri.UNKNOWN if trues + unknowns >= node.at_least else Tri.FALSE
            )
            kind = "at_least"
        else:  # pragma: no cover - the schema admits no other node
            raise TypeError(f"unknown criterion node {type(node).__name__}")
        facts = list(dict.fromkeys(f for c in children for f in c.facts))
        joiner = " and " if kind == "all" else " or "
        label = node.text or joiner.join(c.label for c in children)
        return Trace(value, kind, label, facts, node.document, node.ref, children)

    def indication(self, ind: Indication, ctx: Context) -> IndicationResult:
        trace = self.node(ind.when, ctx)
        applicable = ind.entry is None or self.node(ind.entry, ctx).value is Tri.TRUE
        satisfied: list[CriterionResult] = []
        missing: list[CriterionResult] = []
        failed: list[CriterionResult] = []
        _explain(trace, satisfied, missing, failed)
        return IndicationResult(
            id=ind.id,
            title=ind.title,
            status=trace.value.value,  # type: ignore[arg-type]
            satisfied=satisfied,
            missing=missing if trace.value is not Tri.FALSE else [],
            failed=failed,
            ref=ind.ref,
            applicable=applicable or trace.value is Tri.TRUE,
        )

    def evaluate(self, ctx: Context) -> PolicyResult:
        indications = [self.indication(i, ctx) for i in self.policy.indications]
        non = [self.indication(i, ctx) for i in self.policy.non_indications]
        requirements = []
        blocking = False
        for req in self.policy.general_requirements:
            trace = self.node(req.flag_when, ctx)
            requirements.append(
                RequirementResult(
                    id=req.id,
                    title=req.title,
                    status=trace.value.value,  # type: ignore[arg-type]
                    message=req.message,
                    facts=_true_facts(trace),
                )
            )
            blocking |= req.effect == "does_not_meet" and trace.value is Tri.TRUE
        applying = [n for n in non if n.status == "true"]
        if applying or blocking:
            determination = "does_not_meet"
        elif any(i.status == "true" for i in indications):
            determination = "meets_criteria"
        elif all(i.status == "false" or not i.applicable for i in indications):
            # Every indication in play is documented as not met (an indication whose entry finding
            # nothing in the notes points to is not in play).
            determination = "does_not_meet"
        else:
            determination = "needs_documentation"
        return PolicyResult(
            policy=self.policy.id,
            version=self.policy.version,
            title=self.policy.title,
            determination=determination,  # type: ignore[arg-type]
            non_indications=applying,
            indications=sorted(indications, key=_closeness),
            general_requirements=requirements,
        )


def _closeness(ind: IndicationResult) -> tuple[int, int, int, int]:
    rank = {"true": 0, "unknown": 1, "false": 2}[ind.status]
    return (rank, 0 if ind.applicable else 1, len(ind.missing), -len(ind.satisfied))


def _true_facts(trace: Trace) -> list[str]:
    if trace.value is not Tri.TRUE:
        return []
    if not trace.children:
        return list(trace.facts)
    return list(dict.fromkeys(f for c in trace.children if c.value is Tri.TRUE for f in _true_facts(c)))


def _item(trace: Trace, facts: list[str] | None = None) -> CriterionResult:
    document = trace.document or f"Document: {trace.label}."
    return CriterionResult(
        criterion=trace.label, facts=facts if facts is not None else trace.facts, document=document, ref=trace.ref
    )


def _explain(
    trace: Trace, satisfied: list[CriterionResult], missing: list[CriterionResult], failed: list[CriterionResult]
) -> None:
    """Collect satisfied leaves, missing criteria (an unknown ANY is one item) and failed ones."""
    if trace.value is Tri.TRUE:
        if trace.kind in ("all", "any", "at_least"):
            for child in trace.children:
                if child.value is Tri.TRUE:
                    _explain(child, satisfied, missing, failed)
        else:
            satisfied.append(_item(trace, _true_facts(trace) or trace.facts))
        return
    if trace.value is Tri.FALSE:
        if trace.kind == "all":
            for child in trace.children:
                if child.value is Tri.FALSE:
                    _explain(child, satisfied, missing, failed)
        else:
            failed.append(_item(trace))
        return
    # unknown
    if trace.kind in ("all", "course"):
        for child in trace.children:
            if child.value is Tri.TRUE:
                _explain(child, satisfied, missing, failed)
            elif child.value is Tri.UNKNOWN:
                if trace.kind == "course":
                    missing.append(_item(child))
                else:
                    _explain(child, satisfied, missing, failed)
        return
    unknown_facts = list(dict.fromkeys(f for c in trace.children if c.value is Tri.UNKNOWN for f in c.facts))
    missing.append(_item(trace, unknown_facts or trace.facts))


__all__ = ["Context", "Evaluator", "Trace", "Tri", "course_end", "course_weeks", "eval_predicate", "parse_date"]
