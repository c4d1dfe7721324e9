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


def _literal_prefix(items: Any) -> str:
    """The literal characters an alternative starts with (after zero-width assertions), lowercased."""
    out: list[str] = []
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT) and not out:
            continue
        if op is C.LITERAL:
            out.append(chr(av).lower())
            continue
        if op is C.SUBPATTERN and av[0] is None and not out:  # a non-capturing group of one alternative
            inner = av[3]
            if not any(o is C.BRANCH for o, _ in inner):
                out.append(_literal_prefix(inner))
        break
    return "".join(out)


@lru_cache(maxsize=4096)
def literal_gate(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lowercase strings one of which every match contains, from each top-level alternative's
    literal start (ASCII, two characters or more); None when some alternative has none.

    For an ASCII text, ``not any(s in text.lower() for s in gate)`` proves the pattern cannot match
    (Python's case-insensitive matching lets an ASCII letter match some non-ASCII characters, such as
    the dotless i, so a non-ASCII text must be searched)."""
    try:
        parsed = P.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return None
    items = list(parsed)
    while len(items) == 1 and items[0][0] is C.SUBPATTERN and items[0][1][0] is None:
        items = list(items[0][1][3])
    alternatives = items[0][1][1] if len(items) == 1 and items[0][0] is C.BRANCH else [items]
    gate: list[str] = []
    for alternative in alternatives:
        prefix = _literal_prefix(alternative)
        if len(prefix) < 2 or not prefix.isascii():
            return None
        gate.append(prefix)
    return tuple(dict.fromkeys(gate))


def cannot_match(pattern: re.Pattern[str], text: str) -> bool:
    """True when the pattern's literal gate proves it has no match in ``text``."""
    gate = literal_gate(pattern)
    if gate is None or not text.isascii():
        return False
    lowered = text.lower()
    return not any(s in lowered for s in gate)


@lru_cache(maxsize=4096)
def prefiltered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern with a lookahead on its first characters (the pattern itself when they cannot be
    bounded). The groups are the same, so matches read the same."""
    chars = first_chars(pattern)
    if chars is None or not isinstance(pattern.pattern, str):
        return pattern
    body = pattern.pattern
    lead = _GLOBAL_FLAGS.match(body)
    head = lead.group(0) if lead else ""
    charset = "".join(sorted(re.escape(c) for c in chars))
    try:
        return re.compile(f"{head}(?=[{charset}]){body[len(head) :]}", pattern.flags)
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


__all__ = ["cannot_match", "first_chars", "literal_gate", "needs_non_letter", "prefiltered"]
