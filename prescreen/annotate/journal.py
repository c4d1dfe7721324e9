"""The done-journal that makes a batch resumable: one JSON line per finished unit, fsynced.

A unit counts as done once its line is on disk (written, flushed, ``fsync``-ed). A run killed in the
middle of a write leaves a torn last line, which the next run cuts off. The journal holds the full
record of each unit (note text included), so every output format is rebuilt from it alone.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from prescreen.annotate.records import UnitRecord
from prescreen.errors import Errors, PrescreenError

log = logging.getLogger(__name__)

STATE_DIR = ".prescreen"
JOURNAL_NAME = "journal.jsonl"


@dataclass(frozen=True)
class Entry:
    """Where a unit's latest record lies in the journal, and whether it succeeded."""

    offset: int
    ok: bool
    notes: int


def _entry(data: dict[str, Any], offset: int) -> Entry:
    notes = data.get("notes") or []
    ok = data.get("error") is None and all(n.get("error") is None for n in notes)
    return Entry(offset=offset, ok=ok, notes=max(1, len(notes)))


class Journal:
    """``OUT/.prescreen/journal.jsonl``: append-only, the latest line for a key wins."""

    def __init__(self, out: Path) -> None:
        self.path = out / STATE_DIR / JOURNAL_NAME
        self.entries: dict[str, Entry] = {}
        self._handle: BinaryIO | None = None

    def open(self) -> Journal:
        """Read what earlier runs finished (cutting a torn last line) and open for appending."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            created = not self.path.exists()
            if not created:
                self._load()
            self._handle = self.path.open("ab")
            if created:
                _fsync_dir(self.path.parent)
        except OSError as exc:
            raise PrescreenError(
                Errors.P019, path=self.path.parent.parent, reason=exc.strerror or type(exc).__name__
            ) from None
        return self

    def _load(self) -> None:
        good_end = 0
        with self.path.open("rb") as handle:
            offset = 0
            for line in handle:
                if not line.endswith(b"\n"):
                    break
                try:
                    data = json.loads(line)
                    self.entries[str(data["key"])] = _entry(data, offset)
                except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError):
                    log.warning("journal %s: skipped an unreadable line at byte %d", self.path, offset)
                offset += len(line)
                good_end = offset
        if good_end < self.path.stat().st_size:
            log.warning("journal %s: cut a torn last line (an interrupted write)", self.path)
            with self.path.open("r+b") as handle:
                handle.truncate(good_end)
                os.fsync(handle.fileno())

    def done(self, key: str) -> Entry | None:
        """The entry of a unit that finished without errors, else None (errors are retried)."""
        entry = self.entries.get(key)
        return entry if entry is not None and entry.ok else None

    def append(self, records: Iterable[dict[str, Any]]) -> None:
        """Write records as lines, then flush and fsync: after this returns they survive a crash."""
        if self._handle is None:
            raise RuntimeError("journal is not open")
        offset = self._handle.seek(0, os.SEEK_END)
        chunks = []
        for data in records:
            line = (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8", "surrogatepass")
            self.entries[str(data["key"])] = _entry(data, offset)
            offset += len(line)
            chunks.append(line)
        self._handle.write(b"".join(chunks))
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        """Close the append handle."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def ordered_keys(self, first: Iterable[str]) -> list[str]:
        """Keys in output order: ``first`` (this run's input order), then older keys in journal order."""
        seen: dict[str, None] = {}
        for key in first:
            if key in self.entries:
                seen.setdefault(key, None)
        for key, _ in sorted(self.entries.items(), key=lambda item: item[1].offset):
            seen.setdefault(key, None)
        return list(seen)

    def records(self, keys: Iterable[str]) -> Iterator[UnitRecord]:
        """The latest record of each key, in the given order."""
        with self.path.open("rb") as handle:
            for key in keys:
                handle.seek(self.entries[key].offset)
                yield UnitRecord.model_validate_json(handle.readline())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


__all__ = ["JOURNAL_NAME", "STATE_DIR", "Entry", "Journal"]
