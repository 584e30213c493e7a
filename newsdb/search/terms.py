"""Index terms: words, Snowball German stems and stop words, as both backends' full-text search sees them.

PostgreSQL stems by itself (the `german` configuration); for SQLite, newsdb computes the terms
(`newsdb.search.sqlite_index` writes them). Both use the Snowball German stemmer and the same stop word list,
so `Festnahme` finds `Festnahmen` on either. Stop words become the placeholder token `_`, which keeps word
positions (and so phrases such as `"Demonstrationen in Almaty"`) the same as on PostgreSQL.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib.resources import files
from operator import itemgetter
from typing import TypeVar

import snowballstemmer  # type: ignore[import-untyped,unused-ignore]

from newsdb.document import READER_WORD

# A word: letters and digits. `Ex-Sowjetrepublik` and `10'000` are two words each, as for PostgreSQL.
WORD = re.compile(r"[^\W_]+")
STOP_PLACEHOLDER = "_"
# With PyStemmer installed (a dependency), snowballstemmer hands out its C stemmer: the same stems, and stemming the
# words of an archive not seen before is no longer most of the time indexing takes.
_STEMMER = snowballstemmer.stemmer("german")


def _load_stop_words() -> frozenset[str]:
    data = files("newsdb").joinpath("data", "german_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in data.splitlines() if line.strip() and not line.startswith("#"))


STOP_WORDS = _load_stop_words()


def words(text: str) -> list[str]:
    """The lower-cased words of `text`, in order."""
    return WORD.findall(unicodedata.normalize("NFC", text).lower())


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS


@lru_cache(maxsize=262_144)
def stem(word: str) -> str:
    """The Snowball German stem of a lower-cased word."""
    result: str = _STEMMER.stemWord(word)
    return result


# Endings where a final -s is part of the word, never a plural: Haus, Häuser not *Hau; Kreis; Mais; Zeus; Fluss.
_NOT_PLURAL_S = ("ss", "aus", "äus", "eus", "eis", "ais")


def plural_variants(word: str) -> tuple[str, ...]:
    """`word` and its `-s` plural or singular, for searching (Snowball German does not stem these plurals).

    A word not ending in `s` also stands for itself plus `s` (`kita` → `kitas`); a word of four or more
    letters ending in `s` also stands for itself without it (`autos` → `auto`, `suvs` → `suv`), except after
    `ss` and the diphthongs in `_NOT_PLURAL_S` (so `Gas`, `Bus` and `Haus` stay whole, and `Hau` does not
    find `Haus`). A variant that is a stop word or has the word's own stem is left out, so most words have no
    variant at all.
    """
    plural = word if word.endswith("s") else word + "s"
    if len(plural) < 4 or plural.endswith(_NOT_PLURAL_S):
        return (word,)  # the same test both ways, so `Hau` does not find `Haus` either
    other = plural[:-1] if word is plural else plural
    if other in STOP_WORDS or stem(other) == stem(word):
        return (word,)
    return (word, other)


class _Tokens(dict[str, str]):
    """The index tokens of every reader's word seen so far (`document.READER_WORD`), space-separated.

    A word's token is its stem, or the placeholder for a stop word; a joined word has one per part
    (`SRF-Auslandredaktorin` → `srf auslandredaktorin`). Looking a word up here costs no Python call once it
    has been seen, which is most words of most articles.
    """

    def __missing__(self, word: str) -> str:
        token = " ".join([STOP_PLACEHOLDER if w in STOP_WORDS else stem(w) for w in WORD.findall(word.lower())])
        return _kept(self, word, token, _TOKENS_KEPT)


Value = TypeVar("Value")


def _kept(cache: dict[str, Value], key: str, value: Value, most: int) -> Value:
    """`value`, kept in `cache` under `key` (emptied when it holds `most`) unless `key` is longer than
    `_LONGEST_KEPT`."""
    if len(key) <= _LONGEST_KEPT:
        if len(cache) >= most:
            cache.clear()
        cache[key] = value
    return value


# Longer words and pieces are read each time rather than kept: text with long runs without white space (a hostile
# file, a pasted table) would otherwise fill the caches with megabytes each.
_LONGEST_KEPT = 64
_TOKENS_KEPT, _PIECES_KEPT = 262_144, 65_536
_TOKENS = _Tokens()


def index_text(text: str | None) -> str:
    """Stems of `text`, space-separated; stop words become the placeholder `_`."""
    return counted_index_text(text)[0]


class _Pieces(dict[str, tuple[str, int]]):
    """The index tokens and the number of reader's words of every piece of text between white space seen so far
    (`Enttäuschung».` → `enttausch`, 1).

    No word contains white space, so the words of a text are the words of its pieces, in order. Splitting at white
    space is a scan in C, and most pieces of news text recur: the word pattern then runs only on new pieces, which
    halves the time of indexing quote-dense articles.
    """

    def __missing__(self, piece: str) -> tuple[str, int]:
        found = READER_WORD.findall(piece)
        # a word of underscores only has no token: drop it rather than leave a double space
        return _kept(self, piece, (" ".join(filter(None, map(_TOKENS.__getitem__, found))), len(found)), _PIECES_KEPT)


_PIECES = _Pieces()
_TOKENS_OF, _WORDS_OF = itemgetter(0), itemgetter(1)


def counted_index_text(text: str | None) -> tuple[str, int]:
    """`index_text(text)` and `document.count_words(text)`, from one scan of the text."""
    if not text:
        return "", 0
    pieces = list(map(_PIECES.__getitem__, unicodedata.normalize("NFC", text).split()))
    tokens: str = " ".join(filter(None, map(_TOKENS_OF, pieces)))
    count: int = sum(map(_WORDS_OF, pieces))
    return tokens, count


def index_terms(title: str | None, lede: str, body: str) -> tuple[str, str, str]:
    """The FTS5 column values (title, lede, body) of one article."""
    return index_text(title), index_text(lede), index_text(body)
