"""Corpus coverage: how often each fact is affirmed and denied, each indication met, each
determination, region and age band present — the figures a corpus must reach to be useful."""

from __future__ import annotations

from collections import Counter
from typing import Any

from prescreen.catalogue import load_catalogue
from prescreen.corpora.loader import Corpus
from prescreen.criteria.cpt import lookup_cpt
from prescreen.criteria.registry import bundled_policies

AFFIRMED = {"present"}
DENIED = {"absent"}


def coverage(corpus: Corpus) -> dict[str, Any]:
    """Mention counts per fact (affirmed / denied), indications met, determinations, regions, ages."""
    affirmed: Counter[str] = Counter()
    denied: Counter[str] = Counter()
    indications: Counter[str] = Counter()
    non_indications: Counter[str] = Counter()
    determinations: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    for cr in corpus.requests:
        for m in cr.gold.mentions:
            if m.assertion in AFFIRMED:
                affirmed[m.fact] += 1
            elif m.assertion in DENIED:
                denied[m.fact] += 1
        for policy_id, gp in cr.gold.policies.items():
            determinations[f"{policy_id}:{gp.determination}"] += 1
            for ind in gp.indications:
                indications[f"{policy_id}:{ind}"] += 1
            for ind in gp.non_indications:
                non_indications[f"{policy_id}:{ind}"] += 1
        regions[lookup_cpt(cr.request.cpt).region] += 1
        age = cr.request.patient.age
        if age is None:
            gold_age = cr.gold.facts.get("patient_age")
            age = gold_age.values.get("years") if gold_age else None
        if age is None:
            ages["unknown"] += 1
        else:
            ages["pediatric (<18)" if float(age) < 18 else "elderly (>=65)" if float(age) >= 65 else "adult"] += 1
    facts = list(load_catalogue().facts)
    policy_ids = {
        pid: ([i.id for i in p.indications], [i.id for i in p.non_indications]) for pid, p in bundled_policies().items()
    }
    return {
        "requests": len(corpus.requests),
        "notes": corpus.notes,
        "mentions": sum(len(r.gold.mentions) for r in corpus.requests),
        "facts": {f: {"affirmed": affirmed[f], "denied": denied[f]} for f in facts},
        "indications": {pid: {i: indications[f"{pid}:{i}"] for i in inds} for pid, (inds, _) in policy_ids.items()},
        "non_indications": {
            pid: {i: non_indications[f"{pid}:{i}"] for i in non} for pid, (_, non) in policy_ids.items()
        },
        "determinations": dict(sorted(determinations.items())),
        "regions": dict(regions),
        "ages": dict(ages),
        "splits": dict(Counter(r.split for r in corpus.requests)),
    }


__all__ = ["coverage"]
