"""Pairing of quotation marks within one paragraph: «» »« „“ “” "" and nested ‹› ‚‘ ›‹ ''."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdb.extract import lexicon
from newsdb.extract.tokens import count_words, phrase_tokens

# Closing mark(s) for each opening mark. `"` and `“` can open and close; `»`/`«` swap roles in texts that
# write »…«. Single marks only count inside a double quote, where they cannot be apostrophes.
_DOUBLE_CLOSERS: dict[str, str] = {"«": "»", "»": "«", "„": '“”"', "“": "”“", '"': '"', "”": "”"}
_SINGLE_CLOSERS: dict[str, str] = {"‹": "›", "›": "‹", "‚": "‘’", "‘": "’‘", "'": "'"}
_OPENERS_NEEDING_CONTEXT = {'"', "“", "”", "'", "‘"}
_MARK = re.compile("[«»‹›„“”\"‚‘’']")
_NON_SPACE = re.compile(r"\S")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A matched pair of marks: `open` and `close` are the mark positions, `depth` 0 for outer quotes."""

    open: int
    close: int
    depth: int

    @property
    def inner_start(self) -> int:
        return self.open + 1

    @property
    def inner_end(self) -> int:
        return self.close


def _can_open(text: str, i: int) -> bool:
    """An ambiguous mark opens when it stands before a word and not right after one."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isspace() and (before.isspace() or before in "([{/–—-:„«»‹›")


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    return not before.isspace()


def pair_quotes(text: str) -> list[QuoteSpan]:
    """All matched quotation mark pairs in `text`, sorted by opening position; unmatched marks are ignored."""
    # The first guillemet in the text opens: «Swiss» or »German« style.
    opening, closing = text.find("«"), text.find("»")
    guillemet_open = "»" if closing != -1 and (opening == -1 or closing < opening) else "«"
    stack = _OpenMarks()
    spans: list[QuoteSpan] = []
    for m in _MARK.finditer(text):
        i, ch = m.start(), m.group()
        if ch in "«»‹›":
            is_double = ch in "«»"
            opener = guillemet_open if is_double else ("‹" if guillemet_open == "«" else "›")
            if ch != opener:
                stack.close(spans, ch, i)
                continue
            stack.push(_DOUBLE_CLOSERS[ch] if is_double else _SINGLE_CLOSERS[ch], i)
            continue
        if ch not in _DOUBLE_CLOSERS and ch not in _SINGLE_CLOSERS and ch not in "’":
            continue
        single = ch in _SINGLE_CLOSERS or ch == "’"
        if single and not stack.marks:
            continue  # an apostrophe or a stray single mark
        ambiguous = ch in _OPENERS_NEEDING_CONTEXT
        closes_top = bool(stack.marks) and ch in stack.marks[-1][0]
        if closes_top and (not ambiguous or (_can_close(text, i) and not _only_opens(text, i))):
            stack.close(spans, ch, i)
            continue
        closers = _SINGLE_CLOSERS.get(ch) if single else _DOUBLE_CLOSERS.get(ch)
        if closers is None:
            continue
        if ambiguous and not _can_open(text, i):
            if stack.marks and stack.close(spans, ch, i):
                continue
            continue
        stack.push(closers, i)
    spans.sort(key=lambda s: s.open)
    return spans


def _only_opens(text: str, i: int) -> bool:
    """An ambiguous mark between a space and a word (` "Wort`) opens and cannot close."""
    after = text[i + 1] if i + 1 < len(text) else " "
    return _can_open(text, i) and not (after.isspace() or after in ".,;:!?)]–-")


class _OpenMarks:
    """The quotation marks opened and not yet closed, innermost last. Once many are open, an index by closing mark
    keeps a mark that closes none of them (`«a «b «c ›`) from scanning them all; few open marks are scanned
    directly, which is cheaper than keeping the index."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, int]] = []  # (closers, position)
        # closing mark -> (depth, position) of the open marks it closes, oldest first; entries of marks closed
        # meanwhile stay until they come to the top (a position is pushed once, so they never become valid again).
        # Built when `_INDEX_DEPTH` marks are open at once, and kept from then on.
        self._closable: dict[str, list[tuple[int, int]]] | None = None

    def push(self, closers: str, position: int) -> None:
        closable = self._closable
        if closable is None and len(self.marks) >= _INDEX_DEPTH:
            closable = self._closable = {}
            for depth, (before, start) in enumerate(self.marks):
                for ch in before:
                    closable.setdefault(ch, []).append((depth, start))
        if closable is not None:
            for ch in closers:
                closable.setdefault(ch, []).append((len(self.marks), position))
        self.marks.append((closers, position))

    def close(self, spans: list[QuoteSpan], ch: str, i: int) -> bool:
        """Close the innermost open quote that `ch` can close, dropping unclosed quotes opened inside it."""
        marks = self.marks
        if self._closable is None:
            for depth in range(len(marks) - 1, -1, -1):
                if ch in marks[depth][0]:
                    spans.append(QuoteSpan(marks[depth][1], i, depth))
                    del marks[depth:]
                    return True
            return False
        waiting = self._closable.get(ch)
        while waiting:
            depth, start = waiting.pop()
            if depth < len(marks) and marks[depth][1] == start:
                del marks[depth:]
                spans.append(QuoteSpan(start, i, depth))
                return True
        return False


# Open marks from which on `_OpenMarks` keeps its index by closing mark.
_INDEX_DEPTH = 16


def outer(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """The spans not contained in another span."""
    out: list[QuoteSpan] = []
    for s in spans:
        if out and s.open < out[-1].close:
            continue
        out.append(s)
    return out


# --- what a quote's content tells about it ---

_TITLE_GLUE = lexicon.words("title_glue")


def mask(text: str, spans: list[QuoteSpan]) -> str:
    """`text` with the inside of each quote replaced by spaces (same length, marks kept)."""
    parts: list[str] = []
    at = 0
    for s in sorted(spans, key=lambda s: s.open):
        start = max(at, s.inner_start)
        if start < s.inner_end:
            parts.append(text[at:start])
            parts.append(_blank(text[start : s.inner_end]))
            at = s.inner_end
    parts.append(text[at:])
    return "".join(parts)


def _blank(inner: str) -> str:
    """`inner` with every non-space character replaced by a space."""
    if inner.isprintable():
        return " " * len(inner)  # no whitespace but the plain space: it is all spaces
    return _NON_SPACE.sub(" ", inner)


def looks_like_title(inner: str, *, single: bool = True) -> bool:
    """A short quote of capitalised words (`„Die Welt“`, `«Morning Star»`, `„Amt für Umwelt“`): a name.

    With `single` false a lone capitalised word (`„Gesindel“`) still counts as speech.
    """
    words = [t for t in phrase_tokens(inner) if t.is_word]
    if not words or len(words) > 6 or (len(words) == 1 and not single) or inner.rstrip()[-1:] in ".!?":
        return False
    return all(not t.is_lower or t.low in _TITLE_GLUE for t in words) and not words[0].is_lower


def is_sentence_like(inner: str, *, strict: bool) -> bool:
    """Whether a quote reads like speech: closing punctuation, or six words (with `strict`) or two."""
    words = sum(1 for t in phrase_tokens(inner) if t.is_word)
    return inner.rstrip()[-1:] in ".!?…" or words >= (6 if strict else 2)


def words_outside(text: str, start: int, end: int, inside: list[QuoteSpan]) -> int:
    """How many words of `text[start:end]` stand outside the quotes `inside`."""
    count, at = 0, start
    for s in inside:
        count += count_words(text, at, s.open)
        at = s.close + 1
    return count + count_words(text, at, end)


_DEFINITE = lexicon.words("definite_leads")
# Not the indefinite article: "einen „Militärputsch“" is a word someone used, "der „Spiegel“" a name.
_NAME_LEAD = _DEFINITE | lexicon.words("name_leads")


def noun_before(text: str, q: QuoteSpan) -> str | None:
    """The definite article or noun (not opening the sentence) that directly precedes a quote, if any:
    `des „…“`, `unter dem Motto „…“`, `mit den Worten „…“`."""
    before = text[max(0, q.open - 40) : q.open].split()
    if not before or not before[-1][-1:].isalpha():
        return None
    word = before[-1]
    if word.casefold() in _DEFINITE:
        return word
    return word if word[0].isupper() and len(before) > 1 and before[-2][-1:].isalpha() else None


# Words after which a quote is a term, a title or a name, whatever its shape: `die so genannte „…“`, `(Motto: „…“)`.
_TERM_LEAD = lexicon.words("term_leads")


_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,4}")


def is_name(text: str, q: QuoteSpan) -> bool:
    """A quoted title right after a definite article or preposition (`der „Spiegel“`, `im «Tages-Anzeiger»`), or
    any quote after `so genannt` or `Motto` (`der sogenannten „…“`): a name or a term, not speech."""
    if _DOMAIN.fullmatch(text[q.inner_start : q.inner_end]):
        return True  # a web address: "kommentierte «news.example.org»"
    before = text[max(0, q.open - 16) : q.open].split()
    if not before:
        return False
    lead = before[-1].strip("(:").casefold()
    if lead.startswith("sogenannt") or lead in _TERM_LEAD:
        return True
    if lead.startswith("genannt") and len(before) > 1 and before[-2].casefold() == "so":
        return True
    return lead in _NAME_LEAD and looks_like_title(text[q.inner_start : q.inner_end])
