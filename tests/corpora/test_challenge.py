"""The bundled challenge sets load, a malformed one fails with a one-line error, and the pipeline keeps
its agreement with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from prescreen.corpora.challenge import evaluate_challenge, load_challenge, main
from prescreen.errors import PrescreenError
from tests.conftest import ROOT

SETS = sorted((ROOT / "corpora" / "challenge").glob("*.tsv"))
#: the sets of round 27, written blind after the round-22 rules (corpora/challenge/README.md)
ROUND_27 = {
    "findings_near_misses.tsv",
    "procedures_plans_histories.tsv",
    "course_lengths.tsv",
    "templates_and_forms.tsv",
    "plan_lists.tsv",
    "course_lengths_2.tsv",
    "narrative_near_misses.tsv",
    "ed_and_triage.tsv",
    "consults_and_letters.tsv",
}
#: the sets of round 28, written blind after the round-27 rules in four batches (3, 3, 2 and 2 sets);
#: `not_the_fact.tsv` adds `none` rows
ROUND_28 = {
    "course_lengths_3.tsv",
    "not_the_fact.tsv",
    "orders_and_instructions.tsv",
    "injections_and_procedures.tsv",
    "red_flags_asked.tsv",
    "medicine_courses.tsv",
    "not_the_fact_2.tsv",
    "exam_and_ros_templates.tsv",
    "not_the_fact_3.tsv",
    "plans_in_plain_words.tsv",
}
#: the sets of round 29, written blind after round 28's rules and the first round-29 rules
ROUND_29 = {
    "home_programs.tsv",
    "visit_courses.tsv",
    "medicine_encounters.tsv",
}
#: round 29's second batch, scored blind at the end of the round with few rules written for it: courses
#: told over several sentences or lines
ROUND_29_COURSES = {"course_records.tsv"}
#: the sets of round 30, written blind to find words read as a present fact where the note denies it,
#: plans it or does not name it for the patient (the corpus's "denied fact reported present")
ROUND_30 = {"findings_in_whole_notes.tsv", "histories_in_whole_notes.tsv", "red_flags_in_whole_notes.tsv"}
#: the sets of round 31, written blind as whole notes or blocks: plans that name a finding or a course
#: again after the history denied or lacked it, courses timed over the lines of a note, findings and
#: histories in every section but the plan, terse assessment/plan lists, review-of-systems blocks
ROUND_31 = {
    "plans_restating_findings.tsv",
    "plans_naming_care.tsv",
    "courses_in_whole_notes.tsv",
    "findings_across_sections.tsv",
    "histories_across_sections.tsv",
    "terse_assessment_plans.tsv",
    "ros_blocks.tsv",
}
#: round 32, written blind after round 31's rules (the last three after the round's first rules)
ROUND_32 = {
    "gait_and_walking.tsv",
    "histories_denied.tsv",
    "plans_in_histories.tsv",
    "courses_over_lines.tsv",
    "home_program_lengths.tsv",
    "operations_in_histories.tsv",
    "injuries_in_histories.tsv",
}
#: round 33, written blind after round 32's rules and the medication-switch reading (b996961)
ROUND_33 = {
    "numbers_near_courses.tsv",
    "walking_strength_sensation.tsv",
    "treatment_checklists.tsv",
    "red_flags_denied.tsv",
    "care_not_done.tsv",
}
#: round 34, written blind after round 33's rules (fe6556b)
ROUND_34 = {
    "lookalikes_in_notes.tsv",
    "finding_lookalikes.tsv",
    "plans_in_assessments.tsv",
    "denial_scope.tsv",
}
#: round 35, written blind after round 34's rules (e3c4d22)
ROUND_35 = {
    "neurology_clinic_notes.tsv",
    "pediatric_notes.tsv",
    "imaging_sections.tsv",
    "titles_and_headings.tsv",
}
#: round 36, written blind after round 35's rules (42ed494)
ROUND_36 = {
    "exam_findings_explained.tsv",
    "symptoms_other_causes.tsv",
    "episode_vs_course.tsv",
}
#: round 37, written blind after round 36's rules (7bee07a)
ROUND_37 = {"falls.tsv", "cancer_words.tsv"}
#: round 38, written blind after round 37's rules and the incomplete-PT outcome (af04e58)
ROUND_38 = {"operations_in_plans.tsv"}
#: round 39, written blind after round 38's rules (be42d79)
ROUND_39 = {"answer_layouts.tsv", "denials_over_lists.tsv", "lookalikes_in_whole_notes.tsv"}
#: round 40, written blind after round 39's rules and the family-history headers (888d874)
ROUND_40 = {"injuries_and_onsets.tsv", "gait_in_exams.tsv", "care_in_lists.tsv"}
#: round 41, written blind after round 40's rules and the gait evidence convention (7bf0dfe's rules)
ROUND_41 = {"ehr_templates.tsv", "aids_and_care_in_narratives.tsv", "diagnoses_considered.tsv"}
#: round 43, written blind after round 42's rules (f912f50), on the fact families of the test
#: split's denied facts reported present
ROUND_43 = {
    "falls_and_mechanisms.tsv",
    "care_for_other_sites.tsv",
    "neuro_lookalikes.tsv",
    "letters_and_plans.tsv",
}
#: round 52, written blind at 721fbf2 on the fact families of the test split's denied facts reported
#: present with the assertion model (gait, constitutional symptoms and labs, history checklists,
#: weakness, devices, bowel and home programs)
ROUND_52 = {
    "gait_and_mobility_in_notes.tsv",
    "constitutional_and_labs.tsv",
    "history_checklists.tsv",
    "weakness_devices_bowel.tsv",
}
ROUND_53 = {
    "findings_with_other_causes.tsv",
    "spoken_answers_and_forms.tsv",
    "visit_headers_and_problem_lists.tsv",
    "interval_histories.tsv",
}
#: round 54, written blind at a297a7d on the facts with the weakest mention precision on the test
#: split's per-fact figures (drugs and treatments, studies and referrals, uncommon conditions)
ROUND_54 = {
    "comorbidity_drugs_and_treatments.tsv",
    "studies_referrals_and_procedures.tsv",
    "uncommon_conditions_and_tone.tsv",
}
ROUND_56 = {"baselines_and_causes.tsv", "constitutional_and_form_answers.tsv", "care_not_taken_up.tsv"}
HEADER = "id\tfact\tassertion\tmention\ttext\n"


def test_the_bundled_sets_load_with_every_fact_and_assertion_valid() -> None:
    rows = [row for path in SETS for row in load_challenge(path)]
    assert len(SETS) == 92 and len(rows) > 12300
    assert {p.name for p in SETS} >= (
        ROUND_27
        | ROUND_28
        | ROUND_29
        | ROUND_29_COURSES
        | ROUND_30
        | ROUND_31
        | ROUND_32
        | ROUND_33
        | ROUND_34
        | ROUND_35
        | ROUND_36
        | ROUND_37
        | ROUND_38
        | ROUND_39
        | ROUND_40
        | ROUND_41
        | ROUND_43
        | ROUND_52
        | ROUND_53
        | ROUND_54
        | ROUND_56
    )
    assert {r.assertion for r in rows} == {
        "present",
        "absent",
        "hypothetical",
        "historical",
        "family",
        "uncertain",
        "none",
    }
    assert sum(r.duration_weeks is not None for r in rows) > 1200


ROUND_22 = (
    {path.name for path in SETS}
    - ROUND_27
    - ROUND_28
    - ROUND_29
    - ROUND_29_COURSES
    - ROUND_30
    - ROUND_31
    - ROUND_32
    - ROUND_33
    - ROUND_34
    - ROUND_35
    - ROUND_36
    - ROUND_37
    - ROUND_38
    - ROUND_39
    - ROUND_40
    - ROUND_41
    - ROUND_43
    - ROUND_52
    - ROUND_53
    - ROUND_54
)


@pytest.mark.parametrize(
    ("names", "assertions", "durations", "outcomes"),
    [
        # measured when the sets were added (858 of 964 assertions, 63 of 66 durations; 58 of 79
        # outcomes when the outcome rules of round 22 landed)
        pytest.param(ROUND_22, 0.87, 0.88, 0.70, id="round-22"),
        # blind: the first three at build 1eb2477 (337 of 410 assertions, 89 of 105 durations, 35 of
        # 81 outcomes), the next three at 21a004c (321 of 410, 94 of 123, 63 of 87), the last three at
        # 4c4ab96 (301 of 410, 21 of 23, 18 of 22); the README has the figures after the rules
        pytest.param(ROUND_27, 0.81, 0.88, 0.78, id="round-27"),
        # blind, the first batch at 6568728: 294 of 400 assertions (orders and instructions 67 of
        # 130, not the fact 112 of 140 with 73 of 85 `none` rows), 87 of 105 durations, 46 of 62
        # outcomes; the second at 0fd9c26: 286 of 390 (injections and procedures 77 of 130), 92 of
        # 120, 66 of 88; the third at f4c48c3: 192 of 260 (not the fact II 99 of 130 with 63 of 80
        # `none` rows, exam and ROS templates 93 of 130); the fourth at 5fff474: 160 of 260 (plans in
        # plain words 59 of 130); all ten 1,028 of 1,310, 196 of 233 and 137 of 156 after the rules
        pytest.param(ROUND_28, 0.77, 0.82, 0.85, id="round-28"),
        # blind at a298ea5: 313 of 400 assertions (home programs 100 of 134, medicine encounters 101
        # of 132), 126 of 158 durations, 113 of 201 outcomes (visit courses 42 of 87); 335, 136 and
        # 175 after the round's rules
        pytest.param(ROUND_29, 0.80, 0.83, 0.84, id="round-29"),
        # blind at 95c9b30: 125 of 135 assertions, 33 of 90 durations, 8 of 101 outcomes (a course's
        # dates and result told in the sentences after its name); 11 outcomes with the next-sentence
        # result; 77 of 90 durations with round 30's reader of the lines after a course's sentence
        pytest.param(ROUND_29_COURSES, 0.90, 0.85, 0.09, id="round-29-course-records"),
        # blind at 5472c0b: 322 of 401 assertions (findings 107 of 134, histories 104 of 130, red flags
        # 111 of 137; 32 rows read present that were labelled none, absent, planned or past), 3 of 3
        # durations, 2 of 3 outcomes; 343 of 401 after the round's rules
        pytest.param(ROUND_30, 0.85, 1.0, 0.66, id="round-30"),
        # blind at 2971e5b (plans restating findings 101 of 123, plans naming care 99 of 128, courses
        # in whole notes 118 of 127 with 45 of 90 durations), at e44036d (findings across sections 97
        # of 127, histories across sections 109 of 130) and at 49ce45a (terse assessment/plans 93 of
        # 134, ROS blocks 106 of 123): 723 of 892 assertions, 79 of 124 durations, 66 of 116
        # outcomes; 760, 109 and 66 after the round's rules
        pytest.param(ROUND_31, 0.84, 0.85, 0.55, id="round-31"),
        # blind at 0659780: gait and walking 94 of 125, histories denied 111 of 132, plans in
        # histories 83 of 131 (hypothetical 28 of 69), courses over lines 107 of 125 with 56 of 91
        # durations and 5 of 95 outcomes; at dc71827: home program lengths 103 of 117 (77 of 87
        # durations, 58 of 77 outcomes), operations in histories 97 of 122, injuries in histories 94 of
        # 128: 689 of 880 assertions, 146 of 191 durations, 74 of 184 outcomes; 742, 178 of 200 and
        # 138 of 192 after the round's rules
        pytest.param(ROUND_32, 0.84, 0.88, 0.70, id="round-32"),
        # blind at b996961: numbers near courses 114 of 122 (49 of 52 durations), walking, strength
        # and sensation 104 of 127, treatment checklists 106 of 129 (30 of 37 durations), red flags
        # denied 121 of 140, care not done 108 of 127: 553 of 645 assertions, 100 of 111 durations,
        # 100 of 119 outcomes; 571 of 645 after the round's rules
        pytest.param(ROUND_33, 0.86, 0.88, 0.80, id="round-33"),
        # blind at fe6556b: look-alikes in notes 119 of 132, finding look-alikes 110 of 125, plans in
        # assessments 92 of 122 (hypothetical 40 of 65), denial scope 114 of 133: 435 of 512
        # assertions, 23 of 24 durations, 29 of 32 outcomes; 457 of 512 after the round's rules
        pytest.param(ROUND_34, 0.86, 0.90, 0.85, id="round-34"),
        # blind at e3c4d22: neurology clinic notes 105 of 128, pediatric notes 92 of 125, imaging
        # sections 100 of 126, titles and headings 111 of 132: 408 of 511 assertions, 12 of 13
        # durations, 12 of 16 outcomes; 430 of 511 after the round's rules
        pytest.param(ROUND_35, 0.82, 0.90, 0.70, id="round-35"),
        # blind at 42ed494: exam findings explained 85 of 127, symptoms with other causes 104 of 132,
        # episode against course 117 of 124 (61 of 72 durations, 56 of 69 outcomes): 306 of 383
        # assertions; 323, 67 and 57 after the round's rules
        pytest.param(ROUND_36, 0.82, 0.90, 0.80, id="round-36"),
        # blind at 7bee07a: falls 107 of 123, cancer words 106 of 126 (213 of 249); 111 and 109
        # (220) after the round's rules; no durations or outcomes
        pytest.param(ROUND_37, 0.86, None, None, id="round-37"),
        # blind at af04e58: operations in plans 88 of 135 (planned procedures read present where the
        # plan only weighs, rules out or dates them); 98 after the round's rules
        pytest.param(ROUND_38, 0.70, None, None, id="round-38"),
        # blind at be42d79: answer layouts 100 of 141 (signs before their items, trailing dashes,
        # answers after a form's spaces), denials over lists 117 of 131, lookalikes in whole notes 129
        # of 136; 375 of 408 after the round's rules (durations 6 of 6, outcomes 3 of 5)
        pytest.param(ROUND_39, 0.90, 0.80, 0.50, id="round-39"),
        # blind at 888d874: injuries and onsets 108 of 133 (mechanisms in plain words), gait in exams
        # 87 of 129 (normal and abnormal gait in an exam's own words), care in lists 115 of 137 (care
        # waiting on a payer, a delivery or a start date); durations 30 of 30, outcomes 35 of 40;
        # 349 of 399 after the round's rules (outcomes 37 of 40)
        pytest.param(ROUND_40, 0.85, 0.90, 0.85, id="round-40"),
        # blind at 7bf0dfe's rules: EHR templates 125 of 137, aids and care in narratives 109 of 133
        # (durations 21 of 23, outcomes 26 of 36), diagnoses considered 117 of 135; 360 of 405 after
        pytest.param(ROUND_41, 0.87, 0.85, 0.65, id="round-41"),
        # blind at f912f50: falls and mechanisms 120 of 139, care for other sites 123 of 136, neuro
        # look-alikes 114 of 140, letters and plans 116 of 138 (473 of 553; durations 29 of 32,
        # outcomes 30 of 36)
        pytest.param(ROUND_43, 0.88, 0.95, 0.80, id="round-43"),
        # blind at 721fbf2 with the rules alone (--rules-only): gait and mobility 108 of 146, constitutional
        # and labs 104 of 141, history checklists 123 of 146, weakness, devices and bowel 112 of 144
        # (21 of 21 durations, 19 of 23 outcomes): 447 of 577; 476 after the round's rules
        pytest.param(ROUND_52, 0.80, 0.95, 0.80, id="round-52"),
        # blind at bf9dfcd with the rules alone (--rules-only): findings with other causes 118 of 154,
        # spoken answers and forms 104 of 147, visit headers and problem lists 127 of 143, interval
        # histories 124 of 147: 473 of 591 (no therapy values labelled); 498 after the round's rules
        pytest.param(ROUND_53, 0.82, None, None, id="round-53"),
        # blind at a297a7d with the rules alone (--rules-only): comorbidity drugs and treatments 97 of
        # 140, studies, referrals and procedures 98 of 133, uncommon conditions and tone 106 of 130:
        # 301 of 403 (no therapy values labelled); 334 after the round's rules
        pytest.param(ROUND_54, 0.80, None, None, id="round-54"),
    ],
)
def test_the_pipeline_keeps_its_agreement_with_each_rounds_sets(
    names: set[str], assertions: float, durations: float | None, outcomes: float | None
) -> None:
    # a rule change that loses more than a few rows shows here before it shows on the corpus (a
    # round whose sets label no therapy values has no duration or outcome floor)
    rows = [row for path in SETS if path.name in names for row in load_challenge(path)]
    result = evaluate_challenge(rows)
    assert result.assertion_agreement >= assertions
    right, total = result.duration_within_tolerance
    assert (durations is None and total == 0) or right / total >= (durations or 0)
    right, total = result.outcome_agreement
    assert (outcomes is None and total == 0) or right / total >= (outcomes or 0)


def test_a_row_reads_its_mention_and_values(tmp_path: Path) -> None:
    path = tmp_path / "set.tsv"
    path.write_text(
        "id\tfact\tassertion\tmention\ttext\tduration_weeks\toutcome\n"
        "pt-8\tphysical_therapy\tpresent\tPT\tCompleted 8 wks of PT without relief.\t8\tfailed\n"
        "hep-plan\thome_exercise_program\thypothetical\tHEP\tPLAN:\\n1. Start HEP daily.\t\t\n",
        encoding="utf-8",
    )
    rows = load_challenge(path)
    assert rows[1].text == "PLAN:\n1. Start HEP daily." and rows[1].duration_weeks is None
    result = evaluate_challenge(rows)
    assert result.assertion_agreement == 1.0 and result.duration_within_tolerance == (1, 1)
    assert result.outcome_agreement == (1, 1) and result.misses == []


def test_a_none_row_passes_only_when_its_words_do_not_affirm_the_fact(tmp_path: Path) -> None:
    path = tmp_path / "set.tsv"
    path.write_text(
        HEADER + "gb\tbladder_dysfunction\tnone\tgallbladder\tPSH: gallbladder removed 2019.\n"
        "wrong\tbladder_dysfunction\tnone\turinary retention\tHe has urinary retention since Monday.\n"
        "denied\tbladder_dysfunction\tnone\turinary retention\tDenies urinary retention.\n",
        encoding="utf-8",
    )
    result = evaluate_challenge(load_challenge(path))
    # a denial is no affirmation: only the row whose words the pipeline reads as present fails
    assert result.by_assertion == {"none": (2, 3)}
    assert result.misses == [("wrong", "assertion present, labelled none")]
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        "id\tfact\tassertion\tmention\ttext\tduration_weeks\toutcome\n"
        "a\tphysical_therapy\tnone\tPT\tPT/INR 1.1.\t2\t\n",
        encoding="utf-8",
    )
    with pytest.raises(PrescreenError, match="no duration or outcome"):
        load_challenge(bad)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("a\tfever\tpresent\tchills\tFever and sweats.\n", "exactly once"),
        ("a\tnot_a_fact\tpresent\tfever\tNo fever.\n", "unknown fact"),
        ("a\tfever\tmaybe\tfever\tNo fever.\n", "assertion"),
    ],
)
def test_a_bad_row_is_a_one_line_error_naming_its_line(tmp_path: Path, row: str, reason: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(PrescreenError) as exc:
        load_challenge(path)
    message = str(exc.value)
    assert "\n" not in message and f"{path}:2" in message and reason in message
    assert "Fever and sweats" not in message  # no note text in errors


def test_the_command_prints_a_summary_and_exits_2_on_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "a\tfever\tpresent\tchills\tFever.\n", encoding="utf-8")
    assert main([str(bad)]) == 2
    assert "P018" in capsys.readouterr().err


def test_the_command_scores_the_rules_alone_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The sets are the assertion model's training data, so ``--rules-only`` gives the reading a new
    set can be scored blind with; here a row the shipped model overrules (a recent fever it reads as
    history, a known failure in its card) and the rules read as labelled."""
    path = tmp_path / "set.tsv"
    path.write_text(
        HEADER + "ret\tfever\tpresent\tfever\tHPI: Low back pain for 3 months. Had a fever last week.\n",
        encoding="utf-8",
    )
    assert main(["--rules-only", str(path)]) == 0
    assert "assertion agreement 1.000" in capsys.readouterr().out
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "assertion agreement 0.000" in out and "ret: assertion historical, labelled present" in out
