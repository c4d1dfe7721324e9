"""Templated examination findings (``findings.yaml``): "Strength 5/5", "DTRs 2+ and symmetric",
"Gait antalgic", "SLR positive on the left". The head word names the examined function; the words
after it decide whether the finding is denied (normal) or affirmed (abnormal)."""

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from prescreen.extractors.resources import Regex, load_rules
from prescreen.pipeline._extensions import doc_text
from prescreen.pipeline.qualifiers import line_before

#: how far back on its line a co-mention's ``when_before`` looks
_CO_REACH = 200

# a clause ends at a full stop, not at a decimal point ("CRP 1.2 (ref <3)" reads on to its range)
CLAUSE_END = re.compile(r"[;,\n]|\.(?!\d)")
# (round 56) a "|" between a value and the next test's name and value ends its clause ("WBC 6.1 | Hgb
# 11.2 (L)"); a table's columns do not ("WBC | 14.6 | H | 4.0-11.0")
PIPE_AFTER_VALUE = re.compile(r"(?<=\d)\s*\|(?=\s*[A-Za-z][\w/-]*\s+\d)")
_NUM = r"\d+(?:\.\d+)?"
# "12.5 mg/L (ref <3)", "= 0.4 (nl 0-0.9)", "7.1 (reference range 4.0-11.0)", "35 mm/hr [ref: up to 20]"
REFERENCE_RANGE = re.compile(
    rf"^\s*(?:[:=-]|of|was|is)?\s*(?P<value>{_NUM})\s*(?:[a-zµμ%]+(?:\s*/\s*[a-zµμ]+)?\s*)?"
    r"[(\[]\s*(?:ref\w*|reference(?:\s+range)?|range|nl|normal)\s*[:=]?\s*"
    rf"(?:(?P<low>{_NUM})\s*[-–]\s*(?P<high>{_NUM})|(?:<=?|≤|up to)\s*(?P<below>{_NUM}))\s*[)\]]",
    re.I,
)


def reference_range_reading(clause: str) -> str | None:
    """'present' when the value in ``clause`` lies outside the reference range written after it,
    'absent' when inside; None when the clause gives no value with a range."""
    m = REFERENCE_RANGE.match(clause)
    if m is None:
        return None
    value = float(m["value"])
    if m["below"] is not None:
        return "present" if value >= float(m["below"]) else "absent"
    return "present" if value < float(m["low"]) or value > float(m["high"]) else "absent"


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    heads: list[str] = Field(min_length=1)
    abnormal: Regex
    normal: Regex
    window: int = Field(default=60, gt=0)
    exclude_before: Regex | None = Field(default=None, description="skip a head preceded (same line) by this")
    only_after: Regex | None = Field(
        default=None,
        description="read only a head preceded (same line) by this: a white count after 'CSF' or 'Lumbar "
        "puncture', which has its own range",
    )
    reference_range: bool = Field(
        default=False, description="a value followed by its reference range is read against the range first"
    )
    read_on: int = Field(
        default=0,
        ge=0,
        description="when the clause says neither, read on through this many more comma items: 'Gait: "
        "slow, guarded, with cane', 'Gait slow, no ataxia'",
    )
    read_on_abnormal: Regex | None = Field(
        default=None,
        description="in the items read on, only these words affirm (a device named alone there does not: "
        "'Gait: slow, uses a walker since 2023 (baseline)'); default: abnormal",
    )
    denied_before: Regex | None = Field(
        default=None,
        description="an abnormal word with this right before it (in its clause) is denied, not found: "
        "'Gait: no Trendelenburg', '[ ] Abnormal'; a clause whose abnormal words are all denied reads normal",
    )
    alone_in_sentence: bool = Field(
        default=False,
        description="a mention only where its sentence has no other mention of the fact ('Gait normal, "
        "walks without a limp' is one normal gait, told by 'Gait'; 'Walks normally.' alone is one)",
    )
    evidence_to_finding: bool = Field(
        default=False,
        description="an affirmed finding's evidence runs from the head to the abnormal words ('Gait: "
        "wide-based' rather than 'Gait'), where the head alone says little and no other mention lies "
        "between them",
    )


class CoMention(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    when: Regex
    also: list[str] = Field(min_length=1)
    when_before: Regex | None = Field(
        default=None,
        description="and the text before the mention on its line (at most 200 characters) matches: the "
        "study that found it ('EMG/NCS 8/22: chronic right L5 radiculopathy')",
    )


class FindingRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    findings: list[Finding]
    co_mentions: list[CoMention] = Field(default_factory=list)


@lru_cache(maxsize=8)
def load_findings(name: str = "default") -> FindingRules:
    return load_rules(name, "findings.yaml", FindingRules)


def read_clause(
    clause: str, abnormal: re.Pattern[str], normal: re.Pattern[str], denied: re.Pattern[str] | None
) -> str | None:
    """'present' when the clause names an abnormal finding it does not deny, 'absent' when it says
    normal or denies every abnormal word it names, None when it says neither."""
    return read_clause_at(clause, abnormal, normal, denied)[0]


def read_clause_at(
    clause: str, abnormal: re.Pattern[str], normal: re.Pattern[str], denied: re.Pattern[str] | None
) -> tuple[str | None, int]:
    """:func:`read_clause`, with where in the clause the abnormal words it affirms end (0 when it
    affirms none)."""
    denials = False
    for m in abnormal.finditer(clause):
        if denied is None or not denied.search(clause[: m.start()]):
            return "present", m.end()
        denials = True
    return ("absent" if denials or normal.search(clause) else None), 0


class CompiledFinding(NamedTuple):
    """A ``Finding`` with its patterns compiled (case-insensitive)."""

    fact: str
    abnormal: re.Pattern[str]
    normal: re.Pattern[str]
    window: int
    before: re.Pattern[str] | None
    only_after: re.Pattern[str] | None
    ranged: bool
    #: the evidence of an affirmed finding runs to its abnormal words
    widen: bool
    #: a mention only in a sentence with no other mention of the fact
    alone: bool
    #: abnormal words denied before, comma items read on, the abnormal words read there
    denied: re.Pattern[str] | None
    read_on: int
    abnormal_on: re.Pattern[str]


class Findings:
    """Adds exam-finding mentions with a preset assertion, and marks co-mentions."""

    def __init__(self, nlp: Language, rules: FindingRules) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.rules: dict[str, CompiledFinding] = {}
        for i, f in enumerate(rules.findings):
            key = f"finding{i}"
            self.rules[key] = CompiledFinding(
                fact=f.fact,
                abnormal=re.compile(f.abnormal, re.I),
                normal=re.compile(f.normal, re.I),
                window=f.window,
                before=re.compile(f.exclude_before, re.I) if f.exclude_before else None,
                only_after=re.compile(f.only_after, re.I) if f.only_after else None,
                ranged=f.reference_range,
                widen=f.evidence_to_finding,
                alone=f.alone_in_sentence,
                denied=re.compile(f.denied_before, re.I) if f.denied_before else None,
                read_on=f.read_on,
                abnormal_on=re.compile(f.read_on_abnormal or f.abnormal, re.I),
            )
            self.matcher.add(key, [nlp.make_doc(h) for h in f.heads])
        self.co: dict[str, list[tuple[re.Pattern[str], re.Pattern[str] | None, tuple[str, ...]]]] = {}
        for c in rules.co_mentions:
            before = re.compile(c.when_before) if c.when_before else None
            self.co.setdefault(c.fact, []).append((re.compile(c.when), before, tuple(c.also)))

    def clause_after(self, text: str, end: int, window: int) -> str:
        tail = text[end : end + window]
        stop = CLAUSE_END.search(tail)
        pipe = PIPE_AFTER_VALUE.search(tail)
        cut = min((m.start() for m in (stop, pipe) if m is not None), default=None)
        return tail if cut is None else tail[:cut]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ents = list(doc.ents)
        taken = {i for e in ents for i in range(e.start, e.end)}
        starts_by_fact: dict[str, list[int]] = {}
        for e in ents:
            starts_by_fact.setdefault(e.label_, []).append(e.start_char)
        added: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            if any(i in taken for i in range(start, end)):
                continue
            rule = self.rules[doc.vocab.strings[match_id]]
            fact, abnormal, normal, window, before = rule.fact, rule.abnormal, rule.normal, rule.window, rule.before
            head_end = doc[end - 1].idx + len(doc[end - 1])
            clause = self.clause_after(text, head_end, window)
            if before is not None or rule.only_after is not None:
                line_start = text.rfind("\n", 0, doc[start].idx) + 1
                preceding = text[max(line_start, doc[start].idx - 40) : doc[start].idx]
                if before is not None and before.search(preceding):
                    continue
                if rule.only_after is not None and not rule.only_after.search(preceding):
                    continue
            # A specific finding of the same fact inside the clause ("Strength 5/5 except L EHL 4/5")
            # is the mention; the head adds nothing. (Up to a decimal point too: "WBC 15.6 with left
            # shift" keeps its WBC.)
            clause_end = head_end + len(clause.split(".", 1)[0])
            starts = starts_by_fact.get(fact, [])
            i = bisect.bisect_left(starts, head_end)
            if i < len(starts) and starts[i] < clause_end:
                continue
            preset = reference_range_reading(clause) if rule.ranged else None
            affirmed_to = 0
            if preset is None:
                preset, affirmed_to = read_clause_at(clause, abnormal, normal, rule.denied)
                at, read_on = head_end + len(clause), rule.read_on
                while preset is None and read_on > 0 and text.startswith(",", at):
                    read_on -= 1
                    item = self.clause_after(text, at + 1, window)
                    preset = read_clause(item, rule.abnormal_on, normal, rule.denied)
                    at += 1 + len(item)
                if preset is None:
                    continue
            # an affirmed finding's evidence runs from its head to the abnormal words ("Gait:
            # wide-based", "Strength 4/5"), unless another mention lies between them
            if affirmed_to and rule.widen:
                wider = doc.char_span(doc[start].idx, head_end + affirmed_to, alignment_mode="expand")
                if wider is not None and not any(i in taken for i in range(end, wider.end)):
                    end = wider.end
            if rule.alone:
                sent = doc[start].sent
                others = [e for e in [*ents, *added] if e.label_ == fact and e.start < sent.end and sent.start < e.end]
                if others:
                    continue
            span = Span(doc, start, end, label=fact)
            span._.preset = preset
            span._.fact = fact
            added.append(span)
        if added:
            ents = filter_spans([*ents, *added])
            doc.set_ents(ents, default="outside")  # what `doc.ents = ...` does, without rebuilding every span
        # (an extension read or write costs microseconds: the entities from earlier have their fact)
        for ent in ents:
            for when, before, also in self.co.get(ent.label_, ()):
                if when.search(text[ent.start_char : ent.end_char]) and (
                    before is None or before.search(line_before(text, ent.start_char)[-_CO_REACH:])
                ):
                    ent._.also = list(also)
        return doc


@Language.factory(
    "prescreen_findings", assigns=["doc.ents", "span._.preset", "span._.also"], default_config={"rules": "default"}
)
def make_findings(nlp: Language, name: str, rules: str) -> Findings:
    return Findings(nlp, load_findings(rules))


__all__ = ["CoMention", "CompiledFinding", "Finding", "FindingRules", "Findings", "load_findings"]
