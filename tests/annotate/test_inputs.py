"""Batch inputs -> work units: every kind of input, ids, and bad records as error units (no pipeline)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from prescreen.annotate.inputs import InputOptions, check_text, discover, iter_units, load_note
from prescreen.errors import PrescreenError
from prescreen.pipeline.io import MAX_NOTE_BYTES
from tests.annotate.conftest import NOTES, write_notes


def units(*paths: Path, options: InputOptions | None = None, exclude: Path | None = None):
    return list(iter_units(discover(list(paths), exclude=exclude), options))


def test_folder_ids_are_paths_inside_it_and_other_files_are_ignored(tmp_path: Path) -> None:
    root = write_notes(tmp_path / "notes")
    write_notes(root / "sub", {"deep": "Back pain.\n"})
    (root / "readme.md").write_text("not a note")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.txt").write_text("hidden")
    found = units(root)
    assert [u.key for u in found] == sorted([f"note:{n}" for n in NOTES] + ["note:sub/deep"])
    assert all(u.kind == "note" and u.notes[0].path for u in found)


def test_output_folder_inside_the_input_is_left_out(tmp_path: Path) -> None:
    root = write_notes(tmp_path / "notes")
    write_notes(root / "out" / "brat", {"office-a": "copy"})
    assert "note:out/brat/office-a" not in {u.key for u in units(root, exclude=root / "out")}


def test_colliding_stems_become_paths_from_the_common_folder(tmp_path: Path) -> None:
    a = write_notes(tmp_path / "r1", {"office-1": "Back pain.\n"})
    b = write_notes(tmp_path / "r2", {"office-1": "Neck pain.\n", "xr": "X-ray.\n"})
    assert [u.key for u in units(a / "office-1.txt", b / "xr.txt")] == ["note:office-1", "note:xr"]
    assert [u.key for u in units(a, b)] == ["note:r1/office-1", "note:r2/office-1", "note:r2/xr"]


def test_jsonl_notes_requests_and_bad_lines(tmp_path: Path) -> None:
    write_notes(tmp_path, {"linked": "Back pain.\n"})
    lines = [
        json.dumps({"id": "n1", "text": "Back pain.", "date": "2025-09-01"}),
        json.dumps(
            {"request_id": "r1", "cpt": "72131", "notes": [{"id": "a", "text": "x"}, {"id": "b", "file": "linked.txt"}]}
        ),
        "{not json",
        "",
        json.dumps({"id": "n2", "text": "y", "date": "yesterday"}),
        json.dumps(["neither"]),
        json.dumps({"request_id": "r2", "notes": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    found = units(path)
    assert [u.key for u in found] == [
        "note:n1",
        "request:r1",
        f"input:{path}:3",
        "note:n2",
        f"input:{path}:6",
        "request:r2",
    ]
    assert found[0].notes[0].date == dt.date(2025, 9, 1) and found[0].notes[0].text == "Back pain."
    assert found[1].request == {"request_id": "r1", "cpt": "72131"}
    assert found[1].notes[1].path == str(tmp_path / "linked.txt")
    assert found[2].error is not None and found[2].error.code == "P032" and "not JSON" in found[2].error.message
    assert found[3].notes[0].error is not None and found[3].notes[0].error.code == "P008"
    assert found[4].error is not None and found[4].error.code == "P032"
    assert found[5].notes[1].error is not None and found[5].notes[1].error.code == "P037"


def test_json_file_of_requests(tmp_path: Path) -> None:
    path = tmp_path / "requests.json"
    path.write_text(json.dumps([{"request_id": "r1", "notes": [{"id": "a", "text": "x"}]}, {"id": "n", "text": "y"}]))
    assert [u.key for u in units(path)] == ["request:r1", "note:n"]


def test_csv_with_configured_columns_and_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["note_key", "body", "written"])
        writer.writerow(["c1", "Back pain,\nradiating to the leg.", "2025-09-02"])
        writer.writerow(["", "no id", ""])
        writer.writerow(["c3", "x" * 200_000, ""])
    options = InputOptions(id_column="note_key", text_column="body", date_column="written")
    found = units(path, options=options)
    assert [u.key for u in found] == ["note:c1", f"input:{path}:3", "note:c3"]
    assert found[0].notes[0].text == "Back pain,\nradiating to the leg." and found[0].notes[0].date == dt.date(
        2025, 9, 2
    )
    assert found[1].error is not None and "no note id" in found[1].error.message
    assert found[2].notes[0].text is not None and len(found[2].notes[0].text) == 200_000
    missing = units(path)
    assert len(missing) == 1 and missing[0].error is not None and missing[0].error.code == "P020"
    assert "'id'" in missing[0].error.message and "Back pain" not in missing[0].error.message


def test_csv_bad_encoding_is_a_note_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes(b"id,text\ngood,Back pain.\nbad,Back \xff\xfe pain.\n")
    found = units(path)
    note = load_note(found[0].notes[0])
    assert note.text == "Back pain."
    with pytest.raises(PrescreenError) as exc:
        load_note(found[1].notes[0])
    assert exc.value.code == "P032" and "not valid UTF-8" in exc.value.message and "pain" not in exc.value.message


def test_parquet_with_id_text_and_date_columns(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"id": [1, 2], "text": ["Back pain.", None], "date": [dt.date(2025, 9, 3), None]})
    pq.write_table(table, tmp_path / "notes.parquet")
    found = units(tmp_path / "notes.parquet")
    assert [u.key for u in found] == ["note:1", "note:2"]
    assert found[0].notes[0].date == dt.date(2025, 9, 3)
    assert found[1].notes[0].error is not None and found[1].notes[0].error.code == "P003"


def test_check_text_coded_errors_without_text() -> None:
    for text, code in (("  \n", "P003"), ("a\x00b" * 10, "P004"), ("é" * (MAX_NOTE_BYTES // 2 + 1), "P016")):
        with pytest.raises(PrescreenError) as exc:
            check_text(text, "n1")
        assert exc.value.code == code and "n1" in exc.value.message
    assert check_text("Back pain.\r\n", "n1") == "Back pain.\r\n"


def test_no_inputs_and_missing_paths_stop_the_run(tmp_path: Path) -> None:
    with pytest.raises(PrescreenError) as exc:
        discover([])
    assert exc.value.code == "P030"
    with pytest.raises(PrescreenError) as exc:
        discover([tmp_path / "nope"])
    assert exc.value.code == "P038"
    (tmp_path / "empty").mkdir()
    with pytest.raises(PrescreenError) as exc:
        discover([tmp_path / "empty"])
    assert exc.value.code == "P030"
