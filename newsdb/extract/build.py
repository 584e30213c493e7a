"""How the extractor makes its quotes: one `Quote` over a stretch of a paragraph, with its spans and its
provenance (shared between quotes, since many have the same one)."""

from __future__ import annotations

from newsdb.document import Paragraph, Provenance, Quote, QuoteKind, Span, SpanRole
from newsdb.extract.coreference import Speaker
from newsdb.extract.quotes import QuoteSpan

# The provenances made so far: many quotes share one, and making a frozen dataclass costs more than finding it.
_PROVENANCES: dict[tuple[str, str | None, str], Provenance] = {}
_PROVENANCES_KEPT = 65536


def provenance(rule: str, mention: str | None, resolution: str) -> Provenance:
    """`Provenance(rule, mention, resolution)`, shared with the quotes that had the same one before."""
    key = (rule, mention, resolution)
    found = _PROVENANCES.get(key)
    if found is None:
        if len(_PROVENANCES) >= _PROVENANCES_KEPT:
            _PROVENANCES.clear()
        found = _PROVENANCES[key] = Provenance(rule, mention, resolution)
    return found


def continues(who: Speaker | None) -> Provenance:
    """A subjunctive sentence without a cue continues (or, in Konjunktiv I, starts) a report."""
    return provenance("continuation", None, f"continues {who.source.name}" if who else "no speaker before")


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


def clear() -> None:
    """Forget the provenances kept for sharing."""
    _PROVENANCES.clear()
