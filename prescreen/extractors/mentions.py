"""Docs -> mentions: every target entity with its fact, exact offsets, section, assertion, values."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc

from prescreen.catalogue import load_catalogue
from prescreen.contract import Evidence
from prescreen.extractors.values import THERAPY_FACTS, next_sentence_weeks
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
        values = dict(attrs.get(ent, "values") or {})
        sentence = sentence_chars(ent)
        if fact in THERAPY_FACTS and "duration_weeks" not in values and "duration_weeks" in _declared(fact):
            weeks = _next_sentence_weeks(text, sentence[1])
            if weeks is not None:
                values["duration_weeks"] = weeks
        evidence = Evidence(
            note=note_id,
            start=start,
            end=end,
            text=text[start:end],
            section=attrs.get(ent, "note_section"),
            assertion=attrs.get(ent, "assertion") or "present",
            values=values,
            sentence=sentence,
            cues=list(attrs.get(ent, "cues") or []),
        )
        out.append(Mention(fact=fact, evidence=evidence, note_date=note_date, note_index=note_index))
        for also in attrs.get(ent, "also") or ():
            out.append(Mention(fact=also, evidence=evidence.model_copy(), note_date=note_date, note_index=note_index))
    return out


def _declared(fact: str) -> tuple[str, ...]:
    fdef = load_catalogue().facts.get(fact)
    return tuple(fdef.values) if fdef is not None else ()


#: how much of the next sentence is read for a duration that dates the therapy before it
NEXT_SENTENCE_REACH = 120


def _next_sentence_weeks(text: str, sentence_end: int) -> float | None:
    """A duration the next sentence of the same line gives the therapy ('She started meloxicam.
    That was about two months ago.')."""
    i = sentence_end
    while i > 0 and text[i - 1].isspace():
        if text[i - 1] == "\n":
            return None  # the sentence ends its line
        i -= 1
    rest = text[sentence_end : sentence_end + NEXT_SENTENCE_REACH]
    line_end = rest.find("\n")
    return next_sentence_weeks(rest if line_end == -1 else rest[:line_end])


__all__ = ["Mention", "doc_mentions"]
