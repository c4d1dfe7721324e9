"""A form whose answers stand in columns under a "Yes  No" header line: the tick's column answers
the row (``answer_columns`` in context.yaml)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.conftest import assert_mention

BOXES = (
    "PAST MEDICAL HISTORY - do you have or have you ever had:\n"
    "                                          Yes   No\n"
    'Diabetes                                  [X]   [ ]   (type? "2 - pills")\n'
    "Kidney disease / dialysis                 [ ]   [X]\n"
    "Rheumatoid arthritis / lupus              [ ]   [X]\n"
    "Osteoporosis                              [ ]   [ ]\n"
    "\n"
    "ABOUT YOUR BACK PROBLEM:\n"
    "  Back or neck surgery?                   [ ]   [X]\n"
)
LETTERS = (
    "MEDICAL HISTORY                                  Y    N\n"
    'Diabetes                                         x         "type 2, 12 yrs"\n'
    "Cancer                                                x\n"
    "Fevers / chills                                       x\n"
    'Bowel / bladder control problems                 x         "get up 2x at night - prostate"\n'
)

# (slug, form, fact, mention, expected assertion)
ROWS: list[tuple[str, str, str, str, str]] = [
    ("box-yes", BOXES, "diabetes", "Diabetes", "present"),
    ("box-no-second-item", BOXES, "dialysis", "dialysis", "absent"),
    ("box-no-first-item", BOXES, "rheumatoid_arthritis", "Rheumatoid arthritis", "absent"),
    ("box-no-second-of-two", BOXES, "connective_tissue_disorder", "lupus", "absent"),
    ("boxes-unanswered", BOXES, "osteoporosis", "Osteoporosis", "hypothetical"),
    ("box-no-after-blank-line", BOXES, "prior_spine_surgery", "neck surgery", "absent"),
    ("letter-yes", LETTERS, "diabetes", "Diabetes", "present"),
    ("letter-no", LETTERS, "cancer_history", "Cancer", "absent"),
    ("letter-no-second-item", LETTERS, "malaise", "chills", "absent"),
    # a tick under Yes with "2x" in the comment: the comment is no answer
    ("letter-yes-comment-with-x", LETTERS, "bowel_dysfunction", "Bowel", "present"),
    (
        "question-answered-yes",
        "SURGERIES        Yes   No\n  Back surgery?    [X]   [ ]\n",
        "prior_spine_surgery",
        "Back surgery",
        "present",
    ),
]


@pytest.mark.parametrize(("text", "fact", "mention", "expected"), [pytest.param(*r[1:], id=r[0]) for r in ROWS])
def test_answer_column(nlp: Language, text: str, fact: str, mention: str, expected: str) -> None:
    assert_mention(nlp(text), fact, expected, mention)


def test_a_row_answered_by_column_names_its_cue(nlp: Language) -> None:
    doc = nlp(BOXES)
    (ent,) = [e for e in doc.ents if e._.fact == "dialysis"]
    assert ent._.cues[-1] == "answer column: no"


def test_without_a_column_header_the_ticks_are_left_to_the_other_rules(nlp: Language) -> None:
    # the same row with no header above it: nothing says which column is No
    doc = nlp("Kidney disease / dialysis                 [ ]   [X]\n")
    assert all("answer column: no" not in e._.cues for e in doc.ents)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Tried on a soft collar at CVS, didn't buy it.\n", "soft collar"),
        ("Mom bought a lumbar support brace online - never worn.\n", "brace"),
        ("Bought a TENS unit last month, has not opened it.\n", "TENS unit"),
    ],
)
def test_a_device_never_bought_opened_or_worn_is_denied(nlp: Language, text: str, mention: str) -> None:
    assert_mention(nlp("HPI: low back pain x 8 wks.\n" + text), "device_therapy", "absent", mention)


def test_a_device_worn_daily_stays_present(nlp: Language) -> None:
    assert_mention(
        nlp("HPI: low back pain x 8 wks.\nWears an LSO brace daily, did not help.\n"),
        "device_therapy",
        "present",
        "LSO brace",
    )
