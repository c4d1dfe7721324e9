"""The compiled rule matcher finds exactly what spaCy's Matcher and PhraseMatcher find."""

from __future__ import annotations

import re
from typing import Any

import pytest
import spacy
from pydantic import ValidationError
from spacy.matcher import Matcher, PhraseMatcher

from prescreen.corpora.loader import load_corpus
from prescreen.errors import PrescreenError
from prescreen.pipeline.context import load_context_rules
from prescreen.pipeline.matcher import RuleMatcher, validate_pattern
from prescreen.pipeline.sentences import SentenceSplitter
from prescreen.pipeline.targets import load_target_rules
from tests.conftest import ROOT
from tests.pipeline.spacy_reference import for_spacy, mark_items

NLP = spacy.blank("en")


@pytest.fixture(scope="module")
def notes() -> list[Any]:
    corpus = load_corpus(ROOT / "corpora" / "spine")
    texts = [n.text for r in corpus.requests[:60] for n in r.request.notes]
    docs = []
    for doc in NLP.pipe(texts):
        # sentence starts at line starts, so IS_SENT_START patterns have something to find
        for tok in doc[1:]:
            tok.is_sent_start = "\n" in doc[tok.i - 1].whitespace_ + doc[tok.i - 1].text
        mark_items(doc)
        docs.append(doc)
    return docs


def _spacy_matches(patterns: list[list[dict[str, Any]]], docs: list[Any]) -> set[tuple[int, int, int, int]]:
    matcher = Matcher(NLP.vocab)
    for i, pattern in enumerate(patterns):
        matcher.add(str(i), [for_spacy(pattern)])
    return {(d, int(NLP.vocab.strings[k]), s, e) for d, doc in enumerate(docs) for k, s, e in matcher(doc)}


def _our_matches(patterns: list[list[dict[str, Any]]], docs: list[Any]) -> set[tuple[int, int, int, int]]:
    matcher = RuleMatcher()
    for i, pattern in enumerate(patterns):
        matcher.add_pattern(i, validate_pattern(pattern))
    return {(d, r, s, e) for d, doc in enumerate(docs) for r, s, e in matcher(doc)}


def test_every_target_pattern_matches_exactly_as_spacy_matcher(notes: list[Any]) -> None:
    patterns = [p for spec in load_target_rules() for p in spec.patterns]
    patterns += [[{"TEXT": t.text} for t in NLP.make_doc(c)] for spec in load_target_rules() for c in spec.cased]
    expected = _spacy_matches(patterns, notes)
    assert len(expected) > 800
    assert _our_matches(patterns, notes) == expected


def test_every_context_pattern_matches_exactly_as_spacy_matcher(notes: list[Any]) -> None:
    patterns = [r.pattern for r in load_context_rules().context_rules if r.pattern]
    expected = _spacy_matches(patterns, notes)
    assert {p for _, p, _, _ in expected} & {i for i, p in enumerate(patterns) if p[0].get("IS_SENT_START")}
    # "3. Start naproxen" and "Start naproxen" both found by the one OPENS_ITEM rule
    opens = {i for i, p in enumerate(patterns) if p[0].get("OPENS_ITEM")}
    found = {(d, s) for d, p, s, _ in expected if p in opens}
    assert any(notes[d][s - 1].text in (".", ")", "-") for d, s in found if s > 0)
    assert any(notes[d][s].is_sent_start for d, s in found)
    assert _our_matches(patterns, notes) == expected


def test_target_literals_match_exactly_as_the_lowercase_phrase_matcher(notes: list[Any]) -> None:
    literals = sorted({lit.strip().lower() for spec in load_target_rules() for lit in spec.literals if lit.strip()})
    phrase = PhraseMatcher(NLP.vocab, attr="LOWER")
    ours = RuleMatcher()
    for i, doc in enumerate(NLP.pipe(literals)):
        phrase.add(str(i), [doc])
        ours.add_phrase(i, [t.lower_ for t in doc], "LOWER")
    expected = {(d, int(NLP.vocab.strings[k]), s, e) for d, doc in enumerate(notes) for k, s, e in phrase(doc)}
    assert len(expected) > 2500
    assert {(d, r, s, e) for d, doc in enumerate(notes) for r, s, e in ours(doc)} == expected


@pytest.mark.parametrize(
    ("pattern", "text", "spans"),
    [
        ([{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}], "A b a c", ["A", "A b", "a"]),
        ([{"LOWER": "a"}, {"LOWER": "b", "OP": "*"}, {"LOWER": "c"}], "a c a b b c", ["a c", "a b b c"]),
        ([{"LOWER": "b", "OP": "+"}], "b b x b", ["b", "b b", "b", "b"]),
        ([{"LOWER": "x", "OP": "?"}, {"LOWER": {"IN": ["l4", "l5"]}}], "x L4 and L5", ["x L4", "L4", "L5"]),
        ([{"TEXT": {"REGEX": "^[0-4]/5$"}}, {"LOWER": "strength"}], "4/5 strength, 5/5 strength", ["4/5 strength"]),
        ([{"LOWER": {"NOT_IN": ["no"]}}, {"LOWER": "pain"}], "no pain, back pain", ["back pain"]),
        ([{"LIKE_NUM": True}, {"LOWER": "weeks"}], "six weeks and 6 weeks", ["six weeks", "6 weeks"]),
        ([{"ORTH": "("}, {}, {"ORTH": ")"}], "( + ) and (-)", ["( + )", "(-)"]),
        ([{"IS_PUNCT": True, "ORTH": {"IN": [":", "-"]}}, {"LOWER": "no"}], "Fever: no. - no", [": no", "- no"]),
        ([{"LOWER": {"IN": ["l4", "l5"], "NOT_IN": ["l5"]}}, {"LOWER": "pain"}], "L4 pain, L5 pain", ["L4 pain"]),
        ([{"LOWER": {"IN": ["l4", "l5"], "REGEX": "5$"}}], "L4 and L5", ["L5"]),
        # optional tokens before a required one (the gate looks ahead as far as the options reach)
        (
            [{"LOWER": "no"}, {"LOWER": "acute", "OP": "?"}, {"LOWER": "new", "OP": "?"}, {"LOWER": "deficit"}],
            "no deficit; no acute deficit; no acute new deficit; no acute acute deficit; no pain deficit",
            ["no deficit", "no acute deficit", "no acute new deficit"],
        ),
        (
            [{"LOWER": "grade"}, {"ORTH": "-", "OP": "?"}, {"TEXT": {"REGEX": "^[1-4]$"}}],
            "grade 2, grade - 3, grade x 4, grade",
            ["grade 2", "grade - 3"],
        ),
    ],
)
def test_pattern_semantics(pattern: list[dict[str, Any]], text: str, spans: list[str]) -> None:
    doc = NLP(text)
    matcher = RuleMatcher()
    matcher.add_pattern(0, validate_pattern(pattern))
    assert [doc[s:e].text for _, s, e in matcher(doc)] == spans
    spacy_matcher = Matcher(NLP.vocab)
    spacy_matcher.add("p", [pattern])
    assert {(s, e) for _, s, e in matcher(doc)} == {(s, e) for _, s, e in spacy_matcher(doc)}


def test_matches_come_sorted_by_position_then_rule() -> None:
    matcher = RuleMatcher()
    matcher.add_phrase(2, ["back", "pain"], "LOWER")
    matcher.add_pattern(1, validate_pattern([{"LOWER": "back"}, {"LOWER": "pain"}]))
    matcher.add_phrase(0, ["Pain"], "ORTH")
    assert matcher(NLP("Back pain. Pain")) == [(1, 0, 2), (2, 0, 2), (0, 3, 4)]


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "stiff"}, {"LOWER": True}],  # YAML 1.1's bare `on`
        [{"LEMMA": "walk"}],
        [{"LOWER": "a", "OP": "!"}],
        [{"LOWER": {"FUZZY": "pain"}}],
        [{"LIKE_NUM": "yes"}],
    ],
)
def test_patterns_outside_the_supported_syntax_are_rejected(pattern: list[dict[str, Any]]) -> None:
    with pytest.raises(ValidationError):
        validate_pattern(pattern)


@pytest.mark.parametrize("pattern", [[], [{"LOWER": "a", "OP": "?"}, {"LOWER": "b", "OP": "*"}]])
def test_patterns_that_could_match_nothing_are_rejected(pattern: list[dict[str, Any]]) -> None:
    with pytest.raises(ValueError):
        validate_pattern(pattern)


def test_an_unsupported_target_pattern_names_its_rule(tmp_path: Any) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("group: red_flags\nrules:\n  - fact: night_pain\n    patterns:\n      - [{LEMMA: wake}]\n")
    with pytest.raises(PrescreenError, match=r"rules\[0\] \(night_pain\) patterns\[0\]: token 0\.LEMMA"):
        load_target_rules(str(path))


def test_an_unquoted_yaml_boolean_in_a_pattern_is_named_as_such(tmp_path: Any) -> None:
    # YAML reads `on` (and no/yes/off/y/n) as a boolean: the error says to quote it
    path = tmp_path / "t.yaml"
    path.write_text(
        "group: trauma\nrules:\n  - fact: trauma\n    patterns:\n      - [{LOWER: fell}, {LOWER: {IN: [on, onto]}}]\n"
    )
    with pytest.raises(PrescreenError, match=r"patterns\[0\]: token 1\.LOWER\.str: a boolean where a word belongs"):
        load_target_rules(str(path))


def test_phrases_skip_the_tokenizer_only_where_it_would_not_split_them() -> None:
    from prescreen.pipeline.context import load_context_rules
    from prescreen.pipeline.matcher import phrase_tokens

    literals = [lit.strip().lower() for spec in load_target_rules() for lit in spec.literals if lit.strip()]
    literals += [r.literal.lower() for r in load_context_rules().context_rules]
    literals += ["cannot walk", "dont", "l4-5", "pain  free", "o'clock"]
    assert phrase_tokens(NLP, literals, "LOWER") == [[t.lower_ for t in doc] for doc in NLP.pipe(literals)]
    cased = [c for spec in load_target_rules() for c in spec.cased] + ["Cannot", "MRI"]
    assert phrase_tokens(NLP, cased, "ORTH") == [[t.text for t in doc] for doc in NLP.pipe(cased)]


def test_joined_regexes_find_something_exactly_when_one_of_them_does() -> None:
    from prescreen.pipeline.matcher import any_of

    patterns = [r"^[ctls]\d{1,2}$", r"(?i)^[0-4][+-]?/5$", r"^\d+y$"]
    search = any_of(patterns)
    assert search is not None
    for word in ["l5", "L5", "4/5", "4+/5", "5/5", "3Y", "34y", "pain", "c12", "x4/5"]:
        assert (search(word) is not None) == any(re.search(p, word) for p in patterns), word
    assert any_of([r"(a)\1"]) is None and any_of([r"(?P<x>a)", r"(?P<x>b)"]) is None


def test_letters_only_strings_are_searched_with_the_regexes_that_can_match_them() -> None:
    from prescreen.pipeline.matcher import _joined_searches

    patterns = [r"^[ctls]\d{1,2}$", r"^(?:[ctls]\d{1,2}|-|/|and|to)$", r"^\d+y$"]
    search, letters = _joined_searches(patterns)
    assert search is not None
    for word in ["and", "to", "l5", "pain", "andy", "34y", "-"]:
        expected = any(re.search(p, word) for p in patterns)
        assert (search(word) is not None) == expected, word
        if word.isalpha():
            assert (letters(word) is not None) == expected, word
    # no pattern can match letters only: letters-only strings are not searched at all
    _, none = _joined_searches([r"^\d+$", r"^[0-4]/5$"])
    assert none("pain") is None and none("five") is None


def test_opens_item_finds_a_word_at_a_sentence_start_or_after_its_list_marker() -> None:
    text = "Plan:\n3. Start naproxen.\n- start PT\n4) Begin HEP\nWill start gabapentin. Start ice."
    doc = SentenceSplitter()(NLP.make_doc(text))
    matcher = RuleMatcher()
    matcher.add_pattern(0, validate_pattern([{"OPENS_ITEM": True, "LOWER": {"IN": ["start", "begin"]}}]))
    found = [doc[s].idx for _, s, _ in matcher(doc)]
    # every item's first word, not "start" inside "Will start gabapentin"
    assert found == [text.index(w) for w in ("Start naproxen", "start PT", "Begin", "Start ice")]


def test_ends_line_marks_a_lines_last_token_and_the_texts_last() -> None:
    text = "Social: tob -, IVDU -\nFever  N  \nDialysis: N"
    doc = NLP.make_doc(text)
    matcher = RuleMatcher()
    matcher.add_pattern(0, validate_pattern([{"ENDS_LINE": True, "ORTH": {"IN": ["-", "N"]}}]))
    found = [doc[s].idx for _, s, _ in matcher(doc)]
    # the dash after IVDU and both answers ending their lines; not the dash before the comma
    assert found == [text.index("-\n"), text.index("N  \n"), len(text) - 1]


def test_sign_before_item_tells_signs_before_their_items_from_answers_after_them() -> None:
    text = (
        "(-) fever  (-) chills  (-) weight loss\n"
        "Fever (-)  Chills (+)\n"
        "PT (+), chiro (-), ESI (+) x1\n"
        "MSK (+) back pain (-) limping\n"
        "- HEP, + PT x 4 wks\n"
        "- PT x 6 wks\n"
    )
    doc = NLP.make_doc(text)
    matcher = RuleMatcher()
    matcher.add_pattern(0, validate_pattern([{"SIGN_BEFORE_ITEM": True}]))
    found = [doc[s].idx for _, s, _ in matcher(doc)]
    lines = text.split("\n")
    first, fourth, fifth = 0, text.index(lines[3]), text.index(lines[4])
    before = [first + i for i, c in enumerate(lines[0]) if c == "("]
    before += [fourth + i for i, c in enumerate(lines[3]) if c == "("]
    # a bare sign counts on a line of signed items with a "+", not as a lone bullet
    before += [fifth, fifth + lines[4].index("+")]
    assert found == sorted(before)
