"""CPT code -> body region and contrast, for the spine CT codes the bundled policies cover."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from prescreen.contract import Region
from prescreen.errors import Errors, PrescreenError


class CptCode(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    region: Region
    contrast: str
    description: str


_TABLE: tuple[tuple[str, Region, str, str], ...] = (
    ("72125", "cervical", "without", "CT cervical spine without contrast"),
    ("72126", "cervical", "with", "CT cervical spine with contrast"),
    ("72127", "cervical", "without_and_with", "CT cervical spine without then with contrast"),
    ("72128", "thoracic", "without", "CT thoracic spine without contrast"),
    ("72129", "thoracic", "with", "CT thoracic spine with contrast"),
    ("72130", "thoracic", "without_and_with", "CT thoracic spine without then with contrast"),
    ("72131", "lumbar", "without", "CT lumbar spine without contrast"),
    ("72132", "lumbar", "with", "CT lumbar spine with contrast"),
    ("72133", "lumbar", "without_and_with", "CT lumbar spine without then with contrast"),
    ("76380", "unspecified", "without", "CT limited or localized follow-up study"),
)
CPT_CODES: dict[str, CptCode] = {
    code: CptCode(code=code, region=region, contrast=contrast, description=desc)
    for code, region, contrast, desc in _TABLE
}


def lookup_cpt(code: str) -> CptCode:
    """Return the CPT entry; an unknown code is an error, never a default."""
    try:
        return CPT_CODES[code.strip()]
    except KeyError:
        raise PrescreenError(Errors.P005, cpt=code, known=", ".join(CPT_CODES)) from None


__all__ = ["CPT_CODES", "CptCode", "lookup_cpt"]
