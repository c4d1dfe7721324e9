"""The rule-based sentence splitter: where notes' sentences start, the text each one covers."""

from __future__ import annotations

import pytest
import spacy

from prescreen.pipeline.sentences import SentenceSplitter


@pytest.fixture(scope="module")
def split() -> SentenceSplitter:
    return SentenceSplitter()


def sentences(splitter: SentenceSplitter, text: str) -> list[str]:
    doc = splitter(spacy.blank("en")(text))
    return [s.text.strip() for s in doc.sents]


# fmt: off
CASES: list[tuple[str, str, list[str]]] = [
    ("period-capital", "Back pain x 3 months. Denies fever.", ["Back pain x 3 months.", "Denies fever."]),
    ("abbreviation-period", "Seen by Dr. Patel for LBP.", ["Seen by Dr. Patel for LBP."]),
    ("patient-abbreviation", "Pt. Reports LBP.", ["Pt. Reports LBP."]),
    # an all-caps fact name ends its sentence; mixed-case "Pt."/"Ms." and an all-caps line do not
    ("pt-fact-ends-sentence", "No HEP - never got one from PT. Saw a chiropractor in 2022.", ["No HEP - never got one from PT.", "Saw a chiropractor in 2022."]),
    ("ms-fact-ends-sentence", "Sister has MS. Denies fever.", ["Sister has MS.", "Denies fever."]),
    ("ms-title", "Seen with Ms. Patel.", ["Seen with Ms. Patel."]),
    ("all-caps-line-pt", "PT. STATES PAIN IS WORSE.", ["PT. STATES PAIN IS WORSE."]),
    ("question-then-sentence", "Any falls? She fell in May.", ["Any falls?", "She fell in May."]),
    # a one-word answer that ends its line stays with its question, also on a note's last line
    ("answer-no-last-line", "ROS: Fever? No", ["ROS: Fever? No"]),
    ("answer-no-period", "Is the patient pregnant? No.\nGait normal.", ["Is the patient pregnant? No.", "Gait normal."]),
    ("answer-yes", "Any history of trauma? Yes", ["Any history of trauma? Yes"]),
    ("answer-none", "Prior spine surgery? None.", ["Prior spine surgery? None."]),
    ("answer-denies", "Bowel or bladder changes? Denies", ["Bowel or bladder changes? Denies"]),
    # an answer that goes on is its own sentence
    ("answer-goes-on", "Any falls? No falls but trips often.", ["Any falls?", "No falls but trips often."]),
    ("no-as-word", "Numbness? Not today.", ["Numbness?", "Not today."]),
    # (round 27) an answer on the next line stays with its question; one that goes on does not
    ("answer-next-line", "Have you ever had an MRI of your back?\nNo - never", ["Have you ever had an MRI of your back?\nNo - never"]),
    ("answer-next-line-yes", "Lost weight without trying?\nYes - about 10 lbs", ["Lost weight without trying?\nYes - about 10 lbs"]),
    ("answer-after-colon-line", "Weight loss (unintended):\nnone", ["Weight loss (unintended):\nnone"]),
    ("next-line-goes-on", "Any falls?\nNo falls but trips often.", ["Any falls?", "No falls but trips often."]),
    ("header-then-no-sentence", "Plan:\nNo PT for now.", ["Plan:", "No PT for now."]),
    ("question-yes-no-pair", "New weakness?  Y / N  → N", ["New weakness?  Y / N  → N"]),
    ("question-blank-pair", "Weight loss?  Y___  N___", ["Weight loss?  Y___  N___"]),
    ("question-length-answer", "How long? 3 months", ["How long? 3 months"]),
    ("question-if-yes", "Hx of spine surgery? If yes, list type and date: N/A", ["Hx of spine surgery? If yes, list type and date: N/A"]),
    ("header-lines", "HPI:\nLow back pain.\nPMH: HTN", ["HPI:", "Low back pain.", "PMH: HTN"]),
    ("semicolon-inside", "No fever; no chills.", ["No fever; no chills."]),
    # a list number opens its item, at a line's start or after a header's colon
    ("list-number-item", "Plan:\n5. ED for saddle numbness.", ["Plan:", "5. ED for saddle numbness."]),
    ("list-number-after-colon", "Plan: 1. PT 2x/wk. 2. HEP.", ["Plan: 1. PT 2x/wk.", "2. HEP."]),
    ("number-ends-sentence", "Pain is 5. Then it eased.", ["Pain is 5.", "Then it eased."]),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in CASES])
def test_sentences(split: SentenceSplitter, text: str, expected: list[str]) -> None:
    assert sentences(split, text) == expected
