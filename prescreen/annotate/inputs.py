"""Batch inputs -> work units: folders and files of notes, JSONL/JSON of notes or requests, CSV, Parquet.

Input problems become error units (one bad record never stops the batch); only a path that does not
exist, or no inputs at all, stops the run. Nothing here logs or raises with note text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from prescreen.annotate.records import ErrorRecord
from prescreen.contract import Note
from prescreen.errors import Errors, PrescreenError
from prescreen.pipeline.io import MAX_NOTE_BYTES, decode_text

log = logging.getLogger(__name__)

NOTE_SUFFIXES = (".txt", ".pdf")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv", ".tsv")
MAX_ID_CHARS = 200
_REQUEST_META = ("request_id", "cpt", "request_date", "patient", "ordering_specialty", "facts")


@dataclass(frozen=True)
class InputOptions:
    """Column names for tabular inputs (CSV, Parquet); the date column is optional."""

    id_column: str = "id"
    text_column: str = "text"
    date_column: str | None = None


@dataclass(frozen=True)
class NoteTask:
    """One note to process: its text, or the file to read it from, or the error found reading its record."""

    id: str
    date: dt.date | None = None
    text: str | None = None
    path: str | None = None
    error: ErrorRecord | None = None


@dataclass(frozen=True)
class UnitTask:
    """One input item: a note, or a request with its notes; ``key`` identifies it across runs."""

    key: str
    kind: Literal["note", "request"]
    notes: tuple[NoteTask, ...] = ()
    source: str | None = None
    request: dict[str, Any] | None = None
    error: ErrorRecord | None = None

    @property
    def note_count(self) -> int:
        """How many notes the unit stands for (at least one)."""
        return max(1, len(self.notes))


@dataclass
class Source:
    """One input argument, classified: note files (with their ids) or one data file."""

    kind: Literal["files", "jsonl", "json", "csv", "parquet"]
    path: Path
    files: list[tuple[Path, str]] = field(default_factory=list)


def _error(exc: PrescreenError) -> ErrorRecord:
    return ErrorRecord.of(exc)


def _record_error(where: str, reason: str) -> ErrorRecord:
    return _error(PrescreenError(Errors.P032, where=where, reason=reason))


def clean_id(value: object) -> str:
    """An id as text, with undecodable bytes replaced (ids appear in messages and file names)."""
    text = str(value).strip()
    return text.encode("utf-8", "replace").decode("utf-8")


def _under(path: Path, parent: Path | None) -> bool:
    if parent is None:
        return False
    try:
        path.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


def _unique_ids(sources: list[Source]) -> None:
    """Make note file ids unique: if any collide, each becomes the file's path from the common folder."""
    files = [path for s in sources for path, _ in s.files]
    ids = [i for s in sources for _, i in s.files]
    if len(set(ids)) == len(ids):
        return
    common = Path(os.path.commonpath([str(p.resolve().parent) for p in files]))
    for source in sources:
        source.files = [(p, p.resolve().relative_to(common).with_suffix("").as_posix()) for p, _ in source.files]


def discover(inputs: Sequence[Path | str], exclude: Path | None = None) -> list[Source]:
    """Classify the input arguments; a missing path raises P038, no notes at all raises P030."""
    # A note file's id is its stem (a file argument) or its path inside the folder argument, without
    # the suffix; when two ids collide, every note file's id becomes its path from the common folder.
    if not inputs:
        raise PrescreenError(Errors.P030, reason="no inputs given")
    sources: list[Source] = []
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise PrescreenError(Errors.P038, path=path)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in NOTE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not _under(p, exclude)
            )
            if found:
                sources.append(
                    Source("files", path, [(p, p.relative_to(path).with_suffix("").as_posix()) for p in found])
                )
            else:
                log.warning("input folder %s holds no .txt or .pdf notes", path)
            continue
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            sources.append(Source("jsonl", path))
        elif suffix == ".json":
            sources.append(Source("json", path))
        elif suffix in CSV_SUFFIXES:
            sources.append(Source("csv", path))
        elif suffix == ".parquet":
            sources.append(Source("parquet", path))
        else:
            sources.append(Source("files", path, [(path, path.stem)]))
    if not sources:
        raise PrescreenError(
            Errors.P030, reason="the inputs hold no notes (.txt, .pdf, .jsonl, .json, .csv, .tsv, .parquet)"
        )
    _unique_ids([s for s in sources if s.kind == "files"])
    return sources


def count_notes(sources: Sequence[Source]) -> int | None:
    """The number of notes, when known without reading the data files (only note files)."""
    if any(s.kind != "files" for s in sources):
        return None
    return sum(len(s.files) for s in sources)


def parse_date(value: object, note_id: str) -> tuple[dt.date | None, ErrorRecord | None]:
    """A note date from JSON, CSV or Parquet: ISO text, a date, a timestamp, or empty."""
    if value is None or (isinstance(value, str) and not value.strip()) or value != value:  # NaN
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]), None
    except ValueError:
        shown = clean_id(text)[:40]
        return None, _error(PrescreenError(Errors.P008, value=shown, field=f"the date of note '{note_id}'"))


def note_task(raw_id: object, text: object, date: object, where: str) -> NoteTask | ErrorRecord:
    """A note task from one record's fields, or the error that makes the record unusable."""
    if raw_id is None or not str(raw_id).strip():
        return _record_error(where, "no note id")
    note_id = clean_id(raw_id)
    if len(note_id) > MAX_ID_CHARS:
        return _record_error(where, f"note id longer than {MAX_ID_CHARS} characters")
    parsed, error = parse_date(date, note_id)
    if error is not None:
        return NoteTask(id=note_id, error=error)
    if text is None or (isinstance(text, float) and text != text):
        return NoteTask(id=note_id, date=parsed, error=_error(PrescreenError(Errors.P003, note=note_id)))
    if not isinstance(text, str):
        return NoteTask(id=note_id, date=parsed, error=_record_error(where, "the text is not a string"))
    return NoteTask(id=note_id, date=parsed, text=text)


def _note_unit(task: NoteTask | ErrorRecord, where: str) -> UnitTask:
    if isinstance(task, ErrorRecord):
        return UnitTask(key=f"input:{where}", kind="note", source=where, error=task)
    return UnitTask(key=f"note:{task.id}", kind="note", notes=(task,), source=where)


def request_unit(data: dict[str, Any], where: str, base_dir: Path) -> UnitTask:
    """A request record ``{request_id, cpt?, notes: [...]}``: notes give ``text`` or a ``file``."""
    request_id = clean_id(data.get("request_id") or where)
    meta = {k: data[k] for k in _REQUEST_META if k in data}
    meta["request_id"] = request_id
    notes: list[NoteTask] = []
    seen: set[str] = set()
    raw_notes = data.get("notes")
    if not isinstance(raw_notes, list) or not raw_notes:
        error = _record_error(where, "a request needs a non-empty 'notes' list")
        return UnitTask(key=f"request:{request_id}", kind="request", source=where, request=meta, error=error)
    for i, raw in enumerate(raw_notes):
        at = f"{where} notes[{i}]"
        if not isinstance(raw, dict):
            notes.append(NoteTask(id=f"notes[{i}]", error=_record_error(at, "a note must be an object")))
            continue
        if "file" in raw and "text" not in raw:
            file = Path(str(raw["file"]))
            path = file if file.is_absolute() else base_dir / file
            task = note_task(raw.get("id") or file.stem, "", raw.get("date"), at)
            if isinstance(task, NoteTask) and task.error is None:
                task = NoteTask(id=task.id, date=task.date, path=str(path))
        else:
            task = note_task(raw.get("id"), raw.get("text"), raw.get("date"), at)
        if isinstance(task, ErrorRecord):
            task = NoteTask(id=f"notes[{i}]", error=task)
        if task.id in seen:
            task = NoteTask(
                id=task.id, error=_error(PrescreenError(Errors.P037, what="note id", value=task.id, where=where))
            )
        seen.add(task.id)
        notes.append(task)
    return UnitTask(key=f"request:{request_id}", kind="request", notes=tuple(notes), source=where, request=meta)


def record_unit(data: object, where: str, base_dir: Path) -> UnitTask:
    """One JSON record: a note ``{id, text, date?}`` or a request ``{request_id, notes: [...]}``."""
    if isinstance(data, dict) and "notes" in data:
        return request_unit(data, where, base_dir)
    if isinstance(data, dict) and ("text" in data or "id" in data):
        return _note_unit(note_task(data.get("id"), data.get("text"), data.get("date"), where), where)
    reason = "expected a note {id, text, date?} or a request {request_id, cpt?, notes: [...]}"
    return UnitTask(key=f"input:{where}", kind="note", source=where, error=_record_error(where, reason))


def _file_error(path: Path, reason: str) -> UnitTask:
    error = _error(PrescreenError(Errors.P020, path=path, reason=reason))
    return UnitTask(key=f"input:{path}", kind="note", source=str(path), error=error)


def _iter_jsonl(path: Path) -> Iterator[UnitTask]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield _file_error(path, exc.strerror or type(exc).__name__)
        return
    with handle:
        for lineno, raw in enumerate(handle, start=1):
            where = f"{path}:{lineno}"
            line = raw.decode("utf-8", "surrogateescape")
            if lineno == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield UnitTask(
                    key=f"input:{where}", kind="note", source=where, error=_record_error(where, f"not JSON ({exc.msg})")
                )
                continue
            yield record_unit(data, where, path.parent)


def _iter_json(path: Path) -> Iterator[UnitTask]:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig", "surrogateescape"))
    except OSError as exc:
        yield _file_error(path, exc.strerror or type(exc).__name__)
        return
    except json.JSONDecodeError as exc:
        yield _file_error(path, f"not JSON ({exc.msg} at line {exc.lineno})")
        return
    items = data if isinstance(data, list) else [data]
    for i, item in enumerate(items):
        yield record_unit(item, f"{path}[{i}]" if isinstance(data, list) else str(path), path.parent)


def _iter_csv(path: Path, options: InputOptions) -> Iterator[UnitTask]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        handle = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        yield _file_error(path, exc.strerror or type(exc).__name__)
        return
    with handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        columns = [clean_id(c) for c in reader.fieldnames or []]
        missing = [c for c in (options.id_column, options.text_column) if c not in columns]
        if options.date_column and options.date_column not in columns:
            missing.append(options.date_column)
        if missing:
            yield _file_error(
                path, f"no column {', '.join(repr(m) for m in missing)} (columns: {', '.join(columns[:20])})"
            )
            return
        date_column = options.date_column or ("date" if "date" in columns else None)
        row = 1
        try:
            for row, values in enumerate(reader, start=2):
                where = f"{path}:{row}"
                date = values.get(date_column) if date_column else None
                yield _note_unit(
                    note_task(values.get(options.id_column), values.get(options.text_column), date, where), where
                )
        except csv.Error as exc:
            yield _file_error(path, f"malformed CSV after line {row} ({exc})")


def _iter_parquet(path: Path, options: InputOptions) -> Iterator[UnitTask]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise PrescreenError(Errors.P035, feature="Parquet input", package="pyarrow", extra="tables") from None
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        yield _file_error(path, f"unreadable Parquet ({type(exc).__name__})")
        return
    columns = list(parquet.schema_arrow.names)
    missing = [c for c in (options.id_column, options.text_column) if c not in columns]
    if options.date_column and options.date_column not in columns:
        missing.append(options.date_column)
    if missing:
        yield _file_error(path, f"no column {', '.join(repr(m) for m in missing)} (columns: {', '.join(columns[:20])})")
        return
    date_column = options.date_column or ("date" if "date" in columns else None)
    wanted = [options.id_column, options.text_column] + ([date_column] if date_column else [])
    row = 0
    for batch in parquet.iter_batches(batch_size=512, columns=wanted):
        data = batch.to_pydict()
        for i in range(batch.num_rows):
            row += 1
            where = f"{path}:row {row}"
            date = data[date_column][i] if date_column else None
            yield _note_unit(note_task(data[options.id_column][i], data[options.text_column][i], date, where), where)


def iter_units(sources: Sequence[Source], options: InputOptions | None = None) -> Iterator[UnitTask]:
    """Every work unit of the inputs, lazily, in input order."""
    opts = options or InputOptions()
    for source in sources:
        if source.kind == "files":
            for path, note_id in source.files:
                where = str(path)
                if len(note_id) > MAX_ID_CHARS:
                    yield _note_unit(_record_error(where, f"note id longer than {MAX_ID_CHARS} characters"), where)
                    continue
                task = NoteTask(id=clean_id(note_id), path=str(path))
                yield UnitTask(key=f"note:{task.id}", kind="note", notes=(task,), source=where)
        elif source.kind == "jsonl":
            yield from _iter_jsonl(source.path)
        elif source.kind == "json":
            yield from _iter_json(source.path)
        elif source.kind == "csv":
            yield from _iter_csv(source.path, opts)
        else:
            yield from _iter_parquet(source.path, opts)


def check_text(text: str, note_id: str) -> str:
    """Text given inline (JSONL, CSV, Parquet): the same checks as note files, as coded errors."""
    if not text.strip():
        raise PrescreenError(Errors.P003, note=note_id)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_NOTE_BYTES:
        raise PrescreenError(Errors.P016, note=note_id, size=size, limit=MAX_NOTE_BYTES)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        raise PrescreenError(Errors.P032, where=f"note '{note_id}'", reason="the text is not valid UTF-8")
    head = text[:4096]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\n\r\t\f")
    if "\x00" in head or controls > max(8, len(head) // 20):
        raise PrescreenError(Errors.P004, note=note_id)
    return text


def load_note(task: NoteTask) -> Note:
    """The note of a task: read and decode its file, or check its inline text (coded errors)."""
    if task.path is not None:
        path = Path(task.path)
        try:
            size = path.stat().st_size
            if size > MAX_NOTE_BYTES:
                raise PrescreenError(Errors.P016, note=task.id, size=size, limit=MAX_NOTE_BYTES)
            data = path.read_bytes()
        except FileNotFoundError:
            raise PrescreenError(Errors.P001, path=path) from None
        except OSError as exc:
            raise PrescreenError(Errors.P002, path=path, reason=exc.strerror or type(exc).__name__) from None
        text = decode_text(data, task.id)
    else:
        text = check_text(task.text or "", task.id)
    return Note(id=task.id, date=task.date, text=text)


__all__ = [
    "InputOptions",
    "NoteTask",
    "Source",
    "UnitTask",
    "check_text",
    "clean_id",
    "count_notes",
    "discover",
    "iter_units",
    "load_note",
    "note_task",
    "parse_date",
    "record_unit",
    "request_unit",
]
