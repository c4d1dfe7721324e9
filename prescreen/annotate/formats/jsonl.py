"""JSONL output: one line per note (or per request when the input is requests), no note text.

A note line: ``{"id", "date", "mentions": [{fact, start, end, text, section, assertion, values,
sentence, cues}], "facts": [{id, group, status, values, evidence: [{note, start, end}]}]}``; a failed
note: ``{"id", "date", "source", "error": {"code", "message"}}``. A request line carries the request's
fields, ``notes`` (note lines without facts) and the request-level ``facts``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from prescreen.annotate.formats import atomic_open
from prescreen.annotate.records import NoteRecord, UnitRecord

FILE_NAME = "annotations.jsonl"


def note_json(note: NoteRecord, source: str | None = None) -> dict[str, Any]:
    """A note's mentions (or error) as plain JSON."""
    data: dict[str, Any] = {"id": note.id, "date": note.date.isoformat() if note.date else None}
    if note.error is not None:
        data["source"] = source
        data["error"] = note.error.model_dump()
        return data
    data["mentions"] = [m.model_dump(mode="json") for m in note.mentions]
    return data


def unit_json(record: UnitRecord) -> dict[str, Any]:
    """One output line for a unit."""
    facts = [f.model_dump(mode="json") for f in record.facts]
    if record.kind == "request":
        data: dict[str, Any] = dict(record.request or {})
        data["notes"] = [note_json(n, record.source) for n in record.notes]
        if record.error is not None:
            data["source"] = record.source
            data["error"] = record.error.model_dump()
        else:
            data["facts"] = facts
        return data
    if not record.notes:
        return {"id": None, "source": record.source, "error": record.error.model_dump() if record.error else None}
    data = note_json(record.notes[0], record.source)
    if "error" not in data:
        data["facts"] = facts
    return data


def write_jsonl(records: Iterable[UnitRecord], out: Path) -> list[Path]:
    """``annotations.jsonl``."""
    path = out / FILE_NAME
    with atomic_open(path) as handle:
        for record in records:
            handle.write(json.dumps(unit_json(record), ensure_ascii=False) + "\n")
    return [path]


__all__ = ["FILE_NAME", "note_json", "unit_json", "write_jsonl"]
