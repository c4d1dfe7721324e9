"""doc_mentions: a therapy whose sentence gives no duration takes the one an anaphoric next
sentence of the same line gives ("She started meloxicam. That was about two months ago.")."""

from __future__ import annotations

import datetime as dt

import pytest

from prescreen.contract import Note
from prescreen.extractors.values import course_of_care, next_sentence_weeks
from prescreen.pipeline.run import extract_mentions, process_notes
from tests.conftest import rules_nlp

NOTE = dt.date(2025, 9, 20)

# fmt: off
NEXT_SENTENCE = [
    pytest.param(" That was about two months ago. No fever.", 8.7, id="that-was-ago"),
    pytest.param(" It was started ~3 weeks ago.", 3.0, id="it-was-started-ago"),
    pytest.param(" This was roughly 10 days ago.", 1.4, id="this-was-days-ago"),
    pytest.param(" She has been on it for 6 weeks without relief.", 6.0, id="been-on-it-for"),
    pytest.param(" He has taken it for the past 3 months.", 13.0, id="taken-it-for-the-past"),
    pytest.param(" Has been doing the exercises for about a month.", 4.3, id="doing-the-exercises"),
    pytest.param(" She has been going for eight weeks now.", 8.0, id="been-going-for"),
    pytest.param(" Pain began 2 months ago.", None, id="not-no-anaphor"),
    pytest.param(" That was before the MRI.", None, id="not-no-duration"),
    pytest.param(" It has been worse for 2 weeks.", None, id="not-symptom-verb"),
    pytest.param(" She has been on gabapentin for 6 weeks.", None, id="not-another-therapy"),
    pytest.param(" He has had it for 3 years.", None, id="not-had-it-the-complaint"),
]
# fmt: on


@pytest.mark.parametrize("text,expected", NEXT_SENTENCE)
def test_next_sentence_weeks(text: str, expected: float | None) -> None:
    got = next_sentence_weeks(text)
    assert got == (pytest.approx(expected) if expected is not None else None)


def _therapy_values(text: str, fact: str) -> list[dict[str, object]]:
    notes = [Note(id="n1", date=NOTE, text=text)]
    return [m.evidence.values for m in extract_mentions(notes, process_notes(notes, rules_nlp())) if m.fact == fact]


def test_duration_from_the_next_sentence() -> None:
    values = _therapy_values(
        "HPI: Low back pain. She started meloxicam. That was about two months ago.\n", "medication_trial"
    )
    assert [v.get("duration_weeks") for v in values] == [8.7]


def test_own_sentence_duration_wins() -> None:
    values = _therapy_values("HPI: LBP. Naproxen x 3 weeks. She has been on it for 6 weeks.\n", "medication_trial")
    assert [v.get("duration_weeks") for v in values] == [3.0]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the sig's "." ends a sentence; the line's fields still date the course (GUIDELINES 1.3)
        (
            "MEDICATIONS:\ngabapentin (NEURONTIN) 300 MG capsule  Take 1 capsule 3 times daily.  Start: 8/18/2025  "
            "Last dose: 9/15/2025\n",
            {"duration_weeks": 4.0, "start_date": "2025-08-18", "end_date": "2025-09-15"},
        ),
        (
            "Medications:\n- methylPREDNISolone 4 MG tablet  Use as directed.  Start: 9/1/2025  End: 9/6/2025\n",
            {"duration_weeks": 0.7, "start_date": "2025-09-01", "end_date": "2025-09-06"},
        ),
        # a drug named inside a sentence does not take the dates of the line's other sentences
        ("Plan: stop naproxen and switch. Start: 8/18/2025\n", {}),
    ],
)
def test_a_medication_list_line_dates_its_course(line: str, expected: dict[str, object]) -> None:
    values = _therapy_values(line, "medication_trial")
    course = {k: v for k, v in values[0].items() if k in ("duration_weeks", "start_date", "end_date")}
    assert course == expected


def test_a_device_list_line_gives_its_length_but_no_dates_the_fact_does_not_declare() -> None:
    # device_therapy declares duration_weeks and outcome only (facts.yaml)
    values = _therapy_values("DME:\nLSO brace  Wear when upright.  Start: 8/1/2025  End: 9/1/2025\n", "device_therapy")
    assert values == [{"duration_weeks": 4.4}]


@pytest.mark.parametrize(
    ("text", "fact", "weeks"),
    [
        ("PLAN: Failed 12 wks of rest, bracing and a full course of PT.\n", "physical_therapy", None),
        ("PLAN: Failed 12 wks of rest, bracing and a full course of PT.\n", "device_therapy", 12.0),
        ("HPI: 8 wks of PT, NSAIDs and HEP without relief.\n", "physical_therapy", 8.0),
    ],
)
def test_a_duration_before_a_list_skips_an_item_with_its_own_course(text: str, fact: str, weeks: float | None) -> None:
    assert [v.get("duration_weeks") for v in _therapy_values(text, fact)] == [weeks]


def test_not_across_a_line_break() -> None:
    values = _therapy_values("Tried naproxen.\nThat was 3 weeks ago.\n", "medication_trial")
    assert [v.get("duration_weeks") for v in values] == [None]


def test_the_value_component_sets_the_next_sentence_duration_on_the_span() -> None:
    doc = rules_nlp()("HPI: Low back pain. She started meloxicam. That was about two months ago.\n")
    (ent,) = [e for e in doc.ents if e._.fact == "medication_trial"]
    assert ent._.values["duration_weeks"] == 8.7


# A therapy note states its own course once, in its header or summary.
# fmt: off
COURSES = [
    pytest.param("Dates of care: 07/21/2025 - 09/12/2025. Visits: 16 attended.", (dt.date(2025, 7, 21), dt.date(2025, 9, 12)), id="dates-of-care"),
    pytest.param("Episode: 01/06/2025 - 03/14/2025, 18 visits", (dt.date(2025, 1, 6), dt.date(2025, 3, 14)), id="episode"),
    pytest.param("Visits: 18 (07/01-09/05/2025)", (dt.date(2025, 7, 1), dt.date(2025, 9, 5)), id="visits-range-start-without-year"),
    pytest.param("Dates: 08/04/2025 to 09/22/2025 (7 weeks), 13 visits.", (dt.date(2025, 8, 4), dt.date(2025, 9, 22)), id="dates-to"),
    pytest.param("Start of care 07/28/2025   Discharge 09/22/2025   Visits 15", (dt.date(2025, 7, 28), dt.date(2025, 9, 22)), id="start-of-care-discharge"),
    pytest.param("Dx: lumbar radiculopathy\nPOC start 09/10/2025, 2x/wk x 8 wks", (dt.date(2025, 9, 10), None), id="poc-start-runs-to-the-note"),
    pytest.param("Eval 07/01/2025 for LBP. Attended 4 visits (7/1, 7/3, 7/8, 7/15), then no-showed.", (dt.date(2025, 7, 1), dt.date(2025, 7, 15)), id="visit-list-beats-eval"),
    # a start told in passing (round 29)
    pytest.param("S: Pt reports mid back pain 6/10 (was 7/10 at intake 09/02).", (dt.date(2025, 9, 2), None), id="at-intake-in-passing"),
    pytest.param("Improving since the initial evaluation on 8/25/2025.", (dt.date(2025, 8, 25), None), id="since-the-initial-evaluation"),
    pytest.param("Seen at intake, pain 7/10.", None, id="not-intake-without-a-date"),
    pytest.param("Date of eval: 06/16/2025\nDischarge date: 08/25/2025\nReason for d/c: plateau", (dt.date(2025, 6, 16), dt.date(2025, 8, 25)), id="discharge-date-on-the-next-line"),
    pytest.param("SOC 7/7/25, last visit 9/5/25 (16 visits).", (dt.date(2025, 7, 7), dt.date(2025, 9, 5)), id="soc-and-last-visit"),
    pytest.param("Eval 07/01/2025 for LBP.\nSeen in ED 8/2.", (dt.date(2025, 7, 1), None), id="not-another-line-s-date"),
    pytest.param("Date: 09/20/2025   Visit #6", None, id="not-the-note-date"),
    pytest.param("Pain 5/10-7/10 with sitting.", None, id="not-a-score-range"),
    pytest.param("PMH: knee arthroscopy 2019. Seen in ED 8/2.", None, id="not-a-course-line"),
]
# fmt: on


@pytest.mark.parametrize("text,expected", COURSES)
def test_course_of_care(text: str, expected: tuple[dt.date, dt.date | None] | None) -> None:
    assert course_of_care(text, NOTE) == expected


PT_DISCHARGE = (
    "Harbor Physical Therapy - Discharge Summary\n"
    "Visits: 18 (07/01-09/05/2025)\n"
    "Summary: Post-op PT focused on core endurance and gait. Goals met.\n"
    "Home exercise program issued at visit 1 with a written handout; pt reports daily compliance.\n"
    "D/C to independent HEP.\n"
)


CHIRO_PROGRESS = (
    "HARBOR CHIROPRACTIC - PROGRESS NOTE (visit 3)\n"
    "S: Pt reports mid back pain between shoulder blades 6/10 (was 7/10 at intake 09/06).\n"
    "P: Chiropractic manipulative therapy T4-T7, soft tissue. Plan 2x/wk x 4 more wks.\n"
)


def test_a_chiropractic_progress_note_runs_its_course_from_the_intake_it_mentions() -> None:
    # from the intake (9/6) to the note (9/20)
    assert {v.get("duration_weeks") for v in _therapy_values(CHIRO_PROGRESS, "chiropractic_care")} == {2.0}


def test_a_therapy_note_gives_its_course_to_its_therapy_and_its_home_program() -> None:
    pt = _therapy_values(PT_DISCHARGE, "physical_therapy")
    assert {v.get("duration_weeks") for v in pt} == {9.4}
    hep = _therapy_values(PT_DISCHARGE, "home_exercise_program")
    # handed out at the first visit: the course's length; the discharge line's HEP says nothing of it
    assert [v.get("duration_weeks") for v in hep] == [9.4, None]


def test_a_handout_issued_at_the_evaluation_runs_from_its_date_to_the_note() -> None:
    text = "PT progress note\nDoing HEP (handout issued at eval 9/6) - exercise log reviewed, daily.\n"
    assert [v.get("duration_weeks") for v in _therapy_values(text, "home_exercise_program")] == [2.0]


def test_a_handout_issued_at_the_pt_evaluation_runs_from_its_date_to_the_note() -> None:
    text = "Office visit\nHEP issued at the PT evaluation 8/29 (printed sheet); she does it nightly.\n"
    assert [v.get("duration_weeks") for v in _therapy_values(text, "home_exercise_program")] == [3.1]
    # an evaluation that is not when it was handed out dates nothing
    text = "Office visit\nHEP reviewed; PT evaluation 8/29 went well.\n"
    assert [v.get("duration_weeks") for v in _therapy_values(text, "home_exercise_program")] == [None]


@pytest.mark.parametrize(
    ("line", "weeks"),
    [
        ("HEP started at the 9/1 visit; doing it daily.", 2.7),
        ("Given HEP at urgent care on 9/1, doing it twice a day.", 2.7),
        ("HEP (printed, from UC visit 9/1) - doing most days.", 2.7),
        ("HEP provided at initial chiro visit on 9/1.", 2.7),
        ("Chiropractor gave her a HEP 9/1, which she does sporadically.", 2.7),
        ("HEP handout 9/1; doing 5 days a week.", 2.7),
        ("HEP instruction 9/1; adherent.", 2.7),
        ("Given a home exercise handout at her 9/1 visit; doing it most days.", 2.7),
        ("Doing home exercises as instructed by PT at discharge 9/1.", 2.7),
        ("Started HEP after the ED visit on 9/1.", 2.7),
        ("Pt was instructed in a home program on 9/1 and reports good compliance.", 2.7),
        ("HEP to be given at the 9/25 visit.", None),
        # no date, or a visit to come: nothing
        ("HEP given at her last visit; doing it daily.", None),
        ("HEP to be reviewed at the 10/15 visit.", None),
    ],
)
def test_a_home_program_handed_out_at_a_dated_visit_runs_from_it(line: str, weeks: float | None) -> None:
    text = f"Office visit\n{line}\n"
    assert [v.get("duration_weeks") for v in _therapy_values(text, "home_exercise_program")] == [weeks]


PROTOCOL = "Post-op PT started 7/7/2025: 2x/wk x 4 wks, then 1x/wk x 3 wks per surgeon protocol. Visit #12 today.\n"


@pytest.mark.parametrize(
    ("header", "protocol", "weeks"),
    [
        # a PT progress note: the course has run from its start to the note (7/7 to 9/20)
        ("OUTPATIENT REHAB - PHYSICAL THERAPY PROGRESS NOTE (Re-assessment #2)", PROTOCOL, 10.7),
        ("PT daily note - visit #12", PROTOCOL, 10.7),
        # a discharge summary, or a physician's progress note: the protocol's length stands
        ("PHYSICAL THERAPY DISCHARGE SUMMARY", PROTOCOL, 7.0),
        ("Internal Medicine PROGRESS NOTE", PROTOCOL, 7.0),
        # a course the sentence says ended keeps its length
        (
            "PHYSICAL THERAPY PROGRESS NOTE",
            "PT started 7/7/2025, 2x/wk x 4 wks, then stopped (cost).\n",
            4.0,
        ),
    ],
)
def test_a_therapy_progress_note_reports_the_course_so_far(header: str, protocol: str, weeks: float) -> None:
    values = _therapy_values(f"{header}\nPt: J. Doe   Date: 09/20/2025\n{protocol}", "physical_therapy")
    assert [v.get("duration_weeks") for v in values if "start_date" in v] == [weeks]


def test_a_duration_stated_beside_the_therapy_beats_the_course() -> None:
    text = "Chiropractic re-exam\nDates of care: 06/30/2025 - 08/25/2025\nPrior PT x 4 wks in 2023 without relief.\nChiropractic adjustments continue.\n"
    pt = _therapy_values(text, "physical_therapy")
    assert [v.get("duration_weeks") for v in pt] == [4.0]
    chiro = _therapy_values(text, "chiropractic_care")
    assert {v.get("duration_weeks") for v in chiro} == {8.0}


def test_a_note_about_no_therapy_course_takes_none() -> None:
    text = "Office visit\nDates of care: 06/30/2025 - 08/25/2025\nNaproxen helps.\n"
    assert [v.get("duration_weeks") for v in _therapy_values(text, "medication_trial")] == [None]


def test_a_home_program_in_the_sentence_of_a_therapy_course_ran_alongside_it() -> None:
    text = "Summary\nAssessment: 14 visits over 8 weeks (6/2-7/28) of skilled PT with excellent attendance and HEP compliance.\n"
    assert [v.get("duration_weeks") for v in _therapy_values(text, "home_exercise_program")] == [8.0]
    # its own duration wins, and a program in another sentence takes nothing from the course
    text = "Summary\nPT x 8 wks with HEP x 2 wks, then stopped.\nHEP reviewed.\n"
    assert [v.get("duration_weeks") for v in _therapy_values(text, "home_exercise_program")] == [2.0, None]


def test_a_home_program_kept_up_after_the_course_runs_from_its_end() -> None:
    # the course ended 8/29; "still does" the program from PT: from then to the note (9/20)
    text = (
        "Geriatrics\nPT at Lakeside Rehab, 12 sessions over 8 weeks (07/07-08/29/2025), no lasting change. "
        "He still does the written home program from PT daily.\n"
    )
    assert [v.get("duration_weeks") for v in _therapy_values(text, "home_exercise_program")] == [3.1]
    text = "Ortho\nPT 12 sessions over 8 wks (3/3-8/29) -> plateaued. Since PT d/c doing HEP daily per his log.\n"
    assert [v.get("duration_weeks") for v in _therapy_values(text, "home_exercise_program")] == [3.1]
    # nothing says it was kept up, or no course end is dated: no duration
    text = "Ortho\nPT 12 sessions over 8 wks (3/3-8/29) -> plateaued. HEP reviewed.\n"
    assert [v.get("duration_weeks") for v in _therapy_values(text, "home_exercise_program")] == [None]
    text = "Ortho\nPT 12 sessions, plateaued. He still does the HEP daily.\n"
    assert [v.get("duration_weeks") for v in _therapy_values(text, "home_exercise_program")] == [None]
    # a plan to keep it up is no course
    text = "Ortho\nPT 12 sessions over 8 wks (3/3-8/29) -> plateaued.\nPlan: will start a HEP, since PT d/c, and still does walks.\n"
    assert [v.get("duration_weeks") for v in _therapy_values(text, "home_exercise_program")] == [None]


@pytest.mark.parametrize(
    ("sentence", "weeks"),
    [
        # the sentence dates the end of the course the program was kept up after (note 9/20)
        ("Has continued the home exercise program from PT (discharged 7/15) daily.", 9.6),
        ("After finishing PT in July, she has continued her home program.", 9.6),
        ("Transitioned to HEP upon PT discharge on 9/5.", 2.1),
        ("PT x 8 visits ending 8/29; continues HEP since then.", 3.1),
        ("Since PT ended on 8/1 he has kept up his exercises at home.", 7.1),
        # nothing says it was kept up: no duration from the end
        ("HEP reviewed; PT discharged 7/15.", None),
    ],
)
def test_a_home_program_kept_up_after_the_end_its_sentence_dates(sentence: str, weeks: float | None) -> None:
    values = _therapy_values(f"Spine follow-up\n{sentence}\n", "home_exercise_program")
    assert [v.get("duration_weeks") for v in values] == [weeks]


def test_an_emergency_department_note_presents_the_injury_of_its_day() -> None:
    ed = "EMERGENCY DEPARTMENT NOTE\nHPI: Restrained driver in high-speed MVC, c/o neck pain.\nPMH: remote MVC with whiplash.\n"
    assert _trauma_dates(ed) == [("MVC", NOTE.isoformat()), ("MVC", None), ("whiplash", None)]
    # an office note says nothing of when an undated injury happened
    office = "Family medicine follow-up\nHPI: Restrained driver in high-speed MVC, c/o neck pain.\n"
    assert _trauma_dates(office) == [("MVC", None)]


def _trauma_dates(text: str) -> list[tuple[str, object]]:
    notes = [Note(id="n1", date=NOTE, text=text)]
    mentions = extract_mentions(notes, process_notes(notes, rules_nlp()))
    return [(m.evidence.text, m.evidence.values.get("date")) for m in mentions if m.fact == "trauma"]


@pytest.mark.parametrize(
    ("text", "fact", "weeks"),
    [
        # the event dated elsewhere in the note: the TLIF of 1/15 to the note of 9/20
        ("PSH: L4-5 TLIF 1/15/2025.\nHPI: Acetaminophen 1 g BID-TID since surgery.\n", "medication_trial", 35.4),
        ("HPI: Fall on 9/6/2025. Tylenol 1 g TID since the fall - some help.\n", "medication_trial", 2.0),
        # a pause is no course, and with no dated event there is nothing to count from
        ("HPI: Fall on 9/6/2025. No PT since the fall.\n", "physical_therapy", None),
        ("HPI: Acetaminophen 1 g BID-TID since surgery.\n", "medication_trial", None),
    ],
)
def test_a_course_since_an_event_runs_from_the_date_the_note_gives_it(
    text: str, fact: str, weeks: float | None
) -> None:
    assert [v.get("duration_weeks") for v in _therapy_values(text, fact)] == [weeks]


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        # the next sentence, short and opening with the result, gives the course's outcome
        ("HPI: She did some PT through her employer's clinic. No benefit.\n", "failed"),
        ("HPI: PT 2x/wk from 7/7 to 8/15.\nPain unchanged at 5/10.\n", "failed"),
        # not a sentence about the symptoms, another therapy's result, or after a blank line
        (
            "HPI: She did some PT through her employer's clinic. Her pain is worse with sitting and she sleeps poorly most nights.\n",
            None,
        ),
        ("HPI: She did some PT through her employer's clinic. Naproxen helped.\n", None),
        ("HPI: She did some PT through her employer's clinic.\n\nNo benefit.\n", None),
    ],
)
def test_a_course_s_result_may_be_told_in_the_next_sentence(text: str, outcome: str | None) -> None:
    assert [v.get("outcome") for v in _therapy_values(text, "physical_therapy")] == [outcome]


@pytest.mark.parametrize(
    ("text", "fact", "outcome"),
    [
        # (round 32) the result told a few lines after the course, on a line of its own or in a field
        (
            "HPI: Started HEP from PT handout in July.\nDoing the exercises daily.\nNo better.\n",
            "home_exercise_program",
            "failed",
        ),
        (
            "Written home program from PT (pelvic tilts, bridges).\nPerformed ~daily x8wk per diary.\nOutcome: no meaningful improvement.\n",
            "home_exercise_program",
            "failed",
        ),
        (
            "HPI: She started PT at Riverside on 8/4.\nGoes twice a week.\nSays it's helping a lot.\n",
            "physical_therapy",
            "improved",
        ),
        # (round 32) results the same sentence words as a plateau, a field or a worse course
        ("HPI: HEP: performed daily for the last 10 wks per log, no sig change.\n", "home_exercise_program", "failed"),
        ("HPI: Doing HEP nightly x 5 wks, pain about the same.\n", "home_exercise_program", "failed"),
        (
            "HPI: She has followed the core program at home for 9 weeks; her pain has not meaningfully improved.\n",
            "home_exercise_program",
            "failed",
        ),
        (
            "HPI: Doing the HEP sheet twice daily since 7/21, and her back pain is worse overall.\n",
            "home_exercise_program",
            "worsened",
        ),
        # not another medicine's result, not a line that something is still going on, not past
        # another therapy's name
        ("HPI: Acetaminophen 1 g TID since the fall.\nDid not tolerate tramadol.\n", "medication_trial", None),
        ("HPI: PT 2x/wk since 9/1.\nStill on intermittent cath and bowel program.\n", "physical_therapy", None),
        ("HPI: Naproxen 500 mg BID since 8/1.\nAlso tried PT, which did not help.\n", "medication_trial", None),
    ],
)
def test_a_course_s_result_may_be_told_in_the_lines_after_it(text: str, fact: str, outcome: str | None) -> None:
    assert [v.get("outcome") for v in _therapy_values(text, fact)][:1] == [outcome]


@pytest.mark.parametrize(
    ("text", "fact", "weeks"),
    [
        # a start in the course's sentence, its end in the next line (note 9/20)
        (
            "HPI: Started formal PT at Riverside on 7/21/25.\nAttended 2x/wk through 9/12, then discharged.\n",
            "physical_therapy",
            7.6,
        ),
        # an end after an eval, a range, a still-going course, an end a time ago
        ("HPI: PT eval 8/6/2025. Seen 9 visits after that.\nDischarged 9/17 to HEP.\n", "physical_therapy", 6.0),
        ("HPI: She went to PT. Dates: 8/5 to 9/16.\nFelt looser.\n", "physical_therapy", 6.0),
        (
            "HPI: Lidocaine 5% patch nightly. Started when she was seen 8/23.\nStill using it.\n",
            "medication_trial",
            4.0,
        ),
        (
            "HPI: Pt called re: PT. She stopped going 2 weeks ago. She had been going since 8/1.\n",
            "physical_therapy",
            5.1,
        ),
        # the next line states the length; a start that ran to the note gives way to a shorter course
        ("HPI: Cyclobenzaprine 10 mg qhs was added on 8/30. She took it for 10 days.\n", "medication_trial", 1.4),
        ("HPI: Using a home TENS since 7/15. Stopped it on 8/26 because of the pads.\n", "device_therapy", 6.0),
        # not the course: the symptoms' dates, another drug's length, another item, a blank line
        ("HPI: Started PT.\nThis episode began 9/1 and is still going.\n", "physical_therapy", None),
        ("HPI: Naproxen 500 BID started 9/1. Ibuprofen for about 1 week before that.\n", "medication_trial", 2.7),
        ("Plan:\n- Continue naproxen w/ food.\n- PT 2x/wk x 6 wks.\n", "medication_trial", None),
        # after a blank line: the start runs to the note as before (6.7), not to 9/12
        ("HPI: Started PT on 8/4.\n\nDischarged 9/12 from the hospital.\n", "physical_therapy", 6.7),
        # (round 31) a header naming the course alone, its list items or fields under it; a course begun
        # and not said to be over runs on to the note
        ("Home program:\n- started 8/4 (sheet from our office)\n- daily, compliant\n", "home_exercise_program", 6.7),
        (
            "Medication review\nGabapentin\n  dose: 300 mg TID\n  started: 07/10/2025\n  response: minimal\n",
            "medication_trial",
            10.3,
        ),
        ("HPI: Doing HEP from PT about 3x/wk.\nHe started it about 6 weeks ago.\n", "home_exercise_program", 6.0),
        ("HPI: Doing Schroth exercises at home daily.\nShe began them in mid-July.\n", "home_exercise_program", 9.6),
        ("Conservative care:\n * PT\n    - 14 visits\n    - 6/16/25 through 8/22/25\n", "physical_therapy", 9.6),
        (
            "HPI: Seen at urgent care 8/28 and started on etodolac 400 mg BID.\nStill taking it.\n",
            "medication_trial",
            3.3,
        ),
        ("HPI: Home exercise: compliant (log seen today). Log begins 7/8.\n", "home_exercise_program", 10.6),
        # not a start: an evaluation's date for a home program, a pain score, a re-evaluation to come
        ("HPI: HEP daily, compliant.\nEval 5/5.\n", "home_exercise_program", None),
        (
            "ED course: ibuprofen 400 mg PO given with improvement to 4/10.\nAssessment: strain.\n",
            "medication_trial",
            None,
        ),
        ("HPI: Did the home core program since 7/1 without missing more than 2 days.\n", "home_exercise_program", 11.6),
        # a drug taken since a date is no evaluation's start; a course held after a length, "because ..."
        (
            "Pt calling re: celecoxib. Been on it since 9/1.\nStopped it 3 days ago due to stomach upset.\n",
            "medication_trial",
            2.3,
        ),
        (
            "HPI: Has been doing PT for the neck. Began the first week of August.\nTherapist held it after 4 weeks because of an RA flare.\n",
            "physical_therapy",
            4.0,
        ),
        # (round 32) a length after a course verb's "x" or a count of visits "over"; a course going on
        # ("continuing", "kept up", "since then"); a sentence line that opens the note; a home program
        # given by the therapist named in its sentence or begun at the therapy's discharge
        ("HPI: Had PT this summer.\n12 visits over 8 weeks.\nNo real change.\n", "physical_therapy", 8.0),
        ("HPI: LSO brace dispensed 7/25\nWore it daily x 6 wks\nCould not tolerate longer\n", "device_therapy", 6.0),
        ("Meds list: Naproxen 500 mg BID\ntaking since 9/1\ntolerating; continuing for now\n", "medication_trial", 2.7),
        ("She started PT at Riverside on 8/4.\nGoes twice a week, has had 10 sessions.\n", "physical_therapy", 6.7),
        (
            "HPI: PT gave her a set of home stretches back in mid-August.\nShe has kept up with them nearly every day.\n",
            "home_exercise_program",
            5.1,
        ),
        (
            "Back pain f/u.\nPT discharged her 8/1 to an independent HEP.\nShe has continued it since then.\n",
            "home_exercise_program",
            7.1,
        ),
        # a line that opens with "x" or a bracketed length, an end dated before its word, "discontinued",
        # "in progress", a use since a date; "and" is no "a day"
        ("Meds: cyclobenzaprine 10 mg qhs\nx 2 weeks in August\nNo longer taking\n", "medication_trial", 2.0),
        ("Meds: Robaxin 750 TID prn\nJune through August (3 months)\nno real help\n", "medication_trial", 13.0),
        (
            "HPI: Formal physical therapy started 8/5.\nOn 8/26 therapist held sessions - new foot drop.\n",
            "physical_therapy",
            3.0,
        ),
        (
            "HPI: Chiropractic adjustments discontinued 9/9 by DC.\nHad been going since 8/18.\n",
            "chiropractic_care",
            3.1,
        ),
        (
            "Current care: chiropractic adjustments\nStart date: 09/10/2025\nVisits completed: 4\nStatus: in progress\n",
            "chiropractic_care",
            1.4,
        ),
        ("HPI: TENS unit (from PT)\nUsing nightly since 8/1\nNo relief\n", "device_therapy", 7.1),
        (
            "HPI: HEP (PT-issued, written) begun 8/18.\nStopped after 3 wks - pain\nand she could not get up.\n",
            "home_exercise_program",
            3.0,
        ),
        ("HPI: Started PT 2x/wk on 7/14. Dropped to 1x/wk on 8/25 and was discharged 9/19.\n", "physical_therapy", 9.6),
        # the policy's window is no course's length: "w/in past 6 months", "in the last 6 months"
        # (the home program takes the length of the PT it ran alongside, not the window's 26.1)
        ("HPI: Failed 8 wks PT + daily HEP, all w/in past 6 months.\n", "home_exercise_program", 8.0),
        ("HPI: Did PT in the last 6 months.\n", "physical_therapy", None),
        ("HPI: PT for the past 6 months.\n", "physical_therapy", 26.1),
        # an assessment's length of the complaint before the therapies it failed is none of theirs
        ("A: adjacent segment disease. ~5 mo, failed gabapentin and one ESI.\n", "medication_trial", None),
        ("A: L S1 radiculopathy x ~14 wks, failed 12 wks NSAID + 8 wks PT.\n", "medication_trial", 12.0),
        # a smoking history's "x 20 yrs" is no course's length
        ("Meds: naproxen, cyclobenzaprine.\nSH: forklift operator, 1/2 ppd x 20 yrs.\n", "medication_trial", None),
    ],
)
def test_a_course_may_be_told_over_the_lines_after_its_sentence(text: str, fact: str, weeks: float | None) -> None:
    assert _therapy_values(text, fact)[0].get("duration_weeks") == weeks


@pytest.mark.parametrize(
    ("text", "assertion"),
    [
        # an injection dated after the note (9/20) is still to come; one dated before it was done
        ("Scheduling note: bilat L4-5/L5-S1 MBB on 10/22/25 w/ Dr. Patel.\n", "hypothetical"),
        ("Bilat L4-5/L5-S1 MBB on 9/2/25 w/ Dr. Patel.\n", "present"),
        # a follow-up after one is no plan of one
        ("Follow-up after L5 TFESI, f/u 10/22/25.\n", "present"),
    ],
)
def test_an_injection_dated_after_the_note_is_still_to_come(text: str, assertion: str) -> None:
    notes = [Note(id="n1", date=NOTE, text=text)]
    mentions = extract_mentions(notes, process_notes(notes, rules_nlp()))
    assert [m.evidence.assertion for m in mentions if m.fact == "injection_therapy"] == [assertion]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (round 32) a part of a month: the 5th, the 15th or the 25th, in the last such month
        ("mid-August", dt.date(2025, 8, 15)),
        ("early July 2024", dt.date(2024, 7, 5)),
        ("late June", dt.date(2025, 6, 25)),
        ("mid December", dt.date(2024, 12, 15)),
        ("August", dt.date(2025, 8, 1)),
    ],
)
def test_a_part_of_a_month_is_dated(text: str, expected: dt.date) -> None:
    from prescreen.extractors.values import to_date

    assert to_date(text, dt.date(2025, 10, 9)) == expected


@pytest.mark.parametrize(
    ("text", "reflex", "side"),
    [
        ("Hoffmann + bilat.", "hoffmann", "bilateral"),
        ("Babinski upgoing on the left, flexor on the right.", "babinski", "left"),
        ("Positive Hoffmann sign on the R.", "hoffmann", "right"),
    ],
)
def test_a_span_of_two_facts_carries_each_facts_own_values(text: str, reflex: str, side: str) -> None:
    # (round 44) a pathological reflex is a myelopathic sign and an abnormal reflex on one span: the
    # reflex mention reads its reflex and side, the myelopathic sign declares neither
    notes = [Note(id="n", date=NOTE, text=text)]
    mentions = extract_mentions(notes, process_notes(notes, rules_nlp()))
    reflexes = [m.evidence.values for m in mentions if m.fact == "abnormal_reflexes"]
    signs = [m.evidence.values for m in mentions if m.fact == "myelopathic_signs"]
    assert reflexes == [{"reflex": reflex, "side": side}]
    assert signs == [{}]
