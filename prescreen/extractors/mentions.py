"""Docs -> mentions: every target entity with its fact, exact offsets, section, assertion, values."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc

from prescreen.contract import Evidence
from prescreen.pipeline._extensions import sentence_of


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
    for ent in doc.ents:
        if not ent._.fact:
            continue
        sent = sentence_of(ent)
        evidence = Evidence(
            note=note_id,
            start=ent.start_char,
            end=ent.end_char,
            text=ent.text,
            section=ent._.note_section,
            assertion=ent._.assertion or "present",
            values=dict(ent._.values or {}),
            sentence=(sent.start_char, sent.end_char),
            cues=list(ent._.cues or []),
        )
        out.append(Mention(fact=ent._.fact, evidence=evidence, note_date=note_date, note_index=note_index))
        for also in ent._.also or ():
            out.append(Mention(fact=also, evidence=evidence.model_copy(), note_date=note_date, note_index=note_index))
    return out


__all__ = ["Mention", "doc_mentions"]
