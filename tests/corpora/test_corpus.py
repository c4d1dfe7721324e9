"""The bundled corpus: valid, covering what the issue promises, and split the documented way."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from prescreen.corpora.coverage import coverage
from prescreen.corpora.loader import Corpus, load_corpus, split_of
from prescreen.errors import PrescreenError
from tests.conftest import ROOT

CORPUS = ROOT / "corpora" / "spine"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(CORPUS)


def test_corpus_loads_with_every_offset_matching_its_text(corpus: Corpus) -> None:
    assert len(corpus.requests) >= 150 and corpus.notes >= 240
    assert not corpus.skipped
    for cr in corpus.requests:
        texts = {n.id: n.text for n in cr.request.notes}
        for m in cr.gold.mentions:
            assert texts[m.note][m.start : m.end] == m.text


def test_every_fact_is_affirmed_five_times_and_denied_three_times(corpus: Corpus) -> None:
    cov = coverage(corpus)
    for fact, n in cov["facts"].items():
        assert n["affirmed"] >= 5, fact
        if fact != "patient_age":  # an age cannot be denied
            assert n["denied"] >= 3, fact


def test_every_indication_of_both_policies_is_met_twice(corpus: Corpus) -> None:
    cov = coverage(corpus)
    for policy, counts in cov["indications"].items():
        assert all(n >= 2 for n in counts.values()), (policy, {i: n for i, n in counts.items() if n < 2})
    for policy, counts in cov["non_indications"].items():
        assert all(n >= 2 for n in counts.values()), (policy, counts)


def test_all_determinations_regions_and_age_bands_occur(corpus: Corpus) -> None:
    cov = coverage(corpus)
    for policy in ("cohere-ct-spine", "nia-lumbar-spine-ct"):
        for det in ("meets_criteria", "needs_documentation", "does_not_meet"):
            assert cov["determinations"].get(f"{policy}:{det}", 0) >= 3, (policy, det)
    assert set(cov["regions"]) >= {"cervical", "thoracic", "lumbar"}
    assert cov["ages"].get("pediatric (<18)", 0) >= 10 and cov["ages"].get("elderly (>=65)", 0) >= 10


def test_split_is_the_documented_hash_and_split_json_agrees(corpus: Corpus) -> None:
    declared = json.loads((CORPUS / "split.json").read_text())
    assert set(declared) == {r.request.request_id for r in corpus.requests}
    for rid, split in declared.items():
        digit = int(hashlib.sha1(rid.encode()).hexdigest()[:8], 16) % 10
        assert split == ("test" if digit < 3 else "dev") == split_of(rid)
    assert 0.2 <= sum(s == "test" for s in declared.values()) / len(declared) <= 0.4


def test_a_gold_offset_that_does_not_match_its_text_is_rejected(tmp_path: Path) -> None:
    src = CORPUS / "requests" / "c1-001"
    dst = tmp_path / "requests" / "c1-001"
    shutil.copytree(src, dst)
    gold = json.loads((dst / "gold.json").read_text())
    gold["mentions"][0]["start"] += 1
    (dst / "gold.json").write_text(json.dumps(gold))
    with pytest.raises(PrescreenError) as err:
        load_corpus(tmp_path)
    assert err.value.code == "P018" and "do not match its text" in err.value.message


def test_unknown_fact_ids_are_rejected_and_lenient_mode_lists_them(tmp_path: Path) -> None:
    for rid in ("c1-001", "c1-002"):
        shutil.copytree(CORPUS / "requests" / rid, tmp_path / "requests" / rid)
    gold_path = tmp_path / "requests" / "c1-002" / "gold.json"
    gold = json.loads(gold_path.read_text())
    gold["mentions"][0]["fact"] = "saddle_numbness"
    gold_path.write_text(json.dumps(gold))
    with pytest.raises(PrescreenError, match="unknown fact id 'saddle_numbness'"):
        load_corpus(tmp_path)
    lenient = load_corpus(tmp_path, skip_invalid=True)
    assert [r.request.request_id for r in lenient.requests] == ["c1-001"]
    assert len(lenient.skipped) == 1 and "c1-002" in lenient.skipped[0]
