"""``annotate_batch``: inputs -> work units -> worker pool -> journal -> output formats.

Resumable: each finished unit is journaled (``OUT/.prescreen/journal.jsonl``, fsync-ed) before it is
counted as done; a rerun skips units the journal holds without errors, retries failed ones, and
rebuilds every output from the journal, in input order, so the outputs do not depend on the number
of workers or on how many runs it took.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from prescreen.annotate.formats import check_formats, write_outputs
from prescreen.annotate.inputs import InputOptions, NoteTask, UnitTask, count_notes, discover, iter_units
from prescreen.annotate.journal import Journal
from prescreen.annotate.pool import run_units
from prescreen.annotate.records import ErrorRecord, UnitRecord
from prescreen.errors import Errors, PrescreenError
from prescreen.pipeline.nlp import PipelineConfig

log = logging.getLogger(__name__)


class _Bar(tqdm):  # type: ignore[type-arg]
    """The progress bar, without tqdm's monitor thread (so worker processes can be forked)."""

    monitor_interval = 0


class BatchInterrupted(Exception):
    """Raised by the ``stop_after`` test hook, as if the run were killed after that many batches."""


@dataclass
class AnnotateSummary:
    """What a batch run did: note counts, facts and mentions found, time, outputs."""

    notes_done: int = 0
    notes_failed: int = 0
    notes_skipped: int = 0
    facts: int = 0
    mentions: int = 0
    seconds: float = 0.0
    workers: int = 1
    outputs: list[Path] = field(default_factory=list)

    @property
    def notes_per_second(self) -> float:
        """Notes processed (done or failed) per second of this run."""
        processed = self.notes_done + self.notes_failed
        return processed / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """The one-line end summary (counts only, never note text)."""
        processed = self.notes_done + self.notes_failed
        return (
            f"annotated {processed} notes in {self.seconds:.1f} s ({self.notes_per_second:.1f} notes/s, "
            f"{self.workers} worker{'s' if self.workers != 1 else ''}): {self.notes_done} done, "
            f"{self.notes_failed} failed, {self.notes_skipped} skipped (already done); "
            f"{self.facts} facts, {self.mentions} mentions"
        )

    def count(self, record: UnitRecord) -> None:
        """Add a finished unit's notes, facts and mentions."""
        failed = record.failed_count
        self.notes_failed += failed
        self.notes_done += record.note_count - failed
        self.facts += len(record.facts)
        self.mentions += sum(len(n.mentions) for n in record.notes)


def available_cpus() -> int:
    """CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def annotate_batch(
    inputs: Sequence[Path | str],
    out: Path | str,
    formats: Sequence[str] = ("jsonl",),
    workers: int | None = None,
    options: InputOptions | None = None,
    notes_per_chunk: int = 8,
    config: PipelineConfig | None = None,
    progress: bool = False,
    stop_after: int | None = None,
) -> AnnotateSummary:
    """Annotate every note of the inputs into ``out`` in the given formats (see the module docstring)."""
    # workers: processes (None or 0: one per CPU; 1: in this process). stop_after is a test hook:
    # stop with BatchInterrupted once that many result batches are journaled, as if killed there.
    fmts = check_formats(formats)
    out_dir = Path(out)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PrescreenError(Errors.P019, path=out_dir, reason=exc.strerror or type(exc).__name__) from None
    sources = discover(inputs, exclude=out_dir)
    total = count_notes(sources)
    n_workers = workers or available_cpus()
    if total is not None:
        n_workers = max(1, min(n_workers, -(-total // max(1, notes_per_chunk))))
    journal = Journal(out_dir).open()
    summary = AnnotateSummary(workers=n_workers)
    order: list[str] = []
    started = time.perf_counter()
    bar = _Bar(total=total, unit="note", desc="annotate", file=sys.stderr, disable=not progress, dynamic_ncols=True)

    def pending() -> Iterator[UnitTask]:
        """This run's units, less those the journal holds as done (counted as skipped)."""
        seen: set[str] = set()
        for unit in iter_units(sources, options):
            if unit.key in seen:
                unit = _duplicate(unit)
            seen.add(unit.key)
            order.append(unit.key)
            entry = journal.done(unit.key)
            if entry is not None:
                summary.notes_skipped += entry.notes
                if bar.total is not None:
                    bar.total -= entry.notes
                    bar.refresh()
                continue
            yield unit

    try:
        for batches, batch in enumerate(run_units(pending(), n_workers, notes_per_chunk, config), start=1):
            journal.append(batch)
            for data in batch:
                record = UnitRecord.model_validate(data)
                summary.count(record)
                bar.update(record.note_count)
            bar.set_postfix(failed=summary.notes_failed, refresh=False)
            if stop_after is not None and batches >= stop_after:
                raise BatchInterrupted(f"stopped after {batches} batches")
    finally:
        bar.close()
        journal.close()
    summary.seconds = time.perf_counter() - started
    keys = journal.ordered_keys(order)
    summary.outputs = write_outputs(lambda: journal.records(keys), out_dir, fmts)
    log.info("%s", summary.line())
    return summary


def _duplicate(unit: UnitTask) -> UnitTask:
    """A unit whose key an earlier input already gave: an error record of its own."""
    what, _, value = unit.key.partition(":")
    error = ErrorRecord.of(
        PrescreenError(Errors.P037, what=f"{what} id", value=value, where=unit.source or "the inputs")
    )
    return UnitTask(
        key=f"duplicate:{unit.source}:{unit.key}",
        kind=unit.kind,
        notes=tuple(NoteTask(id=n.id, date=n.date, error=error) for n in unit.notes),
        source=unit.source,
        request=unit.request,
        error=error if not unit.notes else None,
    )


__all__ = ["AnnotateSummary", "BatchInterrupted", "annotate_batch", "available_cpus"]
