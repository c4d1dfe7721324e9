"""Section detection for clinical notes, with header rules as data (``sections.yaml``).

medspaCy's Sectionizer anchors either every rule to the start of a line or none; real dictation
runs headers together ("...trauma. PAST MEDICAL HISTORY: ..."), so this component anchors mixed-case
headers to line starts and accepts ALL-CAPS headers with a colon anywhere. It writes
``doc._.note_sections`` and each entity's ``._.note_section`` (medspaCy owns ``section``/``sections``).
"""

import bisect
import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.tokens import Doc

from prescreen.contract import Assertion
from prescreen.extractors.resources import Regex, load_rules
from prescreen.pipeline._extensions import SpanAttrs, doc_text


class SectionRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    category: str
    literals: list[str] = Field(min_length=1)
    assertion: Assertion | None = None
    not_followed_by: Regex | None = Field(
        default=None,
        description="no header where the words after it match (a copy line's 'cc: Dr. Osei' is no chief complaint)",
    )


class SectionRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sections: list[SectionRule]


@lru_cache(maxsize=8)
def load_section_rules(name: str = "default") -> SectionRules:
    """Load section rules by name ("default" is the bundled sections.yaml) or from a path."""
    return load_rules(name, "sections.yaml", SectionRules)


def _alternation(literals: list[str]) -> str:
    ordered = sorted(set(literals), key=len, reverse=True)
    return "|".join(re.escape(lit).replace(r"\ ", r"\s+") for lit in ordered)


#: a line that runs on to the next: it ends with a comma, a semicolon, a dash or "and"/"or" ...
RUNS_ON = re.compile(r"(?:[,;]|\band|\bor|[ \t]-)[ \t]*$")
#: ... and the next line is no blank line and no header
NEXT_LINE = re.compile(r"\n(?![ \t]*\n)(?![ \t]*[A-Za-z][A-Za-z /&]{0,30}:)[^\n]*")


class Sectionizer:
    """Finds section headers and assigns every entity the section it lies in."""

    def __init__(self, rules: SectionRules) -> None:
        self.rules = rules
        self.category_of: dict[str, str] = {}
        self.not_followed_by: dict[str, re.Pattern[str]] = {}
        self.assertion_of: dict[str, Assertion | None] = {r.category: r.assertion for r in rules.sections}
        literals: list[str] = []
        for rule in rules.sections:
            for lit in rule.literals:
                self.category_of[lit.lower()] = rule.category
                if rule.not_followed_by is not None:
                    self.not_followed_by[lit.lower()] = re.compile(rule.not_followed_by)
                literals.append(lit)
        alt = _alternation(literals)
        # a header may carry a short parenthetical ("Family Hx (updated 9/2025):", "Medications
        # (reviewed):") and may end in a dash at the end of its line ("FAMILY HISTORY -")
        self.line_start = re.compile(
            rf"(?im)^[ \t]*(?:[-*•#]+[ \t]*)?(?P<h>{alt})(?:[ \t]*\([^)\n]{{0,30}}\))?[ \t]*"
            rf"(?::|-(?:[ \t]|(?=\r?$))|(?=[ \t]*\r?$))"
        )
        uppers = [lit.upper() for lit in literals if len(lit) > 2]
        # (the lookahead on the headers' first characters lets the regex engine skip other positions fast)
        first = "".join(sorted({re.escape(lit[0]) for lit in uppers}))
        self.run_together = re.compile(rf"(?=[{first}])(?<![A-Za-z/])(?P<h>{_alternation(uppers)})[ \t]*:")

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Sections as (start, end, category), end exclusive, in text order."""
        heads: dict[int, str] = {}
        for regex in (self.line_start, self.run_together):
            for m in regex.finditer(text):
                key = re.sub(r"\s+", " ", m.group("h").lower())
                category = self.category_of.get(key)
                unless = self.not_followed_by.get(key)
                if unless is not None and unless.match(text, m.end(), min(len(text), m.end() + 80)):
                    continue
                if category is not None:
                    heads.setdefault(m.start("h"), category)
        starts = sorted(heads)
        out = []
        for i, s in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(text)
            if self.assertion_of.get(heads[s]) is not None:
                end = min(end, self._paragraph_end(text, s))
            out.append((s, end, heads[s]))
        return out

    @staticmethod
    def _paragraph_end(text: str, start: int) -> int:
        """Where a section that changes assertions stops: the end of its line when the header has
        content on the same line ("FH: mother - breast cancer"), else the next blank line."""
        line_end = text.find("\n", start)
        if line_end == -1:
            return len(text)
        header_line = text[start:line_end]
        colon = header_line.find(":")
        if colon != -1 and header_line[colon + 1 :].strip():
            # the header's line, and the lines it runs on to ("RETURN PRECAUTIONS: new leg weakness,
            # numbness in groin,\nloss of bladder/bowel control, fever > 100.4 - go to ED.")
            line_start = start
            while RUNS_ON.search(text, line_start, line_end) and (m := NEXT_LINE.match(text, line_end)):
                line_start, line_end = line_end + 1, m.end()
            return line_end
        blank = re.search(r"\n[ \t]*\n", text[line_end:])
        return line_end + blank.start() if blank else len(text)

    def __call__(self, doc: Doc) -> Doc:
        sections = self.find(doc_text(doc))
        doc._.note_sections = sections
        starts = [s for s, _, _ in sections]
        attrs = SpanAttrs(doc)
        for ent in doc.ents:
            i = bisect.bisect_right(starts, ent.start_char) - 1
            if i >= 0 and ent.start_char < sections[i][1]:  # (None is the default: not written)
                attrs.set(ent, "note_section", sections[i][2])
        return doc


@Language.factory(
    "prescreen_sectionizer",
    assigns=["doc._.note_sections", "span._.note_section"],
    default_config={"rules": "default"},
)
def make_sectionizer(nlp: Language, name: str, rules: str) -> Sectionizer:
    return Sectionizer(load_section_rules(rules))


__all__ = ["SectionRule", "SectionRules", "Sectionizer", "load_section_rules"]
