"""The regex accelerators change no match: prefilters find what the pattern finds, gates never
exclude a text the pattern matches."""

from __future__ import annotations

import re

import pytest

import prescreen.extractors.values as values
from prescreen._regex import (
    AnyAlternative,
    cannot_match,
    first_chars,
    literal_gate,
    needs_non_letter,
    prefiltered,
    top_level_alternatives,
    trie_alternation,
)
from prescreen.corpora.loader import load_corpus
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def lines() -> list[str]:
    corpus = load_corpus(ROOT / "corpora" / "spine")
    texts = [n.text for r in corpus.requests[:50] for n in r.request.notes]
    out = [line for text in texts for line in text.split("\n") if line.strip()]
    # non-ASCII look-alikes that case-insensitive matching folds onto ASCII letters
    out += ["Fıled PT, no ımprovement", "ſtopped going", "KNEE pain", "İmproved"]
    return out


def test_prefilters_find_exactly_what_the_patterns_find(lines: list[str]) -> None:
    regexes = values.value_regexes()
    assert sum(first_chars(r) is not None for r in regexes) > 40
    for regex in regexes:
        fast = prefiltered(regex)
        for line in lines:
            assert [m.span() for m in fast.finditer(line)] == [m.span() for m in regex.finditer(line)], regex.pattern


def test_literal_gates_never_rule_out_a_text_the_pattern_matches(lines: list[str]) -> None:
    regexes = values.value_regexes()
    gated = [r for r in regexes if literal_gate(r) is not None]
    assert len(gated) > 60
    ruled_out = 0
    for regex in gated:
        for line in lines:
            if cannot_match(regex, line):
                ruled_out += 1
                assert regex.search(line) is None, (regex.pattern, line)
    assert ruled_out > 1000


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (r"(?i)\bleft\b|\bLLE\b", set("lL")),
        (r"(?<!\w)(?:\d+|x)\s*wks?", set("0123456789x")),
        (r"a?b", {"a", "b"}),
        (r"\w+ pain", None),
        (r"x*", None),
        (r"[^a]b", None),
    ],
)
def test_first_chars(pattern: str, chars: set[str] | None) -> None:
    assert first_chars(re.compile(pattern)) == chars


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        # the longest literal run of each alternative
        (r"(?i)\bnon-?complian|stopped (?:going|attending)", ("complian", "stopped ")),
        # a literal the match must hold anywhere, not only at its start
        (r"(?i)\b(?P<num>\d+)\s*(?:weeks?|months?)\s+ago\b", ("ago",)),
        # a required group whose every alternative has a literal
        (r"(?i)\d+\s*(?:since|starting|began)\b", ("since", "starting", "began")),
        # zero-width assertions do not break a run
        (r"(?i)\bon\b the", ("on the",)),
        # an optional part proves nothing; case-sensitive parts are lowered
        (r"(?:foo)?(?-i:BAR)\d", ("bar",)),
        (r"(?i)failed|\d+ weeks", ("failed", " weeks")),
        (r"(?i)failed|\d+w", None),
        (r"(?i)(?:left)*\d", None),
    ],
)
def test_literal_gates(pattern: str, gate: tuple[str, ...] | None) -> None:
    assert literal_gate(re.compile(pattern)) == gate


def test_a_gate_rules_out_texts_without_its_literals() -> None:
    assert cannot_match(re.compile(r"(?i)failed|no relief"), "PT helped a lot")
    assert cannot_match(re.compile(r"(?i)\d+ (?:weeks|months) ago"), "PT for 6 weeks")
    assert not cannot_match(re.compile(r"(?i)\d+ (?:weeks|months) ago"), "PT 6 WEEKS AGO")
    assert not cannot_match(re.compile(r"(?i)failed"), "FAILED PT")
    assert not cannot_match(re.compile(r"(?i)failed"), "fıled")  # non-ASCII text: always searched


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"\d+", True),  # digits only
        (r"[.,;]", True),  # a set of punctuation
        (r"(?<=[0-9])(?:mg|km)", True),  # letters after a digit: the lookbehind reads the string
        (r"(?<![0-9])mg", False),  # a negative lookbehind proves nothing
        (r"'s|\.$", True),  # every alternative needs a non-letter
        (r"mg|\.", False),  # one alternative is letters only
        (r"x*\.?", False),  # may match empty
        (r"(?:\.\.)+", True),  # a repeat of at least once
        (r"[^a]", False),  # a negated set may match a letter
        (r"\w", False),  # a category with letters
        (r"[\u2000-\u206f]", True),  # a range without letters (general punctuation)
        (r"[\u00c0-\u00ff]", False),  # a range with letters (Latin-1 letters)
        (r"(?i)[+\-]", True),  # case folding maps non-letters to non-letters
    ],
)
def test_needs_non_letter(pattern: str, needs: bool) -> None:
    assert needs_non_letter(re.compile(pattern)) is needs


@pytest.mark.parametrize(
    "words",
    [
        ["pt", "physical therapy", "physio", "p.t.", "physical therapist"],
        ["a", "an", "one", "ten", "twelve", "twenty", "few"],
        ["may", "mar", "march", "ma"],
        ["x"],
    ],
)
def test_a_trie_alternation_matches_what_the_flat_alternation_matches(words: list[str]) -> None:
    flat = re.compile(r"(?i)(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")")
    trie = re.compile(r"(?i)(?<!\w)" + trie_alternation(words))
    texts = [" ".join(words), "physical therapy and PT, physio; p.t. x2", "an a one twelve tenfold", "March Mayo mar."]
    for text in texts:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_the_therapy_names_are_a_trie() -> None:
    names = values.therapy_words()
    assert "physical therapy|" not in names.pattern.lower()  # not a flat alternation
    found = [m.group(0) for m in names.finditer("Failed PT, Physical Therapy x6 wks, meloxicam and a TENS unit")]
    assert found == ["PT", "Physical Therapy", "meloxicam", "TENS unit"]


@pytest.mark.parametrize(
    ("pattern", "parts"),
    [
        (r"(?i)a|b(?:c|d)|[|]e|\|f", ["(?i)a", "(?i)b(?:c|d)", "(?i)[|]e", r"(?i)\|f"]),
        (r"[]|]x|y", ["[]|]x", "y"]),
        (r"(a|b)", ["(a|b)"]),
        (r"abc", ["abc"]),
        (r"(?i)(?:a|b(?:c|d))", ["(?i)a", "(?i)b(?:c|d)"]),
        (r"(?:a|b)c|(?:d)", ["(?:a|b)c", "(?:d)"]),
        (r"(?:a|b)?", ["(?:a|b)?"]),
        (r"(?:a)(?:b|c)", ["(?:a)(?:b|c)"]),
        (r"(?i:a|b)", ["(?i:a|b)"]),
    ],
)
def test_top_level_alternatives(pattern: str, parts: list[str]) -> None:
    assert top_level_alternatives(pattern) == parts


def test_any_alternative_finds_a_match_exactly_when_the_pattern_does(lines: list[str]) -> None:
    from prescreen.pipeline.context import load_context_rules

    patterns = [j.confirm for j in load_context_rules().judgements]
    patterns += [r"(?i)(?<!no )(?:mri|device)[^.]{0,20}?contraindicat|\bno mri\b", r"(a)x|\1y"]
    texts = [*lines, "\n".join(lines[:400])]
    for pattern in patterns:
        whole, split = re.compile(pattern), AnyAlternative(pattern)
        for text in texts:
            assert (whole.search(text) is None) == (split.search(text) is None), (pattern, text[:40])
