"""The browser test's gate: skip on developer machines without Chromium, fail in CI where it is required."""

from __future__ import annotations

import pytest

from tests.web.test_browser import _unavailable


def test_missing_browser_skips_without_the_ci_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRESCREEN_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium"):
        _unavailable("/usr/bin/chromium is not installed")


def test_missing_browser_fails_when_ci_requires_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESCREEN_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="PRESCREEN_REQUIRE_BROWSER is set but"):
        _unavailable("/usr/bin/chromium is not installed")
