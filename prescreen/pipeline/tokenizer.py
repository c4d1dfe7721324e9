"""A shortcut for spaCy's tokenizer: letters-only chunks skip the affix and URL regexes that can
never match them.

spaCy's tokenizer splits text on whitespace and, for every chunk not in its cache, asks the prefix,
suffix and infix regexes and the URL matcher for a match (its ``_split_affixes`` and
``_attach_tokens``). Most chunks of a note are plain words ("pain", "radiating"), and for the English
defaults none of those regexes can match a string of letters alone: every alternative needs a
character that is not a letter (punctuation, a digit, a quote, a "." or a ":"), possibly in a
lookbehind or lookahead. The suffix regex ends in ``$`` and is searched at every position of the chunk,
so asking it costs several microseconds a chunk.

:func:`skip_letters_only` proves that property for each of a tokenizer's regexes from the regex itself
(:func:`needs_non_letter`, a conservative reading of its parse tree: anything it cannot prove keeps the
regex as it is) and wraps only the proven ones with a ``str.isalpha()`` test. The tokens are exactly
the tokenizer's own (pinned by ``tests/pipeline/test_tokenizer.py`` against an unwrapped tokenizer).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

from spacy import util
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry

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


class _LettersSkipped:
    """A tokenizer regex function (``pattern.search``, ``.match``, ``.finditer``) that answers "no
    match" for letters-only strings without running the regex. ``__self__`` is the pattern, as on the
    bound method it wraps, so that ``Tokenizer.to_bytes`` still serializes the regex."""

    __slots__ = ("__self__", "function", "none")

    def __init__(self, function: Callable[[str], Any], none: Callable[[], Any]) -> None:
        self.__self__ = function.__self__  # type: ignore[attr-defined]
        self.function = function
        self.none = none

    def __call__(self, string: str) -> Any:
        if string.isalpha():
            return self.none()
        return self.function(string)


def _no_match() -> None:
    return None


def _no_matches() -> Iterator[re.Match[str]]:
    return iter(())


_NONE = {"infix_finditer": _no_matches}


def skip_letters_only(name: str, function: Callable[[str], Any] | None) -> Callable[[str], Any] | None:
    """The tokenizer function ``name`` (``prefix_search``, ``suffix_search``, ``infix_finditer``,
    ``token_match``, ``url_match``), wrapped when its regex provably cannot match a letters-only chunk."""
    pattern = getattr(function, "__self__", None)
    if function is None or isinstance(function, _LettersSkipped) or not isinstance(pattern, re.Pattern):
        return function
    if not needs_non_letter(pattern):
        return function
    return _LettersSkipped(function, _NONE.get(name, _no_match))


@registry.tokenizers("prescreen.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's default tokenizer (``spacy.Tokenizer.v1``: the language's exceptions, affixes and URL
    matcher), with letters-only chunks skipping the regexes that cannot match them. Built in one go:
    setting a tokenizer's regex afterwards reloads all its special cases (about 0.3 s each)."""

    def tokenizer_factory(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        functions = {
            "prefix_search": util.compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
            "suffix_search": util.compile_suffix_regex(defaults.suffixes).search if defaults.suffixes else None,
            "infix_finditer": util.compile_infix_regex(defaults.infixes).finditer if defaults.infixes else None,
            "token_match": defaults.token_match,
            "url_match": defaults.url_match,
        }
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            **{name: skip_letters_only(name, function) for name, function in functions.items()},
        )

    return tokenizer_factory


#: the ``nlp`` config block that selects this tokenizer
TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "prescreen.Tokenizer.v1"}}}

__all__ = ["TOKENIZER_CONFIG", "create_tokenizer", "needs_non_letter", "skip_letters_only"]
