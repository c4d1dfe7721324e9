"""Cohere CT spine policy, version 5: every indication, its near misses, the non-indications and edges."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from prescreen.contract import Fact
from prescreen.criteria.evaluate import Context, Evaluator, Tri
from prescreen.criteria.registry import load_policy_file
from prescreen.criteria.schema import Indication

POLICY_FILE = Path(__file__).resolve().parents[2] / "prescreen" / "criteria" / "policies" / "cohere-ct-spine-v5.yaml"
POLICY = load_policy_file(POLICY_FILE)
REQUEST_DATE = dt.date(2025, 10, 1)

# Fact ids that recur in expected `missing` lists.
MRI_NOT_POSSIBLE = {"mri_contraindicated", "mri_unable"}
MRI_INDETERMINATE_OR_NOT_POSSIBLE = {"mri_indeterminate", "prior_mri", "mri_contraindicated", "mri_unable"}
MEDICATION = {"medication_trial"}
THERAPY = {"physical_therapy", "chiropractic_care", "home_exercise_program"}
COURSE = MEDICATION | THERAPY
NEURO_DEFICIT = {
    "myelopathic_signs",
    "gait_abnormality",
    "bladder_dysfunction",
    "bowel_dysfunction",
    "dermatomal_sensory_loss",
    "muscle_weakness",
    "saddle_anesthesia",
    "sexual_dysfunction",
}
PRIOR_IMAGING = {"prior_radiographs", "prior_ct", "prior_mri", "prior_bone_scan"}


def fact(fact_id: str, status: str = "present", **values: object) -> Fact:
    return Fact(id=fact_id, status=status, values=values)


def absent(*fact_ids: str) -> list[Fact]:
    return [fact(f, "absent") for f in fact_ids]


def months_ago(months: float) -> str:
    return (REQUEST_DATE - dt.timedelta(days=round(months * 30.4375))).isoformat()


def evaluate(facts: list[Fact], region: str = "lumbar"):
    return Evaluator(POLICY).evaluate(Context({f.id: f for f in facts}, REQUEST_DATE, region))


def indication(result, indication_id: str):
    return next(i for i in result.indications if i.id == indication_id)


def missing_facts(ind) -> set[str]:
    return {f for m in ind.missing for f in m.facts}


def medication(**values: object) -> Fact:
    return fact("medication_trial", **{"duration_weeks": 6, "outcome": "failed", **values})


def pt(**values: object) -> Fact:
    return fact("physical_therapy", **{"duration_weeks": 8, "outcome": "failed", **values})


CARE = [medication(), pt()]


# ---------------------------------------------------------------- the file


def test_policy_metadata_and_ids():
    assert (POLICY.id, POLICY.version, POLICY.effective_date) == ("cohere-ct-spine", "5", dt.date(2025, 9, 11))
    assert POLICY.cpt_codes == [str(c) for c in range(72125, 72134)] + ["76380"]
    assert [i.id for i in POLICY.indications] == [
        "new-onset-pain-or-radiculopathy",
        "lumbar-spondylosis-spondylolisthesis",
        "new-onset-neurologic-symptoms",
        "amyloid-deposition",
        "csf-leak",
        "gout",
        "atlantoaxial-instability-ra",
        "axial-spondyloarthritis",
        "tumor",
        "infection",
        "trauma",
        "vascular-conditions",
        "myelopathy-systemic-disease",
        "perioperative-evaluation",
        "opll",
        "congenital-conditions",
        "repeat-imaging",
    ]
    assert [i.id for i in POLICY.non_indications] == [
        "recent-advanced-imaging",
        "chronic-neck-pain",
        "plexopathy",
        "multiple-sclerosis",
    ]
    assert [r.id for r in POLICY.general_requirements] == ["body-part-mismatch", "multiple-requests-within-3-months"]
    assert all(r.effect == "flag" for r in POLICY.general_requirements)


def test_nothing_documented_needs_documentation():
    result = evaluate([], "unspecified")
    assert result.determination == "needs_documentation"
    assert {i.status for i in result.indications} == {"unknown"}
    assert result.non_indications == []


# ---------------------------------------------------------------- every indication met

MEETS = [
    ("new-onset-pain-or-radiculopathy", [fact("radiculopathy"), fact("mri_contraindicated"), *CARE], "lumbar"),
    ("new-onset-pain-or-radiculopathy", [fact("neck_pain", duration_weeks=10), fact("mri_unable"), *CARE], "cervical"),
    ("new-onset-pain-or-radiculopathy", [fact("back_pain", onset="new"), fact("mri_unable"), *CARE], "lumbar"),
    (
        "lumbar-spondylosis-spondylolisthesis",
        [
            fact("spondylolisthesis"),
            fact("prior_radiographs", result="equivocal", region="lumbar"),
            fact("patient_age", years=17),
        ],
        "lumbar",
    ),
    (
        "lumbar-spondylosis-spondylolisthesis",
        [
            fact("spondylosis"),
            fact("prior_radiographs", result="inconclusive", region="lumbar"),
            fact("patient_age", years=45),
            fact("mri_unable"),
            *CARE,
        ],
        "lumbar",
    ),
    ("new-onset-neurologic-symptoms", [fact("mri_indeterminate"), fact("saddle_anesthesia")], "lumbar"),
    ("amyloid-deposition", [fact("amyloidosis", "suspected")], "lumbar"),
    ("csf-leak", [fact("csf_leak")], "thoracic"),
    ("gout", [fact("gout", "suspected")], "lumbar"),
    (
        "atlantoaxial-instability-ra",
        [
            fact("rheumatoid_arthritis"),
            fact("atlantoaxial_instability_risk", "suspected"),
            fact("prior_radiographs", result="inconclusive", region="cervical"),
        ],
        "cervical",
    ),
    (
        "axial-spondyloarthritis",
        [
            fact("axial_spondyloarthritis", on_biologic=True, activity="unclear"),
            fact("prior_radiographs"),
            fact("mri_contraindicated"),
        ],
        "lumbar",
    ),
    ("tumor", [fact("spinal_tumor", "suspected"), fact("abnormal_labs")], "thoracic"),
    ("tumor", [fact("metastatic_disease", "suspected")], "thoracic"),
    ("tumor", [fact("spinal_tumor"), fact("active_cancer_treatment", phase="surveillance")], "thoracic"),
    (
        "infection",
        [fact("spinal_infection", "suspected"), fact("mri_unable"), fact("back_pain"), fact("diabetes")],
        "lumbar",
    ),
    ("trauma", [fact("trauma"), fact("prior_radiographs", result="abnormal")], "lumbar"),
    ("vascular-conditions", [fact("spinal_vascular_lesion", "suspected")], "thoracic"),
    (
        "myelopathy-systemic-disease",
        [fact("myelopathic_signs"), fact("mri_unable"), fact("connective_tissue_disorder")],
        "cervical",
    ),
    ("perioperative-evaluation", [fact("postradiation_change")], "cervical"),
    ("opll", [fact("opll")], "cervical"),
    ("congenital-conditions", [fact("mri_unable"), fact("syrinx")], "thoracic"),
    (
        "repeat-imaging",
        [fact("prior_ct", region="lumbar", date=months_ago(2), result="normal"), fact("back_pain", onset="worsening")],
        "lumbar",
    ),
]


@pytest.mark.parametrize(("indication_id", "facts", "region"), MEETS, ids=[m[0] for m in MEETS])
def test_indication_met(indication_id, facts, region):
    result = evaluate(facts, region)
    ind = indication(result, indication_id)
    assert ind.status == "true"
    assert ind.missing == []
    assert result.determination == "meets_criteria"
    assert result.non_indications == []


# ---------------------------------------------------------------- near misses: each ALL element

NEAR_MISSES = [
    # New onset pain or radiculopathy: ALL of pain/radiculopathy, MRI not possible, conservative treatment.
    (
        "new_onset_pain_without_pain_or_radiculopathy",
        "new-onset-pain-or-radiculopathy",
        [fact("mri_contraindicated"), *CARE],
        "lumbar",
        {"radiculopathy", "back_pain", "neck_pain"},
    ),
    (
        "new_onset_pain_without_mri_reason",
        "new-onset-pain-or-radiculopathy",
        [fact("radiculopathy"), *CARE],
        "lumbar",
        MRI_NOT_POSSIBLE,
    ),
    (
        "new_onset_pain_without_medication",
        "new-onset-pain-or-radiculopathy",
        [fact("radiculopathy"), fact("mri_contraindicated"), pt()],
        "lumbar",
        MEDICATION,
    ),
    (
        "new_onset_pain_without_pt_chiro_or_hep",
        "new-onset-pain-or-radiculopathy",
        [fact("radiculopathy"), fact("mri_contraindicated"), medication()],
        "lumbar",
        THERAPY,
    ),
    # Lumbar spondylosis/spondylolisthesis: ALL of diagnosis, lumbar, equivocal radiographs, adult MRI, adult care.
    (
        "spondylolisthesis_without_diagnosis",
        "lumbar-spondylosis-spondylolisthesis",
        [fact("prior_radiographs", result="equivocal", region="lumbar"), fact("patient_age", years=12)],
        "lumbar",
        {"spondylosis", "spondylolisthesis"},
    ),
    (
        "spondylolisthesis_without_radiographs",
        "lumbar-spondylosis-spondylolisthesis",
        [fact("spondylolisthesis"), fact("patient_age", years=12)],
        "lumbar",
        {"prior_radiographs"},
    ),
    (
        "spondylolisthesis_adult_without_mri_reason",
        "lumbar-spondylosis-spondylolisthesis",
        [
            fact("spondylolisthesis"),
            fact("prior_radiographs", result="equivocal", region="lumbar"),
            fact("patient_age", years=50),
            *CARE,
        ],
        "lumbar",
        MRI_NOT_POSSIBLE,
    ),
    (
        "spondylolisthesis_adult_without_conservative_care",
        "lumbar-spondylosis-spondylolisthesis",
        [
            fact("spondylolisthesis"),
            fact("prior_radiographs", result="equivocal", region="lumbar"),
            fact("patient_age", years=50),
            fact("mri_unable"),
        ],
        "lumbar",
        COURSE,
    ),
    (
        "spondylolisthesis_unknown_age_without_mri_reason",
        "lumbar-spondylosis-spondylolisthesis",
        [fact("spondylolisthesis"), fact("prior_radiographs", result="equivocal", region="lumbar"), *CARE],
        "lumbar",
        {"patient_age"} | MRI_NOT_POSSIBLE,
    ),
    # New onset symptoms: ALL of MRI indeterminate or not possible, a neurologic finding.
    (
        "new_onset_symptoms_without_mri_reason",
        "new-onset-neurologic-symptoms",
        [fact("saddle_anesthesia")],
        "lumbar",
        MRI_INDETERMINATE_OR_NOT_POSSIBLE,
    ),
    (
        "new_onset_symptoms_without_finding",
        "new-onset-neurologic-symptoms",
        [fact("mri_indeterminate")],
        "lumbar",
        NEURO_DEFICIT,
    ),
    # Atlantoaxial instability in RA: ALL of RA, suspected instability, radiographs, cervical request.
    (
        "atlantoaxial_without_ra",
        "atlantoaxial-instability-ra",
        [
            fact("atlantoaxial_instability_risk", "suspected"),
            fact("prior_radiographs", result="abnormal", region="cervical"),
        ],
        "cervical",
        {"rheumatoid_arthritis"},
    ),
    (
        "atlantoaxial_without_suspected_instability",
        "atlantoaxial-instability-ra",
        [fact("rheumatoid_arthritis"), fact("prior_radiographs", result="abnormal", region="cervical")],
        "cervical",
        {"atlantoaxial_instability_risk"},
    ),
    (
        "atlantoaxial_without_cervical_radiographs",
        "atlantoaxial-instability-ra",
        [fact("rheumatoid_arthritis"), fact("atlantoaxial_instability_risk", "suspected")],
        "cervical",
        {"prior_radiographs"},
    ),
    # Axial spondyloarthritis: ALL of axSpA, radiographs, MRI not possible, unclear activity on biologic.
    (
        "axspa_without_diagnosis",
        "axial-spondyloarthritis",
        [fact("prior_radiographs"), fact("mri_contraindicated")],
        "lumbar",
        {"axial_spondyloarthritis"},
    ),
    (
        "axspa_without_radiographs",
        "axial-spondyloarthritis",
        [fact("axial_spondyloarthritis", on_biologic=True, activity="unclear"), fact("mri_contraindicated")],
        "lumbar",
        {"prior_radiographs"},
    ),
    (
        "axspa_without_mri_reason",
        "axial-spondyloarthritis",
        [fact("axial_spondyloarthritis", on_biologic=True, activity="unclear"), fact("prior_radiographs")],
        "lumbar",
        MRI_NOT_POSSIBLE,
    ),
    (
        "axspa_without_disease_activity",
        "axial-spondyloarthritis",
        [fact("axial_spondyloarthritis", on_biologic=True), fact("prior_radiographs"), fact("mri_contraindicated")],
        "lumbar",
        {"axial_spondyloarthritis"},
    ),
    # Tumor: ALL of a mass or neoplasm, initial diagnosis or monitoring.
    ("tumor_without_mass", "tumor", [fact("abnormal_labs")], "thoracic", {"spinal_tumor", "metastatic_disease"}),
    (
        "tumor_without_diagnosis_or_monitoring",
        "tumor",
        [fact("spinal_tumor", "suspected")],
        "thoracic",
        {"abnormal_labs", "metastatic_disease", "active_cancer_treatment"} | PRIOR_IMAGING,
    ),
    # Infection: ALL of infection, MRI indeterminate or not possible, evidence.
    (
        "infection_without_infection",
        "infection",
        [fact("mri_unable"), fact("prior_spine_surgery")],
        "lumbar",
        {"spinal_infection"},
    ),
    (
        "infection_without_mri_reason",
        "infection",
        [fact("spinal_infection", "suspected"), fact("prior_spine_surgery")],
        "lumbar",
        MRI_INDETERMINATE_OR_NOT_POSSIBLE,
    ),
    (
        "infection_without_symptoms",
        "infection",
        [
            fact("spinal_infection", "suspected"),
            fact("mri_unable"),
            fact("abnormal_labs"),
            *absent(
                "prior_spine_surgery",
                "injection_therapy",
                "prior_radiographs",
                "prior_ct",
                "prior_mri",
                "prior_bone_scan",
            ),
        ],
        "lumbar",
        {
            "back_pain",
            "neck_pain",
            "fever",
            "abnormal_labs",
            "diabetes",
            "iv_drug_use",
            "cancer_history",
            "immunosuppression",
            "dialysis",
            "decubitus_ulcer_spine",
            "spinal_infection",
            "medication_trial",
            "physical_therapy",
            "chiropractic_care",
            "home_exercise_program",
            "prior_radiographs",
            "prior_ct",
            "prior_mri",
            "prior_bone_scan",
        },
    ),
    (
        "infection_without_risk_factor",
        "infection",
        [
            fact("spinal_infection", "suspected"),
            fact("mri_unable"),
            fact("fever"),
            *absent(
                "prior_spine_surgery",
                "injection_therapy",
                "prior_radiographs",
                "prior_ct",
                "prior_mri",
                "prior_bone_scan",
            ),
        ],
        "lumbar",
        {
            "back_pain",
            "neck_pain",
            "fever",
            "abnormal_labs",
            "diabetes",
            "iv_drug_use",
            "cancer_history",
            "immunosuppression",
            "dialysis",
            "decubitus_ulcer_spine",
            "spinal_infection",
            "medication_trial",
            "physical_therapy",
            "chiropractic_care",
            "home_exercise_program",
            "prior_radiographs",
            "prior_ct",
            "prior_mri",
            "prior_bone_scan",
        },
    ),
    # Myelopathic symptoms with systemic disease: ALL of symptoms, MRI, disease (the disease near miss is below).
    (
        "myelopathy_systemic_without_myelopathic_symptoms",
        "myelopathy-systemic-disease",
        [fact("mri_unable"), fact("demyelinating_disease")],
        "cervical",
        {"myelopathic_signs", "gait_abnormality"},
    ),
    (
        "myelopathy_systemic_without_mri_reason",
        "myelopathy-systemic-disease",
        [fact("gait_abnormality"), fact("muscular_dystrophy")],
        "cervical",
        MRI_INDETERMINATE_OR_NOT_POSSIBLE,
    ),
    # Congenital conditions: ALL of MRI indeterminate or not possible, a congenital condition.
    (
        "congenital_without_mri_reason",
        "congenital-conditions",
        [fact("syrinx")],
        "thoracic",
        MRI_INDETERMINATE_OR_NOT_POSSIBLE,
    ),
    # Repeat imaging: ALL of recent CT of the region, a reason.
    (
        "repeat_imaging_without_prior_ct",
        "repeat-imaging",
        [fact("back_pain", onset="worsening")],
        "lumbar",
        {"prior_ct"},
    ),
]


@pytest.mark.parametrize(
    ("indication_id", "facts", "region", "expected_missing"),
    [n[1:] for n in NEAR_MISSES],
    ids=[n[0] for n in NEAR_MISSES],
)
def test_near_miss_names_the_missing_element(indication_id, facts, region, expected_missing):
    result = evaluate(facts, region)
    ind = indication(result, indication_id)
    assert ind.status == "unknown"
    assert missing_facts(ind) == expected_missing
    assert result.determination == "needs_documentation"


def test_repeat_ct_without_reason_is_recent_advanced_imaging():
    result = evaluate([fact("prior_ct", region="lumbar", date=months_ago(1), result="normal")])
    ind = indication(result, "repeat-imaging")
    assert ind.status == "unknown"
    assert [m.criterion for m in ind.missing] == [
        "New or worsening symptoms, a one-time clarifying follow-up, or an established need for monitoring"
    ]
    assert missing_facts(ind) == {
        # the normal prior CT is not an indeterminate finding, so prior_ct is not asked for again
        "neck_pain",
        "back_pain",
        "physical_therapy",
        "chiropractic_care",
        "home_exercise_program",
        "medication_trial",
        "active_cancer_treatment",
        "spinal_infection",
        "fracture",
        "pseudarthrosis",
        "scoliosis",
    }
    # no treatment, new symptoms or monitoring need documented: the duplicate study is a non-indication
    assert [n.id for n in result.non_indications] == ["recent-advanced-imaging"]
    assert result.determination == "does_not_meet"


def test_myelopathy_without_systemic_disease_still_meets_new_onset_symptoms():
    result = evaluate([fact("myelopathic_signs"), fact("mri_unable")], "cervical")
    ind = indication(result, "myelopathy-systemic-disease")
    assert ind.status == "unknown"
    assert missing_facts(ind) == {"connective_tissue_disorder", "muscular_dystrophy", "demyelinating_disease"}
    assert indication(result, "new-onset-neurologic-symptoms").status == "true"
    assert result.determination == "meets_criteria"


def test_atlantoaxial_on_limited_follow_up_code_needs_the_region():
    facts = [
        fact("rheumatoid_arthritis"),
        fact("atlantoaxial_instability_risk", "suspected"),
        fact("prior_radiographs", result="abnormal", region="cervical"),
    ]
    ind = indication(evaluate(facts, "unspecified"), "atlantoaxial-instability-ra")
    assert ind.status == "unknown"
    assert [m.criterion for m in ind.missing] == ["Cervical spine requested"]


@pytest.mark.parametrize(
    ("indication_id", "facts", "region"),
    [
        (
            "lumbar-spondylosis-spondylolisthesis",
            [
                fact("spondylolisthesis"),
                fact("prior_radiographs", result="equivocal", region="lumbar"),
                fact("patient_age", years=12),
            ],
            "cervical",
        ),
        (
            "atlantoaxial-instability-ra",
            [
                fact("rheumatoid_arthritis"),
                fact("atlantoaxial_instability_risk", "suspected"),
                fact("prior_radiographs", result="abnormal", region="cervical"),
            ],
            "lumbar",
        ),
    ],
    ids=["spondylolisthesis_on_cervical_request", "atlantoaxial_on_lumbar_request"],
)
def test_wrong_region_makes_region_bound_indication_false(indication_id, facts, region):
    result = evaluate(facts, region)
    assert indication(result, indication_id).status == "false"
    assert result.determination == "needs_documentation"


# ---------------------------------------------------------------- denied elements make a branch false


def test_mri_denied_makes_new_onset_pain_false():
    facts = [fact("radiculopathy"), *absent("mri_contraindicated", "mri_unable"), *CARE]
    assert indication(evaluate(facts), "new-onset-pain-or-radiculopathy").status == "false"


def test_saddle_anesthesia_denied_is_not_asked_for_again():
    ind = indication(
        evaluate([fact("mri_indeterminate"), *absent("saddle_anesthesia")]), "new-onset-neurologic-symptoms"
    )
    assert ind.status == "unknown"
    assert missing_facts(ind) == NEURO_DEFICIT - {"saddle_anesthesia"}


def test_every_neurologic_finding_denied_makes_new_onset_symptoms_false():
    ind = indication(evaluate([fact("mri_indeterminate"), *absent(*NEURO_DEFICIT)]), "new-onset-neurologic-symptoms")
    assert ind.status == "false"
    assert ind.missing == []


@pytest.mark.parametrize("finding", sorted(NEURO_DEFICIT))
def test_each_neurologic_finding_meets_new_onset_symptoms(finding):
    result = evaluate([fact("mri_contraindicated"), fact(finding)])
    assert indication(result, "new-onset-neurologic-symptoms").status == "true"
    assert result.determination == "meets_criteria"


@pytest.mark.parametrize(
    ("indication_id", "facts"),
    [
        ("new-onset-pain-or-radiculopathy", [fact("radiculopathy"), fact("mri_contraindicated"), *CARE]),
        ("new-onset-neurologic-symptoms", [fact("mri_indeterminate"), fact("saddle_anesthesia")]),
    ],
    ids=["pain_or_radiculopathy", "neurologic_symptoms"],
)
def test_documented_trauma_excludes_the_non_traumatic_indication(indication_id, facts):
    assert indication(evaluate([*facts, fact("trauma")]), indication_id).status == "false"
    assert indication(evaluate([*facts, fact("trauma", "absent")]), indication_id).status == "true"
    ind = indication(evaluate([*facts, fact("trauma", "suspected")]), indication_id)
    assert ind.status == "unknown"
    assert [(m.criterion, m.facts) for m in ind.missing] == [
        ("Without trauma or significant mechanism of injury", ["trauma"])
    ]


def test_weakness_attributed_to_peripheral_neuropathy_does_not_count():
    ind = indication(
        evaluate([fact("mri_indeterminate"), fact("muscle_weakness"), fact("peripheral_neuropathy")]),
        "new-onset-neurologic-symptoms",
    )
    assert ind.status == "unknown"
    # neuropathy offered as the cause rules out both findings the policy qualifies with it
    assert missing_facts(ind) == NEURO_DEFICIT - {"muscle_weakness", "dermatomal_sensory_loss"}


@pytest.mark.parametrize("neuropathy", [None, "absent", "historical"])
def test_weakness_counts_unless_neuropathy_is_offered_as_its_cause(neuropathy):
    facts = [fact("mri_indeterminate"), fact("dermatomal_sensory_loss")]
    facts += [fact("peripheral_neuropathy", neuropathy)] if neuropathy else []
    assert indication(evaluate(facts), "new-onset-neurologic-symptoms").status == "true"


def test_suspected_neuropathy_leaves_the_weakness_to_be_documented():
    ind = indication(
        evaluate([fact("mri_indeterminate"), fact("muscle_weakness"), fact("peripheral_neuropathy", "suspected")]),
        "new-onset-neurologic-symptoms",
    )
    assert ind.status == "unknown"
    assert missing_facts(ind) == NEURO_DEFICIT


def test_suspected_device_is_not_yet_an_mri_contraindication():
    ind = indication(
        evaluate([fact("radiculopathy"), fact("mri_contraindicated", "suspected"), *CARE]),
        "new-onset-pain-or-radiculopathy",
    )
    assert ind.status == "unknown"
    assert missing_facts(ind) == MRI_NOT_POSSIBLE


def test_csf_leak_only_suspected_needs_documentation():
    ind = indication(evaluate([fact("csf_leak", "suspected")]), "csf-leak")
    assert ind.status == "unknown"
    assert missing_facts(ind) == {"csf_leak"}


def test_amyloid_denied_is_false():
    assert indication(evaluate([fact("amyloidosis", "absent")]), "amyloid-deposition").status == "false"


def test_axspa_not_on_biologic_is_false():
    facts = [
        fact("axial_spondyloarthritis", on_biologic=False, activity="unclear"),
        fact("prior_radiographs"),
        fact("mri_contraindicated"),
    ]
    assert indication(evaluate(facts), "axial-spondyloarthritis").status == "false"


def test_chronic_back_pain_is_not_new_onset():
    facts = [
        fact("back_pain", chronic=True, duration_weeks=52, onset="chronic"),
        fact("radiculopathy", "absent"),
        fact("neck_pain", "absent"),
        fact("mri_unable"),
        *CARE,
    ]
    assert indication(evaluate(facts), "new-onset-pain-or-radiculopathy").status == "false"


# ---------------------------------------------------------------- conservative treatment: window, length, HEP


@pytest.mark.parametrize(("weeks", "status"), [(5, "false"), (6, "true")])
def test_conservative_treatment_needs_six_weeks(weeks, status):
    facts = [
        fact("radiculopathy"),
        fact("mri_contraindicated"),
        medication(duration_weeks=weeks),
        pt(duration_weeks=weeks),
    ]
    assert indication(evaluate(facts), "new-onset-pain-or-radiculopathy").status == status


def test_pt_five_months_ago_is_inside_window():
    facts = [fact("radiculopathy"), fact("mri_contraindicated"), medication(), pt(end_date=months_ago(5))]
    assert indication(evaluate(facts), "new-onset-pain-or-radiculopathy").status == "true"


def test_pt_seven_months_ago_is_outside_window():
    facts = [fact("radiculopathy"), fact("mri_contraindicated"), medication(), pt(end_date=months_ago(7))]
    ind = indication(evaluate(facts), "new-onset-pain-or-radiculopathy")
    assert ind.status == "unknown"
    assert missing_facts(ind) == THERAPY


def test_pt_seven_months_ago_with_chiro_and_hep_denied_is_false():
    facts = [
        fact("radiculopathy"),
        fact("mri_contraindicated"),
        medication(),
        pt(end_date=months_ago(7)),
        *absent("chiropractic_care", "home_exercise_program"),
    ]
    assert indication(evaluate(facts), "new-onset-pain-or-radiculopathy").status == "false"


def test_medication_contraindication_waives_the_medication():
    facts = [fact("radiculopathy"), fact("mri_contraindicated"), fact("medication_contraindicated"), pt()]
    assert indication(evaluate(facts), "new-onset-pain-or-radiculopathy").status == "true"


@pytest.mark.parametrize("outcome", ["improved", "noncompliant", "unable"])
def test_therapy_that_did_not_fail_does_not_count(outcome):
    facts = [
        fact("radiculopathy"),
        fact("mri_contraindicated"),
        medication(),
        pt(outcome=outcome),
        *absent("chiropractic_care", "home_exercise_program"),
    ]
    assert indication(evaluate(facts), "new-onset-pain-or-radiculopathy").status == "false"


def test_worsened_therapy_counts_as_failure():
    facts = [fact("radiculopathy"), fact("mri_contraindicated"), medication(outcome="worsened"), pt(outcome="worsened")]
    assert indication(evaluate(facts), "new-onset-pain-or-radiculopathy").status == "true"


def test_unable_to_take_part_is_no_exception_under_cohere():
    facts = [fact("radiculopathy"), fact("mri_contraindicated"), fact("conservative_care_unable")]
    ind = indication(evaluate(facts), "new-onset-pain-or-radiculopathy")
    assert ind.status == "unknown"
    assert missing_facts(ind) == COURSE


HEP_OK = {
    "duration_weeks": 8,
    "outcome": "failed",
    "written_instructions": True,
    "compliance_documented": True,
    "prescribed_by": "physiatrist",
}


def test_provider_directed_hep_counts():
    facts = [fact("radiculopathy"), fact("mri_contraindicated"), medication(), fact("home_exercise_program", **HEP_OK)]
    assert indication(evaluate(facts), "new-onset-pain-or-radiculopathy").status == "true"


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"written_instructions": None}, "unknown"),
        ({"compliance_documented": None}, "unknown"),
        ({"prescribed_by": None}, "unknown"),
        ({"written_instructions": False}, "false"),
        ({"compliance_documented": False}, "false"),
        ({"prescribed_by": "self"}, "false"),
    ],
    ids=[
        "no_written_instructions",
        "no_compliance",
        "no_prescriber",
        "instructions_denied",
        "noncompliance_documented",
        "self_directed",
    ],
)
def test_hep_needs_written_instructions_compliance_and_a_provider(change, status):
    values = {k: v for k, v in {**HEP_OK, **change}.items() if v is not None}
    facts = [
        fact("radiculopathy"),
        fact("mri_contraindicated"),
        medication(),
        fact("home_exercise_program", **values),
        *absent("physical_therapy", "chiropractic_care"),
    ]
    assert indication(evaluate(facts), "new-onset-pain-or-radiculopathy").status == status


@pytest.mark.parametrize(
    ("values", "value"),
    [
        (HEP_OK, Tri.TRUE),
        ({**HEP_OK, "written_instructions": False}, Tri.FALSE),
        ({k: v for k, v in HEP_OK.items() if k != "compliance_documented"}, Tri.UNKNOWN),
    ],
    ids=["complete", "no_written_instructions", "compliance_undocumented"],
)
def test_hep_definition_matches_course_requirements(values, value):
    ctx = Context({"home_exercise_program": fact("home_exercise_program", **values)}, REQUEST_DATE, "lumbar")
    assert Evaluator(POLICY).node(POLICY.definitions["provider_directed_hep"], ctx).value is value


# ---------------------------------------------------------------- age cut-offs


@pytest.mark.parametrize(("age", "status"), [(17, "true"), (18, "unknown")])
def test_spondylolisthesis_pediatric_cutoff_is_18(age, status):
    facts = [
        fact("spondylolisthesis"),
        fact("prior_radiographs", result="equivocal", region="lumbar"),
        fact("patient_age", years=age),
    ]
    ind = indication(evaluate(facts), "lumbar-spondylosis-spondylolisthesis")
    assert ind.status == status
    assert missing_facts(ind) == (set() if age < 18 else MRI_NOT_POSSIBLE | COURSE)


@pytest.mark.parametrize(("age", "status"), [(17, "true"), (18, "unknown")])
def test_thoracolumbar_trauma_in_a_child_cutoff_is_18(age, status):
    facts = [fact("patient_age", years=age), fact("trauma", "suspected")]
    assert indication(evaluate(facts, "thoracic"), "trauma").status == status


def test_suspected_trauma_in_a_child_needs_a_thoracolumbar_request():
    facts = [fact("patient_age", years=9), fact("trauma", "suspected")]
    assert indication(evaluate(facts, "cervical"), "trauma").status == "unknown"


@pytest.mark.parametrize(("age", "status"), [(15, "true"), (16, "unknown")])
def test_child_back_pain_with_red_flags_cutoff_is_16(age, status):
    facts = [fact("mri_unable"), fact("patient_age", years=age), fact("back_pain"), fact("night_pain")]
    assert indication(evaluate(facts), "congenital-conditions").status == status


@pytest.mark.parametrize(("age", "status"), [(5, "true"), (5.5, "unknown"), (6, "unknown")])
def test_toe_walking_cutoff_is_five_and_a_half(age, status):
    facts = [fact("mri_unable"), fact("patient_age", years=age), fact("toe_walking")]
    assert indication(evaluate(facts), "congenital-conditions").status == status


@pytest.mark.parametrize(("age", "status"), [(64, "unknown"), (65, "true")])
def test_elderly_is_65_for_post_traumatic_pain(age, status):
    facts = [
        fact("trauma"),
        fact("back_pain"),
        fact("prior_radiographs", result="normal"),
        fact("patient_age", years=age),
    ]
    result = evaluate(facts)
    assert indication(result, "trauma").status == status
    assert result.determination == ("meets_criteria" if status == "true" else "needs_documentation")


@pytest.mark.parametrize(("age", "status"), [(64, "unknown"), (65, "true")])
def test_elderly_is_65_for_post_traumatic_radiculopathy(age, status):
    facts = [
        fact("trauma"),
        fact("radiculopathy"),
        fact("mri_unable"),
        fact("back_pain"),
        fact("patient_age", years=age),
    ]
    assert indication(evaluate(facts), "trauma").status == status


# ---------------------------------------------------------------- branches of the ANY indications

BRANCHES = [
    # Trauma-related conditions.
    ("trauma_followup_positive_imaging", "trauma", [fact("fracture"), fact("prior_mri", result="abnormal")], "lumbar"),
    (
        "trauma_followup_inconclusive_suspected_fracture",
        "trauma",
        [fact("trauma"), fact("fracture", "suspected"), fact("prior_ct", result="inconclusive")],
        "thoracic",
    ),
    (
        "trauma_followup_inconclusive_suspected_ligamentous",
        "trauma",
        [fact("ligamentous_injury", "suspected"), fact("prior_radiographs", result="equivocal")],
        "cervical",
    ),
    (
        "post_traumatic_radiculopathy_suspected_cauda_equina",
        "trauma",
        [fact("trauma"), fact("radiculopathy"), fact("mri_indeterminate"), fact("cauda_equina_syndrome", "suspected")],
        "lumbar",
    ),
    (
        "post_traumatic_radiculopathy_low_velocity",
        "trauma",
        [fact("trauma", low_velocity=True), fact("radiculopathy"), fact("mri_unable"), fact("back_pain")],
        "lumbar",
    ),
    (
        "post_traumatic_radiculopathy_osteoporosis",
        "trauma",
        [fact("trauma"), fact("radiculopathy"), fact("mri_unable"), fact("back_pain"), fact("osteoporosis")],
        "lumbar",
    ),
    (
        "post_traumatic_radiculopathy_chronic_steroids",
        "trauma",
        [fact("trauma"), fact("radiculopathy"), fact("mri_unable"), fact("back_pain"), fact("chronic_steroid_use")],
        "lumbar",
    ),
    (
        "cervical_blunt_trauma_followup",
        "trauma",
        [fact("trauma"), fact("prior_radiographs", result="normal")],
        "cervical",
    ),
    (
        "blunt_trauma_ligamentous_injury_on_ct",
        "trauma",
        [fact("trauma"), fact("prior_ct"), fact("ligamentous_injury", "suspected")],
        "lumbar",
    ),
    (
        "blunt_trauma_cord_injury_on_ct",
        "trauma",
        [fact("trauma"), fact("prior_ct"), fact("spinal_cord_injury")],
        "thoracic",
    ),
    (
        "suspected_thoracolumbar_trauma_in_child",
        "trauma",
        [fact("patient_age", years=8), fact("trauma", "suspected")],
        "lumbar",
    ),
    (
        "post_traumatic_deficit_significant_trauma",
        "trauma",
        [fact("trauma", significant=True), fact("mri_unable"), fact("anal_sphincter_tone_loss")],
        "lumbar",
    ),
    (
        "post_traumatic_pain_osteoporotic",
        "trauma",
        [fact("trauma"), fact("neck_pain"), fact("prior_ct", result="normal"), fact("osteoporosis")],
        "cervical",
    ),
    # Tumor.
    (
        "tumor_inconclusive_prior_imaging",
        "tumor",
        [fact("spinal_tumor", "suspected"), fact("prior_bone_scan", result="equivocal")],
        "lumbar",
    ),
    (
        "tumor_abnormal_prior_imaging",
        "tumor",
        [fact("spinal_tumor", "suspected"), fact("prior_radiographs", result="abnormal")],
        "lumbar",
    ),
    # Infection.
    (
        "infection_with_neck_pain_and_abnormal_labs",
        "infection",
        [fact("spinal_infection", "suspected"), fact("mri_indeterminate"), fact("neck_pain"), fact("abnormal_labs")],
        "cervical",
    ),
    (
        "infection_with_fever_and_iv_drug_use",
        "infection",
        [fact("spinal_infection", "suspected"), fact("mri_unable"), fact("fever"), fact("iv_drug_use")],
        "thoracic",
    ),
    (
        "infection_with_pain_and_wound_over_spine",
        "infection",
        [fact("spinal_infection", "suspected"), fact("mri_unable"), fact("back_pain"), fact("decubitus_ulcer_spine")],
        "lumbar",
    ),
    (
        "infection_with_pain_and_dialysis",
        "infection",
        [fact("spinal_infection", "suspected"), fact("mri_unable"), fact("back_pain"), fact("dialysis")],
        "lumbar",
    ),
    (
        "infection_with_pain_and_hiv",
        "infection",
        [fact("spinal_infection", "suspected"), fact("mri_unable"), fact("back_pain"), fact("immunosuppression")],
        "lumbar",
    ),
    (
        "infection_with_pain_and_cancer",
        "infection",
        [fact("spinal_infection", "suspected"), fact("mri_unable"), fact("back_pain"), fact("cancer_history")],
        "lumbar",
    ),
    (
        "infection_prior_imaging_concerning",
        "infection",
        [fact("spinal_infection", "suspected"), fact("mri_indeterminate"), fact("prior_ct", result="abnormal")],
        "lumbar",
    ),
    (
        "infection_after_spine_surgery",
        "infection",
        [fact("spinal_infection", "suspected"), fact("mri_unable"), fact("prior_spine_surgery")],
        "lumbar",
    ),
    (
        "infection_after_spinal_injection",
        "infection",
        [fact("spinal_infection", "suspected"), fact("mri_unable"), fact("injection_therapy")],
        "lumbar",
    ),
    (
        "infection_followup_worsening_labs",
        "infection",
        [fact("spinal_infection"), fact("mri_contraindicated"), fact("abnormal_labs")],
        "lumbar",
    ),
    # Myelopathic symptoms with systemic disease.
    (
        "myelopathy_with_muscular_dystrophy",
        "myelopathy-systemic-disease",
        [fact("gait_abnormality"), fact("prior_mri", result="inconclusive"), fact("muscular_dystrophy")],
        "cervical",
    ),
    (
        "myelopathy_with_demyelinating_disease",
        "myelopathy-systemic-disease",
        [fact("myelopathic_signs"), fact("mri_contraindicated"), fact("demyelinating_disease")],
        "thoracic",
    ),
    # Perioperative evaluation.
    ("epidural_fluid_collection", "perioperative-evaluation", [fact("fluid_collection")], "lumbar"),
    ("pre_kyphoplasty", "perioperative-evaluation", [fact("planned_spine_procedure", kind="kyphoplasty")], "thoracic"),
    (
        "pre_vertebroplasty",
        "perioperative-evaluation",
        [fact("planned_spine_procedure", kind="vertebroplasty")],
        "lumbar",
    ),
    (
        "postoperative_fluid_collection",
        "perioperative-evaluation",
        [fact("prior_spine_surgery"), fact("fluid_collection")],
        "lumbar",
    ),
    (
        "postoperative_new_radiculopathy",
        "perioperative-evaluation",
        [fact("prior_spine_surgery"), fact("radiculopathy")],
        "lumbar",
    ),
    ("postoperative_foot_drop", "perioperative-evaluation", [fact("prior_spine_surgery"), fact("foot_drop")], "lumbar"),
    # Congenital conditions.
    (
        "child_neck_pain_with_fever",
        "congenital-conditions",
        [fact("mri_unable"), fact("patient_age", years=9), fact("neck_pain"), fact("fever")],
        "cervical",
    ),
    (
        "child_back_pain_with_focal_neurologic_sign",
        "congenital-conditions",
        [fact("mri_unable"), fact("patient_age", years=12), fact("back_pain"), fact("abnormal_reflexes")],
        "lumbar",
    ),
    (
        "down_syndrome_abnormal_cervical_radiographs",
        "congenital-conditions",
        [
            fact("mri_contraindicated"),
            fact("atlantoaxial_instability_risk"),
            fact("prior_radiographs", result="abnormal", region="cervical"),
        ],
        "cervical",
    ),
    (
        "chiari_concern_for_hydrocephalus",
        "congenital-conditions",
        [fact("mri_indeterminate"), fact("chiari_malformation"), fact("hydrocephalus", "suspected")],
        "cervical",
    ),
    (
        "chiari_before_decompression",
        "congenital-conditions",
        [fact("mri_unable"), fact("chiari_malformation"), fact("planned_spine_procedure", kind="decompression")],
        "cervical",
    ),
    (
        "scoliosis_preoperative",
        "congenital-conditions",
        [fact("mri_unable"), fact("scoliosis"), fact("planned_spine_procedure", kind="fusion")],
        "thoracic",
    ),
    (
        "scoliosis_worsening_pain_not_imaged",
        "congenital-conditions",
        [fact("mri_unable"), fact("scoliosis"), fact("back_pain", onset="worsening"), *absent("prior_ct", "prior_mri")],
        "thoracic",
    ),
    (
        "scoliosis_worsening_pain_older_ct_of_other_region",
        "congenital-conditions",
        [
            fact("mri_unable"),
            fact("scoliosis"),
            fact("back_pain", onset="worsening"),
            fact("prior_ct", region="cervical"),
        ],
        "thoracic",
    ),
    # Repeat imaging.
    (
        "repeat_ct_to_clarify_indeterminate_finding",
        "repeat-imaging",
        [fact("prior_ct", region="cervical", date=months_ago(1), result="equivocal")],
        "cervical",
    ),
    (
        "repeat_ct_to_monitor_fracture",
        "repeat-imaging",
        [fact("prior_ct", region="thoracic", date=months_ago(2), result="abnormal"), fact("fracture")],
        "thoracic",
    ),
    (
        "repeat_ct_to_monitor_progressive_scoliosis",
        "repeat-imaging",
        [
            fact("prior_ct", region="thoracic", date=months_ago(2), result="abnormal"),
            fact("scoliosis", progressive=True),
        ],
        "thoracic",
    ),
    (
        "repeat_ct_after_pt_worsened",
        "repeat-imaging",
        [fact("prior_ct", region="cervical", date=months_ago(2), result="normal"), pt(outcome="worsened")],
        "cervical",
    ),
]


@pytest.mark.parametrize(("indication_id", "facts", "region"), [b[1:] for b in BRANCHES], ids=[b[0] for b in BRANCHES])
def test_branch_meets_its_indication(indication_id, facts, region):
    result = evaluate(facts, region)
    assert indication(result, indication_id).status == "true"
    assert result.determination == "meets_criteria"


def branch(indication_id: str, text_start: str):
    """One branch of an ANY indication, wrapped as an indication so its missing list can be read exactly."""
    ind = next(i for i in POLICY.indications if i.id == indication_id)
    node = next(b for b in ind.when.any if b.text.startswith(text_start))
    return Indication(id="branch", title=node.text, when=node)


def evaluate_branch(indication_id: str, text_start: str, facts: list[Fact], region: str = "lumbar"):
    ctx = Context({f.id: f for f in facts}, REQUEST_DATE, region)
    return Evaluator(POLICY).indication(branch(indication_id, text_start), ctx)


TRAUMA_NEAR_MISSES = [
    # (name, branch, facts, region, the facts the branch names as missing)
    (
        "inconclusive_imaging_without_suspected_injury",
        "Follow-up to inconclusive imaging",
        [fact("trauma"), fact("prior_ct", result="inconclusive")],
        "thoracic",
        {"fracture", "ligamentous_injury"},
    ),
    (
        "post_traumatic_radiculopathy_without_mri_reason",
        "New onset post-traumatic radiculopathy",
        [fact("trauma"), fact("radiculopathy"), fact("cauda_equina_syndrome", "suspected")],
        "lumbar",
        MRI_INDETERMINATE_OR_NOT_POSSIBLE,
    ),
    (
        "post_traumatic_radiculopathy_without_risk_factor",
        "New onset post-traumatic radiculopathy",
        [fact("trauma"), fact("radiculopathy"), fact("mri_unable"), fact("back_pain")],
        "lumbar",
        {"cauda_equina_syndrome", "back_pain", "trauma", "osteoporosis", "patient_age", "chronic_steroid_use"},
    ),
    (
        "blunt_trauma_without_ct",
        "Acute spine blunt trauma",
        [fact("trauma"), fact("spinal_cord_injury", "suspected")],
        "thoracic",
        {"prior_ct"},
    ),
    (
        "cervical_trauma_without_initial_imaging",
        "Follow-up of acute cervical spine blunt trauma",
        [fact("trauma")],
        "cervical",
        {"prior_radiographs", "prior_ct", "prior_mri"},
    ),
    (
        "post_traumatic_deficit_without_mri_reason",
        "New onset post-traumatic neurological deficit",
        [fact("trauma", significant=True), fact("bowel_dysfunction")],
        "lumbar",
        MRI_INDETERMINATE_OR_NOT_POSSIBLE,
    ),
    (
        "post_traumatic_deficit_without_significance",
        "New onset post-traumatic neurological deficit",
        [fact("trauma"), fact("mri_unable"), fact("anal_sphincter_tone_loss")],
        "lumbar",
        {"trauma"},
    ),
    (
        "post_traumatic_pain_without_high_risk",
        "Persistent or worsening post-traumatic pain",
        [fact("trauma"), fact("back_pain"), fact("prior_ct", result="normal")],
        "lumbar",
        {"patient_age", "osteoporosis", "chronic_steroid_use"},
    ),
    (
        "post_traumatic_pain_without_initial_imaging",
        "Persistent or worsening post-traumatic pain",
        [fact("trauma"), fact("back_pain"), fact("osteoporosis")],
        "lumbar",
        {"prior_radiographs", "prior_ct", "prior_mri"},
    ),
]


@pytest.mark.parametrize(
    ("text_start", "facts", "region", "expected_missing"),
    [n[1:] for n in TRAUMA_NEAR_MISSES],
    ids=[n[0] for n in TRAUMA_NEAR_MISSES],
)
def test_trauma_near_miss_names_the_missing_element(text_start, facts, region, expected_missing):
    part = evaluate_branch("trauma", text_start, facts, region)
    assert part.status == "unknown"
    assert missing_facts(part) == expected_missing
    result = evaluate(facts, region)
    assert indication(result, "trauma").status == "unknown"
    assert [m.criterion for m in indication(result, "trauma").missing] == ["Trauma-related conditions"]
    assert expected_missing <= missing_facts(indication(result, "trauma"))
    assert result.determination == "needs_documentation"


def test_insignificant_trauma_makes_post_traumatic_deficit_branch_false():
    facts = [fact("trauma", significant=False), fact("mri_unable"), fact("saddle_anesthesia")]
    part = evaluate_branch("trauma", "New onset post-traumatic neurological deficit", facts)
    assert part.status == "false"
    assert [f.facts for f in part.failed] == [["trauma"]]


def test_vertebroplasty_branch_needs_a_vertebral_augmentation():
    ind = indication(evaluate([fact("planned_spine_procedure", kind="fusion")]), "perioperative-evaluation")
    assert ind.status == "unknown"


def congenital_branch(text_start: str, facts: list[Fact], region: str):
    """A congenital condition inside the congenital-conditions ALL, wrapped as an indication."""
    ind = next(i for i in POLICY.indications if i.id == "congenital-conditions")
    conditions = ind.when.all[1]
    node = next(b for b in conditions.any if (b.text or "").startswith(text_start))
    ctx = Context({f.id: f for f in facts}, REQUEST_DATE, region)
    return Evaluator(POLICY).indication(Indication(id="branch", title=node.text, when=node), ctx)


def test_scoliosis_already_imaged_with_ct_is_not_worsening_pain_not_imaged():
    facts = [
        fact("scoliosis"),
        fact("back_pain", onset="worsening"),
        fact("prior_ct", region="thoracic"),
        *absent("planned_spine_procedure", *NEURO_DEFICIT),
    ]
    assert congenital_branch("Scoliosis", facts, "thoracic").status == "false"


def test_scoliosis_worsening_pain_silent_on_prior_imaging_is_not_previously_imaged():
    facts = [fact("scoliosis"), fact("back_pain", onset="worsening")]
    assert congenital_branch("Scoliosis", facts, "thoracic").status == "true"


def test_scoliosis_prior_ct_without_region_needs_documentation():
    facts = [
        fact("scoliosis"),
        fact("back_pain", onset="worsening"),
        fact("prior_ct"),
        *absent("planned_spine_procedure", *NEURO_DEFICIT),
    ]
    part = congenital_branch("Scoliosis", facts, "thoracic")
    assert part.status == "unknown"
    # the reviewer is pointed at the "worsening pain not previously imaged" criterion as a whole;
    # the facts under the NOT are exclusions, so they are not offered as satisfying it
    assert [m.criterion for m in part.missing] == [
        "Neurological symptoms, preoperative assessment, or worsening pain not previously imaged"
    ]
    assert missing_facts(part) == {"neck_pain", "back_pain"} | COURSE


@pytest.mark.parametrize(
    ("text_start", "facts", "region", "expected_missing"),
    [
        (
            "Back and neck pain in a child",
            [fact("patient_age", years=10), fact("back_pain")],
            "lumbar",
            {
                "fever",
                "malaise",
                "weight_loss",
                "constant_pain",
                "night_pain",
                "muscle_weakness",
                "dermatomal_sensory_loss",
                "abnormal_reflexes",
                "myelopathic_signs",
                "foot_drop",
                "bladder_dysfunction",
                "bowel_dysfunction",
                "neck_stiffness",
            },
        ),
        ("Back and neck pain in a child", [fact("back_pain"), fact("fever")], "lumbar", {"patient_age"}),
        ("Toe walking", [fact("toe_walking")], "lumbar", {"patient_age"}),
        ("Known high-risk disorder", [fact("atlantoaxial_instability_risk")], "cervical", {"prior_radiographs"}),
        (
            "Chiari malformation",
            [fact("chiari_malformation")],
            "cervical",
            {"hydrocephalus", "syrinx", "planned_spine_procedure"},
        ),
        ("Chiari malformation", [fact("hydrocephalus", "suspected")], "cervical", {"chiari_malformation"}),
        ("Scoliosis", [fact("planned_spine_procedure")], "thoracic", {"scoliosis"}),
    ],
    ids=[
        "child_pain_without_red_flag",
        "red_flag_without_age",
        "toe_walking_without_age",
        "atlantoaxial_risk_without_radiographs",
        "chiari_without_concern",
        "hydrocephalus_without_chiari",
        "preoperative_without_scoliosis",
    ],
)
def test_congenital_condition_near_miss(text_start, facts, region, expected_missing):
    part = congenital_branch(text_start, facts, region)
    assert part.status == "unknown"
    assert missing_facts(part) == expected_missing
    result = evaluate([fact("mri_unable"), *facts], region)
    assert indication(result, "congenital-conditions").status == "unknown"
    assert result.determination == "needs_documentation"


# ---------------------------------------------------------------- repeat imaging window


@pytest.mark.parametrize(("months", "status"), [(2, "true"), (4, "false")])
def test_repeat_imaging_is_a_ct_within_three_months(months, status):
    facts = [
        fact("prior_ct", region="lumbar", date=months_ago(months), result="normal"),
        fact("back_pain", onset="worsening"),
    ]
    assert indication(evaluate(facts), "repeat-imaging").status == status


def test_repeat_imaging_needs_the_same_region():
    facts = [fact("prior_ct", region="cervical", date=months_ago(1), result="equivocal")]
    assert indication(evaluate(facts, "lumbar"), "repeat-imaging").status == "false"


# ---------------------------------------------------------------- non-indications

NO_TREATMENT = absent(
    "medication_trial",
    "physical_therapy",
    "chiropractic_care",
    "home_exercise_program",
    "injection_therapy",
    "prior_spine_surgery",
    "active_cancer_treatment",
)
NO_NEW_SYMPTOMS = [fact("back_pain", onset="chronic"), *absent("radiculopathy", *NEURO_DEFICIT)]


def recent_mri(months: float = 1, **values: object) -> Fact:
    return fact("prior_mri", **{"region": "lumbar", "date": months_ago(months), "result": "normal", **values})


NON_INDICATIONS = [
    ("recent-advanced-imaging", [recent_mri(), *NO_TREATMENT, *NO_NEW_SYMPTOMS], "lumbar"),
    (
        "chronic-neck-pain",
        [
            fact("neck_pain", chronic=True),
            *absent(
                "radiculopathy",
                "myelopathic_signs",
                "gait_abnormality",
                "muscle_weakness",
                "dermatomal_sensory_loss",
                "trauma",
            ),
        ],
        "cervical",
    ),
    ("plexopathy", [fact("plexopathy"), fact("trauma", "absent")], "cervical"),
    ("multiple-sclerosis", [fact("multiple_sclerosis", "suspected")], "cervical"),
]


@pytest.mark.parametrize(("non_indication_id", "facts", "region"), NON_INDICATIONS, ids=[n[0] for n in NON_INDICATIONS])
def test_non_indication_does_not_meet(non_indication_id, facts, region):
    result = evaluate(facts, region)
    assert [n.id for n in result.non_indications] == [non_indication_id]
    assert result.determination == "does_not_meet"


def test_multiple_sclerosis_overrides_a_met_indication():
    result = evaluate([fact("opll"), fact("multiple_sclerosis")], "cervical")
    assert indication(result, "opll").status == "true"
    assert result.determination == "does_not_meet"


@pytest.mark.parametrize(
    "change",
    [
        [recent_mri(months=4)],
        [recent_mri(result="inconclusive")],
        [recent_mri(region="cervical")],
        [pt()],
        [fact("back_pain", onset="worsening")],
        [fact("radiculopathy")],
        [fact("injection_therapy", date=months_ago(1))],
    ],
    ids=[
        "mri_four_months_ago",
        "mri_inconclusive",
        "mri_of_another_region",
        "treated_with_pt",
        "worsening_back_pain",
        "radiculopathy",
        "injection_since",
    ],
)
def test_recent_advanced_imaging_does_not_apply(change):
    base = {f.id: f for f in [recent_mri(), *NO_TREATMENT, *NO_NEW_SYMPTOMS]}
    base.update({f.id: f for f in change})
    result = evaluate(list(base.values()))
    assert result.non_indications == []
    assert result.determination != "does_not_meet"


def test_recent_advanced_imaging_silent_on_treatment_and_symptoms_applies():
    result = evaluate([recent_mri()])
    assert [n.id for n in result.non_indications] == ["recent-advanced-imaging"]
    assert result.determination == "does_not_meet"


def test_recent_advanced_imaging_with_pain_of_unknown_onset_does_not_apply_yet():
    result = evaluate([recent_mri(), fact("back_pain")])
    assert result.non_indications == []
    assert result.determination == "needs_documentation"


@pytest.mark.parametrize(
    "monitoring",
    [fact("fracture"), fact("spinal_infection"), fact("pseudarthrosis"), fact("scoliosis", progressive=True)],
    ids=["fracture", "infection", "pseudarthrosis", "progressive_scoliosis"],
)
def test_established_need_for_monitoring_is_not_recent_advanced_imaging(monitoring):
    result = evaluate([recent_mri(), monitoring])
    assert result.non_indications == []


@pytest.mark.parametrize(
    ("facts", "region"),
    [
        (
            [
                fact("neck_pain", chronic=True),
                fact("radiculopathy"),
                *absent(
                    "myelopathic_signs", "gait_abnormality", "muscle_weakness", "dermatomal_sensory_loss", "trauma"
                ),
            ],
            "cervical",
        ),
        (
            [
                fact("neck_pain", chronic=True),
                *absent(
                    "radiculopathy",
                    "myelopathic_signs",
                    "gait_abnormality",
                    "muscle_weakness",
                    "dermatomal_sensory_loss",
                    "trauma",
                ),
            ],
            "lumbar",
        ),
        (
            [
                fact("neck_pain", duration_weeks=8),
                *absent(
                    "radiculopathy",
                    "myelopathic_signs",
                    "gait_abnormality",
                    "muscle_weakness",
                    "dermatomal_sensory_loss",
                    "trauma",
                ),
            ],
            "cervical",
        ),
        ([fact("neck_pain", chronic=True), fact("spinal_tumor", "suspected")], "cervical"),
        ([fact("neck_pain", chronic=True), fact("gout")], "cervical"),
        ([fact("neck_pain", chronic=True), fact("patient_age", years=12), fact("fever")], "cervical"),
        ([fact("neck_pain", chronic=True), fact("trauma", "suspected")], "cervical"),
    ],
    ids=[
        "with_radiculopathy",
        "lumbar_request",
        "eight_weeks_is_not_chronic",
        "suspected_tumor",
        "gout",
        "child_with_fever",
        "suspected_trauma",
    ],
)
def test_chronic_neck_pain_does_not_apply(facts, region):
    assert evaluate(facts, region).non_indications == []


def test_chronic_neck_pain_alone_is_the_non_indication():
    result = evaluate(
        [fact("neck_pain", chronic=True), fact("physical_therapy", duration_weeks=8, outcome="failed")], "cervical"
    )
    assert [n.id for n in result.non_indications] == ["chronic-neck-pain"]
    assert result.determination == "does_not_meet"


def test_chronic_neck_pain_in_an_adult_with_fever_is_still_the_non_indication():
    facts = [fact("neck_pain", chronic=True), fact("patient_age", years=40), fact("fever")]
    assert [n.id for n in evaluate(facts, "cervical").non_indications] == ["chronic-neck-pain"]


def test_chronic_neck_pain_by_duration_of_twelve_weeks():
    facts = [
        fact("neck_pain", duration_weeks=12),
        *absent(
            "radiculopathy",
            "myelopathic_signs",
            "gait_abnormality",
            "muscle_weakness",
            "dermatomal_sensory_loss",
            "trauma",
        ),
    ]
    assert [n.id for n in evaluate(facts, "cervical").non_indications] == ["chronic-neck-pain"]


@pytest.mark.parametrize("trauma_status", ["present", "suspected"])
def test_traumatic_or_possibly_traumatic_plexopathy_is_not_the_non_indication(trauma_status):
    assert evaluate([fact("plexopathy"), fact("trauma", trauma_status)], "cervical").non_indications == []


def test_plexopathy_silent_on_trauma_is_non_traumatic():
    result = evaluate([fact("plexopathy")], "cervical")
    assert [n.id for n in result.non_indications] == ["plexopathy"]
    assert result.determination == "does_not_meet"


# ---------------------------------------------------------------- general requirements


def requirement(result, requirement_id: str):
    return next(r for r in result.general_requirements if r.id == requirement_id)


@pytest.mark.parametrize(
    ("facts", "region", "status"),
    [
        ([fact("neck_pain"), fact("back_pain", "absent")], "lumbar", "true"),
        ([fact("back_pain"), fact("neck_pain", "absent")], "cervical", "true"),
        ([fact("neck_pain"), fact("back_pain")], "lumbar", "false"),
        ([fact("back_pain")], "lumbar", "false"),
        ([fact("neck_pain")], "cervical", "false"),
        ([fact("neck_pain")], "thoracic", "true"),
        ([fact("neck_pain"), fact("back_pain", "suspected")], "lumbar", "false"),
        ([fact("neck_pain")], "unspecified", "unknown"),
    ],
    ids=[
        "neck_pain_for_lumbar_ct",
        "back_pain_for_cervical_ct",
        "both_regions_documented",
        "back_pain_for_lumbar_ct",
        "neck_pain_for_cervical_ct",
        "neck_pain_only_for_thoracic_ct",
        "possible_back_pain_for_lumbar_ct",
        "limited_follow_up_code",
    ],
)
def test_body_part_mismatch_flag(facts, region, status):
    result = evaluate(facts, region)
    assert requirement(result, "body-part-mismatch").status == status


def test_body_part_mismatch_is_a_flag_not_a_denial():
    result = evaluate([fact("opll"), fact("back_pain"), fact("neck_pain", "absent")], "cervical")
    assert requirement(result, "body-part-mismatch").status == "true"
    assert result.determination == "meets_criteria"


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ([fact("prior_mri", date=months_ago(2))], "true"),
        ([fact("prior_ct", date=months_ago(1))], "true"),
        ([fact("prior_bone_scan", date=months_ago(2.5))], "true"),
        ([fact("injection_therapy", date=months_ago(1))], "true"),
        (
            [
                fact("prior_mri", date=months_ago(4)),
                fact("prior_ct", date=months_ago(5)),
                fact("prior_bone_scan", "absent"),
                fact("injection_therapy", "absent"),
            ],
            "false",
        ),
    ],
    ids=["mri_two_months_ago", "ct_one_month_ago", "bone_scan", "injection", "imaging_four_months_ago"],
)
def test_multiple_requests_within_three_months_flag(facts, status):
    result = evaluate(facts)
    req = requirement(result, "multiple-requests-within-3-months")
    assert req.status == status
    assert result.determination != "does_not_meet"
