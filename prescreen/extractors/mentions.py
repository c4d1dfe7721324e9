"""Docs -> mentions: every target entity with its fact, exact offsets, section, assertion, values."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc

from prescreen.contract import Evidence
from prescreen.pipeline._extensions import SpanAttrs, doc_text, sentence_chars


class Mention(BaseModel):
    """One mention of a catalogue fact in one note."""

    model_config = ConfigDict(extra="forbid")

    fact: str
    evidence: Evidence
    note_date: dt.date | None = None
    note_index: int = 0


def doc_mentions(doc: Doc, note_id: str, note_date: dt.date | None = None, note_index: int = 0) -> list[Mention]:
    """One Mention per target entity, offsets into the note text (``doc.text`` is the note text)."""
    out = []
    attrs = SpanAttrs(doc)
    text = doc_text(doc)
    for ent in doc.ents:
        fact = attrs.get(ent, "fact")
        if not fact:
            continue
        start, end = ent.start_char, ent.end_char
        evidence = Evidence(
            note=note_id,
            start=start,
            end=end,
            text=text[start:end],
            section=attrs.get(ent, "note_section"),
            assertion=attrs.get(ent, "assertion") or "present",
            values=dict(attrs.get(ent, "values") or {}),
            sentence=sentence_chars(ent),
            cues=list(attrs.get(ent, "cues") or []),
        )
        out.append(Mention(fact=fact, evidence=evidence, note_date=note_date, note_index=note_index))
        also_values = attrs.get(ent, "also_values") or {}
        for also in attrs.get(ent, "also") or ():
            update = {"values": dict(also_values[also])} if also in also_values else None
            copied = evidence.model_copy(update=update)
            out.append(Mention(fact=also, evidence=copied, note_date=note_date, note_index=note_index))
    return out


__all__ = ["Mention", "doc_mentions"]
