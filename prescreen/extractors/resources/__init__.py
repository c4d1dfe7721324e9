"""Rule resources shipped inside the package, loaded by name (or from an explicit path)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

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
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors()[:4]:
            loc = ".".join(str(p) for p in err["loc"]) or "(root)"
            parts.append(f"{loc}: {err['msg']}")
        reason = "; ".join(parts)
    else:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return PrescreenError(Errors.P013, path=source, reason=reason)


__all__ = ["read_resource", "resource_dir", "rule_error"]
