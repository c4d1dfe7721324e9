"""Mention qualifiers (``qualifiers.yaml``): a target match counts as a mention of its fact only when
its context says so ("fall precautions" is not trauma; a requested CT is not a prior CT)."""

import re
from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from spacy.language import Language
from spacy.tokens import Doc

from prescreen.errors import Errors, PrescreenError
from prescreen.extractors.resources import read_resource
from prescreen.pipeline import _extensions  # noqa: F401


class Qualifier(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    require: str | None = None
    exclude: str | None = None
    window: int = Field(default=0, ge=0, description="characters around the match; 0 = the whole sentence")


class Qualifiers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    qualifiers: list[Qualifier]


@lru_cache(maxsize=8)
def load_qualifiers(name: str = "default") -> Qualifiers:
    text, source = read_resource(name, default="qualifiers.yaml")
    try:
        parsed = Qualifiers.model_validate(yaml.safe_load(text))
        for q in parsed.qualifiers:
            for pattern in (q.require, q.exclude):
                if pattern:
                    re.compile(pattern)
    except (ValidationError, yaml.YAMLError, re.error) as exc:
        raise PrescreenError(Errors.P013, path=source, reason=str(exc).splitlines()[0]) from None
    return parsed


class MentionQualifier:
    """Drops target matches whose context excludes them, or lacks what they require."""

    def __init__(self, rules: Qualifiers) -> None:
        self.rules: dict[str, list[tuple[re.Pattern[str] | None, re.Pattern[str] | None, int]]] = {}
        for q in rules.qualifiers:
            self.rules.setdefault(q.fact, []).append(
                (re.compile(q.require) if q.require else None, re.compile(q.exclude) if q.exclude else None, q.window)
            )

    def keep(self, doc: Doc, start: int, end: int, sent_start: int, sent_end: int, fact: str) -> bool:
        for require, exclude, window in self.rules.get(fact, ()):
            lo, hi = (sent_start, sent_end) if window == 0 else (max(sent_start, start - window), min(sent_end, end + window))
            context = doc.text[lo:hi]
            if exclude is not None and exclude.search(context):
                return False
            if require is not None and not require.search(context):
                return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        if not any(ent.label_ in self.rules for ent in doc.ents):
            return doc
        kept = [
            ent
            for ent in doc.ents
            if self.keep(doc, ent.start_char, ent.end_char, ent.sent.start_char, ent.sent.end_char, ent.label_)
        ]
        if len(kept) != len(doc.ents):
            doc.ents = kept
        return doc


@Language.factory("prescreen_qualifiers", assigns=["doc.ents"], requires=["doc.ents"], default_config={"rules": "default"})
def make_qualifiers(nlp: Language, name: str, rules: str) -> MentionQualifier:
    return MentionQualifier(load_qualifiers(rules))


__all__ = ["MentionQualifier", "Qualifier", "Qualifiers", "load_qualifiers"]
