"""The prescreen ``Language``: a blank English pipeline built from our registered factories."""

from __future__ import annotations

import gc
from functools import lru_cache

import spacy
from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

# Importing the modules registers the factories (also reachable through the entry point).
from prescreen.models import assertion  # noqa: F401
from prescreen.pipeline import abbreviations, context, findings, qualifiers, sections, sentences, targets, values  # noqa: F401
from prescreen.pipeline._extensions import remember_text
from prescreen.pipeline.tokenizer import TOKENIZER_CONFIG

PIPE_NAMES = (
    "prescreen_sentences",
    "prescreen_targets",
    "prescreen_abbreviations",
    "prescreen_findings",
    "prescreen_qualifiers",
    "prescreen_sectionizer",
    "prescreen_context",
    "prescreen_values",
    "prescreen_assertion_model",
)


class PipelineConfig(BaseModel):
    """Which rule sets the pipeline loads (by name, "default", or by path)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    targets: str = "default"
    context: str = "default"
    sections: str = "default"
    negex_termset: str | None = "en_clinical"
    abbreviations: bool = True
    qualifiers: str = "default"
    findings: str = "default"
    #: build the value parsers' regex gates and prefilters with the pipeline (about 0.2 s), so that a
    #: batch's first notes do not pay for them; a one-note command builds them as they are first used
    warm: bool = True
    #: the trained second reader of the rules' affirmations (``prescreen/models/assertion.py``): a
    #: local path, "default" (the model shipped in the package) or None for the rules alone
    assertion_model: str | None = "default"
    #: the model overrides an affirmation when its probability of "present" is under this
    assertion_threshold: float = 0.6


def build_nlp(config: PipelineConfig | None = None) -> Language:
    """Build the pipeline: sentences -> targets -> abbreviations -> exam findings -> qualifiers -> sections -> ConText -> values
    -> the trained assertion model."""
    cfg = config or PipelineConfig()
    nlp = spacy.blank("en", config=TOKENIZER_CONFIG)
    nlp.add_pipe("prescreen_sentences")
    nlp.add_pipe("prescreen_targets", config={"rules": cfg.targets})
    if cfg.abbreviations:
        nlp.add_pipe("prescreen_abbreviations")
    nlp.add_pipe("prescreen_findings", config={"rules": cfg.findings})
    nlp.add_pipe("prescreen_qualifiers", config={"rules": cfg.qualifiers})
    nlp.add_pipe("prescreen_sectionizer", config={"rules": cfg.sections})
    nlp.add_pipe(
        "prescreen_context",
        config={"rules": cfg.context, "negex_termset": cfg.negex_termset, "sections": cfg.sections},
    )
    nlp.add_pipe("prescreen_values", config={"warm": cfg.warm})
    if cfg.assertion_model is not None:
        nlp.add_pipe(
            "prescreen_assertion_model", config={"path": cfg.assertion_model, "threshold": cfg.assertion_threshold}
        )
    keep_input_text(nlp)
    return nlp


def keep_input_text(nlp: Language) -> None:
    """Make ``nlp.make_doc`` (which ``nlp(text)`` and ``nlp.pipe`` call) record each doc's input text,
    so that no component has to join the tokens back into it (``Doc.text`` does, on every access)."""
    tokenize = nlp.make_doc

    def make_doc(text: str) -> Doc:
        doc = tokenize(text)
        remember_text(doc, text)
        return doc

    nlp.make_doc = make_doc  # type: ignore[method-assign]


@lru_cache(maxsize=4)
def get_nlp(config: PipelineConfig | None = None) -> Language:
    """The shared pipeline for a config, built once per process.

    Its objects (vocabulary, compiled rules, matchers: a few hundred thousand) live as long as the
    process, so they are moved to the garbage collector's permanent generation (``gc.freeze``):
    otherwise every full collection while notes are processed scans them all again. Reference
    counting still frees them as usual; only the cyclic collector stops visiting them.
    """
    nlp = build_nlp(config)
    gc.freeze()
    return nlp


__all__ = ["PIPE_NAMES", "PipelineConfig", "build_nlp", "get_nlp"]
