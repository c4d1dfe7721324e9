"""The fact catalogue (facts.yaml): ids, groups and value names. Its ids are a contract."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict

from prescreen._yaml import load_yaml
from prescreen.errors import Errors, PrescreenError


class FactDef(BaseModel):
    """One catalogue fact."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    group: str
    means: str
    values: tuple[str, ...] = ()


class Catalogue(BaseModel):
    """Every fact the policies depend on, by id, in catalogue order."""

    model_config = ConfigDict(frozen=True)

    facts: dict[str, FactDef]

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys(f.group for f in self.facts.values()))

    def get(self, fact_id: str, where: str = "input") -> FactDef:
        """Return a fact definition; an unknown id raises (never a silent fallback)."""
        try:
            return self.facts[fact_id]
        except KeyError:
            raise PrescreenError(Errors.P011, fact=fact_id, where=where) from None

    def __contains__(self, fact_id: object) -> bool:
        return fact_id in self.facts


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """Load the bundled facts.yaml."""
    text = resources.files("prescreen.extractors.resources").joinpath("facts.yaml").read_text("utf-8")
    data = load_yaml(text)
    facts: dict[str, FactDef] = {}
    for group, members in data["groups"].items():
        for fact_id, spec in members.items():
            facts[fact_id] = FactDef(id=fact_id, group=group, means=spec["means"], values=tuple(spec.get("values", [])))
    return Catalogue(facts=facts)


__all__ = ["Catalogue", "FactDef", "load_catalogue"]
