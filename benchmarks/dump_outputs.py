"""Dump everything prescreen produces for a corpus, to prove a performance change is output-identical.

For every corpus request: the ``check()`` result as JSON (the contract), and for every note the
sentence boundaries and every entity with its fact, offsets, section, assertion, cues and values.
Run it before and after a change (same corpus, same rules) and compare the files byte for byte::

    python benchmarks/dump_outputs.py --out /tmp/before.jsonl
    # ... change the code ...
    python benchmarks/dump_outputs.py --out /tmp/after.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl && echo identical

``--long-kb 16 64`` adds long notes built from the corpus (where quadratic code paths show).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: A fixed "today" so that requests without dates give the same result on any day.
TODAY = dt.date(2025, 12, 1)


def note_record(doc: Any) -> dict[str, Any]:
    """Sentence starts and every entity of one processed note, as plain data."""
    return {
        "sentences": [s.start_char for s in doc.sents],
        "ents": [
            {
                "start": e.start_char,
                "end": e.end_char,
                "label": e.label_,
                "fact": e._.fact,
                "section": e._.section,
                "assertion": e._.assertion,
                "cues": e._.cues,
                "values": e._.values,
            }
            for e in doc.ents
        ],
    }


def long_note_records(loaded: Any, sizes_kb: list[int]) -> list[str]:
    """Long notes (consecutive corpus notes joined, as the benchmark builds them), note by note."""
    from bench import long_notes  # benchmarks/ is on sys.path when this file runs as a script

    from prescreen.contract import Note
    from prescreen.pipeline.run import process_notes

    items = [(n.text, n.date) for r in loaded.requests for n in r.request.notes]
    lines = []
    for kb in sizes_kb:
        for i, (text, date) in enumerate(long_notes(items, kb, 4 * kb)):
            doc = process_notes([Note(id=f"long-{kb}kb-{i}", text=text, date=date)])[0]
            lines.append(json.dumps({"long_note": f"{kb}kb-{i}", **note_record(doc)}, sort_keys=True, default=str))
    return lines


def dump(corpus: Path, out: Path, long_kb: list[int] | None = None) -> tuple[int, str]:
    from prescreen.corpora.loader import load_corpus
    from prescreen.pipeline.run import check, process_notes
    from prescreen.pipeline.writers import to_json

    loaded = load_corpus(corpus)
    lines = []
    for cr in loaded.requests:
        request = cr.request
        docs = process_notes(request.notes)
        record = {
            "request": request.request_id,
            "notes": {note.id: note_record(doc) for note, doc in zip(request.notes, docs, strict=True)},
            "result": json.loads(to_json(check(request, today=TODAY))),
        }
        lines.append(json.dumps(record, sort_keys=True, default=str, ensure_ascii=False))
    if long_kb:
        lines.extend(long_note_records(loaded, long_kb))
    text = "\n".join(lines) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return len(lines), hashlib.sha256(text.encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "spine")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--long-kb", type=int, nargs="*", default=[], help="also dump long notes of these sizes (KiB), 4 of each"
    )
    args = parser.parse_args(argv)
    n, digest = dump(args.corpus, args.out, args.long_kb)
    print(f"{n} records -> {args.out} sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
