"""Highlighted snippets computed in Python (SQLite), shaped like PostgreSQL's `ts_headline`.

SQLite's `snippet()` would show the indexed stems, not the article's words, so the snippet is cut from the
original text: the window of `SNIPPET_WORDS` words holding the most distinct query stems, each matching word
wrapped in `MARK_START` ... `MARK_END`.
"""

from __future__ import annotations

from collections import Counter

from newsdb.search import terms

MARK_START = "["
MARK_END = "]"
SNIPPET_WORDS = 30
ELLIPSIS = "…"


def make_snippet(text: str, stems: frozenset[str], size: int = SNIPPET_WORDS) -> str:
    """The best window of `size` words of `text`, words whose stem is in `stems` marked."""
    # A Snowball German stem starts with the word's first letter (umlauts and ß folded): only words whose first
    # letter starts a query stem can match, so only those are stemmed.
    initials = frozenset(s[:1] for s in stems)
    spans = [
        (m.start(), m.end(), _stem_of(word) if _initial(word) in initials else "")
        for m in terms.WORD.finditer(text)
        for word in (m.group(),)
    ]
    if not spans:
        return ""
    first = _best_window(spans, stems, size)
    window = spans[first : first + size]
    out, at = [], window[0][0]
    for start, end, stem in window:
        if stem in stems:
            out += [text[at:start], MARK_START, text[start:end], MARK_END]
            at = end
    out.append(text[at : window[-1][1]])
    body = " ".join("".join(out).split())
    prefix = f"{ELLIPSIS} " if first > 0 else ""
    suffix = f" {ELLIPSIS}" if first + size < len(spans) else ""
    return f"{prefix}{body}{suffix}"


_FOLD = {"ä": "a", "ö": "o", "ü": "u", "ß": "s"}


def _initial(word: str) -> str:
    first = word[:1].lower()[:1]
    return _FOLD.get(first, first)


def _stem_of(word: str) -> str:
    lowered = word.lower()
    return "" if terms.is_stop_word(lowered) else terms.stem(lowered)


def _best_window(spans: list[tuple[int, int, str]], stems: frozenset[str], size: int) -> int:
    """Start index of the window with the most distinct matched stems (then most matches; earliest wins)."""
    counts: Counter[str] = Counter()
    best, best_score = 0, (-1, -1)
    for i, (_start, _end, stem) in enumerate(spans):
        if stem in stems:
            counts[stem] += 1
        leaving = i - size
        if leaving >= 0 and spans[leaving][2] in stems:
            counts[spans[leaving][2]] -= 1
            if not counts[spans[leaving][2]]:
                del counts[spans[leaving][2]]
        score = (len(counts), sum(counts.values()))
        if score > best_score:
            best, best_score = max(0, i - size + 1), score
    # Centre the matches in the window (it is found ending at its last match).
    matched = [i for i in range(best, min(best + size, len(spans))) if spans[i][2] in stems]
    if not matched:
        return 0
    centre = (matched[0] + matched[-1]) // 2
    return max(0, min(centre - size // 2, len(spans) - size))
