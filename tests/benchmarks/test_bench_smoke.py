"""The benchmark's quick mode runs end to end and writes every section (no timing thresholds: CI
machines differ; the figures themselves are checked only for being present, positive and sane)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

BENCH = ROOT / "benchmarks" / "bench.py"
CONFIGS = ("floor", "anchor", "prescreen", "prescreen_2w")
SECTIONS = (
    "machine",
    "settings",
    "throughput",
    "results_identical_1_vs_2_workers",
    "source_fingerprints",
    "latency",
    "cli_cold_start",
    "cold_start_breakdown",
    "memory",
    "components",
    "scaling_length",
    "scaling_batch",
    "accuracy",
    "targets",
)


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads((out / "bench.json").read_text(encoding="utf-8")), out


def positive(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and x > 0


def test_every_section_is_written(quick_run: tuple[dict[str, Any], Path]) -> None:
    report, out = quick_run
    assert all(section in report for section in SECTIONS)
    assert report["settings"]["quick"] is True
    md = (out / "bench.md").read_text(encoding="utf-8")
    for heading in (
        "## Throughput",
        "## Targets",
        "## Latency and cold start",
        "## Scaling with note length",
        "## Accuracy",
    ):
        assert heading in md
    assert (out / "bench.png").read_bytes().startswith(b"\x89PNG")


def test_throughput_figures_are_positive_and_consistent(quick_run: tuple[dict[str, Any], Path]) -> None:
    report, _ = quick_run
    for config in CONFIGS:
        row = report["throughput"][config]
        for key in ("notes", "words", "kb", "wall_s", "notes_per_s", "words_per_s", "ms_per_note", "cpu_ms_per_note"):
            assert positive(row[key]), (config, key, row[key])
        assert abs(row["notes_per_s"] * row["wall_s"] - row["notes"]) < 0.05 * row["notes"] + 0.1
    same = report["throughput"]["prescreen"]["notes"]
    assert report["throughput"]["prescreen_2w"]["notes"] == same == report["throughput"]["floor"]["notes"]
    assert report["throughput"]["anchor"]["notes"] <= same
    assert isinstance(report["results_identical_1_vs_2_workers"], bool)


def test_latency_memory_and_cold_start_are_sane(quick_run: tuple[dict[str, Any], Path]) -> None:
    report, _ = quick_run
    lat = report["latency"]
    assert positive(lat["p50_ms"]) and lat["p50_ms"] <= lat["p95_ms"] <= lat["p99_ms"] <= lat["max_ms"]
    cli = report["cli_cold_start"]
    assert cli["reps"] == len(cli["runs_s"]) >= 1 and positive(cli["median_s"])
    assert all(positive(v) for v in report["cold_start_breakdown"].values())
    for key, mb in report["memory"].items():
        assert positive(mb) and mb < 64 * 1024, key  # MB, not KB or bytes


def test_scaling_profile_and_accuracy_sections(quick_run: tuple[dict[str, Any], Path]) -> None:
    report, _ = quick_run
    rows = report["scaling_length"]
    assert [r["size_kb"] for r in rows] == list(report["settings"]["lengths_kb"])
    for r in rows:
        assert positive(r["ms_per_kb"]) and positive(r["cpu_ms_per_kb"])
        assert 0.5 * r["size_kb"] < r["kb"] / r["notes"] <= r["size_kb"] * 1.01
    batches = report["scaling_batch"]["rows"]
    assert [b["batch"] for b in batches] == list(report["settings"]["batches"])
    assert all(positive(b["ms_per_note"]) for b in batches)
    components = report["components"]["ms_per_note"]
    assert "prescreen_targets" in components and "make_doc" in components
    assert all(v >= 0 for v in components.values())
    acc = report["accuracy"]
    for key in ("affirmed_f1", "denied_f1", "mention_f1_overlap"):
        assert acc[key] is None or 0 <= acc[key] <= 1
    assert acc["determination_accuracy"] and all(
        v is None or 0 <= v <= 1 for v in acc["determination_accuracy"].values()
    )
    verdicts = {t["target"]: t["pass"] for t in report["targets"]}
    assert len(verdicts) == 6 and all(v in (True, False, None) for v in verdicts.values())
