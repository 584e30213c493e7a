"""Database rows -> the pure `Document`, for rendering articles back to text and for exports."""

from __future__ import annotations

from typing import Any

from newsdb.document import (
    DatePrecision,
    Document,
    Paragraph,
    ParagraphKind,
    Quote,
    QuoteKind,
    Section,
    SourceKind,
    SourceRef,
)
from newsdb.store.models import ArticleRow


def document_from_article(article: ArticleRow) -> Document:
    """The `Document` an article row holds; needs sections with paragraphs and quotes with sources loaded
    (`newsdb.queries.article_structure` or `iter_articles`)."""
    positions = {p.id: p.position for s in article.sections for p in s.paragraphs}
    sections = tuple(
        Section(
            position=section.position,
            heading=section.heading,
            paragraphs=tuple(Paragraph(p.position, ParagraphKind(p.kind), p.text) for p in section.paragraphs),
        )
        for section in article.sections
    )
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
        )
        for q in sorted(article.quotes, key=lambda q: (positions[q.paragraph_id], q.start_offset, q.end_offset, q.id))
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


def document_json(document: Document) -> dict[str, Any]:
    """A JSON-ready dict: the article, its sections with paragraphs, its quotes and the sources quoted."""
    sources = {q.source.key: q.source for q in document.quotes if q.source is not None}
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
            }
            for q in document.quotes
        ],
        "sources": [{"name": s.name, "kind": s.kind.value} for s in sources.values()],
    }
