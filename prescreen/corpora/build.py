"""Build an annotated request folder from a draft with inline marks (GUIDELINES 6).

A draft is a folder holding ``request.json`` (the corpus format's, notes named by file), one
``<note id>.txt`` per note in which every mention is marked inline, and ``doc.json`` with the
request-level labels::

    She completed {{PT|physical_therapy/present/duration_weeks=8;outcome=failed}} at Summit.
    {{Hoffmann sign positive|myelopathic_signs/present & abnormal_reflexes/present}}

``doc.json`` holds ``policies`` (required), an optional ``comment``, and optional ``facts``
entries that override what the mentions give: ``{"fact": {"status": ..., "values": {...}}}``
replaces that fact's status (when given) and updates its merged values; ``{"fact": null}``
drops the fact. ``policies`` must label exactly the bundled policies that cover the request's CPT
code, with their own indication and non-indication ids.

The builder strips the marks, computes offsets, checks every mention against its text and the
catalogue (fact ids, value names, the allowed outcome/result/side words), computes the
document-level facts by the guideline's precedence (1.5) and writes the request folder. Run::

    python -m prescreen.corpora.build DRAFT_DIR OUT_DIR   # one draft, or a folder of drafts
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from prescreen.catalogue import load_catalogue
from prescreen.corpora.loader import Gold, GoldFact, GoldMention, load_request_dir
from prescreen.criteria.registry import bundled_policies, policies_for_cpt
from prescreen.errors import PrescreenError

MARK = re.compile(r"\{\{([^{}|]+)\|([^{}]+)\}\}")
NUMBERS = {"duration_weeks", "sessions", "years"}
ALLOWED = {
    "outcome": {"failed", "worsened", "improved", "ongoing", "unable", "noncompliant"},
    "result": {"normal", "abnormal", "equivocal", "inconclusive"},
    "side": {"left", "right", "bilateral"},
}
ASSERTIONS = {"present", "absent", "historical", "hypothetical", "family", "uncertain"}
STATUS_OF = {"present": "present", "uncertain": "suspected", "historical": "historical", "absent": "absent"}
PRECEDENCE = ["present", "suspected", "historical", "absent"]


class BuildError(ValueError):
    """A draft that cannot be built; the message names the note and the mark's position."""


def parse_value(key: str, raw: str) -> Any:
    raw = raw.strip()
    if raw in ("true", "false"):
        return raw == "true"
    if key in NUMBERS:
        number = float(raw)
        return int(number) if number.is_integer() else number
    return raw


def parse_labels(label_text: str, where: str) -> list[tuple[str, str, dict[str, Any]]]:
    """``fact/assertion[/k=v;k=v] & fact/assertion...`` -> [(fact, assertion, values)]."""
    catalogue = load_catalogue()
    labels = []
    for part in label_text.split("&"):
        pieces = part.strip().split("/", 2)
        if len(pieces) < 2:
            raise BuildError(f"{where}: label '{part.strip()}' is not fact/assertion")
        fact, assertion = pieces[0].strip(), pieces[1].strip()
        if fact not in catalogue:
            raise BuildError(f"{where}: unknown fact id '{fact}'")
        if assertion not in ASSERTIONS:
            raise BuildError(f"{where}: unknown assertion '{assertion}'")
        values: dict[str, Any] = {}
        if len(pieces) == 3 and pieces[2].strip():
            for pair in pieces[2].split(";"):
                if "=" not in pair:
                    raise BuildError(f"{where}: value '{pair.strip()}' is not key=value")
                key, raw = (s.strip() for s in pair.split("=", 1))
                if key not in catalogue.facts[fact].values:
                    raise BuildError(f"{where}: '{key}' is not a value of {fact}")
                try:
                    values[key] = parse_value(key, raw)
                except ValueError:
                    raise BuildError(f"{where}: {key}={raw} is not a number") from None
                if key in ALLOWED and values[key] not in ALLOWED[key]:
                    raise BuildError(f"{where}: {key}={raw} is not one of {sorted(ALLOWED[key])}")
        labels.append((fact, assertion, values))
    return labels


def strip_marks(marked: str, note_id: str) -> tuple[str, list[GoldMention]]:
    """The note's plain text and its mentions, with offsets into the plain text."""
    out: list[str] = []
    mentions: list[GoldMention] = []
    pos = 0
    length = 0
    for match in MARK.finditer(marked):
        out.append(marked[pos : match.start()])
        length += match.start() - pos
        span = match.group(1)
        where = f"{note_id} mark at {match.start()}"
        if span != span.strip() or not span:
            raise BuildError(f"{where}: a span may not start or end with whitespace")
        for fact, assertion, values in parse_labels(match.group(2), where):
            mentions.append(
                GoldMention(
                    fact=fact,
                    note=note_id,
                    start=length,
                    end=length + len(span),
                    text=span,
                    assertion=assertion,  # type: ignore[arg-type]
                    values=values,
                )
            )
        out.append(span)
        length += len(span)
        pos = match.end()
    out.append(marked[pos:])
    text = "".join(out)
    for leftover in ("{{", "}}"):
        if leftover in text:
            raise BuildError(f"{note_id}: markup left at {text.index(leftover)} (a mark without '|' or nested marks)")
    return text, mentions


def merge_facts(mentions: list[GoldMention]) -> dict[str, GoldFact]:
    """Document-level facts by the guideline's precedence and merge rules (1.5)."""
    by_fact: dict[str, dict[str, list[GoldMention]]] = {}
    for m in mentions:
        status = STATUS_OF.get(m.assertion)
        if status:
            by_fact.setdefault(m.fact, {}).setdefault(status, []).append(m)
    facts = {}
    for fact, groups in by_fact.items():
        status = next(s for s in PRECEDENCE if s in groups)
        values: dict[str, Any] = {}
        drugs: list[str] = []
        for m in groups[status]:
            for key, value in m.values.items():
                if key in ("duration_weeks", "sessions"):
                    values[key] = max(values.get(key, value), value)
                elif key == "drug":
                    drugs += [d.strip() for d in str(value).split(",")]
                else:
                    values[key] = value  # the latest mention's (notes are read in order)
        if drugs:
            values["drug"] = ", ".join(dict.fromkeys(drugs))
        facts[fact] = GoldFact(status=status, values=values)  # type: ignore[arg-type]
    return facts


def check_policies(policies: dict[str, Any], cpt: str, where: str) -> None:
    """Every covering policy labelled, none other, and only that policy's indication ids."""
    covering = {p.id for p in policies_for_cpt(cpt)}
    if set(policies) != covering:
        raise BuildError(f"{where}: policies {sorted(policies)} but CPT {cpt} is covered by {sorted(covering)}")
    for policy_id, label in policies.items():
        policy = bundled_policies()[policy_id]
        for key, known in (("indications", policy.indications), ("non_indications", policy.non_indications)):
            unknown = set(label.get(key, [])) - {i.id for i in known}
            if unknown:
                raise BuildError(f"{where}: {policy_id} has no {key} {sorted(unknown)}")


def build(draft: Path, out: Path) -> Path:
    """Build one draft folder into ``out/<request id>``; returns the folder written."""
    request = json.loads((draft / "request.json").read_text(encoding="utf-8"))
    doc = json.loads((draft / "doc.json").read_text(encoding="utf-8"))
    unknown = set(doc) - {"policies", "facts", "comment"}
    if unknown:
        raise BuildError(f"{draft.name}/doc.json: unknown keys {sorted(unknown)}")
    check_policies(doc.get("policies") or {}, request["cpt"], f"{draft.name}/doc.json")
    texts: dict[str, str] = {}
    mentions: list[GoldMention] = []
    for note in sorted(request["notes"], key=lambda n: n["date"]):
        marked = (draft / note["file"]).read_text(encoding="utf-8")
        text, found = strip_marks(marked, note["id"])
        texts[note["file"]] = text if text.endswith("\n") else text + "\n"
        mentions += found
    facts = merge_facts(mentions)
    for fact, override in (doc.get("facts") or {}).items():
        if override is None:
            facts.pop(fact, None)
            continue
        current = facts.get(fact)
        status = override.get("status", current.status if current else None)
        if status is None:
            raise BuildError(f"{draft.name}/doc.json facts.{fact}: no status and no mention gives one")
        values = {**(current.values if current else {}), **override.get("values", {})}
        facts[fact] = GoldFact(status=status, values=values)
    gold = Gold(mentions=mentions, facts=facts, policies=doc["policies"], comment=doc.get("comment"))
    target = out / request["request_id"]
    # written beside the target and checked there first: a draft the loader refuses leaves no folder
    # behind, and an earlier build of the same request stays as it was
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=out) as tmp:
        staged = Path(tmp) / target.name
        staged.mkdir()
        for name, text in texts.items():
            (staged / name).write_text(text, encoding="utf-8")
        (staged / "request.json").write_text(json.dumps(request, indent=2) + "\n", encoding="utf-8")
        (staged / "gold.json").write_text(gold.model_dump_json(indent=1) + "\n", encoding="utf-8")
        load_request_dir(staged)  # the loader's own checks: offsets, ids, notes
        if target.exists():
            shutil.rmtree(target)
        staged.rename(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m prescreen.corpora.build", description=__doc__.split("\n")[0])
    parser.add_argument("draft", type=Path, help="a draft folder, or a folder of draft folders")
    parser.add_argument("out", type=Path, help="where the request folders are written")
    args = parser.parse_args(argv)
    drafts = (
        [args.draft]
        if (args.draft / "request.json").is_file()
        else sorted(p for p in args.draft.iterdir() if (p / "request.json").is_file())
    )
    if not drafts:
        print(f"error: no draft (request.json) under {args.draft}", file=sys.stderr)
        return 2
    failed = 0
    for draft in drafts:
        try:
            target = build(draft, args.out)
        except (BuildError, PrescreenError, OSError, KeyError, ValueError) as exc:
            failed += 1
            print(f"error: {draft.name}: {exc}", file=sys.stderr)
            continue
        gold = json.loads((target / "gold.json").read_text(encoding="utf-8"))
        print(f"{target}: {len(gold['mentions'])} mentions, {len(gold['facts'])} facts")
    return 2 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
