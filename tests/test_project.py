"""Project-level promises: the README's Quick start is what CI runs; the factory registry is pinned."""

from __future__ import annotations

import json
import re
from importlib.metadata import entry_points

from spacy.util import registry

from tests.conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    m = re.search(r"^## Quick start\n.*?```bash\n(.*?)```", readme, re.S | re.M)
    assert m, "README has no Quick start block"
    return [line for line in m.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_quick_start_has_two_commands_and_ci_runs_them_verbatim() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text()
    for command in commands:
        assert command in ci


def test_factory_registrations_match_golden_file() -> None:
    import prescreen.pipeline.nlp  # noqa: F401  (registers the factories)

    golden = json.loads((ROOT / "tests" / "factory_registrations.json").read_text())
    ours = sorted(name for name in registry.factories.get_all() if name.startswith("prescreen_"))
    assert ours == golden["factories"]
    declared = sorted(ep.name for ep in entry_points(group="spacy_factories") if ep.name.startswith("prescreen_"))
    assert declared == golden["factories"]
