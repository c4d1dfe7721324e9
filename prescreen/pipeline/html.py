"""The reviewer's HTML report: one self-contained offline file, every evidence span highlighted in its note.

Evidence spans may nest or cross. Each note is laid out as a tree of ``<mark>`` elements: nested spans
become nested marks, and a span that crosses the end of an enclosing span is split into fragments (the
same ``data-ev`` key, ``data-part`` 2, 3...), so the markup stays well formed, every span is highlighted
exactly once and the text inside a span's fragments, read in order, is ``note_text[start:end]``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from prescreen.contract import (
    CriterionResult,
    Evidence,
    Fact,
    IndicationResult,
    Note,
    PolicyResult,
    Request,
    RequirementResult,
    Result,
)

#: Okabe-Ito (colour-blind safe), then two of Paul Tol's muted colours and grey for the tenth group.
PALETTE: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#0072B2",
    "#F0E442",
    "#999933",
    "#882255",
    "#999999",
)

ASSERTION_LABEL: dict[str, str] = {
    "present": "affirmed",
    "absent": "denied",
    "historical": "historical",
    "hypothetical": "hypothetical",
    "family": "family member",
    "uncertain": "uncertain",
}

DETERMINATION_LABEL: dict[str, str] = {
    "meets_criteria": "Meets criteria",
    "does_not_meet": "Does not meet criteria",
    "needs_documentation": "Needs documentation",
}

STATUS_LABEL: dict[str, str] = {"true": "met", "false": "not met", "unknown": "not documented"}

#: The report may load nothing from anywhere: inline styles and scripts only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

REPORT_CSS = """
:root { --ink: #1b1b1b; --muted: #555; --line: #d0d0d0; --paper: #fff; --panel: #f6f6f4; --focus: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--paper); }
.ps-report h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
.ps-report h2 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
.ps-report h3 { font-size: 1rem; margin: .9rem 0 .3rem; }
.ps-top { padding: .8rem 1.2rem; border-bottom: 1px solid var(--line); background: var(--panel); }
.ps-top .meta { color: var(--muted); margin: 0; }
.ps-layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(22rem, 2fr); gap: 0; align-items: start; }
.ps-notes { padding: .5rem 1.2rem 2rem; min-width: 0; }
.ps-panel { position: sticky; top: 0; max-height: 100vh; overflow: auto; padding: .5rem 1.2rem 2rem; border-left: 1px solid var(--line); background: var(--panel); }
@media (max-width: 900px) { .ps-layout { grid-template-columns: 1fr; } .ps-panel { position: static; max-height: none; border-left: 0; border-top: 1px solid var(--line); } }
.note { border: 1px solid var(--line); border-radius: 6px; margin: .8rem 0 1.2rem; }
.note > h2 { margin: 0; padding: .4rem .8rem; font-size: 1rem; border-bottom: 1px solid var(--line); background: var(--panel); border-radius: 6px 6px 0 0; }
.note > h2 .meta { font-weight: normal; color: var(--muted); }
.note-text { white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.9 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; padding: .6rem .8rem; margin: 0; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem .9rem; align-items: center; margin: .6rem 0; padding: .5rem .7rem; border: 1px solid var(--line); border-radius: 6px; font-size: .88rem; }
.legend h2 { font-size: .9rem; margin: 0 .4rem 0 0; }
.legend p { flex-basis: 100%; margin: 0; }
.legend ul { display: contents; list-style: none; }
.legend li { display: inline-flex; align-items: center; gap: .3rem; }
.swatch { display: inline-block; width: 1.1em; height: 1.1em; border-radius: 3px; border: 1px solid #0006; background: var(--c); }
mark.ev, .sample { color: inherit; background: var(--bg); border-bottom: 2px solid var(--c); border-radius: 2px; padding: 0 0 var(--pad, 0); cursor: help; }
.sample { --c: #777; --bg: #7773; padding: 0 .2em; cursor: default; }
mark.ev.h1 { --pad: 3px; } mark.ev.h2 { --pad: 6px; } mark.ev.h3 { --pad: 9px; } mark.ev.h4 { --pad: 12px; }
mark.ev:focus-visible, mark.ev.active { outline: 3px solid var(--focus); outline-offset: 1px; }
mark.ev:target { outline: 3px solid var(--focus); }
.ev.a-absent, .sample.a-absent { text-decoration: line-through 2px; border-bottom-style: dashed; background: repeating-linear-gradient(135deg, var(--bg) 0 5px, transparent 5px 9px); }
.ev.a-hypothetical, .sample.a-hypothetical { font-style: italic; border-bottom-style: dotted; border-bottom-width: 3px; background: repeating-linear-gradient(135deg, var(--bg) 0 5px, transparent 5px 9px); }
.ev.a-family, .sample.a-family { border-bottom-style: double; border-bottom-width: 4px; background: repeating-linear-gradient(45deg, var(--bg) 0 5px, transparent 5px 9px); }
.ev.a-historical, .sample.a-historical { border-bottom-style: dashed; }
.ev.a-uncertain, .sample.a-uncertain { text-decoration: underline wavy 1px; text-underline-offset: 3px; }
mark.ev:not(.a-present)::after { content: attr(data-label); font: 600 .62rem/1 system-ui, sans-serif; vertical-align: super; margin-left: .15em; padding: 0 .2em; border: 1px solid currentColor; border-radius: 3px; font-style: normal; text-decoration: none; display: inline-block; }
mark.ev.split:not(.last)::after { content: none; }
#ps-tip { position: absolute; z-index: 10; max-width: 26rem; padding: .45rem .6rem; background: #1b1b1b; color: #fff; border-radius: 5px; font: 13px/1.4 system-ui, sans-serif; white-space: pre-line; box-shadow: 0 2px 8px #0005; pointer-events: none; }
.policy { border: 1px solid var(--line); border-radius: 6px; background: var(--paper); padding: .2rem .8rem .6rem; margin: .8rem 0; }
.policy > h2 { margin-top: .5rem; }
.policy .meta, .small { color: var(--muted); font-size: .85rem; }
.det { display: inline-block; font-weight: 700; padding: .15rem .6rem; border-radius: 4px; border: 2px solid; margin: .2rem 0 .4rem; }
.det-meets_criteria { color: #00664b; border-color: #009E73; background: #009e7318; }
.det-meets_criteria::before { content: "\\2714  "; }
.det-does_not_meet { color: #9a3d00; border-color: #D55E00; background: #d55e0018; }
.det-does_not_meet::before { content: "\\2716  "; }
.det-needs_documentation { color: #7a5200; border-color: #E69F00; background: #e69f0018; }
.det-needs_documentation::before { content: "? "; }
.checklist { list-style: none; padding-left: .2rem; margin: .3rem 0; }
.checklist li { margin: .35rem 0; display: flex; gap: .45rem; align-items: flex-start; }
.checklist input { margin-top: .3rem; width: 1.05rem; height: 1.05rem; flex: none; }
.todo { border-left: 4px solid #E69F00; padding: .1rem .6rem; background: #e69f000f; margin: .4rem 0; }
.crit { list-style: none; padding-left: .2rem; margin: .3rem 0; }
.crit li { margin: .25rem 0; padding-left: 1.3rem; text-indent: -1.3rem; }
.crit .ok::before { content: "\\2714"; color: #00664b; display: inline-block; width: 1.3rem; text-indent: 0; }
.crit .no::before { content: "\\2716"; color: #9a3d00; display: inline-block; width: 1.3rem; text-indent: 0; }
.crit .q::before { content: "?"; font-weight: 700; color: #7a5200; display: inline-block; width: 1.3rem; text-indent: 0; }
.ind { border-top: 1px solid var(--line); padding: .2rem 0; }
.ind > summary { cursor: pointer; padding: .25rem 0; }
.st { font-size: .75rem; font-weight: 700; text-transform: uppercase; padding: .05rem .35rem; border-radius: 3px; border: 1px solid; margin-right: .35rem; }
.st-true { color: #00664b; } .st-false { color: #9a3d00; } .st-unknown { color: #7a5200; }
a.factlink { color: inherit; text-decoration: none; border-bottom: 2px solid var(--c, #777); background: var(--bg, transparent); padding: 0 .15em; border-radius: 2px; white-space: nowrap; }
a.factlink:hover, a.factlink:focus-visible { outline: 2px solid var(--focus); }
a.evlink { font-size: .8rem; margin-left: .15em; color: var(--focus); }
.nodoc { font-style: italic; color: var(--muted); }
table.facts { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: .84rem; background: var(--paper); }
table.facts th, table.facts td { border: 1px solid var(--line); padding: .25rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
table.facts th { background: var(--panel); }
.ps-foot { padding: .8rem 1.2rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; }
.warn { border-left: 4px solid #D55E00; padding: .2rem .6rem; background: #d55e000f; }
@media print {
  body { font-size: 11pt; }
  .ps-layout { display: block; }
  .ps-panel { position: static; max-height: none; overflow: visible; border: 0; background: none; padding: 0 1.2rem; break-before: page; }
  .note { break-inside: auto; }
  mark.ev, .sample, .swatch, .det, a.factlink { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  mark.ev { cursor: auto; outline: none !important; }
  #ps-tip, .no-print { display: none !important; }
  a { color: inherit; text-decoration: none; }
  .policy, .ind { break-inside: avoid-page; }
}
"""

REPORT_JS = """
(function () {
  "use strict";
  if (window.prescreenReport) { window.prescreenReport.prep(document); return; }
  var tip = null, pinned = null;
  function ensureTip() {
    if (!tip) { tip = document.createElement("div"); tip.id = "ps-tip"; tip.setAttribute("role", "tooltip"); tip.hidden = true; document.body.appendChild(tip); }
    return tip;
  }
  function markOf(node) { return node && node.closest ? node.closest("mark.ev") : null; }
  function fragments(key) { return document.querySelectorAll('mark.ev[data-ev="' + key + '"]'); }
  function setActive(key, on) { fragments(key).forEach(function (m) { m.classList.toggle("active", on); }); }
  function show(mark) {
    var key = mark.getAttribute("data-ev"), head = document.getElementById(key) || mark;
    var text = head.getAttribute("data-tip");
    if (!text) { return; }
    hide();
    var t = ensureTip();
    t.textContent = text; t.hidden = false; pinned = key; setActive(key, true);
    head.setAttribute("aria-describedby", "ps-tip");
    var r = mark.getBoundingClientRect();
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - t.offsetWidth - 8));
    var top = r.bottom + window.scrollY + 8;
    if (r.bottom + t.offsetHeight + 16 > window.innerHeight && r.top > t.offsetHeight + 16) { top = r.top + window.scrollY - t.offsetHeight - 8; }
    t.style.left = left + "px"; t.style.top = top + "px";
  }
  function hide() {
    if (pinned) { setActive(pinned, false); var h = document.getElementById(pinned); if (h) { h.removeAttribute("aria-describedby"); } }
    pinned = null; if (tip) { tip.hidden = true; }
  }
  function prep(root) {
    root.querySelectorAll("mark.ev[title]").forEach(function (m) { m.setAttribute("data-tip", m.getAttribute("title")); m.removeAttribute("title"); });
  }
  document.addEventListener("mouseover", function (e) {
    var m = markOf(e.target);
    if (m) { if (pinned !== m.getAttribute("data-ev")) { show(m); } }
    else if (pinned && !markOf(document.activeElement)) { hide(); }
  });
  document.addEventListener("focusin", function (e) { var m = markOf(e.target); if (m) { show(m); } else { hide(); } });
  document.addEventListener("focusout", function (e) { if (markOf(e.target)) { hide(); } });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest('a[href^="#ev-"]') : null;
    if (!a) { return; }
    var target = document.getElementById(a.getAttribute("href").slice(1));
    if (!target) { return; }
    e.preventDefault();
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  });
  window.addEventListener("beforeprint", function () { hide(); document.querySelectorAll("details.ind").forEach(function (d) { d.open = true; }); });
  window.prescreenReport = { prep: prep, hide: hide };
  prep(document);
})();
"""


def _e(value: object) -> str:
    """HTML-escape text or an attribute value; a carriage return stays one (parsers turn a raw CR into LF)."""
    return html.escape(str(value), quote=True).replace("\r", "&#13;")


def _a(value: object) -> str:
    """An attribute value: escaped, with newlines as character references so a tag stays on one line."""
    return _e(value).replace("\n", "&#10;")


def _label(fact_id: str) -> str:
    return fact_id.replace("_", " ")


def _values(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())


def _hex_rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def group_colours(result: Result) -> dict[str, str]:
    """A colour per fact group: catalogue order first (stable across reports), then any other group."""
    from prescreen.catalogue import load_catalogue

    groups = list(load_catalogue().groups)
    for fact in result.facts:
        name = fact.group or "other"
        if name not in groups:
            groups.append(name)
    return {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}


@dataclass(frozen=True)
class Span:
    """One evidence mention to highlight: its key (the anchor id), fact and evidence."""

    key: str
    fact: Fact
    evidence: Evidence
    group_index: int

    @property
    def start(self) -> int:
        return self.evidence.start

    @property
    def end(self) -> int:
        return self.evidence.end


@dataclass
class _Node:
    """A mark (or the root, span None) with its text ranges and nested marks in order."""

    span: Span | None
    part: int = 1
    children: list[_Node | tuple[int, int]] = field(default_factory=list)

    def height(self) -> int:
        kids = [c.height() for c in self.children if isinstance(c, _Node)]
        return 1 + max(kids) if kids else 0


def layout(text: str, spans: Sequence[Span]) -> _Node:
    """Nest the spans into a tree of marks over ``text``; a span crossing its parent's end is split."""
    root = _Node(None)
    order = {s.key: i for i, s in enumerate(spans)}
    starts: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    for group in starts.values():
        group.sort(key=lambda s: (-s.end, order[s.key]))
    boundaries = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    stack: list[_Node] = [root]
    parts: dict[str, int] = {}
    pos = 0

    def open_span(span: Span) -> None:
        parts[span.key] = parts.get(span.key, 0) + 1
        node = _Node(span, parts[span.key])
        stack[-1].children.append(node)
        stack.append(node)

    def close_at(b: int) -> None:
        ending = [i for i, n in enumerate(stack) if n.span is not None and n.span.end == b]
        if not ending:
            return
        popped = stack[ending[0] :]
        del stack[ending[0] :]
        for node in popped:
            if node.span is not None and node.span.end != b:
                open_span(node.span)

    for b in boundaries:
        if b > pos:
            stack[-1].children.append((pos, b))
            pos = b
        close_at(b)
        for span in starts.get(b, []):
            open_span(span)
        close_at(b)
    return root


def _tip(span: Span, group: str) -> str:
    ev, fact = span.evidence, span.fact
    lines = [f"{_label(fact.id)}: {ASSERTION_LABEL.get(ev.assertion, ev.assertion)} ({ev.assertion})"]
    lines.append(f"fact: {fact.id} ({_label(group)}); document status: {fact.status}")
    lines.append(f"section: {ev.section or 'none'}")
    if ev.values:
        lines.append(f"values: {_values(ev.values)}")
    elif fact.values:
        lines.append(f"fact values: {_values(fact.values)}")
    if ev.cues:
        lines.append(f"cues: {', '.join(ev.cues)}")
    lines.append(f"note {ev.note}, characters {ev.start}-{ev.end}")
    return "\n".join(lines)


def _render(text: str, node: _Node, last_part: dict[str, int]) -> str:
    out: list[str] = []
    for child in node.children:
        if isinstance(child, tuple):
            out.append(_e(text[child[0] : child[1]]))
            continue
        span = child.span
        assert span is not None
        ev, fact = span.evidence, span.fact
        group = fact.group or "other"
        classes = [f"ev g{span.group_index} a-{ev.assertion}"]
        height = child.height()
        if height:
            classes.append(f"h{min(height, 4)}")
        attrs = [
            f'data-ev="{span.key}"',
            f'data-fact="{_e(fact.id)}"',
            f'data-group="{_e(group)}"',
            f'data-assertion="{_e(ev.assertion)}"',
            f'data-note="{_e(ev.note)}"',
            f'data-start="{ev.start}"',
            f'data-end="{ev.end}"',
            f'data-label="{_e(ASSERTION_LABEL.get(ev.assertion, ev.assertion))}"',
        ]
        if ev.section:
            attrs.append(f'data-section="{_e(ev.section)}"')
        if last_part.get(span.key, 1) > 1:
            classes.append("split")
            attrs.append(f'data-part="{child.part}"')
            if child.part == last_part[span.key]:
                classes.append("last")
        if child.part == 1:
            tip = _tip(span, group)
            summary = tip.replace("\n", "; ")
            attrs[:0] = [f'id="{span.key}"', 'tabindex="0"', f'title="{_a(tip)}"', f'aria-label="{_a(summary)}"']
        inner = _render(text, child, last_part)
        out.append(f'<mark class="{" ".join(classes)}" {" ".join(attrs)}>{inner}</mark>')
    return "".join(out)


def _count_parts(node: _Node, counts: dict[str, int]) -> None:
    for child in node.children:
        if isinstance(child, _Node):
            assert child.span is not None
            counts[child.span.key] = max(counts.get(child.span.key, 0), child.part)
            _count_parts(child, counts)


def highlight(text: str, spans: Sequence[Span]) -> str:
    """The note's text, HTML-escaped, with every span wrapped in marks."""
    tree = layout(text, spans)
    counts: dict[str, int] = {}
    _count_parts(tree, counts)
    return _render(text, tree, counts)


@dataclass
class _Report:
    """Everything the renderer needs, indexed once."""

    result: Result
    request: Request
    colours: dict[str, str]
    spans: list[Span]
    unplaced: list[Span]
    facts: dict[str, Fact]
    keys_by_fact: dict[str, list[str]]

    @property
    def groups(self) -> list[str]:
        return list(self.colours)


def _index(result: Result, request: Request) -> _Report:
    colours = group_colours(result)
    groups = list(colours)
    notes = {n.id: n.text for n in request.notes}
    spans: list[Span] = []
    unplaced: list[Span] = []
    keys: dict[str, list[str]] = {}
    n = 0
    for fact in result.facts:
        for ev in fact.evidence:
            n += 1
            span = Span(f"ev-{n}", fact, ev, groups.index(fact.group or "other"))
            text = notes.get(ev.note)
            if text is not None and 0 <= ev.start <= ev.end <= len(text):
                spans.append(span)
                keys.setdefault(fact.id, []).append(span.key)
            else:
                unplaced.append(span)
    return _Report(result, request, colours, spans, unplaced, {f.id: f for f in result.facts}, keys)


def _group_css(colours: dict[str, str]) -> str:
    rules = []
    for i, colour in enumerate(colours.values()):
        rules.append(f".g{i} {{ --c: {colour}; --bg: {_hex_rgba(colour, 0.35)}; }}")
    return "\n".join(rules)


def _fact_link(rep: _Report, fact_id: str) -> str:
    fact = rep.facts.get(fact_id)
    if fact is None:
        return f'<span class="nodoc" title="not documented">{_e(_label(fact_id))}</span>'
    gi = rep.groups.index(fact.group or "other")
    keys = rep.keys_by_fact.get(fact_id, [])
    status = f"{fact.status}" + (", structured" if fact.source == "structured" else "")
    title = f"{fact.id}: {status}" + (f"; {_values(fact.values)}" if fact.values else "")
    target = keys[0] if keys else f"fact-{fact.id}"
    link = f'<a class="factlink g{gi}" href="#{_e(target)}" title="{_e(title)}">{_e(_label(fact_id))}</a>'
    extra = "".join(
        f'<a class="evlink" href="#{k}" aria-label="{_e(_label(fact_id))}, mention {i}">{i}</a>'
        for i, k in enumerate(keys[1:], start=2)
    )
    return link + extra


def _facts_links(rep: _Report, fact_ids: Iterable[str]) -> str:
    return ", ".join(_fact_link(rep, f) for f in fact_ids)


def _criterion_item(rep: _Report, item: CriterionResult, kind: str) -> str:
    facts = _facts_links(rep, item.facts)
    ref = f' <span class="small">({_e(item.ref)})</span>' if item.ref else ""
    return f'<li class="{kind}">{_e(item.criterion)}{ref}{" — " + facts if facts else ""}</li>'


def _checklist(rep: _Report, items: Sequence[CriterionResult], prefix: str) -> str:
    rows = []
    for i, item in enumerate(items):
        box = f"{prefix}-{i}"
        would = ", ".join(_label(f) for f in item.facts)
        hint = f' <span class="small">(would be satisfied by: {_e(would)})</span>' if would else ""
        rows.append(
            f'<li><input type="checkbox" id="{_e(box)}"><label for="{_e(box)}">{_e(item.document or item.criterion)}{hint}</label></li>'
        )
    return f'<ul class="checklist">{"".join(rows)}</ul>'


def _indication(rep: _Report, ind: IndicationResult, anchor: str, open_: bool) -> str:
    parts = [
        f'<details class="ind" id="{_e(anchor)}"{" open" if open_ else ""}>',
        f'<summary><span class="st st-{ind.status}">{_e(STATUS_LABEL[ind.status])}</span>{_e(ind.title)}'
        + (f' <span class="small">({_e(ind.ref)})</span>' if ind.ref else "")
        + "</summary>",
    ]
    if ind.satisfied:
        parts.append('<ul class="crit">' + "".join(_criterion_item(rep, c, "ok") for c in ind.satisfied) + "</ul>")
    if ind.missing:
        parts.append('<p class="small">Missing documentation:</p>' + _checklist(rep, ind.missing, f"{anchor}-todo"))
    if ind.failed:
        parts.append('<ul class="crit">' + "".join(_criterion_item(rep, c, "no") for c in ind.failed) + "</ul>")
    parts.append("</details>")
    return "".join(parts)


def _requirement(rep: _Report, req: RequirementResult) -> str:
    facts = _facts_links(rep, req.facts)
    cls = "no" if req.status == "true" else "q" if req.status == "unknown" else "ok"
    flag = {"true": "flagged", "unknown": "cannot tell", "false": "not flagged"}[req.status]
    return (
        f'<li class="{cls}"><strong>{_e(req.title)}</strong> <span class="small">[{flag}]</span>: {_e(req.message)}'
        + (f" — {facts}" if facts else "")
        + "</li>"
    )


def _policy(rep: _Report, pol: PolicyResult, index: int) -> str:
    pid = f"policy-{index}"
    parts = [
        f'<section class="policy" id="{_e(pid)}" data-policy="{_e(pol.policy)}" data-determination="{_e(pol.determination)}">',
        f"<h2>{_e(pol.title or pol.policy)}</h2>",
        f'<p class="meta">{_e(pol.policy)} · version {_e(pol.version)}</p>',
        f'<p class="det det-{_e(pol.determination)}">{_e(DETERMINATION_LABEL[pol.determination])}</p>',
    ]
    if pol.non_indications:
        parts.append("<h3>Non-indications that apply</h3>")
        for i, ind in enumerate(pol.non_indications):
            parts.append(_indication(rep, ind, f"{pid}-non-{i}", True))
    met = [i for i in pol.indications if i.status == "true"]
    if met:
        parts.append(
            f'<p>Met by <a href="#{pid}-ind-0">{_e(met[0].title)}</a>'
            + (f" and {len(met) - 1} more" if len(met) > 1 else "")
            + ".</p>"
        )
    elif pol.determination == "needs_documentation" and pol.indications and pol.indications[0].missing:
        closest = pol.indications[0]
        parts.append(
            '<div class="todo"><h3>Missing documentation</h3>'
            f'<p class="small">For the closest indication, <a href="#{pid}-ind-0">{_e(closest.title)}</a>:</p>'
            + _checklist(rep, closest.missing, f"{pid}-todo")
            + "</div>"
        )
    if pol.indications:
        parts.append(f"<h3>Indications, closest first ({len(pol.indications)})</h3>")
        for i, ind in enumerate(pol.indications):
            open_ = ind.status == "true" or (not met and i < 2 and ind.status == "unknown")
            parts.append(_indication(rep, ind, f"{pid}-ind-{i}", open_))
    if pol.general_requirements:
        parts.append("<h3>General requirements</h3>")
        parts.append('<ul class="crit">' + "".join(_requirement(rep, r) for r in pol.general_requirements) + "</ul>")
    parts.append("</section>")
    return "".join(parts)


def _fact_rows(rep: _Report, facts: Iterable[Fact], anchor: str = "fact") -> str:
    rows = []
    for fact in facts:
        gi = rep.groups.index(fact.group or "other")
        keys = set(rep.keys_by_fact.get(fact.id, []))
        mentions = " ".join(
            f'<a class="evlink" href="#{s.key}" title="{_e(s.evidence.text)}">'
            f"{_e(ASSERTION_LABEL.get(s.evidence.assertion, s.evidence.assertion))}</a>"
            for s in rep.spans
            if s.key in keys
        )
        source = ' <span class="small">(structured)</span>' if fact.source == "structured" else ""
        rows.append(
            f'<tr id="{anchor}-{_e(fact.id)}"><td title="{_e(fact.id)}"><span class="swatch g{gi}" aria-hidden="true"></span> '
            f"{_e(_label(fact.id))}</td><td>{_e(fact.status)}{source}</td>"
            f"<td>{_e(_values(fact.values))}</td><td>{mentions}</td></tr>"
        )
    return (
        '<table class="facts"><colgroup><col style="width:30%"><col style="width:17%"><col style="width:28%"><col></colgroup>'
        "<thead><tr><th>fact</th><th>status</th><th>values</th><th>evidence</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _legend(rep: _Report) -> str:
    used = list(dict.fromkeys(f.group or "other" for f in rep.result.facts if f.evidence))
    items = "".join(
        f'<li><span class="swatch g{rep.groups.index(g)}" aria-hidden="true"></span>{_e(_label(g))}</li>' for g in used
    )
    assertions = "".join(
        f'<li><span class="sample a-{a}" title="{_e(a)}">{_e(label)}</span></li>'
        for a, label in ASSERTION_LABEL.items()
    )
    return (
        '<section class="legend" aria-label="Legend">'
        f"<h2>Fact groups</h2><ul>{items or '<li>none</li>'}</ul>"
        f"<h2>Mentions</h2><ul>{assertions}</ul>"
        '<p class="small">Mentions that are not affirmed also carry a small label; hover or focus a mention for its details.</p></section>'
    )


def _note(rep: _Report, note: Note) -> str:
    spans = [s for s in rep.spans if s.evidence.note == note.id]
    date = f" · {note.date.isoformat()}" if note.date else ""
    return (
        f'<article class="note" id="doc-{_e(note.id)}" data-note="{_e(note.id)}">'
        f'<h2>{_e(note.id)}<span class="meta">{_e(date)} · {len(spans)} highlighted mentions</span></h2>'
        f'<div class="note-text" data-note="{_e(note.id)}">{highlight(note.text, spans)}</div></article>'
    )


def report_body(result: Result, request: Request) -> str:
    """The report's markup (no html/head): header, highlighted notes and the policy panel."""
    rep = _index(result, request)
    age = f" · patient age {result.patient_age}" if result.patient_age is not None else ""
    contrast = f", {result.contrast}" if result.contrast else ""
    header = (
        '<header class="ps-top"><h1>prescreen reviewer view</h1>'
        f'<p class="meta">Request {_e(result.request_id)} · CPT {_e(result.cpt)} ({_e(result.region)}{_e(contrast)})'
        f" · request date {_e(result.request_date.isoformat())}{_e(age)}"
        f" · {len(rep.spans)} evidence spans in {len(request.notes)} note(s)</p></header>"
    )
    notes = "".join(_note(rep, n) for n in request.notes) or "<p>No notes: structured facts only.</p>"
    if rep.unplaced:
        notes += (
            '<p class="warn">Evidence that could not be placed in a note: '
            + "; ".join(f"{_e(s.fact.id)} in {_e(s.evidence.note)} at {s.start}-{s.end}" for s in rep.unplaced)
            + "</p>"
        )
    policies = "".join(_policy(rep, p, i) for i, p in enumerate(result.policies)) or "<p>No policy was evaluated.</p>"
    structured = [f for f in result.facts if f.source == "structured"]
    panel = (
        f'<aside class="ps-panel" aria-label="Policies"><h2>Policies ({len(result.policies)})</h2>{policies}'
        + (
            f"<h2>Structured facts given in the request</h2>{_fact_rows(rep, structured, 'given')}"
            if structured
            else ""
        )
        + f"<h2>All facts ({len(result.facts)})</h2>{_fact_rows(rep, result.facts)}</aside>"
    )
    footer = (
        '<footer class="ps-foot">prescreen shows the evidence; the determination is the reviewer\'s.'
        + (f" prescreen {_e(result.prescreen_version)}." if result.prescreen_version else "")
        + "</footer>"
    )
    return (
        f'<div class="ps-report"><style>{_group_css(rep.colours)}</style>{header}'
        f'<div class="ps-layout"><main class="ps-notes">{_legend(rep)}{notes}</main>{panel}</div>{footer}</div>'
    )


def to_html(result: Result, request: Request) -> str:
    """One self-contained HTML file (inline CSS and JS, no external resources) for a reviewer."""
    title = f"prescreen: {result.request_id} (CPT {result.cpt})"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(title)}</title><style>{REPORT_CSS}</style></head>"
        f"<body>{report_body(result, request)}<script>{REPORT_JS}</script></body></html>\n"
    )


__all__ = [
    "ASSERTION_LABEL",
    "CSP",
    "PALETTE",
    "REPORT_CSS",
    "REPORT_JS",
    "Span",
    "group_colours",
    "highlight",
    "layout",
    "report_body",
    "to_html",
]
