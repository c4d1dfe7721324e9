"""Running work units through the pipeline: in-process, or in a pool of worker processes.

medspaCy's components cannot be pickled, so ``nlp.pipe(n_process=...)`` fails (spaCy E871). Each
worker process instead builds the pipeline once, in its initializer, and returns plain dicts
(``UnitRecord`` dumps), never Docs. Units travel in chunks so inter-process traffic stays small.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from prescreen import __version__
from prescreen.annotate.inputs import NoteTask, UnitTask, load_note
from prescreen.annotate.records import ErrorRecord, FactRecord, MentionRecord, NoteRecord, UnitRecord
from prescreen.contract import Note
from prescreen.errors import Errors, PrescreenError
from prescreen.extractors.aggregate import aggregate
from prescreen.extractors.mentions import Mention, doc_mentions
from prescreen.pipeline.nlp import PipelineConfig, get_nlp
from prescreen.pipeline.run import process_notes

log = logging.getLogger(__name__)

ResultBatch = list[dict[str, Any]]
Worker = Callable[[list[UnitTask]], ResultBatch]

_NLP: Language | None = None
_SETUP_ERROR: str | None = None


class WorkerSetupError(Exception):
    """The pipeline could not be built in a worker (picklable: a message only)."""


def quiet_loguru() -> None:
    """medspaCy/PyRuSH log through loguru; keep their per-token debug output off."""
    try:
        from loguru import logger
    except ImportError:  # pragma: no cover
        return
    logger.remove()


def init_worker(config_json: str | None) -> None:
    """Worker initializer: build the pipeline once for this process."""
    global _NLP, _SETUP_ERROR
    quiet_loguru()
    try:
        config = PipelineConfig.model_validate_json(config_json) if config_json else None
        _NLP = get_nlp(config)
    except PrescreenError as exc:
        _SETUP_ERROR = exc.message


def run_in_worker(units: list[UnitTask]) -> ResultBatch:
    """Process one chunk with this worker's pipeline."""
    if _SETUP_ERROR is not None or _NLP is None:
        raise WorkerSetupError(_SETUP_ERROR or "the worker was not initialised")
    return process_units(units, _NLP)


def _pipe(notes: list[Note], nlp: Language) -> list[Doc | ErrorRecord]:
    """Docs for the notes; if the batch fails, note by note so one bad note fails alone."""
    try:
        return list(process_notes(notes, nlp))
    except Exception:
        log.warning("a batch of %d notes failed in the pipeline; retrying note by note", len(notes))
    out: list[Doc | ErrorRecord] = []
    for note in notes:
        try:
            out.extend(process_notes([note], nlp))
        except PrescreenError as exc:
            out.append(ErrorRecord.of(exc))
        except Exception as exc:
            log.warning("note %s: the pipeline failed (%s)", note.id, type(exc).__name__)
            out.append(
                ErrorRecord.of(PrescreenError(Errors.P033, note=note.id, reason=f"pipeline error {type(exc).__name__}"))
            )
    return out


def _note_error(task: NoteTask, error: ErrorRecord) -> NoteRecord:
    return NoteRecord(id=task.id, date=task.date, error=error)


def failed_unit(unit: UnitTask, error: ErrorRecord) -> dict[str, Any]:
    """The record of a unit that failed as a whole (every note gets the error)."""
    notes = [_note_error(t, t.error or error) for t in unit.notes]
    return _unit_record(unit, notes, [], unit.error or (error if not notes else None))


def _unit_record(
    unit: UnitTask, notes: list[NoteRecord], facts: list[FactRecord], error: ErrorRecord | None
) -> dict[str, Any]:
    """A unit's record as the journal stores it."""
    record = UnitRecord(
        key=unit.key,
        kind=unit.kind,
        source=unit.source,
        request=unit.request,
        notes=notes,
        facts=facts,
        error=error,
        version=__version__,
    )
    return record.model_dump(mode="json")


def process_units(units: Sequence[UnitTask], nlp: Language) -> ResultBatch:
    """Run the pipeline over a chunk of units: every unit gets a record, with errors as records."""
    records: list[list[NoteRecord | None]] = []
    loaded: list[tuple[int, int, Note]] = []
    for u, unit in enumerate(units):
        slots: list[NoteRecord | None] = []
        for n, task in enumerate(unit.notes):
            error = task.error or unit.error
            if error is not None:
                slots.append(_note_error(task, error))
                continue
            try:
                loaded.append((u, n, load_note(task)))
                slots.append(None)
            except PrescreenError as exc:
                slots.append(_note_error(task, ErrorRecord.of(exc)))
        records.append(slots)
    docs = _pipe([note for _, _, note in loaded], nlp) if loaded else []
    mentions: list[list[Mention]] = [[] for _ in units]
    for (u, n, note), doc in zip(loaded, docs, strict=True):
        if isinstance(doc, ErrorRecord):
            records[u][n] = NoteRecord(id=note.id, date=note.date, error=doc)
            continue
        found = doc_mentions(doc, note.id, note.date, n)
        mentions[u].extend(found)
        records[u][n] = NoteRecord(
            id=note.id,
            date=note.date,
            text=note.text,
            mentions=[MentionRecord.of(m) for m in found],
            sections=[(int(s), int(e), str(c)) for s, e, c in (doc._.note_sections or [])],
        )
    out: ResultBatch = []
    for u, unit in enumerate(units):
        notes = [r for r in records[u] if r is not None]
        facts = [FactRecord.of(f) for f in aggregate(mentions[u])] if unit.error is None else []
        out.append(_unit_record(unit, notes, facts, unit.error))
    return out


def chunked(units: Iterable[UnitTask], notes_per_chunk: int) -> Iterator[list[UnitTask]]:
    """Group units into chunks of about ``notes_per_chunk`` notes."""
    chunk: list[UnitTask] = []
    size = 0
    for unit in units:
        chunk.append(unit)
        size += unit.note_count
        if size >= notes_per_chunk:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def pool_context() -> multiprocessing.context.BaseContext:
    """Worker start method: fork while this process has one thread (Linux), else a fork server."""
    # Forking a single-threaded process is safe and fastest: workers start with the imports done and
    # only build the pipeline. With other threads alive (a JVM bridge, a web server) workers fork
    # from a clean server process that has imported the pipeline code; spawn where neither exists.
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def run_pool(
    chunks: Iterable[list[UnitTask]],
    workers: int,
    worker: Worker,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    context: multiprocessing.context.BaseContext | None = None,
) -> Iterator[ResultBatch]:
    """Run chunks in a process pool, yielding result batches as they complete (order not kept)."""
    # A worker that dies (a crash, the OOM killer) takes its chunk with it: the chunks that were in
    # flight are rerun one unit at a time in a fresh pool, and a unit that kills a worker again gets
    # a P033 error record instead of stopping the batch.

    def new_pool() -> ProcessPoolExecutor:
        """A fresh executor whose workers run the initializer once."""
        start = context or pool_context()
        return ProcessPoolExecutor(max_workers=workers, mp_context=start, initializer=initializer, initargs=initargs)

    executor = new_pool()
    pending: dict[Future[ResultBatch], list[UnitTask]] = {}
    suspects: deque[UnitTask] = deque()
    source = iter(chunks)
    exhausted = False
    any_done = False
    crashes = 0
    try:
        while True:
            if suspects:
                unit = suspects.popleft()
                try:
                    batch = executor.submit(worker, [unit]).result()
                    any_done = True
                    yield batch
                except BrokenProcessPool:
                    crashes += 1
                    if not any_done and crashes >= 2:
                        # Workers die before doing anything: they cannot start (e.g. a script that
                        # starts the pool at import time, without ``if __name__ == "__main__":``).
                        raise PrescreenError(
                            Errors.P034,
                            reason='worker processes die on start (a script needs `if __name__ == "__main__":`)',
                        ) from None
                    log.warning("unit %s crashed a worker process; recorded as an error", unit.key)
                    executor.shutdown(wait=True, cancel_futures=True)
                    executor = new_pool()
                    crash = PrescreenError(
                        Errors.P033, note=unit.key.split(":", 1)[-1], reason="the worker process crashed"
                    )
                    yield [failed_unit(unit, ErrorRecord.of(crash))]
                except WorkerSetupError as exc:
                    raise PrescreenError(Errors.P034, reason=str(exc)) from None
                continue
            while not exhausted and len(pending) < workers * 2:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                pending[executor.submit(worker, chunk)] = chunk
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                chunk = pending.pop(future)
                try:
                    batch = future.result()
                except WorkerSetupError as exc:
                    raise PrescreenError(Errors.P034, reason=str(exc)) from None
                except BrokenProcessPool:
                    suspects.extend(chunk)
                    broken = True
                    continue
                any_done = True
                yield batch
            if broken:
                for chunk in pending.values():
                    suspects.extend(chunk)
                pending.clear()
                log.warning("a worker process died; rerunning %d in-flight units one by one", len(suspects))
                executor.shutdown(wait=True, cancel_futures=True)
                executor = new_pool()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def run_units(
    units: Iterable[UnitTask],
    workers: int = 1,
    notes_per_chunk: int = 8,
    config: PipelineConfig | None = None,
) -> Iterator[ResultBatch]:
    """Process units with ``workers`` processes (1: in this process), yielding result batches."""
    chunks = chunked(units, max(1, notes_per_chunk))
    if workers <= 1:
        for chunk in chunks:
            yield process_units(chunk, get_nlp(config))
        return
    config_json = config.model_dump_json() if config is not None else None
    yield from run_pool(chunks, workers, run_in_worker, init_worker, (config_json,))


__all__ = [
    "ResultBatch",
    "WorkerSetupError",
    "chunked",
    "failed_unit",
    "init_worker",
    "pool_context",
    "process_units",
    "quiet_loguru",
    "run_in_worker",
    "run_pool",
    "run_units",
]
