"""The parenthesis matcher gives the abbreviation detector exactly the candidates its own Matcher gave."""

from __future__ import annotations

import pytest
import spacy
from scispacy.abbreviation import AbbreviationDetector

from prescreen.corpora.loader import load_corpus
from prescreen.pipeline.abbreviations import ParenthesisMatches, looks_defined
from tests.conftest import ROOT


def test_parenthesis_matches_equal_the_detectors_matcher_within_its_window() -> None:
    nlp = spacy.blank("en")
    original = AbbreviationDetector(nlp).matcher  # [{"ORTH": "("}, {"OP": "+"}, {"ORTH": ")"}]
    ours = ParenthesisMatches(nlp.vocab)
    texts = [n.text for r in load_corpus(ROOT / "corpora" / "spine").requests[:40] for n in r.request.notes]
    texts.append("a (b (c) d) e (f g h i j k l m n o) (p) ((q)) (")
    compared = 0
    for doc in nlp.pipe(texts):
        expected = [(start, end) for _, start, end in original(doc) if end - start - 2 <= ParenthesisMatches.MAX_INSIDE]
        assert [(start, end) for _, start, end in ours(doc)] == expected
        compared += len(expected)
    assert compared > 100


@pytest.mark.parametrize(
    ("short", "long_form", "defined"),
    [
        ("LESI", "lumbar epidural steroid injection", True),
        ("MS", "multiple sclerosis", True),
        ("ddd", "degenerative disc disease", True),  # a short lowercase form
        ("normal", "multiple sclerosis or other demyelinating disease. B12 level 612", False),  # a word
        ("MS", "No myelopathy. Motor strength", False),  # across a sentence break
    ],
)
def test_an_abbreviation_is_defined_only_by_a_short_form_after_a_long_form_in_its_sentence(
    short: str, long_form: str, defined: bool
) -> None:
    assert looks_defined(short, long_form) is defined
