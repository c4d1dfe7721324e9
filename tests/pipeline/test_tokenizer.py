"""The tokenizer shortcut (letters-only chunks skip the affix and URL regexes) changes no token."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.attrs import ORTH

from prescreen.corpora.loader import load_corpus
from prescreen.pipeline.nlp import get_nlp
from prescreen.pipeline.tokenizer import TOKENIZER_CONFIG, _Shortcut, create_tokenizer

ROOT = Path(__file__).resolve().parents[2]

#: letters-only words of several scripts, title case, a ligature and a modifier letter
LETTERS = ["pain", "Radiculopathy", "naïve", "Straße", "ǅemal", "ﬁbrosis", "ʰ", "日本語", "Ωμέγα", "боль", "µ"]

TRICKY = [
    "Pt is 54 y/o w/ LBP x 6wks; s/p L4-5 ESI (LESI) 3/2025 -- no relief.",
    "Meds: gabapentin 300mg TID, Tylenol 500 mg prn. BP 130/80, T 98.6°F, 5'10\", 80kg.",
    "See https://example.org/notes?id=1 or www.example.com; e-mail dr.smith@example.com.",
    "Can't/won't do PT.  U.S. Army vet... \"Doing OK\" (per pt) - DTRs 2+/4, 4/5 EHL, +SLR @ 30°.",
    "naïve Straße ǅemal ﬁbrosis µ 日本語 Ωμέγα боль L5–S1 C5‑C6 ¿qué? ¡sí! 'quoted' “curly” ’tis",
]


def _tokens(tokenizer: object, text: str) -> list[tuple[int, str]]:
    return [(t.idx, t.text) for t in tokenizer(text)]  # type: ignore[operator]


def test_the_english_affix_and_url_regexes_are_proven_to_skip_letters_only_chunks() -> None:
    nlp = get_nlp()
    for name in ("prefix_search", "suffix_search", "infix_finditer", "url_match"):
        assert type(getattr(nlp.tokenizer, name)).__name__ == "_Shortcut", name
        pattern = getattr(nlp.tokenizer, name).__self__
        for word in LETTERS:
            assert word.isalpha()
            assert not list(re.finditer(pattern, word)), (name, word)  # what the shortcut claims


def test_the_pipeline_tokenizes_exactly_as_spacy_english() -> None:
    ours, reference = get_nlp().tokenizer, spacy.blank("en").tokenizer
    corpus = load_corpus(ROOT / "corpora" / "spine")
    texts = [n.text for cr in corpus.requests for n in cr.request.notes] + TRICKY
    for text in texts:
        assert _tokens(ours, text) == _tokens(reference, text)


def test_random_text_tokenizes_exactly_as_spacy_english() -> None:
    rng = random.Random(20261121)
    alphabet = "abcXYZéßǅﬁ日Ω" + "0123456789" + ".,;:!?-–—/\\'\"“”’()[]{}<>@#$%^&*+=_~`|°µ" + "  \n\t"
    ours, reference = get_nlp().tokenizer, spacy.blank("en").tokenizer
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80)))
        assert _tokens(ours, text) == _tokens(reference, text)


def test_the_tokenizer_serializes_with_its_regexes() -> None:
    tokenizer = spacy.blank("en", config=TOKENIZER_CONFIG).tokenizer
    restored = spacy.blank("en").tokenizer.from_bytes(tokenizer.to_bytes())
    for text in TRICKY:
        assert _tokens(restored, text) == _tokens(tokenizer, text)


def test_remembered_answers_split_repeated_chunks_the_same_way(monkeypatch: pytest.MonkeyPatch) -> None:
    import prescreen.pipeline.tokenizer as module

    reference = spacy.blank("en").tokenizer
    text = " ".join(TRICKY * 3)  # every chunk again, after the doc has used special cases ("U.S.", "Can't")
    tokenizer = spacy.blank("en", config=TOKENIZER_CONFIG).tokenizer
    assert _tokens(tokenizer, text) == _tokens(reference, text)
    assert "4/5" in tokenizer.suffix_search.memo and "EHL" not in tokenizer.suffix_search.memo  # letters skip it
    monkeypatch.setattr(module, "MEMO_SIZE", 3)  # the memo starts over when full
    small = spacy.blank("en", config=TOKENIZER_CONFIG).tokenizer
    assert _tokens(small, text) == _tokens(reference, text)
    assert len(small.suffix_search.memo) <= 3


def test_special_cases_that_change_nothing_are_dropped() -> None:
    reference = spacy.blank("en").tokenizer.rules
    tokenizer = create_tokenizer()(spacy.blank("en"))
    dropped = reference.keys() - tokenizer.rules.keys()
    assert {"\n", " ", "\t", "—", "’"} <= dropped
    assert {"Dr.", "cannot", "w/o", "c."} <= tokenizer.rules.keys()
    for key in dropped:
        assert [t.text for t in tokenizer(key)] == [token[ORTH] for token in reference[key]]


def test_chunks_after_a_line_break_are_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy caches no chunk of a doc after its first special case; a line break is not one here."""
    tokenizer = create_tokenizer()(spacy.blank("en"))
    asked: list[str] = []
    original = _Shortcut.__call__

    def counting(self: _Shortcut, string: str) -> Any:
        asked.append(string)
        return original(self, string)

    monkeypatch.setattr(_Shortcut, "__call__", counting)
    text = "Exam:\nStrength 4/5 (L EHL), reflexes 2+.\nPlan: PT x6 wks."
    first = [t.text for t in tokenizer(text)]
    assert asked  # the first time, the chunks are split with the affix regexes
    asked.clear()
    assert [t.text for t in tokenizer(text)] == first
    assert asked == []  # the second time, every chunk comes from spaCy's cache
