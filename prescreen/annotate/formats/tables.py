"""Tables of mentions and facts for SQL and dataframes: CSV (no dependency) and Parquet (pyarrow).

``mentions``: one row per mention; ``facts``: one row per fact of a note (note inputs) or of a
request (request inputs, ``level`` = ``request``, ``note_id`` empty). ``values``, ``cues`` and
``evidence`` hold JSON text (query them with ``json_extract`` / ``from_json``); dates are ISO dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from prescreen.annotate.formats import atomic_open
from prescreen.annotate.records import NoteRecord, UnitRecord
from prescreen.errors import Errors, PrescreenError

#: (column, type): ``string``, ``int``, ``date`` or ``json`` (JSON text in a string column).
MENTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("request_id", "string"),
    ("note_id", "string"),
    ("note_date", "date"),
    ("fact", "string"),
    ("start", "int"),
    ("end", "int"),
    ("text", "string"),
    ("section", "string"),
    ("assertion", "string"),
    ("values", "json"),
    ("sentence_start", "int"),
    ("sentence_end", "int"),
    ("cues", "json"),
)
FACT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("request_id", "string"),
    ("note_id", "string"),
    ("level", "string"),
    ("fact", "string"),
    ("group", "string"),
    ("status", "string"),
    ("values", "json"),
    ("evidence", "json"),
)
_BATCH_ROWS = 5000


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def note_mention_rows(note: NoteRecord, request_id: str | None) -> list[dict[str, Any]]:
    """The mention rows of one note."""
    return [
        {
            "request_id": request_id,
            "note_id": note.id,
            "note_date": note.date,
            "fact": m.fact,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "section": m.section,
            "assertion": m.assertion,
            "values": _json(m.values),
            "sentence_start": m.sentence[0] if m.sentence else None,
            "sentence_end": m.sentence[1] if m.sentence else None,
            "cues": _json(m.cues),
        }
        for m in note.mentions
    ]


def mention_rows(record: UnitRecord) -> list[dict[str, Any]]:
    """The mention rows of a unit (failed notes have none)."""
    rows: list[dict[str, Any]] = []
    for note in record.notes:
        if note.error is None:
            rows.extend(note_mention_rows(note, record.request_id))
    return rows


def fact_rows(record: UnitRecord) -> list[dict[str, Any]]:
    """The fact rows of a unit: note-level for a note, request-level for a request."""
    if record.error is not None or (record.kind == "note" and (not record.notes or record.notes[0].error is not None)):
        return []
    note_id = record.notes[0].id if record.kind == "note" else None
    return [
        {
            "request_id": record.request_id,
            "note_id": note_id,
            "level": record.kind,
            "fact": f.id,
            "group": f.group,
            "status": f.status,
            "values": _json(f.values),
            "evidence": _json([e.model_dump() for e in f.evidence]),
        }
        for f in record.facts
    ]


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_csv(records: Iterable[UnitRecord], out: Path) -> list[Path]:
    """``mentions.csv`` and ``facts.csv`` (UTF-8, a header row, RFC 4180 quoting), in one pass."""
    mentions_path, facts_path = out / "mentions.csv", out / "facts.csv"
    with atomic_open(mentions_path) as m_handle, atomic_open(facts_path) as f_handle:
        m_writer = csv.DictWriter(m_handle, fieldnames=[c for c, _ in MENTION_COLUMNS], lineterminator="\n")
        f_writer = csv.DictWriter(f_handle, fieldnames=[c for c, _ in FACT_COLUMNS], lineterminator="\n")
        m_writer.writeheader()
        f_writer.writeheader()
        for record in records:
            m_writer.writerows({k: _csv_cell(v) for k, v in row.items()} for row in mention_rows(record))
            f_writer.writerows({k: _csv_cell(v) for k, v in row.items()} for row in fact_rows(record))
    return [mentions_path, facts_path]


def arrow_schema(columns: tuple[tuple[str, str], ...]) -> Any:
    """The pyarrow schema of a table's columns."""
    import pyarrow as pa

    types = {"string": pa.string(), "json": pa.string(), "int": pa.int64(), "date": pa.date32()}
    return pa.schema([pa.field(name, types[kind]) for name, kind in columns])


def write_parquet(records: Iterable[UnitRecord], out: Path) -> list[Path]:
    """``mentions.parquet`` and ``facts.parquet`` (pyarrow, in row batches, one pass)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise PrescreenError(Errors.P035, feature="Parquet output", package="pyarrow", extra="tables") from None
    mentions_path, facts_path = out / "mentions.parquet", out / "facts.parquet"
    m_schema, f_schema = arrow_schema(MENTION_COLUMNS), arrow_schema(FACT_COLUMNS)
    with (
        atomic_open(mentions_path, "wb") as m_handle,
        atomic_open(facts_path, "wb") as f_handle,
        pq.ParquetWriter(m_handle, m_schema) as m_writer,
        pq.ParquetWriter(f_handle, f_schema) as f_writer,
    ):
        m_rows: list[dict[str, Any]] = []
        f_rows: list[dict[str, Any]] = []
        for record in records:
            m_rows.extend(mention_rows(record))
            f_rows.extend(fact_rows(record))
            if len(m_rows) >= _BATCH_ROWS:
                m_writer.write_table(pa.Table.from_pylist(m_rows, schema=m_schema))
                m_rows = []
            if len(f_rows) >= _BATCH_ROWS:
                f_writer.write_table(pa.Table.from_pylist(f_rows, schema=f_schema))
                f_rows = []
        m_writer.write_table(pa.Table.from_pylist(m_rows, schema=m_schema))
        f_writer.write_table(pa.Table.from_pylist(f_rows, schema=f_schema))
    return [mentions_path, facts_path]


__all__ = [
    "FACT_COLUMNS",
    "MENTION_COLUMNS",
    "arrow_schema",
    "fact_rows",
    "mention_rows",
    "note_mention_rows",
    "write_csv",
    "write_parquet",
]
