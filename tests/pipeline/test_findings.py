"""Reading a lab value against the reference range written after it (``findings.yaml``
``reference_range``): the clause after the lab's name, as the findings component cuts it."""

from __future__ import annotations

import pytest

from prescreen.pipeline.findings import CLAUSE_END, reference_range_reading


@pytest.mark.parametrize(
    ("clause", "reading"),
    [
        (" 1.2 (ref <3)", "absent"),
        (" 12.5 (ref <3)", "present"),
        (" 12.5 mg/L (ref <3)", "present"),
        (" 3 (ref <3)", "present"),  # "<3": 3 itself is outside
        (": 35 mm/hr (ref 0-20)", "present"),
        (" 12 (reference range 0-20)", "absent"),
        (" 3.1 (ref 4.0-11.0)", "present"),  # below the range
        ("= 7.1 K/uL (nl 4.0-11.0)", "absent"),
        (" 0.8 mg/dL [normal: up to 1.0]", "absent"),
        (" 14.2 (H)", None),  # a flag, no range: the regexes decide
        (" 7.1", None),
        (" pending (ref <3)", None),
    ],
)
def test_reference_range_reading(clause: str, reading: str | None) -> None:
    assert reference_range_reading(clause) == reading


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        (" 1.2 (ref <3), ESR 10", " 1.2 (ref <3)"),  # a decimal point does not end the clause
        (" 45. CRP 2", " 45"),  # a full stop does
        (" 12; CRP 3", " 12"),
    ],
)
def test_clause_ends_at_a_full_stop_not_a_decimal_point(text: str, clause: str) -> None:
    stop = CLAUSE_END.search(text)
    assert (text[: stop.start()] if stop else text) == clause
