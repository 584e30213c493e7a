"""A document whose quotes use everything the schema holds: every span role, quotes of several spans and over two
paragraphs, a nested quote, the kinds `reported` and `free_indirect`, and the medium."""

from __future__ import annotations

from datetime import date

from newsdb.document import (
    DatePrecision,
    Document,
    Medium,
    Paragraph,
    ParagraphKind,
    Quote,
    QuoteKind,
    Section,
    SourceKind,
    SourceRef,
    Span,
    SpanRole,
)

LEDE = "Die Lage im Grenzgebiet bleibt angespannt."
FIRST = (
    "SRF-Auslandredaktorin Judith Huber sagte am Montag in Bern den Journalisten, "
    "die Lage sei «völlig unklar» und man müsse warten."
)
SECOND = "«Wir kommen», sagte Huber, «bestimmt wieder.» Sie bezeichnete die Lösung als Irrweg."
THIRD = "Das Projekt sei gescheitert. Niemand habe zugehört."
PARAGRAPHS = (LEDE, FIRST, SECOND, THIRD)
HUBER = SourceRef("Judith Huber", SourceKind.PERSON)


def _at(paragraph: int, words: str, after: int = 0) -> tuple[int, int]:
    start = PARAGRAPHS[paragraph].index(words, after)
    return start, start + len(words)


def _span(role: SpanRole, paragraph: int, words: str, after: int = 0) -> Span:
    return Span(role, paragraph, *_at(paragraph, words, after))


def _quote(paragraph: int, words: str, kind: QuoteKind, spans: tuple[Span, ...], **more: object) -> Quote:
    start, end = _at(paragraph, words)
    quote_spans = (Span(SpanRole.QUOTE, paragraph, start, end), *spans)
    return Quote(paragraph, start, end, words, kind, spans=quote_spans, **more)  # type: ignore[arg-type]


QUOTES = (
    _quote(
        1,
        "die Lage sei «völlig unklar» und man müsse warten",
        QuoteKind.MIXED,
        (
            _span(SpanRole.SPEAKER, 1, "SRF-Auslandredaktorin Judith Huber"),
            _span(SpanRole.CUE, 1, "sagte"),
            _span(SpanRole.FRAME, 1, "am Montag in Bern"),
            _span(SpanRole.ADDRESSEE, 1, "den Journalisten"),
        ),
        source=HUBER,
        cue="sagte",
        speaker_role="SRF-Auslandredaktorin",
        medium=Medium.SPEECH,
    ),
    _quote(1, "völlig unklar", QuoteKind.DIRECT, (), source=HUBER, cue="sagte", parent=0, medium=Medium.SPEECH),
    # one quote in two stretches, interrupted by its cue, and going on in the next paragraph
    _quote(
        2,
        "Wir kommen",
        QuoteKind.DIRECT,
        (
            _span(SpanRole.QUOTE, 2, "bestimmt wieder."),
            _span(SpanRole.QUOTE, 3, "Niemand habe zugehört"),
            _span(SpanRole.SPEAKER, 2, "Huber"),
            _span(SpanRole.CUE, 2, "sagte"),
        ),
        source=HUBER,
        cue="sagte",
    ),
    _quote(
        2,
        "die Lösung als Irrweg",
        QuoteKind.REPORTED,
        (_span(SpanRole.SPEAKER, 2, "Sie"), _span(SpanRole.CUE, 2, "bezeichnete")),
        source=HUBER,
        cue="bezeichnete",
        medium=Medium.WRITING,
    ),
    _quote(3, "Das Projekt sei gescheitert.", QuoteKind.FREE_INDIRECT, (), source=HUBER, medium=Medium.THOUGHT),
)


def spans_document(external_id: str = "spans", extra: str = "") -> Document:
    """The document with all its quotes; `extra` changes the text of the lede (and so the content)."""
    texts = (LEDE + extra, FIRST, SECOND, THIRD)
    paragraphs = tuple(
        Paragraph(position, ParagraphKind.LEDE if position == 0 else ParagraphKind.BODY, text)
        for position, text in enumerate(texts)
    )
    return Document(
        external_id=external_id,
        published_on=date(2026, 3, 2),
        date_precision=DatePrecision.DAY,
        sections=(Section(0, None, paragraphs),),
        title="Grenzgebiet",
        quotes=QUOTES,
    )
