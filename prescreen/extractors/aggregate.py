"""Mentions from all of a request's notes -> document-level facts (facts.yaml precedence)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from prescreen.catalogue import load_catalogue
from prescreen.contract import ASSERTION_STATUS, STATUS_PRECEDENCE, Fact, FactStatus, GivenFact
from prescreen.errors import Errors, PrescreenError
from prescreen.extractors.mentions import Mention
from prescreen.extractors.resources import load_rules
from prescreen.models import NOT_A_MENTION, overruled_affirmation

_MAX = {"duration_weeks", "sessions", "end_date", "date"}
_MIN = {"start_date"}
_LATEST = {"result", "active", "compliance_documented"}  # outcome has its own rule below
#: how the cue of an affirmation the notes deny begins (``Contradicted``); the denials' offsets follow
CONTRADICTED = "contradicted: denied at "


class Dependency(BaseModel):
    """A fact documented for the patient only when one of ``needs_any`` has one of ``needed_status``
    (``dependencies.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    needs_any: list[str] = Field(min_length=1)
    needed_status: tuple[FactStatus, ...] = Field(default=("present",), min_length=1)


class RunsOn(BaseModel):
    """Therapies whose course, once begun, runs on to the latest note that reports it going on outside a
    plan ("HEP issued at evaluation 6/2" in a PT note; "he continues the printed PT home program" in a
    note of 10/22): the course is measured from its start to that note (``dependencies.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    facts: list[str] = Field(default_factory=list)
    #: values a plan that hands the course out gives it ("HEP issued today (printed, 4 exercises) -
    #: adherence to be reviewed"): that plan also starts the course at its note's date once a later
    #: note reports it going on
    plan_values: list[str] = Field(default_factory=list)
    #: sections whose mentions only plan the course ("Plan: continue HEP")
    not_in_sections: list[str] = Field(default_factory=list)
    #: sections whose durations are the course still to come ("Plan: continue HEP daily x 6 more
    #: weeks"), left out when a mention elsewhere times the course (``timed_outside_plans``)
    lengths_ahead_in: list[str] = Field(default_factory=list)


class CarriedOut(BaseModel):
    """Therapies a plan begins ("Acetaminophen 1 g q8h scheduled" in an ED's plan, "start naproxen
    500 mg BID") that a later note reports being taken, with no length stated anywhere: the course
    runs from the plan's note to the latest note that reports it (``dependencies.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    facts: list[str] = Field(default_factory=list)
    #: a value the plan and the report must share when both state it (the drug)
    same_value: str | None = None


class Switched(BaseModel):
    """Therapies whose course goes on through a switch from one kind to another of the same class
    ("celecoxib x 10 weeks without benefit; switched 9/15 to diclofenac, on it since"): a course that
    ends the day the next one starts is one course with it, as long as both together
    (``dependencies.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    facts: list[str] = Field(default_factory=list)
    #: the value that names the kind (the drug): the two courses must differ in it (needed with facts)
    kind: str | None = None
    #: classes of kinds that are taken one after another, not together (two NSAIDs are not given
    #: at once): only a switch inside a class continues the course
    classes: dict[str, list[str]] = Field(default_factory=dict)
    #: how many days apart one course's end and the next one's start may be (0: the same day, a switch;
    #: two courses a few days apart are as often two trials listed one after the other)
    gap_days: int = Field(default=0, ge=0)


class Contradicted(BaseModel):
    """A lone affirmation that the request's notes deny: at most ``max_present`` present mentions of a
    fact, and a denial of it in the same note or a later one ("Urinary retention" once in a history;
    "denies bowel or bladder changes", "GU: negative" in that note). The notes disagree, so the
    affirmation is asserted uncertain, a cue naming the denials' offsets: the fact is suspected and the
    reviewer sees both (``dependencies.yaml``). An affirmation in a later note than every denial is a
    new finding ("no weakness" in September, "new foot drop" in October) and stays present."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = False
    max_present: int = Field(default=1, ge=1)
    #: facts whose one mention covers one site of several (reflexes at knee and ankle): a denial at one
    #: site does not contradict an affirmation at another
    except_facts: list[str] = Field(default_factory=list)
    #: values that make an affirmation specific enough to stand against a denial ("PT x 6 weeks, no
    #: relief" beside "No PT" in a template): an affirmation carrying one stays present
    keep_values: list[str] = Field(default_factory=list)


class Overruled(BaseModel):
    """An affirmation the assertion model overrules (read as no mention, planned, past...) beside
    other mentions that keep the fact present: the model doubts the words' reading, not what they
    say of the fact, so its descriptive ``values`` (the outcome, level, side) are still merged with
    theirs. Timing values are left out: a plan's "x 6 weeks" is no course (``dependencies.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    values: list[str] = Field(default_factory=list)


class Dependencies(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    dependencies: list[Dependency] = Field(default_factory=list)
    contradicted: Contradicted = Field(default_factory=Contradicted)
    runs_on: RunsOn = Field(default_factory=RunsOn)
    carried_out: CarriedOut = Field(default_factory=CarriedOut)
    switched: Switched = Field(default_factory=Switched)
    overruled: Overruled = Field(default_factory=Overruled)


@lru_cache(maxsize=8)
def load_dependencies(name: str = "default") -> Dependencies:
    rules = load_rules(name, "dependencies.yaml", Dependencies)
    catalogue = load_catalogue()
    for i, dep in enumerate(rules.dependencies):
        for fact in (dep.fact, *dep.needs_any):
            if fact not in catalogue.facts:
                raise PrescreenError(Errors.P013, path=name, reason=f"dependencies[{i}]: unknown fact id '{fact}'")
    for fact in rules.runs_on.facts:
        if fact not in catalogue.facts or "duration_weeks" not in catalogue.facts[fact].values:
            raise PrescreenError(Errors.P013, path=name, reason=f"runs_on: '{fact}' is no fact with a duration")
        for value in rules.runs_on.plan_values:
            if value not in catalogue.facts[fact].values:
                raise PrescreenError(
                    Errors.P013, path=name, reason=f"runs_on.plan_values: '{fact}' has no value '{value}'"
                )
    for fact in rules.carried_out.facts:
        if fact not in catalogue.facts or "duration_weeks" not in catalogue.facts[fact].values:
            raise PrescreenError(Errors.P013, path=name, reason=f"carried_out: '{fact}' is no fact with a duration")
        same = rules.carried_out.same_value
        if same is not None and same not in catalogue.facts[fact].values:
            raise PrescreenError(
                Errors.P013, path=name, reason=f"carried_out.same_value: '{fact}' has no value '{same}'"
            )
    for fact in rules.switched.facts:
        known = catalogue.facts.get(fact)
        if known is None or not {"duration_weeks", "start_date", "end_date"} <= set(known.values):
            raise PrescreenError(Errors.P013, path=name, reason=f"switched: '{fact}' is no fact with a dated duration")
        kind = rules.switched.kind
        if kind is None or kind not in known.values:
            raise PrescreenError(Errors.P013, path=name, reason=f"switched.kind: '{fact}' has no value '{kind}'")
    for fact in rules.contradicted.except_facts:
        if fact not in catalogue.facts:
            raise PrescreenError(Errors.P013, path=name, reason=f"contradicted.except_facts: unknown fact id '{fact}'")
    known_values = {v for f in catalogue.facts.values() for v in f.values}
    for field, names in (
        ("contradicted.keep_values", rules.contradicted.keep_values),
        ("overruled.values", rules.overruled.values),
    ):
        for value in names:
            if value not in known_values:
                raise PrescreenError(Errors.P013, path=name, reason=f"{field}: no fact has a value '{value}'")
    return rules


def reconcile_contradicted(group: list[Mention], rules: Contradicted) -> list[Mention]:
    """The mentions of one fact, a lone affirmation the notes deny asserted uncertain (``Contradicted``).
    The mentions are copies; the caller's are left as read."""
    if not rules.enabled or not group or group[0].fact in rules.except_facts:
        return group
    present = [m for m in group if m.evidence.assertion == "present"]
    if not present or len(present) > rules.max_present:
        return group
    if any(k in m.evidence.values for m in present for k in rules.keep_values):
        return group
    first = min(m.note_index for m in present)
    denials = [m for m in group if m.evidence.assertion == "absent" and m.note_index >= first]
    if not denials:
        return group
    where = ", ".join(f"{d.evidence.note}:{d.evidence.start}-{d.evidence.end}" for d in denials)
    cue = CONTRADICTED + where
    return [_in_doubt(m, cue) if m.evidence.assertion == "present" else m for m in group]


def doubted_by_model(group: list[Mention]) -> list[Mention]:
    """The mentions of one fact, an affirmation the assertion model reads as no mention of the fact
    (its ``NOT_A_MENTION`` cue) asserted uncertain. Copies; the mentions as read keep the rules' reading."""
    return [
        _in_doubt(m)
        if m.evidence.assertion == "present" and any(c.startswith(NOT_A_MENTION) for c in m.evidence.cues)
        else m
        for m in group
    ]


def _in_doubt(m: Mention, *cues: str) -> Mention:
    """A copy of the mention asserted uncertain, with the cues added."""
    evidence = m.evidence.model_copy(update={"assertion": "uncertain", "cues": [*m.evidence.cues, *cues]})
    return m.model_copy(update={"evidence": evidence})


def document_status(assertions: Iterable[str]) -> FactStatus | None:
    """The first of present, suspected, historical, absent that any mention supports."""
    statuses = {ASSERTION_STATUS[a] for a in assertions} - {None}
    for status in STATUS_PRECEDENCE:
        if status in statuses:
            return status
    return None


def merge_values(mentions: list[Mention]) -> dict[str, Any]:
    """Merge values over mentions: longest duration, earliest start, latest end, newest outcome."""
    ordered = sorted(mentions, key=lambda m: (m.note_date or dt.date.min, m.note_index, m.evidence.start))
    merged: dict[str, Any] = {}
    durations = Counter(m.evidence.values["duration_weeks"] for m in ordered if "duration_weeks" in m.evidence.values)
    for m in ordered:
        for key, value in m.evidence.values.items():
            if key not in merged:
                merged[key] = value
            elif key in _MAX:
                merged[key] = max(merged[key], value, key=_sort_key)
            elif key in _MIN:
                merged[key] = min(merged[key], value, key=_sort_key)
            elif key == "outcome":
                # A documented result of the course (failed, improved...) outlives a later plan
                # line that only says it goes on ("continue HEP").
                # (round 49) One drug or course stopped for a medical reason does not undo the
                # failure of another the request documents ("meloxicam no relief; gabapentin
                # stopped, too sleepy": the trial failed).
                if (value != "ongoing" or merged[key] == "ongoing") and not (
                    value == "unable" and merged[key] in ("failed", "worsened")
                ):
                    merged[key] = value
            elif key in _LATEST:
                merged[key] = value
    if durations:
        # The longest course documented (GUIDELINES: merge to the longest duration).
        merged["duration_weeks"] = max(durations)
    return merged


def _course_end(m: Mention) -> dt.date | None:
    """The day a course ended: its end date, or its start date plus its length."""
    values = m.evidence.values
    end, start, weeks = values.get("end_date"), values.get("start_date"), values.get("duration_weeks")
    try:
        if isinstance(end, str) and len(end) == 10:
            return dt.date.fromisoformat(end)
        if isinstance(start, str) and len(start) == 10 and weeks is not None:
            return dt.date.fromisoformat(start) + dt.timedelta(days=round(float(weeks) * 7))
    except ValueError:
        return None
    return None


def switched_course(mentions: list[Mention], rules: Switched) -> float | None:
    """The longest chain of courses that follow one another by a switch (``Switched``): a course of
    one kind that ends within ``gap_days`` of the start of a course of another kind of the same
    class, started before it, both timed; the chain's length is the sum of theirs (None when no
    course is switched)."""
    if rules.kind is None:
        return None
    kind_of = rules.kind
    class_of = {kind: name for name, kinds in rules.classes.items() for kind in kinds}
    timed = [
        m
        for m in mentions
        if "duration_weeks" in m.evidence.values and class_of.get(str(m.evidence.values.get(kind_of))) is not None
    ]
    ends = [_course_end(m) for m in timed]
    best: dict[int, float] = {}

    def follows(j: int, i: int) -> bool:
        before, after = timed[j].evidence.values, timed[i].evidence.values
        start, end = after.get("start_date"), ends[j]
        if end is None or not isinstance(start, str) or len(start) != 10:
            return False
        kind_before, kind_after = str(before.get(kind_of)), str(after.get(kind_of))
        return (
            kind_before != kind_after
            and class_of[kind_before] == class_of[kind_after]
            and abs((dt.date.fromisoformat(start) - end).days) <= rules.gap_days
            and str(before.get("start_date", "")) < start
        )

    def length(i: int) -> float:
        # (no cycles: a course follows another only when it starts later than that one started)
        if i not in best:
            own = float(timed[i].evidence.values["duration_weeks"])
            best[i] = own + max((length(j) for j in range(len(timed)) if j != i and follows(j, i)), default=0.0)
        return best[i]

    switched = [length(i) for i in range(len(timed)) if length(i) > float(timed[i].evidence.values["duration_weeks"])]
    return round(max(switched), 1) if switched else None


def timed_outside_plans(mentions: list[Mention], plan_sections: Collection[str]) -> list[Mention]:
    """The mentions whose durations time a course: those outside a plan section when one of them
    states a duration, since a plan's length is the course still to come ("Plan: continue HEP daily x
    6 more weeks"), not the course so far ("doing the PT home program for a month"); else all."""
    outside = [m for m in mentions if m.evidence.section not in plan_sections]
    if any("duration_weeks" in m.evidence.values for m in outside):
        return [
            m for m in mentions if m.evidence.section not in plan_sections or "duration_weeks" not in m.evidence.values
        ]
    return mentions


#: outcomes that end a course ("he stopped the home exercises after about 2 weeks")
ENDED_OUTCOMES = frozenset({"noncompliant", "unable"})


def stopped_course(mentions: list[Mention]) -> float | None:
    """The duration of a course the latest note that dates it says was stopped ("admits he stopped
    the home exercises after about 2 weeks"): it neither runs on nor takes a longer course's length."""
    dated = [m for m in mentions if "duration_weeks" in m.evidence.values and m.note_date is not None]
    if not dated:
        return None
    last = max(dated, key=lambda m: (m.note_date, m.note_index, m.evidence.start))
    if last.evidence.values.get("outcome") in ENDED_OUTCOMES:
        return float(last.evidence.values["duration_weeks"])
    return None


def reported_dates(mentions: list[Mention], not_in_sections: Collection[str]) -> list[dt.date]:
    """The dates of the notes that report a course outside a plan (``not_in_sections``)."""
    return [m.note_date for m in mentions if m.note_date is not None and m.evidence.section not in not_in_sections]


def denied_dates(mentions: list[Mention]) -> set[dt.date]:
    """The dates of the notes that deny a course (an absent mention)."""
    return {m.note_date for m in mentions if m.note_date is not None and m.evidence.assertion == "absent"}


def plans_carried_out(
    group: list[Mention], reported: list[dt.date], plan_sections: Collection[str] = ()
) -> list[Mention]:
    """The plans of a course (hypothetical mentions: "HEP issued today - adherence to be reviewed",
    and mentions in a plan section: "Plan: HEP, handout given") that a later note reports going on
    (``reported``: ``reported_dates``)."""
    return [
        m
        for m in group
        if (m.evidence.assertion == "hypothetical" or m.evidence.section in plan_sections)
        and m.evidence.assertion != "absent"
        and m.note_date is not None
        and any(r > m.note_date for r in reported)
    ]


def run_on(
    mentions: list[Mention],
    merged: dict[str, Any],
    reported: list[dt.date],
    handed_out: Iterable[Mention] = (),
    denied: Collection[dt.date] = (),
) -> dict[str, Any]:
    """The course measured from its earliest start (a mention's note date less its duration, or the
    date of a note whose plan hands it out, ``plans_carried_out``) to the latest note that reports it
    outside a plan (``reported``: ``reported_dates``), when that is longer than any duration stated,
    and unless that note also denies it (``denied``: the dates of the notes with an absent mention)."""
    starts = [
        m.note_date - dt.timedelta(weeks=float(m.evidence.values["duration_weeks"]))
        for m in mentions
        if m.note_date is not None and "duration_weeks" in m.evidence.values
    ]
    starts += [m.note_date for m in handed_out if m.note_date is not None]
    if not starts or not reported:
        return merged
    latest = max(reported)
    if latest in denied:
        # the latest note that reports the course also says it is not kept up now ("did the stretch
        # sheet for about 2 weeks ... not doing any stretches at home"): it ended before that note
        return merged
    weeks = round((latest - min(starts)).days / 7, 1)
    if weeks > float(merged.get("duration_weeks", 0)):
        return {**merged, "duration_weeks": weeks}
    return merged


def plan_carried_out(
    group: list[Mention], behind: list[Mention], plan_sections: Collection[str], same_value: str | None
) -> dict[str, Any]:
    """The weeks from the earliest plan that begins a course (``plans_carried_out``) to the latest
    note that reports the same course outside a plan; ``same_value`` (the drug), when both state it,
    must agree. Empty when no later note reports a planned course."""
    best = 0.0
    for plan in plans_carried_out(group, reported_dates(behind, plan_sections), plan_sections):
        begun = plan.note_date
        if begun is None:
            continue
        same = behind
        if same_value is not None and (wanted := plan.evidence.values.get(same_value)) is not None:
            same = [m for m in behind if m.evidence.values.get(same_value) in (None, wanted)]
        reports = [d for d in reported_dates(same, plan_sections) if d > begun]
        if reports:
            best = max(best, (max(reports) - begun).days / 7)
    return {"duration_weeks": round(best, 1)} if best > 0 else {}


def with_overruled_values(
    values: dict[str, Any], behind: list[Mention], group: list[Mention], names: Collection[str]
) -> dict[str, Any]:
    """A present fact's values with the ``names`` (``Overruled.values``) merged again over the
    mentions behind its status and the affirmations the assertion model overruled."""
    over = [m for m in group if overruled_affirmation(m.evidence.cues)]
    if not over:
        return values
    merged = merge_values([*behind, *over])
    return {**values, **{k: v for k, v in merged.items() if k in names}}


def _sort_key(value: Any) -> Any:
    return (0, value) if isinstance(value, int | float) else (1, str(value))


def aggregate(mentions: Iterable[Mention], dependencies: str = "default") -> list[Fact]:
    """Group mentions by fact; status by precedence; values from the mentions behind that status. A
    fact whose dependency (``dependencies.yaml``) is not documented is left out, its mentions kept by
    the caller as evidence."""
    catalogue = load_catalogue()
    rules = load_dependencies(dependencies)
    runs_on, plans = frozenset(rules.runs_on.facts), frozenset(rules.runs_on.not_in_sections)
    ahead = frozenset(rules.runs_on.lengths_ahead_in)
    carried = frozenset(rules.carried_out.facts)
    plan_values = frozenset(rules.runs_on.plan_values)
    switched_facts = frozenset(rules.switched.facts)
    overruled_values = frozenset(rules.overruled.values)
    by_fact: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_fact[m.fact].append(m)
    facts: list[Fact] = []
    for fact_id in catalogue.facts:
        group = by_fact.get(fact_id)
        if not group:
            continue
        group = reconcile_contradicted(doubted_by_model(group), rules.contradicted)
        status = document_status(m.evidence.assertion for m in group)
        group.sort(key=lambda m: (m.note_index, m.evidence.start))
        if status is None:
            # Only hypothetical or family mentions: the fact is not documented for the patient, but
            # the reviewer still sees those mentions, so they are kept by the caller as evidence.
            continue
        behind = [m for m in group if ASSERTION_STATUS[m.evidence.assertion] == status]
        values = merge_values(behind)
        if fact_id in runs_on and status == "present":
            timed = timed_outside_plans(behind, ahead)
            if timed is not behind:
                # a plan's length left out, every other value still merged from all the mentions
                values["duration_weeks"] = merge_values(timed)["duration_weeks"]
            reported = reported_dates(behind, plans)
            handed_out = plans_carried_out(group, reported, plans)
            stopped = stopped_course(behind)
            values = (
                run_on(timed, values, reported, handed_out, denied_dates(group))
                if stopped is None
                else {**values, "duration_weeks": stopped}
            )
            given = {k: v for m in handed_out for k, v in m.evidence.values.items() if k in plan_values}
            values = {**given, **values}
        elif fact_id in carried and status == "present" and "duration_weeks" not in values:
            values = {**values, **plan_carried_out(group, behind, plans, rules.carried_out.same_value)}
        if fact_id in switched_facts and status == "present":
            chain = switched_course(behind, rules.switched)
            if chain is not None and chain > float(values.get("duration_weeks", 0)):
                values = {**values, "duration_weeks": chain}
        if status == "present" and overruled_values:
            values = with_overruled_values(values, behind, group, overruled_values)
        facts.append(
            Fact(
                id=fact_id,
                group=catalogue.facts[fact_id].group,
                status=status,
                values=values,
                evidence=[m.evidence for m in group],
            )
        )
    if not rules.dependencies:
        return facts
    found: dict[str, FactStatus] = {f.id: f.status for f in facts}
    unmet = {
        dep.fact
        for dep in rules.dependencies
        if dep.fact in found and not any(found.get(need) in dep.needed_status for need in dep.needs_any)
    }
    return [f for f in facts if f.id not in unmet]


def merge_structured(facts: list[Fact], given: Iterable[GivenFact]) -> list[Fact]:
    """Structured facts (EHR, form, reviewer) take precedence; the notes' evidence is kept beside them."""
    catalogue = load_catalogue()
    by_id = {f.id: f for f in facts}
    for g in given:
        fdef = catalogue.get(g.id, where="request.facts")
        previous = by_id.get(g.id)
        by_id[g.id] = Fact(
            id=g.id,
            group=fdef.group,
            status=g.status,
            values={**(previous.values if previous else {}), **g.values},
            evidence=previous.evidence if previous else [],
            source="structured",
        )
    order = list(catalogue.facts)
    return sorted(by_id.values(), key=lambda f: order.index(f.id))


__all__ = [
    "CONTRADICTED",
    "aggregate",
    "document_status",
    "merge_structured",
    "merge_values",
    "reconcile_contradicted",
    "run_on",
]
