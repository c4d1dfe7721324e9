"""spaCy DocBin output: one Doc per note, mentions in the span group ``prescreen`` (label = fact).

Reading it back::

    import spacy
    from spacy.tokens import DocBin
    import prescreen.pipeline._extensions  # declares ._.fact, ._.assertion, ._.values, ._.note_section, ._.cues

    docs = DocBin().from_disk("OUT/annotations.spacy").get_docs(spacy.blank("en").vocab)
    for doc in docs:
        doc._.note_id, doc._.note_date            # the note id, its date (ISO text or None)
        for span in doc.spans["prescreen"]:
            span.label_, span._.assertion, span._.values, span._.note_section, span._.cues
        record = json.loads(doc.user_data["prescreen"])   # the whole record: mentions with exact
                                                          # offsets, note- or request-level facts

Extension values travel in ``doc.user_data`` (``DocBin(store_user_data=True)``), so the span
attributes come back once the extensions are declared. The record is stored as JSON text: medspaCy
registers msgpack decoders that would misread any stored dict with a ``section`` key. Spans are
aligned to the blank English tokenizer; each mention's exact character offsets are in the record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc, DocBin, Span

import prescreen.pipeline._extensions  # noqa: F401  (declares the extension attributes)
from prescreen import __version__
from prescreen.annotate.formats import atomic_open
from prescreen.annotate.records import NoteRecord, UnitRecord

FILE_NAME = "annotations.spacy"
SPAN_GROUP = "prescreen"


def note_doc(doc: Doc, note: NoteRecord, record: UnitRecord) -> Doc:
    """Fill a tokenized Doc with a note's mentions, extension values and prescreen record."""
    spans: list[Span] = []
    for m in note.mentions:
        span = doc.char_span(m.start, m.end, label=m.fact, alignment_mode="strict")
        if span is None:
            span = doc.char_span(m.start, m.end, label=m.fact, alignment_mode="expand")
        if span is None:
            continue
        span._.fact = m.fact
        span._.assertion = m.assertion
        span._.values = dict(m.values)
        span._.note_section = m.section
        span._.cues = list(m.cues)
        spans.append(span)
    doc.spans[SPAN_GROUP] = spans
    doc._.note_id = note.id
    doc._.note_date = note.date.isoformat() if note.date else None
    doc._.note_sections = [list(s) for s in note.sections]
    payload: dict[str, Any] = {
        "version": __version__,
        "note_id": note.id,
        "note_date": note.date.isoformat() if note.date else None,
        "request": record.request,
        "mentions": [m.model_dump(mode="json") for m in note.mentions],
        "facts": [f.model_dump(mode="json") for f in record.facts],
        "facts_level": record.kind,
        "sections": [list(s) for s in note.sections],
    }
    doc.user_data[SPAN_GROUP] = json.dumps(payload, ensure_ascii=False)
    return doc


def write_docbin(records: Iterable[UnitRecord], out: Path) -> list[Path]:
    """``annotations.spacy``: a DocBin of every annotated note, user data stored."""
    nlp = spacy.blank("en")
    docbin = DocBin(store_user_data=True)
    for record in records:
        if record.error is not None:
            continue
        for note in record.notes:
            if note.error is None and note.text is not None:
                docbin.add(note_doc(nlp.make_doc(note.text), note, record))
    path = out / FILE_NAME
    with atomic_open(path, "wb") as handle:
        handle.write(docbin.to_bytes())
    return [path]


__all__ = ["FILE_NAME", "SPAN_GROUP", "note_doc", "write_docbin"]
