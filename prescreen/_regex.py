"""A regular expression with a first-character prefilter: the same matches, found faster.

Python's regex engine tries a pattern at every position of the text. For a pattern that opens with
a word boundary or a lookbehind and then a long alternation ("\\bleft\\b|\\bLLE\\b|..." or the
therapy names of the target rules), every try walks the whole alternation. When the characters a
match can start with are known, a leading lookahead on them (``(?=[...])``) lets the engine reject
other positions at once. ``first_chars`` reads them from the parsed pattern and gives up (returns
None) on anything it cannot bound: a pattern that can match the empty string, a negated class, ``.``,
``\\w``, a backreference. Adding a lookahead that every match already satisfies changes no match.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

_DIGITS = frozenset("0123456789")
_GLOBAL_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")


def split_global_flags(pattern: str) -> tuple[str, str]:
    """The pattern's leading global flags group ("(?i)", or "") and the rest of it."""
    lead = _GLOBAL_FLAGS.match(pattern)
    head = lead.group(0) if lead else ""
    return head, pattern[len(head) :]


def _chars(code: int, ignorecase: bool) -> set[str]:
    c = chr(code)
    return {c, c.lower(), c.upper(), c.swapcase()} if ignorecase else {c}


def _first(items: Any, ignorecase: bool) -> tuple[set[str] | None, bool]:
    """(the characters the sequence can start with, or None: unbounded; whether it can be empty)."""
    found: set[str] = set()
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero-width: look further
            continue
        if op is C.LITERAL:
            return found | _chars(av, ignorecase), False
        if op is C.IN:
            chars: set[str] = set()
            for item_op, item_av in av:
                if item_op is C.LITERAL:
                    chars |= _chars(item_av, ignorecase)
                elif item_op is C.RANGE and item_av[1] - item_av[0] < 128:
                    for code in range(item_av[0], item_av[1] + 1):
                        chars |= _chars(code, ignorecase)
                elif item_op is C.CATEGORY and item_av is C.CATEGORY_DIGIT:
                    chars |= _DIGITS
                else:  # negation, \w, \s, wide ranges
                    return None, False
            return found | chars, False
        if op is C.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            sub_ignorecase = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            chars_or_none, nullable = _first(sub, sub_ignorecase)
        elif op is C.BRANCH:
            chars_or_none, nullable = set(), False
            for alternative in av[1]:
                alt_chars, alt_nullable = _first(alternative, ignorecase)
                if alt_chars is None:
                    return None, False
                chars_or_none |= alt_chars
                nullable = nullable or alt_nullable
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            low, _, sub = av
            chars_or_none, nullable = _first(sub, ignorecase)
            nullable = nullable or low == 0
        elif op is getattr(C, "ATOMIC_GROUP", None):
            chars_or_none, nullable = _first(av, ignorecase)
        else:  # ANY, NOT_LITERAL, GROUPREF, CATEGORY outside a class, ...
            return None, False
        if chars_or_none is None:
            return None, False
        found |= chars_or_none
        if not nullable:
            return found, False
    return found, True


def first_chars(pattern: re.Pattern[str]) -> set[str] | None:
    """The characters every match of the pattern starts with, when they can be bounded."""
    try:
        parsed = P.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return None
    ignorecase = bool(parsed.state.flags & re.IGNORECASE)
    chars, nullable = _first(parsed, ignorecase)
    if chars is None or nullable or not chars:
        return None
    return chars


_Gate = tuple[str, ...]


def _best(options: list[_Gate]) -> _Gate | None:
    """The most selective of several gates: strings of three characters or more, then the fewest
    strings, then the longest shortest string."""
    if not options:
        return None

    def selectivity(gate: _Gate) -> tuple[int, int, int]:
        shortest = min(len(s) for s in gate)
        return min(3, shortest), -len(gate), shortest

    return max(options, key=selectivity)


def _required(items: Any) -> _Gate | None:
    """Lowercase ASCII strings one of which every match of the parsed sequence contains (None: no
    such strings found). A run of literals (zero-width assertions do not break it) is one; so is
    what a group, a branch (every alternative must have its own) or a repeat of at least once needs."""
    options: list[_Gate] = []
    run: list[str] = []

    def close_run() -> None:
        text = "".join(run)
        if len(text) >= 2:
            options.append((text,))
        run.clear()

    for op, av in items:
        if op is C.LITERAL and chr(av).isascii():
            run.append(chr(av).lower())
            continue
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero-width: the literals around it are adjacent
            continue
        close_run()
        sub: _Gate | None = None
        if op is C.SUBPATTERN:
            sub = _required(av[3])
        elif op is C.BRANCH:
            alternatives = [_required(alternative) for alternative in av[1]]
            if all(a is not None for a in alternatives):
                sub = tuple(dict.fromkeys(s for a in alternatives if a is not None for s in a))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            sub = _required(av[2])
        elif op is getattr(C, "ATOMIC_GROUP", None):
            sub = _required(av)
        if sub:
            options.append(sub)
    close_run()
    return _best(options)


@lru_cache(maxsize=4096)
def literal_gate(pattern: re.Pattern[str]) -> _Gate | None:
    """Lowercase strings one of which every match contains (ASCII, two characters or more), read
    from the parsed pattern: literal runs, and branches whose every alternative has its own; None
    when none can be found.

    For an ASCII text, ``not any(s in text.lower() for s in gate)`` proves the pattern cannot match
    (Python's case-insensitive matching lets an ASCII letter match some non-ASCII characters, such as
    the dotless i, so a non-ASCII text must be searched). Case-sensitive parts are lowered too: a
    text holding them holds their lowercase once lowered."""
    try:
        parsed = P.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return None
    return _required(list(parsed))


@lru_cache(maxsize=512)
def _ascii_lower(text: str) -> str | None:
    """The text lowercased, or None when it is not ASCII (cached: a sentence meets many gates)."""
    return text.lower() if text.isascii() else None


def cannot_match(pattern: re.Pattern[str], text: str) -> bool:
    """True when the pattern's literal gate proves it has no match in ``text``."""
    gate = literal_gate(pattern)
    if gate is None:
        return False
    lowered = _ascii_lower(text)
    if lowered is None:
        return False
    for s in gate:  # noqa: SIM110 (a plain loop: no generator per call, this runs per sentence and regex)
        if s in lowered:
            return False
    return True


@lru_cache(maxsize=4096)
def prefiltered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern with a lookahead on its first characters (the pattern itself when they cannot be
    bounded). The groups are the same, so matches read the same."""
    chars = first_chars(pattern)
    if chars is None or not isinstance(pattern.pattern, str):
        return pattern
    head, body = split_global_flags(pattern.pattern)
    charset = "".join(sorted(re.escape(c) for c in chars))
    try:
        return re.compile(f"{head}(?=[{charset}]){body}", pattern.flags)
    except re.error:
        return pattern


_CATEGORIES_WITHOUT_LETTERS = {C.CATEGORY_DIGIT, C.CATEGORY_SPACE, C.CATEGORY_LINEBREAK}
_MAX_RANGE = 0x10FFFF


@lru_cache(maxsize=4096)
def _range_has_letter(lo: int, hi: int) -> bool:
    return any(chr(c).isalpha() for c in range(lo, min(hi, _MAX_RANGE) + 1))


def _set_has_letter(items: list[tuple[Any, Any]]) -> bool:
    """Whether a character set (``[...]``) can match a letter; True when it cannot be told."""
    for op, av in items:
        if op is C.LITERAL:
            if chr(av).isalpha():
                return True
        elif op is C.RANGE:
            if _range_has_letter(av[0], av[1]):
                return True
        elif op is C.CATEGORY:
            if av not in _CATEGORIES_WITHOUT_LETTERS:
                return True
        else:  # NEGATE, RANGE_UNI_IGNORE, ...: cannot tell
            return True
    return False


def _needs(items: Any) -> bool:
    """Whether every match of a parsed sequence contains a character that is not a letter."""
    return any(_item_needs(op, av) for op, av in items)


def _item_needs(op: Any, av: Any) -> bool:
    if op is C.LITERAL:
        return not chr(av).isalpha()
    if op is C.IN:
        return not _set_has_letter(av)
    if op is C.BRANCH:
        return all(_needs(alternative) for alternative in av[1])
    if op is C.SUBPATTERN:
        return _needs(av[3])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, body = av
        return bool(low >= 1 and _needs(body))
    if op is C.ATOMIC_GROUP:
        return _needs(av)
    if op is C.ASSERT:  # a lookahead or lookbehind reads characters of the same string
        _direction, body = av
        return _needs(body)
    return False  # AT, ASSERT_NOT, ANY, NOT_LITERAL, GROUPREF, ...: proves nothing


def needs_non_letter(pattern: re.Pattern[str]) -> bool:
    """True when the regex provably cannot match inside a string of letters only (``str.isalpha``).

    A literal or character set that admits no letter, a branch whose every alternative needs one, a
    repeat of at least once, a group, or a lookaround (it reads characters of the same string) needs a
    non-letter; anything else proves nothing. Under IGNORECASE a non-letter only matches non-letters
    (case folding maps letters to letters), so the flag does not change the answer."""
    if not isinstance(pattern.pattern, str):
        return False
    try:
        parsed = P.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return False
    return _needs(list(parsed))


def trie_alternation(words: set[str] | list[str]) -> str:
    """A regex source matching exactly the words, the longest that fits where several do, as a trie
    ("p(?:t|hysical\\ therapy)") rather than a flat alternation ("physical therapy|pt"): Python's
    engine then reads each character once per position instead of once per word. At any node only
    one branch can match the next character, so trying the longer continuations before the end of a
    word is the longest-first order of a flat alternation sorted by length."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        body = "|".join(branches)
        return f"(?:{body})?" if ends else f"(?:{body})"

    return build(trie)


def top_level_alternatives(pattern: str) -> list[str]:
    """The pattern's top-level alternatives as pattern strings, each with the pattern's leading
    global flags (``(?i)``), looking inside one non-capturing group around the whole pattern; the
    pattern itself when it has one alternative or cannot be split."""
    head, body = split_global_flags(pattern)
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    first_close = -1  # where the first top-level group closes
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if body[i + 1 : i + 2] == "^":
                i += 1
            if body[i + 1 : i + 2] == "]":  # a "]" first in a class is a literal
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0 and first_close < 0:
                first_close = i
        elif c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    if depth != 0 or in_class:
        return [pattern]
    if len(parts) == 1:
        # one non-capturing group around the whole pattern: its alternatives are the pattern's
        if body.startswith("(?:") and first_close == len(body) - 1:
            inner = top_level_alternatives(head + body[3:-1])
            if len(inner) > 1:
                return inner
        return [pattern]
    return [head + part for part in parts]


class AnyAlternative:
    """A search that tells whether a pattern has a match anywhere in a text, faster than the pattern
    for a long alternation searched in long texts: each top-level alternative is searched on its own,
    with its literal gate (:func:`cannot_match`) and first-character prefilter (:func:`prefiltered`),
    so that an alternative with lookbehinds before its words ("(?<!no )(?:mri|device)...") runs only
    on texts holding its literals. ``search`` returns the first alternative's match, which is not
    necessarily the leftmost match of the whole pattern: use it only for whether there is one."""

    __slots__ = ("alternatives",)

    def __init__(self, pattern: str) -> None:
        try:
            parts = [re.compile(part) for part in top_level_alternatives(pattern)]
        except re.error:  # a backreference to another alternative's group: kept whole
            parts = [re.compile(pattern)]
        self.alternatives = [prefiltered(part) for part in parts]

    def search(self, text: str) -> re.Match[str] | None:
        for alternative in self.alternatives:
            if cannot_match(alternative, text):
                continue
            found = alternative.search(text)
            if found is not None:
                return found
        return None


__all__ = [
    "AnyAlternative",
    "cannot_match",
    "first_chars",
    "literal_gate",
    "needs_non_letter",
    "prefiltered",
    "split_global_flags",
    "top_level_alternatives",
    "trie_alternation",
]
