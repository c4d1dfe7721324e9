"""The value component: every entity gets the values its catalogue fact declares."""

import datetime as dt
import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from prescreen.catalogue import load_catalogue
from prescreen.extractors.values import (
    COURSE_THERAPIES,
    ENDED_TEXT,
    MAX_WEEKS,
    THERAPY_FACTS,
    course_block_outcome,
    course_block_weeks,
    course_of_care,
    course_weeks,
    dated_course_weeks,
    issued_at_start,
    outcome_after_sentence,
    parse_values,
    prepare_regexes,
    since_event_date,
    to_date,
    weeks_after_sentence,
    weeks_since_course,
)
from prescreen.extractors.values import Span as ValueSpan
from prescreen.pipeline._extensions import SpanAttrs, doc_text, sentence_chars

#: Values derived for facts whose catalogue entry does not declare them (used by policy predicates).
EXTRA_VALUES: dict[str, tuple[str, ...]] = {"patient_age": ("years",)}
#: an emergency-department or trauma note, named in its header
ED_NOTE = re.compile(
    r"(?i)\bemergency\s+(?:department|dept\.?|room|medicine)\b|\b(?:ED|ER)\s+(?:provider\s+|physician\s+|triage\s+)?note\b"
    r"|\btrauma\s+(?:note|activation|alert|h&p)\b|\bpediatric\s+emergency\b"
)
ED_HEADER_REACH = 200
#: a therapy note written while its course goes on ("PHYSICAL THERAPY PROGRESS NOTE (Re-assessment
#: #2)", "Daily note - visit #12"), not its discharge summary: read in its first lines
IN_COURSE_NOTE = re.compile(
    r"(?i)\b(?:progress\s+(?:note|report)|re-?assessment|re-?evaluation|re-?eval\b|daily\s+(?:note|treatment\s+note)|"
    r"treatment\s+note|visit\s*#\s*\d+)"
)
DISCHARGE_NOTE = re.compile(r"(?i)\bdischarge|\bd/c\s+summary")
#: ... of a therapy: the first lines name it
THERAPY_HEADER = re.compile(
    r"(?i)\b(?:physical\s+therapy|rehab\w*|chiropractic|chiro|pt\s+(?:progress|daily|re-?eval\w*|re-?assess\w*|note|visit|treatment))\b"
)
#: a sentence that says the course ended
COURSE_ENDED = re.compile(rf"(?i)\b(?:{ENDED_TEXT})\b")
IN_COURSE_REACH = 300
#: facts whose list lines ("gabapentin 300 MG capsule  Take 1 capsule ... daily.  Start: 8/18/2025")
#: give a course after the sig's sentence, and the values read from the rest of the line
LIST_LINE_FACTS = frozenset({"medication_trial", "device_therapy"})
LIST_LINE_VALUES = ("duration_weeks", "start_date", "end_date", "outcome")
#: what may come before the mention that opens a list line: a bullet or a number
LIST_LINE_HEAD = re.compile(r"\s*(?:(?:[-*\u2022]|\d{1,2}[.)])\s*)?")
#: a course dated by an event the note dates elsewhere: "since surgery", "since the fall"
SINCE_EVENT = re.compile(
    r"(?i)\bsince\s+(?:the\s+|his\s+|her\s+|their\s+)?(?P<event>surgery|fusion|operation|laminectomy|discectomy|"
    r"tlif|plif|acdf|fall|injury|accident|mvc|mva)\b"
)
SINCE_EVENT_KIND = {
    **dict.fromkeys(("surgery", "fusion", "operation", "laminectomy", "discectomy", "tlif", "plif", "acdf"), "surgery"),
    **dict.fromkeys(("fall", "injury", "accident", "mvc", "mva"), "injury"),
}
#: the fact whose dated mentions date each kind of event
EVENT_OF_FACT = {"prior_spine_surgery": "surgery", "trauma": "injury"}
#: the assertions of a course whose length the lines after its sentence may tell
COURSE_TOLD = ("present", "historical")
#: injuries an ED note presents
PRESENTING_FACTS = ("trauma",)
#: a sentence that dates something or calls it past is no account of the presenting injury
NOT_PRESENTING = re.compile(
    r"(?i)\b(?:19|20)\d\d\b|\d{1,2}/\d{1,2}|\bago\b|\byears?\b|\byrs?\b|\bmonths?\b|\bhistory\b|\bh/o\b|\bprior\b|"
    r"\bprevious(?:ly)?\b|\bremote\b|\bold\b|\blast\s+(?:year|month|week)|\bpmh\b|\bpsh\b|\bno\b|\bdenies\b|\bnever\b"
)


def _value_span(text: str, lo: int, hi: int, start: int, end: int, note_date: dt.date | None, fact: str) -> ValueSpan:
    """The value parsers' view of a mention (``start``-``end``) in the stretch ``lo``-``hi`` of the
    note it reads (its sentence, or its list line)."""
    return ValueSpan(
        sentence=text[lo:hi], start=start - lo, end=end - lo, note_date=note_date, mention=text[start:end], fact=fact
    )


class Values:
    def __init__(self, warm: bool = True) -> None:
        if warm:
            prepare_regexes()
        catalogue = load_catalogue()
        self.value_names = {
            fid: tuple(dict.fromkeys((*f.values, *EXTRA_VALUES.get(fid, ())))) for fid, f in catalogue.facts.items()
        }

    def __call__(self, doc: Doc) -> Doc:
        note_date = doc._.note_date if isinstance(doc._.note_date, dt.date) else None
        # Span.text joins its tokens one by one; a slice of the doc's text is the same string.
        text: str | None = None
        attrs = SpanAttrs(doc)
        ents = list(doc.ents)  # Doc.ents rebuilds its spans on every read
        for ent in ents:
            fact = ent.label_  # the fact (every component keeps label and ._.fact equal)
            names = self.value_names.get(fact, ())
            also = [f for f in attrs.get(ent, "also") or () if self.value_names.get(f)]
            if also:
                # the same span is a mention of further facts, each read for its own values ("Hoffmann +
                # bilat": a myelopathic sign, and an abnormal reflex with its reflex and side)
                if text is None:
                    text = doc_text(doc)
                lo, hi = sentence_chars(ent)
                attrs.set(
                    ent,
                    "also_values",
                    {
                        f: parse_values(
                            f,
                            self.value_names[f],
                            _value_span(text, lo, hi, ent.start_char, ent.end_char, note_date, f),
                        )
                        for f in also
                    },
                )
            if not names:
                attrs.set(ent, "values", {})
                continue
            if text is None:
                text = doc_text(doc)
            sent_start, sent_end = sentence_chars(ent)
            start, end = ent.start_char, ent.end_char
            values = parse_values(fact, names, _value_span(text, sent_start, sent_end, start, end, note_date, fact))
            if fact in LIST_LINE_FACTS and not all(v in values for v in LIST_LINE_VALUES if v in names):
                line = self._list_line_course(fact, text, start, end, sent_end, note_date)
                values = {**{k: v for k, v in line.items() if k in names}, **values}
            if "duration_weeks" in names and "duration_weeks" not in values and fact in THERAPY_FACTS:
                # "She started meloxicam. That was about two months ago."
                weeks = weeks_after_sentence(text, sent_end)
                if weeks is not None:
                    values["duration_weeks"] = weeks
            if "duration_weeks" in names and fact in THERAPY_FACTS and attrs.get(ent, "assertion") in COURSE_TOLD:
                # "Started formal PT at Riverside on 7/21/25.\nAttended 2x/wk through 9/26, ..."
                weeks = course_block_weeks(text, (sent_start, sent_end), (start, end), fact, values, note_date)
                if weeks is not None:
                    values["duration_weeks"] = weeks
            if "outcome" in names and "outcome" not in values and fact in THERAPY_FACTS:
                # "She did some PT through her employer's clinic. No benefit."
                outcome = outcome_after_sentence(text, sent_end)
                if outcome is None and attrs.get(ent, "assertion") in COURSE_TOLD:
                    # "Started HEP from the PT handout in July.\nDoing them daily.\nNo better."
                    outcome = course_block_outcome(text, (sent_start, sent_end), (start, end), fact)
                if outcome is not None:
                    values["outcome"] = outcome
            attrs.set(ent, "values", values)
        if text is not None:
            self._course_durations(ents, text, note_date, attrs)
            self._course_so_far(ents, text, note_date, attrs)
            self._alongside_durations(ents, attrs)
            self._kept_up_durations(ents, text, note_date, attrs)
            self._presenting_injury(ents, text, note_date, attrs)
            self._since_event_durations(ents, text, note_date, attrs)
        return doc

    def _since_event_durations(self, ents: list[Span], text: str, note_date: dt.date | None, attrs: SpanAttrs) -> None:
        """A course "since surgery" or "since the fall" runs from the event the note dates elsewhere
        ("PSH: L4-5 TLIF 1/2025" ... "Acetaminophen 1 g BID-TID since surgery": 38 weeks on 10/9): the
        latest date the note gives the event's fact (``EVENT_OF_FACT``), when the course's own
        sentence states no length."""
        if note_date is None:
            return
        dated: dict[str, list[dt.date]] = {}
        for ent in ents:
            if ent.label_ in EVENT_OF_FACT and attrs.get(ent, "assertion") in ("present", "historical"):
                when = attrs.get(ent, "values").get("date")
                day = since_event_date(when, note_date) if isinstance(when, str) else None
                if day is not None:
                    dated.setdefault(EVENT_OF_FACT[ent.label_], []).append(day)
        if not dated:
            return
        for ent in ents:
            if ent.label_ not in THERAPY_FACTS or "duration_weeks" not in self.value_names.get(ent.label_, ()):
                continue
            if attrs.get(ent, "assertion") != "present":
                continue  # "No PT since the fall": a pause, not a course
            values = attrs.get(ent, "values")
            if "duration_weeks" in values:
                continue
            sent_start, sent_end = sentence_chars(ent)
            m = SINCE_EVENT.search(text, sent_start, sent_end)
            days = dated.get(SINCE_EVENT_KIND[m["event"].lower()]) if m else None
            if days:
                weeks = round((note_date - max(days)).days / 7, 1)
                if 0 < weeks <= MAX_WEEKS:
                    attrs.set(ent, "values", {**values, "duration_weeks": weeks})

    @staticmethod
    def _list_line_course(
        fact: str, text: str, start: int, end: int, sent_end: int, note_date: dt.date | None
    ) -> dict[str, object]:
        """The course a medication-list line gives after its sig, past the sentence the sig's "."
        ends (GUIDELINES 1.3: values come from the same sentence or list line): "gabapentin
        (NEURONTIN) 300 MG capsule  Take 1 capsule by mouth 3 times daily.  Start: 8/18/2025  Last
        dose: 10/8/2025". Only for a line the mention opens. The line's dates are read to give the
        course's length also for a fact that declares no dates (a brace's "Start: ... End: ..."); the
        caller keeps the values the fact declares."""
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if line_end <= sent_end or not LIST_LINE_HEAD.fullmatch(text, line_start, start):
            return {}
        values = parse_values(
            fact, LIST_LINE_VALUES, _value_span(text, line_start, line_end, start, end, note_date, fact)
        )
        if "duration_weeks" not in values:
            weeks = dated_course_weeks(values)
            if weeks is not None:
                values["duration_weeks"] = weeks
        return values

    @staticmethod
    def _presenting_injury(ents: list[Span], text: str, note_date: dt.date | None, attrs: SpanAttrs) -> None:
        """An emergency-department note is written the day of the injury it presents: an undated
        injury it names, in a sentence that dates nothing else and calls nothing past, happened on
        the note's date ("ED NOTE 10/01/2025 ... Restrained driver in high-speed MVC")."""
        presenting = [ent for ent in ents if ent.label_ in PRESENTING_FACTS]
        if not presenting or note_date is None or not ED_NOTE.search(text, 0, ED_HEADER_REACH):
            return
        for ent in presenting:
            values = attrs.get(ent, "values")
            if values.get("date") is not None:
                continue
            sent_start, sent_end = sentence_chars(ent)
            if NOT_PRESENTING.search(text, sent_start, sent_end):
                continue
            attrs.set(ent, "values", {**values, "date": note_date.isoformat()})

    @staticmethod
    def _course_so_far(ents: list[Span], text: str, note_date: dt.date | None, attrs: SpanAttrs) -> None:
        """A progress note of a PT or chiropractic course that is still going reports the course so
        far: a mention of that therapy with a start it dates and a shorter length (the protocol: "Post-op
        PT started 8/4: 2x/wk x 4 wks, then 1x/wk x 3 wks ... Visit #12 today" on 10/21) has run
        from that start to the note (11.1 weeks)."""
        if note_date is None:
            return
        head = text[:IN_COURSE_REACH]
        if not IN_COURSE_NOTE.search(head) or not THERAPY_HEADER.search(head) or DISCHARGE_NOTE.search(head):
            return
        counts = Counter(ent.label_ for ent in ents if ent.label_ in COURSE_THERAPIES)
        if not counts:
            return
        therapy = max(COURSE_THERAPIES, key=lambda f: counts[f])
        for ent in ents:
            if ent.label_ != therapy or attrs.get(ent, "assertion") != "present":
                continue
            values = attrs.get(ent, "values")
            weeks, start = values.get("duration_weeks"), values.get("start_date")
            if weeks is None or not isinstance(start, str) or len(start) != 10 or "end_date" in values:
                continue
            sent_start, sent_end = sentence_chars(ent)
            if COURSE_ENDED.search(text, sent_start, sent_end):
                continue
            so_far = course_weeks((dt.date.fromisoformat(start), None), note_date)
            if so_far is not None and so_far > float(weeks) + 1:
                attrs.set(ent, "values", {**values, "duration_weeks": so_far})

    @staticmethod
    def _alongside_durations(ents: list[Span], attrs: SpanAttrs) -> None:
        """A home program named in the sentence of a PT or chiropractic course, with no duration of
        its own, ran alongside that course: "14 visits over 8 weeks of skilled PT with excellent
        attendance and HEP compliance", "PT x 5 wks (11 visits), still attending; logged HEP daily"."""
        courses: dict[tuple[int, int], list[tuple[int, float]]] = {}
        for ent in ents:
            if ent.label_ in COURSE_THERAPIES:
                weeks = attrs.get(ent, "values").get("duration_weeks")
                if weeks is not None:
                    courses.setdefault(sentence_chars(ent), []).append((ent.start_char, weeks))
        if not courses:
            return
        for ent in ents:
            if ent.label_ != "home_exercise_program":
                continue
            values = attrs.get(ent, "values")
            found = courses.get(sentence_chars(ent))
            if "duration_weeks" in values or not found:
                continue
            _, weeks = min(found, key=lambda c: abs(c[0] - ent.start_char))
            attrs.set(ent, "values", {**values, "duration_weeks": weeks})

    @staticmethod
    def _kept_up_durations(ents: list[Span], text: str, note_date: dt.date | None, attrs: SpanAttrs) -> None:
        """A home program the note says was kept up after the PT or chiropractic course it dates
        ("PT 12 sessions over 8 wks (3/3-4/25) -> plateaued. Since PT d/c doing HEP daily"), with no
        duration of its own, has run since that course ended (or since the end its sentence dates:
        "After finishing PT in July, she has continued her home program")."""
        ends = [
            end
            for ent in ents
            if ent.label_ in COURSE_THERAPIES
            and isinstance(value := attrs.get(ent, "values").get("end_date"), str)
            and (end := to_date(value, note_date)) is not None
        ]
        for ent in ents:
            values = attrs.get(ent, "values")
            if ent.label_ != "home_exercise_program" or "duration_weeks" in values:
                continue
            if attrs.get(ent, "assertion") != "present":
                continue
            sent_start, sent_end = sentence_chars(ent)
            weeks = weeks_since_course(text[sent_start:sent_end], ends, note_date)
            if weeks is not None:
                attrs.set(ent, "values", {**values, "duration_weeks": weeks})

    @staticmethod
    def _course_durations(ents: list[Span], text: str, note_date: dt.date | None, attrs: SpanAttrs) -> None:
        """A therapy note states its course once ('Dates of care: 7/21-9/12', 'POC start 9/22'): the
        mentions of the note's therapy that carry no duration of their own take it, and a home program
        handed out at the first visit runs from the course's start."""
        counts = Counter(ent.label_ for ent in ents if ent.label_ in COURSE_THERAPIES)
        # a note that names no PT or chiropractic course is no therapy note: a home program's own
        # start date ("handout issued at eval 10/8") still counts
        therapy = max(COURSE_THERAPIES, key=lambda f: counts[f]) if counts else None
        course = course_of_care(text, note_date) if therapy else None
        for ent in ents:
            if ent.label_ not in (therapy, "home_exercise_program"):
                continue
            values = attrs.get(ent, "values")
            if "duration_weeks" in values:
                continue
            if ent.label_ == therapy:
                weeks = course_weeks(course, note_date) if course else None
            else:
                sent_start, sent_end = sentence_chars(ent)
                weeks = issued_at_start(text[sent_start:sent_end], course, note_date)
            if weeks is not None:
                attrs.set(ent, "values", {**values, "duration_weeks": weeks})


@Language.factory(
    "prescreen_values", assigns=["span._.values"], requires=["span._.fact"], default_config={"warm": True}
)
def make_values(nlp: Language, name: str, warm: bool) -> Values:
    return Values(warm)


__all__ = ["Values"]
