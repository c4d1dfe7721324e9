"""Coded, searchable errors. Messages never contain note text: only ids, paths, offsets."""

from __future__ import annotations


class ErrorCode:
    """One coded error template, rendered as ``[P001] message``."""

    def __init__(self, code: str, template: str) -> None:
        self.code = code
        self.template = template

    def format(self, **kwargs: object) -> str:
        return f"[{self.code}] {self.template.format(**kwargs)}"


class Errors:
    """Every error prescreen reports to a user. Codes are stable; never reuse one."""

    P001 = ErrorCode("P001", "note file not found: {path}")
    P002 = ErrorCode("P002", "note file could not be read: {path} ({reason})")
    P003 = ErrorCode("P003", "note '{note}' is empty")
    P004 = ErrorCode("P004", "note '{note}' looks like a binary file, not text or a PDF with a text layer")
    P005 = ErrorCode("P005", "unknown CPT code '{cpt}'; known codes: {known}")
    P006 = ErrorCode("P006", "unknown policy '{policy}'; bundled policies: {known}")
    P007 = ErrorCode("P007", "malformed request JSON in {source}: {reason}")
    P008 = ErrorCode("P008", "invalid date '{value}' for {field}: expected YYYY-MM-DD")
    P009 = ErrorCode("P009", "invalid request: {reason}")
    P010 = ErrorCode("P010", "invalid policy file {path}: {reason}")
    P011 = ErrorCode("P011", "unknown fact id '{fact}' at {where}")
    P012 = ErrorCode("P012", "no bundled policy covers CPT code '{cpt}'")
    P013 = ErrorCode("P013", "invalid rule file {path}: {reason}")
    P014 = ErrorCode("P014", "unknown rule set '{name}'; available: {known}")
    P015 = ErrorCode("P015", "PDF note '{note}' has no text layer (scanned image?)")
    P016 = ErrorCode("P016", "note '{note}' is too large: {size} bytes (limit {limit})")
    P017 = ErrorCode("P017", "no notes or facts given: a request needs at least one note or one fact")
    P018 = ErrorCode("P018", "invalid corpus at {path}: {reason}")
    P019 = ErrorCode("P019", "cannot write output {path}: {reason}")
    P020 = ErrorCode("P020", "invalid input file {path}: {reason}")
    P021 = ErrorCode("P021", "the web extra is not installed: pip install 'prescreen[web]'")

    # P030-P039: batch annotation and annotation import (prescreen.annotate).
    P030 = ErrorCode("P030", "nothing to annotate: {reason}")
    P031 = ErrorCode("P031", "unknown {what} '{value}'; choose from {known}")
    P032 = ErrorCode("P032", "invalid input record {where}: {reason}")
    P033 = ErrorCode("P033", "note '{note}' could not be processed: {reason}")
    P034 = ErrorCode("P034", "the pipeline could not be built in a worker process: {reason}")
    P035 = ErrorCode("P035", "{feature} needs the '{package}' package: pip install 'prescreen[{extra}]'")
    P036 = ErrorCode("P036", "invalid {kind} export at {where}: {reason}")
    P037 = ErrorCode("P037", "duplicate {what} '{value}' in {where}")
    P038 = ErrorCode("P038", "input path not found: {path}")
    P039 = ErrorCode("P039", "assertion model at {path} could not be loaded: {reason}")


class PrescreenError(Exception):
    """A user-facing error: bad input, unknown names. The CLI prints it on one line, exit 2."""

    def __init__(self, error: ErrorCode, **kwargs: object) -> None:
        self.code = error.code
        self.message = error.format(**kwargs)
        super().__init__(self.message)


__all__ = ["ErrorCode", "Errors", "PrescreenError"]
