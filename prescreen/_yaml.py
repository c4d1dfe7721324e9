"""YAML loading for rule and policy files: libyaml's C parser when PyYAML has it (the pure-Python
parser made start-up several seconds slower), with the same safe-loader semantics, and a cache of
what each file's text parsed to.

Building the Python objects from a parse is most of the time (about a quarter of a second for the
bundled rules, a tenth of a one-note command), so the result is kept in a per-user cache, keyed by a
hash of the text (and the Python and PyYAML versions), as ``marshal`` data: plain dicts, lists,
strings and numbers, loaded in milliseconds and unable to carry code. A text whose result marshal
cannot hold (dates) is simply not cached. ``PRESCREEN_CACHE_DIR`` moves the cache
(default ``$XDG_CACHE_HOME/prescreen`` or ``~/.cache/prescreen``); ``PRESCREEN_CACHE_DIR=off``
turns it off. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_VERSION = f"py{sys.version_info[0]}.{sys.version_info[1]}-pyyaml{yaml.__version__}-m{marshal.version}\n"


def cache_dir() -> Path | None:
    """Where parsed YAML is cached (None: caching is off)."""
    configured = os.environ.get("PRESCREEN_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured) / "yaml"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "prescreen" / "yaml"


def load_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader (C implementation when available), through the cache."""
    folder = cache_dir()
    path = None
    if folder is not None:
        key = hashlib.sha256((_VERSION + text).encode("utf-8")).hexdigest()
        path = folder / f"{key}.marshal"
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass
    data = yaml.load(text, Loader=_Loader)
    if path is not None:
        _store(path, data)
    return data


def _store(path: Path, data: Any) -> None:
    try:
        blob = marshal.dumps(data)
    except ValueError:  # dates and other objects marshal does not hold
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(blob)
        os.replace(tmp.name, path)  # atomic: a concurrent reader sees the old file or the new one
    except OSError:
        return


YAMLError = yaml.YAMLError

__all__ = ["YAMLError", "cache_dir", "load_yaml"]
