"""Shared helpers for the policy tests."""

from __future__ import annotations

from pathlib import Path

from prescreen._yaml import load_yaml
from prescreen.criteria.registry import parse_policy
from prescreen.criteria.schema import Policy


def untried_care_fails(path: Path) -> Policy:
    """The policy file with `if_not_done: "false"` on every course: untried therapy fails the criterion."""

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("course"), dict):
                node["course"]["if_not_done"] = "false"
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    data = load_yaml(path.read_text(encoding="utf-8"))
    walk(data)
    return parse_policy(data, str(path))
