"""Mentions of all a request's notes -> document-level facts, and the dependencies between facts
(dependencies.yaml): an indeterminate MRI is documented only with a prior MRI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from prescreen.contract import Fact, Note
from prescreen.errors import PrescreenError
from prescreen.extractors.aggregate import aggregate, load_dependencies
from prescreen.models.assertion import LABELS, read_mentions
from prescreen.pipeline.run import extract_mentions, process_notes
from tests.conftest import rules_nlp

NOTE_DATE = dt.date(2025, 9, 20)


def facts_of(*notes: tuple[dt.date, str], dependencies: str = "default") -> dict[str, Fact]:
    """The request's facts by id, its notes n0, n1, ... in order."""
    dated = [Note(id=f"n{i}", date=d, text=t) for i, (d, t) in enumerate(notes)]
    return {
        f.id: f
        for f in aggregate(extract_mentions(dated, process_notes(dated, rules_nlp())), dependencies=dependencies)
    }


def statuses(*texts: str) -> dict[str, str]:
    return {f: fact.status for f, fact in facts_of(*((NOTE_DATE, t) for t in texts)).items()}


# fmt: off
INDETERMINATE = [
    # (notes, mri_indeterminate status or None when not reported)
    pytest.param(("MRI L-spine 6/2025 limited by motion; nondiagnostic.\n",), "present", id="mri-limited"),
    pytest.param(("MRI 3/2025 showed mild bulge at L4-5, which does not explain her L5 weakness.\n",), "present", id="mri-does-not-explain"),
    # the MRI in another note of the same request
    pytest.param(("MRI lumbar spine 5/2025: mild L4-5 stenosis.\n", "The MRI findings do not explain his foot drop.\n"), "present", id="mri-in-another-note"),
    # no prior MRI: the limitation is the CT's, or of an MRI still to be had
    pytest.param(("Pacemaker, MRI contraindicated. CT L-spine 2/2024 limited by metal artifact from prior fusion.\n",), None, id="ct-artifact-no-mri"),
    pytest.param(("Has never had an MRI. X-rays 8/2025 are nondiagnostic; they do not explain the radicular pain.\n",), None, id="never-had-mri"),
]
# fmt: on


@pytest.mark.parametrize(("texts", "expected"), INDETERMINATE)
def test_indeterminate_mri_needs_a_prior_mri(texts: tuple[str, ...], expected: str | None) -> None:
    assert statuses(*texts).get("mri_indeterminate") == expected


def test_the_needed_fact_itself_is_unaffected() -> None:
    got = statuses("Pacemaker, MRI contraindicated. CT L-spine 2/2024 limited by metal artifact.\n")
    assert got.get("prior_ct") == "present"
    assert got.get("mri_contraindicated") == "present"


def hep_weeks(*notes: tuple[dt.date, str]) -> float | None:
    hep = facts_of(*notes).get("home_exercise_program")
    return hep.values.get("duration_weeks") if hep else None


PT_NOTE = (dt.date(2025, 7, 28), "PT discharge summary\nDoing HEP (handout issued at eval 6/2), log reviewed.\n")


def test_a_home_program_runs_on_to_a_later_note_that_reports_it() -> None:
    later = (dt.date(2025, 10, 22), "HPI: He continues the printed PT home program most days.\n")
    assert hep_weeks(PT_NOTE, later) == 20.3


def test_a_plan_to_continue_the_home_program_does_not_lengthen_it() -> None:
    later = (dt.date(2025, 10, 22), "PLAN:\nContinue HEP.\n")
    assert hep_weeks(PT_NOTE, later) == 8.0


def test_a_plan_s_length_does_not_time_a_home_program_another_mention_times() -> None:
    # the plan's 6 weeks ("continue ... x 6 weeks") are the program still to come; the HPI's month is the course so far
    note = (
        dt.date(2025, 10, 16),
        "HPI: She has been doing the PT home exercise program daily for a month.\n\n"
        "PLAN:\nContinue HEP daily x 6 weeks.\n",
    )
    assert hep_weeks(note) == 4.3
    # with no other length the plan's stands
    alone = (dt.date(2025, 10, 16), "HPI: She does her home exercises.\n\nPLAN:\nContinue HEP daily x 6 weeks.\n")
    assert hep_weeks(alone) == 6.0


def test_a_home_program_the_latest_note_says_was_stopped_keeps_its_stated_length() -> None:
    later = (dt.date(2025, 10, 22), "HPI: He admits he stopped the home exercises after about 2 weeks.\n")
    assert hep_weeks(PT_NOTE, later) == 2.0


def test_a_home_program_the_latest_note_also_denies_ended_before_it() -> None:
    # a later note that reports the program and says it is not kept up now: no run-on to that note
    chiro = (dt.date(2025, 6, 2), "Chiropractic visit 3\nStretch sheet given; doing it daily x 2 wks.\n")
    later = (
        dt.date(2025, 10, 6),
        "HPI: Did the stretches at home for about 2 weeks in June. Not doing any stretches at home now.\n",
    )
    assert hep_weeks(chiro, later) == 2.0
    # without the denial the program runs on to the later note
    kept = (dt.date(2025, 10, 6), "HPI: Still does the stretch sheet from the chiropractor most days.\n")
    assert hep_weeks(chiro, kept) == 20.0


def hep(*notes: tuple[dt.date, str]) -> dict[str, object]:
    dated = [Note(id=f"n{i}", date=d, text=t) for i, (d, t) in enumerate(notes)]
    facts = {f.id: f for f in aggregate(extract_mentions(dated, process_notes(dated, rules_nlp())))}
    return dict(facts["home_exercise_program"].values)


EVAL = (
    dt.date(2025, 10, 13),
    "PT INITIAL EVALUATION\nPlan: PT 2x/wk x 6 wks. HEP issued today (printed, 4 exercises) - adherence to be"
    " reviewed next visit.\n",
)


def test_a_home_program_handed_out_at_an_earlier_visit_runs_from_that_visit() -> None:
    later = (dt.date(2025, 11, 7), "S: Doing the PT exercises at home daily per PT note of 10/31.\n")
    got = hep(EVAL, later)
    assert got["duration_weeks"] == 3.6
    assert got["written_instructions"] is True
    assert got["prescribed_by"] == "physical therapist"


def test_a_home_program_in_an_earlier_plan_section_runs_from_that_visit() -> None:
    # ConText may read the plan line as present; its section still makes it the plan that handed the
    # program out
    plan = (dt.date(2025, 9, 18), "PLAN:\n1. Home exercise program - printed handout reviewed.\n")
    later = (dt.date(2025, 10, 9), "HPI: Doing the HEP most days, some better.\n")
    assert hep(plan, later)["duration_weeks"] == 3.0
    # a plan section that denies it hands nothing out
    declined = (dt.date(2025, 9, 18), "PLAN:\n1. No home exercise program for now.\n")
    assert "duration_weeks" not in hep(declined, later)


def test_a_home_program_planned_after_the_note_that_reports_it_gives_it_nothing() -> None:
    earlier = (dt.date(2025, 9, 1), "Home stretches reviewed verbally.\n")
    plan = (dt.date(2025, 10, 1), "Plan: PT referral with written HEP encouraged.\n")
    got = hep(earlier, plan)
    assert "written_instructions" not in got
    assert "duration_weeks" not in got


def medication(*notes: tuple[dt.date, str]) -> dict[str, object]:
    return dict(facts_of(*notes)["medication_trial"].values)


ED_PLAN = (dt.date(2025, 9, 2), "ED NOTE\nA/P: Thoracolumbar contusion.\n- Acetaminophen 1 g q8h scheduled\n")


def test_a_medicine_a_plan_begins_runs_to_the_later_note_that_reports_it() -> None:
    # ED 9/2 begins it, the follow-up of 9/23 reports it taken: 3 weeks (the brand is the same drug)
    later = (dt.date(2025, 9, 23), "HPI: Tylenol scheduled without much benefit.\n")
    assert medication(ED_PLAN, later)["duration_weeks"] == 3.0


def test_a_planned_medicine_needs_the_same_drug_reported() -> None:
    later = (dt.date(2025, 9, 23), "HPI: Taking naproxen without much benefit.\n")
    assert "duration_weeks" not in medication(ED_PLAN, later)


def test_a_stated_length_is_not_replaced_by_the_plan_s_run() -> None:
    later = (dt.date(2025, 9, 23), "HPI: Tylenol for 1 week, no benefit, then stopped.\n")
    assert medication(ED_PLAN, later)["duration_weeks"] == 1.0


# a drug changed for another of its class: one course, both lengths together (dependencies.yaml
# `switched`)
SWITCH_DAY = dt.date(2025, 10, 30)


def test_a_switch_to_another_nsaid_continues_the_course() -> None:
    # celecoxib July to mid-Sept (10 weeks), diclofenac from 9/15 to the note of 10/30 (6.4 weeks)
    note = (
        SWITCH_DAY,
        "HPI: Celecoxib 200 mg BID x 10 weeks (July to mid-Sept) without benefit; switched 9/15 to "
        "diclofenac 75 mg BID, on it since, no better.\n",
    )
    assert medication(note)["duration_weeks"] == 16.4


def test_a_plan_s_switch_continues_the_course_into_a_later_note() -> None:
    # meloxicam since 7/10 up to the visit of 8/12 that changes it; naproxen since 8/12 by 10/20
    first = (
        dt.date(2025, 8, 12),
        "HPI: Meloxicam 15 mg daily since 7/10, no relief.\nPlan: stop meloxicam, start naproxen.\n",
    )
    later = (dt.date(2025, 10, 20), "HPI: Naproxen 500 mg BID since 8/12, no better.\n")
    assert medication(first, later)["duration_weeks"] == 14.6


def test_drugs_of_different_classes_stay_the_longest_course() -> None:
    # an NSAID, then gabapentin: two trials, not one
    note = (
        SWITCH_DAY,
        "HPI: Meloxicam 15 mg x 10 weeks without benefit; switched 9/15 to gabapentin 300 mg TID, on it since.\n",
    )
    assert medication(note)["duration_weeks"] == 10.0


def test_courses_listed_one_after_another_are_not_a_switch() -> None:
    # "March to May", then "6/2-7/28": the end and the next start are different days
    note = (SWITCH_DAY, "HPI: Meloxicam March through May and naproxen 6/2-7/28, both without relief.\n")
    assert medication(note)["duration_weeks"] == 13.0


def outcome_of(fact: str, *texts: str) -> str | None:
    facts = facts_of(*((NOTE_DATE, t) for t in texts))
    return facts[fact].values.get("outcome") if fact in facts else None


def test_a_drug_stopped_for_side_effects_does_not_undo_another_s_failure() -> None:
    # (round 49) the trial failed: one drug gave no relief, the next was stopped for a medical reason
    # (dev gold: failed in 14 requests where the newest outcome had read unable)
    text = "HPI: Meloxicam 15 mg daily x 6 wks, no relief. Gabapentin stopped after 2 wks, too sleepy.\n"
    assert outcome_of("medication_trial", text) == "failed"
    # a drug stopped for side effects alone stays unable
    assert outcome_of("medication_trial", "HPI: Gabapentin stopped after 2 wks, too sleepy.\n") == "unable"
    # and a later failure still replaces an earlier medical stop
    later = "HPI: Gabapentin stopped after 2 wks, too sleepy. Then duloxetine x 8 wks without relief.\n"
    assert outcome_of("medication_trial", later) == "failed"


# A lone affirmation the notes deny (dependencies.yaml `contradicted`): the fact is suspected, the
# affirmation's evidence says which denials contradict it, and the mention-level reading is untouched.
SEPT, OCT = dt.date(2025, 9, 2), dt.date(2025, 10, 14)
RETENTION = "HPI: Low back pain for 3 months. Some urinary retention.\n"
DENIES = "ROS: GU: denies urinary retention or incontinence.\n"


def test_a_lone_affirmation_the_same_note_denies_is_suspected() -> None:
    text = RETENTION + DENIES
    fact = facts_of((SEPT, text))["bladder_dysfunction"]
    assert fact.status == "suspected"
    affirmation = next(e for e in fact.evidence if text[e.start : e.end] == "urinary retention" and e.start < 60)
    assert affirmation.assertion == "uncertain"
    denials = [f"n0:{e.start}-{e.end}" for e in fact.evidence if e.assertion == "absent"]
    assert len(denials) == 2  # "urinary retention or incontinence"
    assert affirmation.cues == ["contradicted: denied at " + ", ".join(denials)]
    # the mention as read keeps its own assertion (mention-level figures and annotation exports)
    notes = [Note(id="n0", date=SEPT, text=text)]
    read = [m for m in extract_mentions(notes, process_notes(notes, rules_nlp())) if m.fact == "bladder_dysfunction"]
    assert sorted(m.evidence.assertion for m in read) == ["absent", "absent", "present"]


def test_a_denial_in_a_later_note_also_contradicts() -> None:
    assert facts_of((SEPT, RETENTION), (OCT, DENIES))["bladder_dysfunction"].status == "suspected"


def test_an_affirmation_in_a_later_note_than_every_denial_is_a_new_finding() -> None:
    assert facts_of((SEPT, DENIES), (OCT, RETENTION))["bladder_dysfunction"].status == "present"


def test_two_affirmations_stand_against_a_denial() -> None:
    again = "Assessment: LBP with new urinary retention.\n"
    assert facts_of((SEPT, RETENTION + DENIES + again))["bladder_dysfunction"].status == "present"


def test_a_finding_examined_site_by_site_is_not_contradicted_by_another_site() -> None:
    text = "Exam: Reflexes: patellar 2+ bilaterally, Achilles absent on the left. Reflexes otherwise normal.\n"
    fact = facts_of((SEPT, text))["abnormal_reflexes"]
    assert fact.status == "present"
    assert {e.assertion for e in fact.evidence} >= {"present", "absent"}


def test_a_course_with_its_length_stands_against_a_template_denial() -> None:
    text = "HPI: Completed PT x 6 weeks with no relief.\nROS/Hx checklist: No physical therapy.\n"
    fact = facts_of((SEPT, text))["physical_therapy"]
    assert fact.status == "present"
    assert fact.values["duration_weeks"] == 6.0


# An affirmation the assertion model overrules (dependencies.yaml `overruled`): where other mentions
# keep the fact present, its outcome, level and side still describe the fact; its timing does not.
COURSE = "HPI: Continues physical therapy twice weekly.\nAssessment: PT x 8 weeks, no relief.\n"


def overruled_facts(text: str, overruled: str, reading: str, dependencies: str = "default") -> dict[str, Fact]:
    """The facts of one note once the model has read the mention whose words are ``overruled`` as
    ``reading`` (probability 0.9) and agreed with the rules on every other mention."""
    notes = [Note(id="n0", date=SEPT, text=text)]
    mentions = extract_mentions(notes, process_notes(notes, rules_nlp()))
    probs = [
        {label: 0.9 if label == reading else 0.1 / 6 for label in LABELS}
        if text[m.evidence.start : m.evidence.end] == overruled
        else None
        for m in mentions
    ]
    assert any(p is not None for p in probs)
    return {f.id: f for f in aggregate(read_mentions(mentions, probs, 0.6), dependencies=dependencies)}


def test_an_overruled_affirmation_still_gives_the_present_fact_its_outcome() -> None:
    fact = overruled_facts(COURSE, "PT", "hypothetical")["physical_therapy"]
    assert fact.status == "present"  # "Continues physical therapy" keeps it present
    assert fact.values["outcome"] == "failed"
    assert "duration_weeks" not in fact.values  # the overruled "x 8 weeks" times no course
    overruled = next(e for e in fact.evidence if COURSE[e.start : e.end] == "PT")
    assert overruled.assertion == "hypothetical"
    assert overruled.cues[-1].endswith(" (rules: present)")


def test_an_affirmation_read_as_no_mention_still_gives_its_side_and_level() -> None:
    text = "HPI: Radiculopathy down the leg.\nAssessment: Left L5 radiculopathy.\n"
    fact = overruled_facts(text, "radiculopathy", "none")["radiculopathy"]
    assert fact.status == "present"
    assert (fact.values.get("side"), fact.values.get("level")) == ("left", "L5")


def test_an_overruled_affirmation_alone_makes_no_present_fact() -> None:
    text = "Assessment: PT x 8 weeks, no relief.\n"
    assert "physical_therapy" not in overruled_facts(text, "PT", "hypothetical")


def test_overruled_values_can_be_switched_off_in_a_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "deps.yaml"
    path.write_text("overruled:\n  values: []\n")
    fact = overruled_facts(COURSE, "PT", "hypothetical", dependencies=str(path))["physical_therapy"]
    assert fact.values["outcome"] == "ongoing"


# fmt: off
RULE_ERRORS = [
    # (a rules file, what its one-line error must name)
    pytest.param("dependencies:\n  - fact: mri_indeterminate\n    needs_any: [prior_mri_typo]\n", "prior_mri_typo", id="dependency-unknown-fact"),
    pytest.param("dependencies:\n  - fact: mri_indeterminate\n    needs: [prior_mri]\n", r"deps\.yaml", id="dependency-unknown-key"),
    pytest.param("runs_on:\n  facts: [home_exercise_program]\n  plan_values: [drug]\n", "has no value 'drug'", id="runs-on-plan-value-not-the-fact-s"),
    pytest.param("runs_on:\n  facts: [fever]\n", "runs_on: 'fever'", id="runs-on-fact-without-duration"),
    pytest.param("carried_out:\n  facts: [fever]\n", "no fact with a duration", id="carried-out-fact-without-duration"),
    pytest.param("switched:\n  facts: [home_exercise_program]\n  kind: drug\n", "no fact with a dated duration", id="switched-fact-without-dated-course"),
    pytest.param("contradicted:\n  enabled: true\n  except_facts: [reflexes_typo]\n", "reflexes_typo", id="contradicted-unknown-fact"),
    pytest.param("contradicted:\n  enabled: true\n  keep_values: [length]\n", "length", id="contradicted-unknown-value"),
    pytest.param("contradicted:\n  enabled: true\n  max_affirmations: 2\n", r"deps\.yaml", id="contradicted-unknown-key"),
    pytest.param("overruled:\n  values: [laterality]\n", "overruled.values: no fact has a value 'laterality'", id="overruled-unknown-value"),
]
# fmt: on


@pytest.mark.parametrize(("yaml_text", "match"), RULE_ERRORS)
def test_a_rules_file_error_names_what_is_wrong(tmp_path: Path, yaml_text: str, match: str) -> None:
    path = tmp_path / "deps.yaml"
    path.write_text(yaml_text)
    with pytest.raises(PrescreenError, match=match):
        load_dependencies(str(path))


def test_the_judgement_can_be_switched_off_in_a_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "deps.yaml"
    path.write_text("contradicted:\n  enabled: false\n")
    facts = facts_of((SEPT, RETENTION + DENIES), dependencies=str(path))
    assert facts["bladder_dysfunction"].status == "present"
