"""Rule resources are data validated on load: unknown keys, facts, names and traps fail loudly (P013/P014)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prescreen.errors import PrescreenError
from prescreen.pipeline.context import load_context_rules
from prescreen.pipeline.findings import load_findings
from prescreen.pipeline.qualifiers import load_qualifiers
from prescreen.pipeline.sections import load_section_rules
from prescreen.pipeline.targets import load_regex_targets, load_target_rules


def write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text)
    return str(p)


@pytest.mark.parametrize(
    ("loader", "text"),
    [
        (load_target_rules, "group: neurologic\nrules:\n  - fact: saddle_anesthesia\n    literal: [saddle numbness]\n"),
        (
            load_context_rules,
            "context_rules:\n  - {literal: denies, category: NEGATED_EXISTENCE, direction: FORWARD, scope: 3}\n",
        ),
        (load_section_rules, "sections:\n  - {category: hpi, literals: [hpi], colour: red}\n"),
        (load_qualifiers, "qualifiers:\n  - {fact: trauma, exclude: 'fall risk', windw: 10}\n"),
        (
            load_findings,
            "findings:\n  - {fact: muscle_weakness, heads: [strength], abnormal: 'x', normal: 'y', head: z}\n",
        ),
        (load_regex_targets, "regex_targets:\n  - {fact: patient_age, pattern: 'x', flags: i}\n"),
    ],
    ids=["targets", "context", "sections", "qualifiers", "findings", "regex-targets"],
)
def test_a_typo_in_a_rule_file_fails_loudly(tmp_path: Path, loader, text: str) -> None:
    path = write(tmp_path, "rules.yaml", text)
    with pytest.raises(PrescreenError) as err:
        loader(path)
    assert err.value.code == "P013" and "rules.yaml" in err.value.message


def test_target_rule_for_an_unknown_fact_is_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path, "t.yaml", "group: neurologic\nrules:\n  - fact: saddle_numbness\n    literals: [saddle numbness]\n"
    )
    with pytest.raises(PrescreenError, match="unknown fact id 'saddle_numbness'"):
        load_target_rules(path)


def test_target_rule_in_the_wrong_group_is_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path, "t.yaml", "group: red_flags\nrules:\n  - fact: saddle_anesthesia\n    literals: [saddle numbness]\n"
    )
    with pytest.raises(PrescreenError, match="not in group 'red_flags'"):
        load_target_rules(path)


def test_invalid_spacy_pattern_is_rejected_with_its_place(tmp_path: Path) -> None:
    # YAML 1.1 reads a bare `on` as a boolean: the classic way a token pattern goes wrong
    path = write(
        tmp_path,
        "t.yaml",
        "group: red_flags\nrules:\n  - fact: morning_stiffness\n    patterns:\n      - [{LOWER: stiff}, {LOWER: on}]\n",
    )
    with pytest.raises(PrescreenError, match=r"rules\[0\] \(morning_stiffness\) patterns\[0\]"):
        load_target_rules(path)


def test_same_literal_in_two_directions_is_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.yaml",
        "context_rules:\n"
        "  - {literal: healed, category: RESOLVED, direction: FORWARD}\n"
        "  - {literal: healed, category: RESOLVED, direction: BACKWARD}\n",
    )
    with pytest.raises(PrescreenError, match="BIDIRECTIONAL"):
        load_context_rules(path)


def test_unknown_rule_set_name_never_falls_back_to_default() -> None:
    with pytest.raises(PrescreenError) as err:
        load_context_rules("clinical-v2")
    assert err.value.code == "P014"


def test_bundled_rules_load() -> None:
    assert len(load_target_rules()) == 94
    assert load_context_rules().context_rules
    assert load_section_rules().sections and load_qualifiers().qualifiers and load_findings().findings


@pytest.mark.parametrize(
    "pattern",
    [
        [
            {"LOWER": {"IN": ["numbness", "numb"]}},
            {"LOWER": {"IN": ["in", "of"]}},
            {"LOWER": "the", "OP": "?"},
            {"LOWER": "saddle"},
        ],
        [{"LOWER": {"IN": ["left", "right", "l"]}, "OP": "?"}, {"LOWER": {"IN": ["leg", "arm"]}}, {"LOWER": "pain"}],
        [{"LOWER": {"REGEX": "^\\d+y$"}}],
    ],
    ids=["set-first", "optional-set-first", "regex-first-untouched"],
)
def test_expanding_a_first_token_set_finds_exactly_the_same_matches(pattern) -> None:
    import spacy
    from spacy.matcher import Matcher

    from prescreen.pipeline.targets import expand_first_token

    nlp = spacy.blank("en")
    original, expanded = Matcher(nlp.vocab), Matcher(nlp.vocab)
    original.add("p", [pattern])
    expanded.add("p", expand_first_token(pattern))
    doc = nlp("Numbness in the saddle, numb of saddle. Right leg pain, leg pain and left arm pain; 54y F, L arm pain.")
    assert {(s, e) for _, s, e in original(doc)} == {(s, e) for _, s, e in expanded(doc)}
    assert original(doc)


REPORTED = (
    "context_rules:\n"
    "  - {literal: denies, category: NEGATED_EXISTENCE, direction: FORWARD}\n"
    "reported_symptoms:\n"
    "  - facts: [{fact}]\n"
    "    sections: [{section}]\n"
    "    exam_sections: [physical exam]\n"
    "    objective: '\\d/5'\n"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (REPORTED.replace("{fact}", "muscle_weakness").replace("{section}", "hpi]\n    colour: [red"), "colour"),
        (REPORTED.replace("{fact}", "leg_weakness").replace("{section}", "review of systems"), "unknown fact id"),
        (
            REPORTED.replace("{fact}", "muscle_weakness")
            .replace("{section}", "history of present illness")
            .replace("'\\d/5'", "'(4/5'"),
            "regular expression",
        ),
        (
            "context_rules:\n  - {literal: declines, category: NEGATED_EXISTENCE, direction: FORWARD, outranks: [PLAN]}\n",
            "outranks",
        ),
        ("context_rules: []\nlist_headers:\n  - {header: '(?i)^denies:$', assertion: denied}\n", "assertion"),
        ("context_rules: []\nlist_headers:\n  - {header: '(?i)^denies:$', assertion: absent, scope: 3}\n", "scope"),
        ("context_rules: []\nlist_headers:\n  - {header: '(?i)^(denies:$', assertion: absent}\n", "regular expression"),
        (
            "context_rules:\n  - {literal: referral for, category: HYPOTHETICAL, direction: FORWARD, max_scope_before: 1}\n",
            "max_scope_before needs direction BIDIRECTIONAL",
        ),
        (
            # YAML reads an unquoted no as false: the rule is named when the file loads
            "context_rules:\n  - {literal: none since, category: RESOLVED, direction: BACKWARD,"
            " pattern: [{LOWER: {IN: [none, no]}}, {LOWER: since}]}\n",
            "'none since': token 0.LOWER",
        ),
    ],
    ids=[
        "reported-unknown-key",
        "reported-unknown-fact",
        "reported-bad-regex",
        "outranks-unknown-category",
        "list-header-unknown-assertion",
        "list-header-unknown-key",
        "list-header-bad-regex",
        "scope-before-not-bidirectional",
        "pattern-names-its-rule",
    ],
)
def test_context_rule_file_is_validated(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "context.yaml", text)
    with pytest.raises(PrescreenError, match=message) as err:
        load_context_rules(path)
    assert err.value.code == "P013"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "context_rules:\n  - {literal: denies, category: NEGATED_EXISTENCE, direction: FORWARD,"
            " allowed_types: [saddle_numbness]}\n",
            "context_rules[0]",
        ),
        ("context_rules: []\nhistory_facts: [saddle_numbness]\n", "history_facts"),
        ("context_rules: []\nfuture_facts: [saddle_numbness]\n", "future_facts"),
        ("context_rules: []\nevent_facts: [saddle_numbness]\n", "event_facts"),
        (
            "context_rules: []\njudgements:\n  - {fact: saddle_numbness, applies_to: x, confirm: y, refute: z,"
            " refuted_as: absent}\n",
            "judgements[0]",
        ),
    ],
    ids=["allowed-types", "history-facts", "future-facts", "event-facts", "judgement"],
)
def test_every_fact_the_context_rules_name_is_in_the_catalogue(tmp_path: Path, text: str, where: str) -> None:
    path = write(tmp_path, "context.yaml", text)
    with pytest.raises(PrescreenError, match=re.escape(f"{where}: unknown fact id 'saddle_numbness'")) as err:
        load_context_rules(path)
    assert err.value.code == "P013"


def test_reported_symptoms_name_known_sections(tmp_path: Path) -> None:
    import spacy

    from prescreen.pipeline.context import Assertions

    path = write(tmp_path, "context.yaml", REPORTED.replace("{fact}", "muscle_weakness").replace("{section}", "hpi"))
    with pytest.raises(PrescreenError, match=r"unknown sections \['hpi'\]"):
        Assertions(spacy.blank("en"), "context", path, None, "default")


def test_plan_items_name_known_sections(tmp_path: Path) -> None:
    import spacy

    from prescreen.pipeline.context import Assertions

    text = (
        "context_rules:\n"
        "  - {literal: denies, category: NEGATED_EXISTENCE, direction: FORWARD}\n"
        "plan_items:\n"
        "  sections: [plans]\n"
        "  facts: [physical_therapy]\n"
        "  lead: '\\s*'\n"
    )
    path = write(tmp_path, "context.yaml", text)
    with pytest.raises(PrescreenError, match=r"plan_items: unknown sections \['plans'\]"):
        Assertions(spacy.blank("en"), "context", path, None, "default")
    with pytest.raises(PrescreenError, match=r"plan_items: unknown fact id 'pt'"):
        load_context_rules(write(tmp_path, "context2.yaml", text.replace("[physical_therapy]", "[pt]")))


def test_precautions_name_known_sections_and_facts(tmp_path: Path) -> None:
    import spacy

    from prescreen.pipeline.context import Assertions

    text = (
        "context_rules:\n"
        "  - {literal: denies, category: NEGATED_EXISTENCE, direction: FORWARD}\n"
        "precautions:\n"
        "  sections: [plans]\n"
        "  facts: [bladder_dysfunction]\n"
        "  cue: '\\bED\\b'\n"
    )
    path = write(tmp_path, "context.yaml", text)
    with pytest.raises(PrescreenError, match=r"precautions: unknown sections \['plans'\]"):
        Assertions(spacy.blank("en"), "context", path, None, "default")
    with pytest.raises(PrescreenError, match=r"precautions: unknown fact id 'retention'"):
        load_context_rules(write(tmp_path, "context2.yaml", text.replace("[bladder_dysfunction]", "[retention]")))
    with pytest.raises(PrescreenError, match="cue"):
        load_context_rules(write(tmp_path, "context3.yaml", text.replace("  cue: '\\bED\\b'\n", "")))


def test_list_continuation_is_validated(tmp_path: Path) -> None:
    text = (
        "context_rules:\n"
        "  - {literal: denies, category: NEGATED_EXISTENCE, direction: FORWARD}\n"
        "list_continuation:\n"
        "  link: '[\\s,]*'\n"
        "  reach: 0\n"
    )
    with pytest.raises(PrescreenError, match=r"list_continuation.reach"):
        load_context_rules(write(tmp_path, "context.yaml", text))
    with pytest.raises(PrescreenError, match=r"list_continuation.link"):
        load_context_rules(
            write(tmp_path, "context2.yaml", text.replace("'[\\s,]*'", "'[unclosed'").replace("reach: 0", "reach: 80"))
        )


def test_bundled_reported_symptoms_use_known_sections_and_facts() -> None:
    sections = {r.category for r in load_section_rules().sections}
    groups = load_context_rules().reported_symptoms
    assert {f for g in groups for f in g.facts} == {"muscle_weakness", "dermatomal_sensory_loss"}
    for g in groups:
        assert set(g.sections) | set(g.exam_sections) <= sections
        assert not set(g.sections) & set(g.exam_sections)


@pytest.mark.parametrize(
    ("phrases", "repeated"),
    [
        ("literals: [saddle numbness, perineal numbness, Saddle Numbness]", "Saddle Numbness"),
        ("cased: [CES, CES]", "CES"),
    ],
    ids=["literal-any-case", "cased"],
)
def test_a_phrase_given_twice_for_a_fact_is_rejected(tmp_path: Path, phrases: str, repeated: str) -> None:
    path = write(tmp_path, "t.yaml", f"group: neurologic\nrules:\n  - fact: saddle_anesthesia\n    {phrases}\n")
    with pytest.raises(PrescreenError, match=f"'{repeated}' is given twice") as err:
        load_target_rules(path)
    assert err.value.code == "P013"


def test_cased_and_literal_may_share_a_phrase(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.yaml",
        "group: neurologic\nrules:\n  - fact: saddle_anesthesia\n    literals: [ces]\n    cased: [CES]\n",
    )
    assert load_target_rules(path)


@pytest.mark.parametrize(
    "text",
    [
        "qualifiers:\n  - {fact: prior_mri, assert_as: hypothetical}\n",
        "qualifiers:\n  - {fact: prior_mri, assert_as: planned, when: 'x'}\n",
        "qualifiers:\n  - {fact: prior_mri, assert_as: hypothetical, relabel_to: prior_ct, when: 'x'}\n",
        "qualifiers:\n  - {fact: prior_mri, title_unless: 'showed', exclude_in_note: 'aborted'}\n",
        "qualifiers:\n  - {fact: radiculopathy, when_before: true, exclude: 'x'}\n",
    ],
    ids=[
        "assert-as-without-when",
        "unknown-assertion",
        "assert-as-with-relabel",
        "title-unless-without-title-lines",
        "when-before-without-when",
    ],
)
def test_a_qualifier_presetting_an_assertion_is_validated(tmp_path: Path, text: str) -> None:
    with pytest.raises(PrescreenError) as err:
        load_qualifiers(write(tmp_path, "q.yaml", text))
    assert err.value.code == "P013"


def test_exclude_after_reads_only_the_text_after_the_match(tmp_path: Path) -> None:
    from spacy.tokens import Span

    from prescreen.pipeline.nlp import get_nlp
    from prescreen.pipeline.qualifiers import MentionQualifier

    rules = load_qualifiers(
        write(
            tmp_path,
            "q.yaml",
            "qualifiers:\n  - {fact: medication_trial, exclude_after: '^\\W*for the knee', window: 20}\n",
        )
    )
    doc = get_nlp().make_doc("ibuprofen for the knee, naproxen for the back")
    for token in doc:
        token.is_sent_start = token.i == 0
    before, after = Span(doc, 0, 1, label="medication_trial"), Span(doc, 6, 7, label="medication_trial")
    qualifier = MentionQualifier(rules)
    assert qualifier.decide(before) == (None, None)
    assert qualifier.decide(after) == ("medication_trial", None)


@pytest.mark.parametrize(
    ("start", "inside"),
    [(0, True), (3, True), (5, True), (7, False), (9, False)],
    ids=["first-line", "after-a-blank-line", "third-line", "fourth-line", "beyond"],
)
def test_a_report_title_is_its_first_non_blank_lines(start: int, inside: bool) -> None:
    from prescreen.pipeline.qualifiers import in_title

    # lines "A", "", "B", "C", "D": the first three non-blank ones are the title
    assert in_title("A\n\nB\nC\nD\n", start, 3) is inside
