"""Quotes inside quotes: the quoted words of a report are also a direct quote of their own, nested in it.

`Sie sagte, das sei «ein Fehler» gewesen.` gives the mixed quote `das sei «ein Fehler» gewesen` and, right after
it, the direct quote `ein Fehler` whose `parent` is the mixed quote's position. Parents are positions in the list
of quotes, so quotes are never reordered once nested: each child follows its parent.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from newsdb.document import Paragraph, Quote, QuoteKind, Span, SpanRole
from newsdb.extract.quotes import QuoteSpan, looks_like_title

_SPACE = " \t\n"


def nest(p: Paragraph, speech: list[QuoteSpan], found: list[Quote]) -> list[Quote]:
    """The non-empty quotes of paragraph `p` in order, each report followed by a direct quote for every quote of
    `speech` inside it (`parent`: the report's position in the returned list)."""
    out: list[Quote] = []
    said = {(q.start, q.end) for q in found if q.kind is QuoteKind.DIRECT}
    # the quote marks by where they open, so that each report looks only at those inside it (a paragraph of
    # thousands of reports and quotes stays linear)
    by_open = sorted(range(len(speech)), key=lambda k: speech[k].open)
    opens = [speech[k].open for k in by_open]
    for quote in found:
        if quote.end <= quote.start:
            continue
        out.append(quote)
        if quote.kind is QuoteKind.DIRECT or not speech:
            continue
        parent = len(out) - 1
        regions = [(s.start, s.end) for s in quote.spans_as(SpanRole.QUOTE)]
        inside = {
            by_open[k]
            for a, b in regions
            for k in range(bisect_left(opens, a), bisect_right(opens, b))
            if speech[by_open[k]].close < b + 1
        }
        for q in (speech[k] for k in sorted(inside)):  # in the order of `speech`, as before
            if looks_like_title(p.text[q.inner_start : q.inner_end]):
                continue  # a name in quote marks inside a report (`die Aktion „Sauberer See“`), no words said
            child = _child(p, q, quote, parent)
            if child is not None and (child.start, child.end) not in said:
                out.append(child)
    return out


def _child(p: Paragraph, q: QuoteSpan, parent: Quote, position: int) -> Quote | None:
    """The direct quote of the words inside `q`, said by the speaker of `parent`, or None if it is empty."""
    start, end = q.inner_start, q.inner_end
    while start < end and p.text[start] in _SPACE:
        start += 1
    while end > start and p.text[end - 1] in _SPACE:
        end -= 1
    if start == end:
        return None
    roles = tuple(s for s in parent.spans if s.role is not SpanRole.QUOTE)
    return Quote(
        paragraph=p.position,
        start=start,
        end=end,
        text=p.text[start:end],
        kind=QuoteKind.DIRECT,
        source=parent.source,
        cue=parent.cue,
        speaker_role=parent.speaker_role,
        parent=position,
        medium=parent.medium,
        spans=(Span(SpanRole.QUOTE, p.position, start, end), *roles),
        provenance=parent.provenance,
    )


def placed(quotes: list[Quote], offset: int) -> list[Quote]:
    """One paragraph's quotes with their parents counted from `offset`, the position of its first quote in the
    article."""
    if not offset:
        return quotes
    return [q if q.parent is None else replace(q, parent=q.parent + offset) for q in quotes]
