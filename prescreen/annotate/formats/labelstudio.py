"""Label Studio, both ways: pre-annotated tasks plus a labeling config out, a JSON export back in.

``OUT/labelstudio/tasks.json`` is a task list to import with its predictions; each mention is one
region (``id`` ``m<n>``) with three results sharing that id: ``labels`` (the fact), a per-region
``choices`` result ``assertion`` and, when the mention has values, a per-region ``textarea`` result
``values`` holding them as JSON. ``config.xml`` is the matching labeling config. Label Studio counts
offsets in UTF-16 code units (JavaScript strings); they are converted both ways.

Reading takes Label Studio's full JSON export (``Export -> JSON``): for each task the latest
annotation that was not cancelled; tasks nobody annotated are left out (their whole request too),
unless ``include_predictions`` takes their prediction instead.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from prescreen import __version__
from prescreen.annotate.formats import atomic_open, write_text_atomic
from prescreen.annotate.formats.brat import ASSERTIONS, parse_values
from prescreen.annotate.records import AnnotatedNote, AnnotatedRequest, MentionRecord, NoteRecord, UnitRecord
from prescreen.catalogue import load_catalogue
from prescreen.errors import Errors, PrescreenError

log = logging.getLogger(__name__)

FOLDER = "labelstudio"
MODEL_VERSION = f"prescreen-{__version__}"
_PALETTE = (
    "#f4a261",
    "#2a9d8f",
    "#e76f51",
    "#8ab17d",
    "#e9c46a",
    "#6d597a",
    "#457b9d",
    "#b56576",
    "#52b788",
    "#9d8189",
)


def _utf16_index(text: str) -> list[int] | None:
    """UTF-16 offset of every Python index (None when the text has no astral characters)."""
    if all(ord(ch) < 0x10000 for ch in text):
        return None
    index = [0]
    for ch in text:
        index.append(index[-1] + (2 if ord(ch) >= 0x10000 else 1))
    return index


def to_js(text: str) -> Callable[[int], int]:
    """Python string offset -> Label Studio (UTF-16) offset, for one text."""
    index = _utf16_index(text)
    return (lambda i: i) if index is None else (lambda i: index[i])


def from_js(text: str) -> Callable[[int], int | None]:
    """Label Studio (UTF-16) offset -> Python string offset (None inside a surrogate pair)."""
    index = _utf16_index(text)
    if index is None:
        return lambda i: i if 0 <= i <= len(text) else None
    reverse = {js: py for py, js in enumerate(index)}
    return reverse.get


def labeling_config() -> str:
    """The labeling config: catalogue facts as labels, assertion and values per region."""
    catalogue = load_catalogue()
    colour = {g: _PALETTE[i % len(_PALETTE)] for i, g in enumerate(catalogue.groups)}
    labels = "\n".join(
        f"    <Label value={quoteattr(f.id)} background={quoteattr(colour[f.group])} hint={quoteattr(f.means)}/>"
        for f in catalogue.facts.values()
    )
    choices = "\n".join(f"      <Choice value={quoteattr(a)}/>" for a in ASSERTIONS)
    return f"""<View>
  <Labels name="label" toName="text" showInline="true">
{labels}
  </Labels>
  <Text name="text" value="$text"/>
  <View visibleWhen="region-selected">
    <Header value="Assertion"/>
    <Choices name="assertion" toName="text" perRegion="true" choice="single-radio">
{choices}
    </Choices>
    <Header value="Values (a JSON object, e.g. {{&quot;duration_weeks&quot;: 8}})"/>
    <TextArea name="values" toName="text" perRegion="true" maxSubmissions="1" editable="true" rows="2"/>
  </View>
</View>
"""


def mention_results(mentions: Iterable[MentionRecord], text: str) -> list[dict[str, Any]]:
    """Label Studio results for a note's mentions: labels, assertion choice, values text area."""
    js = to_js(text)
    results: list[dict[str, Any]] = []
    for i, m in enumerate(mentions, start=1):
        region = {"start": js(m.start), "end": js(m.end), "text": m.text}
        common = {"id": f"m{i}", "to_name": "text"}
        results.append({**common, "from_name": "label", "type": "labels", "value": {**region, "labels": [m.fact]}})
        results.append(
            {**common, "from_name": "assertion", "type": "choices", "value": {**region, "choices": [m.assertion]}}
        )
        if m.values:
            values = {
                "start": region["start"],
                "end": region["end"],
                "text": [json.dumps(m.values, ensure_ascii=False)],
            }
            results.append({**common, "from_name": "values", "type": "textarea", "value": values})
    return results


def task(note: NoteRecord, index: int, request: dict[str, Any] | None) -> dict[str, Any]:
    """One Label Studio task (a note) with prescreen's mentions as a prediction."""
    text = note.text or ""
    date = note.date.isoformat() if note.date else None
    meta = {"note_id": note.id, "note_date": date, "note_index": index, "request": request}
    return {
        "data": {
            "text": text,
            "note_id": note.id,
            "request_id": request["request_id"] if request else None,
            "prescreen": meta,
        },
        "predictions": [{"model_version": MODEL_VERSION, "result": mention_results(note.mentions, text)}],
    }


def write_labelstudio(records: Iterable[UnitRecord], out: Path) -> list[Path]:
    """``OUT/labelstudio/tasks.json`` and ``config.xml``."""
    folder = out / FOLDER
    path = folder / "tasks.json"
    with atomic_open(path) as handle:
        handle.write("[")
        first = True
        for record in records:
            if record.error is not None:
                continue
            for i, note in enumerate(record.notes):
                if note.error is not None or note.text is None:
                    continue
                handle.write(("\n" if first else ",\n") + json.dumps(task(note, i, record.request), ensure_ascii=False))
                first = False
        handle.write("\n]\n")
    write_text_atomic(folder / "config.xml", labeling_config())
    return [path, folder / "config.xml"]


def _fail(where: str, reason: str) -> PrescreenError:
    return PrescreenError(Errors.P036, kind="Label Studio", where=where, reason=reason)


def _latest(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    live = [
        (str(a.get("updated_at") or a.get("created_at") or ""), i, a)
        for i, a in enumerate(items)
        if not a.get("was_cancelled")
    ]
    return max(live, key=lambda t: (t[0], t[1]))[2] if live else None


def read_results(results: list[dict[str, Any]], text: str, where: str) -> list[MentionRecord]:
    """Mentions from one annotation's results (regions grouped by their id)."""
    catalogue = load_catalogue()
    py = from_js(text)
    regions: dict[str, dict[str, Any]] = defaultdict(dict)
    for n, result in enumerate(results):
        at = f"{where} result[{n}]"
        kind, value = result.get("type"), result.get("value") or {}
        region = regions[str(result.get("id", f"#{n}"))]
        if kind == "labels":
            start, end = py(int(value.get("start", -1))), py(int(value.get("end", -1)))
            if start is None or end is None or not 0 <= start < end <= len(text):
                raise _fail(at, "region offsets are outside the text")
            for label in value.get("labels") or []:
                if label not in catalogue:
                    raise _fail(at, f"label '{label}' is not a catalogue fact")
            region.update(start=start, end=end, labels=list(value.get("labels") or []))
        elif kind == "choices" and result.get("from_name") == "assertion":
            choice = (value.get("choices") or ["present"])[0]
            if choice not in ASSERTIONS:
                raise _fail(at, f"assertion '{choice}' is not one of {', '.join(ASSERTIONS)}")
            region["assertion"] = choice
        elif kind == "textarea" and result.get("from_name") == "values":
            region["values"] = parse_values("\n".join(value.get("text") or []), at)
    mentions = [
        MentionRecord.model_validate(
            {
                "fact": label,
                "start": r["start"],
                "end": r["end"],
                "text": text[r["start"] : r["end"]],
                "assertion": r.get("assertion", "present"),
                "values": r.get("values", {}),
            }
        )
        for r in regions.values()
        if "labels" in r
        for label in r["labels"]
    ]
    return sorted(mentions, key=lambda m: (m.start, m.end, m.fact))


def read_labelstudio(path: Path, include_predictions: bool = False) -> tuple[list[AnnotatedRequest], int]:
    """A Label Studio JSON export -> requests, and how many notes were left out as not annotated."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(str(path), f"unreadable JSON ({type(exc).__name__})") from None
    if not isinstance(tasks, list) or not all(isinstance(t, dict) and isinstance(t.get("data"), dict) for t in tasks):
        raise _fail(str(path), "expected Label Studio's JSON export: a list of tasks with 'data' and 'annotations'")
    groups: dict[str, list[tuple[int, AnnotatedNote | None, dict[str, Any]]]] = {}
    for n, item in enumerate(tasks):
        where = f"{path} task {item.get('id', n)}"
        data = item["data"]
        text = data.get("text")
        if not isinstance(text, str):
            raise _fail(where, "the task has no text")
        meta = data.get("prescreen") if isinstance(data.get("prescreen"), dict) else {}
        note_id = str(meta.get("note_id") or data.get("note_id") or f"task-{item.get('id', n)}")
        request = dict(meta.get("request") or {"request_id": note_id})
        chosen = _latest(list(item.get("annotations") or []))
        if chosen is None and include_predictions and item.get("predictions"):
            chosen = item["predictions"][0]
        note = None
        if chosen is not None:
            mentions = read_results(list(chosen.get("result") or []), text, where)
            note = AnnotatedNote.model_validate(
                {"id": note_id, "date": meta.get("note_date"), "text": text, "mentions": mentions}
            )
        groups.setdefault(str(request["request_id"]), []).append((int(meta.get("note_index", n)), note, request))
    requests: list[AnnotatedRequest] = []
    left_out = 0
    for request_id, members in groups.items():
        notes = [note for _, note, _ in sorted(members, key=lambda t: t[0])]
        if any(note is None for note in notes):
            left_out += len(notes)
            log.warning(
                "request %s: %d of %d notes not annotated; left out",
                request_id,
                sum(n is None for n in notes),
                len(notes),
            )
            continue
        requests.append(AnnotatedRequest(request=members[0][2], notes=[n for n in notes if n is not None]))
    return requests, left_out


__all__ = [
    "MODEL_VERSION",
    "from_js",
    "labeling_config",
    "mention_results",
    "read_labelstudio",
    "read_results",
    "task",
    "to_js",
    "write_labelstudio",
]
