"""Loading, checking and finding policies. Policies are data files; code never names one."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from prescreen._yaml import YAMLError, load_yaml
from prescreen.catalogue import Catalogue, load_catalogue
from prescreen.criteria.cpt import CPT_CODES
from prescreen.criteria.schema import (
    AllNode,
    AnyNode,
    AtLeastNode,
    CourseNode,
    FactNode,
    Node,
    NotNode,
    Policy,
    UseNode,
)
from prescreen.errors import Errors, PrescreenError

#: Values every fact may be tested on besides its catalogue values (derived by the aggregator).
DERIVED_VALUES = {"date", "region", "side", "level", "years"}


def format_validation_error(exc: ValidationError, limit: int = 5) -> str:
    """Summarise pydantic errors by field path, one clause each."""
    parts = []
    for err in exc.errors()[:limit]:
        loc = ".".join(str(p) for p in err["loc"] if not (isinstance(p, str) and p in _TAGS)) or "(root)"
        parts.append(f"{loc}: {err['msg']}")
    more = len(exc.errors()) - limit
    if more > 0:
        parts.append(f"... and {more} more")
    return "; ".join(parts)


_TAGS = {"all", "any", "not", "at_least", "fact", "use", "region", "contrast", "course"}


def _walk(node: Node, path: str) -> Iterator[tuple[Node, str]]:
    yield node, path
    if isinstance(node, AllNode):
        for i, c in enumerate(node.all):
            yield from _walk(c, f"{path}.all[{i}]")
    elif isinstance(node, AnyNode):
        for i, c in enumerate(node.any):
            yield from _walk(c, f"{path}.any[{i}]")
    elif isinstance(node, AtLeastNode):
        for i, c in enumerate(node.of):
            yield from _walk(c, f"{path}.of[{i}]")
    elif isinstance(node, NotNode):
        yield from _walk(node.not_, f"{path}.not")


def iter_nodes(policy: Policy) -> Iterator[tuple[Node, str]]:
    """Every criterion node of a policy with its path in the file."""
    for name, node in policy.definitions.items():
        yield from _walk(node, f"definitions.{name}")
    for kind in ("indications", "non_indications"):
        for i, ind in enumerate(getattr(policy, kind)):
            if ind.entry is not None:
                yield from _walk(ind.entry, f"{kind}[{i}]({ind.id}).entry")
            yield from _walk(ind.when, f"{kind}[{i}]({ind.id}).when")
    for i, req in enumerate(policy.general_requirements):
        yield from _walk(req.flag_when, f"general_requirements[{i}]({req.id}).flag_when")


def check_policy(policy: Policy, catalogue: Catalogue | None = None) -> list[str]:
    """Semantic problems the schema cannot see: unknown facts, values, definitions, CPT codes."""
    cat = catalogue or load_catalogue()
    problems: list[str] = []

    def fact_ok(fact: str, where: str) -> bool:
        if fact not in cat:
            problems.append(f"{where}: unknown fact id '{fact}'")
            return False
        return True

    def value_ok(fact: str, value: str, where: str) -> None:
        allowed = set(cat.facts[fact].values) | DERIVED_VALUES
        if value not in allowed:
            problems.append(
                f"{where}: predicate on unknown value '{value}' of fact '{fact}' (values: {', '.join(sorted(allowed))})"
            )

    for code in policy.cpt_codes:
        if code not in CPT_CODES:
            problems.append(f"cpt_codes: unknown CPT code '{code}'")
    ids = [i.id for i in policy.indications] + [i.id for i in policy.non_indications]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"indications: duplicate id '{dup}'")
    for node, path in iter_nodes(policy):
        if isinstance(node, FactNode):
            if fact_ok(node.fact, f"{path}.fact"):
                for j, pred in enumerate(node.where):
                    value_ok(node.fact, pred.value, f"{path}.where[{j}]")
        elif isinstance(node, UseNode) and node.use not in policy.definitions:
            problems.append(f"{path}.use: unknown definition '{node.use}'")
        elif isinstance(node, CourseNode):
            spec = node.course
            for g, group in enumerate(spec.groups):
                for f in [*group.facts, *group.waived_by]:
                    fact_ok(f, f"{path}.course.groups[{g}]")
            if spec.unable_fact:
                fact_ok(spec.unable_fact, f"{path}.course.unable_fact")
            for f, preds in spec.requirements.items():
                if fact_ok(f, f"{path}.course.requirements"):
                    for pred in preds:
                        value_ok(f, pred.value, f"{path}.course.requirements.{f}")
    return problems


def load_policy_file(path: Path | str) -> Policy:
    """Read, validate and check one policy file; any problem raises P010 with its path in the file."""
    p = Path(path)
    try:
        data: Any = load_yaml(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PrescreenError(Errors.P010, path=p, reason=exc.strerror or type(exc).__name__) from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "unknown line"
        raise PrescreenError(Errors.P010, path=p, reason=f"not valid YAML ({where})") from None
    return parse_policy(data, str(p))


def parse_policy(data: Any, source: str) -> Policy:
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        raise PrescreenError(Errors.P010, path=source, reason=format_validation_error(exc)) from None
    problems = check_policy(policy)
    if problems:
        raise PrescreenError(Errors.P010, path=source, reason="; ".join(problems[:5]))
    return policy


def _bundled_files() -> list[Path]:
    root = resources.files("prescreen.criteria").joinpath("policies")
    return sorted(Path(str(root)).glob("*.yaml"))


@lru_cache(maxsize=1)
def bundled_policies() -> dict[str, Policy]:
    """Every bundled policy by id (the newest version of each id wins)."""
    found: dict[str, Policy] = {}
    for path in _bundled_files():
        policy = load_policy_file(path)
        if policy.id not in found or policy.effective_date > found[policy.id].effective_date:
            found[policy.id] = policy
    return found


def get_policy(policy_id: str, extra: dict[str, Policy] | None = None) -> Policy:
    pool = {**bundled_policies(), **(extra or {})}
    try:
        return pool[policy_id]
    except KeyError:
        raise PrescreenError(Errors.P006, policy=policy_id, known=", ".join(sorted(pool)) or "none") from None


def policies_for_cpt(cpt: str) -> list[Policy]:
    """The bundled policies covering a CPT code, in id order."""
    return [p for _, p in sorted(bundled_policies().items()) if cpt in p.cpt_codes]


def policy_tree(policy: Policy) -> str:
    """The policy as a readable indented tree with the policy text of each node."""
    lines = [
        f"{policy.title} (version {policy.version}, effective {policy.effective_date})",
        f"CPT: {', '.join(policy.cpt_codes)}",
        "",
    ]

    def render(node: Node, depth: int) -> None:
        pad = "  " * depth
        label = node.text or ""
        if isinstance(node, AllNode | AnyNode | AtLeastNode):
            kids = node.all if isinstance(node, AllNode) else node.any if isinstance(node, AnyNode) else node.of
            head = (
                "ALL of"
                if isinstance(node, AllNode)
                else "ANY of"
                if isinstance(node, AnyNode)
                else f"AT LEAST {node.at_least} of"
            )
            lines.append(f"{pad}{head}{': ' + label if label else ''}")
            for child in kids:
                render(child, depth + 1)
        elif isinstance(node, NotNode):
            lines.append(f"{pad}NOT{': ' + label if label else ''}")
            render(node.not_, depth + 1)
        elif isinstance(node, FactNode):
            preds = "; ".join(p.model_dump_json(exclude_none=True, by_alias=True) for p in node.where)
            lines.append(
                f"{pad}- {label or node.fact} [{node.fact}: {'|'.join(node.status)}{' ' + preds if preds else ''}]"
            )
        elif isinstance(node, UseNode):
            lines.append(f"{pad}- {label or node.use} [definition: {node.use}]")
            render(policy.definitions[node.use], depth + 1)
        elif isinstance(node, CourseNode):
            spec = node.course
            lines.append(
                f"{pad}- {label or 'conservative treatment'} [course: >= {spec.min_weeks:g} weeks within "
                f"{spec.window_months:g} months, failed as {', '.join(spec.failure_outcomes)}]"
            )
            for g in spec.groups:
                waived = f" (waived by {', '.join(g.waived_by)})" if g.waived_by else ""
                lines.append(f"{pad}    * {g.name}: any of {', '.join(g.facts)}{waived}")
        else:
            lines.append(f"{pad}- {label} [{type(node).__name__}: {node.model_dump(exclude_none=True)}]")

    for title, items in (("INDICATIONS (any)", policy.indications), ("NON-INDICATIONS (any)", policy.non_indications)):
        lines.append(title)
        for ind in items:
            lines.append(f"* {ind.id}: {ind.title}{'  (' + ind.ref + ')' if ind.ref else ''}")
            if ind.entry is not None:
                lines.append("  IN PLAY WHEN:")
                render(ind.entry, 2)
            render(ind.when, 1)
        lines.append("")
    if policy.general_requirements:
        lines.append("GENERAL REQUIREMENTS")
        for req in policy.general_requirements:
            lines.append(f"* {req.id}: {req.title} ({req.effect})")
            render(req.flag_when, 1)
    return "\n".join(lines)


__all__ = [
    "bundled_policies",
    "check_policy",
    "format_validation_error",
    "get_policy",
    "iter_nodes",
    "load_policy_file",
    "parse_policy",
    "policies_for_cpt",
    "policy_tree",
]
