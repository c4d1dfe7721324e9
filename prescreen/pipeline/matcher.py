"""A token-rule matcher compiled for notes: phrases in a token trie, token patterns indexed by their
first token.

spaCy's ``Matcher`` starts every pattern at every token of a doc, so its cost grows with tokens x
patterns; with a few hundred target patterns it was most of prescreen's time. Here a pattern is only
tried where its first token can match (a dict lookup on the token's text, or a per-string memo for a
regular expression or flag), and phrases share a trie. The pattern language is the subset of spaCy's
token-pattern syntax our rule files use (below), with spaCy's semantics: every way a pattern can
match gives a match, so ``[A, B?]`` matches both "A" and "A B". ``tests/pipeline/test_matcher.py``
checks that it finds exactly what spaCy's ``Matcher`` and ``PhraseMatcher`` find for our rule files.

Token pattern syntax (per token, every key given must hold):
  - ``ORTH``, ``TEXT``, ``LOWER``, ``NORM``: a string, or ``{IN: [...]}``, ``{NOT_IN: [...]}``, ``{REGEX: "..."}``
  - ``LENGTH``: an integer, or ``{IN: [...]}`` / ``{NOT_IN: [...]}``
  - flags ``IS_ALPHA``, ``IS_ASCII``, ``IS_DIGIT``, ``IS_LOWER``, ``IS_UPPER``, ``IS_TITLE``, ``IS_PUNCT``,
    ``IS_SPACE``, ``IS_STOP``, ``IS_BRACKET``, ``IS_QUOTE``, ``LIKE_NUM``, ``LIKE_URL``, ``LIKE_EMAIL``,
    ``IS_SENT_START``: true or false
  - ``OPENS_ITEM`` (ours): true or false, whether the token opens a sentence or the item of a list
    marker that opens one ("3. Ordered MRI", "- Start PT", "2) To ED for ..."): one rule for an order
    or plan word whether or not a list number comes before it
  - ``ENDS_LINE`` (ours): true or false, whether the token is the last of its line (a line break or
    the end of the text follows it): a trailing answer ("IVDU -", "Dialysis: N")
  - ``SIGN_BEFORE_ITEM`` (ours): true or false, whether the token is the "(" of a "(+)" or "(-)" sign
    (or the "[" of "[+]", "[-]")
    on a line that writes its signs before their items ("(-) fever  (-) chills", "MSK (+) back pain
    (-) limping": no sign of the line ends it or comes right before a comma) rather than after them
    ("Fever (-)  Chills (+)", "PT (+), chiro (-), ESI (+) x1"); and the "-" or "+" that opens a line
    or an item after a comma, on a line with two or more of them, one a "+" ("- HEP, + PT x 4 wks")
  - ``OP``: ``?`` (optional), ``*`` (any number), ``+`` (one or more); ``{}`` matches any token.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from spacy import attrs
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from prescreen._regex import needs_non_letter, split_global_flags
from prescreen.extractors.resources import Regex

STRING_ATTRS = ("ORTH", "TEXT", "LOWER", "NORM")
FLAG_ATTRS = (
    "IS_ALPHA",
    "IS_ASCII",
    "IS_DIGIT",
    "IS_LOWER",
    "IS_UPPER",
    "IS_TITLE",
    "IS_PUNCT",
    "IS_SPACE",
    "IS_STOP",
    "IS_BRACKET",
    "IS_QUOTE",
    "LIKE_NUM",
    "LIKE_URL",
    "LIKE_EMAIL",
    "IS_SENT_START",
    "OPENS_ITEM",
    "ENDS_LINE",
    "SIGN_BEFORE_ITEM",
)
#: flags the token view computes itself: spaCy's SENT_START array read as a flag, and our own
COMPUTED = frozenset({"IS_SENT_START", "OPENS_ITEM", "ENDS_LINE", "SIGN_BEFORE_ITEM"})
#: a list marker that opens a sentence: "3", "3.", "3)", "-", "*", "•" (a "." or ")" token may follow)
LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]?|[-*•])$")


class StringTest(BaseModel):
    """``{IN: [...]}``, ``{NOT_IN: [...]}`` or ``{REGEX: ...}`` on a string attribute (all given must hold)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    IN: list[str] | None = None
    NOT_IN: list[str] | None = None
    REGEX: Regex | None = None

    @model_validator(mode="after")
    def _one_given(self) -> StringTest:
        if self.IN is None and self.NOT_IN is None and self.REGEX is None:
            raise ValueError("give IN, NOT_IN or REGEX")
        return self


class IntTest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    IN: list[int] | None = None
    NOT_IN: list[int] | None = None


class TokenSpec(BaseModel):
    """One token of a pattern."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ORTH: str | StringTest | None = None
    TEXT: str | StringTest | None = None
    LOWER: str | StringTest | None = None
    NORM: str | StringTest | None = None
    LENGTH: int | IntTest | None = None
    IS_ALPHA: bool | None = Field(default=None, strict=True)
    IS_ASCII: bool | None = Field(default=None, strict=True)
    IS_DIGIT: bool | None = Field(default=None, strict=True)
    IS_LOWER: bool | None = Field(default=None, strict=True)
    IS_UPPER: bool | None = Field(default=None, strict=True)
    IS_TITLE: bool | None = Field(default=None, strict=True)
    IS_PUNCT: bool | None = Field(default=None, strict=True)
    IS_SPACE: bool | None = Field(default=None, strict=True)
    IS_STOP: bool | None = Field(default=None, strict=True)
    IS_BRACKET: bool | None = Field(default=None, strict=True)
    IS_QUOTE: bool | None = Field(default=None, strict=True)
    LIKE_NUM: bool | None = Field(default=None, strict=True)
    LIKE_URL: bool | None = Field(default=None, strict=True)
    LIKE_EMAIL: bool | None = Field(default=None, strict=True)
    IS_SENT_START: bool | None = Field(default=None, strict=True)
    OPENS_ITEM: bool | None = Field(default=None, strict=True)
    ENDS_LINE: bool | None = Field(default=None, strict=True)
    SIGN_BEFORE_ITEM: bool | None = Field(default=None, strict=True)
    OP: Literal["?", "*", "+"] | None = None

    def tests(self) -> dict[str, Any]:
        return {k: v for k, v in self if v is not None and k != "OP"}


TokenPattern = TypeAdapter(list[TokenSpec])


def validate_pattern(pattern: Sequence[dict[str, Any]]) -> list[TokenSpec]:
    """A pattern from a rule file as TokenSpecs (pydantic ValidationError when it is not one)."""
    specs = TokenPattern.validate_python(list(pattern))
    if not specs:
        raise ValueError("a pattern needs at least one token")
    if all(s.OP in ("?", "*") for s in specs):
        raise ValueError("every token is optional: the pattern could match nothing")
    return specs


def _has_bool(value: Any) -> bool:
    """Whether a pattern value (a string test, an IN/NOT_IN list) holds a boolean."""
    if isinstance(value, dict):
        return any(_has_bool(v) for v in value.values())
    if isinstance(value, list):
        return any(isinstance(v, bool) for v in value)
    return False


def pattern_error(exc: Exception) -> str:
    """The first problem :func:`validate_pattern` found, in one line."""
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        # YAML reads an unquoted on/off/yes/no/y/n as a boolean: say so, not "should be a valid string"
        flag = next((e for e in errors if isinstance(e.get("input"), bool) or _has_bool(e.get("input"))), None)
        err = flag or errors[0]
        where = ".".join(str(p) for p in err["loc"])
        if flag is not None:
            return f"token {where}: a boolean where a word belongs (quote YAML's on/off/yes/no/y/n)"[:200]
        return f"token {where}: {err['msg']}"[:200]
    return str(exc).strip().splitlines()[0][:200]


def phrase_tokens(nlp: Language, phrases: Sequence[str], attr: Literal["LOWER", "ORTH"]) -> list[list[str]]:
    """Phrases as the token strings a phrase matcher on ``attr`` compares (tokenized as in a note).

    Words of ASCII letters separated by single spaces are tokens as they stand unless the tokenizer
    has a special case for one (``cannot``, ``dont``): those phrases skip the tokenizer, which makes
    building the pipeline about a quarter of a second faster (tests/pipeline/test_matcher.py checks
    that every bundled phrase comes out as the tokenizer would give it)."""
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    specials = tokenizer.rules or {}
    out: list[list[str] | None] = []
    slow: list[int] = []
    for i, phrase in enumerate(phrases):
        words = phrase.split(" ")
        if all(w.isascii() and w.isalpha() and w not in specials for w in words):
            out.append([w.lower() for w in words] if attr == "LOWER" else words)
        else:
            out.append(None)
            slow.append(i)
    for i, doc in zip(slow, tokenizer.pipe([phrases[i] for i in slow]), strict=True):
        out[i] = [t.lower_ for t in doc] if attr == "LOWER" else [t.text for t in doc]
    return cast(list[list[str]], out)


# --- per-token tests --------------------------------------------------------------------------------

#: A test of one token, given the doc's token view and the token index; ``test.scan(view)`` gives
#: every position of a doc where it holds (for patterns that start with it).
Test = Callable[["TokenView", int], bool]

_ATTR_IDS: dict[str, int] = {
    name: getattr(attrs, name) for name in ("ORTH", "LOWER", "NORM", "LENGTH", *FLAG_ATTRS) if name not in COMPUTED
}
_ATTR_IDS["IS_SENT_START"] = attrs.SENT_START


class TokenView:
    """A doc's token attributes as Python lists of ints (string attributes as their hashes), read
    with ``Doc.to_array``: ORTH and LOWER at once, others on first use. Built once per doc."""

    __slots__ = ("__weakref__", "_cols", "_doc", "_sets", "_texts", "_where", "lower", "n", "orth", "strings")

    def __init__(self, doc: Doc) -> None:
        # a weak reference: the views are cached in a WeakKeyDictionary keyed by the doc
        self._doc = weakref.ref(doc)
        self.n = len(doc)
        self.strings = doc.vocab.strings
        both = doc.to_array([attrs.ORTH, attrs.LOWER])
        self.orth: list[int] = both[:, 0].tolist() if self.n else []
        self.lower: list[int] = both[:, 1].tolist() if self.n else []
        self._cols: dict[str, list[int]] = {"ORTH": self.orth, "TEXT": self.orth, "LOWER": self.lower}
        self._sets: dict[str, set[int]] = {}
        self._where: dict[str, dict[int, list[int]]] = {}
        self._texts: list[str] | None = None

    @classmethod
    def of(cls, doc: Doc) -> TokenView:
        """The view of a doc (the matchers of several components share it)."""
        view = _VIEWS.get(doc)
        if view is None or view.n != len(doc):
            view = _VIEWS[doc] = cls(doc)
        return view

    def positions(self, attr: str, keys: AbstractSet[int]) -> list[int]:
        """The token positions whose value of a column is one of ``keys``, value by value (not in
        order: every caller collects matches that are sorted afterwards). The column's positions
        by value (strings, lengths) are indexed on first use, so each call costs what it finds, not the
        doc's length."""
        distinct = self.distinct(attr)
        found = distinct & keys
        if not found:
            return []
        if len(distinct) <= 2:  # a flag: one pass finds its positions as fast as indexing them
            return [i for i, v in enumerate(self.col(attr)) if v in found]
        where = self._where.get(attr)
        if where is None:
            where = self._where[attr] = {}
            for i, v in enumerate(self.col(attr)):
                at = where.get(v)
                if at is None:
                    where[v] = [i]
                else:
                    at.append(i)
        if len(found) == 1:
            return where[next(iter(found))]
        return [i for v in found for i in where[v]]

    def distinct(self, attr: str) -> set[int]:
        """The distinct values of a column."""
        found = self._sets.get(attr)
        if found is None:
            found = self._sets[attr] = set(self.col(attr))
        return found

    def col(self, attr: str) -> list[int]:
        col = self._cols.get(attr)
        if col is None and attr in _OURS:
            col = self._cols[attr] = _OURS[attr](self)
        if col is None:
            doc = self._doc()
            assert doc is not None, "the doc of a TokenView is gone"
            array = doc.to_array(_ATTR_IDS[attr])
            if attr == "IS_SENT_START":  # 1 a sentence start, -1 not, 0 unset
                array = array == 1
            col = self._cols[attr] = array.astype("int64").tolist() if self.n else []
        return col

    def _opens_item(self) -> list[int]:
        """1 for a sentence's first token and for the first token after a list marker that opens a
        sentence (and the "." or ")" token after the marker)."""
        opens = list(self.col("IS_SENT_START"))
        orth, strings, n = self.orth, self.strings, self.n
        for i in [i for i, flag in enumerate(opens) if flag]:
            if not LIST_MARKER.match(strings[orth[i]]):
                continue
            j = i + 1
            if j < n and not opens[j] and strings[orth[j]] in (".", ")"):
                j += 1
            if j < n and not opens[j]:
                opens[j] = 1
        return opens

    def texts(self) -> list[str]:
        """The tokens' texts, read once for the flags that look at them."""
        if self._texts is None:
            strings = self.strings
            self._texts = [strings[o] for o in self.orth]
        return self._texts

    def _ends_line(self) -> list[int]:
        """1 for a token (not whitespace) that a line break or the end of the text follows."""
        n = self.n
        texts = self.texts()
        out = [0] * n
        for i, t in enumerate(texts):
            if t.isspace():
                continue
            j = i + 1
            while j < n and texts[j].isspace() and "\n" not in texts[j]:
                j += 1
            out[i] = int(j >= n or (texts[j].isspace() and "\n" in texts[j]))
        return out

    def _sign_before_item(self) -> list[int]:
        """1 for the "(" or "[" of each "(+)"/"(-)" ("[+]"/"[-]") sign on a line where no sign ends the line or comes
        right before a "," or ";" (which would make the signs answers after their items)."""
        n = self.n
        texts = self.texts()
        ends = self.col("ENDS_LINE")
        out = [0] * n
        signs: list[int] = []
        after = False  # a sign on this line answers the item before it
        bare: list[int] = []  # "-"/"+" opening the line or an item after "," or ";"
        opens = True  # the next token opens the line or an item
        for i, t in enumerate(texts):
            if t in ("(", "[") and i + 2 < n and texts[i + 1] in ("-", "+") and texts[i + 2] in (")", "]"):
                signs.append(i)
                after = after or ends[i + 2] == 1 or (i + 3 < n and texts[i + 3] in (",", ";"))
            if t in ("-", "+") and opens and not ends[i]:
                bare.append(i)
            if not t.isspace():
                opens = t in (",", ";")
            if ends[i]:
                if not after:
                    for k in signs:
                        out[k] = 1
                if len(bare) > 1 and any(texts[k] == "+" for k in bare):
                    for k in bare:
                        out[k] = 1
                signs, after, bare, opens = [], False, [], True
        return out


#: the flags the token view computes from the doc's tokens (beside spaCy's own)
_OURS: dict[str, Callable[[TokenView], list[int]]] = {
    "OPENS_ITEM": TokenView._opens_item,
    "ENDS_LINE": TokenView._ends_line,
    "SIGN_BEFORE_ITEM": TokenView._sign_before_item,
}

_VIEWS: weakref.WeakKeyDictionary[Doc, TokenView] = weakref.WeakKeyDictionary()


def string_id(s: str) -> int:
    """The hash spaCy stores for a string (what ``Doc.to_array`` gives for ORTH, LOWER, NORM)."""
    return cast(int, get_string_id(s))


def _value_test(col: str, check: Callable[[int], bool], allowed: frozenset[int] | None = None) -> Test:
    """A test of one column's value (a hash, a length or a flag); ``allowed``: the values it accepts,
    when they are a set (scanning then intersects it with the doc's distinct values first)."""
    test: Any
    if col == "LOWER":
        test = lambda view, i: check(view.lower[i])  # noqa: E731
    elif col == "ORTH":
        test = lambda view, i: check(view.orth[i])  # noqa: E731
    else:
        test = lambda view, i: check(view.col(col)[i])  # noqa: E731

    def scan(view: TokenView) -> list[int]:
        if allowed is not None:
            return view.positions(col, allowed)
        return [i for i, v in enumerate(view.col(col)) if check(v)]

    test.scan = scan
    # a set test on LOWER or ORTH: the matcher checks it inline (no call) in a pattern's leading steps
    test.lookup = (col == "LOWER", allowed) if allowed is not None and col in ("LOWER", "ORTH") else None
    return cast(Test, test)


class _RegexTest:
    """A regular expression on a string column, run once per distinct string in the process.

    The RuleMatcher that owns it calls :meth:`learn` with every string of a doc it has not seen
    before the doc is matched, so a test is a set lookup."""

    def __init__(self, col: str, regex: str) -> None:
        self.col = col
        self.pattern = regex
        self.search = re.compile(regex).search
        self.yes: set[int] = set()

    def learn(self, view: TokenView, new: set[int]) -> None:
        search, strings, yes = self.search, view.strings, self.yes
        for h in new:
            if search(strings[h]) is not None:
                yes.add(h)

    def __call__(self, view: TokenView, i: int) -> bool:
        return view.col(self.col)[i] in self.yes

    def scan(self, view: TokenView) -> list[int]:
        return view.positions(self.col, self.yes)


def any_of(patterns: Sequence[str]) -> Callable[[str], re.Match[str] | None] | None:
    """One search that finds something exactly when one of the patterns would (None when they
    cannot be joined: a backreference, a group name used twice, a flag that cannot be scoped)."""
    parts = []
    for pattern in patterns:
        if re.search(r"\\[1-9]|\(\?P=", pattern):
            return None
        head, body = split_global_flags(pattern)
        parts.append(f"(?{head[2:-1]}:{body})" if head else f"(?:{body})")
    try:
        return re.compile("|".join(parts)).search
    except re.error:
        return None


def _no_search(string: str) -> None:
    return None


Search = Callable[[str], "re.Match[str] | None"]


def _joined_searches(patterns: Sequence[str]) -> tuple[Search | None, Search]:
    """One search that finds something exactly when one of the patterns would (None when they cannot
    be joined), and one that does so for letters-only strings: the join of only those patterns that can
    match such a string (:func:`prescreen._regex.needs_non_letter`)."""
    search = any_of(patterns)
    letters = [p for p in patterns if not needs_non_letter(re.compile(p))]
    if search is None or len(letters) == len(patterns):
        return search, search or _no_search
    return search, (any_of(letters) or search) if letters else _no_search


def _regex_test(col: str, regex: str) -> Test:
    return cast(Test, _RegexTest(col, regex))


def compile_token(spec: TokenSpec) -> Test:
    tests: list[Test] = []
    for attr, value in spec.tests().items():
        col = "ORTH" if attr == "TEXT" else attr
        if attr in STRING_ATTRS:
            if isinstance(value, str):
                one = frozenset([string_id(value)])
                tests.append(_value_test(col, one.__contains__, one))
                continue
            if value.IN is not None or value.NOT_IN is not None:
                allowed = frozenset(map(string_id, value.IN)) if value.IN is not None else None
                excluded = frozenset(map(string_id, value.NOT_IN or ()))
                tests.append(
                    _value_test(col, _set_check(allowed, excluded), allowed - excluded if allowed is not None else None)
                )
            if value.REGEX is not None:
                tests.append(_regex_test(col, value.REGEX))
        elif attr == "LENGTH":
            if isinstance(value, int):
                tests.append(_value_test(col, value.__eq__))
            else:
                allowed = frozenset(value.IN) if value.IN is not None else None
                tests.append(_value_test(col, _set_check(allowed, frozenset(value.NOT_IN or ()))))
        else:
            # flag columns hold 0 and 1
            flag = frozenset([int(bool(value))])
            tests.append(_value_test(col, flag.__contains__, flag))
    test: Any
    if not tests:  # {}: any token
        test = lambda view, i: True  # noqa: E731
        test.scan = lambda view: list(range(view.n))
        return cast(Test, test)
    if len(tests) == 1:
        return tests[0]
    test = lambda view, i: all(t(view, i) for t in tests)  # noqa: E731
    test.scan = lambda view: sorted(set.intersection(*(set(t.scan(view)) for t in tests)))  # type: ignore[attr-defined]
    test.parts = tests
    return cast(Test, test)


def _set_check(allowed: frozenset[int] | None, excluded: frozenset[int]) -> Callable[[int], bool]:
    if allowed is not None and not excluded:
        return allowed.__contains__
    if allowed is None:
        return lambda v: v not in excluded
    return lambda v: v in allowed and v not in excluded


# --- patterns ----------------------------------------------------------------------------------------

Step = tuple[Test, str | None]
#: A pattern's leading required set tests on LOWER (True) or ORTH (False), checked inline, and the
#: steps after them.
Lookups = tuple[tuple[bool, frozenset[int]], ...]


class _Steps(list[Step]):
    """A pattern's steps after its lookups, with their gate: when the steps open with optional tokens
    (``?``) and then a required one, ``gate`` is ``(k, test, lookup)``: the required token's test (its
    set lookup, when it is one) must hold at one of the next ``k + 1`` positions for the steps to match
    at all, one cheap look before the set-based search. None otherwise."""

    gate: tuple[int, Test, tuple[bool, frozenset[int]] | None] | None = None


#: A pattern under its first token's value in the index: (rule, the first token's full test or None,
#: lookups, steps).
_Entry = tuple[int, Test | None, Lookups, _Steps]
#: The patterns of one first-token value: those without a second-token lookup, and those with one by
#: the second token's LOWER and ORTH value (their remaining lookups, from the third token on).
_FirstToken = tuple[list[_Entry], dict[int, list[_Entry]], dict[int, list[_Entry]]]


def _split_lookups(steps: list[Step]) -> tuple[Lookups, _Steps]:
    lookups: list[tuple[bool, frozenset[int]]] = []
    for test, op in steps:
        lookup = getattr(test, "lookup", None)
        if op is not None or lookup is None:
            break
        lookups.append(lookup)
    rest = _Steps(steps[len(lookups) :])
    for k, (test, op) in enumerate(rest):
        if op is None:
            rest.gate = (k, test, getattr(test, "lookup", None)) if k else None
            break
        if op != "?":
            break
    return tuple(lookups), rest


def required_first(specs: list[TokenSpec]) -> list[list[TokenSpec]]:
    """The pattern as variants that each start with a required token (the same matches)."""
    if not specs:
        return []
    first, rest = specs[0], specs[1:]
    if first.OP is None:
        return [specs]
    required = first.model_copy(update={"OP": None})
    if first.OP == "?":
        return [[required, *rest], *required_first(rest)]
    repeat = first.model_copy(update={"OP": "*"})
    with_it = [[required, repeat, *rest]]
    return with_it if first.OP == "+" else [*with_it, *required_first(rest)]


def _index_keys(spec: TokenSpec) -> tuple[str, list[int]] | None:
    """A column and the values a required first token must have there, when the spec pins them down
    (with other tests besides, the token must also pass those)."""
    for attr, value in spec.tests().items():
        if attr not in ("ORTH", "TEXT", "LOWER"):
            continue
        col = "LOWER" if attr == "LOWER" else "ORTH"
        if isinstance(value, str):
            return col, [string_id(value)]
        if value.IN is not None:
            return col, [string_id(v) for v in dict.fromkeys(value.IN)]
    return None


def _decided_by_index(spec: TokenSpec) -> bool:
    """Whether a token's only condition is a value or an IN list on ORTH, TEXT or LOWER."""
    tests = spec.tests()
    if len(tests) != 1:
        return False
    ((attr, value),) = tests.items()
    if attr not in ("ORTH", "TEXT", "LOWER"):
        return False
    return isinstance(value, str) or (value.IN is not None and value.NOT_IN is None and value.REGEX is None)


class _Trie:
    """Phrases as token sequences of one column (by hash); a node is [children, rule ids]."""

    def __init__(self, col: str) -> None:
        self.col = col
        self.root: list[Any] = [{}, []]
        self._keys: frozenset[int] | None = None  # the first tokens, built on first use

    def add(self, tokens: Sequence[str], rule: int) -> None:
        self._keys = None
        node = self.root
        for tok in tokens:
            node = node[0].setdefault(string_id(tok), [{}, []])
        if rule not in node[1]:
            node[1].append(rule)

    def __bool__(self) -> bool:
        return bool(self.root[0])

    def matches(self, view: TokenView, out: list[tuple[int, int, int]]) -> None:
        col = view.col(self.col)
        n = view.n
        root = self.root[0]
        if self._keys is None:
            self._keys = frozenset(root)
        for start in view.positions(self.col, self._keys):
            node = root.get(col[start])
            j = start + 1
            while node is not None:
                for rule in node[1]:
                    out.append((rule, start, j))
                if j >= n:
                    break
                node = node[0].get(col[j])
                j += 1


class RuleMatcher:
    """Phrases (matched on LOWER or ORTH) and token patterns, each added under a rule id (an int).

    ``__call__`` returns ``(rule, start, end)`` for every match, sorted by start, end and rule."""

    def __init__(self) -> None:
        self.lower = _Trie("LOWER")
        self.orth = _Trie("ORTH")
        # first-token index: column -> value -> the patterns that start with it
        self.index: dict[str, dict[int, list[_Entry]]] = {"LOWER": {}, "ORTH": {}}
        # per column, built on first use: the index's first tokens, and its patterns grouped by their
        # second token (``_group_by_second``)
        self._grouped: dict[str, tuple[frozenset[int], dict[int, _FirstToken]]] = {}
        # patterns whose first token is a test, not a value: first test -> [(rule, lookups, steps)]
        self.scanned: dict[Test, list[tuple[int, Lookups, _Steps]]] = {}
        self._tests: dict[str, Test] = {}
        # regex tests by column, and the strings (hashes) every one of them has learnt
        self._regex: dict[str, list[_RegexTest]] = {}
        self._known: dict[str, set[int]] = {}
        self._any: dict[str, tuple[Search | None, Search]] = {}  # each column's joined searches

    def add_phrase(self, rule: int, tokens: Sequence[str], attr: Literal["LOWER", "ORTH"]) -> None:
        if tokens:
            (self.lower if attr == "LOWER" else self.orth).add(tokens, rule)

    def add_pattern(self, rule: int, specs: list[TokenSpec]) -> None:
        for variant in self._optional_second_split(required_first(specs)):
            steps: list[Step] = []
            for spec in variant[1:]:
                if spec.OP == "+":  # one, then any number
                    steps += [(self._test(spec), None), (self._test(spec), "*")]
                else:
                    steps.append((self._test(spec), spec.OP))
            lookups, rest = _split_lookups(steps)
            keys = _index_keys(variant[0])
            if keys is None:
                self.scanned.setdefault(self._test(variant[0]), []).append((rule, lookups, rest))
                continue
            col, values = keys
            # a first token the index decides needs no test; one with more conditions is tested too
            check = None if _decided_by_index(variant[0]) else self._test(variant[0])
            for value in values:
                self.index[col].setdefault(value, []).append((rule, check, lookups, rest))
            self._grouped.pop(col, None)

    def _optional_second_split(self, variants: list[list[TokenSpec]]) -> list[list[TokenSpec]]:
        """Each variant whose second token is an optional set test ("no", {IN: [for, any]}?, ...) as
        two, without it and with it required (the same matches): then the token after the first is
        a required lookup in both, which rejects most candidates inline, where an optional one
        leaves every candidate to the gate in ``_ends``."""
        out: list[list[TokenSpec]] = []
        for variant in variants:
            second = variant[1] if len(variant) > 1 else None
            if second is None or second.OP != "?" or getattr(self._test(second), "lookup", None) is None:
                out.append(variant)
                continue
            required = second.model_copy(update={"OP": None})
            out += [[variant[0], *variant[2:]], [variant[0], required, *variant[2:]]]
        return out

    def _test(self, spec: TokenSpec) -> Test:
        # the same token spec in many patterns shares one test (and what its regex has learnt)
        key = spec.model_dump_json(exclude_none=True, exclude={"OP"})
        test = self._tests.get(key)
        if test is None:
            test = self._tests[key] = compile_token(spec)
            for part in getattr(test, "parts", [test]):
                if isinstance(part, _RegexTest):
                    self._regex.setdefault(part.col, []).append(part)
                    self._known[part.col] = set()  # a new test has learnt nothing yet
                    self._any.pop(part.col, None)
        return test

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        view = TokenView.of(doc)
        for col, regex_tests in self._regex.items():
            known = self._known[col]
            new = view.distinct(col) - known
            if new:
                # most new strings match none of the column's regexes: one joined search tells which
                # (for letters-only strings, most are plain words, one of the regexes that can match them)
                searches = self._any.get(col)
                if searches is None:
                    searches = self._any[col] = _joined_searches([t.pattern for t in regex_tests])
                search, letters_search = searches
                strings = view.strings
                if search is None:
                    hits = new
                else:
                    hits = set()
                    for h in new:
                        string = strings[h]
                        if (letters_search if string.isalpha() else search)(string) is not None:
                            hits.add(h)
                if hits:
                    for test in regex_tests:
                        test.learn(view, hits)
                known |= new
        out: list[tuple[int, int, int]] = []
        if self.lower:
            self.lower.matches(view, out)
        if self.orth:
            self.orth.matches(view, out)
        n, lower, orth = view.n, view.lower, view.orth
        for col, index in self.index.items():
            if not index:
                continue
            values = view.col(col)
            compiled = self._grouped.get(col)
            if compiled is None:
                compiled = self._grouped[col] = (frozenset(index), _group_by_second(index))
            keys, grouped = compiled
            for start in view.positions(col, keys):
                plain, by_lower, by_orth = grouped[values[start]]
                for rule, check, lookups, steps in plain:
                    if check is None or check(view, start):
                        for end in _ends(steps, view, start + 1, n, lookups):
                            out.append((rule, start, end))
                if start + 1 >= n:
                    continue
                # patterns whose second token is a set test: only those the next token is in
                for second in (by_lower.get(lower[start + 1]), by_orth.get(orth[start + 1])):
                    if second is None:
                        continue
                    for rule, check, lookups, steps in second:
                        if check is None or check(view, start):
                            for end in _ends(steps, view, start + 2, n, lookups):
                                out.append((rule, start, end))
        for first, scanned in self.scanned.items():
            for start in first.scan(view):  # type: ignore[attr-defined]
                for rule, lookups, steps in scanned:
                    for end in _ends(steps, view, start + 1, n, lookups):
                        out.append((rule, start, end))
        return sorted(set(out), key=_by_position)


def _group_by_second(index: dict[int, list[_Entry]]) -> dict[int, _FirstToken]:
    """The index with each value's patterns grouped by their second token's lookup: a note tries only
    the patterns its next token allows (most patterns of a common first word, "no" or "not", have
    one, and most candidates used to stop there, one by one)."""
    out: dict[int, _FirstToken] = {}
    for value, entries in index.items():
        plain: list[_Entry] = []
        by: tuple[dict[int, list[_Entry]], dict[int, list[_Entry]]] = ({}, {})
        for rule, check, lookups, steps in entries:
            if not lookups:
                plain.append((rule, check, lookups, steps))
                continue
            (is_lower, allowed), rest = lookups[0], lookups[1:]
            for second in allowed:
                by[0 if is_lower else 1].setdefault(second, []).append((rule, check, rest, steps))
        out[value] = (plain, by[0], by[1])
    return out


def _by_position(match: tuple[int, int, int]) -> tuple[int, int, int]:
    rule, start, end = match
    return start, end, rule


def _ends(steps: _Steps, view: TokenView, pos: int, n: int, lookups: Lookups = ()) -> Iterable[int]:
    """Every position the lookups and then the steps can reach from ``pos`` (spaCy's all-matches
    semantics)."""
    # leading set tests, inline; then required tokens up to the first operator move one position
    # (most candidates stop here)
    if lookups:
        lower, orth = view.lower, view.orth
        for is_lower, allowed in lookups:
            if pos >= n or (lower if is_lower else orth)[pos] not in allowed:
                return ()
            pos += 1
    gate = steps.gate
    if gate is not None:
        k, test, lookup = gate
        stop = min(n, pos + k + 1)
        j = pos
        if lookup is not None:  # a plain loop: a generator per candidate cost more than the test
            col = view.lower if lookup[0] else view.orth
            allowed = lookup[1]
            while j < stop and col[j] not in allowed:
                j += 1
        else:
            while j < stop and not test(view, j):
                j += 1
        if j >= stop:
            return ()
    k = 0
    for test, op in steps:
        if op is not None:
            break
        if pos >= n or not test(view, pos):
            return ()
        pos += 1
        k += 1
    if k == len(steps):
        return (pos,)
    current = {pos}
    for test, op in steps[k:]:
        if op is None:
            current = {i + 1 for i in current if i < n and test(view, i)}
        elif op == "?":
            current = current | {i + 1 for i in current if i < n and test(view, i)}
        else:  # "*" ("+" was compiled as a required token followed by "*")
            reached = set(current)
            frontier = current
            while frontier:
                frontier = {i + 1 for i in frontier if i < n and test(view, i)} - reached
                reached |= frontier
            current = reached
        if not current:
            break
    return current


__all__ = [
    "RuleMatcher",
    "TokenPattern",
    "TokenSpec",
    "TokenView",
    "compile_token",
    "phrase_tokens",
    "required_first",
    "validate_pattern",
]
