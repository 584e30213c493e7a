"""A compact German sentence splitter that keeps abbreviations, ordinals, numbers and quotes intact."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdb.extract import lexicon

# A candidate boundary: final punctuation, optional closing marks or brackets, then whitespace (or none between a
# lower-case word and a capitalised one).
_BOUNDARY = re.compile(
    r"""
    (?P<punct>[.!?…](?:(?<=…)|(?<=[.!?])[.!?]*+))  # `…` or a run of .!? (one leading class: a fast scan)
    (?P<close>[»«“”"’‘›‹)\]]*+)                     # closing quotation marks or brackets
    (?P<space>\s++                                  # the gap to the next sentence, or none where a full stop
      |(?<=[a-zäöüß]{3}[.!?])(?=[A-ZÄÖÜ][a-zäöüß]))   # joins two words (`Abend.Danach`: a lost space)
    """,
    re.VERBOSE,
)
# The word before a full stop, matched on the reversed text before it: trailing non-word characters, then
# words joined by dots ("z.B").
_WORD_BEFORE_REVERSED = re.compile(r"\W*(\w+(?:\.\w+)*)")
MONTHS = lexicon.words("months")


_ABBREVIATIONS = lexicon.words("abbreviations")
_SENTENCE_OPENERS = lexicon.words("sentence_openers")
_NEXT_WORD = re.compile(r"\w+")
_TWO_PART = frozenset(line.casefold() for line in lexicon.lines("two_part_abbreviations"))
# More letters than the longest abbreviation before a full stop: an ordinary word (most sentence ends).
_BEYOND_ABBREVIATION = max(map(len, _ABBREVIATIONS)) + 1


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the full stop at `end` closes an abbreviation, an initial or an ordinal number."""
    if end >= _BEYOND_ABBREVIATION and text[end - _BEYOND_ABBREVIATION : end].isalpha():
        return False
    m = _WORD_BEFORE_REVERSED.match(text[max(0, end - 30) : end][::-1])
    if m is None:
        return False
    word = m.group(1)[::-1]
    if len(word) == 1 and word.isalpha():
        return True  # an initial ("J. Smith") or a part of "z. B." (`split` ends a sentence at "B. Die")
    if word.isdigit():
        return len(word) <= 2  # "3. Januar"; a four-digit year may end a sentence
    if word.casefold() in _ABBREVIATIONS:
        return True
    return text[max(0, end - 4) : end].casefold() in _TWO_PART


def split(text: str, protected: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Sentence spans `(start, end)` of `text`; no boundary falls inside a `protected` span."""
    spans: list[tuple[int, int]] = []
    start = 0
    size = len(text)
    guarded = _merged(protected)
    at = 0  # the first guarded span not ending before the current cut (cuts only grow)
    for m in _BOUNDARY.finditer(text):
        nxt = m.end()
        if nxt >= size:
            break
        follower = text[nxt]
        if not (follower.isupper() or follower.isdigit() or follower in '«»„“"‹›‚(['):
            continue
        if follower not in '«»„“"' and _closes_abbreviation(text, m):
            continue
        cut = m.start("space")
        while at < len(guarded) and guarded[at][1] <= cut:
            at += 1
        if at < len(guarded) and guarded[at][0] < cut:
            continue  # inside a protected span
        if text[m.start() - 1].isdigit() and text[nxt : nxt + 12].split(" ", 1)[0].casefold().strip(".,") in MONTHS:
            continue
        spans.append((start, cut))
        start = nxt
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def _merged(protected: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The `protected` spans sorted, overlapping ones joined: a cut is strictly inside one of them exactly when it
    is strictly inside one of the results (spans that only touch stay apart, their shared end is no inside)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(protected):
        if b - a < 2:
            continue  # no offset strictly inside
        if out and a < out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _closes_abbreviation(text: str, m: re.Match[str]) -> bool:
    """Whether the boundary `m` is a bare full stop after an abbreviation (not after a year)."""
    at = m.start()
    if m.group("punct") != "." or m.group("close") or text[at - 4 : at].isdigit():
        return False
    if not _is_abbreviation(text, at):
        return False
    return not (_lone_capital(text, at) and _opens_sentence(text, m.end()))


def _lone_capital(text: str, at: int) -> bool:
    """Whether `text[at - 1]` is a capital letter standing alone (`Abschnitt B`), not the end of `z. B`."""
    if at < 1 or not text[at - 1].isupper() or (at >= 2 and text[at - 2].isalnum()):
        return False
    return text[max(0, at - 4) : at].casefold() not in _TWO_PART


def _opens_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` opens a sentence and never goes on with a name (`Die`, `Er`)."""
    m = _NEXT_WORD.match(text, at)
    return m is not None and m.group().casefold() in _SENTENCE_OPENERS
