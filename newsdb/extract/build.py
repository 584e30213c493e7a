"""How the extractor makes its quotes: one `Quote` over a stretch of a paragraph, with its spans and provenance."""

from __future__ import annotations

from dataclasses import replace

from newsdb.document import Paragraph, Provenance, Quote, QuoteKind, Span, SpanRole
from newsdb.extract.coreference import Speaker
from newsdb.extract.quotes import QuoteSpan


def direct(
    p: Paragraph, q: QuoteSpan, who: Speaker | None, cue: str | None, why: Provenance, said: tuple[Span, ...] = ()
) -> Quote:
    return quote(p, q.inner_start, q.inner_end, QuoteKind.DIRECT, who, cue, why, said)


_WHOLE_SENTENCE = frozenset({QuoteKind.FREE_INDIRECT, QuoteKind.REPORTED})


def quote(
    p: Paragraph,
    start: int,
    end: int,
    kind: QuoteKind,
    who: Speaker | None,
    cue: str | None,
    why: Provenance,
    said: tuple[Span, ...] = (),
) -> Quote:
    """A quote over `p.text[start:end]`, trimmed of spaces (and, outside direct quotes, of punctuation), with the
    spans `said` of its speaker, cue, frame and addressee."""
    strip = " \t\n" if kind is QuoteKind.DIRECT else " \t\n,;:.–-"
    while start < end and p.text[start] in strip:
        start += 1
    # a sentence reported as a whole keeps its full stop
    tail = strip if kind not in _WHOLE_SENTENCE else " \t\n,;:–-"
    while end > start and p.text[end - 1] in tail:
        end -= 1
    return Quote(
        paragraph=p.position,
        start=start,
        end=end,
        text=p.text[start:end],
        kind=kind,
        source=who.source if who else None,
        cue=cue,
        speaker_role=who.role if who else None,
        spans=(Span(SpanRole.QUOTE, p.position, start, end), *said),
        provenance=why,
    )


_EDGE = " \t\n,;:–-"


def without(q: Quote, p: Paragraph, a: int, b: int) -> Quote:
    """`q` with `p.text[a:b]` (an attribution inside it: `… ist laut Huber noch offen …`) cut out: two quote spans,
    the first of which gives the quote its offsets and text. `q` itself when nothing would remain on one side."""
    first_end, second_start = a, b
    while first_end > q.start and p.text[first_end - 1] in _EDGE:
        first_end -= 1
    while second_start < q.end and p.text[second_start] in _EDGE:
        second_start += 1
    if first_end <= q.start or second_start >= q.end:
        return q
    pieces = (
        Span(SpanRole.QUOTE, p.position, q.start, first_end),
        Span(SpanRole.QUOTE, p.position, second_start, q.end),
    )
    rest = tuple(s for s in q.spans if s.role is not SpanRole.QUOTE)
    return replace(q, end=first_end, text=p.text[q.start : first_end], spans=(*pieces, *rest))
