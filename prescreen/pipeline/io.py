"""Reading notes (plain text in any common encoding; PDF with a text layer) and request JSON.

Errors name the file or note id and the problem, never the note's text.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from prescreen.contract import Note, Request
from prescreen.criteria.registry import format_validation_error
from prescreen.errors import Errors, PrescreenError

log = logging.getLogger(__name__)

MAX_NOTE_BYTES = 5_000_000


def decode_text(data: bytes, note_id: str) -> str:
    """Bytes -> text: PDF text layer, UTF-8 (with or without BOM), else Windows-1252."""
    if not data.strip():
        raise PrescreenError(Errors.P003, note=note_id)
    if data.startswith(b"%PDF"):
        return pdf_text(data, note_id)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PrescreenError(Errors.P004, note=note_id)
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:4096]) // 20):
        raise PrescreenError(Errors.P004, note=note_id)
    if not text.strip():
        raise PrescreenError(Errors.P003, note=note_id)
    return text


def pdf_text(data: bytes, note_id: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise PrescreenError(Errors.P002, path=note_id, reason=f"unreadable PDF ({type(exc).__name__})") from None
    text = "\n\f\n".join(p.rstrip() for p in pages).strip("\n\f")
    if not text.strip():
        raise PrescreenError(Errors.P015, note=note_id)
    return text + "\n"


def read_note_file(path: Path | str, date: dt.date | None = None) -> Note:
    """A note file; its id is the file name without extension."""
    p = Path(path)
    if not p.exists():
        raise PrescreenError(Errors.P001, path=p)
    if not p.is_file():
        raise PrescreenError(Errors.P002, path=p, reason="not a regular file")
    try:
        size = p.stat().st_size
        if size > MAX_NOTE_BYTES:
            raise PrescreenError(Errors.P016, note=p.stem, size=size, limit=MAX_NOTE_BYTES)
        data = p.read_bytes()
    except OSError as exc:
        raise PrescreenError(Errors.P002, path=p, reason=exc.strerror or type(exc).__name__) from None
    return Note(id=p.stem, date=date, text=decode_text(data, p.stem))


def parse_date_arg(value: str | None, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PrescreenError(Errors.P008, value=value[:40], field=field) from None


def parse_request(data: Any, source: str, base_dir: Path | None = None) -> Request:
    """Validate request JSON (already parsed). Notes may give `file` instead of `text`."""
    if not isinstance(data, dict):
        raise PrescreenError(Errors.P007, source=source, reason="the top level must be a JSON object")
    notes = data.get("notes")
    if isinstance(notes, list):
        resolved = []
        for i, note in enumerate(notes):
            if isinstance(note, dict) and "file" in note and "text" not in note:
                rel = Path(str(note["file"]))
                path = rel if rel.is_absolute() or base_dir is None else base_dir / rel
                loaded = read_note_file(path)
                note = {k: v for k, v in note.items() if k != "file"}
                note.setdefault("id", loaded.id)
                note["text"] = loaded.text
            elif isinstance(note, dict) and isinstance(note.get("text"), str) and not note["text"].strip():
                raise PrescreenError(Errors.P003, note=str(note.get("id", f"notes[{i}]"))[:80])
            resolved.append(note)
        data = {**data, "notes": resolved}
    try:
        request = Request.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            if err["type"].startswith("date") and err["loc"]:
                field = ".".join(str(p) for p in err["loc"])
                value = err.get("input")
                raise PrescreenError(Errors.P008, value=str(value)[:40], field=field) from None
        raise PrescreenError(Errors.P009, reason=_redact(format_validation_error(exc))) from None
    if not request.notes and not request.facts:
        raise PrescreenError(Errors.P017)
    return request


def _redact(message: str) -> str:
    """pydantic messages can quote input; note text must never reach an error message."""
    return message if len(message) < 400 else message[:400] + "..."


def load_request_text(text: str, source: str, base_dir: Path | None = None) -> Request:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PrescreenError(
            Errors.P007, source=source, reason=f"{exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    return parse_request(data, source, base_dir)


def load_request_file(path: Path | str) -> Request:
    p = Path(path)
    if not p.is_file():
        raise PrescreenError(Errors.P001, path=p)
    try:
        raw = p.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PrescreenError(Errors.P002, path=p, reason=type(exc).__name__) from None
    return load_request_text(raw, str(p), base_dir=p.parent)


__all__ = [
    "decode_text",
    "load_request_file",
    "load_request_text",
    "parse_date_arg",
    "parse_request",
    "pdf_text",
    "read_note_file",
]
