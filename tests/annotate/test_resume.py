"""Resumable batches: a rerun skips what is done, and an interrupted run loses nothing reported done."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prescreen.annotate import BatchInterrupted, annotate_batch
from prescreen.annotate.journal import Journal
from tests.annotate.conftest import NOTES, snapshot, write_notes
from tests.conftest import ROOT

FORMATS = ["jsonl", "brat", "spacy", "labelstudio", "csv", "parquet"]


def many_notes(folder: Path, copies: int) -> Path:
    """``copies`` notes per sample note, each with its own id."""
    return write_notes(folder, {f"{k}-{i:02d}": v for i in range(copies) for k, v in NOTES.items()})


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """Twelve notes and the outputs of one clean, uninterrupted run over them."""
    root = tmp_path_factory.mktemp("resume")
    notes = many_notes(root / "notes", 3)
    annotate_batch([notes], root / "clean", FORMATS, workers=1)
    return notes, snapshot(root / "clean")


def test_subset_then_full_set_skips_the_subset(batch: tuple[Path, dict], tmp_path: Path) -> None:
    notes, clean = batch
    subset = sorted(notes.glob("*.txt"))[:5]
    first = annotate_batch(subset, tmp_path / "out", FORMATS, workers=1)
    assert (first.notes_done, first.notes_skipped) == (5, 0)
    second = annotate_batch([notes], tmp_path / "out", FORMATS, workers=1)
    assert (second.notes_done, second.notes_skipped, second.notes_failed) == (7, 5, 0)
    assert snapshot(tmp_path / "out") == clean
    third = annotate_batch([notes], tmp_path / "out", FORMATS, workers=1)
    assert (third.notes_done, third.notes_skipped) == (0, 12)
    assert snapshot(tmp_path / "out") == clean


def test_interrupted_run_resumes_to_identical_outputs(batch: tuple[Path, dict], tmp_path: Path) -> None:
    notes, clean = batch
    with pytest.raises(BatchInterrupted):
        annotate_batch([notes], tmp_path / "out", FORMATS, workers=1, notes_per_chunk=2, stop_after=2)
    assert len(Journal(tmp_path / "out").open().entries) == 4
    assert not (tmp_path / "out" / "annotations.jsonl").exists()
    resumed = annotate_batch([notes], tmp_path / "out", FORMATS, workers=1)
    assert (resumed.notes_done, resumed.notes_skipped) == (8, 4)
    assert snapshot(tmp_path / "out") == clean


def test_a_torn_last_journal_line_is_cut_and_redone(batch: tuple[Path, dict], tmp_path: Path) -> None:
    notes, clean = batch
    with pytest.raises(BatchInterrupted):
        annotate_batch([notes], tmp_path / "out", ["jsonl"], workers=1, notes_per_chunk=3, stop_after=1)
    journal = tmp_path / "out" / ".prescreen" / "journal.jsonl"
    good = journal.read_bytes()
    with journal.open("ab") as handle:
        handle.write(b'{"key":"note:office-b-00","kind":"note","notes":[{"id":"office-b-00","te')
    resumed = annotate_batch([notes], tmp_path / "out", FORMATS, workers=1)
    assert (resumed.notes_done, resumed.notes_skipped) == (9, 3)
    assert journal.read_bytes().startswith(good) and journal.read_bytes().endswith(b"\n")
    assert snapshot(tmp_path / "out") == clean


def test_failed_notes_are_retried_on_rerun(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes", {"a": NOTES["office-a"], "b": ""})
    first = annotate_batch([notes], tmp_path / "out", workers=1)
    assert (first.notes_done, first.notes_failed) == (1, 1)
    (notes / "b.txt").write_text(NOTES["xr-c"])
    second = annotate_batch([notes], tmp_path / "out", workers=1)
    assert (second.notes_done, second.notes_failed, second.notes_skipped) == (1, 0, 1)
    assert (tmp_path / "out" / "errors.jsonl").read_text() == ""


def test_killed_process_loses_nothing_reported_done(tmp_path: Path) -> None:
    notes = many_notes(tmp_path / "notes", 12)
    out = tmp_path / "out"
    args = [
        sys.executable,
        "-m",
        "prescreen",
        "annotate",
        str(notes),
        "--out",
        str(out),
        "--workers",
        "1",
        "--chunk-size",
        "1",
    ]
    proc = subprocess.Popen([*args, "--no-progress"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out / ".prescreen" / "journal.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.is_file() and journal.read_bytes().count(b"\n") >= 3:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    done = len(Journal(out).open().entries)
    assert 3 <= done < 48
    resumed = annotate_batch([notes], out, FORMATS, workers=1)
    assert (resumed.notes_skipped, resumed.notes_done + resumed.notes_skipped, resumed.notes_failed) == (done, 48, 0)
    annotate_batch([notes], tmp_path / "clean", FORMATS, workers=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")
