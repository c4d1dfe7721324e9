"""Human-corrected annotations (brat, Label Studio exports) -> the annotated corpus format.

Each request becomes ``CORPUS/requests/<id>/`` with ``request.json``, one ``<note>.txt`` per note and
``gold.json`` (``corpora/FORMAT.md``): the corrected mentions, and the document-level facts they
imply, aggregated with prescreen's precedence (``prescreen.extractors.aggregate``). Policy
determinations are left for an adjudicator. Every written request is loaded back with the corpus
loader, so offsets that do not match the text fail here (P018), not in a later evaluation.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prescreen.annotate.formats import write_text_atomic
from prescreen.annotate.formats.brat import read_brat, safe_name
from prescreen.annotate.formats.labelstudio import read_labelstudio
from prescreen.annotate.records import AnnotatedRequest
from prescreen.contract import Evidence
from prescreen.corpora.loader import load_request_dir
from prescreen.errors import Errors, PrescreenError
from prescreen.extractors.aggregate import aggregate
from prescreen.extractors.mentions import Mention

log = logging.getLogger(__name__)

SOURCES = ("brat", "labelstudio")
_REQUEST_FIELDS = ("request_id", "cpt", "request_date", "patient", "ordering_specialty", "facts")


@dataclass
class ConvertSummary:
    """What a conversion wrote."""

    requests: int = 0
    notes: int = 0
    mentions: int = 0
    left_out: int = 0
    path: Path | None = None

    def line(self) -> str:
        """A one-line summary (counts only)."""
        extra = f" ({self.left_out} notes left out: not annotated)" if self.left_out else ""
        return f"converted {self.requests} requests, {self.notes} notes, {self.mentions} mentions -> {self.path}{extra}"


def gold_facts(request: AnnotatedRequest) -> dict[str, dict[str, Any]]:
    """Document-level facts of the corrected mentions, with prescreen's precedence and value merging."""
    mentions = [
        Mention(
            fact=m.fact,
            evidence=Evidence(
                note=note.id, start=m.start, end=m.end, text=m.text, assertion=m.assertion, values=m.values
            ),
            note_date=note.date,
            note_index=i,
        )
        for i, note in enumerate(request.notes)
        for m in note.mentions
    ]
    return {f.id: {"status": f.status, "values": f.values} for f in aggregate(mentions)}


def write_request(request: AnnotatedRequest, root: Path, cpt: str | None, comment: str) -> Path:
    """One request folder of the corpus: request.json, note files, gold.json."""
    meta = {k: request.request[k] for k in _REQUEST_FIELDS if request.request.get(k) is not None}
    meta.setdefault("cpt", cpt)
    if not meta.get("cpt"):
        raise PrescreenError(Errors.P009, reason=f"request '{request.request_id}' has no CPT code: give --cpt")
    folder = root / "requests" / safe_name(request.request_id)
    notes = []
    mentions: list[dict[str, Any]] = []
    for note in request.notes:
        name = f"{safe_name(note.id)}.txt"
        write_text_atomic(folder / name, note.text)
        notes.append({"id": note.id, "date": note.date.isoformat() if note.date else None, "file": name})
        mentions.extend(
            {
                "fact": m.fact,
                "note": note.id,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "assertion": m.assertion,
                "values": m.values,
            }
            for m in note.mentions
        )
    gold = {"mentions": mentions, "facts": gold_facts(request), "comment": comment}
    write_text_atomic(
        folder / "request.json", json.dumps({**meta, "notes": notes}, indent=2, ensure_ascii=False) + "\n"
    )
    write_text_atomic(folder / "gold.json", json.dumps(gold, indent=2, ensure_ascii=False) + "\n")
    return folder


def write_corpus(
    requests: Sequence[AnnotatedRequest], out: Path, cpt: str | None = None, comment: str = ""
) -> ConvertSummary:
    """Write requests as a corpus under ``out`` and check each with the corpus loader."""
    ids = [r.request_id for r in requests]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise PrescreenError(Errors.P037, what="request id", value=dupes[0], where="the annotations")
    summary = ConvertSummary(path=out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PrescreenError(Errors.P019, path=out, reason=exc.strerror or type(exc).__name__) from None
    for request in requests:
        folder = write_request(request, out, cpt, comment)
        load_request_dir(folder)
        summary.requests += 1
        summary.notes += len(request.notes)
        summary.mentions += sum(len(n.mentions) for n in request.notes)
    return summary


def convert(
    source: Path | str,
    source_format: str,
    out: Path | str,
    cpt: str | None = None,
    include_predictions: bool = False,
) -> ConvertSummary:
    """Convert a brat collection (folder) or a Label Studio JSON export (file) into a corpus."""
    path, out_dir = Path(source), Path(out)
    if source_format not in SOURCES:
        raise PrescreenError(Errors.P031, what="annotation format", value=source_format, known=", ".join(SOURCES))
    if not path.exists():
        raise PrescreenError(Errors.P038, path=path)
    left_out = 0
    if source_format == "brat":
        requests = read_brat(path)
    else:
        requests, left_out = read_labelstudio(path, include_predictions)
    if not requests:
        raise PrescreenError(Errors.P036, kind=source_format, where=path, reason="no annotated notes")
    summary = write_corpus(requests, out_dir, cpt, comment=f"converted from {source_format} by prescreen convert")
    summary.left_out = left_out
    log.info("%s", summary.line())
    return summary


__all__ = ["SOURCES", "ConvertSummary", "convert", "gold_facts", "write_corpus", "write_request"]
