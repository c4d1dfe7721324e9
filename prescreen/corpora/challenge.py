"""Challenge sets: single sentences, each with one labelled mention (``corpora/challenge/*.tsv``).

A row names a fact, the assertion the guideline gives its mention, the mention's exact text and the
sentence. The assertion ``none`` marks words that are no mention of the fact for the patient at all
(another body site's study, a form's label, another sense of the word: "gallbladder removed" for
bladder dysfunction): the pipeline passes such a row when nothing it reports over those words would
make the fact present, suspected or historical. Conservative-care rows may add the course's ``duration_weeks`` and ``outcome`` (the note
written on :data:`NOTE_DATE`). The sets were written blind against ``corpora/GUIDELINES.md`` to find
phrasings the note corpus lacks; :func:`evaluate_challenge` scores the pipeline on them.

    python -m prescreen.corpora.challenge corpora/challenge/*.tsv
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.language import Language

from prescreen.catalogue import load_catalogue
from prescreen.contract import Assertion, Note
from prescreen.corpora.metrics import value_correct
from prescreen.criteria.registry import format_validation_error
from prescreen.errors import Errors, PrescreenError
from prescreen.extractors.mentions import Mention

#: the date every challenge sentence is read as written on (durations run to it)
NOTE_DATE = dt.date(2025, 10, 9)

#: a row whose words are no mention of its fact for the patient
NONE: Literal["none"] = "none"

#: assertions that give a fact a document status of present, suspected or historical
_AFFIRMING = frozenset({"present", "uncertain", "historical"})


class ChallengeRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    fact: str
    assertion: Assertion | Literal["none"]
    mention: str = Field(min_length=1)
    text: str = Field(min_length=1)
    duration_weeks: float | None = None
    outcome: str | None = None

    @model_validator(mode="after")
    def _mention_once(self) -> ChallengeRow:
        if self.text.count(self.mention) != 1:
            raise ValueError(f"row {self.id}: the mention must occur exactly once in the text")
        if self.fact not in load_catalogue().facts:
            raise ValueError(f"row {self.id}: unknown fact {self.fact!r}")
        if self.assertion == NONE and (self.duration_weeks is not None or self.outcome is not None):
            raise ValueError(f"row {self.id}: a row that is no mention has no duration or outcome")
        return self

    @property
    def start(self) -> int:
        return self.text.index(self.mention)


def load_challenge(path: Path) -> list[ChallengeRow]:
    """The rows of a challenge TSV (``\\n`` in a text is a line break); a bad row is a one-line error."""
    rows: list[ChallengeRow] = []
    ids: set[str] = set()
    with path.open(encoding="utf-8", newline="") as f:
        for line, raw in enumerate(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
            fields: dict[str, Any] = {k: (v if v != "" else None) for k, v in raw.items() if k is not None}
            if None in raw:
                raise PrescreenError(Errors.P018, path=f"{path}:{line}", reason="more fields than the header")
            if fields.get("text"):
                fields["text"] = fields["text"].replace("\\n", "\n")
            try:
                row = ChallengeRow.model_validate(fields)
            except ValidationError as exc:
                raise PrescreenError(Errors.P018, path=f"{path}:{line}", reason=format_validation_error(exc)) from None
            if row.id in ids:
                raise PrescreenError(Errors.P018, path=f"{path}:{line}", reason=f"row id {row.id} given twice")
            ids.add(row.id)
            rows.append(row)
    return rows


class ChallengeResult(BaseModel):
    rows: int
    assertion_agreement: float
    by_assertion: dict[str, tuple[int, int]]
    duration_within_tolerance: tuple[int, int]
    outcome_agreement: tuple[int, int]
    #: (row id, what was wrong): a missed mention, an assertion, a duration or an outcome
    misses: list[tuple[str, str]]


def row_mentions(rows: Sequence[ChallengeRow], nlp: Language | None = None) -> list[list[Mention]]:
    """For each row, the pipeline's mentions of the row's fact that overlap its labelled mention
    (every distinct sentence is run once, as a note written on :data:`NOTE_DATE`)."""
    from prescreen.pipeline.nlp import get_nlp
    from prescreen.pipeline.run import extract_mentions, process_notes

    texts = list(dict.fromkeys(r.text for r in rows))
    notes = [Note(id=f"s{i}", date=NOTE_DATE, text=t) for i, t in enumerate(texts)]
    by_note: dict[str, list[Mention]] = {n.id: [] for n in notes}
    for mention in extract_mentions(notes, process_notes(notes, nlp or get_nlp())):
        by_note[mention.evidence.note].append(mention)
    found = {n.text: by_note[n.id] for n in notes}
    out = []
    for row in rows:
        start, end = row.start, row.start + len(row.mention)
        out.append(
            [m for m in found[row.text] if m.fact == row.fact and m.evidence.start < end and start < m.evidence.end]
        )
    return out


def evaluate_challenge(rows: Sequence[ChallengeRow], nlp: Language | None = None) -> ChallengeResult:
    """Run the pipeline (``nlp``, by default the default one) on every distinct sentence once and
    compare each row's mention with it."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    durations = [0, 0]
    outcomes = [0, 0]
    misses: list[tuple[str, str]] = []
    for row, mentions in zip(rows, row_mentions(rows, nlp), strict=True):
        hits = [m.evidence for m in mentions]
        total[row.assertion] += 1
        if row.assertion == NONE:
            wrong = [h.assertion for h in hits if h.assertion in _AFFIRMING]
            if wrong:
                misses.append((row.id, f"assertion {wrong[0]}, labelled none"))
            else:
                right[row.assertion] += 1
            continue
        if not hits:
            misses.append((row.id, "mention not found"))
            continue
        evidence = hits[0]
        if evidence.assertion == row.assertion:
            right[row.assertion] += 1
        else:
            misses.append((row.id, f"assertion {evidence.assertion}, labelled {row.assertion}"))
        if row.duration_weeks is not None:
            durations[1] += 1
            got = evidence.values.get("duration_weeks")
            # the corpus evaluation's comparison: within one week
            if value_correct("duration_weeks", row.duration_weeks, got):
                durations[0] += 1
            else:
                misses.append((row.id, f"duration {got}, labelled {row.duration_weeks:g}"))
        if row.outcome is not None:
            outcomes[1] += 1
            if value_correct("outcome", row.outcome, evidence.values.get("outcome")):
                outcomes[0] += 1
            else:
                misses.append((row.id, f"outcome {evidence.values.get('outcome')}, labelled {row.outcome}"))
    n = sum(total.values())
    return ChallengeResult(
        rows=len(rows),
        assertion_agreement=round(sum(right.values()) / n, 3) if n else 0.0,
        by_assertion={a: (right[a], total[a]) for a in sorted(total)},
        duration_within_tolerance=(durations[0], durations[1]),
        outcome_agreement=(outcomes[0], outcomes[1]),
        misses=misses,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    rules_only = "--rules-only" in args
    paths = [Path(p) for p in args if p != "--rules-only"]
    if not paths:
        print("usage: python -m prescreen.corpora.challenge [--rules-only] FILE.tsv [...]", file=sys.stderr)
        return 2
    nlp = None
    if rules_only:
        # the sets are part of the assertion model's training data: the rules alone are the fair reading
        from prescreen.pipeline.nlp import PipelineConfig, get_nlp

        nlp = get_nlp(PipelineConfig(assertion_model=None))
    for path in paths:
        try:
            result = evaluate_challenge(load_challenge(path), nlp)
        except PrescreenError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        by = ", ".join(f"{a} {r}/{t}" for a, (r, t) in result.by_assertion.items())
        print(f"{path}: {result.rows} rows; assertion agreement {result.assertion_agreement:.3f} ({by})")
        if result.duration_within_tolerance[1]:
            d, o = result.duration_within_tolerance, result.outcome_agreement
            print(f"  duration within 1 week: {d[0]}/{d[1]}; outcome: {o[0]}/{o[1]}")
        for row_id, what in result.misses:
            print(f"  {row_id}: {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
