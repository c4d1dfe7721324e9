"""The whole job, left to right: request -> notes -> Docs -> mentions -> facts -> policies -> result."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from prescreen import __version__
from prescreen.contract import Fact, GivenFact, Note, PolicyResult, Request, Result
from prescreen.criteria.cpt import CptCode, lookup_cpt
from prescreen.criteria.evaluate import Context, Evaluator
from prescreen.criteria.registry import get_policy, policies_for_cpt
from prescreen.criteria.schema import Policy
from prescreen.errors import Errors, PrescreenError
from prescreen.extractors.aggregate import aggregate, merge_structured
from prescreen.extractors.mentions import Mention, doc_mentions
from prescreen.pipeline.nlp import get_nlp

log = logging.getLogger(__name__)

SURGEON_SPECIALTY = re.compile(r"(?i)neurosurg|orthop(?:a)?edic|spine surg|spinal surg")


def process_notes(notes: Sequence[Note], nlp: Language | None = None) -> list[Doc]:
    """Run the pipeline over a request's notes, in order."""
    pipeline = nlp or get_nlp()
    docs = []
    for note in notes:
        doc = pipeline.make_doc(note.text)
        doc._.note_id = note.id
        doc._.note_date = note.date
        docs.append(doc)
    return list(pipeline.pipe(docs))


def extract_mentions(notes: Sequence[Note], docs: Iterable[Doc]) -> list[Mention]:
    out: list[Mention] = []
    for i, (note, doc) in enumerate(zip(notes, docs, strict=True)):
        out.extend(doc_mentions(doc, note.id, note.date, i))
    return out


def structured_facts(request: Request) -> list[GivenFact]:
    """Facts the request gives as data: its `facts`, the patient's age, the ordering specialty."""
    given = list(request.facts)
    ids = {g.id for g in given}
    if request.patient.age is not None and "patient_age" not in ids:
        given.append(GivenFact(id="patient_age", status="present", values={"years": request.patient.age}))
    if request.ordering_specialty and "ordering_surgeon" not in ids:
        surgeon = bool(SURGEON_SPECIALTY.search(request.ordering_specialty))
        given.append(
            GivenFact(
                id="ordering_surgeon",
                status="present" if surgeon else "absent",
                values={"specialty": request.ordering_specialty},
            )
        )
    return given


def request_facts(request: Request, mentions: list[Mention]) -> list[Fact]:
    return merge_structured(aggregate(mentions), structured_facts(request))


def select_policies(cpt: str, policy_ids: Sequence[str] | None, extra: dict[str, Policy] | None = None) -> list[Policy]:
    if policy_ids:
        policies = [get_policy(pid, extra) for pid in policy_ids]
        return policies
    policies = policies_for_cpt(cpt)
    if not policies:
        raise PrescreenError(Errors.P012, cpt=cpt)
    return policies


def evaluate_policies(
    facts: Iterable[Fact], cpt: CptCode, request_date: dt.date, policies: Sequence[Policy]
) -> list[PolicyResult]:
    """Each policy's evaluation of a request's facts, for the requested CPT code and date."""
    ctx = Context(facts={f.id: f for f in facts}, request_date=request_date, region=cpt.region, contrast=cpt.contrast)
    return [Evaluator(p).evaluate(ctx) for p in policies]


def check(
    request: Request,
    policy_ids: Sequence[str] | None = None,
    nlp: Language | None = None,
    today: dt.date | None = None,
    extra_policies: dict[str, Policy] | None = None,
) -> Result:
    """Evaluate one request against the policies that cover its CPT code (or those named)."""
    cpt = lookup_cpt(request.cpt)
    policies = select_policies(cpt.code, policy_ids, extra_policies)
    docs = process_notes(request.notes, nlp)
    mentions = extract_mentions(request.notes, docs)
    facts = request_facts(request, mentions)
    request_date = request.effective_date(today)
    results = evaluate_policies(facts, cpt, request_date, policies)
    age = next((f for f in facts if f.id == "patient_age"), None)
    years = age.values.get("years") if age and age.status == "present" else None
    log.info(
        "request %s: %d notes, %d mentions, %d facts, determinations %s",
        request.request_id,
        len(request.notes),
        len(mentions),
        len(facts),
        ",".join(f"{r.policy}={r.determination}" for r in results),
    )
    return Result(
        request_id=request.request_id,
        cpt=cpt.code,
        region=cpt.region,
        contrast=cpt.contrast,
        request_date=request_date,
        patient_age=int(years) if isinstance(years, int | float) else None,
        facts=facts,
        policies=results,
        prescreen_version=__version__,
    )


__all__ = [
    "check",
    "evaluate_policies",
    "extract_mentions",
    "process_notes",
    "request_facts",
    "select_policies",
    "structured_facts",
]
