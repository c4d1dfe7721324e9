"""A trained second reader of the rules' affirmations (``prescreen_assertion_model``).

The rules (targets, ConText, sections) decide every mention's assertion. This component then reads
each mention the rules affirm with a linear text classifier (spaCy's ``TextCatBOW``: a bag of
hashed words and word pairs) trained on the corpus's dev split and the challenge sets, and speaks
only where it disagrees strongly: when its probability that the mention is affirmed is under
``threshold``, the mention takes the model's reading (denied, uncertain, historical, hypothetical
or family). When the model reads it as no mention of the fact at all, the mention keeps the rules'
reading and the request's facts count it as uncertain (``aggregate``): it stays as evidence for the
reviewer, and its fact is suspected unless another mention affirms it. Either way the mention carries
a cue naming the model's reading and probability ("model: none 0.74 (rules: present)"). Denials and
every other reading of the rules are left as they are.

The classifier sees what a reviewer would: the fact, the section, the rules' reading and cues, the
words of the mention and of its sentence to either side (``features``). It is loaded from a local
path (``PipelineConfig.assertion_model``), never downloaded; ``python -m prescreen.models.assertion
train`` rebuilds it from the corpus (see ``prescreen/models/README.md``, the model card).
"""

import argparse
import json
import random
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import cast

from spacy.language import Language
from spacy.pipeline import TextCategorizer
from spacy.tokens import Doc

from prescreen.errors import Errors, PrescreenError
from prescreen.models import CUE
from prescreen.pipeline._extensions import SpanAttrs, doc_text, sentence_chars

#: the model's classes: the assertions, and "none" for words that are no mention of the fact
LABELS = ("present", "absent", "uncertain", "historical", "hypothetical", "family", "none")
NONE = "none"
DEFAULT_MODEL = Path(__file__).parent / "assertion"
_WORD = re.compile(r"[A-Za-z]+|\d+|[?/:;()\-+]")
_LEFT, _RIGHT = 14, 8


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def features(
    text: str,
    start: int,
    end: int,
    sentence: tuple[int, int] | None,
    fact: str,
    section: str | None,
    assertion: str,
    cues: Sequence[str],
) -> list[str]:
    """The classifier's input for one mention: feature words, each marked with where it comes from.

    ``F_``/``S_``/``A_`` the fact, section and the rules' assertion (and ``FA_`` the two together),
    ``C_`` the words of the rules' cues, ``L_``/``M_``/``R_`` the sentence's words before, in and
    after the mention (the nearest three again as ``L3_``/``R3_``)."""
    s0, s1 = sentence if sentence else (max(0, start - 200), min(len(text), end + 120))
    s0, s1 = min(s0, start), max(s1, end)
    left = _words(text[s0:start])[-_LEFT:]
    right = _words(text[end:s1])[:_RIGHT]
    out = [f"F_{fact}", f"S_{(section or 'none').replace(' ', '_')}", f"A_{assertion}", f"FA_{fact}_{assertion}"]
    for cue in cues:
        out += ["C_" + w for w in _words(cue)[:4]]
    out += ["L_" + w for w in left]
    out += ["L3_" + w for w in left[-3:]]
    out += ["M_" + w for w in _words(text[start:end])]
    out += ["R_" + w for w in right]
    out += ["R3_" + w for w in right[:3]]
    if not left:
        out.append("L_START")
    if not right:
        out.append("R_END")
    return out


def resolve_path(path: str) -> Path:
    return DEFAULT_MODEL if path == "default" else Path(path)


def _textcat(nlp: Language) -> TextCategorizer:
    return cast(TextCategorizer, nlp.get_pipe("textcat"))


def load_model(path: str) -> Language:
    """The trained classifier at ``path`` ("default": the one shipped in the package)."""
    import spacy

    where = resolve_path(path)
    if not (where / "config.cfg").is_file():
        raise PrescreenError(Errors.P039, path=where, reason="no config.cfg there")
    try:
        nlp = spacy.load(where)
    except (OSError, ValueError) as exc:
        raise PrescreenError(Errors.P039, path=where, reason=type(exc).__name__) from None
    if "textcat" not in nlp.pipe_names or set(_textcat(nlp).labels) != set(LABELS):
        raise PrescreenError(Errors.P039, path=where, reason=f"not a textcat with the labels {', '.join(LABELS)}")
    return nlp


def classify(model: Language, inputs: Sequence[list[str]]) -> list[dict[str, float]]:
    """The class probabilities of each input."""
    textcat = _textcat(model)
    docs = (Doc(model.vocab, words=words) for words in inputs)
    return [doc.cats for doc in textcat.pipe(docs, batch_size=256)]


class AssertionModel:
    """Second reading of the mentions the rules affirm; see the module docstring."""

    def __init__(self, model: Language, threshold: float) -> None:
        if not 0.0 < threshold <= 1.0:
            raise PrescreenError(Errors.P039, path="(threshold)", reason=f"threshold {threshold} not in (0, 1]")
        self.model = model
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        attrs = SpanAttrs(doc)
        affirmed = [e for e in doc.ents if attrs.get(e, "fact") and attrs.get(e, "assertion") == "present"]
        if not affirmed:
            return doc
        text = doc_text(doc)
        inputs = [
            features(
                text,
                e.start_char,
                e.end_char,
                sentence_chars(e),
                attrs.get(e, "fact"),
                attrs.get(e, "note_section"),
                "present",
                attrs.get(e, "cues") or (),
            )
            for e in affirmed
        ]
        for ent, probs in zip(affirmed, classify(self.model, inputs), strict=True):
            if probs["present"] >= self.threshold:
                continue
            label = max((k for k in probs if k != "present"), key=probs.__getitem__)
            if label != NONE:
                attrs.set(ent, "assertion", label)
            cue = f"{CUE}{label} {probs[label]:.2f} (rules: present)"
            attrs.set(ent, "cues", [*(attrs.get(ent, "cues") or ()), cue])
        return doc


@Language.factory(
    "prescreen_assertion_model",
    assigns=["span._.assertion", "span._.cues"],
    requires=["span._.fact", "span._.assertion"],
    default_config={"path": "default", "threshold": 0.6},
)
def make_assertion_model(nlp: Language, name: str, path: str, threshold: float) -> AssertionModel:
    return AssertionModel(load_model(path), threshold)


# Training ------------------------------------------------------------------------------------------


def corpus_examples(corpus_dir: Path, split: str = "dev") -> list[tuple[list[str], str]]:
    """The rules' mentions in a corpus split, each labelled with the gold assertion of the gold
    mention it overlaps (the evaluation's matching) or ``none``."""
    from prescreen.corpora.loader import load_corpus
    from prescreen.corpora.metrics import MentionRecord, match_mentions
    from prescreen.pipeline.nlp import PipelineConfig, get_nlp
    from prescreen.pipeline.run import extract_mentions, process_notes

    nlp = get_nlp(PipelineConfig(assertion_model=None))
    out: list[tuple[list[str], str]] = []
    for cr in load_corpus(corpus_dir).split(split):
        rid, notes = cr.request.request_id, cr.request.notes
        texts = {n.id: n.text for n in notes}
        mentions = extract_mentions(notes, process_notes(notes, nlp))
        gold = [MentionRecord(rid, g.note, g.fact, g.start, g.end, g.assertion) for g in cr.gold.mentions]
        pred = [MentionRecord(rid, m.evidence.note, m.fact, m.evidence.start, m.evidence.end, "") for m in mentions]
        matched = {id(p): g.assertion for g, p in match_mentions(gold, pred, exact=False)}
        for m, p in zip(mentions, pred, strict=True):
            ev = m.evidence
            words = features(texts[ev.note], ev.start, ev.end, ev.sentence, m.fact, ev.section, ev.assertion, ev.cues)
            out.append((words, matched.get(id(p), NONE)))
    return out


def challenge_examples(paths: Iterable[Path]) -> list[tuple[list[str], str]]:
    """The rules' mentions that overlap a challenge row's labelled mention, labelled as the row is."""
    from prescreen.corpora.challenge import load_challenge, row_mentions
    from prescreen.pipeline.nlp import PipelineConfig, get_nlp

    rows = [r for p in sorted(paths) for r in load_challenge(p)]
    out: list[tuple[list[str], str]] = []
    for row, mentions in zip(rows, row_mentions(rows, get_nlp(PipelineConfig(assertion_model=None))), strict=True):
        for m in mentions:
            ev = m.evidence
            words = features(row.text, ev.start, ev.end, ev.sentence, m.fact, ev.section, ev.assertion, ev.cues)
            out.append((words, row.assertion))
    return out


def train(examples: Sequence[tuple[list[str], str]], epochs: int = 6, seed: int = 0, length: int = 2**18) -> Language:
    """A TextCatBOW classifier over the examples (feature words, label), trained with Adam in
    batches of 64; deterministic for a seed."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = cast(
        TextCategorizer,
        nlp.add_pipe(
            "textcat",
            config={
                "model": {
                    "@architectures": "spacy.TextCatBOW.v3",
                    "exclusive_classes": True,
                    "ngram_size": 2,
                    "no_output_layer": False,
                    "length": length,
                }
            },
        ),
    )
    for label in LABELS:
        textcat.add_label(label)
    data = [
        Example.from_dict(Doc(nlp.vocab, words=words), {"cats": {k: float(k == label) for k in LABELS}})
        for words, label in examples
    ]
    optimizer = nlp.initialize(lambda: data[:500])
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(data)
        for batch in minibatch(data, size=64):
            nlp.update(batch, sgd=optimizer)
    return nlp


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m prescreen.models.assertion",
        description="Train the assertion model on a corpus split and challenge sets, and save it.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train and save the model")
    t.add_argument("--corpus", type=Path, default=Path("corpora/spine"))
    t.add_argument("--split", default="dev", choices=("dev", "test", "all"))
    t.add_argument("--challenge", type=Path, nargs="*", default=sorted(Path("corpora/challenge").glob("*.tsv")))
    t.add_argument("--epochs", type=int, default=6)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--length", type=int, default=2**18, help="hashed feature rows of the bag of words")
    t.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    args = parser.parse_args(argv)
    examples = corpus_examples(args.corpus, args.split)
    from_corpus = len(examples)
    examples += challenge_examples(args.challenge)
    nlp = train(examples, args.epochs, args.seed, args.length)
    nlp.meta.update(
        {
            "name": "prescreen_assertion",
            "description": "second reading of the rules' affirmations (prescreen/models/README.md)",
            "prescreen_training": {
                "corpus": str(args.corpus),
                "split": args.split,
                "corpus_mentions": from_corpus,
                "challenge_sets": len(args.challenge),
                "challenge_mentions": len(examples) - from_corpus,
                "labels": {k: sum(1 for _, y in examples if y == k) for k in LABELS},
                "epochs": args.epochs,
                "seed": args.seed,
                "length": args.length,
            },
        }
    )
    nlp.to_disk(args.out)
    print(json.dumps(nlp.meta["prescreen_training"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = [
    "DEFAULT_MODEL",
    "LABELS",
    "AssertionModel",
    "challenge_examples",
    "classify",
    "corpus_examples",
    "features",
    "load_model",
    "train",
]
