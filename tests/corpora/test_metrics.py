"""Metric definitions checked on tiny fixtures whose figures were computed by hand."""

from __future__ import annotations

import pytest

from prescreen.corpora.metrics import (
    PRF,
    MentionRecord,
    assertion_accuracy,
    denied_reported_present,
    determination_scores,
    macro_f1,
    mention_prf,
    micro,
    missing_recall,
    status_prf,
    value_accuracy,
)


def m(
    fact: str, start: int, end: int, assertion: str = "present", note: str = "n1", request: str = "r1"
) -> MentionRecord:
    return MentionRecord(request, note, fact, start, end, assertion)


GOLD = [
    m("physical_therapy", 10, 26),
    m("fever", 40, 45, "absent"),
    m("fever", 80, 85, "absent"),
    m("saddle_anesthesia", 50, 67, "absent"),
]
PRED = [
    m("physical_therapy", 10, 26),  # exact
    m("fever", 41, 45, "present"),  # overlap only, wrong assertion
    m("saddle_anesthesia", 50, 67, "absent"),  # exact
    m("back_pain", 0, 8),  # spurious
]


def test_exact_mention_prf_by_hand() -> None:
    per = mention_prf(GOLD, PRED, exact=True)
    # PT: tp1; fever: tp0 fp1 fn2; saddle: tp1; back_pain: fp1
    assert per["physical_therapy"] == PRF(tp=1, fp=0, fn=0)
    assert per["fever"] == PRF(tp=0, fp=1, fn=2)
    assert per["back_pain"] == PRF(tp=0, fp=1, fn=0)
    total = micro(per)
    assert (total.tp, total.fp, total.fn) == (2, 2, 2)
    assert total.precision == pytest.approx(0.5) and total.recall == pytest.approx(0.5)
    # macro: PT 1, fever 0, saddle 1, back_pain 0 -> 0.5
    assert macro_f1(per) == pytest.approx(0.5)


def test_overlap_mention_prf_by_hand() -> None:
    per = mention_prf(GOLD, PRED, exact=False)
    assert per["fever"] == PRF(tp=1, fp=0, fn=1)
    total = micro(per)
    assert (total.tp, total.fp, total.fn) == (3, 1, 1)
    assert total.f1 == pytest.approx(0.75)


def test_one_prediction_matches_one_gold_mention_only() -> None:
    gold = [m("fever", 0, 5), m("fever", 3, 9)]
    pred = [m("fever", 0, 9)]
    per = mention_prf(gold, pred, exact=False)
    assert per["fever"] == PRF(tp=1, fp=0, fn=1)


def test_mentions_in_other_notes_or_facts_never_match() -> None:
    per = mention_prf([m("fever", 0, 5)], [m("fever", 0, 5, note="n2"), m("malaise", 0, 5)], exact=False)
    assert per["fever"] == PRF(tp=0, fp=1, fn=1)


def test_assertion_accuracy_per_class_by_hand() -> None:
    acc = assertion_accuracy(GOLD, PRED)
    # matched pairs: PT present/present, fever absent/present, saddle absent/absent
    assert acc["pairs"] == 3
    assert acc["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert acc["per_class"]["absent"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert acc["confusion"]["absent"] == {"present": 1, "absent": 1}


def test_request_level_status_f1_and_denied_reported_present() -> None:
    gold = {"r1": {"fever": "absent", "physical_therapy": "present"}, "r2": {"fever": "present", "diabetes": "absent"}}
    pred = {"r1": {"fever": "present", "physical_therapy": "present"}, "r2": {"fever": "present"}}
    affirmed = status_prf(gold, pred, "present")
    assert (affirmed.tp, affirmed.fp, affirmed.fn) == (2, 1, 0)
    denied = status_prf(gold, pred, "absent")
    assert (denied.tp, denied.fp, denied.fn) == (0, 0, 2)
    assert denied_reported_present(gold, pred) == [("r1", "fever")]


def test_value_accuracy_duration_within_one_week_and_levels_normalised() -> None:
    gold = {
        "r1": {
            "physical_therapy": {"duration_weeks": 8, "outcome": "failed"},
            "radiculopathy": {"level": "L4-L5", "side": "left"},
        }
    }
    pred = {
        "r1": {"physical_therapy": {"duration_weeks": 8.7, "outcome": "improved"}, "radiculopathy": {"level": "l4-l5"}}
    }
    acc = value_accuracy(gold, pred)
    assert (acc["therapy_duration_weeks"].correct, acc["therapy_duration_weeks"].total) == (1, 1)
    assert (acc["outcome"].correct, acc["outcome"].total) == (0, 1)
    assert acc["level"].accuracy == 1.0
    assert acc["side"].accuracy == 0.0  # not predicted counts as wrong
    assert (
        value_accuracy(gold, {"r1": {"physical_therapy": {"duration_weeks": 6.5}}})["therapy_duration_weeks"].accuracy
        == 0.0
    )


def test_pain_duration_is_scored_apart_from_therapy_duration() -> None:
    gold = {"r1": {"back_pain": {"duration_weeks": 12}, "physical_therapy": {"duration_weeks": 6}}}
    pred = {"r1": {"back_pain": {"duration_weeks": 20}, "physical_therapy": {"duration_weeks": 6}}}
    acc = value_accuracy(gold, pred)
    assert acc["therapy_duration_weeks"].accuracy == 1.0
    assert acc["pain_duration_weeks"].accuracy == 0.0


def test_determination_accuracy_and_confusion() -> None:
    gold = {"r1": {"p": "meets_criteria"}, "r2": {"p": "needs_documentation"}, "r3": {"p": "does_not_meet"}}
    pred = {"r1": {"p": "meets_criteria"}, "r2": {"p": "meets_criteria"}, "r3": {"p": "does_not_meet"}}
    scores = determination_scores(gold, pred)["p"]
    assert scores["accuracy"] == pytest.approx(0.6667, abs=1e-4) and scores["n"] == 3
    assert scores["confusion"]["needs_documentation"]["meets_criteria"] == 1


def test_missing_documentation_recall() -> None:
    gold = {"r1": {"p": {"mri_contraindicated", "mri_unable"}}, "r2": {"p": {"physical_therapy"}}}
    pred = {"r1": {"p": {"mri_contraindicated", "mri_unable", "prior_mri"}}, "r2": {"p": set()}}
    assert missing_recall(gold, pred) == {"recall": pytest.approx(0.6667, abs=1e-4), "found": 2, "total": 3}
