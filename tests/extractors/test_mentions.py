"""doc_mentions: a therapy whose sentence gives no duration takes the one an anaphoric next
sentence of the same line gives ("She started meloxicam. That was about two months ago.")."""

from __future__ import annotations

import datetime as dt

import pytest

from prescreen.contract import Note
from prescreen.extractors.values import next_sentence_weeks
from prescreen.pipeline.run import extract_mentions, process_notes

NOTE = dt.date(2025, 9, 20)

# fmt: off
NEXT_SENTENCE = [
    pytest.param(" That was about two months ago. No fever.", 8.7, id="that-was-ago"),
    pytest.param(" It was started ~3 weeks ago.", 3.0, id="it-was-started-ago"),
    pytest.param(" This was roughly 10 days ago.", 1.4, id="this-was-days-ago"),
    pytest.param(" She has been on it for 6 weeks without relief.", 6.0, id="been-on-it-for"),
    pytest.param(" He has taken it for the past 3 months.", 13.0, id="taken-it-for-the-past"),
    pytest.param(" Has been doing the exercises for about a month.", 4.3, id="doing-the-exercises"),
    pytest.param(" She has been going for eight weeks now.", 8.0, id="been-going-for"),
    pytest.param(" Pain began 2 months ago.", None, id="not-no-anaphor"),
    pytest.param(" That was before the MRI.", None, id="not-no-duration"),
    pytest.param(" It has been worse for 2 weeks.", None, id="not-symptom-verb"),
    pytest.param(" She has been on gabapentin for 6 weeks.", None, id="not-another-therapy"),
    pytest.param(" He has had it for 3 years.", None, id="not-had-it-the-complaint"),
]
# fmt: on


@pytest.mark.parametrize("text,expected", NEXT_SENTENCE)
def test_next_sentence_weeks(text: str, expected: float | None) -> None:
    got = next_sentence_weeks(text)
    assert got == (pytest.approx(expected) if expected is not None else None)


def _therapy_values(text: str, fact: str) -> list[dict[str, object]]:
    notes = [Note(id="n1", date=NOTE, text=text)]
    return [m.evidence.values for m in extract_mentions(notes, process_notes(notes)) if m.fact == fact]


def test_duration_from_the_next_sentence() -> None:
    values = _therapy_values(
        "HPI: Low back pain. She started meloxicam. That was about two months ago.\n", "medication_trial"
    )
    assert [v.get("duration_weeks") for v in values] == [8.7]


def test_own_sentence_duration_wins() -> None:
    values = _therapy_values("HPI: LBP. Naproxen x 3 weeks. She has been on it for 6 weeks.\n", "medication_trial")
    assert [v.get("duration_weeks") for v in values] == [3.0]


def test_not_across_a_line_break() -> None:
    values = _therapy_values("Tried naproxen.\nThat was 3 weeks ago.\n", "medication_trial")
    assert [v.get("duration_weeks") for v in values] == [None]


def test_the_value_component_sets_the_next_sentence_duration_on_the_span() -> None:
    from prescreen.pipeline.nlp import get_nlp

    doc = get_nlp()("HPI: Low back pain. She started meloxicam. That was about two months ago.\n")
    (ent,) = [e for e in doc.ents if e._.fact == "medication_trial"]
    assert ent._.values["duration_weeks"] == 8.7
