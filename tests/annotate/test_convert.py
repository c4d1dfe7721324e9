"""Round trips: annotate -> brat / Label Studio -> (human edits) -> convert -> the corpus loader."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from prescreen.annotate import annotate_batch, convert
from prescreen.cli import app
from prescreen.corpora.loader import load_corpus
from prescreen.errors import PrescreenError
from tests.annotate.conftest import NOTES, read_jsonl

runner = CliRunner()
FIELDS = ("fact", "note", "start", "end", "text", "assertion", "values")


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two requests (JSONL) and a loose note, annotated into brat and Label Studio."""
    root = tmp_path_factory.mktemp("convert")
    notes = [{"id": k, "text": v, "date": f"2025-09-{10 + i}"} for i, (k, v) in enumerate(NOTES.items())]
    lines = [
        {"request_id": "r-1", "cpt": "72131", "request_date": "2025-10-01", "patient": {"age": 54}, "notes": notes[:2]},
        {"request_id": "r/2 odd id", "cpt": "72128", "notes": notes[2:]},
        {"id": "loose", "text": NOTES["office-a"]},
    ]
    (root / "in.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    annotate_batch([root / "in.jsonl"], root / "out", ["jsonl", "brat", "labelstudio"], workers=1)
    return root


def expected_mentions(out: Path) -> dict[str, list[dict[str, Any]]]:
    """Mentions per request id (loose notes are their own request), as gold.json holds them."""
    found: dict[str, list[dict[str, Any]]] = {}
    for line in read_jsonl(out / "annotations.jsonl"):
        notes = line.get("notes") or [line]
        rid = line.get("request_id") or line["id"]
        found[rid] = sorted(
            ({"note": n["id"], **{k: m[k] for k in FIELDS if k != "note"}} for n in notes for m in n["mentions"]),
            key=lambda m: (m["note"], m["start"], m["end"], m["fact"]),
        )
    return found


def expected_facts(out: Path) -> dict[str, dict[str, Any]]:
    return {
        line.get("request_id") or line["id"]: {
            f["id"]: {"status": f["status"], "values": f["values"]} for f in line["facts"]
        }
        for line in read_jsonl(out / "annotations.jsonl")
    }


def corpus_mentions(corpus: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]], dict[str, Any]]:
    loaded = load_corpus(corpus)
    mentions, facts, requests = {}, {}, {}
    for r in loaded.requests:
        rid = r.request.request_id
        mentions[rid] = sorted(
            (m.model_dump(include=set(FIELDS)) for m in r.gold.mentions),
            key=lambda m: (m["note"], m["start"], m["end"], m["fact"]),
        )
        facts[rid] = {k: v.model_dump() for k, v in r.gold.facts.items()}
        requests[rid] = r.request
    return mentions, facts, requests


def test_brat_round_trip_keeps_mentions_offsets_assertions_values_and_requests(annotated: Path, tmp_path: Path) -> None:
    summary = convert(annotated / "out", "brat", tmp_path / "corpus", cpt="72131")
    assert (summary.requests, summary.notes) == (3, 5)
    mentions, facts, requests = corpus_mentions(tmp_path / "corpus")
    assert mentions == expected_mentions(annotated / "out")
    assert facts == expected_facts(annotated / "out")
    r1 = requests["r-1"]
    assert (r1.cpt, str(r1.request_date), r1.patient.age) == ("72131", "2025-10-01", 54)
    assert [(n.id, str(n.date)) for n in r1.notes] == [("office-a", "2025-09-10"), ("office-b", "2025-09-11")]
    assert r1.notes[1].text == NOTES["office-b"]
    assert requests["r/2 odd id"].cpt == "72128" and requests["loose"].cpt == "72131"


def test_brat_corrections_reach_the_gold(annotated: Path, tmp_path: Path) -> None:
    brat = tmp_path / "brat"
    shutil.copytree(annotated / "out" / "brat", brat)
    ann = brat / "r-1" / "office-b.ann"
    lines = ann.read_text().splitlines()
    fever = next(line.split("\t")[0] for line in lines if line.startswith("T") and "\tfever " in line)
    cauda = next(line.split("\t")[0] for line in lines if "\tcauda_equina_syndrome " in line)
    lines = [line for line in lines if not line.endswith(f" {fever} absent") and not line.startswith(f"{fever}\t")]
    lines = [line.replace(f"Assertion {cauda} uncertain", f"Assertion {cauda} absent") for line in lines]
    start = NOTES["office-b"].index("pain persists")
    lines += [
        f"T99\tback_pain {start} {start + 4}\tpain",
        "A99\tAssertion T99 present",
        "#99\tAnnotatorNotes T99\tduration_weeks=3; side=left",
    ]
    ann.write_text("\n".join(lines) + "\n")
    convert(brat, "brat", tmp_path / "corpus", cpt="72131")
    mentions, facts, _ = corpus_mentions(tmp_path / "corpus")
    b = [m for m in mentions["r-1"] if m["note"] == "office-b"]
    assert not any(m["fact"] == "fever" for m in b)
    assert next(m for m in b if m["fact"] == "cauda_equina_syndrome")["assertion"] == "absent"
    added = next(m for m in b if m["fact"] == "back_pain")
    assert (added["start"], added["text"], added["values"]) == (start, "pain", {"duration_weeks": 3, "side": "left"})
    assert facts["r-1"]["cauda_equina_syndrome"]["status"] == "absent"
    assert "fever" not in facts["r-1"]


def test_brat_errors_name_file_and_line(annotated: Path, tmp_path: Path) -> None:
    shutil.copytree(annotated / "out" / "brat", tmp_path / "brat")
    with pytest.raises(PrescreenError) as exc:
        convert(tmp_path / "brat", "brat", tmp_path / "c1")
    assert exc.value.code == "P009" and "--cpt" in exc.value.message
    (tmp_path / "brat" / "loose.ann").write_text("T1\tnot_a_fact 0 3\tHPI\n")
    with pytest.raises(PrescreenError) as exc:
        convert(tmp_path / "brat", "brat", tmp_path / "c2", cpt="72131")
    assert exc.value.code == "P036" and "loose.ann:1" in exc.value.message and "not_a_fact" in exc.value.message


def labelstudio_export(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What Label Studio's JSON export holds after an annotator accepted every prediction."""
    exported = []
    for i, task in enumerate(tasks, start=1):
        result = [{**r, "origin": "prediction"} for r in task["predictions"][0]["result"]]
        annotations = [
            {"id": 100 + i, "result": [], "was_cancelled": True, "created_at": "2025-10-01T09:00:00Z"},
            {
                "id": 200 + i,
                "result": result,
                "was_cancelled": False,
                "created_at": "2025-10-02T09:00:00Z",
                "completed_by": 1,
            },
        ]
        exported.append({"id": i, "data": task["data"], "annotations": annotations, "predictions": task["predictions"]})
    return exported


def test_labelstudio_round_trip_keeps_everything(annotated: Path, tmp_path: Path) -> None:
    tasks = json.loads((annotated / "out" / "labelstudio" / "tasks.json").read_text())
    export = tmp_path / "export.json"
    export.write_text(json.dumps(labelstudio_export(tasks)))
    res = runner.invoke(
        app, ["convert", str(export), "--from", "labelstudio", "--out", str(tmp_path / "corpus"), "--cpt", "72131"]
    )
    assert res.exit_code == 0, res.stderr
    assert res.stderr.startswith("converted 3 requests, 5 notes")
    mentions, facts, requests = corpus_mentions(tmp_path / "corpus")
    assert mentions == expected_mentions(annotated / "out")
    assert facts == expected_facts(annotated / "out")
    assert requests["r-1"].patient.age == 54 and [n.id for n in requests["r/2 odd id"].notes] == ["xr-c", "pt-d"]


def test_labelstudio_corrections_and_unannotated_tasks(annotated: Path, tmp_path: Path) -> None:
    tasks = labelstudio_export(json.loads((annotated / "out" / "labelstudio" / "tasks.json").read_text()))
    pt = next(t for t in tasks if t["data"]["note_id"] == "pt-d")
    results = pt["annotations"][1]["result"]
    region = next(r for r in results if r["type"] == "labels" and r["value"]["text"] == "ataxia")
    choice = next(r for r in results if r["type"] == "choices" and r["id"] == region["id"])
    choice["value"]["choices"] = ["present"]
    xr = next(t for t in tasks if t["data"]["note_id"] == "xr-c")
    xr["annotations"] = []
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks))
    summary = convert(export, "labelstudio", tmp_path / "c1", cpt="72131")
    assert (summary.requests, summary.left_out) == (2, 2)
    summary = convert(export, "labelstudio", tmp_path / "c2", cpt="72131", include_predictions=True)
    assert (summary.requests, summary.left_out) == (3, 0)
    mentions, facts, _ = corpus_mentions(tmp_path / "c2")
    ataxia = next(m for m in mentions["r/2 odd id"] if m["text"] == "ataxia")
    assert NOTES["pt-d"][ataxia["start"] : ataxia["end"]] == "ataxia" and ataxia["assertion"] == "present"
    assert facts["r/2 odd id"][ataxia["fact"]]["status"] == "present"


def test_convert_rejects_unknown_source_format(tmp_path: Path) -> None:
    res = runner.invoke(app, ["convert", str(tmp_path), "--from", "conll", "--out", str(tmp_path / "c")])
    assert res.exit_code == 2 and res.stderr.startswith("[P031]")
