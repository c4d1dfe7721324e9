"""The worker pool: the same outputs as one process, a crashed worker costs one unit, setup errors stop the run."""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from prescreen.annotate import annotate_batch
from prescreen.annotate.inputs import NoteTask, UnitTask
from prescreen.annotate.pool import chunked, pool_context, run_pool
from prescreen.errors import PrescreenError
from prescreen.pipeline.nlp import PipelineConfig
from tests.annotate.conftest import NOTES, snapshot, write_notes

FORMATS = ["jsonl", "brat", "spacy", "labelstudio", "csv", "parquet"]


def test_pool_forks_only_a_single_threaded_process() -> None:
    assert pool_context().get_start_method() == ("fork" if threading.active_count() == 1 else "forkserver")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pool_context().get_start_method() == "forkserver"
    finally:
        stop.set()
        thread.join()


def test_two_workers_give_the_same_outputs_as_one(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes", {f"{k}-{i}": v for i in range(3) for k, v in NOTES.items()})
    (notes / "empty.txt").write_text("")
    one = annotate_batch([notes], tmp_path / "one", FORMATS, workers=1, notes_per_chunk=2)
    two = annotate_batch([notes], tmp_path / "two", FORMATS, workers=2, notes_per_chunk=2)
    assert two.workers == 2
    assert (one.notes_done, one.notes_failed, one.facts, one.mentions) == (
        two.notes_done,
        two.notes_failed,
        two.facts,
        two.mentions,
    )
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def crashing_worker(units: list[UnitTask]) -> list[dict[str, Any]]:
    """A worker that dies on the unit keyed ``note:boom`` and echoes the others."""
    if any(u.key == "note:boom" for u in units):
        os._exit(3)
    return [{"key": u.key} for u in units]


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_a_crashed_worker_costs_only_the_unit_that_crashed_it(method: str) -> None:
    keys = [f"note:n{i}" for i in range(10)]
    keys.insert(4, "note:boom")
    units = [UnitTask(key=k, kind="note", notes=(NoteTask(id=k[5:]),)) for k in keys]
    context = multiprocessing.get_context(method)
    results = [r for batch in run_pool(chunked(units, 3), 2, crashing_worker, context=context) for r in batch]
    assert sorted(r["key"] for r in results) == sorted(keys)
    (boom,) = [r for r in results if r["key"] == "note:boom"]
    assert boom["notes"][0]["error"]["code"] == "P033" and "crashed" in boom["notes"][0]["error"]["message"]


def test_a_pipeline_that_cannot_be_built_stops_the_run(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes", {k: v for k, v in list(NOTES.items())[:2]})
    bad = PipelineConfig(targets=str(tmp_path / "no-such-rules.yaml"))
    with pytest.raises(PrescreenError) as exc:
        annotate_batch([notes], tmp_path / "out", workers=2, notes_per_chunk=1, config=bad)
    assert exc.value.code == "P034"
