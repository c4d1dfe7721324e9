"""Long notes: chunked ConText gives exactly the whole-document result, and chunks never cut an entity."""

from __future__ import annotations

import itertools

import pytest

import prescreen.pipeline.context as context_module
from prescreen.corpora.loader import load_corpus
from prescreen.pipeline.context import sentence_chunks
from prescreen.pipeline.nlp import build_nlp
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def long_note() -> str:
    corpus = load_corpus(ROOT / "corpora" / "spine")
    texts = [n.text for r in corpus.requests[:40] for n in r.request.notes]
    return "\n\n".join(texts)[:40_000]


def _annotations(nlp, text: str) -> list[tuple]:
    doc = nlp(text)
    return [(e.start_char, e.end_char, e._.fact, e._.assertion, tuple(e._.cues or ())) for e in doc.ents]


def test_chunked_context_equals_whole_document_context(long_note: str, monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = build_nlp()
    monkeypatch.setattr(context_module, "CHUNK_TOKENS", 10**9)
    whole = _annotations(nlp, long_note)
    monkeypatch.setattr(context_module, "CHUNK_TOKENS", 800)
    chunked = _annotations(nlp, long_note)
    assert len(whole) > 300
    assert chunked == whole


def test_sentence_chunks_cover_the_doc_and_never_cut_an_entity(long_note: str) -> None:
    nlp = build_nlp()
    doc = nlp(long_note)
    chunks = sentence_chunks(doc, 500)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(doc) and len(chunks) > 5
    for (_, end), (start, _) in itertools.pairwise(chunks):
        assert end == start and doc[start].is_sent_start
    for ent in doc.ents:
        assert any(s <= ent.start and ent.end <= e for s, e in chunks)


def test_sections_survive_medspacy_being_imported_first() -> None:
    """medspaCy registers its own Span._.section / Doc._.sections; ours must not depend on import order."""
    import subprocess
    import sys

    code = (
        "import medspacy, medspacy.section_detection\n"
        "from prescreen.pipeline.nlp import build_nlp\n"
        "doc = build_nlp()('RETURN PRECAUTIONS:\\nNumbness in the groin or saddle area.')\n"
        "print([(e._.note_section, e._.assertion) for e in doc.ents])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert "('patient instructions', 'hypothetical')" in out
