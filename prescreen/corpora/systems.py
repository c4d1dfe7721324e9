"""The systems compared on a corpus: prescreen and two baselines a clinical-NLP engineer would try first.

All three use the same target rules, so the comparison isolates assertion, sections and values:
(a) ``negex``: target rules + negspacy NegEx (clinical termset), nothing else;
(b) ``medspacy``: target rules + medspaCy's default pipeline (PyRuSH sentences, default ConText rules)
    and default sectionizer (whose default attributes mark past medical history historical);
(c) ``rules``: the full pipeline without the trained assertion model (``prescreen/models``);
(d) ``prescreen``: the full pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from prescreen.contract import Note
from prescreen.extractors.mentions import Mention, doc_mentions
from prescreen.pipeline.nlp import PipelineConfig, get_nlp
from prescreen.pipeline.run import extract_mentions, process_notes

SYSTEMS = ("negex", "medspacy", "rules", "prescreen")


def _default_tokenizer(nlp: Language) -> None:
    nlp.tokenizer = registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)


def build_negex_baseline() -> Language:
    import negspacy.negation  # noqa: F401  (registers the "negex" factory)
    import spacy
    from negspacy.termsets import termset

    from prescreen.catalogue import load_catalogue

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("prescreen_targets")
    nlp.add_pipe(
        "negex",
        config={"neg_termset": termset("en_clinical").get_patterns(), "ent_types": list(load_catalogue().facts)},
    )
    return nlp


def build_medspacy_baseline() -> Language:
    import medspacy

    from prescreen.pipeline.targets import load_target_rules, to_medspacy_rules

    nlp = medspacy.load(medspacy_enable=["medspacy_pyrush", "medspacy_target_matcher", "medspacy_context"])
    _default_tokenizer(nlp)  # the same tokenization as the target rules were written for
    nlp.get_pipe("medspacy_target_matcher").add(to_medspacy_rules(nlp, load_target_rules()))
    nlp.add_pipe("medspacy_sectionizer", before="medspacy_context")
    return nlp


def _negex_assertion(doc: Doc) -> None:
    for ent in doc.ents:
        ent._.fact = ent.label_
        ent._.assertion = "absent" if ent._.negex else "present"
        ent._.values = {}


def _medspacy_assertion(doc: Doc) -> None:
    for ent in doc.ents:
        ent._.fact = ent.label_
        if ent._.is_family:
            ent._.assertion = "family"
        elif ent._.is_hypothetical:
            ent._.assertion = "hypothetical"
        elif ent._.is_negated:
            ent._.assertion = "absent"
        elif ent._.is_uncertain:
            ent._.assertion = "uncertain"
        elif ent._.is_historical:
            ent._.assertion = "historical"
        else:
            ent._.assertion = "present"
        ent._.values = {}
        try:
            section = ent._.section  # medspaCy's own Section object
            ent._.note_section = section.category if section is not None and hasattr(section, "category") else None
        except AttributeError:
            pass


def _baseline_runner(nlp: Language, post: Callable[[Doc], None]) -> Callable[[Sequence[Note]], list[Mention]]:
    def run(notes: Sequence[Note]) -> list[Mention]:
        out: list[Mention] = []
        for i, note in enumerate(notes):
            doc = nlp(note.text)
            post(doc)
            out.extend(doc_mentions(doc, note.id, note.date, i))
        return out

    return run


def system_runner(name: str) -> Callable[[Sequence[Note]], list[Mention]]:
    """notes -> mentions, for one of SYSTEMS."""
    if name in ("prescreen", "rules"):
        nlp = get_nlp(PipelineConfig(assertion_model=None) if name == "rules" else None)
        return lambda notes: extract_mentions(notes, process_notes(notes, nlp))
    if name == "negex":
        return _baseline_runner(build_negex_baseline(), _negex_assertion)
    if name == "medspacy":
        return _baseline_runner(build_medspacy_baseline(), _medspacy_assertion)
    raise ValueError(f"unknown system {name!r}; choose from {', '.join(SYSTEMS)}")


__all__ = ["SYSTEMS", "build_medspacy_baseline", "build_negex_baseline", "system_runner"]
