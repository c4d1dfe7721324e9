"""The pipeline's build options."""

from __future__ import annotations

import datetime as dt


def test_a_pipeline_built_cold_reads_notes_as_the_warm_one() -> None:
    """``PipelineConfig(warm=False)`` (the one-note CLI) only leaves the value regexes' gates and
    prefilters to first use: the same note gives the same mentions, values and assertions."""
    from prescreen.pipeline.nlp import PipelineConfig, build_nlp, get_nlp

    text = "Naproxen 500 mg BID since 7/2025 without relief. PT 2x/wk x 6 wks, started 9/8. Denies saddle anesthesia."
    cold = build_nlp(PipelineConfig(warm=False))
    assert cold.get_pipe("prescreen_values") is not None

    def read(nlp: object) -> list[tuple[str, str, str, dict]]:
        doc = nlp.make_doc(text)  # type: ignore[attr-defined]
        doc._.note_date = dt.date(2025, 10, 9)
        for _, proc in nlp.pipeline:  # type: ignore[attr-defined]
            doc = proc(doc)
        return [(e.text, e._.fact, e._.assertion, dict(e._.values)) for e in doc.ents]

    warm = read(get_nlp())
    assert read(cold) == warm
    assert ("PT", "physical_therapy", "present", {"duration_weeks": 4.4, "start_date": "2025-09-08"}) in warm
