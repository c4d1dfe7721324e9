"""The parenthesis matcher gives the abbreviation detector exactly the candidates its own Matcher gave."""

from __future__ import annotations

import spacy
from scispacy.abbreviation import AbbreviationDetector

from prescreen.corpora.loader import load_corpus
from prescreen.pipeline.abbreviations import ParenthesisMatches
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
