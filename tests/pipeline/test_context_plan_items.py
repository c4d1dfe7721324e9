"""A therapy that opens an item of a plan section is what the plan orders (GUIDELINES 2.1: plans are
hypothetical), unless the item says the course goes on or is taken as needed (``plan_items`` in
context.yaml)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.conftest import assert_mention

HEAD = "HPI: low back pain for 3 months.\n"

# (slug, plan text, fact, mention, expected assertion)
# fmt: off
ITEMS: list[tuple[str, str, str, str, str]] = [
    ("numbered-drug-course", "P:\n1. Meloxicam 15 mg daily x 6 wks (start today), d/c ibuprofen.\n2. RTC 6 wks.", "medication_trial", "Meloxicam", "hypothetical"),
    ("numbered-drug", "PLAN:\n1. CT L-spine.\n2. Naproxen 500 mg BID w/ food.\n3. RTC after CT.", "medication_trial", "Naproxen", "hypothetical"),
    ("dashed-pt", "Plan:\n- Out of gymnastics x 6 wks.\n- PT 2x/wk for core stabilization.", "physical_therapy", "PT", "hypothetical"),
    ("pt-on-hold", "Plan:\n1. CT C-spine.\n2. PT on hold pending CT.", "physical_therapy", "PT", "hypothetical"),
    ("hep-handout-today", "P:\n1. Naproxen 500 mg BID x 2-3 wks.\n2. HEP handout (McKenzie) given today.", "home_exercise_program", "HEP", "hypothetical"),
    ("brace-sentence", "Plan: LSO brace for comfort.", "device_therapy", "LSO brace", "hypothetical"),
    ("injection-item", "Plan:\n- L5-S1 TFESI\n- f/u 2 wks after injection", "injection_therapy", "TFESI", "hypothetical"),
    ("prescription-at-disposition", "DISPOSITION: Discharged home in soft collar.\nRx naproxen 500 mg BID x 7 days.", "medication_trial", "naproxen", "hypothetical"),
    # the item says the course goes on, or is taken as needed: present
    ("continued", "Plan:\n1. CT L-spine.\n2. Meloxicam - continue 15 mg daily.", "medication_trial", "Meloxicam", "present"),
    ("as-needed", "DISPOSITION: Discharged home.\nPlan:\n- Ibuprofen 400 mg every 6 hours as needed.", "medication_trial", "Ibuprofen", "present"),
    ("prn", "Plan:\n- Acetaminophen prn.", "medication_trial", "Acetaminophen", "present"),
    ("hep-reviewed", "Plan:\n- Home stretches reviewed verbally.", "home_exercise_program", "Home stretches", "present"),
    ("scheduled-dosing", "Plan:\n4. Acetaminophen 1 g TID scheduled.", "medication_trial", "Acetaminophen", "present"),
    ("fitted-at-visit", "PLAN: TLSO brace fitted in ED, wear when upright.", "device_therapy", "TLSO brace", "present"),
    ("chiropractic-treatment-given", "P: Chiropractic manipulative therapy T4-T7, soft tissue.", "chiropractic_care", "Chiropractic", "present"),
    # not the item's opening word, or not a plan section: left to the other rules
    ("history-in-plan-sentence", "Plan: CT L-spine. She failed 8 weeks of PT.", "physical_therapy", "PT", "present"),
    ("medication-list", "Medications:\n1. Meloxicam 15 mg daily.", "medication_trial", "Meloxicam", "present"),
    ("assessment-and-plan-narrative", "A/P: L4-5 stenosis.\nPT x 8 wks (6/2-7/28) without relief.", "physical_therapy", "PT", "present"),
]
# fmt: on


@pytest.mark.parametrize(("text", "fact", "mention", "expected"), [pytest.param(*r[1:], id=r[0]) for r in ITEMS])
def test_plan_item(nlp: Language, text: str, fact: str, mention: str, expected: str) -> None:
    assert_mention(nlp(HEAD + text + "\n"), fact, expected, mention)


def test_a_plan_item_names_its_cue(nlp: Language) -> None:
    doc = nlp(HEAD + "PLAN:\n1. Naproxen 500 mg BID w/ food.\n")
    (ent,) = [e for e in doc.ents if e._.fact == "medication_trial"]
    assert ent._.cues == ["plan item: plan"]
