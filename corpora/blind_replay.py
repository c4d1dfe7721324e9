"""Blind replay: read each corpus round with the rules as they stood before the round was written.

Every annotation round after the first (``Corpus round N ... (cA-cB ...`` in the git log) was written
blind to the system, and the rules were then fitted to its dev requests. The dev split today is
therefore read far better than a new note will be. This script recovers the blind readings: for each
round it checks out the commit before the round landed (a temporary git worktree), runs that
commit's pipeline over the round's requests, and scores the readings against today's gold, aggregated
by today's code with and without a judgement of ``dependencies.yaml`` (by default ``contradicted``).
That is how the aggregation judgements are measured without fitting them to the notes they are
judged on.

    python corpora/blind_replay.py                      # dev requests of every round, a table
    python corpora/blind_replay.py --split test --json replay.json

Needs the repository's git history (a full clone) and the package's dependencies; prints only
numbers, never note text.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prescreen._yaml import load_yaml
from prescreen.corpora.loader import load_corpus
from prescreen.corpora.metrics import status_figures
from prescreen.extractors.aggregate import aggregate
from prescreen.extractors.mentions import Mention
from prescreen.extractors.resources import resource_dir

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "spine"
#: (gold statuses, predicted statuses) by request id
Scored = dict[str, tuple[dict[str, str], dict[str, str]]]
ROUND = re.compile(r"^([0-9a-f]+) Corpus round (\d+)\b.*?\b(c\d+)-(c\d+)\b")

# Run inside the old commit's worktree (PYTHONPATH): its pipeline's mentions for the round's requests.
_READ = """
import json, sys
from pathlib import Path
from prescreen.corpora.loader import load_request_dir
from prescreen.corpora.systems import system_runner
prefixes, corpus = tuple(sys.argv[1].split(",")), Path(sys.argv[2])
run = system_runner("prescreen")
out = {}
for folder in sorted(corpus.joinpath("requests").iterdir()):
    if folder.name.split("-")[0] in prefixes:
        request = load_request_dir(folder).request
        out[request.request_id] = [m.model_dump(mode="json") for m in run(request.notes)]
json.dump(out, sys.stdout)
"""


def rounds() -> list[tuple[int, str, list[str]]]:
    """(round, commit that added it, its annotator prefixes) for every blind round in the history."""
    log = subprocess.run(
        ["git", "log", "--format=%H %s", "--", "corpora/spine/requests"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = []
    for line in log.splitlines():
        m = ROUND.match(line)
        if m:
            first, last = int(m.group(3)[1:]), int(m.group(4)[1:])
            found.append((int(m.group(2)), m.group(1), [f"c{i}" for i in range(first, last + 1)]))
    return sorted(found)


def blind_mentions(commit: str, prefixes: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The mentions the rules at ``commit``'s parent read in the round's requests."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), f"{commit}^"], cwd=ROOT, check=True)
        try:
            done = subprocess.run(
                [sys.executable, "-c", _READ, ",".join(prefixes), str(CORPUS)],
                cwd=tmp,
                env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
                check=True,
                capture_output=True,
                text=True,
            )
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)
    result: dict[str, list[dict[str, Any]]] = json.loads(done.stdout)
    return result


def score(per_request: Scored) -> dict[str, Any]:
    """Request-level figures of the requests' statuses."""
    figures = status_figures({r: g for r, (g, _) in per_request.items()}, {r: p for r, (_, p) in per_request.items()})
    return {
        "requests": len(per_request),
        "affirmed_f1": figures.affirmed,
        "denied_f1": figures.denied,
        "suspected_f1": figures.suspected,
        "denied_reported_present": figures.denied_reported_present,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    parser.add_argument("--judgement", default="contradicted", help="the dependencies.yaml section to switch off")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    corpus = {r.request.request_id: r for r in load_corpus(CORPUS).requests}
    rules = load_yaml((resource_dir() / "dependencies.yaml").read_text(encoding="utf-8"))
    rules[args.judgement] = {"enabled": False}
    table: dict[str, dict[str, dict[str, Any]]] = {}  # rounds -> "off"/"on" -> figures
    everything: dict[str, Scored] = {"off": {}, "on": {}}
    with tempfile.TemporaryDirectory() as tmp:
        without = Path(tmp) / "dependencies.yaml"
        without.write_text(json.dumps(rules))  # JSON is YAML
        for number, commit, prefixes in rounds():
            per: dict[str, Scored] = {"off": {}, "on": {}}
            for rid, dumped in blind_mentions(commit, prefixes).items():
                cr = corpus.get(rid)
                if cr is None or (args.split != "all" and cr.split != args.split):
                    continue
                mentions = [Mention.model_validate(m) for m in dumped]
                gold: dict[str, str] = {f: g.status for f, g in cr.gold.facts.items()}
                per["on"][rid] = (gold, {f.id: f.status for f in aggregate(mentions)})
                per["off"][rid] = (gold, {f.id: f.status for f in aggregate(mentions, dependencies=str(without))})
            table[f"round {number}"] = {state: score(scored) for state, scored in per.items()}
            for state, scored in per.items():
                everything[state].update(scored)
            print(f"round {number} ({commit[:7]}^): {json.dumps(table[f'round {number}']['on'])}", file=sys.stderr)
    table["all"] = {state: score(scored) for state, scored in everything.items()}
    print(
        f"| rounds ({args.split}) | {args.judgement} | requests | affirmed F1 | denied F1 | suspected F1 | denied reported present |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, states in table.items():
        for state, row in states.items():
            print(
                f"| {label} | {state} | {row['requests']} | {row['affirmed_f1']:.3f} | {row['denied_f1']:.3f} "
                f"| {row['suspected_f1']:.3f} | {row['denied_reported_present']} |"
            )
    if args.json:
        args.json.write_text(json.dumps(table, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
