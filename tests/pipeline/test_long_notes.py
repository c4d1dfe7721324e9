"""Long notes: ConText run sentence by sentence gives exactly medspaCy's whole-document ConText."""

from __future__ import annotations

import copy

import pytest
import spacy
from medspacy.context import ConText
from spacy.language import Language
from spacy.tokens import Doc

from prescreen.corpora.loader import load_corpus
from prescreen.pipeline.nlp import PipelineConfig, build_nlp
from tests.conftest import ROOT
from tests.pipeline.spacy_reference import for_spacy, mark_items


@pytest.fixture(scope="module")
def long_note() -> str:
    corpus = load_corpus(ROOT / "corpora" / "spine")
    texts = [n.text for r in corpus.requests[:40] for n in r.request.notes]
    return "\n\n".join(texts)[:24_000]


def tokenizer_only(nlp: Language) -> Language:
    """A Language with ``nlp``'s vocabulary and tokenizer and no components (what ConText needs)."""
    light = spacy.blank(nlp.lang or "en", vocab=nlp.vocab)
    light.tokenizer = nlp.tokenizer
    return light


def _modifiers(doc: Doc) -> list[tuple]:
    return [
        (e.start, e.end, e.label_, [(m.category, m.modifier_span, m.scope_span) for m in e._.modifiers])
        for e in doc.ents
    ]


def test_sentence_graphs_equal_medspacy_context_over_the_whole_note(long_note: str) -> None:
    nlp = build_nlp(PipelineConfig(assertion_model=None))
    ours = nlp(long_note)
    assertions = nlp.get_pipe("prescreen_context")
    # the same doc up to ConText, then medspaCy's own ConText over the whole note with the same rules
    theirs = nlp.make_doc(long_note)
    for name, pipe in nlp.pipeline:
        if name == "prescreen_context":
            break
        theirs = pipe(theirs)
    context = ConText(tokenizer_only(nlp), rules=None, span_attrs=None)
    rules = [copy.copy(rule) for rule in assertions.rules]
    for rule in rules:
        if rule.pattern is not None:
            rule.pattern = for_spacy(rule.pattern)
    context.add(rules)
    context(mark_items(theirs))
    expected = _modifiers(theirs)
    assert len(expected) > 300 and sum(1 for *_, mods in expected if mods) > 100
    assert _modifiers(ours) == expected


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
