"""The sectionizer's header forms: what starts a section and what does not."""

from __future__ import annotations

import pytest

from prescreen.pipeline.sections import Sectionizer, load_section_rules

SECTIONIZER = Sectionizer(load_section_rules())


def _section_at(text: str, word: str) -> str | None:
    at = text.index(word)
    found = [c for s, e, c in SECTIONIZER.find(text) if s <= at < e]
    return found[-1] if found else None


@pytest.mark.parametrize(
    "header",
    [
        "FAMILY HISTORY:",
        "Family history",
        "FHx:",
        # (round 39) short forms, a parenthetical, a dash at the line's end, a qualifying word
        "Fam Hx:",
        "Fam hx -",
        "F/H:",
        "F.H.:",
        "Family history (reviewed):",
        "Family Hx (updated 9/2025):",
        "FAMILY HISTORY -",
        "Pertinent family history:",
        "Relevant family history:",
        "Family History of:",
    ],
)
def test_family_history_headers_open_the_family_section(header: str) -> None:
    text = f"ALLERGIES: NKDA\n{header}\nMother - lumbar fusion 2015\n\nSOCIAL HISTORY: nonsmoker"
    assert _section_at(text, "lumbar fusion") == "family history"
    assert _section_at(text, "nonsmoker") == "social history"


def test_a_header_word_inside_a_sentence_opens_no_section() -> None:
    text = "HPI: She worries about her family history of back trouble; her mother had a lumbar fusion."
    assert _section_at(text, "lumbar fusion") == "history of present illness"
    # nor does the capitalised word mid-line without its colon
    text = "HPI: back pain x 3 wks. Family History reviewed, mother had a lumbar fusion."
    assert _section_at(text, "lumbar fusion") == "history of present illness"


@pytest.mark.parametrize(
    "line",
    ["cc: Dr. M. Osei, Neurosurgery", "CC: J. Kim, MD", "cc: Maria Lopez, MD", "cc: PCP", "CC: Referring provider"],
)
def test_a_letters_copy_line_is_no_chief_complaint(line: str) -> None:
    # (round 43) the copy line names a person: the words after it stay in the section before it
    text = f"HPI: low back pain x 3 months.\n{line}\n"
    assert _section_at(text, line[4:]) == "history of present illness"


@pytest.mark.parametrize("line", ["CC: low back pain x 3 weeks", "cc: Low back pain.", "CC: neck pain after MVC"])
def test_a_chief_complaint_line_still_opens_its_section(line: str) -> None:
    text = f"Clinic note\n{line}\nHPI: 52M.\n"
    assert _section_at(text, line[4:]) == "chief complaint"


@pytest.mark.parametrize("line", ["Reason: numbness and burning of both feet", "REASON: R foot drop, r/o L5"])
def test_a_reports_reason_line_is_its_clinical_indication(line: str) -> None:
    # (round 49) a consult's or a study's "Reason:" is the referrer's summary, as "Reason for exam:"
    # is: not the patient's own account (GUIDELINES 5.11), and not the header before it
    text = f"NEUROLOGY CONSULTATION\nRef: P. Larkin, MD\n{line}\n\nHPI: 63 yo woman.\n"
    assert _section_at(text, line.split(": ")[1]) == "clinical indication"
    assert _section_at(text, "63 yo") == "history of present illness"
