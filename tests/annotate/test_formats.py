"""Each output format, read back with the tool that consumes it: brat, spaCy DocBin, Label Studio, CSV, Parquet."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from prescreen.annotate import annotate_batch
from prescreen.annotate.formats.brat import fragments, read_ann
from prescreen.catalogue import load_catalogue
from tests.annotate.conftest import NOTES, read_jsonl, write_notes

ALL = ["jsonl", "brat", "spacy", "labelstudio", "csv", "parquet"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("formats")
    notes = write_notes(root / "notes")
    (notes / "empty.txt").write_text("")
    target = root / "out"
    annotate_batch([notes], target, ALL, workers=1)
    return target


@pytest.fixture(scope="module")
def mentions(out: Path) -> dict[str, list[dict[str, Any]]]:
    return {line["id"]: line["mentions"] for line in read_jsonl(out / "annotations.jsonl") if "mentions" in line}


def test_brat_pairs_attributes_notes_and_conf(out: Path, mentions: dict[str, list[dict[str, Any]]]) -> None:
    brat = out / "brat"
    conf = (brat / "annotation.conf").read_text()
    assert "[entities]" in conf and "physical_therapy" in conf
    assert "Assertion\tArg:<ENTITY>, Value:present|absent|historical|hypothetical|family|uncertain" in conf
    assert set(load_catalogue().facts) <= set(conf.split())
    assert not (brat / "empty.txt").exists()
    for note_id, text in NOTES.items():
        assert (brat / f"{note_id}.txt").read_bytes() == text.encode("utf-8")
        ann = (brat / f"{note_id}.ann").read_text(encoding="utf-8")
        lines = ann.splitlines()
        assert sum(line.startswith("T") for line in lines) == len(mentions[note_id])
        assert sum(line.startswith("A") for line in lines) == len(mentions[note_id])
        back = read_ann(ann, text, note_id)
        expected = sorted(mentions[note_id], key=lambda m: (m["start"], m["end"], m["fact"]))
        assert [(m.fact, m.start, m.end, m.assertion, m.values) for m in back] == [
            (m["fact"], m["start"], m["end"], m["assertion"], m["values"]) for m in expected
        ]
    pt = (brat / "office-a.ann").read_text()
    assert "\tAssertion " in pt and "AnnotatorNotes" in pt and '"duration_weeks": 8.0' in pt
    index = json.loads((brat / "notes.json").read_text())
    assert [n["id"] for n in index["notes"]] == sorted(NOTES)


def test_brat_splits_a_span_at_line_breaks() -> None:
    text = "low back\r\npain here"
    assert fragments(text, 4, 14) == [(4, 8), (10, 14)]
    assert fragments(text, 0, 3) == [(0, 3)]


def test_spacy_docbin_span_group_and_extensions(out: Path, mentions: dict[str, list[dict[str, Any]]]) -> None:
    import spacy
    from spacy.tokens import DocBin

    import prescreen.pipeline._extensions  # noqa: F401

    docs = list(DocBin().from_disk(out / "annotations.spacy").get_docs(spacy.blank("en").vocab))
    assert [d._.note_id for d in docs] == sorted(NOTES)
    for doc in docs:
        assert doc.text == NOTES[doc._.note_id]
        spans = doc.spans["prescreen"]
        expected = mentions[doc._.note_id]
        assert [(s.start_char, s.end_char, s.label_) for s in spans] == [
            (m["start"], m["end"], m["fact"]) for m in expected
        ]
        assert [(s._.fact, s._.assertion, s._.values, s._.note_section) for s in spans] == [
            (m["fact"], m["assertion"], m["values"], m["section"]) for m in expected
        ]
        record = json.loads(doc.user_data["prescreen"])
        assert record["mentions"] == expected and record["facts_level"] == "note"
        assert {f["id"] for f in record["facts"]} >= {m["fact"] for m in expected if m["assertion"] == "present"}


def test_labelstudio_tasks_predictions_and_config(out: Path, mentions: dict[str, list[dict[str, Any]]]) -> None:
    tasks = json.loads((out / "labelstudio" / "tasks.json").read_text())
    assert [t["data"]["note_id"] for t in tasks] == sorted(NOTES)
    config = ET.fromstring((out / "labelstudio" / "config.xml").read_text())
    controls = {el.get("name"): el for el in config.iter() if el.get("name")}
    assert controls["label"].tag == "Labels" and controls["label"].get("toName") == "text"
    assert controls["assertion"].get("perRegion") == "true" and controls["values"].tag == "TextArea"
    labels = {el.get("value") for el in controls["label"]}
    choices = {el.get("value") for el in controls["assertion"] if el.tag == "Choice"}
    for task in tasks:
        (prediction,) = task["predictions"]
        assert prediction["model_version"].startswith("prescreen-")
        results = prediction["result"]
        regions = [r for r in results if r["type"] == "labels"]
        assert len(regions) == len(mentions[task["data"]["note_id"]])
        for r in results:
            assert r["to_name"] == "text" and r["from_name"] in controls
            assert set(r["value"].get("labels", [])) <= labels and set(r["value"].get("choices", [])) <= choices
        assert {r["id"] for r in results if r["type"] == "choices"} == {r["id"] for r in regions}
    pt = next(t for t in tasks if t["data"]["note_id"] == "pt-d")
    text = pt["data"]["text"]
    utf16 = text.encode("utf-16-le")
    for r in (r for r in pt["predictions"][0]["result"] if r["type"] == "labels"):
        v = r["value"]
        assert utf16[2 * v["start"] : 2 * v["end"]].decode("utf-16-le") == v["text"]


def test_csv_and_parquet_tables_agree(out: Path, mentions: dict[str, list[dict[str, Any]]]) -> None:
    import pyarrow.parquet as pq

    with (out / "mentions.csv").open(newline="", encoding="utf-8") as handle:
        csv_rows = list(csv.DictReader(handle))
    pq_rows = pq.read_table(out / "mentions.parquet").to_pylist()
    assert len(csv_rows) == len(pq_rows) == sum(len(v) for v in mentions.values())
    for c, p in zip(csv_rows, pq_rows, strict=True):
        assert NOTES[p["note_id"]][p["start"] : p["end"]] == p["text"] == c["text"]
        assert (c["note_id"], int(c["start"]), c["fact"], json.loads(c["values"])) == (
            p["note_id"],
            p["start"],
            p["fact"],
            json.loads(p["values"]),
        )
    facts = pq.read_table(out / "facts.parquet")
    assert facts.column_names == ["request_id", "note_id", "level", "fact", "group", "status", "values", "evidence"]
    rows = facts.to_pylist()
    pt = next(r for r in rows if r["note_id"] == "office-a" and r["fact"] == "physical_therapy")
    assert pt["status"] == "present" and pt["level"] == "note" and json.loads(pt["values"])["duration_weeks"] == 8
    with (out / "facts.csv").open(newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == len(rows)


def test_errors_file_lists_the_empty_note(out: Path) -> None:
    (error,) = read_jsonl(out / "errors.jsonl")
    assert error["note_id"] == "empty" and error["code"] == "P003"
