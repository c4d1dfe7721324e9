"""NIA_CG_045 Lumbar Spine CT (January 2024) as data: every indication, its near misses and edges."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import pytest

from prescreen.contract import Fact
from prescreen.criteria.evaluate import Context, Evaluator, Tri
from prescreen.criteria.registry import load_policy_file
from prescreen.criteria.schema import Policy
from tests.criteria.conftest import untried_care_fails

POLICY_FILE = Path(str(resources.files("prescreen.criteria").joinpath("policies", "nia-lumbar-spine-ct-2024-01.yaml")))
POLICY = load_policy_file(POLICY_FILE)


STRICT_POLICY = untried_care_fails(POLICY_FILE)
REQUEST_DATE = dt.date(2024, 6, 1)

MRI_ANY = {"mri_contraindicated", "mri_unable"}
MRI_OR_INDETERMINATE = MRI_ANY | {"mri_indeterminate"}
MRI_OR_SURGEON = MRI_ANY | {"ordering_surgeon"}
MRI_INDETERMINATE_OR_SURGEON = MRI_OR_INDETERMINATE | {"ordering_surgeon"}
NEURO_DEFICIT = {
    "muscle_weakness",
    "abnormal_reflexes",
    "dermatomal_sensory_loss",
    "increased_muscle_tone",
    "bladder_dysfunction",
    "bowel_dysfunction",
    "gait_abnormality",
    "abnormal_emg",
    "foot_drop",
    "cauda_equina_syndrome",
    "back_pain",
    "radiculopathy",
    "saddle_anesthesia",
    "sexual_dysfunction",
    "anal_sphincter_tone_loss",
}
THERAPIES = {
    "physical_therapy",
    "home_exercise_program",
    "chiropractic_care",
    "medication_trial",
    "injection_therapy",
    "device_therapy",
}
PRIOR_IMAGING = {"prior_radiographs", "prior_ct", "prior_mri", "prior_bone_scan"}


# ---------------------------------------------------------------- helpers


def fact(fid: str, status: str = "present", **values: object) -> Fact:
    return Fact(id=fid, status=status, values=values)


def months_ago(months: float) -> str:
    return (REQUEST_DATE - dt.timedelta(days=int(months * 30.4375))).isoformat()


def weeks_ago(weeks: float) -> str:
    return (REQUEST_DATE - dt.timedelta(weeks=weeks)).isoformat()


def context(*facts: Fact, region: str = "lumbar", contrast: str | None = None) -> Context:
    return Context({f.id: f for f in facts}, REQUEST_DATE, region, contrast)  # type: ignore[arg-type]


def evaluate(*facts: Fact, region: str = "lumbar", contrast: str | None = None):
    return Evaluator(POLICY).evaluate(context(*facts, region=region, contrast=contrast))


def indication(result, ind_id: str):
    return next(i for i in result.indications if i.id == ind_id)


def missing(result, ind_id: str) -> list[set[str]]:
    return [set(m.facts) for m in indication(result, ind_id).missing]


def definition(name: str, *facts: Fact, policy: Policy = POLICY) -> Tri:
    return Evaluator(policy).node(policy.definitions[name], context(*facts)).value


def requirement(result, req_id: str) -> str:
    return next(r for r in result.general_requirements if r.id == req_id).status


def assert_meets(result, ind_id: str) -> None:
    assert indication(result, ind_id).status == "true"
    assert result.determination == "meets_criteria"


def assert_needs(result, ind_id: str, expected_missing: list[set[str]]) -> None:
    assert indication(result, ind_id).status == "unknown"
    assert indication(result, ind_id).applicable
    assert missing(result, ind_id) == expected_missing
    assert result.determination == "needs_documentation"


def assert_not_in_play(result, ind_id: str, expected_missing: list[set[str]]) -> None:
    """The indication's entry finding is what is missing: it is unknown but not applicable, so it asks
    for nothing (before `entry`, these near misses were needs_documentation)."""
    ind = indication(result, ind_id)
    assert ind.status == "unknown"
    assert not ind.applicable
    assert missing(result, ind_id) == expected_missing
    in_play = [i for i in result.indications if i.applicable and i.status == "unknown"]
    assert result.determination == ("needs_documentation" if in_play else "does_not_meet")


MRI_CI = fact("mri_contraindicated", reason="pacemaker, not MRI-conditional")
SURGEON = fact("ordering_surgeon")
PT_FAILED = fact("physical_therapy", duration_weeks=8, end_date=months_ago(1), outcome="failed")
NSAID_FAILED = fact("medication_trial", drug="naproxen", duration_weeks=8, end_date=months_ago(1), outcome="failed")


# ---------------------------------------------------------------- the file


def test_policy_file_loads_with_fixed_ids_and_codes():
    assert (POLICY.id, POLICY.version, POLICY.effective_date) == ("nia-lumbar-spine-ct", "2024-01", dt.date(2024, 1, 1))
    assert POLICY.cpt_codes == ["72131", "72132", "72133"]
    assert [i.id for i in POLICY.indications] == [
        "neurologic-deficits",
        "back-pain",
        "pediatric-back-pain",
        "perioperative",
        "csf-leak",
        "trauma",
        "fracture",
        "ct-myelogram",
        "pars-defect-spondylolisthesis",
        "tumor",
        "indeterminate-prior-imaging",
        "infection",
        "spondyloarthropathy",
        "immunosuppression",
        "other-mri-contraindicated",
    ]
    assert [i.id for i in POLICY.non_indications] == ["early-postop-ct", "routine-postop-surveillance"]
    assert {r.id: r.effect for r in POLICY.general_requirements} == {
        "overlapping-study-within-3-months": "flag",
        "combination-spine-regions": "flag",
        "deficit-peripheral-cause": "flag",
    }


def test_no_facts_puts_no_indication_in_play():
    # Reading changed with `entry`: with nothing documented no indication is in play (before, every
    # indication was unknown and the request needs_documentation).
    result = evaluate()
    assert "true" not in {i.status for i in result.indications}
    assert not any(i.applicable for i in result.indications)
    assert result.determination == "does_not_meet"


def test_every_indication_has_an_entry():
    assert all(i.entry is not None and i.entry.text for i in POLICY.indications)


# ---------------------------------------------------------------- neurologic deficits


@pytest.mark.parametrize(
    "deficit",
    [
        [fact("muscle_weakness", muscle="EHL", grade="4/5", side="left")],
        [fact("abnormal_reflexes", reflex="patellar", side="right")],
        [fact("dermatomal_sensory_loss", level="L5", side="left")],
        [fact("increased_muscle_tone")],
        [fact("bladder_dysfunction")],
        [fact("bowel_dysfunction")],
        [fact("foot_drop", side="left")],
        [fact("gait_abnormality", kind="steppage"), fact("abnormal_emg")],
        [fact("cauda_equina_syndrome")],
        [fact("back_pain"), fact("saddle_anesthesia")],
        [fact("radiculopathy"), fact("sexual_dysfunction")],
        [fact("back_pain"), fact("anal_sphincter_tone_loss")],
    ],
    ids=[
        "weakness",
        "reflexes",
        "dermatomal",
        "tone",
        "bladder",
        "bowel",
        "foot-drop",
        "steppage-gait-emg",
        "cauda-equina",
        "pain-saddle",
        "sciatica-sexual",
        "pain-sphincter",
    ],
)
def test_new_deficit_with_mri_contraindicated_meets(deficit):
    assert_meets(evaluate(MRI_CI, *deficit), "neurologic-deficits")


@pytest.mark.parametrize(
    "mri", [fact("mri_unable", reason="body habitus"), fact("mri_indeterminate")], ids=["unable", "inappropriate"]
)
def test_mri_unable_or_non_diagnostic_counts_as_inappropriate(mri):
    assert_meets(evaluate(mri, fact("foot_drop")), "neurologic-deficits")


def test_deficit_without_mri_reason_needs_mri_documentation():
    assert_needs(evaluate(fact("foot_drop")), "neurologic-deficits", [MRI_OR_INDETERMINATE])


def test_mri_contraindicated_without_deficit_is_false():
    # "documented on physical exam": a deficit the notes do not mention is not a documented deficit (the
    # deficit leaves are if_undocumented false; before, this near miss asked for every deficit).
    result = evaluate(MRI_CI)
    assert indication(result, "neurologic-deficits").status == "false"
    assert not indication(result, "neurologic-deficits").applicable


def test_reported_weakness_without_exam_asks_for_the_exam():
    assert_needs(evaluate(MRI_CI, fact("muscle_weakness", "suspected")), "neurologic-deficits", [{"muscle_weakness"}])


def test_mri_possible_documented_makes_neurologic_branch_false():
    result = evaluate(
        fact("mri_contraindicated", "absent"),
        fact("mri_unable", "absent"),
        fact("mri_indeterminate", "absent"),
        fact("foot_drop"),
    )
    assert indication(result, "neurologic-deficits").status == "false"


def test_historical_resolved_weakness_is_not_a_new_deficit():
    # (was UNKNOWN while the other deficits were undocumented; undocumented deficits now read as absent)
    assert definition("neurologic_deficit", fact("muscle_weakness", "historical")) is Tri.FALSE
    others_denied = [fact(f, "absent") for f in NEURO_DEFICIT - {"muscle_weakness"}]
    assert definition("neurologic_deficit", fact("muscle_weakness", "historical"), *others_denied) is Tri.FALSE


GAIT_BRANCH = POLICY.definitions["neurologic_deficit"].any[6]


def test_myelopathic_gait_is_not_a_lumbar_gait_abnormality_per_table_1():
    facts = context(fact("gait_abnormality", kind="myelopathic"), fact("abnormal_emg"))
    assert Evaluator(POLICY).node(GAIT_BRANCH, facts).value is Tri.FALSE


def test_steppage_gait_without_emg_needs_the_emg():
    trace = Evaluator(POLICY).node(GAIT_BRANCH, context(fact("gait_abnormality", kind="steppage")))
    assert trace.value is Tri.UNKNOWN
    assert [c.facts for c in trace.children if c.value is Tri.UNKNOWN] == [["abnormal_emg"]]


def test_saddle_anesthesia_denied_makes_cauda_equina_symptom_false_but_bladder_counts():
    assert (
        definition(
            "neurologic_deficit", fact("back_pain"), fact("saddle_anesthesia", "absent"), fact("bladder_dysfunction")
        )
        is Tri.TRUE
    )


def test_suspected_cauda_equina_alone_still_needs_findings():
    assert definition("neurologic_deficit", fact("cauda_equina_syndrome", "suspected")) is Tri.UNKNOWN


# ---------------------------------------------------------------- back pain


@pytest.mark.parametrize(
    "finding",
    [
        [fact("muscle_weakness")],
        [PT_FAILED, NSAID_FAILED],
        [fact("physical_therapy", duration_weeks=2, outcome="worsened")],
        [fact("abnormal_emg")],
    ],
    ids=["deficit", "failed-conservative", "worsening-during-treatment", "abnormal-emg"],
)
def test_back_pain_with_finding_and_mri_contraindicated_meets(finding):
    assert_meets(evaluate(fact("back_pain"), MRI_CI, *finding), "back-pain")


def test_sciatica_stands_for_back_pain():
    assert_meets(evaluate(fact("radiculopathy"), MRI_CI, fact("abnormal_emg")), "back-pain")


def test_back_pain_near_miss_without_pain():
    assert_not_in_play(evaluate(MRI_CI, fact("abnormal_emg")), "back-pain", [{"back_pain", "radiculopathy"}])


def test_back_pain_near_miss_without_mri_contraindication():
    assert_needs(evaluate(fact("back_pain"), fact("abnormal_emg")), "back-pain", [MRI_ANY])


def test_back_pain_near_miss_without_any_listed_finding():
    # Undocumented deficits, worsening and EMG ("if performed") read as absent: what is left to document
    # is the conservative course (before, every deficit was asked for too).
    result = evaluate(fact("back_pain"), MRI_CI)
    assert indication(result, "back-pain").status == "unknown"
    assert missing(result, "back-pain") == [THERAPIES]
    assert result.determination == "needs_documentation"


def test_back_pain_and_leg_pain_denied_makes_branch_false():
    result = evaluate(fact("back_pain", "absent"), fact("radiculopathy", "absent"), MRI_CI, fact("abnormal_emg"))
    assert indication(result, "back-pain").status == "false"


def test_mri_without_contraindication_is_not_enough_for_back_pain():
    # a non-diagnostic MRI makes MRI 'inappropriate' for deficits, not 'contraindicated' for back pain
    result = evaluate(fact("back_pain"), fact("mri_indeterminate"), fact("abnormal_emg"))
    assert indication(result, "back-pain").status == "unknown"
    assert missing(result, "back-pain") == [MRI_ANY]


# ---------------------------------------------------------------- conservative treatment definition


def course(*facts: Fact, policy: Policy = POLICY) -> Tri:
    return definition("conservative_treatment", *facts, policy=policy)


def course_parts(*facts: Fact) -> list[Tri]:
    """The course's components: active modality, inactive modality, length in the window."""
    trace = Evaluator(POLICY).node(POLICY.definitions["conservative_treatment"], context(*facts))
    return [c.value for c in trace.children]


NO_OTHER_ACTIVE = (fact("home_exercise_program", "absent"), fact("chiropractic_care", "absent"))


def test_six_weeks_of_failed_pt_and_nsaid_is_a_failed_course():
    assert course(PT_FAILED, NSAID_FAILED) is Tri.TRUE


@pytest.mark.parametrize(("weeks", "expected"), [(5, Tri.UNKNOWN), (6, Tri.TRUE)])
def test_five_weeks_is_short_six_weeks_is_enough(weeks, expected):
    pt = fact("physical_therapy", duration_weeks=weeks, end_date=months_ago(1), outcome="failed")
    nsaid = fact("medication_trial", duration_weeks=weeks, end_date=months_ago(1), outcome="failed")
    assert course(pt, nsaid) is expected


@pytest.mark.parametrize(("ended", "expected"), [(6, Tri.TRUE), (7, Tri.UNKNOWN)])
def test_pt_ending_six_months_ago_counts_seven_months_ago_is_outside_window(ended, expected):
    pt = fact("physical_therapy", duration_weeks=8, end_date=months_ago(ended), outcome="failed")
    assert course(pt, NSAID_FAILED, *NO_OTHER_ACTIVE) is expected


def test_pt_seven_months_ago_leaves_the_active_modality_missing():
    pt = fact("physical_therapy", duration_weeks=8, end_date=months_ago(7), outcome="failed")
    assert course_parts(pt, NSAID_FAILED) == [Tri.UNKNOWN, Tri.TRUE, Tri.TRUE]


def test_pt_nine_months_ago_is_outside_window():
    """An old course does not count; the reviewer asks for a current one (GUIDELINES 5.10)."""
    pt = fact("physical_therapy", start_date=months_ago(11), end_date=months_ago(9), outcome="failed")
    assert course(pt, NSAID_FAILED, *NO_OTHER_ACTIVE) is Tri.UNKNOWN
    assert course(pt, NSAID_FAILED, *NO_OTHER_ACTIVE) is not Tri.TRUE


def test_course_length_from_dates():
    pt = fact("physical_therapy", start_date=weeks_ago(7), end_date=weeks_ago(0), outcome="failed")
    nsaid = fact("medication_trial", outcome="failed")
    assert course(pt, nsaid) is Tri.TRUE


def test_active_modality_alone_needs_an_inactive_modality():
    result = evaluate(fact("back_pain"), MRI_CI, PT_FAILED)
    assert indication(result, "back-pain").status == "unknown"
    trace = Evaluator(POLICY).node(POLICY.definitions["conservative_treatment"], context(PT_FAILED))
    assert [(c.label, c.value) for c in trace.children] == [
        (
            "active modality: physical therapy, physician-supervised home exercise program or chiropractic care",
            Tri.TRUE,
        ),
        ("inactive modality: medication, injection or medical device", Tri.UNKNOWN),
        ("treatment lasted at least 6 weeks within the past 6 months", Tri.TRUE),
    ]


def test_inactive_modality_alone_needs_an_active_modality():
    no_active = (
        fact("physical_therapy", "absent"),
        fact("home_exercise_program", "absent"),
        fact("chiropractic_care", "absent"),
    )
    assert course(NSAID_FAILED) is Tri.UNKNOWN
    # An active modality not yet tried is documentation to complete (GUIDELINES 4) ...
    assert course(NSAID_FAILED, *no_active) is Tri.UNKNOWN
    assert (
        course(NSAID_FAILED, fact("physical_therapy", "historical", duration_weeks=8, outcome="failed")) is Tri.UNKNOWN
    )
    # ... unless the policy reads untried care as failing the criterion.
    assert course(NSAID_FAILED, *no_active, policy=STRICT_POLICY) is Tri.FALSE


@pytest.mark.parametrize(
    "inactive",
    [
        fact("injection_therapy", date=months_ago(2), outcome="failed"),
        fact("device_therapy", duration_weeks=6, outcome="failed"),
    ],
    ids=["injection", "device"],
)
def test_injection_or_device_is_an_inactive_modality(inactive):
    assert course(PT_FAILED, inactive) is Tri.TRUE


def test_chiropractic_care_is_an_active_modality():
    chiro = fact("chiropractic_care", duration_weeks=6, end_date=months_ago(1), outcome="failed")
    assert course(chiro, NSAID_FAILED) is Tri.TRUE


@pytest.mark.parametrize(
    ("prescriber", "expected"),
    [("physician", Tri.TRUE), ("physical therapist", Tri.TRUE), ("chiropractor", Tri.TRUE), ("self", Tri.FALSE)],
)
def test_home_exercise_program_must_be_prescribed_by_physician_pt_or_chiropractor(prescriber, expected):
    hep = fact(
        "home_exercise_program", duration_weeks=6, prescribed_by=prescriber, written_instructions=True, outcome="failed"
    )
    no_other = (fact("physical_therapy", "absent"), fact("chiropractic_care", "absent"))
    assert course(hep, NSAID_FAILED, *no_other, policy=STRICT_POLICY) is expected
    # With PT and chiropractic not yet tried, a self-directed program leaves the course to document.
    assert course(hep, NSAID_FAILED, *no_other) is (Tri.TRUE if expected is Tri.TRUE else Tri.UNKNOWN)


def test_home_exercise_program_without_prescriber_needs_documentation():
    hep = fact("home_exercise_program", duration_weeks=6, written_instructions=True, outcome="failed")
    assert course(hep, NSAID_FAILED) is Tri.UNKNOWN


@pytest.mark.parametrize(("written", "expected"), [(True, Tri.TRUE), (False, Tri.FALSE), (None, Tri.UNKNOWN)])
def test_home_exercise_program_needs_an_exercise_prescription_or_plan(written, expected):
    # Encoding fix (gold c1-006): "information provided on exercise prescription/plan" is a documented
    # plan; stretches advised verbally with no written program are not a physician-supervised HEP.
    values = {"written_instructions": written} if written is not None else {}
    hep = fact("home_exercise_program", duration_weeks=6, prescribed_by="physician", outcome="failed", **values)
    no_other = (fact("physical_therapy", "absent"), fact("chiropractic_care", "absent"))
    assert course(hep, NSAID_FAILED, *no_other, policy=STRICT_POLICY) is expected
    assert course(hep, NSAID_FAILED, *no_other) is (Tri.TRUE if expected is Tri.TRUE else Tri.UNKNOWN)


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("failed", Tri.TRUE),
        ("worsened", Tri.TRUE),
        ("unable", Tri.TRUE),
        ("improved", Tri.FALSE),
        ("noncompliant", Tri.UNKNOWN),
        ("ongoing", Tri.UNKNOWN),
    ],
)
def test_failure_means_failed_worsened_or_unable_not_noncompliance(outcome, expected):
    pt = fact("physical_therapy", duration_weeks=8, end_date=months_ago(1), outcome=outcome)
    assert course(pt, NSAID_FAILED, *NO_OTHER_ACTIVE, policy=STRICT_POLICY) is expected
    # Chiropractic and a HEP not yet tried keep a course that helped open to documentation.
    assert course(pt, NSAID_FAILED, *NO_OTHER_ACTIVE) is (Tri.UNKNOWN if expected is Tri.FALSE else expected)


def test_a_short_course_that_helps_so_far_is_not_yet_a_documented_outcome():
    pt = fact("physical_therapy", duration_weeks=3, end_date=months_ago(1), outcome="improved")
    assert course(pt, NSAID_FAILED, *NO_OTHER_ACTIVE, policy=STRICT_POLICY) is Tri.UNKNOWN
    full = fact("physical_therapy", duration_weeks=8, end_date=months_ago(1), outcome="improved")
    assert course(full, NSAID_FAILED, *NO_OTHER_ACTIVE, policy=STRICT_POLICY) is Tri.FALSE


def test_documented_medical_reason_unable_to_participate_satisfies_the_course():
    assert course(fact("conservative_care_unable")) is Tri.TRUE


def test_worsening_during_treatment_needs_no_six_weeks():
    assert (
        definition("worsening_during_treatment", fact("medication_trial", duration_weeks=1, outcome="worsened"))
        is Tri.TRUE
    )
    # a failed (not worsened) medication, and no other treatment mentioned (read as not given)
    assert (
        definition("worsening_during_treatment", fact("medication_trial", duration_weeks=1, outcome="failed"))
        is Tri.FALSE
    )
    # a medication whose outcome is not documented leaves the worsening to be documented
    assert definition("worsening_during_treatment", fact("medication_trial", duration_weeks=1)) is Tri.UNKNOWN


# ---------------------------------------------------------------- pediatric back pain


CHILD_BASE = (fact("back_pain"), MRI_CI)


@pytest.mark.parametrize(
    "red_flag",
    [
        fact("constant_pain"),
        fact("muscle_weakness"),
        fact("morning_stiffness"),
        fact("night_pain"),
        fact("radiculopathy"),
        fact("fever"),
        fact("weight_loss"),
        fact("malaise"),
        fact("scoliosis"),
        fact("gait_abnormality", kind="limp"),
    ],
    ids=lambda f: f.id,
)
def test_child_with_back_pain_and_red_flag_meets(red_flag):
    assert_meets(evaluate(fact("patient_age", years=12), *CHILD_BASE, red_flag), "pediatric-back-pain")


@pytest.mark.parametrize(("age", "status"), [(17, "true"), (18, "false")])
def test_age_17_is_pediatric_age_18_is_not(age, status):
    result = evaluate(fact("patient_age", years=age), *CHILD_BASE, fact("night_pain"))
    assert indication(result, "pediatric-back-pain").status == status


@pytest.mark.parametrize(("age", "status"), [(5, "true"), (6, "unknown")])
def test_age_5_or_younger_is_a_red_flag_age_6_is_not(age, status):
    result = evaluate(fact("patient_age", years=age), *CHILD_BASE)
    assert indication(result, "pediatric-back-pain").status == status


@pytest.mark.parametrize(("weeks", "status"), [(4, "unknown"), (5, "true")])
def test_pain_over_4_weeks_is_a_red_flag(weeks, status):
    result = evaluate(fact("patient_age", years=12), fact("back_pain", duration_weeks=weeks), MRI_CI)
    assert indication(result, "pediatric-back-pain").status == status


def test_child_without_red_flag_needs_a_red_flag():
    result = evaluate(fact("patient_age", years=12), *CHILD_BASE)
    assert result.determination == "needs_documentation"
    assert indication(result, "pediatric-back-pain").status == "unknown"
    red_flags = {
        "constant_pain",
        "back_pain",
        "muscle_weakness",
        "abnormal_reflexes",
        "dermatomal_sensory_loss",
        "increased_muscle_tone",
        "foot_drop",
        "myelopathic_signs",
        "bladder_dysfunction",
        "bowel_dysfunction",
        "saddle_anesthesia",
        "morning_stiffness",
        "night_pain",
        "radiculopathy",
        "fever",
        "weight_loss",
        "malaise",
        "scoliosis",
        "gait_abnormality",
    }
    assert missing(result, "pediatric-back-pain") == [red_flags]


def test_child_near_miss_without_age():
    # the child's age is the entry: back pain of undocumented age does not open the pediatric section
    result = evaluate(*CHILD_BASE, fact("night_pain"))
    assert_not_in_play(result, "pediatric-back-pain", [{"patient_age"}])


def test_child_near_miss_without_back_pain():
    result = evaluate(fact("patient_age", years=12), MRI_CI, fact("fever"))
    assert_not_in_play(result, "pediatric-back-pain", [{"back_pain"}])


def test_child_near_miss_without_mri_contraindication():
    assert_needs(
        evaluate(fact("patient_age", years=12), fact("back_pain"), fact("fever")), "pediatric-back-pain", [MRI_ANY]
    )


def test_child_fever_denied_is_no_red_flag():
    denied = [
        fact(f, "absent")
        for f in (
            "constant_pain",
            "muscle_weakness",
            "abnormal_reflexes",
            "dermatomal_sensory_loss",
            "increased_muscle_tone",
            "foot_drop",
            "myelopathic_signs",
            "bladder_dysfunction",
            "bowel_dysfunction",
            "saddle_anesthesia",
            "morning_stiffness",
            "night_pain",
            "radiculopathy",
            "fever",
            "weight_loss",
            "malaise",
            "scoliosis",
            "gait_abnormality",
        )
    ]
    result = evaluate(fact("patient_age", years=12), fact("back_pain", duration_weeks=2), MRI_CI, *denied)
    assert indication(result, "pediatric-back-pain").status == "false"


# ---------------------------------------------------------------- pre-/post-operative


@pytest.mark.parametrize(
    "facts",
    [
        [fact("planned_spine_procedure", kind="L4-5 fusion"), SURGEON],
        [fact("planned_spine_procedure", kind="L4-5 fusion"), MRI_CI],
        [fact("planned_spine_procedure", kind="CT discogram")],
        [
            fact("prior_spine_surgery", kind="fusion", date=months_ago(7)),
            fact("pseudarthrosis", "suspected"),
            fact("prior_radiographs", result="abnormal"),
        ],
        [fact("prior_spine_surgery", date=months_ago(3)), fact("radiculopathy"), SURGEON],
        [
            fact("prior_spine_surgery"),
            fact("spinal_infection", "suspected"),
            fact("abnormal_labs", tests="CRP"),
            MRI_CI,
        ],
        [fact("prior_spine_surgery"), fact("muscle_weakness"), SURGEON],
    ],
    ids=[
        "preop-surgeon",
        "preop-mri-contraindicated",
        "ct-discogram",
        "pseudarthrosis-7-months",
        "follow-up-3-months",
        "surgical-infection",
        "new-postop-deficit",
    ],
)
def test_perioperative_branch_meets(facts):
    assert_meets(evaluate(*facts), "perioperative")


def test_epidural_injection_is_conservative_care_not_a_procedure_to_follow_up():
    # Encoding fix (gold c1-035): an epidural injection 4 months earlier is an inactive conservative
    # modality, not the "procedure, intervention or surgery" whose follow-up bullet 5 covers.
    facts = [
        fact("injection_therapy", date=months_ago(4), outcome="failed"),
        fact("back_pain"),
        fact("radiculopathy"),
        MRI_CI,
    ]
    result = evaluate(*facts)
    ind = indication(result, "perioperative")
    assert ind.status != "true"
    assert not ind.applicable
    when = POLICY.indications[3].when.any[3]
    assert Evaluator(POLICY).node(when, context(*facts, fact("prior_spine_surgery", "absent"))).value is Tri.FALSE


def test_surgeon_order_puts_perioperative_in_play():
    result = evaluate(fact("back_pain"), SURGEON)
    ind = indication(result, "perioperative")
    assert ind.applicable
    assert ind.status == "unknown"


def test_preop_planning_by_non_surgeon_without_mri_contraindication_needs_it():
    result = evaluate(fact("planned_spine_procedure", kind="fusion"))
    assert indication(result, "perioperative").status == "unknown"
    assert result.determination == "needs_documentation"
    assert len(missing(result, "perioperative")) == 1
    assert missing(result, "perioperative")[0] >= MRI_INDETERMINATE_OR_SURGEON
    trace = Evaluator(POLICY).node(
        POLICY.indications[3].when.any[0], context(fact("planned_spine_procedure", kind="fusion"))
    )
    assert trace.value is Tri.UNKNOWN
    assert set(trace.children[1].facts) == MRI_INDETERMINATE_OR_SURGEON


@pytest.mark.parametrize(
    ("months", "status", "determination"), [(5, "unknown", "does_not_meet"), (7, "true", "meets_criteria")]
)
def test_pseudarthrosis_ct_not_before_6_months_after_fusion(months, status, determination):
    result = evaluate(
        fact("prior_spine_surgery", kind="fusion", date=months_ago(months)),
        fact("pseudarthrosis", "suspected"),
        fact("prior_radiographs", result="abnormal"),
    )
    assert indication(result, "perioperative").status == status
    assert result.determination == determination
    assert [n.id for n in result.non_indications] == ([] if months == 7 else ["early-postop-ct"])


def test_pseudarthrosis_branch_needs_the_initial_x_rays():
    when = POLICY.indications[3].when.any[2]
    trace = Evaluator(POLICY).node(
        when, context(fact("prior_spine_surgery", date=months_ago(8)), fact("pseudarthrosis"))
    )
    assert trace.value is Tri.UNKNOWN
    assert [c.facts for c in trace.children if c.value is Tri.UNKNOWN] == [["prior_radiographs"]]


@pytest.mark.parametrize(("months", "expected"), [(5, Tri.TRUE), (7, Tri.FALSE)])
def test_follow_up_only_within_6_months_after_surgery(months, expected):
    when = POLICY.indications[3].when.any[3]
    facts = context(
        fact("prior_spine_surgery", date=months_ago(months)),
        fact("injection_therapy", "absent"),
        fact("radiculopathy"),
        SURGEON,
    )
    assert Evaluator(POLICY).node(when, facts).value is expected


def test_follow_up_needs_a_medical_reason():
    when = POLICY.indications[3].when.any[3]
    trace = Evaluator(POLICY).node(when, context(fact("prior_spine_surgery", date=months_ago(2)), SURGEON))
    assert trace.value is Tri.UNKNOWN
    unknown = [set(c.facts) for c in trace.children if c.value is Tri.UNKNOWN]
    assert unknown == [NEURO_DEFICIT | {"fever", "spinal_infection", "fluid_collection", "pseudarthrosis"}]


def test_surgical_infection_needs_supporting_evidence():
    when = POLICY.indications[3].when.any[4]
    trace = Evaluator(POLICY).node(
        when, context(fact("prior_spine_surgery"), fact("spinal_infection", "suspected"), MRI_CI)
    )
    assert trace.value is Tri.UNKNOWN
    unknown = [set(c.facts) for c in trace.children if c.value is Tri.UNKNOWN]
    assert unknown == [{"fever", "malaise", "abnormal_labs", "fluid_collection"} | PRIOR_IMAGING]


def test_new_postop_deficit_needs_mri_reason_or_surgeon():
    when = POLICY.indications[3].when.any[5]
    trace = Evaluator(POLICY).node(when, context(fact("prior_spine_surgery"), fact("foot_drop")))
    assert trace.value is Tri.UNKNOWN
    assert [set(c.facts) for c in trace.children if c.value is Tri.UNKNOWN] == [MRI_INDETERMINATE_OR_SURGEON]


# ---------------------------------------------------------------- CSF leak


@pytest.mark.parametrize("status", ["present", "suspected"])
def test_known_or_suspected_csf_leak_meets(status):
    assert_meets(evaluate(fact("csf_leak", status)), "csf-leak")


def test_csf_leak_denied_is_false():
    assert indication(evaluate(fact("csf_leak", "absent")), "csf-leak").status == "false"


def test_csf_leak_undocumented_is_not_in_play():
    # (was needs_documentation: an undocumented CSF leak no longer holds an ordinary request open)
    assert_not_in_play(evaluate(fact("back_pain", "absent")), "csf-leak", [{"csf_leak"}])


# ---------------------------------------------------------------- trauma


@pytest.mark.parametrize(
    "finding",
    [
        [fact("muscle_weakness")],
        [fact("physical_therapy", duration_weeks=2, outcome="worsened")],
        [fact("axial_spondyloarthritis")],
        [fact("dish")],
        [fact("prior_radiographs", result="abnormal")],
        [fact("prior_ct", result="equivocal")],
    ],
    ids=["deficit", "worsening", "ankylosing-spondylitis", "dish", "x-ray-findings", "ct-findings"],
)
def test_trauma_with_finding_meets_without_mri_contraindication(finding):
    assert_meets(evaluate(fact("trauma", mechanism="fall", date=weeks_ago(1)), *finding), "trauma")


def test_trauma_near_miss_without_finding():
    # undocumented deficits and worsening read as absent; the underlying abnormality or preliminary
    # imaging is what is left to document
    result = evaluate(fact("trauma", mechanism="fall", date=weeks_ago(1)))
    expected = {"axial_spondyloarthritis", "dish", "prior_radiographs", "prior_ct"}
    assert_needs(result, "trauma", [expected])


def test_trauma_near_miss_without_injury():
    assert_not_in_play(evaluate(fact("dish")), "trauma", [{"trauma"}])


def test_remote_trauma_is_not_the_trauma_being_evaluated():
    # Encoding fix: "trauma or acute injury" is the current injury; a car crash years ago is history.
    result = evaluate(fact("trauma", mechanism="motor vehicle collision", date="2019"), fact("muscle_weakness"))
    ind = indication(result, "trauma")
    assert ind.status == "false"
    assert ind.missing == []


def test_undated_trauma_asks_for_the_date():
    result = evaluate(fact("trauma", mechanism="fall"), fact("muscle_weakness"))
    ind = indication(result, "trauma")
    assert ind.status == "unknown"
    assert {"trauma"} in missing(result, "trauma")


def test_normal_preliminary_x_ray_is_not_a_finding():
    when = POLICY.indications[5].when.all[1].any[3]
    assert (
        Evaluator(POLICY)
        .node(when, context(fact("prior_radiographs", result="normal"), fact("prior_ct", result="normal")))
        .value
        is Tri.FALSE
    )


# ---------------------------------------------------------------- fracture


@pytest.mark.parametrize(
    "facts",
    [
        [fact("fracture", kind="compression", healing="nonunion")],
        [fact("fracture", kind="burst")],
        [fact("fracture", kind="compression"), fact("cancer_history", cancer_type="breast"), MRI_CI],
        [fact("fracture"), fact("muscle_weakness")],
        [fact("fracture"), fact("planned_spine_procedure", kind="kyphoplasty")],
        [
            fact("fracture", "suspected", kind="compression"),
            fact("back_pain"),
            fact("planned_spine_procedure", kind="kyphoplasty"),
        ],
    ],
    ids=[
        "non-union",
        "fragment-position",
        "malignancy-mri-contraindicated",
        "new-deficit",
        "planned-intervention",
        "new-compression-fracture-with-pain",
    ],
)
def test_fracture_with_purpose_meets(facts):
    assert_meets(evaluate(*facts), "fracture")


def test_fracture_with_malignancy_needs_mri_contraindication():
    result = evaluate(fact("fracture", kind="compression"), fact("cancer_history", cancer_type="breast"))
    # the purpose ANY is the one missing item; its malignancy bullet lacks only the MRI reason
    # (undocumented deficits read as absent, so the new-deficit bullet is no longer among them)
    purposes = {"fracture", "cancer_history", "planned_spine_procedure"} | MRI_ANY
    assert_needs(result, "fracture", [purposes])
    bullet_3 = Evaluator(POLICY).node(POLICY.indications[6].when.all[1].any[2], context(fact("cancer_history")))
    assert [set(c.facts) for c in bullet_3.children if c.value is Tri.UNKNOWN] == [MRI_ANY]


def test_fracture_near_miss_without_fracture():
    result = evaluate(fact("planned_spine_procedure", kind="kyphoplasty"))
    assert_not_in_play(result, "fracture", [{"fracture", "back_pain"}])


def test_suspected_burst_fracture_needs_confirmation_as_a_known_fracture():
    result = evaluate(fact("fracture", "suspected", kind="burst"), fact("back_pain"), fact("muscle_weakness"), MRI_CI)
    assert indication(result, "fracture").status == "unknown"
    assert missing(result, "fracture") == [{"fracture"}]


def test_fracture_denied_makes_fracture_false():
    result = evaluate(fact("fracture", "absent"), fact("back_pain"), fact("planned_spine_procedure"))
    assert indication(result, "fracture").status == "false"


# ---------------------------------------------------------------- CT myelogram


@pytest.mark.parametrize(
    "facts",
    [
        [SURGEON, fact("mri_indeterminate")],
        [MRI_CI, fact("planned_spine_procedure", kind="decompression")],
        [fact("mri_unable", reason="claustrophobia, failed sedated attempt"), fact("csf_leak", "suspected")],
    ],
    ids=["mri-does-not-explain-symptoms", "surgical-planning", "csf-leak-site"],
)
def test_ct_myelogram_meets(facts):
    assert_meets(evaluate(*facts, contrast="with"), "ct-myelogram")
    assert indication(evaluate(*facts, contrast="without_and_with"), "ct-myelogram").status == "true"


@pytest.mark.parametrize(
    "facts",
    [
        [SURGEON, fact("mri_indeterminate")],
        [MRI_CI, fact("planned_spine_procedure", kind="decompression")],
        [fact("mri_unable", reason="claustrophobia, failed sedated attempt"), fact("csf_leak", "suspected")],
    ],
    ids=["mri-does-not-explain-symptoms", "surgical-planning", "csf-leak-site"],
)
def test_ct_myelogram_is_never_met_by_a_plain_ct(facts):
    # Encoding fix: a CT myelogram is a CT with (intrathecal) contrast; a plain lumbar CT (72131) never
    # meets the section, and the section is not in play for it.
    ind = indication(evaluate(*facts, contrast="without"), "ct-myelogram")
    assert ind.status == "false"
    assert not ind.applicable


def test_ct_myelogram_without_the_request_contrast_is_unknown():
    ind = indication(evaluate(SURGEON, fact("mri_indeterminate")), "ct-myelogram")
    assert ind.status == "unknown"
    assert not ind.applicable


def test_ct_myelogram_near_miss_without_mri_reason_or_surgeon():
    result = evaluate(fact("mri_indeterminate"), fact("csf_leak", "absent"), contrast="with")
    assert indication(result, "ct-myelogram").status == "unknown"
    assert missing(result, "ct-myelogram") == [MRI_OR_SURGEON]


def test_ct_myelogram_near_miss_without_purpose():
    result = evaluate(SURGEON, contrast="with")
    assert indication(result, "ct-myelogram").status == "unknown"
    assert missing(result, "ct-myelogram") == [{"mri_indeterminate", "csf_leak", "planned_spine_procedure"}]


# ---------------------------------------------------------------- pars defect / spondylolisthesis


def test_adult_spondylolisthesis_with_flexion_extension_instability_meets():
    result = evaluate(
        fact("patient_age", years=45),
        fact("spondylolisthesis", level="L4-5", grade=1),
        fact("prior_radiographs", flexion_extension_instability=True),
    )
    assert_meets(result, "pars-defect-spondylolisthesis")


def test_adult_without_instability_is_false():
    result = evaluate(
        fact("patient_age", years=45),
        fact("spondylolisthesis"),
        fact("prior_radiographs", flexion_extension_instability=False),
    )
    assert indication(result, "pars-defect-spondylolisthesis").status == "false"


@pytest.mark.parametrize(("age", "status"), [(17, "false"), (18, "true")])
def test_adult_instability_branch_starts_at_18(age, status):
    result = evaluate(
        fact("patient_age", years=age),
        fact("spondylolysis"),
        fact("prior_radiographs", result="abnormal", flexion_extension_instability=True),
    )
    assert indication(result, "pars-defect-spondylolisthesis").status == status


def test_child_with_suspected_pars_defect_not_seen_on_x_ray_meets():
    result = evaluate(
        fact("patient_age", years=14),
        fact("spondylolysis", "suspected"),
        fact("prior_radiographs", result="normal"),
        MRI_CI,
    )
    assert_meets(result, "pars-defect-spondylolisthesis")


def test_child_suspected_pars_surgeon_preference_meets():
    result = evaluate(
        fact("patient_age", years=14),
        fact("spondylolysis", "suspected"),
        fact("prior_radiographs", result="normal"),
        SURGEON,
    )
    assert_meets(result, "pars-defect-spondylolisthesis")


def test_child_pars_near_miss_without_mri_reason():
    facts = (
        fact("patient_age", years=14),
        fact("spondylolysis", "suspected"),
        fact("prior_radiographs", result="normal"),
    )
    # an unknown ANY is reported as one item: the open pediatric branch with its facts
    pediatric = {"patient_age", "spondylolysis", "prior_radiographs"} | MRI_OR_SURGEON
    assert_needs(evaluate(*facts), "pars-defect-spondylolisthesis", [pediatric])
    trace = Evaluator(POLICY).node(POLICY.indications[8].when.any[1], context(*facts))
    assert [set(c.facts) for c in trace.children if c.value is Tri.UNKNOWN] == [MRI_OR_SURGEON]


def test_adult_near_miss_without_flexion_extension_films():
    facts = (fact("patient_age", years=50), fact("spondylolisthesis"))
    adult = {"patient_age", "spondylolysis", "spondylolisthesis", "prior_radiographs"}
    assert_needs(evaluate(*facts), "pars-defect-spondylolisthesis", [adult])
    trace = Evaluator(POLICY).node(POLICY.indications[8].when.any[0], context(*facts))
    assert [c.facts for c in trace.children if c.value is Tri.UNKNOWN] == [["prior_radiographs"]]


# ---------------------------------------------------------------- tumor


@pytest.mark.parametrize(
    "facts",
    [
        [fact("spinal_tumor"), fact("active_cancer_treatment", "absent")],
        [fact("spinal_tumor"), fact("active_cancer_treatment", phase="chemotherapy")],
        [fact("spinal_tumor"), fact("night_pain")],
        [fact("spinal_tumor"), fact("muscle_weakness")],
        [fact("metastatic_disease", "suspected"), fact("prior_bone_scan", result="abnormal")],
        [fact("cancer_history", cancer_type="lung", active=True), fact("prior_ct", result="inconclusive")],
        [fact("cancer_history", cancer_type="prostate", active=True), fact("back_pain")],
    ],
    ids=[
        "initial-staging",
        "active-treatment",
        "known-tumor-new-symptom",
        "new-deficit",
        "bone-scan-metastasis",
        "inconclusive-prior-imaging",
        "malignancy-new-pain",
    ],
)
def test_tumor_meets_without_mri_contraindication(facts):
    assert_meets(evaluate(*facts), "tumor")


def test_cancer_type_that_rarely_metastasizes_to_spine_is_false_for_that_branch():
    when = POLICY.indications[9].when.any[5]
    facts = context(fact("cancer_history", cancer_type="melanoma", active=True), fact("back_pain"))
    assert Evaluator(POLICY).node(when, facts).value is Tri.FALSE


def test_known_malignancy_with_pain_needs_cancer_type():
    when = POLICY.indications[9].when.any[5]
    trace = Evaluator(POLICY).node(when, context(fact("cancer_history", active=True), fact("back_pain")))
    assert trace.value is Tri.UNKNOWN
    assert [c.facts for c in trace.children if c.value is Tri.UNKNOWN] == [["cancer_history"]]


def test_remote_treated_cancer_does_not_make_new_back_pain_a_tumor_indication():
    # Encoding fix (gold c3-038): "known malignancy" is a current cancer; breast cancer treated in 2009
    # with no evidence of disease is the Overview's "cancer history without known active cancer".
    facts = [
        fact("cancer_history", cancer_type="breast", active=False),
        fact("back_pain"),
        fact("prior_radiographs", result="equivocal"),
    ]
    result = evaluate(*facts)
    ind = indication(result, "tumor")
    assert ind.status != "true"
    assert not ind.applicable
    known_malignancy_bullet = POLICY.indications[9].when.any[5]
    assert Evaluator(POLICY).node(known_malignancy_bullet, context(*facts)).value is Tri.FALSE


def test_cancer_of_unstated_activity_asks_whether_it_is_active():
    result = evaluate(fact("cancer_history", cancer_type="breast"), fact("back_pain"))
    when = POLICY.indications[9].when.any[5]
    trace = Evaluator(POLICY).node(when, context(fact("cancer_history", cancer_type="breast"), fact("back_pain")))
    assert trace.value is Tri.UNKNOWN
    assert not indication(result, "tumor").applicable


def test_suspected_tumor_with_new_deficit_is_the_neurologic_section_not_the_tumor_section():
    # Encoding fix (gold c2-037): the deficit bullet is under "Primary tumor"/"Metastatic tumor", a known
    # tumor; a tumor only in the differential of a new deficit leaves the bullet to be documented.
    result = evaluate(fact("spinal_tumor", "suspected"), fact("muscle_weakness"), fact("back_pain"))
    assert indication(result, "tumor").status == "unknown"
    assert result.determination == "needs_documentation"


def test_known_spinal_tumor_alone_needs_treatment_or_new_findings():
    result = evaluate(fact("spinal_tumor"))
    assert indication(result, "tumor").status == "unknown"
    assert result.determination == "needs_documentation"
    # initial staging asks whether treatment has started (the extractor has no "staging" phase)
    assert "active_cancer_treatment" in set().union(*missing(result, "tumor"))


# ---------------------------------------------------------------- indeterminate prior imaging


@pytest.mark.parametrize(
    "facts",
    [
        [fact("prior_radiographs", result="inconclusive"), MRI_CI],
        [fact("prior_ct", result="equivocal"), fact("mri_unable", reason="body habitus")],
        [fact("mri_indeterminate")],
    ],
    ids=["x-ray-mri-contraindicated", "ct-follow-up-mri-unable", "mri-indeterminate-ct-preferred"],
)
def test_indeterminate_prior_imaging_meets(facts):
    assert_meets(evaluate(*facts), "indeterminate-prior-imaging")


def test_indeterminate_finding_without_mri_reason_needs_it():
    result = evaluate(fact("prior_radiographs", result="inconclusive"))
    assert indication(result, "indeterminate-prior-imaging").status == "unknown"
    assert result.determination == "needs_documentation"
    trace = Evaluator(POLICY).node(
        POLICY.indications[10].when.any[0], context(fact("prior_radiographs", result="inconclusive"))
    )
    assert [set(c.facts) for c in trace.children if c.value is Tri.UNKNOWN] == [MRI_OR_INDETERMINATE]


def test_normal_prior_imaging_is_not_indeterminate():
    when = POLICY.definitions["prior_imaging_inconclusive"]
    facts = [fact(f, result="normal") for f in PRIOR_IMAGING] + [fact("mri_indeterminate", "absent")]
    assert Evaluator(POLICY).node(when, context(*facts)).value is Tri.FALSE


# ---------------------------------------------------------------- infection, spondyloarthropathy, immune suppression


@pytest.mark.parametrize(
    "facts",
    [
        [fact("spinal_infection", "suspected"), fact("fever")],
        [fact("spinal_infection", "suspected"), fact("abnormal_labs", tests="ESR, CRP")],
        [fact("spinal_infection"), fact("prior_mri", result="abnormal")],
    ],
    ids=["fever", "labs", "follow-up-imaging"],
)
def test_infection_with_evidence_and_mri_contraindicated_meets(facts):
    assert_meets(evaluate(MRI_CI, *facts), "infection")


def test_infection_near_miss_without_mri_contraindication():
    assert_needs(evaluate(fact("spinal_infection", "suspected"), fact("fever")), "infection", [MRI_ANY])


def test_infection_near_miss_without_evidence():
    result = evaluate(MRI_CI, fact("spinal_infection", "suspected"))
    evidence = {"fever", "malaise", "abnormal_labs", "fluid_collection"} | PRIOR_IMAGING
    # both bullets stay open: the suspected infection lacks evidence, and follow-up needs a known infection
    assert_needs(result, "infection", [evidence | {"spinal_infection"} | NEURO_DEFICIT])
    bullet_1 = Evaluator(POLICY).node(
        POLICY.indications[11].when.all[1].any[0], context(MRI_CI, fact("spinal_infection", "suspected"))
    )
    assert [set(c.facts) for c in bullet_1.children if c.value is Tri.UNKNOWN] == [evidence]


def test_spondyloarthropathy_with_non_diagnostic_x_ray_meets():
    result = evaluate(MRI_CI, fact("axial_spondyloarthritis", "suspected"), fact("prior_radiographs", result="normal"))
    assert_meets(result, "spondyloarthropathy")


def test_spondyloarthropathy_near_miss_without_x_ray():
    assert_needs(
        evaluate(MRI_CI, fact("axial_spondyloarthritis", "suspected")), "spondyloarthropathy", [{"prior_radiographs"}]
    )


def test_spondyloarthropathy_near_miss_without_mri_contraindication():
    result = evaluate(fact("axial_spondyloarthritis"), fact("prior_radiographs", result="equivocal"))
    assert_needs(result, "spondyloarthropathy", [MRI_ANY])


def test_diagnostic_x_ray_makes_spondyloarthropathy_false():
    result = evaluate(MRI_CI, fact("axial_spondyloarthritis"), fact("prior_radiographs", result="abnormal"))
    assert indication(result, "spondyloarthropathy").status == "false"


def test_immunosuppressed_patient_with_back_pain_and_mri_contraindicated_meets():
    assert_meets(evaluate(fact("immunosuppression"), MRI_CI, fact("back_pain")), "immunosuppression")


def test_immunosuppression_near_miss_without_signs():
    result = evaluate(fact("immunosuppression"), MRI_CI)
    # (undocumented deficits read as absent, so they are no longer listed)
    expected = {"back_pain", "radiculopathy", "fever", "abnormal_labs"} | PRIOR_IMAGING
    assert_needs(result, "immunosuppression", [expected])


def test_immunosuppression_near_miss_without_immune_suppression():
    assert_not_in_play(evaluate(MRI_CI, fact("fever")), "immunosuppression", [{"immunosuppression"}])


# ---------------------------------------------------------------- other indications when MRI is contraindicated


@pytest.mark.parametrize(
    "facts",
    [
        [fact("tethered_cord")],
        [fact("tethered_cord", "suspected"), fact("cutaneous_stigmata", marker="hypertrichosis", risk="high")],
        [fact("anorectal_malformation")],
        [fact("cutaneous_stigmata", marker="sacral dimple", risk="high"), fact("patient_age", years=1)],
        [fact("toe_walking"), fact("patient_age", years=6), fact("abnormal_reflexes", reflex="patellar hyperreflexia")],
        [fact("chiari_malformation", type="II")],
        [fact("chiari_malformation", type="I"), fact("tethered_cord", "suspected")],
        [fact("neuroinflammatory_disease", "suspected")],
    ],
    ids=[
        "tethered-cord",
        "suspected-tethered-cord-stigmata",
        "anorectal-malformation",
        "sacral-dimple",
        "toe-walking-umn",
        "chiari-ii",
        "chiari-i-follow-up",
        "neuroinflammatory",
    ],
)
def test_other_indication_with_mri_contraindicated_meets(facts):
    assert_meets(evaluate(MRI_CI, *facts), "other-mri-contraindicated")


def test_other_indication_near_miss_without_mri_contraindication():
    assert_needs(evaluate(fact("anorectal_malformation")), "other-mri-contraindicated", [MRI_ANY])


def test_sacral_dimple_in_infant_3_months_or_younger_should_have_ultrasound():
    when = POLICY.indications[14].when.all[1].any[2]
    dimple = fact("cutaneous_stigmata", marker="sacral dimple", risk="high")
    assert Evaluator(POLICY).node(when, context(dimple, fact("patient_age", years=0.2))).value is Tri.FALSE
    assert Evaluator(POLICY).node(when, context(dimple, fact("patient_age", years=0.5))).value is Tri.TRUE


def test_simple_low_risk_dimple_is_not_suspicious():
    # Encoding fix (gold c4-025): a simple coccygeal dimple (risk low) is not the "suspicious" dimple of
    # bullet 3; a dimple of undocumented risk leaves its features to be documented.
    when = POLICY.indications[14].when.all[1].any[2]
    low = fact("cutaneous_stigmata", marker="sacral dimple", risk="low")
    assert Evaluator(POLICY).node(when, context(low, fact("patient_age", years=3))).value is Tri.FALSE
    unrated = fact("cutaneous_stigmata", marker="sacral dimple")
    assert Evaluator(POLICY).node(when, context(unrated, fact("patient_age", years=3))).value is Tri.UNKNOWN


def test_toe_walking_without_upper_motor_neuron_signs_is_does_not_meet():
    # Gold c4-002 / c4-003: toe walking with a normal neurological exam; the other bullets (tethered cord,
    # dimple, Chiari...) are not mentioned and read as absent, so nothing holds the request open.
    facts = [
        fact("toe_walking"),
        fact("patient_age", years=5),
        fact("mri_unable", reason="failed sedation"),
        *[fact(f, "absent") for f in ("abnormal_reflexes", "increased_muscle_tone", "myelopathic_signs")],
    ]
    result = evaluate(*facts)
    assert indication(result, "other-mri-contraindicated").status == "false"
    assert result.determination == "does_not_meet"


@pytest.mark.parametrize(("age", "expected"), [(17, Tri.TRUE), (18, Tri.FALSE)])
def test_toe_walking_is_a_child_indication(age, expected):
    when = POLICY.indications[14].when.all[1].any[3]
    facts = context(fact("toe_walking"), fact("patient_age", years=age), fact("increased_muscle_tone"))
    assert Evaluator(POLICY).node(when, facts).value is expected


def test_chiari_i_without_new_signs_is_not_chiari_ii_to_iv():
    when = POLICY.indications[14].when.all[1]
    trace = Evaluator(POLICY).node(when, context(fact("chiari_malformation", type="I")))
    assert trace.value is Tri.UNKNOWN
    chiari_ii_iv = trace.children[4]
    assert chiari_ii_iv.value is Tri.FALSE


def test_suspected_tethered_cord_needs_its_basis():
    when = POLICY.indications[14].when.all[1].any[0]
    trace = Evaluator(POLICY).node(when, context(fact("tethered_cord", "suspected")))
    assert trace.value is Tri.UNKNOWN
    assert (
        Evaluator(POLICY)
        .node(when, context(fact("tethered_cord", "suspected"), fact("cutaneous_stigmata", risk="low")))
        .value
        is Tri.UNKNOWN
    )


# ---------------------------------------------------------------- non-indications


def test_pseudarthrosis_ct_three_months_after_fusion_does_not_meet():
    result = evaluate(
        fact("prior_spine_surgery", kind="fusion", date=months_ago(3)),
        fact("pseudarthrosis", "suspected"),
        SURGEON,
        fact("planned_spine_procedure"),
    )
    # even with a planned revision the early CT is a non-indication (recorded reading)
    assert [n.id for n in result.non_indications] == ["early-postop-ct"]
    assert result.determination == "does_not_meet"


def test_asymptomatic_post_op_surveillance_does_not_meet():
    result = evaluate(
        fact("prior_spine_surgery", date=months_ago(4)),
        fact("back_pain", "absent"),
        fact("radiculopathy", "absent"),
        SURGEON,
    )
    assert [n.id for n in result.non_indications] == ["routine-postop-surveillance"]
    assert result.determination == "does_not_meet"


def test_post_op_with_undocumented_symptoms_is_not_called_surveillance():
    result = evaluate(fact("prior_spine_surgery", date=months_ago(4)), SURGEON)
    assert result.non_indications == []
    assert result.determination == "needs_documentation"


def test_post_op_with_radicular_pain_is_not_surveillance():
    result = evaluate(
        fact("prior_spine_surgery", date=months_ago(4)), fact("back_pain", "absent"), fact("radiculopathy"), SURGEON
    )
    assert result.non_indications == []
    assert_meets(result, "perioperative")


# ---------------------------------------------------------------- general requirements


@pytest.mark.parametrize(
    ("prior", "status"),
    [
        (fact("prior_mri", region="lumbar", date=months_ago(1), result="normal"), "true"),
        (fact("prior_ct", region="lumbar", date=months_ago(2), result="abnormal"), "true"),
        (fact("prior_mri", region="lumbar", date=months_ago(4), result="normal"), "false"),
        (fact("prior_mri", region="lumbar", date=months_ago(1), result="inconclusive"), "false"),
        (fact("prior_mri", region="cervical", date=months_ago(1), result="normal"), "false"),
        (fact("prior_mri", region="lumbar", date=months_ago(1)), "unknown"),
    ],
    ids=["mri-1-month", "ct-2-months", "mri-4-months", "inconclusive", "other-region", "result-unknown"],
)
def test_overlapping_lumbar_study_within_3_months_is_flagged(prior, status):
    other = fact("prior_ct" if prior.id == "prior_mri" else "prior_mri", "absent")
    result = evaluate(prior, other, fact("csf_leak"))
    assert requirement(result, "overlapping-study-within-3-months") == status
    assert result.determination == "meets_criteria"  # a flag, not a denial


def test_recent_ct_of_another_spine_region_is_flagged():
    result = evaluate(fact("prior_ct", region="cervical", date=months_ago(1), result="normal"))
    assert requirement(result, "combination-spine-regions") == "true"
    assert (
        requirement(evaluate(fact("prior_ct", region="lumbar", date=months_ago(1))), "combination-spine-regions")
        == "false"
    )


@pytest.mark.parametrize("cause", ["plexopathy", "peripheral_neuropathy"])
def test_weakness_explained_by_documented_peripheral_cause_does_not_count(cause):
    result = evaluate(MRI_CI, fact("muscle_weakness"), fact(cause))
    assert requirement(result, "deficit-peripheral-cause") == "true"
    # the weakness branch is false; other deficits are undocumented and read as absent ("documented on
    # physical exam"), so the indication is false (it was left open before)
    assert indication(result, "neurologic-deficits").status == "false"
    assert result.determination == "does_not_meet"
    assert requirement(evaluate(MRI_CI, fact("muscle_weakness")), "deficit-peripheral-cause") == "unknown"


@pytest.mark.parametrize("cause", ["plexopathy", "peripheral_neuropathy"])
def test_weakness_counts_when_peripheral_cause_is_undocumented_or_denied(cause):
    assert_meets(evaluate(MRI_CI, fact("muscle_weakness")), "neurologic-deficits")
    assert_meets(evaluate(MRI_CI, fact("muscle_weakness"), fact(cause, "absent")), "neurologic-deficits")


def test_suspected_peripheral_neuropathy_leaves_weakness_to_document():
    result = evaluate(MRI_CI, fact("muscle_weakness"), fact("peripheral_neuropathy", "suspected"))
    assert indication(result, "neurologic-deficits").status == "unknown"


# ---------------------------------------------------------------- near misses inside ANY-of-ALL indications
#
# Where an indication is an ANY of branches, the result reports the open branch as one missing item;
# each branch's required elements are checked on the branch itself, and on the whole result.

INDEX = {i.id: i for i in POLICY.indications}


def branch(ind_id: str, *path: int):
    node = INDEX[ind_id].when
    for i in path:
        node = getattr(node, "any", None) or getattr(node, "all", None) or node.of
        node = node[i]
    return node


NEAR_MISSES = [
    # (indication, branch path, facts, the branch's single missing element)
    ("perioperative", (0,), [SURGEON], {"planned_spine_procedure"}),
    ("perioperative", (2,), [fact("pseudarthrosis"), fact("prior_radiographs")], {"prior_spine_surgery"}),
    (
        "perioperative",
        (2,),
        [fact("prior_spine_surgery", date=months_ago(8)), fact("prior_radiographs")],
        {"pseudarthrosis"},
    ),
    # (an injection is conservative care, not a procedure to follow up: only the surgery is asked for)
    ("perioperative", (3,), [fact("radiculopathy"), SURGEON], {"prior_spine_surgery"}),
    (
        "perioperative",
        (3,),
        [fact("prior_spine_surgery", date=months_ago(2)), fact("radiculopathy")],
        MRI_INDETERMINATE_OR_SURGEON,
    ),
    ("perioperative", (4,), [fact("spinal_infection"), fact("fever"), SURGEON], {"prior_spine_surgery"}),
    ("perioperative", (4,), [fact("prior_spine_surgery"), fact("fever"), MRI_CI], {"spinal_infection"}),
    (
        "perioperative",
        (4,),
        [fact("prior_spine_surgery"), fact("spinal_infection"), fact("fever")],
        MRI_INDETERMINATE_OR_SURGEON,
    ),
    ("perioperative", (5,), [fact("muscle_weakness"), SURGEON], {"prior_spine_surgery"}),
    # (a deficit must be documented on exam: a suspected one is asked for, an unmentioned one is absent)
    ("perioperative", (5,), [fact("prior_spine_surgery"), fact("foot_drop", "suspected"), SURGEON], NEURO_DEFICIT),
    (
        "pars-defect-spondylolisthesis",
        (0,),
        [fact("spondylolisthesis"), fact("prior_radiographs", flexion_extension_instability=True)],
        {"patient_age"},
    ),
    (
        "pars-defect-spondylolisthesis",
        (0,),
        [fact("patient_age", years=40), fact("prior_radiographs", flexion_extension_instability=True)],
        {"spondylolysis", "spondylolisthesis"},
    ),
    (
        "pars-defect-spondylolisthesis",
        (1,),
        [fact("spondylolysis", "suspected"), fact("prior_radiographs", result="normal"), MRI_CI],
        {"patient_age"},
    ),
    (
        "pars-defect-spondylolisthesis",
        (1,),
        [fact("patient_age", years=13), fact("prior_radiographs", result="normal"), MRI_CI],
        {"spondylolysis"},
    ),
    (
        "pars-defect-spondylolisthesis",
        (1,),
        [fact("patient_age", years=13), fact("spondylolysis", "suspected"), MRI_CI],
        {"prior_radiographs"},
    ),
    ("tumor", (0,), [fact("active_cancer_treatment", "absent")], {"spinal_tumor"}),
    # (the open element is the NOT "no treatment or surveillance yet", whose facts are exclusions)
    ("tumor", (0,), [fact("spinal_tumor")], set()),
    ("tumor", (1,), [fact("active_cancer_treatment", phase="active")], {"spinal_tumor"}),
    (
        "tumor",
        (2,),
        [fact("spinal_tumor")],
        {"back_pain", "radiculopathy", "night_pain", "abnormal_labs"} | PRIOR_IMAGING,
    ),
    ("tumor", (3,), [fact("muscle_weakness")], {"spinal_tumor", "metastatic_disease"}),
    ("tumor", (3,), [fact("metastatic_disease"), fact("muscle_weakness", "suspected")], NEURO_DEFICIT),
    ("tumor", (4, 0), [fact("metastatic_disease", "suspected")], {"prior_bone_scan"}),
    ("tumor", (4, 1), [fact("prior_mri", result="inconclusive")], {"metastatic_disease", "cancer_history"}),
    (
        "tumor",
        (5,),
        [fact("cancer_history", cancer_type="breast", active=True)],
        {"back_pain", "radiculopathy", "night_pain", "abnormal_labs"} | NEURO_DEFICIT | PRIOR_IMAGING,
    ),
    ("indeterminate-prior-imaging", (0,), [MRI_CI], PRIOR_IMAGING | {"mri_indeterminate"}),
    ("indeterminate-prior-imaging", (1,), [fact("prior_ct", result="inconclusive")], MRI_OR_INDETERMINATE),
    ("infection", (1, 1), [fact("abnormal_labs")], {"spinal_infection"}),
    ("infection", (1, 1), [fact("spinal_infection")], {"abnormal_labs", "fever"} | PRIOR_IMAGING | NEURO_DEFICIT),
    (
        "other-mri-contraindicated",
        (1, 0, 1),
        [fact("tethered_cord", "suspected")],
        PRIOR_IMAGING | NEURO_DEFICIT | {"cutaneous_stigmata"},
    ),
    ("other-mri-contraindicated", (1, 2), [fact("cutaneous_stigmata", risk="high")], {"patient_age"}),
    # (each bullet's own condition is read as absent when not mentioned; a suspected one is asked for)
    (
        "other-mri-contraindicated",
        (1, 2),
        [fact("patient_age", years=2), fact("cutaneous_stigmata", "suspected")],
        {"cutaneous_stigmata"},
    ),
    (
        "other-mri-contraindicated",
        (1, 3),
        [fact("patient_age", years=7), fact("abnormal_reflexes"), fact("toe_walking", "suspected")],
        {"toe_walking"},
    ),
    ("other-mri-contraindicated", (1, 3), [fact("toe_walking"), fact("abnormal_reflexes")], {"patient_age"}),
    (
        "other-mri-contraindicated",
        (1, 3),
        [fact("toe_walking"), fact("patient_age", years=7)],
        {"abnormal_reflexes", "increased_muscle_tone", "myelopathic_signs", "tethered_cord"},
    ),
    (
        "other-mri-contraindicated",
        (1, 5),
        [fact("chiari_malformation", type="I")],
        NEURO_DEFICIT | {"myelopathic_signs", "tethered_cord"},
    ),
    (
        "other-mri-contraindicated",
        (1, 5),
        [fact("tethered_cord", "suspected"), fact("chiari_malformation", "suspected", type="I")],
        {"chiari_malformation"},
    ),
]


@pytest.mark.parametrize(("ind_id", "path", "facts", "expected"), NEAR_MISSES, ids=lambda v: None)
def test_branch_near_miss_names_the_missing_element(ind_id, path, facts, expected):
    trace = Evaluator(POLICY).node(branch(ind_id, *path), context(*facts))
    assert trace.value is Tri.UNKNOWN
    assert [set(c.facts) for c in trace.children if c.value is Tri.UNKNOWN] == [expected]
    result = evaluate(*facts)
    assert indication(result, ind_id).status == "unknown"
    assert expected <= set().union(*missing(result, ind_id))
    # a near miss whose missing element is the entry finding is not in play (before `entry`, every near
    # miss was needs_documentation)
    in_play = [i for i in result.indications if i.applicable and i.status == "unknown"]
    assert result.determination == ("needs_documentation" if in_play else "does_not_meet")


def test_spondyloarthropathy_near_miss_without_the_diagnosis():
    assert_not_in_play(
        evaluate(MRI_CI, fact("prior_radiographs", result="normal")),
        "spondyloarthropathy",
        [{"axial_spondyloarthritis"}],
    )


def test_pediatric_pars_branch_false_for_adult_even_with_suspected_pars():
    facts = context(
        fact("patient_age", years=30),
        fact("spondylolysis", "suspected"),
        fact("prior_radiographs", result="normal"),
        MRI_CI,
    )
    assert Evaluator(POLICY).node(branch("pars-defect-spondylolisthesis", 1), facts).value is Tri.FALSE


# ---------------------------------------------------------------- entries: what puts an indication in play


def test_ordinary_back_pain_request_is_judged_on_the_back_pain_section_only():
    # Back pain and failed 8-week PT + NSAID, MRI contraindication not addressed, no deficits: the
    # back-pain section is the only one in play and names the MRI contraindication as missing.
    result = evaluate(fact("back_pain", duration_weeks=10), PT_FAILED, NSAID_FAILED)
    applicable = [i.id for i in result.indications if i.applicable]
    assert applicable == ["back-pain"]
    assert result.determination == "needs_documentation"
    assert result.indications[0].id == "back-pain"
    assert missing(result, "back-pain") == [MRI_ANY]
    for unrelated in ("csf-leak", "tumor", "infection", "other-mri-contraindicated", "ct-myelogram", "trauma"):
        assert not indication(result, unrelated).applicable


def test_ordinary_back_pain_with_mri_possible_and_care_improving_is_does_not_meet():
    result = evaluate(
        fact("back_pain", duration_weeks=5),
        fact("mri_contraindicated", "absent"),
        fact("mri_unable", "absent"),
        fact("physical_therapy", duration_weeks=4, outcome="improved"),
        fact("medication_trial", duration_weeks=4, outcome="improved"),
    )
    assert indication(result, "back-pain").status == "false"
    assert result.determination == "does_not_meet"


def test_completed_diagnostic_mri_reads_as_mri_possible():
    # Encoding reading (gold c2-019, c4-021): a prior MRI that was performed and read shows MRI can be
    # performed; notes silent on a contraindication are then not asked for one.
    prior = fact("prior_mri", region="lumbar", date=months_ago(4), result="abnormal")
    assert definition("mri_contraindicated", prior) is Tri.FALSE
    assert definition("mri_contraindicated") is Tri.UNKNOWN
    # a contraindication documented since (e.g. a pacemaker implanted after the MRI) still counts
    assert definition("mri_contraindicated", prior, MRI_CI) is Tri.TRUE
    assert definition("mri_contraindicated", fact("prior_mri", result="inconclusive")) is Tri.UNKNOWN


def test_early_postop_ct_does_not_block_a_new_postop_deficit():
    # Encoding fix (gold c2-014): the 6-month limit qualifies the pseudarthrosis bullet only; a new foot
    # drop 6 weeks after fusion is bullet 7, which has no such limit.
    facts = [
        fact("prior_spine_surgery", kind="fusion", date=weeks_ago(6)),
        fact("pseudarthrosis", "suspected"),
        fact("foot_drop", side="right"),
        SURGEON,
    ]
    result = evaluate(*facts)
    assert result.non_indications == []
    assert_meets(result, "perioperative")
    # without the deficit the pseudarthrosis CT is still too early
    result = evaluate(*facts[:2], fact("prior_radiographs", result="abnormal"), SURGEON)
    assert [n.id for n in result.non_indications] == ["early-postop-ct"]


def test_remote_trauma_does_not_hold_an_ordinary_back_pain_request_open():
    # the trauma entry is any documented injury (an undated one is asked for its date); a remote one
    # makes the indication false, so only the back-pain section decides
    result = evaluate(
        fact("back_pain"),
        fact("trauma", mechanism="motor vehicle collision", date="2019-05"),
        fact("mri_contraindicated", "absent"),
        fact("mri_unable", "absent"),
    )
    assert indication(result, "trauma").status == "false"
    assert result.determination == "does_not_meet"


@pytest.mark.parametrize(("kind", "status"), [("compression", "true"), ("burst", "true"), ("traumatic", "unknown")])
def test_fracture_values_follow_the_extractor_vocabulary(kind, status):
    # the new-compression-fracture heading and the fragment-position bullet use the extractor's kinds
    facts = [
        fact("fracture", "suspected", kind=kind),
        fact("back_pain"),
        fact("planned_spine_procedure", kind="kyphoplasty"),
    ]
    if kind == "burst":
        facts = [fact("fracture", kind="burst")]
    assert indication(evaluate(*facts), "fracture").status == status


@pytest.mark.parametrize(
    ("healing", "status"), [("nonunion", "true"), ("delayed union", "true"), ("healed", "unknown")]
)
def test_fracture_healing_values_follow_the_extractor_vocabulary(healing, status):
    assert indication(evaluate(fact("fracture", kind="compression", healing=healing)), "fracture").status == status
