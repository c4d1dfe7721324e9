"""Small real-format notes for the batch annotation tests, and helpers to compare output folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SECRET

NOTES = {
    "office-a": (
        "HPI: 54 y/o woman with low back pain radiating down the left leg for 10 weeks. "
        f"She completed 8 weeks of physical therapy without relief. {SECRET}\n"
        "Denies saddle anesthesia or bowel incontinence. Mother had lumbar stenosis.\n"
        "Pacemaker in place, MRI contraindicated.\n"
    ),
    "office-b": (
        "Assessment: lumbar radiculopathy. Took naproxen x 6 weeks with no improvement.\r\n"
        "Possible cauda equina syndrome? No fever. Will consider PT if pain persists.\r\n"
    ),
    "xr-c": "Lumbar spine x-ray 2025-08-01: mild degenerative disc disease at L4-L5. No fracture.\n",
    "pt-d": "PT discharge: 12 sessions of physical therapy over 6 weeks, back pain unchanged. Café au lait spots noted 🙂 no ataxia.\n",
}


def write_notes(folder: Path, notes: dict[str, str] | None = None) -> Path:
    """Write notes as UTF-8 .txt files (newlines kept as given) and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for note_id, text in (notes or NOTES).items():
        (folder / f"{note_id}.txt").write_bytes(text.encode("utf-8"))
    return folder


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    return write_notes(tmp_path / "notes")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def snapshot(out: Path) -> dict[str, Any]:
    """Every output file of a run, comparable across runs (DocBin and Parquet decoded, journal left out)."""
    import pyarrow.parquet as pq
    import spacy
    from spacy.tokens import DocBin

    import prescreen.pipeline._extensions  # noqa: F401

    snap: dict[str, Any] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if not path.is_file() or rel.startswith(".prescreen/"):
            continue
        if path.suffix == ".spacy":
            docs = DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)
            snap[rel] = [
                (
                    d.text,
                    [(s.start_char, s.end_char, s.label_, s._.assertion) for s in d.spans["prescreen"]],
                    json.loads(d.user_data["prescreen"]),
                )
                for d in docs
            ]
        elif path.suffix == ".parquet":
            snap[rel] = pq.read_table(path).to_pylist()
        else:
            snap[rel] = path.read_bytes()
    return snap
