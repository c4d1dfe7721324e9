"""Evaluation metrics: mention P/R/F1 (exact and overlap), assertion accuracy, request-level status F1,
value accuracy, determination accuracy and confusion, missing-documentation recall.

Pure functions over plain records so the figures can be checked by hand on tiny fixtures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from prescreen.extractors.values import THERAPY_FACTS


class PRF(BaseModel):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> PRF:
        return PRF(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)

    def summary(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class MentionRecord:
    """A mention reduced to what the metrics compare (request-qualified note id)."""

    request: str
    note: str
    fact: str
    start: int
    end: int
    assertion: str


def match_mentions(
    gold: Sequence[MentionRecord], pred: Sequence[MentionRecord], exact: bool
) -> list[tuple[MentionRecord, MentionRecord]]:
    """One-to-one pairs of the same fact in the same note: identical offsets, or overlapping (greedy, largest overlap first)."""
    pairs: list[tuple[MentionRecord, MentionRecord]] = []
    by_key: dict[tuple[str, str, str], list[MentionRecord]] = defaultdict(list)
    for p in pred:
        by_key[(p.request, p.note, p.fact)].append(p)
    candidates = []
    for g in gold:
        for p in by_key.get((g.request, g.note, g.fact), []):
            if exact and (g.start, g.end) == (p.start, p.end):
                candidates.append((g.end - g.start, g, p))
            elif not exact and g.start < p.end and p.start < g.end:
                candidates.append((min(g.end, p.end) - max(g.start, p.start), g, p))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, g, p in sorted(candidates, key=lambda c: (-c[0], c[1].start, c[2].start)):
        if id(g) in used_g or id(p) in used_p:
            continue
        used_g.add(id(g))
        used_p.add(id(p))
        pairs.append((g, p))
    return pairs


def mention_prf(gold: Sequence[MentionRecord], pred: Sequence[MentionRecord], exact: bool) -> dict[str, PRF]:
    """Per-fact tp/fp/fn (assertion-blind: did we find the mention of that fact)."""
    pairs = match_mentions(gold, pred, exact)
    per: dict[str, PRF] = defaultdict(PRF)
    matched_g = Counter(g.fact for g, _ in pairs)
    for fact, n in matched_g.items():
        per[fact] = per[fact].add(PRF(tp=n))
    for fact, n in Counter(g.fact for g in gold).items():
        per[fact] = per[fact].add(PRF(fn=n - matched_g.get(fact, 0)))
    for fact, n in Counter(p.fact for p in pred).items():
        per[fact] = per[fact].add(PRF(fp=n - matched_g.get(fact, 0)))
    return dict(per)


def micro(per: dict[str, PRF]) -> PRF:
    total = PRF()
    for v in per.values():
        total = total.add(v)
    return total


def macro_f1(per: dict[str, PRF]) -> float:
    """Mean F1 over facts that occur in gold or predictions."""
    scores = [v.f1 for v in per.values() if v.tp + v.fp + v.fn]
    return sum(scores) / len(scores) if scores else 0.0


def assertion_accuracy(gold: Sequence[MentionRecord], pred: Sequence[MentionRecord]) -> dict[str, Any]:
    """Over overlap-matched mention pairs: accuracy overall and per gold assertion class, and the confusion."""
    pairs = match_mentions(gold, pred, exact=False)
    per_class: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for g, p in pairs:
        per_class[g.assertion][1] += 1
        per_class[g.assertion][0] += int(g.assertion == p.assertion)
        confusion[g.assertion][p.assertion] += 1
    correct = sum(c for c, _ in per_class.values())
    total = sum(n for _, n in per_class.values())
    return {
        "accuracy": round(correct / total, 4) if total else None,
        "pairs": total,
        "per_class": {
            k: {"correct": c, "total": n, "accuracy": round(c / n, 4)} for k, (c, n) in sorted(per_class.items())
        },
        "confusion": {k: dict(v) for k, v in sorted(confusion.items())},
    }


def status_prf(gold: dict[str, dict[str, str]], pred: dict[str, dict[str, str]], status: str) -> PRF:
    """Request-level F1 for one status: over (request, fact) pairs, is the fact `status` in gold and in prediction."""
    out = PRF()
    for rid in set(gold) | set(pred):
        g = {f for f, s in gold.get(rid, {}).items() if s == status}
        p = {f for f, s in pred.get(rid, {}).items() if s == status}
        out = out.add(PRF(tp=len(g & p), fp=len(p - g), fn=len(g - p)))
    return out


def denied_reported_present(gold: dict[str, dict[str, str]], pred: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    return sorted(
        (rid, f)
        for rid, facts in gold.items()
        for f, s in facts.items()
        if s == "absent" and pred.get(rid, {}).get(f) == "present"
    )


@dataclass(frozen=True)
class StatusFigures:
    """Request-level figures of one reading of a corpus: affirmed, denied and suspected F1, and how
    many denied facts it reports present."""

    affirmed: float
    denied: float
    suspected: float
    denied_reported_present: int


def status_figures(gold: dict[str, dict[str, str]], pred: dict[str, dict[str, str]]) -> StatusFigures:
    """``StatusFigures`` of predicted statuses against gold, by request id and fact (F1s to 4 places)."""
    return StatusFigures(
        affirmed=round(status_prf(gold, pred, "present").f1, 4),
        denied=round(status_prf(gold, pred, "absent").f1, 4),
        suspected=round(status_prf(gold, pred, "suspected").f1, 4),
        denied_reported_present=len(denied_reported_present(gold, pred)),
    )


def _norm_level(v: Any) -> str:
    return str(v).upper().replace(" ", "").replace("–", "-")


def value_correct(name: str, gold: Any, pred: Any) -> bool:
    if pred is None:
        return False
    if name == "duration_weeks":
        try:
            return abs(float(gold) - float(pred)) <= 1.0
        except (TypeError, ValueError):
            return False
    if name == "level":
        return _norm_level(gold) == _norm_level(pred)
    return str(gold).strip().lower() == str(pred).strip().lower()


@dataclass
class ValueTally:
    correct: int = 0
    total: int = 0
    misses: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float | None:
        return round(self.correct / self.total, 4) if self.total else None


#: value metric -> (value name, the facts it is scored on; None = every fact)
VALUE_METRICS: dict[str, tuple[str, frozenset[str] | None]] = {
    "therapy_duration_weeks": ("duration_weeks", THERAPY_FACTS),
    "pain_duration_weeks": ("duration_weeks", frozenset({"back_pain", "neck_pain"})),
    "outcome": ("outcome", None),
    "level": ("level", None),
    "side": ("side", None),
}


def value_accuracy(
    gold: dict[str, dict[str, dict[str, Any]]],
    pred: dict[str, dict[str, dict[str, Any]]],
    metrics: dict[str, tuple[str, frozenset[str] | None]] | None = None,
) -> dict[str, ValueTally]:
    """For every gold fact value a metric covers, whether the predicted fact carries it (durations within one week)."""
    specs = VALUE_METRICS if metrics is None else metrics
    out = {n: ValueTally() for n in specs}
    for rid, facts in gold.items():
        for fact, values in facts.items():
            for metric, (name, facts_scored) in specs.items():
                if name not in values or (facts_scored is not None and fact not in facts_scored):
                    continue
                got = pred.get(rid, {}).get(fact, {}).get(name)
                tally = out[metric]
                tally.total += 1
                if value_correct(name, values[name], got):
                    tally.correct += 1
                else:
                    tally.misses.append((rid, fact, values[name], got))
    return out


DETERMINATIONS = ("meets_criteria", "needs_documentation", "does_not_meet")


def determination_scores(gold: dict[str, dict[str, str]], pred: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Per policy: accuracy and the confusion matrix gold x predicted."""
    out: dict[str, Any] = {}
    policies = sorted({p for per in gold.values() for p in per})
    for policy in policies:
        confusion = {g: dict.fromkeys(DETERMINATIONS, 0) for g in DETERMINATIONS}
        correct = total = 0
        for rid, per in gold.items():
            if policy not in per or policy not in pred.get(rid, {}):
                continue
            g, p = per[policy], pred[rid][policy]
            confusion[g][p] += 1
            total += 1
            correct += int(g == p)
        out[policy] = {"accuracy": round(correct / total, 4) if total else None, "n": total, "confusion": confusion}
    return out


def missing_recall(gold: dict[str, dict[str, set[str]]], pred: dict[str, dict[str, set[str]]]) -> dict[str, Any]:
    """Micro recall of the gold missing-documentation fact ids among the predicted ones (per request and policy)."""
    hit = total = 0
    for rid, per in gold.items():
        for policy, facts in per.items():
            total += len(facts)
            hit += len(facts & pred.get(rid, {}).get(policy, set()))
    return {"recall": round(hit / total, 4) if total else None, "found": hit, "total": total}


__all__ = [
    "PRF",
    "THERAPY_FACTS",
    "VALUE_METRICS",
    "MentionRecord",
    "StatusFigures",
    "ValueTally",
    "assertion_accuracy",
    "denied_reported_present",
    "determination_scores",
    "macro_f1",
    "match_mentions",
    "mention_prf",
    "micro",
    "missing_recall",
    "status_figures",
    "status_prf",
    "value_accuracy",
    "value_correct",
]
