"""The `prescreen check` command: the contract's result, every option, and coded errors for bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prescreen.cli import app
from prescreen.contract import Result
from tests.conftest import EXAMPLE, ROOT, SECRET, make_pdf

runner = CliRunner()


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def note_texts(result: Result, notes: dict[str, str]) -> None:
    for fact in result.facts:
        for ev in fact.evidence:
            assert notes[ev.note][ev.start : ev.end] == ev.text, (fact.id, ev)


def test_example_request_json_validates_and_offsets_are_exact(example_request: Path) -> None:
    res = run("check", "--request", str(example_request), "--format", "json")
    assert res.exit_code == 0, res.stderr
    result = Result.model_validate_json(res.stdout)
    assert result.cpt == "72131" and result.region == "lumbar"
    assert {p.policy for p in result.policies} >= {"cohere-ct-spine", "nia-lumbar-spine-ct"}
    text = (EXAMPLE / "office-2025-09-20.txt").read_text(encoding="utf-8")
    note_texts(result, {"office-2025-09-20": text})
    facts = {f.id: f for f in result.facts}
    assert facts["physical_therapy"].status == "present"
    # "8 weeks ... July through August 2025": the tolerance is one week
    assert abs(facts["physical_therapy"].values["duration_weeks"] - 8) <= 1
    assert facts["physical_therapy"].values["outcome"] == "failed"
    assert facts["saddle_anesthesia"].status == "absent"
    assert facts["mri_contraindicated"].status == "present"


def test_example_meets_both_policies(example_request: Path) -> None:
    res = run("check", "--request", str(example_request))
    result = Result.model_validate_json(res.stdout)
    by_policy = {p.policy: p for p in result.policies}
    cohere = by_policy["cohere-ct-spine"]
    assert cohere.determination == "meets_criteria"
    met = {i.id for i in cohere.indications if i.status == "true"}
    assert "new-onset-pain-or-radiculopathy" in met
    assert cohere.indications[0].status == "true"
    assert by_policy["nia-lumbar-spine-ct"].determination == "meets_criteria"


def test_text_report_names_determination_and_quotes_evidence(example_request: Path) -> None:
    res = run("check", "--request", str(example_request), "--format", "text")
    assert res.exit_code == 0
    assert "MEETS CRITERIA" in res.stdout
    assert '"physical therapy" (present; office-2025-09-20:' in res.stdout


def test_text_report_shows_which_denials_contradict_an_affirmation(tmp_path: Path) -> None:
    note = tmp_path / "pcp.txt"
    note.write_text(
        "HPI: Low back pain for 3 months. Some incontinence.\nROS: GU: denies urinary retention or incontinence.\n"
    )
    args = ("check", str(note), "--cpt", "72131", "--request-date", "2025-10-01", "--format", "text")
    res = run(*args, "--rules-only")
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    head = lines.index("  bladder_dysfunction [suspected]")
    assert lines[head + 1] == '      "incontinence" (uncertain; pcp:38-50, history of present illness)'
    assert lines[head + 2] == "        contradicted: denied at pcp:68-85, pcp:89-101"
    # with the assertion model (the default), a reading it overrules names the model and its
    # probability, so the reviewer sees whose reading it is (here a doubtful one: the model card's
    # first known failure, an affirmed red flag a denial-heavy training set reads as no mention)
    lines = run(*args).stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("  bladder_dysfunction ["))
    assert lines[head + 1].startswith('      "incontinence" (')
    assert re.fullmatch(r" {8}model: \w+ 0\.\d\d \(rules: present\)", lines[head + 2])


def test_note_files_with_options(secret_note: Path) -> None:
    res = run(
        "check",
        str(secret_note),
        "--cpt",
        "72131",
        "--request-date",
        "2025-10-01",
        "--age",
        "61",
        "--policy",
        "cohere-ct-spine",
    )
    assert res.exit_code == 0, res.stderr
    result = Result.model_validate_json(res.stdout)
    assert [p.policy for p in result.policies] == ["cohere-ct-spine"]
    assert result.patient_age == 61
    assert str(result.request_date) == "2025-10-01"
    note_texts(result, {"office-note": secret_note.read_text()})
    missing = {f for i in result.policies[0].indications[:1] for m in i.missing for f in m.facts}
    assert {"mri_contraindicated", "mri_unable"} <= missing


def test_out_writes_file(secret_note: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "result.json"
    res = run("check", str(secret_note), "--cpt", "72131", "--out", str(out))
    assert res.exit_code == 0 and res.stdout == ""
    Result.model_validate_json(out.read_text())


def test_request_from_stdin(example_request: Path) -> None:
    data = json.loads(example_request.read_text())
    data["notes"][0]["text"] = (EXAMPLE / data["notes"][0].pop("file")).read_text()
    proc = subprocess.run(
        [sys.executable, "-m", "prescreen", "check", "--request", "-"],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert Result.model_validate_json(proc.stdout).request_id == "example-lumbar-radiculopathy"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
    ids=["utf8", "utf8-bom", "windows-1252"],
)
def test_note_encodings_keep_offsets_exact(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "Patient’s low back pain – 8 weeks of physical therapy without relief; temp 98.6°F.\n"
    p = tmp_path / "enc.txt"
    p.write_bytes(prefix + text.encode(encoding))
    res = run("check", str(p), "--cpt", "72131")
    assert res.exit_code == 0, res.stderr
    result = Result.model_validate_json(res.stdout)
    note_texts(result, {"enc": text})
    assert any(f.id == "physical_therapy" for f in result.facts)


def test_pdf_note_with_text_layer(tmp_path: Path) -> None:
    p = tmp_path / "referral.pdf"
    p.write_bytes(
        make_pdf(
            ["Referral: 47 y/o with lumbar radiculopathy.", "Completed 8 weeks of physical therapy without relief."]
        )
    )
    res = run("check", str(p), "--cpt", "72131")
    assert res.exit_code == 0, res.stderr
    result = Result.model_validate_json(res.stdout)
    assert any(f.id == "physical_therapy" for f in result.facts)
    from prescreen.pipeline.io import read_note_file

    note_texts(result, {"referral": read_note_file(p).text})


def _bad(res, code: str) -> None:
    assert res.exit_code == 2, (res.exit_code, res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"[{code}] "), res.stderr
    assert "Traceback" not in res.stderr
    assert SECRET not in res.stderr and SECRET not in res.stdout


def test_missing_note_file_is_p001(tmp_path: Path) -> None:
    _bad(run("check", str(tmp_path / "nope.txt"), "--cpt", "72131"), "P001")


def test_unreadable_note_is_p002(tmp_path: Path) -> None:
    _bad(run("check", str(tmp_path), "--cpt", "72131"), "P002")


def test_empty_note_is_p003(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_text("  \n\n")
    _bad(run("check", str(p), "--cpt", "72131"), "P003")


def test_binary_note_is_p004(tmp_path: Path) -> None:
    p = tmp_path / "scan.txt"
    p.write_bytes(bytes(range(256)) * 8)
    _bad(run("check", str(p), "--cpt", "72131"), "P004")


def test_unknown_cpt_is_p005(secret_note: Path) -> None:
    _bad(run("check", str(secret_note), "--cpt", "99999"), "P005")


def test_unknown_policy_is_p006(secret_note: Path) -> None:
    _bad(run("check", str(secret_note), "--cpt", "72131", "--policy", "acme-ct"), "P006")


def test_malformed_request_json_is_p007(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    p.write_text('{"cpt": "72131", "notes": [{"id": "a", "text": "' + SECRET + '"}')
    _bad(run("check", "--request", str(p)), "P007")


def test_bad_request_date_is_p008(secret_note: Path) -> None:
    _bad(run("check", str(secret_note), "--cpt", "72131", "--request-date", "10/01/2025"), "P008")


def test_bad_note_date_in_request_is_p008(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    p.write_text(json.dumps({"cpt": "72131", "notes": [{"id": "a", "date": "2025-13-45", "text": SECRET}]}))
    _bad(run("check", "--request", str(p)), "P008")


def test_invalid_request_fields_are_summarised_by_field_p009(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    p.write_text(json.dumps({"notes": [{"id": "a", "text": SECRET}], "patient": {"age": "old"}}))
    res = run("check", "--request", str(p))
    _bad(res, "P009")
    assert "cpt" in res.stderr and "patient.age" in res.stderr


def test_request_without_notes_or_facts_is_p017(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    p.write_text(json.dumps({"cpt": "72131"}))
    _bad(run("check", "--request", str(p)), "P017")


def test_empty_note_text_in_request_is_p003(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    p.write_text(json.dumps({"cpt": "72131", "notes": [{"id": "n1", "text": "   "}]}))
    _bad(run("check", "--request", str(p)), "P003")


def test_structured_facts_only_request(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    p.write_text(
        json.dumps(
            {"cpt": "72131", "request_date": "2025-10-01", "facts": [{"id": "multiple_sclerosis", "status": "present"}]}
        )
    )
    res = run("check", "--request", str(p))
    assert res.exit_code == 0, res.stderr
    result = Result.model_validate_json(res.stdout)
    ms = next(f for f in result.facts if f.id == "multiple_sclerosis")
    assert ms.source == "structured" and ms.evidence == []
    assert {p.policy: p.determination for p in result.policies}["cohere-ct-spine"] == "does_not_meet"


def test_unknown_structured_fact_id_is_p011(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    p.write_text(json.dumps({"cpt": "72131", "facts": [{"id": "saddle_numbness", "status": "present"}]}))
    _bad(run("check", "--request", str(p)), "P011")


def test_cli_process_exit_code_and_single_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "prescreen", "check", str(tmp_path / "missing.txt"), "--cpt", "72131"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("[P001] ") and proc.stderr.count("\n") == 1
