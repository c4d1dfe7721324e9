"""SpanAttrs reads and writes the values span._ reads and writes (it relies on spaCy's user_data keys)."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from prescreen.pipeline._extensions import _SPAN, SpanAttrs


def test_span_attrs_and_underscore_see_the_same_values() -> None:
    doc = spacy.blank("en")("Saddle anesthesia and urinary retention since Monday.")
    a, b = Span(doc, 0, 2, label="saddle_anesthesia"), Span(doc, 3, 5, label="urinary_retention")
    attrs = SpanAttrs(doc)
    for name, default in _SPAN.items():
        assert attrs.get(a, name) == default == a._.get(name)
    attrs.set(a, "fact", "saddle_anesthesia")
    attrs.set(a, "cues", ["since"])
    b._.assertion = "absent"
    b._.modifiers = ("m",)
    assert a._.fact == "saddle_anesthesia" and a._.cues == ["since"]
    assert attrs.get(b, "assertion") == "absent" and attrs.get(b, "modifiers") == ("m",)
    # a span on the same characters (another Span object, relabelled) sees the same values
    assert attrs.get(Span(doc, 0, 2, label="other"), "fact") == "saddle_anesthesia"
    assert attrs.get(b, "fact") is None and attrs.get(a, "assertion") is None


def test_the_pipeline_keeps_each_notes_input_text() -> None:
    from prescreen.pipeline._extensions import _TEXTS
    from prescreen.pipeline.nlp import get_nlp

    text = "HPI:  54 y/o  with LBP x 8 wks.\r\nDenies saddle anesthesia.\t\n"
    nlp = get_nlp()
    doc = nlp(text)
    assert _TEXTS[doc] is text and doc.text == text
    (piped,) = nlp.pipe([text])
    assert _TEXTS[piped] is text


def test_the_sentence_index_is_read_where_doc_underscore_keeps_it() -> None:
    from prescreen.pipeline._extensions import sentence_bounds, sentence_chars
    from prescreen.pipeline.nlp import get_nlp

    doc = get_nlp()("Back pain for 8 weeks. Denies fever.\nPlan: PT.")
    starts, ends = sentence_bounds(doc)
    assert doc._.sentence_index[:2] == (starts, ends) and len(starts) == 3
    last = doc.ents[-1]
    assert sentence_chars(last) == (doc[starts[-1]].idx, len(doc.text))
