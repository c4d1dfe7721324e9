"""brat standoff, both ways: write a collection for review, read a corrected one back.

Layout of ``OUT/brat/``: ``annotation.conf`` (every catalogue fact as an entity type, the
``Assertion`` attribute); a ``<note>.txt`` + ``<note>.ann`` pair per note input, listed with its id
and date in ``notes.json``; a ``<request>/`` folder per request input, with a ``request.json`` (the
corpus format: notes named by file) and a pair per note. In an ``.ann`` file::

    T1	physical_therapy 412 428	physical therapy
    A1	Assertion T1 present
    #1	AnnotatorNotes T1	{"duration_weeks": 8, "outcome": "failed"}

A span that crosses a line break is written as fragments (``10 15;16 20``), as brat does; reading
takes the first start and the last end. Values are JSON in the AnnotatorNotes (``key=value; ...``
is accepted too, numbers parsed).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, get_args

from prescreen.annotate.formats import write_text_atomic
from prescreen.annotate.records import AnnotatedNote, AnnotatedRequest, MentionRecord, NoteRecord, UnitRecord
from prescreen.catalogue import load_catalogue
from prescreen.contract import Assertion
from prescreen.errors import Errors, PrescreenError

log = logging.getLogger(__name__)

FOLDER = "brat"
NOTES_INDEX = "notes.json"
REQUEST_FILE = "request.json"
ASSERTIONS: tuple[str, ...] = get_args(Assertion)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_NEWLINES = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")


def safe_name(value: str) -> str:
    """A file name for an id: the id itself when safe, else a cleaned form plus a short hash."""
    cleaned = _UNSAFE.sub("_", value).strip("._")
    if cleaned == value and cleaned:
        return cleaned
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned[:80] or 'note'}-{digest}"


def note_path(note_id: str) -> str:
    """The relative file stem of a loose note: its id, one safe name per ``/`` part."""
    return "/".join(safe_name(part) for part in note_id.split("/") if part) or safe_name(note_id)


def annotation_conf() -> str:
    """``annotation.conf``: catalogue facts as entity types, assertion as an attribute."""
    catalogue = load_catalogue()
    lines = ["# prescreen facts (prescreen/extractors/resources/facts.yaml)", "[entities]"]
    for group in catalogue.groups:
        lines.append(f"# {group}")
        lines.extend(f.id for f in catalogue.facts.values() if f.group == group)
    lines += ["", "[relations]", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]", ""]
    lines += ["[attributes]", f"Assertion\tArg:<ENTITY>, Value:{'|'.join(ASSERTIONS)}", ""]
    return "\n".join(lines)


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span split at line breaks, as brat stores multi-line spans."""
    out: list[tuple[int, int]] = []
    begin = start
    for m in _NEWLINES.finditer(text, start, end):
        if m.start() > begin:
            out.append((begin, m.start()))
        begin = m.end()
    if end > begin:
        out.append((begin, end))
    return out or [(start, end)]


def ann_text(mentions: Iterable[MentionRecord], text: str) -> str:
    """The ``.ann`` content of a note's mentions."""
    lines = []
    for i, m in enumerate(mentions, start=1):
        parts = fragments(text, m.start, m.end)
        offsets = ";".join(f"{s} {e}" for s, e in parts)
        shown = " ".join(text[s:e] for s, e in parts).replace("\t", " ")
        lines.append(f"T{i}\t{m.fact} {offsets}\t{shown}")
        lines.append(f"A{i}\tAssertion T{i} {m.assertion}")
        if m.values:
            lines.append(f"#{i}\tAnnotatorNotes T{i}\t{json.dumps(m.values, ensure_ascii=False)}")
    return "".join(line + "\n" for line in lines)


def _write_note(folder: Path, stem: str, note: NoteRecord) -> None:
    text = note.text or ""
    write_text_atomic(folder / f"{stem}.txt", text, durable=False)
    write_text_atomic(folder / f"{stem}.ann", ann_text(note.mentions, text), durable=False)


def write_brat(records: Iterable[UnitRecord], out: Path) -> list[Path]:
    """``OUT/brat/``: a brat collection of every note that was annotated."""
    root = out / FOLDER
    root.mkdir(parents=True, exist_ok=True)
    write_text_atomic(root / "annotation.conf", annotation_conf())
    index: list[dict[str, Any]] = []
    for record in records:
        ok_notes = [n for n in record.notes if n.error is None and n.text is not None]
        if record.error is not None or not ok_notes:
            continue
        if record.kind == "note":
            note = ok_notes[0]
            stem = note_path(note.id)
            _write_note(root, stem, note)
            index.append({"id": note.id, "date": note.date.isoformat() if note.date else None, "file": f"{stem}.txt"})
            continue
        folder = root / safe_name(record.request_id or record.key)
        listed = []
        for note in ok_notes:
            stem = safe_name(note.id)
            _write_note(folder, stem, note)
            listed.append({"id": note.id, "date": note.date.isoformat() if note.date else None, "file": f"{stem}.txt"})
        request = {**(record.request or {}), "notes": listed}
        write_text_atomic(folder / REQUEST_FILE, json.dumps(request, indent=2, ensure_ascii=False) + "\n")
    write_text_atomic(root / NOTES_INDEX, json.dumps({"notes": index}, indent=1, ensure_ascii=False) + "\n")
    return [root]


def _fail(where: str, reason: str) -> PrescreenError:
    return PrescreenError(Errors.P036, kind="brat", where=where, reason=reason)


def parse_values(raw: str, where: str) -> dict[str, Any]:
    """AnnotatorNotes -> values: a JSON object, or ``key=value; key=value`` (numbers parsed)."""
    raw = raw.strip()
    if not raw:
        return {}
    if raw.startswith("{"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise _fail(where, f"AnnotatorNotes is not a JSON object ({exc.msg})") from None
        if not isinstance(data, dict):
            raise _fail(where, "AnnotatorNotes is not a JSON object")
        return data
    values: dict[str, Any] = {}
    for item in re.split(r"[;\n]", raw):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise _fail(where, "AnnotatorNotes must be a JSON object or key=value pairs")
        values[key.strip()] = _scalar(value.strip())
    return values


def _scalar(value: str) -> Any:
    if value in ("true", "false"):
        return value == "true"
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return value


def read_ann(ann: str, text: str, where: str) -> list[MentionRecord]:
    """Mentions from ``.ann`` content: text-bound entities with their Assertion and values."""
    catalogue = load_catalogue()
    spans: dict[str, tuple[str, int, int]] = {}
    assertions: dict[str, str] = {}
    values: dict[str, dict[str, Any]] = {}
    for lineno, line in enumerate(ann.splitlines(), start=1):
        at = f"{where}:{lineno}"
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        if ident.startswith("T"):
            head = rest.split("\t", 1)[0]
            label, _, offsets = head.partition(" ")
            if label not in catalogue:
                raise _fail(at, f"entity type '{label}' is not a catalogue fact")
            try:
                pairs = [tuple(int(x) for x in frag.split()) for frag in offsets.split(";")]
                start, end = min(p[0] for p in pairs), max(p[1] for p in pairs)
            except (ValueError, IndexError):
                raise _fail(at, "malformed offsets") from None
            if not 0 <= start < end <= len(text):
                raise _fail(at, f"offsets {start}-{end} are outside the text ({len(text)} characters)")
            spans[ident] = (label, start, end)
        elif ident.startswith(("A", "M")):
            fields = rest.split()
            if fields and fields[0] == "Assertion":
                if len(fields) != 3 or fields[2] not in ASSERTIONS:
                    raise _fail(at, f"Assertion must be one of {', '.join(ASSERTIONS)}")
                assertions[fields[1]] = fields[2]
            else:
                log.warning("%s: attribute %s ignored", at, fields[0] if fields else "?")
        elif ident.startswith("#"):
            ref, _, note = rest.partition("\t")
            kind, _, target = ref.partition(" ")
            if kind == "AnnotatorNotes":
                values.setdefault(target.strip(), {}).update(parse_values(note, at))
    for ref in list(assertions) + list(values):
        if ref not in spans:
            raise _fail(where, f"{ref} is not a text-bound annotation of this file")
    mentions = [
        MentionRecord(
            fact=label,
            start=start,
            end=end,
            text=text[start:end],
            assertion=assertions.get(ident, "present"),  # type: ignore[arg-type]
            values=values.get(ident, {}),
        )
        for ident, (label, start, end) in spans.items()
    ]
    return sorted(mentions, key=lambda m: (m.start, m.end, m.fact))


def _read_text(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(str(path), f"unreadable text ({type(exc).__name__})") from None


def read_note(txt: Path, note_id: str, date: str | None) -> AnnotatedNote:
    """One ``.txt`` + ``.ann`` pair (a missing ``.ann`` means no mentions)."""
    text = _read_text(txt)
    ann_path = txt.with_suffix(".ann")
    ann = _read_text(ann_path) if ann_path.is_file() else ""
    return AnnotatedNote.model_validate(
        {"id": note_id, "date": date, "text": text, "mentions": read_ann(ann, text, str(ann_path))}
    )


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(str(path), f"unreadable JSON ({type(exc).__name__})") from None


def read_brat(folder: Path) -> list[AnnotatedRequest]:
    """A brat collection -> requests: ``request.json`` folders, then loose notes (each its own request)."""
    root = folder / FOLDER if (folder / FOLDER / "annotation.conf").is_file() else folder
    if not root.is_dir():
        raise _fail(str(folder), "not a folder")
    claimed: set[Path] = set()
    requests: list[AnnotatedRequest] = []
    for request_file in sorted(root.rglob(REQUEST_FILE)):
        data = _load_json(request_file)
        if not isinstance(data, dict) or not isinstance(data.get("notes"), list):
            raise _fail(str(request_file), "a request.json with a 'notes' list is expected")
        notes = []
        for item in data["notes"]:
            txt = (request_file.parent / str(item.get("file", ""))).resolve()
            if not txt.is_file():
                raise _fail(str(request_file), f"note file {item.get('file')!r} not found")
            claimed.add(txt)
            notes.append(read_note(txt, str(item.get("id") or txt.stem), item.get("date")))
        meta = {k: v for k, v in data.items() if k != "notes"}
        meta.setdefault("request_id", request_file.parent.name)
        requests.append(AnnotatedRequest(request=meta, notes=notes))
    listed: dict[Path, dict[str, Any]] = {}
    index = root / NOTES_INDEX
    if index.is_file():
        data = _load_json(index)
        for item in data.get("notes", []) if isinstance(data, dict) else []:
            listed[(root / str(item["file"])).resolve()] = item
    found = {p.resolve() for p in root.rglob("*.txt")} - claimed
    loose = [p for p in listed if p in found] + sorted(found - set(listed))
    for txt in loose:
        item = listed.get(txt, {})
        note_id = str(item.get("id") or txt.relative_to(root.resolve()).with_suffix("").as_posix())
        note = read_note(txt, note_id, item.get("date"))
        requests.append(AnnotatedRequest(request={"request_id": note_id}, notes=[note]))
    if not requests:
        raise _fail(str(folder), "no .txt/.ann documents found")
    return requests


__all__ = [
    "ann_text",
    "annotation_conf",
    "fragments",
    "note_path",
    "parse_values",
    "read_ann",
    "read_brat",
    "read_note",
    "safe_name",
    "write_brat",
]
