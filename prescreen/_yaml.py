"""YAML loading for rule and policy files: libyaml's C parser when PyYAML has it (the pure-Python
parser made start-up several seconds slower), with the same safe-loader semantics."""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader (C implementation when available)."""
    return yaml.load(text, Loader=_Loader)


YAMLError = yaml.YAMLError

__all__ = ["YAMLError", "load_yaml"]
