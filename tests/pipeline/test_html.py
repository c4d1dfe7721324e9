"""The HTML report: every evidence span highlighted exactly once at its offsets, escaped, offline."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prescreen.cli import app
from prescreen.contract import CriterionResult, Evidence, Fact, IndicationResult, Note, PolicyResult, Request, Result
from prescreen.pipeline.html import ASSERTION_LABEL, to_html
from prescreen.pipeline.io import load_request_file
from prescreen.pipeline.run import check
from tests.conftest import EXAMPLE, SECRET


@dataclass
class MarkEl:
    """One <mark> element as parsed: its attributes and the text inside it (nested marks included)."""

    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)


class ReportParser(HTMLParser):
    """Collects evidence marks, note texts, links and anything that could load a resource."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[MarkEl] = []
        self.open_marks: list[MarkEl] = []
        self.note_text: dict[str, list[str]] = {}
        self.current_note: str | None = None
        self.note_depth = 0
        self.depth = 0
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.links: list[dict[str, str]] = []
        self.scripts_with_src = 0
        self.checklists: list[list[str]] = []
        self.in_checklist_item = False
        self.styles: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.depth += 1
        if "id" in a:
            assert a["id"] not in self.ids, f"duplicate id {a['id']}"
            self.ids.add(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if tag == "link":
            self.links.append(a)
        if tag == "script" and "src" in a:
            self.scripts_with_src += 1
        if tag == "style":
            self.in_style = True
        if tag == "div" and "note-text" in a.get("class", "").split():
            self.current_note = a.get("data-note") or "?"
            self.note_text[self.current_note] = []
            self.note_depth = self.depth
        if tag == "ul" and "checklist" in a.get("class", "").split():
            self.checklists.append([])
        if tag == "label" and self.checklists:
            self.in_checklist_item = True
        if tag == "mark" and "ev" in a.get("class", "").split():
            el = MarkEl(a)
            self.marks.append(el)
            self.open_marks.append(el)
        if tag in ("meta", "input", "link", "br", "img"):
            self.depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self.open_marks:
            self.open_marks.pop()
        if tag == "div" and self.current_note is not None and self.depth == self.note_depth:
            self.current_note = None
        if tag == "label":
            self.in_checklist_item = False
        if tag == "style":
            self.in_style = False
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        for el in self.open_marks:
            el.text.append(data)
        if self.current_note is not None:
            self.note_text[self.current_note].append(data)
        if self.in_checklist_item and self.checklists:
            self.checklists[-1].append(data)
        if self.in_style:
            self.styles.append(data)


def parse(html: str) -> ReportParser:
    parser = ReportParser()
    parser.feed(html)
    parser.close()
    return parser


def spans_by_key(parser: ReportParser) -> dict[str, list[MarkEl]]:
    groups: dict[str, list[MarkEl]] = {}
    for el in parser.marks:
        groups.setdefault(el.attrs["data-ev"], []).append(el)
    return groups


def assert_every_span_once(result: Result, request: Request, html: str) -> ReportParser:
    """Each evidence is one mark (or its fragments, in order): right note, offsets, fact, assertion, text."""
    parser = parse(html)
    notes = {n.id: n.text for n in request.notes}
    expected = Counter(
        (ev.note, ev.start, ev.end, fact.id, ev.assertion) for fact in result.facts for ev in fact.evidence
    )
    seen: Counter[tuple[str, int, int, str, str]] = Counter()
    for key, fragments in spans_by_key(parser).items():
        head = fragments[0].attrs
        note, start, end = head["data-note"], int(head["data-start"]), int(head["data-end"])
        seen[(note, start, end, head["data-fact"], head["data-assertion"])] += 1
        for frag in fragments:
            for name in ("data-note", "data-start", "data-end", "data-fact", "data-assertion"):
                assert frag.attrs[name] == head[name], (key, name)
        assert "".join("".join(f.text) for f in fragments) == notes[note][start:end], key
        if len(fragments) == 1:
            assert "".join(fragments[0].text) == notes[note][start:end]
        focusable = [f for f in fragments if f.attrs.get("tabindex") == "0"]
        assert len(focusable) == 1 and focusable[0].attrs.get("id") == key, key
        assert focusable[0].attrs.get("aria-label") and focusable[0].attrs.get("title"), key
    assert seen == expected
    for note_id, text in notes.items():
        assert "".join(parser.note_text[note_id]) == text
    return parser


@pytest.fixture(scope="module")
def example() -> tuple[Request, Result, str]:
    request = load_request_file(EXAMPLE / "request.json")
    result = check(request)
    return request, result, to_html(result, request)


def test_example_every_evidence_span_highlighted_exactly_once(example: tuple[Request, Result, str]) -> None:
    request, result, html = example
    assert sum(len(f.evidence) for f in result.facts) > 20
    assert_every_span_once(result, request, html)


def test_example_mark_attributes_and_tooltip(example: tuple[Request, Result, str]) -> None:
    _, result, html = example
    parser = parse(html)
    pt = next(f for f in result.facts if f.id == "physical_therapy")
    ev = pt.evidence[0]
    mark = next(
        m for m in parser.marks if m.attrs["data-fact"] == "physical_therapy" and int(m.attrs["data-start"]) == ev.start
    )
    tip = mark.attrs["title"]
    assert "physical therapy" in tip and f"section: {ev.section}" in tip and ev.assertion in tip
    assert "duration_weeks=8" in tip
    assert mark.attrs["data-section"] == ev.section


def test_denied_and_other_assertions_are_styled_and_labelled(example: tuple[Request, Result, str]) -> None:
    _, result, html = example
    parser = parse(html)
    css = "".join(parser.styles)
    assertions = {ev.assertion for f in result.facts for ev in f.evidence}
    assert {"present", "absent", "hypothetical", "family"} <= assertions
    for m in parser.marks:
        assertion = m.attrs["data-assertion"]
        assert f"a-{assertion}" in m.attrs["class"].split()
        assert m.attrs["data-label"] == ASSERTION_LABEL[assertion]
    for assertion in ("absent", "hypothetical", "family", "historical", "uncertain"):
        assert re.search(rf"\.a-{assertion}\b[^{{]*\{{[^}}]*(line-through|dotted|double|dashed|wavy)", css), assertion
    assert "mark.ev:not(.a-present)::after" in css and "attr(data-label)" in css
    assert "@media print" in css
    assert "mark.ev:focus-visible" in css


def test_report_makes_no_external_request(example: tuple[Request, Result, str]) -> None:
    _, _, html = example
    parser = parse(html)
    assert parser.srcs == []
    assert parser.scripts_with_src == 0
    assert not [link for link in parser.links if "stylesheet" in link.get("rel", "")]
    assert all(h.startswith("#") for h in parser.hrefs), [h for h in parser.hrefs if not h.startswith("#")]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "@import" not in html and "@font-face" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_satisfied_criteria_link_to_their_evidence(example: tuple[Request, Result, str]) -> None:
    _, result, html = example
    parser = parse(html)
    by_key = spans_by_key(parser)
    ev_links = [h[1:] for h in parser.hrefs if h.startswith("#ev-")]
    assert ev_links and all(k in by_key for k in ev_links)
    assert all(h[1:] in parser.ids for h in parser.hrefs if h != "#")
    for policy in result.policies:
        met = next(i for i in policy.indications if i.status == "true")
        for crit in met.satisfied:
            for fact_id in crit.facts:
                fact = next((f for f in result.facts if f.id == fact_id), None)
                if fact is not None and fact.evidence:
                    first_key = next(k for k, frags in by_key.items() if frags[0].attrs["data-fact"] == fact_id)
                    assert f'href="#{first_key}"' in html, (fact_id, first_key)
    assert "Meets criteria" in html


def test_structured_facts_are_listed(example: tuple[Request, Result, str]) -> None:
    _, result, html = example
    structured = [f for f in result.facts if f.source == "structured"]
    assert structured, "the example gives ordering_specialty, which becomes a structured fact"
    assert "Structured facts given in the request" in html
    for fact in structured:
        assert f'id="fact-{fact.id}"' in html and f'id="given-{fact.id}"' in html


def test_missing_documentation_is_a_checklist_of_plain_sentences(secret_note: Path) -> None:
    text = secret_note.read_text(encoding="utf-8")
    request = Request(cpt="72131", request_date=dt.date(2025, 10, 1), notes=[Note(id="office-note", text=text)])
    result = check(request, ["cohere-ct-spine"])
    policy = result.policies[0]
    assert policy.determination == "needs_documentation"
    html = to_html(result, request)
    parser = assert_every_span_once(result, request, html)
    closest = policy.indications[0]
    sentences = [m.document or m.criterion for m in closest.missing]
    first_list = " ".join("".join(parser.checklists[0]).split())
    for sentence in sentences:
        assert " ".join(sentence.split()) in first_list
    assert "Missing documentation" in html and 'type="checkbox"' in html
    assert "Needs documentation" in html


def _fact(fact_id: str, group: str, *evidence: Evidence) -> Fact:
    return Fact(id=fact_id, group=group, status="present", evidence=list(evidence))


def _ev(note: str, text: str, start: int, end: int, assertion: str = "present") -> Evidence:
    return Evidence(note=note, start=start, end=end, text=text[start:end], assertion=assertion, section="hpi")  # type: ignore[arg-type]


def test_overlapping_crossing_and_identical_spans_are_each_highlighted_once() -> None:
    text = 'Pain <script>alert("x")</script> & "radiating" leg\r\nno fever; family: cancer.\n'
    spans = [(0, 20), (10, 30), (12, 15), (10, 30), (25, 45), (0, 4), (40, 41), (52, 60), (52, 60)]
    assertions = [
        "present",
        "absent",
        "hypothetical",
        "family",
        "uncertain",
        "historical",
        "present",
        "absent",
        "family",
    ]
    facts = [
        _fact(f"fact_{i}", ["red_flags", "neurologic", "trauma"][i % 3], _ev("n1", text, s, e, a))
        for i, ((s, e), a) in enumerate(zip(spans, assertions, strict=True))
    ]
    request = Request(cpt="72131", notes=[Note(id="n1", text=text)])
    result = Result(
        request_id="r",
        cpt="72131",
        region="lumbar",
        request_date=dt.date(2025, 10, 1),
        facts=facts,
        policies=[
            PolicyResult(
                policy="p",
                version="1",
                determination="needs_documentation",
                indications=[
                    IndicationResult(
                        id="i",
                        title="<b>Indication</b>",
                        status="unknown",
                        satisfied=[CriterionResult(criterion="crit <i>", facts=["fact_0"])],
                        missing=[
                            CriterionResult(criterion="c", facts=["mri_unable"], document='Document "why" & <how>.')
                        ],
                    )
                ],
            )
        ],
    )
    html = to_html(result, request)
    parser = assert_every_span_once(result, request, html)
    assert "<script>alert" not in html and "<b>Indication" not in html and "<i>" not in html
    assert "&lt;" in html and "&amp;" in html and "&#13;" in html
    split = [k for k, frags in spans_by_key(parser).items() if len(frags) > 1]
    assert split, "crossing spans must be split into fragments"
    for key in split:
        parts = [f.attrs.get("data-part") for f in spans_by_key(parser)[key]]
        assert parts == [str(i) for i in range(1, len(parts) + 1)]
    assert 'Document "why" & <how>.' in "".join(parser.checklists[0])


def test_cli_writes_html_report(example_request: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    res = CliRunner().invoke(app, ["check", "--request", str(example_request), "--format", "html", "--out", str(out)])
    assert res.exit_code == 0, res.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "</html>" in html
    assert html.count('<mark class="ev') >= 20
    assert SECRET not in html
