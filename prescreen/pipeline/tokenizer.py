"""Shortcuts for spaCy's tokenizer: letters-only chunks skip the affix and URL regexes that can
never match them, and the regexes' answers for other chunks are remembered.

spaCy's tokenizer splits text on whitespace and, for every chunk not in its cache, asks the prefix,
suffix and infix regexes and the URL matcher for a match (its ``_split_affixes`` and
``_attach_tokens``). Its cache rarely helps with notes: once a doc has used a special case, no later
chunk of that doc is cached (see :class:`_Shortcut`). Most chunks of a note are plain words ("pain",
"radiating"), and for the English defaults none of those regexes can match a string of letters alone:
every alternative needs a character that is not a letter (punctuation, a digit, a quote, a "." or a
":"), possibly in a lookbehind or lookahead. The suffix regex ends in ``$`` and is searched at every
position of the chunk, so asking it costs several microseconds a chunk.

:func:`needs_non_letter` proves that property for a regex from its parse tree (conservatively:
anything it cannot prove keeps the regex as it is), and :func:`shortcut` wraps each regex function
with a ``str.isalpha()`` test where it is proven and a memo of its answers. The tokens are exactly the
tokenizer's own (pinned by ``tests/pipeline/test_tokenizer.py`` against an unwrapped tokenizer).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy import util
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry

from prescreen._regex import needs_non_letter

#: results a shortcut remembers before it starts over (a few MB)
MEMO_SIZE = 50_000


class _Shortcut:
    """A tokenizer regex function (``pattern.search``, ``.match`` or ``.finditer``) that answers
    "no match" for letters-only strings without running the regex, when the regex provably cannot
    match them, and remembers its answer for every other string.

    spaCy's own tokenizer cache stops storing chunks for the rest of a doc once the doc has used a
    special case (spaCy issue #1250; most notes do early: "1.", "Dr.", "a.m."), so the same chunks
    ("5/5", "2+", "L4-5", "pain,") are split again and again. The tokenizer only reads the positions of
    a match, which are the same for equal strings, so remembered matches split them the same way.
    ``__self__`` is the pattern, as on the bound method it wraps, so that ``Tokenizer.to_bytes`` still
    serializes the regex."""

    __slots__ = ("__self__", "function", "many", "memo", "skip_letters")

    def __init__(self, function: Callable[[str], Any], skip_letters: bool, many: bool) -> None:
        self.__self__ = function.__self__  # type: ignore[attr-defined]
        self.function = function
        self.skip_letters = skip_letters
        self.many = many  # finditer: remembered as a tuple, answered as an iterator
        self.memo: dict[str, Any] = {}

    def __call__(self, string: str) -> Any:
        if self.skip_letters and string.isalpha():
            return iter(()) if self.many else None
        memo = self.memo
        if string in memo:
            found = memo[string]
        else:
            found = self.function(string)
            if self.many:
                found = tuple(found)
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[string] = found
        return iter(found) if self.many else found


def shortcut(name: str, function: Callable[[str], Any] | None) -> Callable[[str], Any] | None:
    """The tokenizer function ``name`` (``prefix_search``, ``suffix_search``, ``infix_finditer``,
    ``token_match``, ``url_match``) with its answers remembered, and letters-only strings skipped
    when its regex provably cannot match them (:func:`needs_non_letter`)."""
    pattern = getattr(function, "__self__", None)
    if function is None or isinstance(function, _Shortcut) or not isinstance(pattern, re.Pattern):
        return function
    return _Shortcut(function, skip_letters=needs_non_letter(pattern), many=name == "infix_finditer")


@registry.tokenizers("prescreen.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's default tokenizer (``spacy.Tokenizer.v1``: the language's exceptions, affixes and URL
    matcher), its regex functions wrapped by :func:`shortcut`. Built in one go:
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
        wrapped = {name: shortcut(name, function) for name, function in functions.items()}
        rules = dict(defaults.tokenizer_exceptions or {})
        plain = Tokenizer(nlp.vocab, rules={}, **wrapped)
        kept = {key: value for key, value in rules.items() if not _restates(plain, key, value)}
        return Tokenizer(nlp.vocab, rules=kept, **wrapped)

    return tokenizer_factory


def _restates(plain: Tokenizer, key: str, tokens: list[dict[int, Any]]) -> bool:
    """Whether a special case only restates what the tokenizer does anyway: one token, its own
    string, no attribute but ORTH, and the tokenizer without special cases (``plain``) leaves the
    string whole too. Such a case changes no token anywhere: a chunk or an affix-stripped rest equal
    to it is left whole without it, and no other special case is consulted on the way (that would
    take a split into a shorter rest, and then the string would not be left whole).

    Dropping these matters for speed: once a doc has used a special case, spaCy caches none of its
    later chunks (spaCy #1250), and the English tokenizer has special cases for "\\n", " " and "\\t",
    so no chunk after a note's first line break was ever cached."""
    if len(tokens) != 1 or tokens[0] != {ORTH: key}:
        return False
    return [t.text for t in plain(key)] == [key]


#: the ``nlp`` config block that selects this tokenizer
TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "prescreen.Tokenizer.v1"}}}

__all__ = ["MEMO_SIZE", "TOKENIZER_CONFIG", "create_tokenizer", "shortcut"]
