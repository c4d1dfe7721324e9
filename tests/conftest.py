"""Shared fixtures: the bundled example and small real-format note files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "lumbar-radiculopathy"
SECRET = "ZEBRA-PATIENT-SENTENCE-9F3A"


def describe_mentions(ents: Iterable[Span]) -> str:
    """Mentions as a test failure shows them: span, fact (+ also), assertion and cues."""
    described = [
        f"[{e.text}] {e._.fact}{'+' + ','.join(e._.also) if e._.also else ''}/{e._.assertion} (cues: {e._.cues})"
        for e in ents
    ]
    return "; ".join(described) or "no entities"


def overlapping_mentions(doc: Doc, fact: str, mention: str, also: bool = True) -> list[Span]:
    """The processed ``doc``'s ``fact`` mentions (``also``: or second labels) overlapping the first
    ``mention``."""
    start = doc.text.find(mention)
    assert start >= 0, f"mention {mention!r} is not in the snippet"
    end = start + len(mention)
    return [
        e
        for e in doc.ents
        if (e._.fact == fact or (also and fact in (e._.also or ()))) and e.start_char < end and start < e.end_char
    ]


def assert_mention(doc: Doc, fact: str, assertion: str, mention: str) -> None:
    """The processed ``doc`` has a ``fact`` mention overlapping the first ``mention`` with ``assertion``."""
    candidates = overlapping_mentions(doc, fact, mention)
    assert candidates, f"no {fact} mention overlapping {mention!r}; found: {describe_mentions(doc.ents)}"
    assert any(e._.assertion == assertion for e in candidates), (
        f"{fact} mention overlapping {mention!r} is not {assertion}; found: {describe_mentions(candidates)}"
    )


def make_pdf(text_lines: list[str]) -> bytes:
    """A minimal valid PDF with a text layer (Helvetica), built by hand: no PDF library needed."""
    stream_lines = ["BT", "/F1 11 Tf", "72 760 Td", "14 TL"]
    for line in text_lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream_lines.append(f"({escaped}) Tj T*")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.fixture
def example_request() -> Path:
    return EXAMPLE / "request.json"


@pytest.fixture
def secret_note(tmp_path: Path) -> Path:
    p = tmp_path / "office-note.txt"
    p.write_text(
        f"HPI: 61 y/o man with low back pain radiating down the right leg. {SECRET}.\n"
        "He completed 7 weeks of physical therapy without relief and took naproxen x 8 weeks with no improvement.\n"
        "Denies saddle anesthesia, bowel or bladder incontinence.\n",
        encoding="utf-8",
    )
    return p


def rules_nlp() -> Language:
    """The rules of the bundled pipeline, without the trained assertion model: the rule tests test
    what the rules read. The model has its own tests (``tests/models``) and is measured on the corpus."""
    from prescreen.pipeline.nlp import PipelineConfig, get_nlp

    return get_nlp(PipelineConfig(assertion_model=None))


@pytest.fixture(scope="session")
def nlp() -> Language:
    """``rules_nlp()``, built once per process."""
    return rules_nlp()
