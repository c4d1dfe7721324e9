"""The spaCy/medspaCy pipeline, request loading, the CLI's job and the output writers."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any


class _Deferred(types.ModuleType):
    """A placeholder for a module that is imported for real on first attribute access.

    ``import name`` only looks at the placeholder's ``__spec__``; any other attribute replaces the
    placeholder in ``sys.modules`` with the real module and forwards to it.
    """

    def __init__(self, name: str, spec: importlib.machinery.ModuleSpec) -> None:
        super().__init__(name)
        self.__spec__ = spec
        self.__loader__ = spec.loader
        self.__file__ = spec.origin
        if spec.submodule_search_locations is not None:
            self.__path__ = list(spec.submodule_search_locations)

    def __getattr__(self, attr: str) -> Any:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        real = importlib.import_module(name)
        return getattr(real, attr)


def _defer_import(name: str) -> None:
    """medspaCy imports QuickUMLS unconditionally, and QuickUMLS imports NLTK (about 4 s of start-up)
    although it only uses it when a QuickUMLS matcher is built, which prescreen never does. NLTK is
    therefore deferred until something actually uses it; behaviour is unchanged."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    sys.modules[name] = _Deferred(name, spec)


_defer_import("nltk")
