"""The corpus builder: inline marks in, a request folder the loader accepts out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prescreen.corpora.build import BuildError, build, main, merge_facts, strip_marks
from prescreen.corpora.loader import GoldMention, load_request_dir
from prescreen.errors import PrescreenError


def draft(tmp_path: Path, note: str, doc: dict | None = None, rid: str = "x-001") -> Path:
    folder = tmp_path / "drafts" / rid
    folder.mkdir(parents=True)
    request = {
        "request_id": rid,
        "cpt": "72131",
        "request_date": "2025-10-01",
        "notes": [{"id": "office-1", "date": "2025-09-20", "file": "office-1.txt"}],
    }
    (folder / "request.json").write_text(json.dumps(request))
    (folder / "office-1.txt").write_text(note)
    policies = {
        "cohere-ct-spine": {"determination": "needs_documentation", "missing": ["medication_trial"]},
        "nia-lumbar-spine-ct": {"determination": "needs_documentation", "missing": ["medication_trial"]},
    }
    (folder / "doc.json").write_text(json.dumps(doc if doc is not None else {"policies": policies}))
    return folder


def test_marks_become_exact_offsets_into_the_stripped_text() -> None:
    text, mentions = strip_marks(
        "58 y/o. Did {{PT|physical_therapy/present/duration_weeks=8;outcome=failed}} x 8 wks. "
        "Denies {{saddle anesthesia|saddle_anesthesia/absent}}.",
        "office-1",
    )
    assert text == "58 y/o. Did PT x 8 wks. Denies saddle anesthesia."
    for m in mentions:
        assert text[m.start : m.end] == m.text
    assert mentions[0].values == {"duration_weeks": 8, "outcome": "failed"}
    assert (mentions[1].fact, mentions[1].assertion) == ("saddle_anesthesia", "absent")


def test_one_span_may_carry_two_facts() -> None:
    _, mentions = strip_marks("{{Hoffmann positive|myelopathic_signs/present & abnormal_reflexes/present}}", "n")
    assert [(m.fact, m.start, m.end) for m in mentions] == [
        ("myelopathic_signs", 0, 17),
        ("abnormal_reflexes", 0, 17),
    ]


def test_values_keep_dates_as_written_and_read_numbers_and_booleans() -> None:
    _, (m,) = strip_marks(
        "{{HEP|home_exercise_program/present/duration_weeks=6.5;written_instructions=true;prescribed_by=PT}}",
        "n",
    )
    assert m.values == {"duration_weeks": 6.5, "written_instructions": True, "prescribed_by": "PT"}
    _, (xr,) = strip_marks("{{XR|prior_radiographs/present/date=2019}}", "n")
    assert xr.values == {"date": "2019"}


@pytest.mark.parametrize(
    ("marked", "problem"),
    [
        ("{{PT|physical_thrapy/present}}", "unknown fact id 'physical_thrapy'"),
        ("{{PT|physical_therapy/denied}}", "unknown assertion 'denied'"),
        ("{{PT|physical_therapy/present/dose=8}}", "'dose' is not a value of physical_therapy"),
        ("{{PT|physical_therapy/present/outcome=helped}}", "outcome=helped is not one of"),
        ("{{PT|physical_therapy/present/duration_weeks=six}}", "duration_weeks=six is not a number"),
        ("{{ PT|physical_therapy/present}}", "may not start or end with whitespace"),
        ("{{PT physical_therapy/present}}", "markup left"),
    ],
)
def test_a_bad_mark_names_its_problem(marked: str, problem: str) -> None:
    with pytest.raises(BuildError, match=problem):
        strip_marks(marked, "office-1")


def test_document_facts_follow_the_guideline_precedence_and_merges() -> None:
    def m(fact: str, assertion: str, **values: object) -> GoldMention:
        return GoldMention(fact=fact, note="n", start=0, end=1, text="x", assertion=assertion, values=values)  # type: ignore[arg-type]

    facts = merge_facts(
        [
            m("fever", "absent"),
            m("fever", "uncertain"),
            m("saddle_anesthesia", "hypothetical"),
            m("cancer_history", "family"),
            m("physical_therapy", "present", duration_weeks=4),
            m("physical_therapy", "present", duration_weeks=8, outcome="failed"),
            m("medication_trial", "present", drug="naproxen"),
            m("medication_trial", "present", drug="gabapentin, naproxen"),
            m("trauma", "historical"),
            m("trauma", "absent"),
        ]
    )
    assert facts["fever"].status == "suspected"
    assert "saddle_anesthesia" not in facts and "cancer_history" not in facts
    assert facts["physical_therapy"].values == {"duration_weeks": 8, "outcome": "failed"}
    assert facts["medication_trial"].values == {"drug": "naproxen, gabapentin"}
    assert facts["trauma"].status == "historical"


def test_a_draft_builds_into_a_folder_the_loader_accepts(tmp_path: Path) -> None:
    doc = {
        "policies": {
            "cohere-ct-spine": {"determination": "needs_documentation", "missing": ["medication_trial"]},
            "nia-lumbar-spine-ct": {"determination": "needs_documentation", "missing": ["medication_trial"]},
        },
        "facts": {
            "physical_therapy": {"values": {"end_date": "2025-09-01"}},
            "back_pain": {"status": "present", "values": {}},
            "fever": None,
        },
        "comment": "why",
    }
    folder = draft(
        tmp_path,
        "{{PT|physical_therapy/present/duration_weeks=8}} done. No {{fever|fever/absent}}.",
        doc,
    )
    target = build(folder, tmp_path / "out")
    loaded = load_request_dir(target)
    assert loaded.request.notes[0].text == "PT done. No fever.\n"
    facts = loaded.gold.facts
    assert facts["physical_therapy"].values == {"duration_weeks": 8, "end_date": "2025-09-01"}
    assert facts["back_pain"].status == "present"
    assert "fever" not in facts
    assert loaded.gold.comment == "why"


def test_the_cli_builds_every_draft_and_fails_with_2_naming_the_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft(tmp_path, "{{PT|physical_therapy/present}}", rid="x-001")
    draft(tmp_path, "{{PT|physical_therapy/maybe}}", rid="x-002")
    assert main([str(tmp_path / "drafts"), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "x-002" in err and "unknown assertion 'maybe'" in err and "x-001" not in err
    assert (tmp_path / "out" / "x-001" / "gold.json").is_file()
    assert not (tmp_path / "out" / "x-002").exists()


@pytest.mark.parametrize(
    ("policies", "problem"),
    [
        ({}, "covered by \\['cohere-ct-spine', 'nia-lumbar-spine-ct'\\]"),
        (
            {
                "cohere-ct-spine": {
                    "determination": "meets_criteria",
                    "indications": ["new-onset-pain-or-radiculopathy"],
                },
                "nia-lumbar-spine-ct": {"determination": "meets_criteria", "indications": ["no-such-indication"]},
            },
            "nia-lumbar-spine-ct has no indications \\['no-such-indication'\\]",
        ),
    ],
)
def test_policy_labels_must_be_the_covering_policies_and_their_ids(
    tmp_path: Path, policies: dict, problem: str
) -> None:
    folder = draft(tmp_path, "{{PT|physical_therapy/present}}", {"policies": policies})
    with pytest.raises(BuildError, match=problem):
        build(folder, tmp_path / "out")


def test_a_draft_the_loader_refuses_leaves_the_earlier_build_as_it_was(tmp_path: Path) -> None:
    folder = draft(tmp_path, "{{PT|physical_therapy/present}} done.")
    target = build(folder, tmp_path / "out")
    gold = (target / "gold.json").read_text()
    request = json.loads((folder / "request.json").read_text())
    request["request_date"] = "10/01/2025"  # the loader's check, not the builder's
    (folder / "request.json").write_text(json.dumps(request))
    (folder / "office-1.txt").write_text("{{PT|physical_therapy/absent}} not done.")
    with pytest.raises(PrescreenError, match="request_date"):
        build(folder, tmp_path / "out")
    assert (target / "gold.json").read_text() == gold
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["x-001"]
