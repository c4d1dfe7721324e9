"""`prescreen annotate`: JSONL output, bad notes mixed into a batch, and the errors that stop a run."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from prescreen.annotate import annotate_batch
from prescreen.cli import app
from prescreen.pipeline.io import MAX_NOTE_BYTES
from tests.annotate.conftest import NOTES, read_jsonl, write_notes
from tests.conftest import SECRET, make_pdf

runner = CliRunner()


def test_jsonl_per_note_mentions_with_exact_offsets_and_facts(notes_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = annotate_batch([notes_dir], out, ["jsonl"], workers=1)
    assert (summary.notes_done, summary.notes_failed, summary.notes_skipped) == (len(NOTES), 0, 0)
    lines = read_jsonl(out / "annotations.jsonl")
    assert [line["id"] for line in lines] == sorted(NOTES)
    for line in lines:
        for m in line["mentions"]:
            assert NOTES[line["id"]][m["start"] : m["end"]] == m["text"]
            assert set(m) == {"fact", "start", "end", "text", "section", "assertion", "values", "sentence", "cues"}
    by_id = {line["id"]: line for line in lines}
    a = {m["fact"]: m for m in by_id["office-a"]["mentions"]}
    assert a["physical_therapy"]["values"]["duration_weeks"] == 8
    assert a["saddle_anesthesia"]["assertion"] == "absent"
    facts = {f["id"]: f for f in by_id["office-a"]["facts"]}
    assert facts["physical_therapy"]["status"] == "present"
    assert facts["saddle_anesthesia"]["status"] == "absent"
    assert facts["physical_therapy"]["evidence"][0]["note"] == "office-a"
    assert summary.mentions == sum(len(line["mentions"]) for line in lines)
    assert summary.facts == sum(len(line["facts"]) for line in lines)
    assert (out / "errors.jsonl").read_text() == ""


def test_requests_give_one_line_with_request_level_facts(tmp_path: Path) -> None:
    requests = tmp_path / "requests.jsonl"
    notes = [{"id": k, "text": v, "date": f"2025-09-{10 + i}"} for i, (k, v) in enumerate(NOTES.items())]
    requests.write_text(json.dumps({"request_id": "r-1", "cpt": "72131", "notes": notes[:2]}) + "\n")
    out = tmp_path / "out"
    summary = annotate_batch([requests], out, ["jsonl"], workers=1)
    assert summary.notes_done == 2
    (line,) = read_jsonl(out / "annotations.jsonl")
    assert line["request_id"] == "r-1" and line["cpt"] == "72131"
    assert [n["id"] for n in line["notes"]] == ["office-a", "office-b"]
    facts = {f["id"]: f for f in line["facts"]}
    assert facts["medication_trial"]["evidence"][0]["note"] == "office-b"
    assert facts["physical_therapy"]["status"] == "present"
    assert {e["note"] for e in facts["radiculopathy"]["evidence"]} == {"office-a", "office-b"}


def test_bad_notes_get_error_records_and_the_rest_is_done(tmp_path: Path) -> None:
    folder = write_notes(tmp_path / "notes", {"good-1": NOTES["office-a"], "good-2": NOTES["xr-c"]})
    (folder / "empty.txt").write_bytes(b"  \n\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "huge.txt").write_bytes(b"back pain " * (MAX_NOTE_BYTES // 10 + 1))
    (folder / "scan.pdf").write_bytes(make_pdf([]))
    (folder / "report.pdf").write_bytes(make_pdf(["Lumbar x-ray: no fracture."]))
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_bytes(
        json.dumps({"id": "inline", "text": "Denies fever."}).encode()
        + b"\n"
        + b'{"id": "latin", "text": "'
        + SECRET.encode()
        + b' \xe9\xff pain"}\n'
        + b"{broken\n"
    )
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["annotate", str(folder), str(jsonl), "--out", str(out), "--workers", "1", "--no-progress"]
    )
    assert res.exit_code == 0, res.stderr
    assert "annotated 10 notes" in res.stderr and "4 done, 6 failed, 0 skipped" in res.stderr
    assert SECRET not in res.stderr
    errors = {e["note_id"] or e["source"]: e for e in read_jsonl(out / "errors.jsonl")}
    assert errors["empty"]["code"] == "P003"
    assert errors["binary"]["code"] == "P004"
    assert errors["huge"]["code"] == "P016"
    assert errors["scan"]["code"] == "P015"
    assert errors["latin"]["code"] == "P032"
    assert errors[f"{jsonl}:3"]["code"] == "P032"
    assert all(SECRET not in json.dumps(e) for e in errors.values())
    lines = {line["id"]: line for line in read_jsonl(out / "annotations.jsonl") if line["id"]}
    assert lines["empty"]["error"]["code"] == "P003" and "mentions" not in lines["empty"]
    assert lines["report"]["mentions"] and lines["inline"]["mentions"][0]["assertion"] == "absent"
    assert {"good-1", "good-2", "report", "inline"} <= {k for k, v in lines.items() if "error" not in v}


def test_duplicate_ids_get_an_error_record(tmp_path: Path) -> None:
    jsonl = tmp_path / "dupes.jsonl"
    jsonl.write_text(
        json.dumps({"id": "n", "text": "Back pain."}) + "\n" + json.dumps({"id": "n", "text": "Neck pain."}) + "\n"
    )
    summary = annotate_batch([jsonl], tmp_path / "out", workers=1)
    assert (summary.notes_done, summary.notes_failed) == (1, 1)
    (error,) = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert error["code"] == "P037" and error["note_id"] == "n"


def test_runs_that_cannot_start_exit_2_with_a_coded_error(notes_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cases = [
        (["annotate", "--out", str(tmp_path / "o1")], "[P030]"),
        (["annotate", str(tmp_path / "missing"), "--out", str(tmp_path / "o2")], "[P038]"),
        (["annotate", str(notes_dir), "--out", str(blocker / "sub")], "[P019]"),
        (["annotate", str(notes_dir), "--out", str(tmp_path / "o3"), "--format", "xml"], "[P031]"),
    ]
    for args, code in cases:
        res = runner.invoke(app, args)
        assert res.exit_code == 2, (args, res.stderr)
        assert res.stderr.startswith(code) and "Traceback" not in res.stderr


def test_help_lists_annotate_and_convert() -> None:
    res = runner.invoke(app, ["--help"])
    assert "annotate" in res.stdout and "convert" in res.stdout


def test_progress_bar_shows_notes_per_second_on_stderr(notes_dir: Path, tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["annotate", str(notes_dir), "--out", str(tmp_path / "out"), "--workers", "1", "--progress"]
    )
    assert res.exit_code == 0, res.stderr
    assert "annotate: 100%" in res.stderr and "note/s" in res.stderr
    assert res.stderr.rstrip().splitlines()[-1].startswith(f"annotated {len(NOTES)} notes in ")
    assert SECRET not in res.stderr and res.stdout == ""
