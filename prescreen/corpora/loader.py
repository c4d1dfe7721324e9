"""Loading and validating an annotated corpus (format: ``corpora/FORMAT.md``)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from prescreen.catalogue import load_catalogue
from prescreen.contract import Assertion, Determination, FactStatus, Request
from prescreen.criteria.registry import format_validation_error
from prescreen.errors import Errors, PrescreenError
from prescreen.pipeline.io import parse_request

Split = Literal["dev", "test"]


class GoldMention(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fact: str
    note: str
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    text: str
    assertion: Assertion
    values: dict[str, Any] = Field(default_factory=dict)


class GoldFact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: FactStatus
    values: dict[str, Any] = Field(default_factory=dict)


class GoldPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    determination: Determination
    indications: list[str] = Field(default_factory=list)
    non_indications: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)


class Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mentions: list[GoldMention] = Field(default_factory=list)
    facts: dict[str, GoldFact] = Field(default_factory=dict)
    policies: dict[str, GoldPolicy] = Field(default_factory=dict)
    comment: str | None = None


class CorpusRequest(BaseModel):
    """One annotated request: the request (notes with text) and its gold labels."""

    model_config = ConfigDict(extra="forbid")

    request: Request
    gold: Gold
    split: Split


class Corpus(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    requests: list[CorpusRequest]
    skipped: list[str] = Field(default_factory=list)

    def split(self, name: str | None) -> list[CorpusRequest]:
        if name in (None, "all"):
            return list(self.requests)
        return [r for r in self.requests if r.split == name]

    @property
    def notes(self) -> int:
        return sum(len(r.request.notes) for r in self.requests)


def split_of(request_id: str) -> Split:
    """The documented hash split: test when sha1(id)[:8] mod 10 < 3 (about 30%)."""
    return "test" if int(hashlib.sha1(request_id.encode()).hexdigest()[:8], 16) % 10 < 3 else "dev"


def validate_gold(gold: Gold, request: Request, where: str) -> list[str]:
    """Problems: offsets that do not match the text, unknown facts or notes, facts without mentions."""
    catalogue = load_catalogue()
    texts = {n.id: n.text for n in request.notes}
    problems = []
    for i, m in enumerate(gold.mentions):
        loc = f"{where} mentions[{i}]"
        if m.fact not in catalogue:
            problems.append(f"{loc}: unknown fact id '{m.fact}'")
        if m.note not in texts:
            problems.append(f"{loc}: unknown note '{m.note}'")
        elif texts[m.note][m.start : m.end] != m.text:
            problems.append(f"{loc}: offsets {m.start}-{m.end} do not match its text")
    for fact in gold.facts:
        if fact not in catalogue:
            problems.append(f"{where} facts: unknown fact id '{fact}'")
    for policy in gold.policies.values():
        for fact in policy.missing:
            if fact not in catalogue:
                problems.append(f"{where} policies: unknown missing fact id '{fact}'")
    return problems


def load_request_dir(folder: Path) -> CorpusRequest:
    where = folder.name
    try:
        request_data = json.loads((folder / "request.json").read_text(encoding="utf-8"))
        gold_data = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PrescreenError(
            Errors.P018, path=folder, reason=f"{type(exc).__name__}: {getattr(exc, 'msg', exc)}"
        ) from None
    request = parse_request(request_data, str(folder / "request.json"), base_dir=folder)
    try:
        gold = Gold.model_validate(gold_data)
    except ValidationError as exc:
        raise PrescreenError(Errors.P018, path=folder / "gold.json", reason=format_validation_error(exc)) from None
    problems = validate_gold(gold, request, where)
    if problems:
        more = f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""
        raise PrescreenError(Errors.P018, path=folder, reason="; ".join(problems[:3]) + more)
    return CorpusRequest(request=request, gold=gold, split=split_of(request.request_id))


def load_corpus(path: Path | str, skip_invalid: bool = False) -> Corpus:
    """Load every request folder under ``path/requests``; an invalid one raises P018 (or, with
    ``skip_invalid``, is left out and listed in ``Corpus.skipped``)."""
    root = Path(path)
    folders = sorted(p for p in (root / "requests").glob("*") if p.is_dir())
    if not folders:
        raise PrescreenError(Errors.P018, path=root, reason="no requests/<id>/request.json found")
    requests = []
    skipped = []
    for folder in folders:
        try:
            requests.append(load_request_dir(folder))
        except PrescreenError as exc:
            if not skip_invalid:
                raise
            skipped.append(exc.message)
    split_file = root / "split.json"
    if split_file.is_file():
        declared = json.loads(split_file.read_text())
        for r in requests:
            if declared.get(r.request.request_id, r.split) != r.split:
                raise PrescreenError(
                    Errors.P018, path=split_file, reason=f"{r.request.request_id} disagrees with the hash split"
                )
    if not requests:
        raise PrescreenError(Errors.P018, path=root, reason="no valid request")
    return Corpus(path=str(root), requests=requests, skipped=skipped)


def write_split(corpus: Corpus) -> Path:
    path = Path(corpus.path) / "split.json"
    data = {r.request.request_id: r.split for r in sorted(corpus.requests, key=lambda r: r.request.request_id)}
    path.write_text(json.dumps(data, indent=1) + "\n")
    return path


__all__ = [
    "Corpus",
    "CorpusRequest",
    "Gold",
    "GoldFact",
    "GoldMention",
    "GoldPolicy",
    "load_corpus",
    "load_request_dir",
    "split_of",
    "validate_gold",
    "write_split",
]
