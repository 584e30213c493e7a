"""Database rows -> the pure `Document`, for rendering articles back to text and for exports."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

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
from newsdb.errors import DatabaseError, ParseError
from newsdb.parse import parse
from newsdb.render import article_text
from newsdb.store.models import ArticleRow, QuoteRow

_ROLE_ORDER = {role.value: number for number, role in enumerate(SpanRole)}


def document_from_article(article: ArticleRow) -> Document:
    """The `Document` an article row holds; needs sections with paragraphs and quotes with sources and spans
    loaded (`newsdb.queries.article_structure` or `iter_articles`)."""
    positions = {p.id: p.position for s in article.sections for p in s.paragraphs}
    _check_links(article, positions)
    sections = tuple(
        Section(
            position=section.position,
            heading=section.heading,
            paragraphs=tuple(Paragraph(p.position, ParagraphKind(p.kind), p.text) for p in section.paragraphs),
        )
        for section in article.sections
    )
    rows = sorted(article.quotes, key=lambda q: (positions[q.paragraph_id], q.start_offset, q.end_offset, q.id))
    position_of = {q.id: number for number, q in enumerate(rows)}
    quotes = tuple(
        Quote(
            paragraph=positions[q.paragraph_id],
            start=q.start_offset,
            end=q.end_offset,
            text=q.text,
            kind=QuoteKind(q.kind),
            source=None if q.source is None else SourceRef(q.source.name, SourceKind(q.source.kind)),
            cue=q.cue,
            speaker_role=q.speaker_role,
            parent=None if q.parent_id is None else position_of[q.parent_id],
            medium=None if q.medium is None else Medium(q.medium),
            spans=_spans(q, positions),
        )
        for q in rows
    )
    return Document(
        external_id=article.external_id,
        published_on=article.published_on,
        date_precision=DatePrecision(article.date_precision),
        sections=sections,
        title=article.title,
        language=article.language,
        quotes=quotes,
        source_path=article.source_path,
    )


class UnreadableArticleError(DatabaseError):
    """An article whose rows make no document: its lede row is gone, or it has no paragraph rows and its lede and
    body columns do not make an article either. Concerns that article only."""


def readable_document(article: ArticleRow) -> Document:
    """The document to show or export: `document_from_article`, or for an article without paragraph rows (one
    added through the models with its text only) the document its `lede` and `body` make, as the article file
    `article_text` writes them would parse. Raises `UnreadableArticleError` when neither makes a document."""
    if any(section.paragraphs for section in article.sections):
        document = document_from_article(article)
        opening = document.sections[0].paragraphs
        if not opening or opening[0].kind is not ParagraphKind.LEDE:
            raise UnreadableArticleError(
                f"article {article.external_id!r} has lost its first paragraph, the lede (rows deleted by hand?)"
            )
        return document
    _check_links(article, {})  # quotes without paragraphs can only point into another article
    text = article_text(article.published_on, article.date_precision, article.lede, article.body)
    try:
        document = parse(text, external_id=article.external_id)
    except ParseError as error:
        raise UnreadableArticleError(
            f"article {article.external_id!r} has no paragraph rows, and its lede and body do not make an "
            f"article ({error.message})"
        ) from None
    return replace(document, title=article.title, language=article.language, source_path=article.source_path)


def _check_links(article: ArticleRow, positions: dict[int, int]) -> None:
    """Raise DatabaseError for a quote row that points into another article (its paragraph, a span's paragraph
    or its parent quote): the foreign keys allow it, a row changed by hand can hold it, and no document can."""
    own_quotes = {q.id for q in article.quotes}
    for quote in article.quotes:
        wrong = None
        if quote.paragraph_id not in positions:
            wrong = f"stands in paragraph {quote.paragraph_id}"
        elif quote.parent_id is not None and quote.parent_id not in own_quotes:
            wrong = f"is nested in quote {quote.parent_id}"
        else:
            stray = next((s for s in quote.spans if s.paragraph_id not in positions), None)
            if stray is not None:
                wrong = f"has a span (id {stray.id}) in paragraph {stray.paragraph_id}"
        if wrong is not None:
            raise DatabaseError(
                f"quote {quote.id} of article {article.external_id!r} {wrong}, which belongs to another article "
                "(a row changed by hand?): correct that row with an UPDATE"
            )


def _spans(quote: QuoteRow, positions: dict[int, int]) -> tuple[Span, ...]:
    """A stored quote's spans, by role (in `SpanRole` order) and then by place in the article."""
    spans = [Span(SpanRole(s.role), positions[s.paragraph_id], s.start_offset, s.end_offset) for s in quote.spans]
    return tuple(sorted(spans, key=lambda s: (_ROLE_ORDER[s.role], s.paragraph, s.start, s.end)))


def document_json(document: Document) -> dict[str, Any]:
    """A JSON-ready dict: the article, its sections with paragraphs, its quotes (with their spans: the text each
    covers, by role) and the sources quoted. A quote's `parent` is the position in `quotes` of the quote it is
    nested in."""
    sources = {q.source.key: q.source for q in document.quotes if q.source is not None}
    texts = document.paragraph_texts()
    return {
        "external_id": document.external_id,
        "title": document.title,
        "published_on": document.published_on.isoformat(),
        "date_precision": document.date_precision.value,
        "language": document.language,
        "sections": [
            {
                "position": s.position,
                "heading": s.heading,
                "paragraphs": [{"position": p.position, "kind": p.kind.value, "text": p.text} for p in s.paragraphs],
            }
            for s in document.sections
        ],
        "quotes": [
            {
                "paragraph": q.paragraph,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "kind": q.kind.value,
                "source": None if q.source is None else {"name": q.source.name, "kind": q.source.kind.value},
                "cue": q.cue,
                "speaker_role": q.speaker_role,
                "parent": q.parent,
                "medium": None if q.medium is None else q.medium.value,
                "spans": [
                    {
                        "role": s.role.value,
                        "paragraph": s.paragraph,
                        "start": s.start,
                        "end": s.end,
                        "text": texts[s.paragraph][s.start : s.end],
                    }
                    for role in SpanRole
                    for s in q.spans_as(role)
                ],
            }
            for q in document.quotes
        ],
        "sources": [{"name": s.name, "kind": s.kind.value} for s in sources.values()],
    }
