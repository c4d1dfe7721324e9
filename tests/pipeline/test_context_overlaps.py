"""Which ConText triggers survive when two rules match the same words: medspaCy keeps one of any
overlapping pair (the longer); rules on exactly the same words in opposite directions both keep
their modifier ("TFESI [pending] scheduling", "[pending] MRI")."""

from __future__ import annotations

from medspacy.context import ConTextRule

from prescreen.pipeline.context import same_span_twins

RULES = [
    ConTextRule("pending", "HYPOTHETICAL", direction="FORWARD"),
    ConTextRule("pending", "HYPOTHETICAL", direction="BACKWARD"),
    ConTextRule("pending", "HYPOTHETICAL", direction="FORWARD"),
    ConTextRule("pending", "PSEUDO", direction="PSEUDO"),
    ConTextRule("pending results", "HYPOTHETICAL", direction="FORWARD"),
]


def test_rules_on_the_same_words_in_opposite_directions_are_both_kept() -> None:
    assert sorted(same_span_twins([(0, 3, 4), (1, 3, 4)], RULES)) == [(0, 3, 4), (1, 3, 4)]


def test_rules_on_the_same_words_in_one_direction_keep_one() -> None:
    assert len(same_span_twins([(0, 3, 4), (2, 3, 4)], RULES)) == 1


def test_a_pseudo_rule_on_the_same_words_is_no_twin() -> None:
    assert len(same_span_twins([(1, 3, 4), (3, 3, 4)], RULES)) == 1


def test_a_longer_trigger_still_silences_a_shorter_one() -> None:
    assert same_span_twins([(1, 3, 4), (4, 3, 5)], RULES) == [(4, 3, 5)]
