"""Target rules for every catalogue fact, as data (``targets/<group>.yaml``), compiled into one
:class:`~prescreen.pipeline.matcher.RuleMatcher`; ``to_medspacy_rules`` gives the same rules to medspaCy's
TargetMatcher (the baselines and the benchmark's anchor use it)."""

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from medspacy.common.util import prune_overlapping_matches
from medspacy.target_matcher import TargetRule
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from prescreen._yaml import YAMLError, load_yaml
from prescreen.catalogue import load_catalogue
from prescreen.errors import Errors, PrescreenError
from prescreen.extractors.resources import Regex, load_rules, resource_dir, rule_error
from prescreen.pipeline._extensions import SpanAttrs, doc_text
from prescreen.pipeline.matcher import RuleMatcher, pattern_error, phrase_tokens, validate_pattern


class TargetRuleSpec(BaseModel):
    """The rules for one fact: phrases (case-insensitive), cased phrases, token patterns."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    literals: list[str] = Field(default_factory=list)
    cased: list[str] = Field(default_factory=list)
    patterns: list[list[dict[str, Any]]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _no_repeated_phrase(self) -> "TargetRuleSpec":
        """A phrase given twice for a fact is a merge slip (it matches once either way): say which."""
        for name, phrases, fold in (("literals", self.literals, True), ("cased", self.cased, False)):
            seen: set[str] = set()
            for phrase in phrases:
                key = phrase.lower() if fold else phrase
                if key in seen:
                    raise ValueError(f"{self.fact}: '{phrase}' is given twice in {name}")
                seen.add(key)
        return self


class TargetRuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    group: str
    rules: list[TargetRuleSpec]


def _parse_file(path: Path) -> TargetRuleFile:
    try:
        parsed = TargetRuleFile.model_validate(load_yaml(path.read_text(encoding="utf-8")))
    except (ValidationError, YAMLError) as exc:
        raise rule_error(exc, str(path)) from None
    catalogue = load_catalogue()
    for i, rule in enumerate(parsed.rules):
        for j, pattern in enumerate(rule.patterns):
            try:
                validate_pattern(pattern)
            except (ValidationError, ValueError) as exc:
                raise PrescreenError(
                    Errors.P013, path=path, reason=f"rules[{i}] ({rule.fact}) patterns[{j}]: {pattern_error(exc)}"
                ) from None
        if rule.fact not in catalogue:
            raise PrescreenError(Errors.P013, path=path, reason=f"rules[{i}]: unknown fact id '{rule.fact}'")
        if catalogue.facts[rule.fact].group != parsed.group:
            raise PrescreenError(
                Errors.P013, path=path, reason=f"rules[{i}]: fact '{rule.fact}' is not in group '{parsed.group}'"
            )
    return parsed


@lru_cache(maxsize=8)
def load_target_rules(name: str = "default") -> tuple[TargetRuleSpec, ...]:
    """Load target rules: "default" (every bundled group file), a folder, or one file."""
    if name == "default":
        files = sorted((resource_dir() / "targets").glob("*.yaml"))
    else:
        path = Path(name)
        if path.is_dir():
            files = sorted(path.glob("*.yaml"))
        elif path.is_file():
            files = [path]
        else:
            raise PrescreenError(Errors.P014, name=name, known="default, or a folder/file of target rules")
    specs: list[TargetRuleSpec] = []
    for f in files:
        specs.extend(_parse_file(f).rules)
    return tuple(specs)


def to_medspacy_rules(nlp: Language, specs: tuple[TargetRuleSpec, ...]) -> list[TargetRule]:
    rules: list[TargetRule] = []
    for spec in specs:
        for lit in dict.fromkeys(lit.strip() for lit in spec.literals if lit.strip()):
            rules.append(TargetRule(lit, spec.fact))
        for lit in dict.fromkeys(spec.cased):
            pattern = [{"TEXT": t.text} for t in nlp.make_doc(lit)]
            rules.append(TargetRule(lit, spec.fact, pattern=pattern))
        for i, pattern in enumerate(spec.patterns):
            for j, variant in enumerate(expand_first_token(pattern)):
                rules.append(TargetRule(f"{spec.fact}#pattern{i}.{j}", spec.fact, pattern=variant))
    return rules


def expand_first_token(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """``[{LOWER: {IN: [a, b]}}, ...]`` as ``[{LOWER: a}, ...]`` and ``[{LOWER: b}, ...]``: the same
    matches, but spaCy tests a plain first-token value in C, where a set predicate runs in Python at
    every token of every note for every pattern (it was most of the matching time)."""
    first = pattern[0] if pattern else None
    if not isinstance(first, dict):
        return [pattern]
    if first.get("OP") == "?" and len(pattern) > 1:
        # an optional first token: the pattern with it, and the pattern without it
        required = {k: v for k, v in first.items() if k != "OP"}
        return [*expand_first_token([required, *pattern[1:]]), *expand_first_token(pattern[1:])]
    if len(first) != 1:
        return [pattern]
    ((attr, value),) = first.items()
    if attr == "OP" or not isinstance(value, dict) or set(value) != {"IN"}:
        return [pattern]
    return [[{attr: option}, *pattern[1:]] for option in dict.fromkeys(value["IN"])]


class RegexTarget(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    pattern: Regex


class RegexTargets(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    regex_targets: list[RegexTarget]


@lru_cache(maxsize=8)
def load_regex_targets(name: str = "default") -> tuple[tuple[str, re.Pattern[str]], ...]:
    if name == "none":
        return ()
    parsed = load_rules(name, "regex_targets.yaml", RegexTargets)
    catalogue = load_catalogue()
    for r in parsed.regex_targets:
        if r.fact not in catalogue:
            raise PrescreenError(Errors.P013, path=name, reason=f"unknown fact id '{r.fact}'")
    return tuple((r.fact, re.compile(r.pattern)) for r in parsed.regex_targets)


class Targets:
    """The target rules compiled into a :class:`RuleMatcher`, plus regex targets; records the fact id
    on every entity.

    Overlapping matches are resolved as medspaCy's TargetMatcher resolves them (its
    ``prune_overlapping_matches``; a token pattern or cased phrase before a case-insensitive phrase on
    the same words), then against entities already on the doc with ``filter_spans``."""

    def __init__(self, nlp: Language, name: str, rules: str, regex: str = "default") -> None:
        self.matcher, self.facts = compile_targets(nlp, load_target_rules(rules))
        self.regex = load_regex_targets(regex)

    def __call__(self, doc: Doc) -> Doc:
        facts = self.facts
        matches = prune_overlapping_matches(self.matcher(doc))
        # Doc.ents rebuilds its spans from the token annotations on every read: read it once, keep lists
        ents = filter_spans([*doc.ents, *(Span(doc, s, e, label=facts[rule]) for rule, s, e in matches)])
        if self.regex:
            taken = {i for e in ents for i in range(e.start, e.end)}
            added = []
            text = doc_text(doc)
            for fact, pattern in self.regex:
                for m in pattern.finditer(text):
                    start, end = m.span("span") if "span" in pattern.groupindex else m.span()
                    span = doc.char_span(start, end, label=fact, alignment_mode="expand")
                    if span is not None and not any(i in taken for i in range(span.start, span.end)):
                        added.append(span)
                        taken.update(range(span.start, span.end))
            if added:
                ents = sorted([*ents, *added], key=lambda e: e.start)
        doc.set_ents(ents, default="outside")  # what `doc.ents = ...` does, without rebuilding every span
        attrs = SpanAttrs(doc)
        for ent in ents:
            attrs.set(ent, "fact", ent.label_)
        return doc


def compile_targets(nlp: Language, specs: tuple[TargetRuleSpec, ...]) -> tuple[RuleMatcher, list[str]]:
    """A RuleMatcher over the target rules and the fact of each of its rule ids.

    Token patterns and cased phrases get the lower rule ids, so on the same words they come before a
    case-insensitive phrase, as they did in medspaCy (its Matcher's matches precede its PhraseMatcher's)."""
    matcher = RuleMatcher()
    facts: list[str] = []
    for spec in specs:
        cased = list(dict.fromkeys(spec.cased))
        for tokens in phrase_tokens(nlp, cased, "ORTH"):
            matcher.add_phrase(len(facts), tokens, "ORTH")
            facts.append(spec.fact)
        for pattern in spec.patterns:
            matcher.add_pattern(len(facts), validate_pattern(pattern))
            facts.append(spec.fact)
    for spec in specs:
        literals = list(dict.fromkeys(lit.strip().lower() for lit in spec.literals if lit.strip()))
        for tokens in phrase_tokens(nlp, literals, "LOWER"):
            matcher.add_phrase(len(facts), tokens, "LOWER")
            facts.append(spec.fact)
    return matcher, facts


@Language.factory(
    "prescreen_targets",
    assigns=["doc.ents", "span._.fact"],
    default_config={"rules": "default", "regex": "default"},
)
def make_targets(nlp: Language, name: str, rules: str, regex: str) -> Targets:
    return Targets(nlp, name, rules, regex)


__all__ = ["TargetRuleFile", "TargetRuleSpec", "Targets", "load_target_rules", "to_medspacy_rules"]
