"""Rule resources shipped inside the package, loaded by name (or from an explicit path)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, ValidationError

from prescreen.errors import Errors, PrescreenError


def resource_dir() -> Path:
    return Path(str(resources.files(__name__)))


def read_resource(name: str, default: str) -> tuple[str, str]:
    """Read a rule file: "default" -> the bundled `default` file; otherwise a path, which must exist.

    An unknown name raises; it never falls back to the default.
    """
    if name == "default":
        path = resource_dir() / default
    else:
        path = Path(name)
        if not path.is_file():
            bundled = resource_dir() / name
            if bundled.is_file():
                path = bundled
            else:
                known = sorted(p.name for p in resource_dir().glob("*.yaml"))
                raise PrescreenError(Errors.P014, name=name, known=", ".join(["default", *known]))
    return path.read_text(encoding="utf-8"), str(path)


def rule_error(exc: Exception, source: str) -> PrescreenError:
    """A P013 naming the file and, for schema errors, each bad field by its path."""
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors()[:4]:
            loc = ".".join(str(p) for p in err["loc"]) or "(root)"
            parts.append(f"{loc}: {err['msg']}")
        reason = "; ".join(parts)
    else:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return PrescreenError(Errors.P013, path=source, reason=reason)


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    return pattern


#: A rule-file field holding a regular expression, checked when the file is loaded.
Regex = Annotated[str, AfterValidator(_compiles)]

M = TypeVar("M", bound=BaseModel)


def load_rules(name: str, default: str, model: type[M]) -> M:
    """Read a rule file by name or path and validate it; any problem is a P013 naming the file."""
    from prescreen._yaml import YAMLError, load_yaml

    text, source = read_resource(name, default=default)
    try:
        return model.model_validate(load_yaml(text))
    except (ValidationError, YAMLError) as exc:
        raise rule_error(exc, source) from None


__all__ = ["Regex", "load_rules", "read_resource", "resource_dir", "rule_error"]
