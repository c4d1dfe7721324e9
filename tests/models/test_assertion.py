"""The trained assertion model: its input, its training, loading it, and what it may change."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from prescreen.contract import Note
from prescreen.corpora.loader import load_corpus
from prescreen.errors import PrescreenError
from prescreen.extractors.aggregate import aggregate
from prescreen.models import NOT_A_MENTION, assertion
from prescreen.models.assertion import (
    LABELS,
    AssertionModel,
    RequestMentions,
    classify,
    corpus_mentions,
    cross_validate,
    features,
    load_model,
    mention_features,
    read_mentions,
    request_scores,
    second_reading,
    train,
)
from prescreen.pipeline.nlp import PipelineConfig, get_nlp
from prescreen.pipeline.run import extract_mentions, process_notes

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "spine"
TEXT = "HPI: Low back pain. Return to the ED for saddle anesthesia or retention.\n"


def test_features_mark_where_each_word_comes_from() -> None:
    start = TEXT.index("saddle anesthesia")
    words = features(
        TEXT, start, start + 17, (20, 72), "saddle_anesthesia", "history of present illness", "present", ["if"]
    )
    assert words[:4] == [
        "F_saddle_anesthesia",
        "S_history_of_present_illness",
        "A_present",
        "FA_saddle_anesthesia_present",
    ]
    assert "C_if" in words and "M_saddle" in words and "M_anesthesia" in words
    assert [w for w in words if w.startswith("L3_")] == ["L3_the", "L3_ed", "L3_for"]
    assert [w for w in words if w.startswith("R3_")] == ["R3_or", "R3_retention"]
    # the sentence bounds the context: nothing from "Low back pain"
    assert "L_pain" not in words


def test_optional_feature_groups_pair_the_fact_with_its_words_only_when_asked() -> None:
    start = TEXT.index("saddle anesthesia")
    args = (TEXT, start, start + 17, (20, 72), "saddle_anesthesia", None, "present", [])
    plain = features(*args)
    assert not [w for w in plain if w.startswith(("FL_", "FR_", "FM_"))]
    both = features(*args, ("fact_context", "fact_mention"))
    assert both[: len(plain)] == plain
    assert both[len(plain) :] == [
        "FL_saddle_anesthesia_the",
        "FL_saddle_anesthesia_ed",
        "FL_saddle_anesthesia_for",
        "FR_saddle_anesthesia_or",
        "FR_saddle_anesthesia_retention",
        "FM_saddle_anesthesia_saddle",
        "FM_saddle_anesthesia_anesthesia",
    ]


def test_a_model_reads_with_the_feature_groups_it_was_trained_with(tmp_path: Path) -> None:
    nlp = train(_toy_examples(), epochs=2, seed=1, length=2**10)
    nlp.meta["prescreen_training"] = {"features": ["fact_context"]}
    nlp.to_disk(tmp_path / "m")
    model = load_model(str(tmp_path / "m"))
    assert AssertionModel(model, 0.6).extra == ("fact_context",)
    nlp.meta["prescreen_training"] = {"features": ["fact_context", "sentence_embeddings"]}
    nlp.to_disk(tmp_path / "m")
    with pytest.raises(PrescreenError, match=r"P039.*trained with unknown features sentence_embeddings"):
        load_model(str(tmp_path / "m"))


def _toy_examples() -> list[tuple[list[str], str]]:
    """A cue word decides the label: 'maybe' -> uncertain, 'never' -> absent, else present."""
    out = []
    for i in range(30):
        for cue, label in (("maybe", "uncertain"), ("never", "absent"), ("today", "present")):
            out.append((["F_fever", "A_present", f"L_{cue}", "M_fever", f"R_w{i % 5}"], label))
    return out


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("model") / "toy"
    train(_toy_examples(), epochs=10, seed=1, length=2**10).to_disk(path)
    return path


def test_training_learns_and_a_seed_makes_it_repeatable(toy: Path) -> None:
    model = load_model(str(toy))
    probe = [["F_fever", "A_present", f"L_{cue}", "M_fever"] for cue in ("maybe", "never", "today")]
    probs = classify(model, probe)
    assert [max(p, key=p.__getitem__) for p in probs] == ["uncertain", "absent", "present"]
    again = classify(train(_toy_examples(), epochs=10, seed=1, length=2**10), probe)
    assert again == probs


def _affirmed_fever(model: Language, threshold: float) -> tuple[str, list[str]]:
    doc = get_nlp(PipelineConfig(assertion_model=None))("Fever maybe.\n")
    AssertionModel(model, threshold)(doc)
    (ent,) = [e for e in doc.ents if e._.fact == "fever"]
    return ent._.assertion, ent._.cues


def test_the_model_overrules_an_affirmation_only_below_its_threshold(toy: Path) -> None:
    model = load_model(str(toy))
    # the toy model never saw "maybe" to the right of the mention; what it reads is its own business,
    # the rule under test is the threshold: at 1.0 any doubt overrules, at a tiny one nothing does
    p_present = classify(model, [features("Fever maybe.\n", 0, 5, (0, 12), "fever", None, "present", [])])[0]["present"]
    assertion, cues = _affirmed_fever(model, 1.0)
    assert assertion != "present" or any(c.startswith(NOT_A_MENTION) for c in cues)
    assert cues[-1].startswith("model: ") and cues[-1].endswith("(rules: present)")
    assert _affirmed_fever(model, min(p_present, 0.5) / 2) == ("present", [])


def test_a_mention_read_as_no_mention_keeps_its_reading_and_its_fact_is_suspected() -> None:
    note = Note(id="n0", date=dt.date(2025, 10, 1), text="Fever.\n")
    (mention,) = [
        m
        for m in extract_mentions([note], process_notes([note], get_nlp(PipelineConfig(assertion_model=None))))
        if m.fact == "fever"
    ]
    doubted = mention.model_copy(
        update={"evidence": mention.evidence.model_copy(update={"cues": [f"{NOT_A_MENTION}0.80 (rules: present)"]})}
    )
    (fact,) = [f for f in aggregate([doubted]) if f.id == "fever"]
    assert fact.status == "suspected"
    assert fact.evidence[0].assertion == "uncertain"
    assert doubted.evidence.assertion == "present"  # the mention as read is left alone
    (plain,) = [f for f in aggregate([mention]) if f.id == "fever"]
    assert plain.status == "present"


def test_the_shipped_model_loads_with_every_label() -> None:
    model = load_model("default")
    assert tuple(model.get_pipe("textcat").labels) == LABELS
    assert model.meta["prescreen_training"]["split"] == "dev"  # never the test split


def test_the_default_pipeline_runs_the_model_and_rules_only_does_not() -> None:
    assert get_nlp().pipe_names[-1] == "prescreen_assertion_model"
    assert "prescreen_assertion_model" not in get_nlp(PipelineConfig(assertion_model=None)).pipe_names


@pytest.mark.parametrize("make", ["missing", "not-a-textcat"])
def test_a_path_that_holds_no_assertion_model_is_a_coded_error(tmp_path: Path, make: str) -> None:
    path = tmp_path / "model"
    if make == "not-a-textcat":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.to_disk(path)
    with pytest.raises(PrescreenError, match=r"^\[P039\] assertion model at .*model could not be loaded"):
        load_model(str(path))


@pytest.mark.parametrize("threshold", [0.0, 1.5])
def test_a_threshold_outside_0_1_is_refused(toy: Path, threshold: float) -> None:
    with pytest.raises(PrescreenError, match="P039"):
        AssertionModel(load_model(str(toy)), threshold)


@pytest.mark.parametrize(
    ("present", "threshold", "expected"),
    [
        (0.7, 0.6, None),
        (0.6, 0.6, None),
        (0.5, 0.6, ("hypothetical", "model: hypothetical 0.30 (rules: present)")),
        (0.1, 0.6, ("hypothetical", "model: hypothetical 0.30 (rules: present)")),
        (0.5, 0.4, None),
    ],
)
def test_second_reading_speaks_only_below_the_threshold(
    present: float, threshold: float, expected: tuple[str, str] | None
) -> None:
    probs = {k: 0.0 for k in LABELS} | {"present": present, "hypothetical": 0.3, "none": 0.2}
    assert second_reading(probs, threshold) == expected


NOTE = Note(
    id="n0",
    date=dt.date(2025, 10, 1),
    text="HPI: Fever maybe. Never fever today.\nPlan: return for fever or saddle anesthesia.\n",
)


def test_reading_mentions_offline_matches_the_component(toy: Path) -> None:
    """The cross-validation reads mentions with ``read_mentions``; it must leave them as the
    pipeline component does, or the threshold it picks is for another reader."""
    model = load_model(str(toy))
    rules = extract_mentions([NOTE], process_notes([NOTE], get_nlp(PipelineConfig(assertion_model=None))))
    probs = classify(model, [mention_features(NOTE.text, m) for m in rules])
    offline = read_mentions(rules, probs, 0.9)
    docs = process_notes([NOTE], get_nlp(PipelineConfig(assertion_model=None)))
    AssertionModel(model, 0.9)(docs[0])
    online = extract_mentions([NOTE], docs)
    assert [(m.fact, m.evidence.assertion, m.evidence.cues) for m in offline] == [
        (m.fact, m.evidence.assertion, m.evidence.cues) for m in online
    ]
    assert any(c.startswith("model: ") for m in offline for c in m.evidence.cues)  # the model did speak


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[RequestMentions]:
    root = tmp_path_factory.mktemp("corpus")
    dev = [cr for cr in load_corpus(CORPUS).requests if cr.split == "dev"][:4]
    for cr in dev:
        shutil.copytree(CORPUS / "requests" / cr.request.request_id, root / "requests" / cr.request.request_id)
    return corpus_mentions(root, "dev")


def test_cross_validation_never_reads_a_request_with_a_model_trained_on_it(
    small_corpus: list[RequestMentions], monkeypatch: pytest.MonkeyPatch
) -> None:
    trained: list[set[str]] = []
    read_by: dict[str, int] = {}
    ident = {" ".join(x): r.request.request.request_id for r in small_corpus for x in r.inputs}

    def fake_train(examples: list[tuple[list[str], str]], **_: int) -> int:
        trained.append({ident.get(" ".join(x), "extra") for x, _ in examples})
        return len(trained) - 1

    def fake_classify(model: int, inputs: list[list[str]]) -> list[dict[str, float]]:
        read_by.update({ident[" ".join(x)]: model for x in inputs})
        return [{k: float(k == "none") for k in LABELS} for _ in inputs]

    monkeypatch.setattr(assertion, "train", fake_train)
    monkeypatch.setattr(assertion, "classify", fake_classify)
    scores = cross_validate(small_corpus, [(["F_fever"], "present")], [0.5], folds=2)
    assert len(trained) == 2 and set(read_by) == {r.request.request.request_id for r in small_corpus}
    for rid, model in read_by.items():
        assert rid not in trained[model] and "extra" in trained[model]
    # every affirmation read as no mention: nothing the rules alone affirm is left present
    assert set(scores) == {"rules", "0.5"}
    assert scores["rules"] == request_scores(small_corpus, [r.mentions for r in small_corpus])
    assert scores["0.5"].denied_reported_present == 0
    assert scores["0.5"].affirmed < scores["rules"].affirmed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cv", "--folds", "1"], "--folds must be at least 2"),
        (["cv", "--thresholds", "0.5,high"], "not a comma-separated list of numbers"),
        (["cv", "--thresholds", "0,0.6"], "thresholds must be in (0, 1]"),
        (["cv", "--features", "fact_context,bigrams"], "unknown feature group bigrams; known: fact_context"),
    ],
)
def test_the_cv_command_refuses_bad_arguments_in_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        assertion.main(args)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.strip().splitlines()[-1].startswith("python -m prescreen.models.assertion")
