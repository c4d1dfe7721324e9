"""Output writers: JSON (the contract) and a readable terminal report."""

from __future__ import annotations

import json
import textwrap

from prescreen.contract import Fact, IndicationResult, PolicyResult, Result
from prescreen.extractors.aggregate import CONTRADICTED
from prescreen.models import CUE as MODEL_CUE

DETERMINATION_LABEL = {
    "meets_criteria": "MEETS CRITERIA",
    "does_not_meet": "DOES NOT MEET CRITERIA",
    "needs_documentation": "NEEDS DOCUMENTATION",
}


def to_json(result: Result, indent: int | None = 2) -> str:
    return json.dumps(result.model_dump(mode="json", exclude_none=True), indent=indent, ensure_ascii=False)


def _wrap(text: str, indent: str, width: int = 100) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]


def _indication_lines(ind: IndicationResult) -> list[str]:
    lines = _wrap(f"[{ind.status.upper()}] {ind.title} ({ind.id})", "    ")
    for item in ind.satisfied:
        lines += _wrap(f"+ {item.criterion}  <- {', '.join(item.facts)}", "        ")
    for item in ind.missing:
        lines += _wrap(
            f"? {item.document or item.criterion}  [would be satisfied by: {', '.join(item.facts)}]", "        "
        )
    for item in ind.failed:
        lines += _wrap(f"- not met: {item.criterion}", "        ")
    return lines


def _policy_lines(policy: PolicyResult, closest: int) -> list[str]:
    lines = [
        f"{policy.title or policy.policy} (version {policy.version})",
        f"  Determination: {DETERMINATION_LABEL[policy.determination]}",
    ]
    if policy.non_indications:
        lines.append("  Non-indications that apply:")
        for ind in policy.non_indications:
            lines += _indication_lines(ind)
    met = [i for i in policy.indications if i.status == "true"]
    if met:
        lines.append("  Met by:")
        for ind in met:
            lines += _indication_lines(ind)
    elif policy.determination == "needs_documentation":
        lines.append(f"  Closest indications (of {len(policy.indications)}), with what to document:")
        for ind in [i for i in policy.indications if i.status == "unknown" and i.applicable][:closest]:
            lines += _indication_lines(ind)
    flagged = [r for r in policy.general_requirements if r.status != "false"]
    if flagged:
        lines.append("  General requirements:")
        for req in flagged:
            lines += _wrap(f"[{req.status.upper()}] {req.title}: {req.message}", "    ")
    return lines


def _fact_lines(fact: Fact) -> list[str]:
    values = ", ".join(f"{k}={v}" for k, v in fact.values.items())
    head = (
        f"  {fact.id} [{fact.status}]"
        + (f"  {values}" if values else "")
        + ("  (structured)" if fact.source == "structured" else "")
    )
    lines = [head]
    for ev in fact.evidence:
        where = f"{ev.note}:{ev.start}-{ev.end}" + (f", {ev.section}" if ev.section else "")
        lines.append(f'      "{ev.text}" ({ev.assertion}; {where})')
        lines += [f"        {cue}" for cue in ev.cues if cue.startswith((CONTRADICTED, MODEL_CUE))]
    return lines


def to_text(result: Result, closest: int = 3) -> str:
    """A readable report: per policy the determination and what to document, then each fact's evidence."""
    lines = [
        f"prescreen report for request {result.request_id}",
        f"CPT {result.cpt} ({result.region}, contrast: {result.contrast}); request date {result.request_date}"
        + (f"; patient age {result.patient_age}" if result.patient_age is not None else ""),
        "",
    ]
    for policy in result.policies:
        lines += _policy_lines(policy, closest)
        lines.append("")
    lines.append(f"Facts documented ({len(result.facts)}):")
    for fact in result.facts:
        lines += _fact_lines(fact)
    lines.append("")
    lines.append("prescreen shows the evidence; the determination is the reviewer's.")
    return "\n".join(lines) + "\n"


__all__ = ["DETERMINATION_LABEL", "to_json", "to_text"]
