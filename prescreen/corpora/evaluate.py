"""`prescreen evaluate`: prescreen and the baselines on the same notes, every figure in one run."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from prescreen.contract import Fact, PolicyResult, Request
from prescreen.corpora.loader import Corpus, CorpusRequest
from prescreen.corpora.metrics import (
    MentionRecord,
    assertion_accuracy,
    denied_reported_present,
    determination_scores,
    macro_f1,
    mention_prf,
    micro,
    missing_recall,
    status_prf,
    value_accuracy,
)
from prescreen.corpora.systems import SYSTEMS, system_runner
from prescreen.criteria.cpt import lookup_cpt
from prescreen.criteria.registry import policies_for_cpt
from prescreen.extractors.mentions import Mention
from prescreen.pipeline.run import evaluate_policies, request_facts

log = logging.getLogger(__name__)


def predicted_missing(policy: PolicyResult) -> set[str]:
    """The fact ids the closest unknown indication asks for (when documentation is needed)."""
    if policy.determination != "needs_documentation":
        return set()
    closest = next((i for i in policy.indications if i.status == "unknown" and i.applicable), None)
    return {f for m in closest.missing for f in m.facts} if closest else set()


def evaluate_request(request: Request, mentions: list[Mention]) -> tuple[list[Fact], list[PolicyResult]]:
    facts = request_facts(request, mentions)
    cpt = lookup_cpt(request.cpt)
    return facts, evaluate_policies(facts, cpt, request.effective_date(), policies_for_cpt(cpt.code))


def score_system(name: str, requests: list[CorpusRequest]) -> dict[str, Any]:
    """Run one system over the requests and compute every figure."""
    run = system_runner(name)
    gold_m: list[MentionRecord] = []
    pred_m: list[MentionRecord] = []
    gold_status: dict[str, dict[str, str]] = {}
    pred_status: dict[str, dict[str, str]] = {}
    gold_values: dict[str, dict[str, dict[str, Any]]] = {}
    pred_values: dict[str, dict[str, dict[str, Any]]] = {}
    gold_det: dict[str, dict[str, str]] = {}
    pred_det: dict[str, dict[str, str]] = {}
    gold_missing: dict[str, dict[str, set[str]]] = {}
    pred_missing: dict[str, dict[str, set[str]]] = {}
    started = time.perf_counter()
    for cr in requests:
        rid = cr.request.request_id
        mentions = run(cr.request.notes)
        for m in cr.gold.mentions:
            gold_m.append(MentionRecord(rid, m.note, m.fact, m.start, m.end, m.assertion))
        for pm in mentions:
            ev = pm.evidence
            pred_m.append(MentionRecord(rid, ev.note, pm.fact, ev.start, ev.end, ev.assertion))
        facts, policies = evaluate_request(cr.request, mentions)
        # Request-level gold covers the whole request, so structured request data (age, ordering
        # specialty) counts as it does for a reviewer.
        gold_status[rid] = {f: g.status for f, g in cr.gold.facts.items()}
        pred_status[rid] = {f.id: f.status for f in facts}
        gold_values[rid] = {f: g.values for f, g in cr.gold.facts.items() if g.status == "present"}
        pred_values[rid] = {f.id: f.values for f in facts if f.status == "present"}
        gold_det[rid] = {p: g.determination for p, g in cr.gold.policies.items()}
        pred_det[rid] = {p.policy: p.determination for p in policies}
        gold_missing[rid] = {
            p: set(g.missing) for p, g in cr.gold.policies.items() if g.determination == "needs_documentation"
        }
        pred_missing[rid] = {p.policy: predicted_missing(p) for p in policies}
    seconds = time.perf_counter() - started
    exact = mention_prf(gold_m, pred_m, exact=True)
    overlap = mention_prf(gold_m, pred_m, exact=False)
    values = value_accuracy(gold_values, pred_values)
    denied_present = denied_reported_present(gold_status, pred_status)
    per_fact_status: dict[str, dict[str, Any]] = {}
    for status in ("present", "absent"):
        facts_seen = {
            f for per in (gold_status, pred_status) for d in per.values() for f, s in d.items() if s == status
        }
        for fact in sorted(facts_seen):
            g = {r: {f: s for f, s in d.items() if f == fact} for r, d in gold_status.items()}
            p = {r: {f: s for f, s in d.items() if f == fact} for r, d in pred_status.items()}
            per_fact_status.setdefault(fact, {})[status] = status_prf(g, p, status).summary()
    return {
        "system": name,
        "requests": len(requests),
        "notes": sum(len(r.request.notes) for r in requests),
        "seconds": round(seconds, 2),
        "mentions": {
            "gold": len(gold_m),
            "predicted": len(pred_m),
            "exact": {
                "micro": micro(exact).summary(),
                "macro_f1": round(macro_f1(exact), 4),
                "per_fact": {k: v.summary() for k, v in sorted(exact.items())},
            },
            "overlap": {
                "micro": micro(overlap).summary(),
                "macro_f1": round(macro_f1(overlap), 4),
                "per_fact": {k: v.summary() for k, v in sorted(overlap.items())},
            },
        },
        "assertion": assertion_accuracy(gold_m, pred_m),
        "request_level": {
            "affirmed": status_prf(gold_status, pred_status, "present").summary(),
            "denied": status_prf(gold_status, pred_status, "absent").summary(),
            "suspected": status_prf(gold_status, pred_status, "suspected").summary(),
            "historical": status_prf(gold_status, pred_status, "historical").summary(),
            "denied_reported_present": [list(x) for x in denied_present],
            "per_fact": per_fact_status,
        },
        "values": {
            k: {
                "accuracy": v.accuracy,
                "correct": v.correct,
                "total": v.total,
                "misses": [list(x) for x in v.misses[:50]],
            }
            for k, v in values.items()
        },
        "determination": determination_scores(gold_det, pred_det),
        "missing_documentation": missing_recall(gold_missing, pred_missing),
    }


def evaluate_corpus(corpus: Corpus, split: str | None, systems: tuple[str, ...] = SYSTEMS) -> dict[str, Any]:
    requests = corpus.split(split)
    results = {name: score_system(name, requests) for name in systems}
    return {
        "corpus": corpus.path,
        "split": split or "all",
        "requests": len(requests),
        "notes": sum(len(r.request.notes) for r in requests),
        "systems": results,
    }


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def summary_table(report: dict[str, Any]) -> str:
    """The headline markdown table: one column per system."""
    systems = list(report["systems"].values())
    head = "| metric | " + " | ".join(s["system"] for s in systems) + " |"
    rows = [head, "|---|" + "---|" * len(systems)]

    def row(label: str, get: Any) -> None:
        rows.append(f"| {label} | " + " | ".join(_pct(get(s)) for s in systems) + " |")

    row("mention F1, exact (micro)", lambda s: s["mentions"]["exact"]["micro"]["f1"])
    row("mention F1, overlap (micro)", lambda s: s["mentions"]["overlap"]["micro"]["f1"])
    row("mention F1, overlap (macro over facts)", lambda s: s["mentions"]["overlap"]["macro_f1"])
    row("assertion accuracy (matched mentions)", lambda s: s["assertion"]["accuracy"])
    for cls in ("present", "absent", "uncertain", "historical", "hypothetical", "family"):
        row(f"  assertion accuracy: {cls}", lambda s, c=cls: s["assertion"]["per_class"].get(c, {}).get("accuracy"))
    row("request-level affirmed-fact F1", lambda s: s["request_level"]["affirmed"]["f1"])
    row("request-level denied-fact F1", lambda s: s["request_level"]["denied"]["f1"])
    row("request-level suspected-fact F1", lambda s: s["request_level"]["suspected"]["f1"])
    rows.append(
        "| denied facts reported present | "
        + " | ".join(str(len(s["request_level"]["denied_reported_present"])) for s in systems)
        + " |"
    )
    labels = {
        "therapy_duration_weeks": "therapy duration within 1 week",
        "pain_duration_weeks": "pain duration within 1 week",
    }
    for name in ("therapy_duration_weeks", "pain_duration_weeks", "outcome", "level", "side"):
        row(labels.get(name, f"value accuracy: {name}"), lambda s, n=name: s["values"][n]["accuracy"])
    policies = sorted({p for s in systems for p in s["determination"]})
    for policy in policies:
        row(f"determination accuracy: {policy}", lambda s, p=policy: s["determination"].get(p, {}).get("accuracy"))
    row("missing-documentation recall", lambda s: s["missing_documentation"]["recall"])
    return "\n".join(rows)


def markdown_report(report: dict[str, Any]) -> str:
    lines = [
        f"# prescreen evaluation: {report['corpus']} ({report['split']} split)",
        "",
        f"{report['requests']} requests, {report['notes']} notes. Systems share the same target rules; "
        "`negex` = + negspacy NegEx (clinical termset) only; `medspacy` = + medspaCy default ConText, "
        "PyRuSH sentences and default sectionizer; `rules` = the full pipeline without the trained assertion model; `prescreen` = the full pipeline. Baselines have no value parsers.",
        "",
        summary_table(report),
        "",
    ]
    ours = report["systems"].get("prescreen")
    if ours:
        lines += [
            "## prescreen per fact (overlap mention F1; request-level affirmed/denied F1)",
            "",
            "| fact | mention P | mention R | mention F1 | affirmed F1 | denied F1 |",
            "|---|---|---|---|---|---|",
        ]
        per = ours["mentions"]["overlap"]["per_fact"]
        status = ours["request_level"]["per_fact"]
        for fact in sorted(set(per) | set(status)):
            m = per.get(fact, {})
            st = status.get(fact, {})
            lines.append(
                f"| {fact} | {_pct(m.get('precision'))} | {_pct(m.get('recall'))} | {_pct(m.get('f1'))} | "
                f"{_pct(st.get('present', {}).get('f1'))} | {_pct(st.get('absent', {}).get('f1'))} |"
            )
        lines.append("")
        for policy, d in ours["determination"].items():
            lines += [
                f"### Determination confusion, {policy} (rows gold, columns predicted)",
                "",
                "| gold \\ predicted | " + " | ".join(d["confusion"]) + " |",
                "|---|" + "---|" * len(d["confusion"]),
            ]
            for g, row in d["confusion"].items():
                lines.append(f"| {g} | " + " | ".join(str(v) for v in row.values()) + " |")
            lines.append("")
        if ours["request_level"]["denied_reported_present"]:
            lines += (
                ["### Denied facts reported present", ""]
                + [f"- {r}: {f}" for r, f in ours["request_level"]["denied_reported_present"]]
                + [""]
            )
    return "\n".join(lines)


def write_plots(report: dict[str, Any], out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    systems = report["systems"]
    facts = sorted({f for s in systems.values() for f in s["mentions"]["overlap"]["per_fact"]})
    if facts:
        fig, ax = plt.subplots(figsize=(10, max(6, len(facts) * 0.22)))
        height = 0.8 / max(1, len(systems))
        colors = {"negex": "#E69F00", "medspacy": "#56B4E9", "prescreen": "#009E73"}
        for k, (name, s) in enumerate(systems.items()):
            f1 = [s["mentions"]["overlap"]["per_fact"].get(f, {}).get("f1", 0) for f in facts]
            ax.barh([i + k * height for i in range(len(facts))], f1, height=height, label=name, color=colors.get(name))
        ax.set_yticks([i + 0.4 - height / 2 for i in range(len(facts))])
        ax.set_yticklabels(facts, fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel("mention F1 (overlap)")
        ax.set_xlim(0, 1)
        ax.legend(loc="lower right")
        ax.set_title(f"Per-fact mention F1 ({report['split']} split)")
        fig.tight_layout()
        path = out / "per_fact_f1.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    ours = systems.get("prescreen")
    if ours and ours["determination"]:
        policies = list(ours["determination"].items())
        fig, axes = plt.subplots(1, len(policies), figsize=(5.5 * len(policies), 4.5), squeeze=False)
        for ax, (policy, d) in zip(axes[0], policies, strict=True):
            labels = list(d["confusion"])
            matrix = [[d["confusion"][g][p] for p in labels] for g in labels]
            ax.imshow(matrix, cmap="Blues")
            short = [label.replace("_", "\n") for label in labels]
            ax.set_xticks(range(len(labels)), short, fontsize=8)
            ax.set_yticks(range(len(labels)), short, fontsize=8)
            ax.set_xlabel("predicted")
            ax.set_ylabel("gold")
            for i, row in enumerate(matrix):
                for j, v in enumerate(row):
                    ax.text(j, i, str(v), ha="center", va="center")
            ax.set_title(f"{policy}\naccuracy {_pct(d['accuracy'])} (n={d['n']})", fontsize=9)
        fig.tight_layout()
        path = out / "determination_confusion.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    return written


def write_report(report: dict[str, Any], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    md = out / "report.md"
    md.write_text(markdown_report(report), encoding="utf-8")
    js = out / "report.json"
    js.write_text(json.dumps(report, indent=1, default=sorted), encoding="utf-8")
    return [md, js, *write_plots(report, out)]


__all__ = [
    "evaluate_corpus",
    "evaluate_request",
    "markdown_report",
    "predicted_missing",
    "score_system",
    "summary_table",
    "write_report",
]
