"""The reviewer page served at GET /: paste or upload notes, submit, read the report. Fully offline."""

from __future__ import annotations

import html

from prescreen.criteria.cpt import CPT_CODES
from prescreen.pipeline.html import REPORT_CSS, REPORT_JS

PAGE_CSS = """
.ps-form { padding: 1rem 1.2rem; border-bottom: 1px solid var(--line); background: var(--panel); }
.ps-form h1 { font-size: 1.3rem; margin: 0 0 .2rem; }
.ps-form .lead { margin: 0 0 .8rem; color: var(--muted); }
.ps-form fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .8rem; padding: .5rem .8rem .8rem; background: var(--paper); }
.ps-form legend { font-weight: 600; padding: 0 .3rem; }
.ps-form label { display: block; font-weight: 600; margin: .4rem 0 .2rem; }
.ps-form textarea { width: 100%; min-height: 14rem; font: 13px/1.5 ui-monospace, Menlo, Consolas, monospace; padding: .5rem; border: 1px solid #999; border-radius: 4px; resize: vertical; }
.ps-form input[type=text], .ps-form input[type=date], .ps-form input[type=number], .ps-form input[type=password] { font: inherit; padding: .3rem .4rem; border: 1px solid #999; border-radius: 4px; }
.ps-form .row { display: flex; flex-wrap: wrap; gap: .4rem 1.4rem; align-items: flex-end; }
.ps-form .hint { font-weight: normal; color: var(--muted); font-size: .85rem; }
.ps-form button { font: inherit; font-weight: 600; padding: .45rem 1.1rem; border-radius: 5px; border: 1px solid #0b57d0; background: #0b57d0; color: #fff; cursor: pointer; }
.ps-form button.secondary { background: var(--paper); color: #0b57d0; }
.ps-form button:disabled { opacity: .6; cursor: progress; }
.ps-form :focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
#ps-status { margin: .6rem 0 0; min-height: 1.5em; }
#ps-status.error { color: #9a3d00; font-weight: 600; }
.ps-actions { display: flex; gap: .6rem; align-items: center; margin-top: .4rem; }
@media print { .ps-form { display: none; } }
"""

PAGE_JS = """
(function () {
  "use strict";
  var form = document.getElementById("ps-form"), out = document.getElementById("ps-result");
  var status = document.getElementById("ps-status"), submit = document.getElementById("ps-submit");
  var save = document.getElementById("ps-save"), notes = document.getElementById("ps-notes");
  var count = 1;
  function say(text, isError) { status.textContent = text; status.className = isError ? "error" : ""; }
  document.getElementById("ps-add-note").addEventListener("click", function () {
    count += 1;
    var label = document.createElement("label"), area = document.createElement("textarea");
    label.htmlFor = "note-" + count; label.textContent = "Note " + count;
    area.id = "note-" + count; area.name = "note"; area.spellcheck = false;
    notes.appendChild(label); notes.appendChild(area); area.focus();
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var data = new FormData(form), headers = {}, token = data.get("token");
    data.delete("token");
    if (token) { headers["Authorization"] = "Bearer " + token; }
    submit.disabled = true; save.hidden = true; say("Checking\\u2026", false);
    if (window.prescreenReport) { window.prescreenReport.hide(); }
    fetch("v1/report", { method: "POST", body: data, headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (resp) {
        if (resp.ok) { return resp.text().then(function (body) { return { ok: true, body: body }; }); }
        return resp.text().then(function (body) {
          var detail = resp.status + " " + resp.statusText;
          try { var parsed = JSON.parse(body); if (parsed && parsed.detail) { detail = typeof parsed.detail === "string" ? parsed.detail : JSON.stringify(parsed.detail); } } catch (err) { /* not JSON */ }
          return { ok: false, body: "Error " + resp.status + ": " + detail };
        });
      })
      .then(function (r) {
        if (!r.ok) { out.textContent = ""; say(r.body, true); return; }
        out.innerHTML = r.body;
        window.prescreenReport.prep(out);
        var marks = out.querySelectorAll("mark.ev[id]").length;
        say("Done: " + marks + " evidence spans highlighted.", false);
        save.hidden = false;
        var heading = out.querySelector("h1");
        if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
        out.scrollIntoView({ block: "start" });
      })
      .catch(function () { say("The server could not be reached.", true); })
      .then(function () { submit.disabled = false; });
  });
  save.addEventListener("click", function () {
    var doc = "<!DOCTYPE html>\\n<html lang=\\"en\\"><head><meta charset=\\"utf-8\\"><title>prescreen report</title><style>"
      + document.getElementById("ps-report-css").textContent + "</style></head><body>" + out.innerHTML
      + "<script>" + document.getElementById("ps-report-js").textContent + "<\\/script></body></html>\\n";
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([doc], { type: "text/html" }));
    link.download = "prescreen-report.html";
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  });
})();
"""


def render_page(token_required: bool = False) -> str:
    """The page: a form for notes and request fields, and an empty area the report is rendered into."""
    options = "".join(
        f'<option value="{html.escape(c.code)}">{html.escape(c.description)}</option>' for c in CPT_CODES.values()
    )
    token = (
        '<label for="token">Access token <span class="hint">(this server requires one)</span></label>'
        '<input type="password" id="token" name="token" autocomplete="off" required>'
        if token_required
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>prescreen: reviewer view</title>
<style id="ps-report-css">{REPORT_CSS}</style><style>{PAGE_CSS}</style></head>
<body>
<form class="ps-form" id="ps-form" autocomplete="off" novalidate>
<h1>prescreen: pre-screen a spine CT request</h1>
<p class="lead">Paste or upload the office notes, give the CPT code, and check them against every bundled policy
covering it. Notes are processed in memory and never stored or logged.</p>
<fieldset id="ps-notes"><legend>Notes</legend>
<label for="note-1">Note 1 <span class="hint">(paste the text)</span></label>
<textarea id="note-1" name="note" spellcheck="false"></textarea>
</fieldset>
<div class="row">
<div><label for="file">Or upload notes <span class="hint">(.txt or .pdf with a text layer; the file name is the note id)</span></label>
<input type="file" id="file" name="file" multiple accept=".txt,.pdf,text/plain,application/pdf"></div>
</div>
<div class="row">
<div><label for="cpt">CPT code</label><input type="text" id="cpt" name="cpt" list="cpt-codes" required inputmode="numeric" size="8" placeholder="72131">
<datalist id="cpt-codes">{options}</datalist></div>
<div><label for="request_date">Request date <span class="hint">(default: newest note date)</span></label><input type="date" id="request_date" name="request_date"></div>
<div><label for="age">Patient age <span class="hint">(default: from the notes)</span></label><input type="number" id="age" name="age" min="0" max="130" size="5"></div>
<div>{token}</div>
</div>
<div class="ps-actions"><button type="submit" id="ps-submit">Check</button>
<button type="button" class="secondary" id="ps-add-note">Add another note</button>
<button type="button" class="secondary" id="ps-save" hidden>Save report as HTML</button></div>
<p id="ps-status" role="status" aria-live="polite"></p>
</form>
<div id="ps-result"></div>
<script id="ps-report-js">{REPORT_JS}</script>
<script>{PAGE_JS}</script>
</body></html>
"""


__all__ = ["render_page"]
