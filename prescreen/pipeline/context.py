"""Assertion: medspaCy ConText with our rules (``context.yaml``), negspacy termsets as an optional
extra source of negation triggers, and the resolution of modifiers + section into one assertion."""

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, Literal, Self

from medspacy.common.util import prune_overlapping_matches
from medspacy.context import ConTextGraph, ConTextModifier, ConTextRule
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.language import Language
from spacy.tokens import Doc, Span

from prescreen._regex import AnyAlternative
from prescreen.catalogue import load_catalogue
from prescreen.contract import Assertion
from prescreen.errors import Errors, PrescreenError
from prescreen.extractors.resources import Regex, load_rules
from prescreen.pipeline._extensions import SpanAttrs, doc_text, sentence_bounds, sentence_chars
from prescreen.pipeline.matcher import RuleMatcher, pattern_error, phrase_tokens, validate_pattern
from prescreen.pipeline.qualifiers import line_before, line_of
from prescreen.pipeline.sections import load_section_rules

Category = Literal[
    "NEGATED_EXISTENCE", "POSSIBLE_EXISTENCE", "HISTORICAL", "RESOLVED", "HYPOTHETICAL", "FAMILY", "PSEUDO", "TERMINATE"
]


class ContextRuleSpec(BaseModel):
    """One ConText modifier rule (the fields of medspaCy's ConTextRule that we use)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    literal: str
    category: Category
    direction: Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "PSEUDO", "TERMINATE"]
    pattern: list[dict[str, Any]] | None = None
    max_scope: int | None = Field(default=None, gt=0)
    allowed_types: list[str] | None = None
    excluded_types: list[str] | None = None
    #: categories this rule's modifier wins over on the same mention, whatever PRIORITY says: a
    #: refusal or a never-taken-up order ("declines", "never scheduled") is a denial even though the
    #: sentence also names the plan ("PT referral placed - never scheduled", "declines x-rays today")
    outranks: list[Category] = Field(default_factory=list)
    #: a bidirectional rule's reach before the cue, when shorter than its ``max_scope`` after it: "PT
    #: referral for core strengthening" (the ordered therapy just before) and "referral for PT"
    max_scope_before: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _before_is_bidirectional(self) -> Self:
        if self.max_scope_before is not None and self.direction != "BIDIRECTIONAL":
            raise ValueError(f"{self.literal!r}: max_scope_before needs direction BIDIRECTIONAL")
        return self

    @model_validator(mode="after")
    def _pattern_is_valid(self) -> Self:
        """A bad token pattern names its rule when the file loads (not later, as a bare pattern
        error while the pipeline is built)."""
        if self.pattern is not None:
            try:
                validate_pattern(self.pattern)
            except (ValidationError, ValueError) as exc:
                raise ValueError(f"{self.literal!r}: {pattern_error(exc)}") from None
        return self


class Judgement(BaseModel):
    """A fact-specific reading: e.g. a device without an MRI-safety statement is only suspected."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    applies_to: Regex
    confirm: Regex
    refute: Regex
    refuted_as: Assertion
    unconfirmed_as: Assertion | None = None
    refute_first: bool = False
    #: a refutation whose clause, up to it, matches this only asks the question ("If the clip is
    #: documented MR-conditional", "whether it is MR conditional"): it refutes nothing
    refute_unless: Regex | None = None
    #: the judgement reads only a sentence (or note) that also matches this: a baseline finding is
    #: no new deficit only where the sentence names its other cause ("- both baseline since the CVA")
    requires: Regex | None = None
    #: where the judgement reads: the mention's sentence, its whole note, or its clause (the sentence
    #: between the semicolons around the mention: "Reflexes: absent ankles (DM baseline); R Hoffmann +
    #: (new)" judges each finding by its own words)
    scope: Literal["sentence", "note", "clause"] = "sentence"
    #: the assertions the judgement reads again (a present mention, unless it says otherwise: an
    #: ordered care the same sentence says was done, "Referred to pain mgmt for ESI, which was done
    #: 9/1", reads a hypothetical one)
    judges: tuple[Assertion, ...] = Field(default=("present",), min_length=1)


class ReportedSymptoms(BaseModel):
    """Symptoms the patient reports that only an examination confirms (GUIDELINES 5.11): a present
    mention of one of ``facts`` in one of ``sections`` (the history), whose sentence has no
    ``objective`` wording, takes ``reported_as`` unless the same note has a present mention of the
    fact in one of ``exam_sections`` or in a sentence with ``objective`` wording."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    facts: list[str] = Field(min_length=1)
    sections: list[str] = Field(min_length=1)
    exam_sections: list[str] = Field(min_length=1)
    objective: Regex
    reported_as: Assertion = "uncertain"


class PlanItems(BaseModel):
    """A therapy that opens an item of a plan section is what the plan orders, not what the patient
    takes (GUIDELINES 2.1: plans are hypothetical): "P:\n1. Meloxicam 15 mg daily x 6 wks (start
    today)", "- PT 2x/wk for core stabilization", "PT on hold pending CT". A present mention of one of
    ``facts`` in one of ``sections`` that opens its sentence or list item becomes hypothetical,
    unless the item's sentence matches ``keep`` (a course that goes on or is taken as needed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    facts: list[str] = Field(min_length=1)
    sections: list[str] = Field(min_length=1)
    #: what may come before the mention in its sentence: a list marker, the section's own header,
    #: a side or a level ("1. ", "- ", "Plan: ", "- L5-S1 "); matched in full
    lead: Regex
    keep: Regex = "(?!)"
    #: an item that writes a prescription out is an order even when it is taken as needed ("- Rx
    #: cyclobenzaprine 5 mg qHS prn spasm, #15"): ``keep`` does not apply
    order: Regex = "(?!)"


class Precautions(BaseModel):
    """A symptom a plan names in a sentence that sends the patient to care if it comes is a return
    precaution, not a finding (GUIDELINES 1.4: return precautions are hypothetical): "New urinary
    retention, saddle numbness or progressive leg weakness -> ED", "Return to clinic or ED for urinary
    retention", "Red flags: saddle anesthesia, bowel/bladder changes". A present mention of one of
    ``facts`` in one of ``sections`` becomes hypothetical when its sentence matches ``cue`` and not
    ``unless`` (a symptom the patient has now: "urinary retention - bladder scan 450 mL, sent to ED")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    facts: list[str] = Field(min_length=1)
    sections: list[str] = Field(min_length=1)
    cue: Regex
    unless: Regex = "(?!)"


class EarlierEpisode(BaseModel):
    """A therapy dated well before the note is an earlier episode (GUIDELINES 3, historical): a present
    mention of one of ``facts`` whose clause (its sentence, cut at semicolons) dates it - the year
    nearest the mention - at least ``years_before`` calendar years before the note's year, with no
    ``link`` to the present in the clause ("since", "ongoing", "still"), becomes historical, unless
    the note puts the onset of the complaint (``onset``, its first group a year) in or before that
    year: the therapy then belongs to the current episode (GUIDELINES 5.9)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    facts: list[str] = Field(min_length=1)
    years_before: int = Field(default=2, gt=0)
    year: Regex = r"(?<![\d.])((?:19|20)\d\d)(?![\d.])"
    link: Regex
    onset: Regex
    #: a HISTORICAL cue that places these facts in the past even though they are history facts
    long_ago: Regex = "(?!)"


_HEADER_LINE_END = re.compile(r"[:-][ \t]*\n")
_LIST_BULLET = re.compile(r"(?:[-*\u2022\u00b7]|\d{1,2}[.)])\s")
_ITEM_WORDS = 6


class ListHeader(BaseModel):
    """A line that introduces a list and says what its items are ("Denies:", "Pertinent negatives:",
    "Return precautions:"): a present mention on the list lines after it takes ``assertion``. The list
    runs over the following lines while each is non-blank, at most ``max_item_chars`` long and not a
    header itself (``ends``: "Positive for:", "Exam: ..."); ConText cannot reach these items because
    each line is its own sentence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: the header line (re.MULTILINE, matched from the start of a line that ends with a colon or a
    #: dash: only those lines are tried); it must match the whole line
    header: Regex
    assertion: Assertion
    max_item_chars: int = Field(default=80, gt=0)
    #: a line that ends the list (a new header)
    ends: Regex = r"^\s*[A-Za-z][^:\n]{0,40}:"


class ListContinuation(BaseModel):
    """A denial runs on through its list past the cue's reach (NegEx's list rule): a present mention
    right after a mention of the same sentence that a forward denial cue reaches (or that this rule
    denied) is denied too when only list material joins them (``link``: items, commas and a final
    "or"/"and", no verb or contrast) and neither is a clause of its own (``not_item``): "Without
    fever, weight loss, night sweats, or history of [cancer]" (the "without" cue reaches 8 tokens)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: the text between the two mentions, matched in full
    link: Regex
    #: a mention whose own text matches this is no list item ("radiating down the L thigh" after
    #: "no injury,": a clause of its own)
    not_item: Regex = "(?!)"
    #: the most characters between them
    reach: int = Field(default=80, gt=0)
    #: what may stand before the first item of a list a denial AFTER it closes ("Saddle anesthesia,
    #: urinary retention and weakness denied today", "Fever, night sweats, weight loss all denied"):
    #: the text from the sentence's start to that item, matched in full - a header or list marker,
    #: never a report ("Reports weakness, fever denied" leaves the weakness present)
    opening: Regex = "(?!)"
    #: what may not stand between two items of such a list (a purpose, a doubt, a bracket opening a
    #: remark: "low back pain, evaluate for spondylolysis (MRI negative)")
    back_stop: Regex = "(?!)"


class BracketEcho(BaseModel):
    """A mention in brackets that repeats the words before it takes their assertion: the nearest
    mention before the bracket, in the same sentence, that is not present and shares a word with
    the bracket lends it its own ("Bowel and bladder function intact (bowel / bladder).", "TFESI
    pending - not yet done (TFESI)."): a cue before the bracket does not reach into it. A bracket
    of other words says something new ("Achilles 2+ (hyperreflexia)", "not used (ICD)")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: the bracket's text around the mention, each side matched in full ("(" + before, after + ")")
    before: Regex
    after: Regex
    #: the most characters between the earlier mention and the bracket
    reach: int = Field(default=60, gt=0)


class AnswerColumns(BaseModel):
    """A form whose answers stand in columns under a header line ("Yes   No", "Y    N"): a tick
    under the No column denies the items of its row ("Kidney disease / dialysis   [ ]   [X]"), a row
    of empty boxes leaves them unanswered (hypothetical: the form asks, the patient says nothing),
    and a tick under Yes answers a row's question ("Back surgery?   [X]   [ ]"). A row with no tick
    near a column is left as the other rules read it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: a header line, matched in full, with the groups ``yes`` and ``no`` at its answer columns
    header: Regex
    #: a tick ("[X]", "x", "☒") and an empty box ("[ ]", "☐")
    mark: Regex
    blank: Regex
    #: the most lines between the header and a row
    reach: int = Field(default=40, gt=0)
    #: how far (characters) a tick may stand off its column's word
    tolerance: int = Field(default=3, ge=0)


class ContextRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    context_rules: list[ContextRuleSpec]

    @model_validator(mode="after")
    def _one_modifier_per_span(self) -> "ContextRules":
        """Two literal rules on the same words in one category differ only in direction: say so in
        one rule (BIDIRECTIONAL), or give one of them a pattern. (Rules on the same words in
        opposite directions both keep their modifier, ``same_span_twins``; FORWARD beside
        BIDIRECTIONAL would modify the words after them twice.)"""
        seen: dict[tuple[str, str], str] = {}
        for rule in self.context_rules:
            if rule.pattern is not None:
                continue
            key = (rule.literal.lower(), rule.category)
            if key in seen and seen[key] != rule.direction:
                raise ValueError(
                    f"'{rule.literal}' ({rule.category}) is given twice, {seen[key]} and {rule.direction}: "
                    "use one BIDIRECTIONAL rule or a pattern"
                )
            seen[key] = rule.direction
        return self

    history_facts: list[str] = Field(default_factory=list)
    #: facts that are events: neither a history cue nor a resolution cue makes them historical
    #: ("MVC in 2016 with whiplash neck pain, resolved": the injury happened; its date says when)
    event_facts: list[str] = Field(default_factory=list)
    future_facts: list[str] = Field(default_factory=list)
    #: facts that are themselves what a plan orders (therapies, procedures, studies): a doubt cue
    #: between the plan and such a mention does not make it uncertain
    plan_objects: list[str] = Field(default_factory=list)
    #: the doubt cues that name an evaluation a plan orders ("evaluation for", "to rule out")
    plan_doubt: Regex = "(?!)"
    judgements: list[Judgement] = Field(default_factory=list)
    reported_symptoms: list[ReportedSymptoms] = Field(default_factory=list)
    earlier_episode: EarlierEpisode | None = None
    list_headers: list[ListHeader] = Field(default_factory=list)
    plan_items: PlanItems | None = None
    precautions: Precautions | None = None
    list_continuation: ListContinuation | None = None
    bracket_echo: BracketEcho | None = None
    answer_columns: AnswerColumns | None = None

    def fact_references(self) -> Iterator[tuple[str, str]]:
        """Every fact id the rules name, with where: (``reported_symptoms[0]``, ``muscle_weakness``)."""
        for i, rule in enumerate(self.context_rules):
            for fact in (rule.allowed_types or []) + (rule.excluded_types or []):
                yield f"context_rules[{i}]", fact
        yield from (("history_facts", fact) for fact in self.history_facts)
        yield from (("event_facts", fact) for fact in self.event_facts)
        yield from (("future_facts", fact) for fact in self.future_facts)
        yield from (("plan_objects", fact) for fact in self.plan_objects)
        yield from ((f"judgements[{i}]", j.fact) for i, j in enumerate(self.judgements))
        for i, group in enumerate(self.reported_symptoms):
            yield from ((f"reported_symptoms[{i}]", fact) for fact in group.facts)
        if self.earlier_episode is not None:
            yield from (("earlier_episode", fact) for fact in self.earlier_episode.facts)
        if self.plan_items is not None:
            yield from (("plan_items", fact) for fact in self.plan_items.facts)
        if self.precautions is not None:
            yield from (("precautions", fact) for fact in self.precautions.facts)


@lru_cache(maxsize=8)
def load_context_rules(name: str = "default") -> ContextRules:
    rules = load_rules(name, "context.yaml", ContextRules)
    catalogue = load_catalogue()
    for where, fact in rules.fact_references():
        if fact not in catalogue:
            raise PrescreenError(Errors.P013, path=name, reason=f"{where}: unknown fact id '{fact}'")
    return rules


def negex_rules(termset: str) -> list[ContextRuleSpec]:
    """negspacy's termset (e.g. "en_clinical") as ConText rules."""
    from negspacy.termsets import termset as negex_termset

    patterns = negex_termset(termset).get_patterns()
    mapping = {
        "preceding_negations": ("NEGATED_EXISTENCE", "FORWARD"),
        "following_negations": ("NEGATED_EXISTENCE", "BACKWARD"),
        "pseudo_negations": ("PSEUDO", "PSEUDO"),
        "termination": ("TERMINATE", "TERMINATE"),
    }
    rules = []
    for key, (category, direction) in mapping.items():
        for literal in patterns.get(key, []):
            rules.append(ContextRuleSpec(literal=literal, category=category, direction=direction))  # type: ignore[arg-type]
    return rules


def _metadata(spec: ContextRuleSpec) -> dict[str, Any] | None:
    """What a rule carries beyond medspaCy's fields (None when nothing, as medspaCy's default)."""
    metadata: dict[str, Any] = {}
    if spec.outranks:
        metadata["outranks"] = frozenset(spec.outranks)
    if spec.max_scope_before is not None:
        metadata["max_scope_before"] = spec.max_scope_before
    return metadata or None


def to_context_rules(specs: list[ContextRuleSpec]) -> list[ConTextRule]:
    out = []
    seen: set[tuple[str, str, str]] = set()
    for s in specs:
        key = (s.literal.lower(), s.category, s.direction)
        if key in seen and s.pattern is None:
            continue
        seen.add(key)
        out.append(
            ConTextRule(
                s.literal,
                s.category,
                direction=s.direction,
                pattern=s.pattern,
                max_scope=s.max_scope,
                allowed_types=set(s.allowed_types) if s.allowed_types else None,
                excluded_types=set(s.excluded_types) if s.excluded_types else None,
                metadata=_metadata(s),
            )
        )
    return out


#: Note-scope judgement searches made in one note: id(judgement) -> (confirm match, refute match).
NoteAnswers = dict[int, tuple[re.Match[str] | None, re.Match[str] | None]]
#: a judgement with its mention test, confirmation, refutation and refutation exception compiled
CompiledJudgement = tuple[
    Judgement, re.Pattern[str], AnyAlternative, re.Pattern[str], re.Pattern[str] | None, re.Pattern[str] | None
]


class Assertions:
    """Runs ConText, then resolves each entity's modifiers and section into one assertion."""

    PRIORITY: tuple[tuple[str, Assertion], ...] = (
        ("FAMILY", "family"),
        ("HYPOTHETICAL", "hypothetical"),
        ("NEGATED_EXISTENCE", "absent"),
        ("POSSIBLE_EXISTENCE", "uncertain"),
        ("RESOLVED", "historical"),
        ("HISTORICAL", "historical"),
    )

    def __init__(self, nlp: Language, name: str, rules: str, negex_termset: str | None, sections: str) -> None:
        config = load_context_rules(rules)
        specs = list(config.context_rules)
        if negex_termset:
            # negspacy's termset adds triggers we lack; where we define a literal ourselves
            # (e.g. "rule out" is uncertainty here, negation in NegEx), our reading wins.
            ours = {r.literal.lower() for r in specs}
            specs.extend(r for r in negex_rules(negex_termset) if r.literal.lower() not in ours)
        self.rules, self.matcher = compile_context_rules(nlp, to_context_rules(specs))
        self.history_facts = frozenset(config.history_facts)
        self.event_facts = frozenset(config.event_facts)
        self.future_facts = frozenset(config.future_facts)
        self.plan_objects = frozenset(config.plan_objects)
        self.plan_doubt = re.compile(config.plan_doubt)
        self.judgements: dict[str, list[CompiledJudgement]] = {}
        for j in config.judgements:
            # a confirmation is only tested for (its match is not read): each alternative on its own
            unless = re.compile(j.refute_unless) if j.refute_unless is not None else None
            requires = re.compile(j.requires) if j.requires is not None else None
            compiled = (j, re.compile(j.applies_to), AnyAlternative(j.confirm), re.compile(j.refute), unless, requires)
            self.judgements.setdefault(j.fact, []).append(compiled)
        self.section_assertion = {r.category: r.assertion for r in load_section_rules(sections).sections}

        def known_sections(where: str, named: Iterable[str]) -> None:
            """A rule may only name sections that ``sections.yaml`` defines."""
            unknown = sorted(set(named) - set(self.section_assertion))
            if unknown:
                reason = f"{where}: unknown sections {unknown} (not in {sections} sections.yaml)"
                raise PrescreenError(Errors.P013, path=rules, reason=reason)

        #: fact -> (its reported-symptom rule, the rule's objective wording)
        self.reported: dict[str, tuple[ReportedSymptoms, re.Pattern[str]]] = {}
        for i, group in enumerate(config.reported_symptoms):
            known_sections(f"reported_symptoms[{i}]", group.sections + group.exam_sections)
            objective = re.compile(group.objective)
            self.reported.update((fact, (group, objective)) for fact in group.facts)
        never = "(?!)"
        self.plan_items = config.plan_items
        if self.plan_items is not None:
            known_sections("plan_items", self.plan_items.sections)
        self.plan_item_facts = frozenset(self.plan_items.facts if self.plan_items else ())
        self.plan_item_lead = re.compile(self.plan_items.lead if self.plan_items else never)
        self.plan_item_keep = re.compile(self.plan_items.keep if self.plan_items else never)
        self.plan_item_order = re.compile(self.plan_items.order if self.plan_items else never)
        self.precautions = config.precautions
        if self.precautions is not None:
            known_sections("precautions", self.precautions.sections)
        self.precaution_facts = frozenset(self.precautions.facts if self.precautions else ())
        self.precaution_cue = re.compile(self.precautions.cue if self.precautions else never)
        self.precaution_unless = re.compile(self.precautions.unless if self.precautions else never)
        self.earlier = config.earlier_episode
        self.earlier_facts = frozenset(self.earlier.facts if self.earlier else ())
        self.earlier_year = re.compile(self.earlier.year if self.earlier else never)
        self.earlier_link = re.compile(self.earlier.link if self.earlier else never)
        self.earlier_onset = re.compile(self.earlier.onset if self.earlier else never)
        self.earlier_long_ago = re.compile(self.earlier.long_ago if self.earlier else never)
        self.list_headers = [(h, re.compile(h.header, re.MULTILINE), re.compile(h.ends)) for h in config.list_headers]
        self.continuation = config.list_continuation
        self.continuation_link = re.compile(self.continuation.link if self.continuation else never)
        self.continuation_not_item = re.compile(self.continuation.not_item if self.continuation else never)
        self.continuation_opening = re.compile(self.continuation.opening if self.continuation else never)
        self.continuation_back_stop = re.compile(self.continuation.back_stop if self.continuation else never)
        self.echo = config.bracket_echo
        self.columns = config.answer_columns
        self.column_header = re.compile(self.columns.header if self.columns else never)
        self.column_mark = re.compile(self.columns.mark if self.columns else never)
        self.column_blank = re.compile(self.columns.blank if self.columns else never)
        self.echo_before = re.compile(self.echo.before if self.echo else never)
        self.echo_after = re.compile(self.echo.after if self.echo else never)

    def resolve(
        self,
        ent: Span,
        fact: str | None = None,
        section: str | None = None,
        text: str | None = None,
        modifiers: tuple[ConTextModifier, ...] | None = None,
    ) -> tuple[Assertion, list[str]]:
        """The assertion the modifiers and the section give (``fact``, ``section``, ``modifiers``: the
        mention's, when the caller has them already; ``text``: the note text)."""
        if fact is None:
            fact, section = ent.label_, SpanAttrs(ent.doc).get(ent, "note_section")
        doc = ent.doc
        text = doc_text(doc) if text is None else text
        by_category: dict[str, list[str]] = {}
        #: plan cues and evaluation cues: their signed token distances to the mention (negative: before)
        plans: list[int] = []
        evaluations: list[int] = []
        outranked: set[str] = set()
        for mod in SpanAttrs(doc).get(ent, "modifiers") if modifiers is None else modifiers:
            start, end = mod.modifier_span
            last = doc[end - 1]
            # a cue may end at a column's gap or a line break ("........ N         "): shown without it
            cue = text[doc[start].idx : last.idx + len(last)].rstrip()
            by_category.setdefault(mod.category, []).append(cue)
            if mod.rule.metadata:
                outranked.update(mod.rule.metadata.get("outranks", ()))
            if mod.category == "HYPOTHETICAL" or (mod.category == "POSSIBLE_EXISTENCE" and self.plan_doubt.search(cue)):
                distance = end - ent.start - 1 if end <= ent.start else start - ent.end + 1
                (plans if mod.category == "HYPOTHETICAL" else evaluations).append(distance)
        if plans and evaluations and fact not in self.plan_objects and doubt_inside_plan(plans, evaluations):
            return "uncertain", by_category["POSSIBLE_EXISTENCE"]
        section_default = self.section_assertion.get(section) if section else None
        if section_default == "family" and "FAMILY" not in by_category:
            by_category["FAMILY"] = [f"section: {section}"]
        if section_default == "hypothetical" and "HYPOTHETICAL" not in by_category:
            by_category["HYPOTHETICAL"] = [f"section: {section}"]
        for category, assertion in self.PRIORITY:
            if category not in by_category or category in outranked:
                continue
            if (
                category == "HISTORICAL"
                and fact in self.history_facts
                and not self.long_ago(fact, by_category[category])
            ):
                continue
            if category == "HYPOTHETICAL" and fact in self.future_facts:
                continue
            if category in ("HISTORICAL", "RESOLVED") and fact in self.event_facts:
                continue
            return assertion, by_category[category]
        return "present", []

    def orders_item(self, ent: Span, section: str | None, note_text: str | None) -> bool:
        """Whether the mention opens a sentence or list item of a plan section and the item does not
        say the course goes on (``PlanItems``)."""
        if self.plan_items is None or section not in self.plan_items.sections:
            return False
        text = doc_text(ent.doc) if note_text is None else note_text
        # an item is a clause of its own when a semicolon ends the one before ("Plan: ibuprofen 600
        # q6h prn; soft collar at night x 1 wk")
        start, end = clause_chars(ent, text)
        if self.plan_item_lead.fullmatch(text, start, ent.start_char) is None:
            return False
        return (
            self.plan_item_order.search(text, start, end) is not None
            or self.plan_item_keep.search(text, start, end) is None
        )

    def precaution(self, ent: Span, section: str | None, note_text: str | None) -> str | None:
        """The cue of a return precaution whose sentence names this symptom (``Precautions``)."""
        if self.precautions is None or section not in self.precautions.sections:
            return None
        text = doc_text(ent.doc) if note_text is None else note_text
        start, end = sentence_chars(ent)
        if (m := self.precaution_cue.search(text, start, end)) is None:
            return None
        return None if self.precaution_unless.search(text, start, end) else m.group(0)

    def long_ago(self, fact: str, cues: list[str]) -> bool:
        """Whether a HISTORICAL cue dates this therapy to an earlier episode ("PT years ago")."""
        return fact in self.earlier_facts and any(map(self.earlier_long_ago.search, cues))

    def judge(
        self,
        ent: Span,
        assertion: Assertion,
        cues: list[str],
        note_text: str | None = None,
        fact: str | None = None,
        note_answers: NoteAnswers | None = None,
    ) -> tuple[Assertion, list[str]]:
        """Apply the fact's judgements to a mention of the assertions they judge (``note_answers``: the
        note-scope searches already made in this note, filled as it goes)."""
        judgements = [
            j for j in self.judgements.get(ent.label_ if fact is None else fact, ()) if assertion in j[0].judges
        ]
        if not judgements:
            return assertion, cues
        text = doc_text(ent.doc) if note_text is None else note_text
        mention = text[ent.start_char : ent.end_char]
        for j, applies, confirm, refute, unless, requires in judgements:
            if not applies.search(mention):
                continue
            if j.scope == "note":
                if requires is not None and not requires.search(text):
                    continue
                # the same answer for every mention of the note: searched once per note
                answer = note_answers.get(id(j)) if note_answers is not None else None
                if answer is None:
                    answer = (confirm.search(text), first_refutation(refute, unless, text))
                    if note_answers is not None:
                        note_answers[id(j)] = answer
                confirmed, refuted = answer
            else:
                sent_start, sent_end = clause_chars(ent, text) if j.scope == "clause" else sentence_chars(ent)
                context = text[sent_start:sent_end]
                if requires is not None and not requires.search(context):
                    continue
                confirmed = confirm.search(context)
                refuted = first_refutation(refute, unless, context)
            if refuted and (j.refute_first or not confirmed):
                return j.refuted_as, [*cues, refuted.group(0)]
            if confirmed or j.unconfirmed_as is None:
                continue
            return j.unconfirmed_as, [*cues, f"unconfirmed: {j.fact}"]
        return assertion, cues

    def assert_entity(
        self,
        ent: Span,
        note_text: str | None = None,
        note_answers: NoteAnswers | None = None,
        modifiers: tuple[ConTextModifier, ...] | None = None,
    ) -> tuple[Assertion, list[str]]:
        attrs = SpanAttrs(ent.doc)
        fact, section, preset = ent.label_, attrs.get(ent, "note_section"), attrs.get(ent, "preset")
        assertion, cues = self.resolve(ent, fact, section, note_text, modifiers)
        if assertion == "present" and fact in self.plan_item_facts and self.orders_item(ent, section, note_text):
            assertion, cues = "hypothetical", [*cues, f"plan item: {section}"]
        if (
            assertion == "present"
            and fact in self.precaution_facts
            and (cue := self.precaution(ent, section, note_text))
        ):
            assertion, cues = "hypothetical", [*cues, f"precaution: {cue}"]
        if preset and assertion not in ("family", "hypothetical", "uncertain"):
            assertion, cues = preset, [*cues, f"{attrs.get(ent, 'preset_by') or 'exam template'}: {preset}"]
        return self.judge(ent, assertion, cues, note_text, fact, note_answers)

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)  # Doc.ents rebuilds its spans on every read
        found: dict[tuple[int, int], list[ConTextModifier]] = {}
        for targets, modifiers in self.sentence_graphs(doc, ents):
            graph = ConTextGraph(targets=targets, modifiers=modifiers)
            graph.update_scopes()
            graph.apply_modifiers()
            for target, modifier in graph.edges:
                found.setdefault((target.start, target.end), []).append(modifier)
        note_text = doc_text(doc)
        note_answers: NoteAnswers = {}
        attrs = SpanAttrs(doc)
        for ent in ents:
            mods = tuple(found.get((ent.start, ent.end), ()))
            if mods:  # (() is the default)
                attrs.set(ent, "modifiers", mods)
            assertion, cues = self.assert_entity(ent, note_text, note_answers, mods)
            attrs.set(ent, "assertion", assertion)
            attrs.set(ent, "cues", cues)
        if self.list_headers and ents:
            self.judge_listed(ents, note_text, attrs)
        if self.continuation is not None and len(ents) > 1:
            self.judge_continued(ents, note_text, attrs, self.continuation)
            self.judge_continued_back(ents, note_text, attrs, self.continuation)
        if self.echo is not None and len(ents) > 1:
            self.judge_echoes(ents, note_text, attrs, self.echo)
        if self.columns is not None and ents:
            self.judge_columns(ents, note_text, attrs, self.columns)
        if self.reported:
            self.judge_reported(ents, note_text, attrs)
        if self.earlier is not None and isinstance(doc._.note_date, dt.date):
            self.judge_dated(ents, note_text, doc._.note_date, attrs, self.earlier)
        return doc

    def judge_dated(
        self, ents: list[Span], note_text: str, note_date: dt.date, attrs: SpanAttrs, rule: EarlierEpisode
    ) -> None:
        """A therapy dated years before the note, not linked to the present, is an earlier episode
        (see ``EarlierEpisode``)."""
        onset: int | None = None  # the note's earliest onset year, searched once when needed
        searched = False
        for ent in ents:
            if ent.label_ not in self.earlier_facts or attrs.get(ent, "assertion") != "present":
                continue
            start, end = clause_chars(ent, note_text)
            nearest: tuple[int, int] | None = None  # (distance, year)
            for m in self.earlier_year.finditer(note_text, start, end):
                distance = ent.start_char - m.end() if m.end() <= ent.start_char else m.start() - ent.end_char
                if distance >= 0 and (nearest is None or distance < nearest[0]):
                    nearest = (distance, int(m.group(1)))
            if nearest is None or note_date.year - nearest[1] < rule.years_before:
                continue
            if self.earlier_link.search(note_text, start, end):
                continue
            if not searched:
                years = [int(m.group(1)) for m in self.earlier_onset.finditer(note_text)]
                onset, searched = (min(years) if years else None), True
            if onset is not None and onset <= nearest[1]:
                continue
            attrs.set(ent, "assertion", "historical")
            attrs.set(ent, "cues", [*(attrs.get(ent, "cues") or []), f"earlier episode: {nearest[1]}"])

    def list_scopes(self, text: str) -> list[tuple[int, int, ListHeader]]:
        """The character ranges of the lists that a header line introduces (see ``ListHeader``)."""
        scopes: list[tuple[int, int, ListHeader]] = []
        # a header line ends with a colon (or a dash): only those lines are tried
        for line_end in _HEADER_LINE_END.finditer(text):
            line_start = text.rfind("\n", 0, line_end.start()) + 1
            for header, pattern, ends in self.list_headers:
                m = pattern.match(text, line_start)
                if m is None:
                    continue
                start = end = line_end.end()
                bulleted: bool | None = None  # the list's style, set by its first line
                while end < len(text):
                    nl = text.find("\n", end)
                    stop = len(text) if nl < 0 else nl
                    line = text[end:stop].strip()
                    if not line or len(line) > header.max_item_chars or ends.match(line):
                        break
                    bullet = _LIST_BULLET.match(line) is not None
                    if bulleted is None:
                        bulleted = bullet
                    elif bullet != bulleted:
                        break
                    if not bullet and line.endswith(".") and len(line.split()) > _ITEM_WORDS:
                        break  # a sentence of prose, not an item
                    end = stop + 1
                if end > start:
                    scopes.append((start, min(end, len(text)), header))
                break
        return scopes

    def judge_listed(self, ents: list[Span], note_text: str, attrs: SpanAttrs) -> None:
        """A present mention on a list line under a header that says what the items are takes the
        header's assertion ("Denies:\\n- fever\\n- chills"); see ``ListHeader``."""
        scopes = self.list_scopes(note_text)
        if not scopes:
            return
        for ent in ents:
            if attrs.get(ent, "assertion") != "present":
                continue
            for start, end, header in scopes:
                if start <= ent.start_char < end:
                    attrs.set(ent, "assertion", header.assertion)
                    attrs.set(ent, "cues", [*(attrs.get(ent, "cues") or []), f"list header: {header.assertion}"])
                    break

    def judge_continued(self, ents: list[Span], note_text: str, attrs: SpanAttrs, rule: ListContinuation) -> None:
        """A denial runs on through its list (see ``ListContinuation``). ``ents`` are in text order."""
        denied: Span | None = None  # the last mention a denial reaches, or its list
        for ent in ents:
            assertion = attrs.get(ent, "assertion")
            if assertion == "absent":
                mods = attrs.get(ent, "modifiers") or ()
                forward = any(m.category == "NEGATED_EXISTENCE" and m.modifier_span[1] <= ent.start for m in mods)
                listed = forward or any(c.startswith("listed after: ") for c in attrs.get(ent, "cues") or ())
                item = listed and self.continuation_not_item.match(note_text, ent.start_char, ent.end_char) is None
                denied = ent if item else None
                continue
            if denied is None:
                continue
            previous, denied = denied, None
            if (
                assertion != "present"
                or ent.start_char - previous.end_char > rule.reach
                or self.continuation_link.fullmatch(note_text, previous.end_char, ent.start_char) is None
                or self.continuation_not_item.match(note_text, ent.start_char, ent.end_char) is not None
                or sentence_chars(previous) != sentence_chars(ent)
            ):
                continue
            attrs.set(ent, "assertion", "absent")
            attrs.set(ent, "cues", [f"listed after: {note_text[previous.start_char : previous.end_char]}"])
            denied = ent

    def judge_continued_back(self, ents: list[Span], note_text: str, attrs: SpanAttrs, rule: ListContinuation) -> None:
        """A denial after a list closes the whole list: the present mentions before a mention that a
        backward denial cue reaches, joined to it by list material only (``link``), are denied too when
        the list opens its sentence (``opening``): "Saddle anesthesia, urinary retention and weakness
        denied today". ``ents`` are in text order."""
        for i in range(len(ents) - 1, 0, -1):
            last = ents[i]
            if attrs.get(last, "assertion") != "absent":
                continue
            mods = attrs.get(last, "modifiers") or ()
            if not any(m.category == "NEGATED_EXISTENCE" and m.modifier_span[0] >= last.end for m in mods):
                continue
            sentence = sentence_chars(last)
            chain: list[Span] = []
            after = last
            for ent in reversed(ents[:i]):
                if (
                    attrs.get(ent, "assertion") != "present"
                    or sentence_chars(ent) != sentence
                    or after.start_char - ent.end_char > rule.reach
                    or self.continuation_link.fullmatch(note_text, ent.end_char, after.start_char) is None
                    or self.continuation_back_stop.search(note_text, ent.end_char, after.start_char) is not None
                    or self.continuation_not_item.match(note_text, ent.start_char, ent.end_char) is not None
                ):
                    break
                chain.append(ent)
                after = ent
            if not chain:
                continue
            # the list opens its sentence, or a bracket: "Infectious ROS negative (fevers, chills,
            # night sweats all denied)"
            opens = max(sentence[0], note_text.rfind("(", sentence[0], chain[-1].start_char) + 1)
            if self.continuation_opening.fullmatch(note_text, opens, chain[-1].start_char) is None:
                continue
            for ent in chain:
                attrs.set(ent, "assertion", "absent")
                attrs.set(ent, "cues", [f"listed before: {note_text[last.start_char : last.end_char]}"])

    def judge_echoes(self, ents: list[Span], note_text: str, attrs: SpanAttrs, rule: BracketEcho) -> None:
        """A present mention in brackets takes the assertion of the mention the bracket follows (see
        ``BracketEcho``). ``ents`` are in text order."""
        for i in range(1, len(ents)):
            ent = ents[i]
            if attrs.get(ent, "assertion") != "present":
                continue
            sentence = sentence_chars(ent)
            opens = note_text.rfind("(", sentence[0], ent.start_char)
            closes = note_text.find(")", ent.end_char, sentence[1])
            if (
                opens < 0
                or closes < 0
                or self.echo_before.fullmatch(note_text, opens + 1, ent.start_char) is None
                or self.echo_after.fullmatch(note_text, ent.end_char, closes) is None
            ):
                continue
            earlier = next((e for e in reversed(ents[:i]) if e.end_char <= opens), None)
            if (
                earlier is None
                or sentence_chars(earlier) != sentence
                or opens - earlier.end_char > rule.reach
                or "(" in note_text[earlier.end_char : opens]
                or (assertion := attrs.get(earlier, "assertion")) == "present"
                or not _words(note_text[earlier.start_char : earlier.end_char]) & _words(note_text[opens:closes])
            ):
                continue
            attrs.set(ent, "assertion", assertion)
            attrs.set(ent, "cues", [f"in brackets after: {note_text[earlier.start_char : earlier.end_char]}"])

    def column_headers(self, note_text: str) -> list[tuple[int, tuple[int, int], tuple[int, int]]]:
        """The note's answer-column header lines: (where the line starts, the yes and the no columns
        as character ranges within the line)."""
        out = []
        start = 0
        for line in note_text.split("\n"):
            if "  " in line and (m := self.column_header.fullmatch(line)) is not None:
                out.append((start, m.span("yes"), m.span("no")))
            start += len(line) + 1
        return out

    def judge_columns(self, ents: list[Span], note_text: str, attrs: SpanAttrs, rule: AnswerColumns) -> None:
        """A present mention, or one a question mark made uncertain, on a row of an answer-column
        form takes the row's answer (see ``AnswerColumns``)."""
        headers: list[tuple[int, tuple[int, int], tuple[int, int]]] | None = None
        for ent in ents:
            if (read := attrs.get(ent, "assertion")) not in ("present", "uncertain"):
                continue
            if headers is None:
                headers = self.column_headers(note_text)
                if not headers:
                    return
            offset = len(line_before(note_text, ent.end_char))  # where the mention ends on its line
            line_start = ent.end_char - offset
            header = next((h for h in reversed(headers) if h[0] < line_start), None)
            if header is None or note_text.count("\n", header[0], line_start) > rule.reach:
                continue
            columns = {"yes": header[1], "no": header[2]}
            if offset > columns["yes"][0]:
                continue  # the mention stands in or after the answer columns: no row item
            answer = line_of(note_text, ent.end_char)[offset:]
            ticks = [
                answer_column(columns, offset, m.span(), rule.tolerance) for m in self.column_mark.finditer(answer)
            ]
            blanks = [
                answer_column(columns, offset, b.span(), rule.tolerance) for b in self.column_blank.finditer(answer)
            ]
            if "no" in ticks and "yes" not in ticks:
                reading = ("absent", "no")
            elif "yes" in ticks and "no" not in ticks and read == "uncertain":  # the form's question, answered yes
                reading = ("present", "yes")
            elif not ticks and blanks == ["yes", "no"]:
                reading = ("hypothetical", "unanswered")
            else:
                continue
            attrs.set(ent, "assertion", reading[0])
            attrs.set(ent, "cues", [*(attrs.get(ent, "cues") or []), f"answer column: {reading[1]}"])

    def judge_reported(self, ents: list[Span], note_text: str, attrs: SpanAttrs) -> None:
        """A symptom the patient reports in the history is uncertain until an examination in the same
        note finds it (GUIDELINES 5.11: "the exam decides"); see ``ReportedSymptoms``."""
        reports: list[tuple[Span, ReportedSymptoms]] = []
        examined: set[str] = set()
        for ent in ents:
            rule = self.reported.get(ent.label_)
            if rule is None or attrs.get(ent, "assertion") != "present":
                continue
            group, objective = rule
            section = attrs.get(ent, "note_section")
            if section in group.exam_sections:
                examined.add(ent.label_)
                continue
            start, end = sentence_chars(ent)
            if objective.search(note_text, start, end):
                examined.add(ent.label_)
            elif section in group.sections:
                reports.append((ent, group))
        for ent, group in reports:
            if ent.label_ not in examined:
                attrs.set(ent, "assertion", group.reported_as)
                attrs.set(ent, "cues", [*(attrs.get(ent, "cues") or []), f"reported, not examined: {ent.label_}"])

    def sentence_graphs(
        self, doc: Doc, ents: list[Span] | None = None
    ) -> list[tuple[list[Span], list[ConTextModifier]]]:
        """medspaCy's ConText algorithm, one graph per sentence.

        ConText compares every modifier with every other modifier and every target of the graph it is
        given, which on a whole note grows with the square of its length. A modifier's scope never
        leaves its sentence, so pairs from different sentences never interact: the graphs of the
        sentences (sentences joined where an entity or modifier crosses a boundary) give exactly the
        result of one graph for the note, in the same order, in linear time."""
        starts, ends = sentence_bounds(doc)
        if not starts:
            return []
        sent_of = [0] * len(doc)
        for k, (start, end) in enumerate(zip(starts, ends, strict=True)):
            sent_of[start:end] = [k] * (end - start)
        # group[k]: the first sentence of the group sentence k belongs to
        group = list(range(len(starts)))
        ents = list(doc.ents) if ents is None else ents
        matches = same_span_twins(self.matcher(doc), self.rules)
        for start, end in [(e.start, e.end) for e in ents] + [(s, e) for _, s, e in matches]:
            first, last = group[sent_of[start]], sent_of[end - 1]
            for k in range(first + 1, last + 1):
                group[k] = first
        for k in range(1, len(group)):  # a later sentence joined to an earlier group follows it
            group[k] = group[group[k]]
        modifiers: dict[int, list[ConTextModifier]] = {}
        for rule_id, start, end in matches:
            rule = self.rules[rule_id]
            k = sent_of[start]
            scope = context_scope(rule, start, end, starts[k], ends[k])
            modifier = ConTextModifier(rule, start, end, doc, scope_start=scope[0], scope_end=scope[1])
            modifiers.setdefault(group[k], []).append(modifier)
        targets: dict[int, list[Span]] = {}
        for ent in ents:
            targets.setdefault(group[sent_of[ent.start]], []).append(ent)
        return [(targets[g], modifiers[g]) for g in targets if g in modifiers]


def clause_chars(ent: Span, text: str) -> tuple[int, int]:
    """The character offsets of the clause holding ``ent``: its sentence between the semicolons
    around it."""
    start, end = sentence_chars(ent)
    start = max(start, text.rfind(";", start, ent.start_char) + 1)
    stop = text.find(";", ent.end_char, end)
    return start, end if stop < 0 else stop


def answer_column(
    columns: dict[str, tuple[int, int]], offset: int, span: tuple[int, int], tolerance: int
) -> str | None:
    """The column a mark at ``span`` (plus ``offset``: characters within its line) stands under: the
    nearest by its middle, if the middle falls within that column give or take ``tolerance``."""
    middle = offset + (span[0] + span[1]) / 2
    name, (a, b) = min(columns.items(), key=lambda c: abs(middle - (c[1][0] + c[1][1]) / 2))
    return name if a - tolerance <= middle <= b + tolerance else None


def _words(text: str) -> set[str]:
    """The words of three letters or more in ``text``, lower-cased."""
    return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}


def same_span_twins(matches: list[tuple[int, int, int]], rules: list[ConTextRule]) -> list[tuple[int, int, int]]:
    """medspaCy's overlap pruning, except that a rule matching exactly the words of a kept modifier
    in the other direction is kept too when both modify (neither PSEUDO nor TERMINATE): "TFESI
    [pending] scheduling" is a plan after its target for every fact and "[pending] MRI" one before
    it for a study, two rules on one word, and pruning kept only the first. A longer trigger still
    silences a shorter one, and rules on one span in one direction still keep only the first."""
    kept = prune_overlapping_matches(matches)
    spans = {(start, end): rule_id for rule_id, start, end in kept}
    inert = ("PSEUDO", "TERMINATE")
    twins = [
        (rule_id, start, end)
        for rule_id, start, end in matches
        if (twin := spans.get((start, end))) is not None
        and twin != rule_id
        and rules[rule_id].category not in inert
        and rules[twin].category not in inert
        and rules[rule_id].direction != rules[twin].direction
    ]
    return sorted(kept + twins, key=lambda m: (m[1], m[2], m[0])) if twins else kept


def first_refutation(refute: re.Pattern[str], unless: re.Pattern[str] | None, text: str) -> re.Match[str] | None:
    """The first match of ``refute`` in ``text`` that states something: not one whose clause up to it
    matches the judgement's ``refute_unless`` (``unless``)."""
    for m in refute.finditer(text):
        if unless is None:
            return m
        clause = max(text.rfind(stop, 0, m.start()) for stop in ".;\n")
        if not unless.search(text, clause + 1, m.start()):
            return m
    return None


def doubt_inside_plan(plans: list[int], doubts: list[int]) -> bool:
    """Whether a doubt cue lies between the mention and every plan cue, all on its side ("Recommend
    neurosurgical evaluation for [retethering]", "will obtain CT to rule out [fracture]"): what is
    planned is the evaluation, and the finding it looks for is possible (GUIDELINES 3, uncertain).
    Distances are signed token distances to the mention, negative before it."""
    return bool(plans) and any(
        all((plan < 0) == (doubt < 0) and abs(doubt) < abs(plan) for plan in plans) for doubt in doubts
    )


def context_scope(rule: ConTextRule, start: int, end: int, sent_start: int, sent_end: int) -> tuple[int, int]:
    """A modifier's scope in its sentence, as medspaCy's ConTextModifier sets it (no global window)."""
    direction = rule.direction.lower()
    max_scope = rule.max_scope
    if direction == "forward":
        scope_start, scope_end = end, sent_end
        if max_scope is not None and scope_end - scope_start > max_scope:
            scope_end = end + max_scope
    elif direction == "backward":
        scope_start, scope_end = sent_start, start
        if max_scope is not None and scope_end - scope_start > max_scope:
            scope_start = start - max_scope
    else:  # bidirectional, and the scope medspaCy gives pseudo and terminate modifiers
        scope_start, scope_end = sent_start, sent_end
        before = (rule.metadata or {}).get("max_scope_before", max_scope)
        if before is not None and start - scope_start > before:
            scope_start = start - before
        if max_scope is not None and scope_end - end > max_scope:
            scope_end = end + max_scope
    return scope_start, scope_end


def compile_context_rules(nlp: Language, rules: list[ConTextRule]) -> tuple[list[ConTextRule], RuleMatcher]:
    """The modifier rules in a RuleMatcher: rule id -> ConTextRule (token patterns first, so that on
    the same words they come before a phrase, as in medspaCy's matcher)."""
    ordered = [r for r in rules if r.pattern is not None] + [r for r in rules if r.pattern is None]
    matcher = RuleMatcher()
    phrases = [r.literal.lower() for r in ordered if r.pattern is None]
    tokenized = iter(phrase_tokens(nlp, phrases, "LOWER"))
    for rule_id, rule in enumerate(ordered):
        if rule.pattern is None:
            matcher.add_phrase(rule_id, next(tokenized), "LOWER")
        else:
            matcher.add_pattern(rule_id, validate_pattern(rule.pattern))
    return ordered, matcher


@Language.factory(
    "prescreen_context",
    assigns=["span._.assertion", "span._.cues", "span._.modifiers"],
    requires=["span._.note_section"],
    default_config={"rules": "default", "negex_termset": "en_clinical", "sections": "default"},
)
def make_context(nlp: Language, name: str, rules: str, negex_termset: str | None, sections: str) -> Assertions:
    return Assertions(nlp, name, rules, negex_termset, sections)


__all__ = ["Assertions", "ContextRuleSpec", "ContextRules", "EarlierEpisode", "load_context_rules", "negex_rules"]
