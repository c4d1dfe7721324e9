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


__all__ = ["read_resource", "resource_dir"]
