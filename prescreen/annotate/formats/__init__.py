"""Output formats of batch annotation, each built from the journal's unit records in input order."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from prescreen.annotate.records import UnitRecord
from prescreen.errors import Errors, PrescreenError

FORMATS = ("jsonl", "brat", "spacy", "labelstudio", "csv", "parquet")
_UMASK = os.umask(0o022)
os.umask(_UMASK)

Writer = Callable[[Iterable[UnitRecord], Path], list[Path]]


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "w", durable: bool = True) -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` (fsync-ed when ``durable``), then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        if "b" in mode:
            handle: IO[Any] = os.fdopen(fd, mode)
        else:
            handle = os.fdopen(fd, mode, encoding="utf-8", newline="")
        with handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: Path, text: str, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` (UTF-8, newlines kept as given) atomically."""
    with atomic_open(path, durable=durable) as handle:
        handle.write(text)


def error_rows(record: UnitRecord) -> list[dict[str, Any]]:
    """One row per error in a unit: the unit's own, then each failed note's."""
    rows = []
    if record.error is not None:
        note_id = record.notes[0].id if record.kind == "note" and record.notes else None
        rows.append(
            {"request_id": record.request_id, "note_id": note_id, "source": record.source, **record.error.model_dump()}
        )
    for note in record.notes:
        if note.error is not None and note.error != record.error:
            rows.append(
                {
                    "request_id": record.request_id,
                    "note_id": note.id,
                    "source": record.source,
                    **note.error.model_dump(),
                }
            )
    return rows


def write_errors(records: Iterable[UnitRecord], out: Path) -> list[Path]:
    """``errors.jsonl``: every error record of the batch (codes and ids, never note text)."""
    path = out / "errors.jsonl"
    with atomic_open(path) as handle:
        for record in records:
            for row in error_rows(record):
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return [path]


def writer_for(fmt: str) -> Writer:
    """The writer of a format name (its module is imported only when used)."""
    if fmt == "jsonl":
        from prescreen.annotate.formats.jsonl import write_jsonl

        return write_jsonl
    if fmt == "brat":
        from prescreen.annotate.formats.brat import write_brat

        return write_brat
    if fmt == "spacy":
        from prescreen.annotate.formats.docbin import write_docbin

        return write_docbin
    if fmt == "labelstudio":
        from prescreen.annotate.formats.labelstudio import write_labelstudio

        return write_labelstudio
    if fmt == "csv":
        from prescreen.annotate.formats.tables import write_csv

        return write_csv
    if fmt == "parquet":
        from prescreen.annotate.formats.tables import write_parquet

        return write_parquet
    raise PrescreenError(Errors.P031, what="format", value=fmt, known=", ".join(FORMATS))


def check_formats(formats: Iterable[str]) -> list[str]:
    """Validate format names (P031) and their optional dependencies (P035), before any work."""
    checked = []
    for fmt in formats:
        if fmt not in FORMATS:
            raise PrescreenError(Errors.P031, what="format", value=fmt, known=", ".join(FORMATS))
        if fmt == "parquet":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise PrescreenError(Errors.P035, feature="Parquet output", package="pyarrow", extra="tables") from None
        if fmt not in checked:
            checked.append(fmt)
    if not checked:
        raise PrescreenError(Errors.P031, what="format", value="", known=", ".join(FORMATS))
    return checked


def write_outputs(records: Callable[[], Iterable[UnitRecord]], out: Path, formats: Iterable[str]) -> list[Path]:
    """Write ``errors.jsonl`` and every format from a fresh pass over the records for each."""
    written = write_errors(records(), out)
    for fmt in formats:
        written.extend(writer_for(fmt)(records(), out))
    return written


__all__ = [
    "FORMATS",
    "Writer",
    "atomic_open",
    "check_formats",
    "error_rows",
    "write_errors",
    "write_outputs",
    "write_text_atomic",
    "writer_for",
]
