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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from spacy.language import Language
from spacy.pipeline import TextCategorizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

from prescreen.errors import Errors, PrescreenError
from prescreen.extractors.mentions import Mention
from prescreen.models import CUE, OVERRULES_PRESENT
from prescreen.pipeline._extensions import SpanAttrs, doc_text, sentence_chars

if TYPE_CHECKING:
    from prescreen.corpora.loader import CorpusRequest
    from prescreen.corpora.metrics import StatusFigures

#: the model's classes: the assertions, and "none" for words that are no mention of the fact
LABELS = ("present", "absent", "uncertain", "historical", "hypothetical", "family", "none")
NONE = "none"
DEFAULT_MODEL = Path(__file__).parent / "assertion"
_WORD = re.compile(r"[A-Za-z]+|\d+|[?/:;()\-+]")
_LEFT, _RIGHT = 14, 8


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _fact_context(fact: str, left: list[str], middle: list[str], right: list[str]) -> list[str]:
    return [f"FL_{fact}_{w}" for w in left[-3:]] + [f"FR_{fact}_{w}" for w in right[:3]]


def _fact_mention(fact: str, left: list[str], middle: list[str], right: list[str]) -> list[str]:
    return [f"FM_{fact}_{w}" for w in middle]


#: optional feature groups (``--features`` of train and cv), each given the fact and the words
#: before, in and after the mention; a trained model records the ones it was trained with
#: (``meta["prescreen_training"]["features"]``) and reads with them
EXTRA_FEATURES: dict[str, Callable[[str, list[str], list[str], list[str]], list[str]]] = {
    # the fact with each of the nearest three words on either side ("FL_gait_abnormality_no")
    "fact_context": _fact_context,
    # the fact with each word of the mention ("FM_malaise_night")
    "fact_mention": _fact_mention,
}


def features(
    text: str,
    start: int,
    end: int,
    sentence: tuple[int, int] | None,
    fact: str,
    section: str | None,
    assertion: str,
    cues: Sequence[str],
    extra: Sequence[str] = (),
) -> list[str]:
    """The classifier's input for one mention: feature words, each marked with where it comes from.

    ``F_``/``S_``/``A_`` the fact, section and the rules' assertion (and ``FA_`` the two together),
    ``C_`` the words of the rules' cues, ``L_``/``M_``/``R_`` the sentence's words before, in and
    after the mention (the nearest three again as ``L3_``/``R3_``); then the ``extra`` groups of
    ``EXTRA_FEATURES``, by name."""
    s0, s1 = sentence if sentence else (max(0, start - 200), min(len(text), end + 120))
    s0, s1 = min(s0, start), max(s1, end)
    left = _words(text[s0:start])[-_LEFT:]
    right = _words(text[end:s1])[:_RIGHT]
    out = [f"F_{fact}", f"S_{(section or 'none').replace(' ', '_')}", f"A_{assertion}", f"FA_{fact}_{assertion}"]
    for cue in cues:
        out += ["C_" + w for w in _words(cue)[:4]]
    out += ["L_" + w for w in left]
    out += ["L3_" + w for w in left[-3:]]
    middle = _words(text[start:end])
    out += ["M_" + w for w in middle]
    out += ["R_" + w for w in right]
    out += ["R3_" + w for w in right[:3]]
    if not left:
        out.append("L_START")
    if not right:
        out.append("R_END")
    for name in extra:
        out += EXTRA_FEATURES[name](fact, left, middle, right)
    return out


_NO_TOKENIZER = "prescreen_words_only.v1"


@registry.tokenizers(_NO_TOKENIZER)
def _words_only() -> Callable[[Language], Tokenizer]:
    """A tokenizer with no rules, for a pipeline that is given words, not text."""

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


def mention_features(text: str, mention: Mention, extra: Sequence[str] = ()) -> list[str]:
    """``features`` of a mention as the rules read it, in the text of its note."""
    ev = mention.evidence
    return features(text, ev.start, ev.end, ev.sentence, mention.fact, ev.section, ev.assertion, ev.cues, extra)


def model_features(model: Language) -> tuple[str, ...]:
    """The optional feature groups a trained model reads with (none for a model that names none)."""
    return tuple(model.meta.get("prescreen_training", {}).get("features", []))


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
        # the classifier reads Docs built from feature words, never text: an empty tokenizer instead
        # of English's (its 2,700 special cases, built and then read from disk, were 0.2 s of start-up)
        nlp = spacy.load(where, exclude=["tokenizer"], config={"nlp": {"tokenizer": {"@tokenizers": _NO_TOKENIZER}}})
    except (OSError, ValueError) as exc:
        raise PrescreenError(Errors.P039, path=where, reason=type(exc).__name__) from None
    if "textcat" not in nlp.pipe_names or set(_textcat(nlp).labels) != set(LABELS):
        raise PrescreenError(Errors.P039, path=where, reason=f"not a textcat with the labels {', '.join(LABELS)}")
    unknown = [name for name in model_features(nlp) if name not in EXTRA_FEATURES]
    if unknown:
        raise PrescreenError(Errors.P039, path=where, reason=f"trained with unknown features {', '.join(unknown)}")
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
        self.extra = model_features(model)

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
                self.extra,
            )
            for e in affirmed
        ]
        for ent, probs in zip(affirmed, classify(self.model, inputs), strict=True):
            read = reread("present", attrs.get(ent, "cues") or (), probs, self.threshold)
            if read is not None:
                attrs.set(ent, "assertion", read[0])
                attrs.set(ent, "cues", read[1])
        return doc


def second_reading(probs: dict[str, float], threshold: float) -> tuple[str, str] | None:
    """The model's reading of a mention the rules affirm, and its cue: None where it agrees (its
    probability of present is at least ``threshold``), else its most probable other class."""
    if probs["present"] >= threshold:
        return None
    label = max((k for k in probs if k != "present"), key=probs.__getitem__)
    return label, f"{CUE}{label} {probs[label]:.2f}{OVERRULES_PRESENT}"


def reread(
    assertion: str, cues: Sequence[str], probs: dict[str, float], threshold: float
) -> tuple[str, list[str]] | None:
    """The assertion and cues of a mention the rules read as ``assertion`` with ``cues``, once the
    model has read it (``second_reading``): None where it is left alone (not an affirmation, or the
    model agrees). A reading of no mention keeps the rules' assertion and adds only its cue (the
    aggregation doubts it: ``doubted_by_model``)."""
    read = None if assertion != "present" else second_reading(probs, threshold)
    if read is None:
        return None
    label, cue = read
    return (assertion if label == NONE else label), [*cues, cue]


def read_mentions(
    mentions: Sequence[Mention], probs: Sequence[dict[str, float] | None], threshold: float
) -> list[Mention]:
    """The mentions as the component would leave them, given the model's probabilities for each
    (None for a mention it does not read): the same readings and cues, on copies."""
    out = []
    for m, p in zip(mentions, probs, strict=True):
        read = None if p is None else reread(m.evidence.assertion, m.evidence.cues, p, threshold)
        if read is not None:
            update = {"assertion": read[0], "cues": read[1]}
            m = m.model_copy(update={"evidence": m.evidence.model_copy(update=update)})
        out.append(m)
    return out


@Language.factory(
    "prescreen_assertion_model",
    assigns=["span._.assertion", "span._.cues"],
    requires=["span._.fact", "span._.assertion"],
    default_config={"path": "default", "threshold": 0.6},
)
def make_assertion_model(nlp: Language, name: str, path: str, threshold: float) -> AssertionModel:
    return AssertionModel(load_model(path), threshold)


# Training ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestMentions:
    """One corpus request's mentions as the rules read them, each with the model's input and its
    label: the gold assertion of the gold mention it overlaps (the evaluation's matching) or none."""

    request: "CorpusRequest"
    mentions: list[Mention]
    inputs: list[list[str]]
    labels: list[str]


def corpus_mentions(corpus_dir: Path, split: str = "dev", extra: Sequence[str] = ()) -> list[RequestMentions]:
    """The rules' mentions of every request in a corpus split, labelled (``RequestMentions``), with
    the ``extra`` feature groups in their inputs."""
    from prescreen.corpora.loader import load_corpus
    from prescreen.corpora.metrics import MentionRecord, match_mentions
    from prescreen.pipeline.nlp import PipelineConfig, get_nlp
    from prescreen.pipeline.run import extract_mentions, process_notes

    nlp = get_nlp(PipelineConfig(assertion_model=None))
    out = []
    for cr in load_corpus(corpus_dir).split(split):
        rid, notes = cr.request.request_id, cr.request.notes
        texts = {n.id: n.text for n in notes}
        mentions = extract_mentions(notes, process_notes(notes, nlp))
        gold = [MentionRecord(rid, g.note, g.fact, g.start, g.end, g.assertion) for g in cr.gold.mentions]
        pred = [MentionRecord(rid, m.evidence.note, m.fact, m.evidence.start, m.evidence.end, "") for m in mentions]
        matched = {id(p): g.assertion for g, p in match_mentions(gold, pred, exact=False)}
        inputs = [mention_features(texts[m.evidence.note], m, extra) for m in mentions]
        out.append(RequestMentions(cr, mentions, inputs, [matched.get(id(p), NONE) for p in pred]))
    return out


def corpus_examples(corpus_dir: Path, split: str = "dev", extra: Sequence[str] = ()) -> list[tuple[list[str], str]]:
    """The rules' mentions in a corpus split as training examples (input, label)."""
    return [ex for r in corpus_mentions(corpus_dir, split, extra) for ex in zip(r.inputs, r.labels, strict=True)]


def challenge_examples(paths: Iterable[Path], extra: Sequence[str] = ()) -> list[tuple[list[str], str]]:
    """The rules' mentions that overlap a challenge row's labelled mention, labelled as the row is."""
    from prescreen.corpora.challenge import load_challenge, row_mentions
    from prescreen.pipeline.nlp import PipelineConfig, get_nlp

    rows = [r for p in sorted(paths) for r in load_challenge(p)]
    out: list[tuple[list[str], str]] = []
    for row, mentions in zip(rows, row_mentions(rows, get_nlp(PipelineConfig(assertion_model=None))), strict=True):
        out += [(mention_features(row.text, m, extra), row.assertion) for m in mentions]
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


def request_scores(requests: Sequence[RequestMentions], mentions: Sequence[list[Mention]]) -> "StatusFigures":
    """The request-level figures of ``prescreen evaluate`` for the requests with these mentions."""
    from prescreen.corpora.metrics import status_figures
    from prescreen.pipeline.run import request_facts

    gold: dict[str, dict[str, str]] = {}
    pred: dict[str, dict[str, str]] = {}
    for r, ms in zip(requests, mentions, strict=True):
        rid = r.request.request.request_id
        gold[rid] = {f: g.status for f, g in r.request.gold.facts.items()}
        pred[rid] = {f.id: f.status for f in request_facts(r.request.request, ms)}
    return status_figures(gold, pred)


def cross_validate(
    requests: Sequence[RequestMentions],
    extra: Sequence[tuple[list[str], str]],
    thresholds: Sequence[float],
    folds: int = 5,
    seed: int = 0,
    **train_args: int,
) -> dict[str, "StatusFigures"]:
    """Figures for the rules alone and for the model at each threshold, every request read by a
    model trained without it: the requests are dealt into ``folds`` by a seeded shuffle, and each
    fold is read by a model trained on the others and on ``extra`` (the challenge examples)."""
    order = list(range(len(requests)))
    random.Random(seed).shuffle(order)
    fold_of = {i: k % folds for k, i in enumerate(order)}
    probs: list[list[dict[str, float]]] = [[] for _ in requests]
    for k in range(folds):
        held = [i for i in range(len(requests)) if fold_of[i] == k]
        examples = [
            ex for i, r in enumerate(requests) if fold_of[i] != k for ex in zip(r.inputs, r.labels, strict=True)
        ]
        model = train([*examples, *extra], seed=seed, **train_args)
        for i in held:
            probs[i] = classify(model, requests[i].inputs)
    out = {"rules": request_scores(requests, [r.mentions for r in requests])}
    for t in thresholds:
        read = [read_mentions(r.mentions, p, t) for r, p in zip(requests, probs, strict=True)]
        out[f"{t:g}"] = request_scores(requests, read)
    return out


def _train_command(args: argparse.Namespace) -> int:
    examples = corpus_examples(args.corpus, args.split, args.features)
    from_corpus = len(examples)
    examples += challenge_examples(args.challenge, args.features)
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
                "features": list(args.features),
            },
        }
    )
    nlp.to_disk(args.out)
    print(json.dumps(nlp.meta["prescreen_training"]))
    return 0


def _cv_command(args: argparse.Namespace) -> int:
    requests = corpus_mentions(args.corpus, args.split, args.features)
    scores = cross_validate(
        requests,
        challenge_examples(args.challenge, args.features),
        args.thresholds,
        args.folds,
        args.seed,
        epochs=args.epochs,
        length=args.length,
    )
    with_features = f", features {', '.join(args.features)}" if args.features else ""
    print(
        f"{args.folds}-fold cross-validation by request, {args.corpus} {args.split} ({len(requests)} requests), "
        f"seed {args.seed}{with_features}\n"
    )
    print("| reading | affirmed F1 | denied F1 | suspected F1 | denied reported present |")
    print("|---|---|---|---|---|")
    for name, sc in scores.items():
        label = name if name == "rules" else f"model at {name}"
        print(f"| {label} | {sc.affirmed:.3f} | {sc.denied:.3f} | {sc.suspected:.3f} | {sc.denied_reported_present} |")
    return 0


def _thresholds(value: str) -> list[float]:
    """``--thresholds``: comma-separated probabilities in (0, 1]."""
    try:
        out = [float(x) for x in value.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {value!r}") from None
    if not all(0.0 < t <= 1.0 for t in out):
        raise argparse.ArgumentTypeError(f"thresholds must be in (0, 1]: {value!r}")
    return out


def _features(value: str) -> list[str]:
    """``--features``: comma-separated names of ``EXTRA_FEATURES`` (empty: none)."""
    out = [x.strip() for x in value.split(",") if x.strip()]
    unknown = [x for x in out if x not in EXTRA_FEATURES]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown feature group {', '.join(unknown)}; known: {', '.join(EXTRA_FEATURES)}"
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m prescreen.models.assertion",
        description="Train the assertion model on a corpus split and challenge sets, or choose its threshold.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train and save the model")
    c = sub.add_parser("cv", help="cross-validate by request: figures for the rules alone and each threshold")
    for p in (t, c):
        p.add_argument("--corpus", type=Path, default=Path("corpora/spine"))
        p.add_argument("--split", default="dev", choices=("dev", "test", "all"))
        p.add_argument("--challenge", type=Path, nargs="*", default=sorted(Path("corpora/challenge").glob("*.tsv")))
        p.add_argument("--epochs", type=int, default=6)
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--length", type=int, default=2**18, help="hashed feature rows of the bag of words")
        p.add_argument(
            "--features",
            type=_features,
            default=[],
            help=f"optional feature groups, comma-separated: {', '.join(EXTRA_FEATURES)} (default none)",
        )
    t.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    c.add_argument("--folds", type=int, default=5)
    c.add_argument(
        "--thresholds",
        type=_thresholds,
        default=[0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
        help="comma-separated, e.g. 0.5,0.6",
    )
    args = parser.parse_args(argv)
    if args.command == "cv" and args.folds < 2:
        parser.error(f"--folds must be at least 2, not {args.folds}")
    return _train_command(args) if args.command == "train" else _cv_command(args)


if __name__ == "__main__":
    sys.exit(main())


__all__ = [
    "DEFAULT_MODEL",
    "EXTRA_FEATURES",
    "LABELS",
    "AssertionModel",
    "RequestMentions",
    "challenge_examples",
    "classify",
    "corpus_examples",
    "corpus_mentions",
    "cross_validate",
    "features",
    "load_model",
    "mention_features",
    "model_features",
    "read_mentions",
    "request_scores",
    "reread",
    "second_reading",
    "train",
]
