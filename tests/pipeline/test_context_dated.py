"""Assertions that need the note's date or the cue positions: a therapy dated years before the note
is an earlier episode (GUIDELINES 3, historical; 5.9), and a plan to evaluate for a finding leaves
the finding uncertain (``doubt_inside_plan``)."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from prescreen.pipeline.context import doubt_inside_plan
from prescreen.pipeline.qualifiers import dated_after
from tests.conftest import assert_mention

NOTE = dt.date(2025, 10, 1)

# (slug, text, fact, mention, expected assertion with the note dated NOTE)
# fmt: off
DATED: list[tuple[str, str, str, str, str]] = [
    ("chiro-bare-year", "Chiropractic 2023 with transient relief.", "chiropractic_care", "Chiropractic", "historical"),
    ("pt-two-courses", "Has done PT x2 courses (2022, 2023) with temporary relief.", "physical_therapy", "PT", "historical"),
    ("esi-in-2019-helped", "An ESI in 2019 helped for about a year.", "injection_therapy", "ESI", "historical"),
    ("year-before-mention", "In 2021 she did 6 weeks of physical therapy for a back strain.", "physical_therapy", "physical therapy", "historical"),
    ("dated-course", "Physical therapy 03/2022-05/2022, 12 visits, helped.", "physical_therapy", "Physical therapy", "historical"),
    ("own-clause-only", "PT 20 visits March-May 2025 w/o improvement; chiropractic 2023 with transient relief.", "physical_therapy", "PT", "present"),
    ("own-clause-dated", "PT 20 visits March-May 2025 w/o improvement; chiropractic 2023 with transient relief.", "chiropractic_care", "chiropractic", "historical"),
    # near misses: the current episode, or linked to the present
    ("last-year-stays", "PT March-April 2024 helped 40%, then the pain drifted back.", "physical_therapy", "PT", "present"),
    ("since-ongoing", "HEP since 2021, still doing it daily.", "home_exercise_program", "HEP", "present"),
    ("range-to-present", "Chiropractic care 2019 - present, monthly.", "chiropractic_care", "Chiropractic care", "present"),
    # (round 46) a "since" that ends its clause links nothing to the present
    ("nothing-since", "Had R-sided sciatica in 2016 after lifting at work, resolved with a few weeks of chiropractic, nothing on the R since.", "chiropractic_care", "chiropractic", "historical"),
    ("since-then-ongoing", "Chiropractic 2019 and monthly since then.", "chiropractic_care", "Chiropractic", "present"),
    ("onset-before-course", "Neck pain since 2021. PT in 2022 helped for a while.", "physical_therapy", "PT", "present"),
    ("onset-month-year", "LBP began in March 2020; ESI 2021 gave 2 weeks of relief.", "injection_therapy", "ESI", "present"),
    ("undated-course", "Completed 8 weeks of PT without relief.", "physical_therapy", "PT", "present"),
    ("not-a-therapy", "Sciatica 2019 after a fall, now back pain.", "back_pain", "back pain", "present"),
    ("medication-not-dated", "Gabapentin 300 mg TID (started 2021).", "medication_trial", "Gabapentin", "present"),
    # (round 25) an operation dated after the note is to come (a mention of planned_spine_procedure)
    ("operation-dated-after-note", "Procedure: PSF T4-L1 (Dr. Marchetti) 12/09/2025", "planned_spine_procedure", "PSF", "present"),
    ("operation-dos-after-note", "DOS 11/20/25: L4-5 microdiscectomy.", "planned_spine_procedure", "microdiscectomy", "present"),
    ("operation-dated-before-note", "Procedure: PSF T4-L1 (Dr. Marchetti) 12/09/2024", "prior_spine_surgery", "PSF", "present"),
    ("operation-done-then-follow-up-date", "s/p L5-S1 fusion 3/12/2024, f/u 12/01/2025.", "prior_spine_surgery", "fusion", "present"),
]
# fmt: on


@pytest.mark.parametrize(("text", "fact", "mention", "expected"), [pytest.param(*r[1:], id=r[0]) for r in DATED])
def test_dated_therapy(nlp: Language, text: str, fact: str, mention: str, expected: str) -> None:
    doc = nlp.make_doc(text)
    doc._.note_date = NOTE
    assert_mention(nlp(doc), fact, expected, mention)


def test_without_a_note_date_the_date_is_not_read(nlp: Language) -> None:
    doc = nlp("Chiropractic 2023 with transient relief.")
    assert [e._.assertion for e in doc.ents if e._.fact == "chiropractic_care"] == ["present"]
    doc = nlp("Procedure: PSF T4-L1 (Dr. Marchetti) 12/09/2025")
    assert [e._.fact for e in doc.ents if "spine" in e._.fact] == ["prior_spine_surgery"]


@pytest.mark.parametrize(
    ("context", "after"),
    [
        ("PSF T4-L1 12/09/2025", True),
        ("DOS 11/20/25", True),
        ("scheduled 2025-12-09", True),
        ("PSF T4-L1 12/09/2024", False),
        ("PSF 10/01/2025", False),  # the note's own day is not after it
        ("PSF 9/2026", False),  # a month and year only: not a full date
        ("PSF 13/45/2025", False),  # no such day
    ],
)
def test_dated_after(context: str, after: bool) -> None:
    assert dated_after(context, NOTE) is after


@pytest.mark.parametrize(
    ("plans", "doubts", "inside"),
    [
        ([-3], [-1], True),  # "Recommend [plan] evaluation for [doubt] X"
        ([-1], [-3], False),  # "to evaluate for ... will start X": the plan is nearer
        ([-3], [2], False),  # a doubt on the other side
        ([-3, 2], [-1], False),  # a plan on each side: the plan still governs
        ([2], [1], True),  # both after: "X to be excluded, plan ..."
    ],
)
def test_doubt_inside_plan(plans: list[int], doubts: list[int], inside: bool) -> None:
    assert doubt_inside_plan(plans, doubts) is inside
