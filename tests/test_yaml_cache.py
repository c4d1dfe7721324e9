"""The parsed-YAML cache returns what parsing returns, never needs to be writable, and can be off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from prescreen import _yaml

TEXT = "rules:\n  - fact: saddle_anesthesia\n    literals: [saddle numbness, perineal numbness]\n    n: 3\n"


def test_a_cached_parse_is_the_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESCREEN_CACHE_DIR", str(tmp_path))
    first = _yaml.load_yaml(TEXT)
    assert first == yaml.safe_load(TEXT) and len(list((tmp_path / "yaml").glob("*.marshal"))) == 1

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(_yaml.yaml, "load", no_parsing)
    second = _yaml.load_yaml(TEXT)
    assert second == first and second is not first
    second["rules"].clear()  # callers get their own objects
    assert _yaml.load_yaml(TEXT) == first


def test_a_changed_text_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESCREEN_CACHE_DIR", str(tmp_path))
    assert _yaml.load_yaml(TEXT)["rules"][0]["n"] == 3
    assert _yaml.load_yaml(TEXT.replace("n: 3", "n: 4"))["rules"][0]["n"] == 4


def test_off_unwritable_and_unmarshallable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESCREEN_CACHE_DIR", "off")
    assert _yaml.cache_dir() is None and _yaml.load_yaml(TEXT) == yaml.safe_load(TEXT)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("PRESCREEN_CACHE_DIR", str(blocked))
    assert _yaml.load_yaml(TEXT) == yaml.safe_load(TEXT)
    monkeypatch.setenv("PRESCREEN_CACHE_DIR", str(tmp_path / "cache"))
    assert _yaml.load_yaml("effective: 2024-01-01\n") == {"effective": dt.date(2024, 1, 1)}
    assert not list((tmp_path / "cache").glob("yaml/*.marshal"))


def test_a_damaged_cache_file_is_parsed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESCREEN_CACHE_DIR", str(tmp_path))
    _yaml.load_yaml(TEXT)
    (cached,) = (tmp_path / "yaml").glob("*.marshal")
    cached.write_bytes(b"\x00garbage")
    assert _yaml.load_yaml(TEXT) == yaml.safe_load(TEXT)
