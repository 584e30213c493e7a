"""Word and punctuation tokens with their character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Entries of the caches of per-sentence results: sentences with their quotes blanked recur (`«…», sagte er.`).
SENTENCE_CACHE = 8192

# Possessive quantifiers: a token never gives back what it matched, so the engine has nothing to backtrack into.
# An initial keeps its full stop when a name goes on after it ("George W. Bush": one name, not `George W` and a
# sentence's end); a colon between digits is part of a time or a score ("11:40", "2:1"), no clause boundary.
_TOKEN_PATTERN = r"""
    [A-ZÄÖÜ]\.(?=\s++[A-ZÄÖÜ][a-zäöüß])   # an initial before a capitalised word
    | \w++(?:[-'’.]\w++|(?<=\d):\d++)*+-?+  # a word, with inner hyphens, apostrophes or dots ("SRF-Auslandredaktorin",
                                            # "10'000"), or a time ("11:40")
    | [^\w\s]                               # one punctuation character
"""
_TOKEN = re.compile(_TOKEN_PATTERN, re.VERBOSE)
# A token with the whitespace before it: only whitespace separates tokens, so offsets follow from the lengths,
# and `findall` is much cheaper than match objects.
_GAP_AND_TOKEN = re.compile(rf"(\s*+)({_TOKEN_PATTERN})", re.VERBOSE)


@dataclass(slots=True, init=False)
class Token:
    """One token; not frozen, which makes creating millions of them markedly cheaper."""

    text: str
    start: int
    end: int
    low: str  # the case-folded text
    is_word: bool  # a word or number, not punctuation

    # Written out: compiled, the `__init__` that `dataclass` generates stays interpreted, and it runs per token.
    def __init__(self, text: str, start: int, end: int, low: str, is_word: bool) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.low = low
        self.is_word = is_word

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_lower(self) -> bool:
        return self.text[0].islower()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of `text[start:end]`, offsets relative to `text`."""
    stop = len(text) if end is None else end
    out: list[Token] = []
    append = out.append
    at = start
    for gap, word in _GAP_AND_TOKEN.findall(text, start, stop):
        first = at + len(gap)
        at = first + len(word)
        append(Token(word, first, at, word.casefold(), word[0].isalnum()))
    return out


def count_words(text: str, start: int, end: int) -> int:
    """How many word tokens `text[start:end]` has."""
    return sum(1 for w in _TOKEN.findall(text, start, end) if w[0].isalnum())


@lru_cache(maxsize=8192)
def phrase_tokens(text: str) -> tuple[Token, ...]:
    """The tokens of a short phrase such as a speaker name, cached (tokens are never modified)."""
    return tuple(tokenize(text))


@lru_cache(maxsize=64)
def sentence_tokens(sentence: str) -> list[Token]:
    """The tokens of one sentence, offsets relative to it, cached for the analyses of the same sentence (only a
    few: many live tokens slow down the garbage collector). The list is shared and must not be modified."""
    return tokenize(sentence)
