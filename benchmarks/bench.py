"""prescreen's speed benchmark: every figure from one run, on the same notes.

Configurations, each measured in its own fresh process (so that imports, caches and peak memory of one
do not pollute another):

- ``floor``: ``spacy.blank("en")`` tokenization alone;
- ``anchor``: medspaCy's default pipeline (PyRuSH, TargetMatcher, sectionizer, ConText) with our
  target rules (``prescreen.corpora.systems.build_medspacy_baseline``);
- ``prescreen``: the full pipeline in one process (``get_nlp()``), plus ``check()`` latency per
  request, a per-component profile, note-length scaling and the dev-split accuracy of the same build;
- ``prescreen_2w``: the pipeline in a pool of worker processes that each build it once and return
  plain results (medspaCy components cannot be pickled for ``nlp.pipe(n_process=...)``, spaCy E871),
  plus batch-size scaling.

All throughput configurations process the same notes (the corpus notes, cycled) in the same chunks:
``nlp.pipe`` over each chunk, returning ``(start, end, label)`` per entity. The CLI's cold start is
``prescreen check NOTE --cpt 72131`` run as a subprocess several times (median wall time).

Usage::

    python benchmarks/bench.py            # full run (several minutes on 2 cores)
    python benchmarks/bench.py --quick    # smoke run
    python benchmarks/bench.py --out /tmp/bench

Writes ``bench.json``, ``bench.md`` and ``bench.png`` to ``--out`` (default ``benchmarks/results``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "benchmarks" / "results"
DEFAULT_CORPUS = ROOT / "corpora" / "spine"
CONFIGS = ("floor", "anchor", "prescreen", "prescreen_2w")
CLI_CPT = "72131"
POOL_START_TIMEOUT_S = 600
#: "today" for check() on requests without dates, so that results do not depend on the day of the run.
TODAY = dt.date(2025, 12, 1)

#: A note as the benchmark feeds it: text and note date.
NoteItem = tuple[str, "dt.date | None"]
#: What a configuration returns per note: (start_char, end_char, label) per entity.
Plain = list[tuple[int, int, str]]

TARGETS = {
    "anchor_ratio": 10.0,  # prescreen notes/s >= 10x the medspaCy default pipeline's
    "workers_ratio": 1.8,  # 2 workers >= 1.8x one process
    "cli_cold_start_s": 2.0,
    "rss_mb": 500.0,
    "length_growth": 1.5,  # ms/KB at the longest note <= 1.5x the lowest ms/KB of any length
}


@dataclass(frozen=True)
class Settings:
    """What one run measures; ``--quick`` shrinks everything to a smoke run."""

    quick: bool
    corpus: str
    notes: int  # throughput notes (the corpus notes, cycled)
    chunk: int  # notes per nlp.pipe call (and per pool task)
    anchor_notes: int  # the anchor runs on the first N of the same notes (it is ~5x slower)
    latency_passes: int  # passes of check() over every corpus request
    latency_requests: int | None  # None: every corpus request
    profile_notes: int  # notes for the per-component profile
    cli_reps: int
    lengths_kb: tuple[int, ...]
    length_total_kb: int  # text per note length (so every length processes the same amount)
    batches: tuple[int, ...]
    batch_config: str
    workers: int
    eval_requests: int | None  # None: the whole dev split
    jobs: int  # configuration subprocesses at a time (1 for real figures)

    @classmethod
    def make(cls, quick: bool, corpus: Path, jobs: int | None) -> Settings:
        if quick:
            return cls(
                quick=True,
                corpus=str(corpus),
                notes=20,
                chunk=5,
                anchor_notes=10,
                latency_passes=1,
                latency_requests=10,
                profile_notes=10,
                cli_reps=1,
                lengths_kb=(1, 4),
                length_total_kb=8,
                batches=(10, 20),
                batch_config="prescreen_2w",
                workers=2,
                eval_requests=6,
                jobs=jobs or 2,
            )
        return cls(
            quick=False,
            corpus=str(corpus),
            notes=2000,
            chunk=8,
            anchor_notes=0,  # 0: one full cycle of the corpus notes (every note once), set at run time
            latency_passes=2,
            latency_requests=None,
            profile_notes=0,  # 0: every corpus note once
            cli_reps=5,
            lengths_kb=(1, 4, 16, 64),
            length_total_kb=128,
            batches=(100, 1000, 10000),
            batch_config="prescreen_2w",
            workers=2,
            eval_requests=None,
            jobs=jobs or 1,
        )


# --------------------------------------------------------------------------------------------------
# Helpers shared by the orchestrator and the configuration processes (standard library only at import
# time: pool workers re-import this file).


def quiet_loguru() -> None:
    """medspaCy/PyRuSH log every token through loguru; keep that off the measurements."""
    try:
        from loguru import logger
    except ImportError:  # pragma: no cover
        return
    logger.remove()


def source_fingerprint() -> str:
    """A hash of prescreen's code and rule files as this process sees them: two configurations whose
    results differ on the same notes ran different code when their fingerprints differ."""
    import prescreen

    package = Path(prescreen.__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json") and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(package)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size so far (Linux reports KiB)."""
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def load_items(corpus: str) -> tuple[list[NoteItem], Any]:
    """The corpus notes in corpus order, and the loaded corpus."""
    from prescreen.corpora.loader import load_corpus

    loaded = load_corpus(corpus)
    items = [(n.text, n.date) for r in loaded.requests for n in r.request.notes]
    return items, loaded


def cycled(items: Sequence[NoteItem], n: int) -> list[NoteItem]:
    return [items[i % len(items)] for i in range(n)]


def chunks_of(items: Sequence[NoteItem], size: int) -> list[list[NoteItem]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def long_notes(items: Sequence[NoteItem], size_kb: int, total_kb: int) -> list[NoteItem]:
    """Notes of ``size_kb`` KiB (characters), built by concatenating consecutive corpus notes and
    cutting at the last whitespace before the size; ``total_kb`` KiB of them in all."""
    size = size_kb * 1024
    out: list[NoteItem] = []
    i = 0
    for _ in range(max(1, total_kb // size_kb)):
        parts: list[str] = []
        length = 0
        date = None
        while length < size:
            text, date = items[i % len(items)]
            parts.append(text)
            length += len(text) + 2
            i += 1
        text = "\n\n".join(parts)
        if len(text) > size:
            cut = max(text.rfind(" ", 0, size + 1), text.rfind("\n", 0, size + 1))
            text = text[: cut if cut > 0 else size]
        out.append((text, date))
    return out


def size_of(items: Sequence[NoteItem]) -> dict[str, float]:
    return {
        "notes": len(items),
        "words": sum(len(t.split()) for t, _ in items),
        "kb": round(sum(len(t.encode("utf-8")) for t, _ in items) / 1024, 1),
    }


def annotate(nlp: Any, items: Sequence[NoteItem], dates: bool) -> list[Plain]:
    """One chunk through ``nlp.pipe``: the unit of work of every throughput configuration."""
    if dates:  # like prescreen.pipeline.run.process_notes: the note date feeds relative dates
        docs = []
        for text, date in items:
            doc = nlp.make_doc(text)
            doc._.note_date = date
            docs.append(doc)
        stream = nlp.pipe(docs)
    else:
        stream = nlp.pipe([text for text, _ in items])
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in stream]


def digest(results: Sequence[Plain]) -> str:
    return hashlib.sha256(json.dumps(results).encode()).hexdigest()[:16]


def rates(size: dict[str, float], wall: float, cpu: float) -> dict[str, float]:
    return {
        **size,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "notes_per_s": round(size["notes"] / wall, 2),
        "words_per_s": round(size["words"] / wall, 1),
        "kb_per_s": round(size["kb"] / wall, 2),
        "ms_per_note": round(wall * 1000 / size["notes"], 2),
        "cpu_ms_per_note": round(cpu * 1000 / size["notes"], 2),
    }


def run_chunks(
    nlp: Any, chunks: Sequence[list[NoteItem]], dates: bool
) -> tuple[list[Plain], float, float, list[float]]:
    """Process the chunks in this process: results, wall s, CPU s, wall s per chunk."""
    results: list[Plain] = []
    per_chunk: list[float] = []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for chunk in chunks:
        t = time.perf_counter()
        results.extend(annotate(nlp, chunk, dates))
        per_chunk.append(time.perf_counter() - t)
    return results, time.perf_counter() - wall0, time.process_time() - cpu0, per_chunk


# --------------------------------------------------------------------------------------------------
# The worker pool (prescreen_2w): each worker builds the pipeline once and returns plain results.

_POOL_NLP: Any = None


def _pool_init(barrier: Any) -> None:
    """Build the pipeline, warm it up, and wait until every worker is ready."""
    global _POOL_NLP
    quiet_loguru()
    from prescreen.pipeline.nlp import get_nlp

    _POOL_NLP = get_nlp()
    annotate(_POOL_NLP, [("Warm-up. Low back pain radiating to the left leg x 6 weeks.", None)], True)
    barrier.wait()


def _pool_ready() -> int:
    return os.getpid()


def _pool_work(items: list[NoteItem]) -> tuple[list[Plain], float]:
    cpu = time.process_time()
    out = annotate(_POOL_NLP, items, True)
    return out, time.process_time() - cpu


def run_pool(workers: int, phases: dict[str, list[list[NoteItem]]]) -> dict[str, Any]:
    """Start the pool, wait until every worker has built its pipeline, then time each phase."""
    context = multiprocessing.get_context("spawn")
    # A worker whose pipeline fails to build would be replaced forever: the barrier and the first
    # task time out instead.
    barrier = context.Barrier(workers, timeout=POOL_START_TIMEOUT_S)
    started = time.perf_counter()
    pool = context.Pool(workers, initializer=_pool_init, initargs=(barrier,))
    out: dict[str, Any] = {}
    try:
        # returns once a worker is initialised, i.e. once every worker has passed the barrier
        pool.apply_async(_pool_ready).get(timeout=POOL_START_TIMEOUT_S)
        out["startup_s"] = round(time.perf_counter() - started, 2)
        for name, chunks in phases.items():
            wall0 = time.perf_counter()
            done = pool.map(_pool_work, chunks, chunksize=1)
            wall = time.perf_counter() - wall0
            results = [r for batch, _ in done for r in batch]
            out[name] = {"results": results, "wall": wall, "cpu": sum(c for _, c in done)}
        pool.close()
        pool.join()
    finally:
        pool.terminate()
    out["worker_peak_rss_mb"] = peak_rss_mb(resource.RUSAGE_CHILDREN)
    return out


# --------------------------------------------------------------------------------------------------
# The configuration processes.


def _build(config: str) -> Any:
    if config == "floor":
        import spacy

        return spacy.blank("en")
    if config == "anchor":
        from prescreen.corpora.systems import build_medspacy_baseline

        return build_medspacy_baseline()
    from prescreen.pipeline.nlp import get_nlp

    return get_nlp()


def child_throughput(config: str, settings: Settings) -> dict[str, Any]:
    """floor, anchor: build, warm up, then time the same chunks as every configuration."""
    quiet_loguru()
    t = time.perf_counter()
    nlp = _build(config)
    build_s = time.perf_counter() - t
    items, _ = load_items(settings.corpus)
    notes = cycled(items, settings.notes)
    if config == "anchor":
        notes = notes[: settings.anchor_notes]
    annotate(nlp, notes[:2], False)  # warm-up
    results, wall, cpu, _ = run_chunks(nlp, chunks_of(notes, settings.chunk), False)
    return {
        "throughput": {**rates(size_of(notes), wall, cpu), "build_s": round(build_s, 2), "digest": digest(results)},
        "peak_rss_mb": peak_rss_mb(),
    }


def time_components(nlp: Any, items: Sequence[NoteItem]) -> tuple[dict[str, float], float, float]:
    """Seconds per component (and make_doc) over the notes, run the way nlp.pipe runs them."""
    spent = {"make_doc": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for text, date in items:
        t = time.perf_counter()
        doc = nlp.make_doc(text)
        doc._.note_date = date
        spent["make_doc"] += time.perf_counter() - t
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            doc = proc(doc)
            spent[name] += time.perf_counter() - t
    return spent, time.perf_counter() - wall0, time.process_time() - cpu0


def accuracy(settings: Settings, corpus: Any) -> dict[str, Any]:
    """The corpus evaluation of this build (dev split, prescreen only): the summary figures."""
    from prescreen.corpora.evaluate import evaluate_corpus
    from prescreen.corpora.loader import Corpus

    if settings.eval_requests is not None:
        corpus = Corpus(path=corpus.path, requests=corpus.split("dev")[: settings.eval_requests])
    report = evaluate_corpus(corpus, "dev", systems=("prescreen",))
    s = report["systems"]["prescreen"]
    values = s["values"]
    duration = values.get("therapy_duration_weeks") or values.get("duration_weeks") or {}
    return {
        "split": "dev",
        "requests": report["requests"],
        "notes": report["notes"],
        "affirmed_f1": s["request_level"]["affirmed"]["f1"],
        "denied_f1": s["request_level"]["denied"]["f1"],
        "duration_accuracy": duration.get("accuracy"),
        "determination_accuracy": {p: d.get("accuracy") for p, d in sorted(s["determination"].items())},
        "mention_f1_overlap": s["mentions"]["overlap"]["micro"]["f1"],
        "assertion_accuracy": s["assertion"]["accuracy"],
    }


def child_prescreen(settings: Settings) -> dict[str, Any]:
    """Cold-start breakdown, throughput, check() latency, component profile, length scaling, accuracy."""
    # The imports in the order the CLI meets them (prescreen.pipeline first: it defers what medspaCy
    # imports but prescreen never uses).
    cold: dict[str, float] = {}
    t = time.perf_counter()
    import spacy  # noqa: F401

    import prescreen.pipeline  # noqa: F401

    cold["import_spacy_s"] = time.perf_counter() - t
    t = time.perf_counter()
    import medspacy  # noqa: F401

    cold["import_medspacy_s"] = time.perf_counter() - t
    t = time.perf_counter()
    from prescreen.pipeline.nlp import get_nlp
    from prescreen.pipeline.run import check

    cold["import_prescreen_s"] = time.perf_counter() - t
    quiet_loguru()
    t = time.perf_counter()
    nlp = get_nlp()
    cold["build_pipeline_s"] = time.perf_counter() - t
    items, corpus = load_items(settings.corpus)
    requests = [r.request for r in corpus.requests]
    t = time.perf_counter()
    check(requests[0], today=TODAY)
    cold["first_check_s"] = time.perf_counter() - t
    out: dict[str, Any] = {"cold_start": {k: round(v, 3) for k, v in cold.items()}}

    notes = cycled(items, settings.notes)
    annotate(nlp, notes[:2], True)  # warm-up
    results, wall, cpu, per_chunk = run_chunks(nlp, chunks_of(notes, settings.chunk), True)
    anchor_chunks = -(-settings.anchor_notes // settings.chunk)
    same = size_of(notes[: settings.anchor_notes])
    out["throughput"] = {
        **rates(size_of(notes), wall, cpu),
        "build_s": round(cold["build_pipeline_s"], 2),
        "digest": digest(results),
        # the anchor's notes (its first chunks): for the ratio on exactly the same notes
        "anchor_notes_notes_per_s": round(same["notes"] / sum(per_chunk[:anchor_chunks]), 2),
    }

    if settings.latency_requests is not None:
        requests = requests[: settings.latency_requests]
    latencies = []
    for _ in range(settings.latency_passes):
        for request in requests:
            t = time.perf_counter()
            check(request, today=TODAY)
            latencies.append((time.perf_counter() - t) * 1000)
    out["latency"] = {
        "requests": len(requests),
        "samples": len(latencies),
        "notes_per_request": round(sum(len(r.notes) for r in requests) / len(requests), 2),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "max_ms": round(max(latencies), 1),
    }
    out["peak_rss_mb"] = peak_rss_mb()  # throughput + latency: the pipeline process's footprint

    profile_items = list(items[: settings.profile_notes or len(items)])
    spent, wall, _ = time_components(nlp, profile_items)
    out["components"] = {
        "notes": len(profile_items),
        "ms_per_note": {
            k: round(v * 1000 / len(profile_items), 2) for k, v in sorted(spent.items(), key=lambda kv: -kv[1])
        },
        "share": {k: round(v / wall, 3) for k, v in sorted(spent.items(), key=lambda kv: -kv[1])},
    }

    rows = []
    for kb in settings.lengths_kb:
        long = long_notes(items, kb, settings.length_total_kb)
        size = size_of(long)
        spent, wall, cpu = time_components(nlp, long)
        rows.append(
            {
                "size_kb": kb,
                **size,
                "ms_per_note": round(wall * 1000 / size["notes"], 1),
                "ms_per_kb": round(wall * 1000 / size["kb"], 2),
                "cpu_ms_per_kb": round(cpu * 1000 / size["kb"], 2),
                "components_ms_per_kb": {
                    k: round(v * 1000 / size["kb"], 2) for k, v in sorted(spent.items(), key=lambda kv: -kv[1])
                },
            }
        )
    out["scaling_length"] = rows
    out["peak_rss_mb_all_phases"] = peak_rss_mb()
    out["accuracy"] = accuracy(settings, corpus)
    return out


def child_pool(settings: Settings) -> dict[str, Any]:
    """prescreen_2w: throughput on the same chunks, then the batch-size series, in one warm pool."""
    items, _ = load_items(settings.corpus)
    notes = cycled(items, settings.notes)
    phases = {"throughput": chunks_of(notes, settings.chunk)}
    batches = {f"batch_{n}": chunks_of(cycled(items, n), settings.chunk) for n in settings.batches}
    pooled = run_pool(settings.workers, {**phases, **batches})
    t = pooled["throughput"]
    out: dict[str, Any] = {
        "throughput": {
            **rates(size_of(notes), t["wall"], t["cpu"]),
            "build_s": pooled["startup_s"],
            "digest": digest(t["results"]),
            "workers": settings.workers,
        },
        "peak_rss_mb": peak_rss_mb(),
        "worker_peak_rss_mb": pooled["worker_peak_rss_mb"],
    }
    rows = []
    for n in settings.batches:
        b = pooled[f"batch_{n}"]
        size = size_of(cycled(items, n))
        rows.append({"batch": n, **rates(size, b["wall"], b["cpu"])})
    out["scaling_batch"] = rows
    return out


def child_main(config: str, settings: Settings, result: Path) -> int:
    fingerprint = source_fingerprint()
    if config == "prescreen":
        out = child_prescreen(settings)
    elif config == "prescreen_2w":
        out = child_pool(settings)
    else:
        out = child_throughput(config, settings)
    out["source_fingerprint"] = fingerprint
    result.write_text(json.dumps(out, indent=1, default=str), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------------------------------
# The orchestrator.


def run_child(config: str, settings: Settings, tmp: Path) -> dict[str, Any]:
    """Run one configuration in a fresh Python process; its JSON plus wall time and load average."""
    spec = tmp / f"{config}.settings.json"
    spec.write_text(json.dumps(asdict(settings)), encoding="utf-8")
    result = tmp / f"{config}.result.json"
    log = tmp / f"{config}.log"
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        config,
        "--settings",
        str(spec),
        "--result",
        str(result),
    ]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with log.open("wb") as sink:
        code = subprocess.run(cmd, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT, check=False).returncode
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"configuration {config} failed (exit {code}):\n{tail}")
    out: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    out["process_wall_s"] = round(time.perf_counter() - started, 1)
    out["load_average_before"] = round(load, 2)
    out["load_average_after"] = round(os.getloadavg()[0], 2)
    print(f"  {config}: done in {out['process_wall_s']} s", flush=True)
    return out


def prescreen_command() -> list[str]:
    script = Path(sys.executable).parent / "prescreen"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "prescreen"]


def cli_cold_start(settings: Settings) -> dict[str, Any]:
    """``prescreen check NOTE --cpt 72131``, a new process each time: wall time and peak RSS."""
    note = min(Path(settings.corpus).glob("requests/*/*.txt"))
    cmd = [*prescreen_command(), "check", str(note), "--cpt", CLI_CPT]
    runs, rss = [], []
    for _ in range(settings.cli_reps):
        with tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
            _, status, usage = os.wait4(proc.pid, 0)  # wait4: this child's own peak RSS
            runs.append(time.perf_counter() - started)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                err.seek(0)
                message = err.read().decode("utf-8", "replace")[-2000:]
                raise RuntimeError(f"prescreen check failed (exit {proc.returncode}): {message}")
        rss.append(usage.ru_maxrss / 1024)
    print(f"  cli: {len(runs)} runs", flush=True)
    return {
        "command": " ".join(["prescreen", "check", str(note.relative_to(ROOT)), "--cpt", CLI_CPT]),
        "reps": len(runs),
        "runs_s": [round(r, 2) for r in runs],
        "median_s": round(statistics.median(runs), 2),
        "min_s": round(min(runs), 2),
        "peak_rss_mb": round(max(rss), 1),
    }


def machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    cpu: str = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions: dict[str, str | None] = {}
    for package in ("prescreen", "spacy", "medspacy", "scispacy", "negspacy", "numpy", "pydantic"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    memory = None
    with contextlib.suppress(ValueError, OSError, AttributeError):
        memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def evaluate_targets(report: dict[str, Any], previous: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each target with its measured value and pass/fail."""
    tp = report["throughput"]
    ours = tp["prescreen"]["notes_per_s"]
    same_notes = tp["prescreen"]["anchor_notes_notes_per_s"]
    anchor = tp["anchor"]["notes_per_s"]
    workers = tp["prescreen_2w"]["notes_per_s"]
    rss = {
        "prescreen (one process)": report["memory"]["prescreen"],
        "prescreen_2w (largest worker)": report["memory"]["prescreen_2w_worker"],
        "CLI": report["cli_cold_start"]["peak_rss_mb"],
    }
    rows = report["scaling_length"]
    # CPU time: the series runs for minutes, and other load on the machine moves wall time, not CPU time.
    per_kb = [r["cpu_ms_per_kb"] for r in rows]
    growth = round(per_kb[-1] / min(per_kb), 2) if per_kb else None
    out = [
        {
            "target": f"prescreen >= {TARGETS['anchor_ratio']:g}x the medspaCy default pipeline (notes/s, same notes)",
            "measured": _ratio(same_notes, anchor),
            "unit": "x",
            "pass": (_ratio(same_notes, anchor) or 0) >= TARGETS["anchor_ratio"],
            "detail": f"prescreen {same_notes} notes/s on the anchor's {tp['anchor']['notes']} notes "
            f"({ours} over all {tp['prescreen']['notes']}), anchor {anchor}",
        },
        {
            "target": f"{report['settings']['workers']} workers >= {TARGETS['workers_ratio']:g}x one process",
            "measured": _ratio(workers, ours),
            "unit": "x",
            "pass": (_ratio(workers, ours) or 0) >= TARGETS["workers_ratio"],
            "detail": f"{workers} vs {ours} notes/s on {tp['prescreen']['notes']} notes; CPU ms/note "
            f"{tp['prescreen_2w']['cpu_ms_per_note']} (pool, summed over workers) vs {tp['prescreen']['cpu_ms_per_note']}",
        },
        {
            "target": f"CLI cold start for one note <= {TARGETS['cli_cold_start_s']:g} s",
            "measured": report["cli_cold_start"]["median_s"],
            "unit": "s",
            "pass": report["cli_cold_start"]["median_s"] <= TARGETS["cli_cold_start_s"],
            "detail": f"median of {report['cli_cold_start']['reps']}",
        },
        {
            "target": f"<= {TARGETS['rss_mb']:g} MB resident per process",
            "measured": max(rss.values()),
            "unit": "MB",
            "pass": max(rss.values()) <= TARGETS["rss_mb"],
            "detail": ", ".join(f"{k} {v}" for k, v in rss.items()),
        },
        {
            "target": f"linear in note length (CPU ms/KB at {rows[-1]['size_kb'] if rows else '?'} KB <= "
            f"{TARGETS['length_growth']:g}x the lowest CPU ms/KB)",
            "measured": growth,
            "unit": "x",
            "pass": growth is not None and growth <= TARGETS["length_growth"],
            "detail": ", ".join(
                f"{r['size_kb']} KB: {r['cpu_ms_per_kb']} CPU ms/KB ({r['ms_per_kb']} wall)" for r in rows
            ),
        },
    ]
    acc = report["accuracy"]
    figures = {
        "affirmed_f1": acc["affirmed_f1"],
        "denied_f1": acc["denied_f1"],
        "duration_accuracy": acc["duration_accuracy"],
        **{f"determination_accuracy[{p}]": v for p, v in acc["determination_accuracy"].items()},
    }
    before: dict[str, Any] = (previous or {}).get("accuracy") or {}
    if before and before.get("requests") == acc["requests"] and not report["settings"]["quick"]:
        old = {
            "affirmed_f1": before.get("affirmed_f1"),
            "denied_f1": before.get("denied_f1"),
            "duration_accuracy": before.get("duration_accuracy"),
            **{f"determination_accuracy[{p}]": v for p, v in before.get("determination_accuracy", {}).items()},
        }
        drops = [k for k, v in figures.items() if v is not None and old.get(k) is not None and v < old[k]]
        out.append(
            {
                "target": f"accuracy does not drop (vs the previous bench.json, run {(previous or {}).get('started')})",
                "measured": len(drops),
                "unit": "figures lower",
                "pass": not drops,
                "detail": "; ".join(f"{k} {old[k]} -> {figures[k]}" for k in figures if old.get(k) is not None),
            }
        )
    else:
        out.append(
            {
                "target": "accuracy does not drop",
                "measured": None,
                "unit": "",
                "pass": None,
                "detail": "recorded below; no comparable previous bench.json to compare with",
            }
        )
    return out


def assemble(
    settings: Settings, children: dict[str, dict[str, Any]], cli: dict[str, Any], started: str
) -> dict[str, Any]:
    notes = {c: children[c]["throughput"] for c in CONFIGS}
    p1, p2 = children["prescreen"], children["prescreen_2w"]
    return {
        "started": started,
        "machine": machine(),
        "settings": asdict(settings),
        "throughput": notes,
        "results_identical_1_vs_2_workers": notes["prescreen"]["digest"] == notes["prescreen_2w"]["digest"],
        "source_fingerprints": {c: children[c]["source_fingerprint"] for c in CONFIGS},
        "latency": p1["latency"],
        "cli_cold_start": cli,
        "cold_start_breakdown": p1["cold_start"],
        "memory": {
            "floor": children["floor"]["peak_rss_mb"],
            "anchor": children["anchor"]["peak_rss_mb"],
            "prescreen": p1["peak_rss_mb"],
            "prescreen_all_phases": p1["peak_rss_mb_all_phases"],
            "prescreen_2w_parent": p2["peak_rss_mb"],
            "prescreen_2w_worker": p2["worker_peak_rss_mb"],
            "cli": cli["peak_rss_mb"],
        },
        "components": p1["components"],
        "scaling_length": p1["scaling_length"],
        "scaling_batch": {"config": settings.batch_config, "rows": p2["scaling_batch"]},
        "accuracy": p1["accuracy"],
        "load_average": {c: [children[c]["load_average_before"], children[c]["load_average_after"]] for c in CONFIGS},
        "process_wall_s": {c: children[c]["process_wall_s"] for c in CONFIGS},
    }


def _fmt(x: Any) -> str:
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:,.3f}" if abs(x) < 1 else f"{x:,.1f}" if abs(x) < 1000 else f"{x:,.0f}"
    return str(x)


def markdown(report: dict[str, Any]) -> str:
    m, s = report["machine"], report["settings"]
    tp = report["throughput"]
    fingerprints = report["source_fingerprints"]
    v = m["versions"]
    lines = [
        "# prescreen speed benchmark",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Python {m['python']}; "
        f"spaCy {v['spacy']}, medspaCy {v['medspacy']}, scispaCy {v['scispacy']}, negspacy {v['negspacy']}, "
        f"numpy {v['numpy']}. Run started {report['started']}.",
        "",
    ]
    if s["quick"]:
        lines += [
            "**Quick (smoke) run: tiny samples, configurations run concurrently; the figures are not benchmark results.**",
            "",
        ]
    loads = [x for pair in report["load_average"].values() for x in pair]
    if loads and max(loads) > (m["cores"] or 1):
        lines += [
            f"Note: the machine was shared during the run (1-minute load average up to {max(loads):.1f} on "
            f"{m['cores']} cores), so wall-clock figures are pessimistic; CPU ms/note is less affected.",
            "",
        ]
    lines += [
        f"## Throughput ({tp['prescreen']['notes']} notes: the corpus notes cycled, {tp['prescreen']['kb'] / tp['prescreen']['notes']:.2f} KB/note)",
        "",
        "| configuration | notes | notes/s | words/s | KB/s | ms/note | CPU ms/note | peak RSS MB | build/start s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    labels = {
        "floor": 'floor: `spacy.blank("en")` tokenization',
        "anchor": "anchor: medspaCy default pipeline + our target rules",
        "prescreen": "prescreen, one process",
        "prescreen_2w": f"prescreen, {s['workers']} worker processes",
    }
    memory = report["memory"]
    rss = {
        "floor": memory["floor"],
        "anchor": memory["anchor"],
        "prescreen": memory["prescreen"],
        "prescreen_2w": f"{memory['prescreen_2w_worker']} per worker",
    }
    for c in CONFIGS:
        r = tp[c]
        lines.append(
            f"| {labels[c]} | {r['notes']} | {_fmt(r['notes_per_s'])} | {_fmt(r['words_per_s'])} | {_fmt(r['kb_per_s'])} | "
            f"{_fmt(r['ms_per_note'])} | {_fmt(r['cpu_ms_per_note'])} | {rss[c]} | {_fmt(r['build_s'])} |"
        )
    lines += [
        "",
        f"The anchor runs on the first {tp['anchor']['notes']} of the same notes (every corpus note once in a full run) "
        "to keep the run short; the ratio below compares prescreen on exactly those notes. "
        f"One process and {s['workers']} workers return identical results: {_fmt(report['results_identical_1_vs_2_workers'])}"
        + (
            " (prescreen's code or rule files changed between the two configurations' runs: their source "
            "fingerprints differ)."
            if fingerprints["prescreen"] != fingerprints["prescreen_2w"]
            else "."
        ),
        "",
        "## Targets (ratios measured in this run)",
        "",
        "| target | measured | pass | detail |",
        "|---|---|---|---|",
    ]
    for t in report["targets"]:
        verdict = "n/a" if t["pass"] is None else "PASS" if t["pass"] else "FAIL"
        lines.append(f"| {t['target']} | {_fmt(t['measured'])} {t['unit']} | {verdict} | {t['detail']} |")
    lat, cli, cold = report["latency"], report["cli_cold_start"], report["cold_start_breakdown"]
    lines += [
        "",
        "## Latency and cold start",
        "",
        f"`check()` per corpus request (Python API, warm pipeline; {lat['samples']} calls over {lat['requests']} "
        f"requests, {lat['notes_per_request']} notes/request): p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms, "
        f"p99 {lat['p99_ms']} ms, max {lat['max_ms']} ms.",
        "",
        f"CLI cold start (`{cli['command']}`, {cli['reps']} runs): median {cli['median_s']} s "
        f"(runs {', '.join(str(x) for x in cli['runs_s'])}), peak RSS {cli['peak_rss_mb']} MB. Where it goes, "
        "measured in a fresh process: "
        + ", ".join(f"{k.removesuffix('_s').replace('_', ' ')} {v} s" for k, v in cold.items())
        + ".",
        "",
        f"## Where the time goes (prescreen, {report['components']['notes']} corpus notes)",
        "",
        "| step | ms/note | share |",
        "|---|---|---|",
    ]
    for k, ms in report["components"]["ms_per_note"].items():
        lines.append(f"| {k} | {ms} | {report['components']['share'][k]:.1%} |")
    lines += [
        "",
        "## Scaling with note length (prescreen, one process; notes built by concatenating corpus notes)",
        "",
        "| note size | notes | ms/note | ms/KB | CPU ms/KB | top steps, ms/KB |",
        "|---|---|---|---|---|---|",
    ]
    for r in report["scaling_length"]:
        top = ", ".join(f"{k} {x}" for k, x in list(r["components_ms_per_kb"].items())[:4])
        lines.append(
            f"| {r['size_kb']} KB | {r['notes']} | {r['ms_per_note']} | {r['ms_per_kb']} | {r['cpu_ms_per_kb']} | {top} |"
        )
    batch = report["scaling_batch"]
    lines += [
        "",
        f"## Scaling with batch size ({batch['config']}: the fastest configuration, used for every batch size to keep the run short)",
        "",
        "| batch (notes) | notes/s | ms/note | CPU ms/note |",
        "|---|---|---|---|",
    ]
    for r in batch["rows"]:
        lines.append(f"| {r['batch']} | {_fmt(r['notes_per_s'])} | {r['ms_per_note']} | {r['cpu_ms_per_note']} |")
    acc = report["accuracy"]
    lines += [
        "",
        f"## Accuracy of the same build ({acc['split']} split: {acc['requests']} requests, {acc['notes']} notes)",
        "",
        "| figure | value |",
        "|---|---|",
        f"| request-level affirmed-fact F1 | {_fmt(acc['affirmed_f1'])} |",
        f"| request-level denied-fact F1 | {_fmt(acc['denied_f1'])} |",
        f"| therapy duration within 1 week | {_fmt(acc['duration_accuracy'])} |",
        *[f"| determination accuracy: {p} | {_fmt(x)} |" for p, x in acc["determination_accuracy"].items()],
        f"| mention F1, overlap (micro) | {_fmt(acc['mention_f1_overlap'])} |",
        f"| assertion accuracy | {_fmt(acc['assertion_accuracy'])} |",
        "",
        f"Reproduce: `.venv/bin/python benchmarks/bench.py{' --quick' if s['quick'] else ''}`.",
        "",
    ]
    return "\n".join(lines)


def plot(report: dict[str, Any], path: Path) -> Path:
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    tp = report["throughput"]
    names = list(CONFIGS)
    values = [tp[c]["notes_per_s"] for c in names]
    bars = left.bar(names, values, color=["#999999", "#56B4E9", "#009E73", "#006D4F"])
    left.set_yscale("log")
    left.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda y, _: f"{y:g}"))
    left.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    left.set_ylabel("notes/s (log scale)")
    left.set_title(f"Throughput, {tp['prescreen']['notes']} notes")
    for bar, value in zip(bars, values, strict=True):
        left.annotate(f"{value:,.1f}", (bar.get_x() + bar.get_width() / 2, value), ha="center", va="bottom", fontsize=8)
    rows = report["scaling_length"]
    sizes = [r["size_kb"] for r in rows]
    right.plot(sizes, [r["ms_per_kb"] for r in rows], marker="o", color="black", label="total")
    steps = list(rows[-1]["components_ms_per_kb"])[:5] if rows else []
    for step in steps:
        right.plot(
            sizes, [r["components_ms_per_kb"].get(step, 0) for r in rows], marker=".", linestyle="--", label=step
        )
    right.set_xscale("log", base=2)
    right.set_xticks(sizes, [f"{x} KB" for x in sizes])
    right.set_ylim(bottom=0)
    right.set_xlabel("note length")
    right.set_ylabel("ms per KB (flat = linear)")
    right.set_title("prescreen cost per KB vs note length")
    right.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="prescreen speed benchmark")
    parser.add_argument("--quick", action="store_true", help="a tiny smoke run")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for bench.json, bench.md, bench.png")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=None, help="configurations at a time (default 1; 2 with --quick)")
    parser.add_argument("--child", choices=CONFIGS, help=argparse.SUPPRESS)
    parser.add_argument("--settings", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        data = json.loads(args.settings.read_text(encoding="utf-8"))
        settings = Settings(**{**data, "lengths_kb": tuple(data["lengths_kb"]), "batches": tuple(data["batches"])})
        return child_main(args.child, settings, args.result)

    started = dt.datetime.now().isoformat(timespec="seconds")
    settings = Settings.make(args.quick, args.corpus.resolve(), args.jobs)
    if not settings.anchor_notes or not settings.profile_notes:
        items, _ = load_items(settings.corpus)
        whole = len(items) - len(items) % settings.chunk or len(items)
        settings = Settings(
            **{
                **asdict(settings),
                "anchor_notes": settings.anchor_notes or min(whole, settings.notes),
                "profile_notes": settings.profile_notes or len(items),
            }
        )
    print(f"prescreen benchmark ({'quick' if settings.quick else 'full'}), {settings.jobs} at a time", flush=True)
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as tmp:
        jobs: dict[str, Callable[[], dict[str, Any]]] = {c: partial(run_child, c, settings, Path(tmp)) for c in CONFIGS}
        jobs["cli"] = partial(cli_cold_start, settings)
        if settings.jobs > 1:
            with ThreadPoolExecutor(settings.jobs) as pool:
                futures = {name: pool.submit(job) for name, job in jobs.items()}
                done = {name: f.result() for name, f in futures.items()}
        else:
            done = {name: job() for name, job in jobs.items()}
    cli = done.pop("cli")
    report = assemble(settings, done, cli, started)
    args.out.mkdir(parents=True, exist_ok=True)
    previous_path = args.out / "bench.json"
    previous = json.loads(previous_path.read_text(encoding="utf-8")) if previous_path.is_file() else None
    report["targets"] = evaluate_targets(report, previous)
    previous_path.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    (args.out / "bench.md").write_text(markdown(report), encoding="utf-8")
    plot(report, args.out / "bench.png")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
