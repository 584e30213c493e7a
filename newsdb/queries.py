"""Typed read helpers over a SQLAlchemy `Session`: quotes, sources, articles, corpus figures.

Date ranges respect `date_precision`: an article covers its whole period (`2022-01` is 2022-01-01 to
2022-01-31, `2022` the whole year) and is in a range `since..until` (both inclusive, either optional) when
that period overlaps the range. So `2022-01` is in 2022-01-15..2022-01-20, and `2022-01-05` is not.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from newsdb.arguments import MAX_ROWS, check_page, check_text
from newsdb.document import PIECE_SEPARATOR, QuoteKind, SourceKind, SpanRole
from newsdb.sources.names import fold
from newsdb.store.models import (
    ArticleRow,
    ParagraphRow,
    QuoteRow,
    QuoteSpanRow,
    SectionRow,
    SourceAliasRow,
    SourceRow,
)
from newsdb.store.views import quote_details


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A quote with its speaker and where it stands (the columns of the `quote_details` view)."""

    quote_id: int
    text: str
    kind: str
    cue: str | None
    speaker_role: str | None
    source_name: str | None
    source_kind: str | None
    external_id: str
    published_on: date
    date_precision: str
    heading: str | None
    paragraph_position: int
    parent_id: int | None = None  # the quote this one is nested in
    medium: str | None = None  # speech, thought or writing, when the cue says


@dataclass(frozen=True, slots=True)
class SpanRecord:
    """A stretch of text that plays `role` in a quote, with the text it covers."""

    role: str
    paragraph: int  # the paragraph's position in its article
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SourceCount:
    source_id: int
    name: str
    kind: str
    quote_count: int
    article_count: int
    aliases: tuple[str, ...] = ()  # other names it was written as, by name


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    article_id: int
    external_id: str
    title: str | None
    published_on: date
    date_precision: str
    word_count: int


@dataclass(frozen=True, slots=True)
class CorpusStats:
    articles: int
    sections: int
    paragraphs: int
    quotes: int
    sources: int
    words: int
    first_published: date | None
    last_published: date | None
    quotes_by_kind: dict[str, int]
    sources_by_kind: dict[str, int]


# --- dates ------------------------------------------------------------------------------------------------------


def published_overlapping(
    since: date | None,
    until: date | None,
    published_on: ColumnElement[date] | InstrumentedAttribute[date] = ArticleRow.published_on,
    date_precision: ColumnElement[str] | InstrumentedAttribute[str] = ArticleRow.date_precision,
) -> ColumnElement[bool]:
    """Articles whose publication period overlaps `since..until` (see the module docstring); the columns are the
    article's unless others (those of a view) are given."""
    for name, value in (("since", since), ("until", until)):
        if value is not None and not isinstance(value, date):
            raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    conditions: list[ColumnElement[bool]] = []
    if until is not None:
        conditions.append(published_on <= until)
    if since is not None:
        # A period starting on published_on reaches `since` when it starts on or after the first day of the
        # day, month or year (by precision) that contains `since`.
        year_start, month_start = since.replace(month=1, day=1), since.replace(day=1)
        earliest = case((date_precision == "day", since), (date_precision == "month", month_start), else_=year_start)
        conditions += [published_on >= year_start, published_on >= earliest]
    return and_(true(), *conditions)


def articles_between(session: Session, since: date | None = None, until: date | None = None) -> list[ArticleSummary]:
    """Articles published in `since..until`, oldest first."""
    rows = session.execute(
        select(
            ArticleRow.id,
            ArticleRow.external_id,
            ArticleRow.title,
            ArticleRow.published_on,
            ArticleRow.date_precision,
            ArticleRow.word_count,
        )
        .where(published_overlapping(since, until))
        .order_by(ArticleRow.published_on, ArticleRow.external_id)
    )
    return [ArticleSummary(*row) for row in rows]


# --- quotes and sources -----------------------------------------------------------------------------------------


def _name_pattern(name: str) -> str:
    """A LIKE pattern matching a normalized key (`kind:folded name`) whose name part contains `name`, folded like
    keys are (`newsdb.sources.names.fold`: `Schroeder` finds `Schröder`)."""
    folded = fold(name)
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%:%{escaped}%"


def _source_named(name: str) -> ColumnElement[bool]:
    """Sources whose name or one of whose aliases contains `name`."""
    pattern = _name_pattern(name)
    alias = exists().where(
        SourceAliasRow.source_id == SourceRow.id, SourceAliasRow.normalized_key.like(pattern, escape="\\")
    )
    return or_(SourceRow.normalized_key.like(pattern, escape="\\"), alias)


QUOTE_ORDERS = ("date", "source")
SOURCE_ORDERS = ("quotes", "articles", "name")


def quotes(
    session: Session,
    *,
    source: str | None = None,
    article: str | None = None,
    kind: QuoteKind | str | None = None,
    since: date | None = None,
    until: date | None = None,
    order: str = "date",
    limit: int | None = None,
    offset: int = 0,
) -> list[QuoteRecord]:
    """Quotes, filtered by speaker (part of the name; case and accents ignored), article, quote kind and dates.

    `order`: `date` (oldest article first, quotes in reading order) or `source` (by speaker name, unknown
    speakers last, then by date); `limit` and `offset` page through the result.
    """
    view = quote_details.c
    in_reading_order = (
        view.published_on,
        view.external_id,
        view.paragraph_position,
        view.start_offset,
        view.end_offset,
        view.quote_id,
    )
    if order not in QUOTE_ORDERS:
        raise ValueError(f"order must be one of {QUOTE_ORDERS}, not {order!r}")
    check_page(limit, offset)
    check_text("source", source)
    check_text("article", article)
    by_source = (view.source_name.is_(None), view.source_name) if order == "source" else ()
    statement = (
        select(
            view.quote_id,
            view.text,
            view.kind,
            view.cue,
            view.speaker_role,
            view.source_name,
            view.source_kind,
            view.external_id,
            view.published_on,
            view.date_precision,
            view.heading,
            view.paragraph_position,
            view.parent_id,
            QuoteRow.medium,
        )
        .join(QuoteRow, QuoteRow.id == view.quote_id)
        .order_by(*by_source, *in_reading_order)
        .limit(limit)
        .offset(offset or None)
    )
    if since is not None or until is not None:
        statement = statement.where(published_overlapping(since, until, view.published_on, view.date_precision))
    if source is not None:
        statement = statement.where(view.source_id.in_(select(SourceRow.id).where(_source_named(source))))
    if article is not None:
        statement = statement.where(view.external_id == article)
    if kind is not None:
        statement = statement.where(view.kind == QuoteKind(kind).value)
    return [QuoteRecord(*tuple(row)) for row in session.execute(statement)]


def spans_of_quotes(session: Session, quote_ids: Sequence[int]) -> dict[int, list[SpanRecord]]:
    """The spans of these quotes, by quote id, each quote's by role and place (`SpanRole` order of roles)."""
    found: dict[int, list[SpanRecord]] = {}
    for first in range(0, len(quote_ids), 1000):
        rows = session.execute(
            select(QuoteSpanRow.quote_id, QuoteSpanRow.role, ParagraphRow.position, QuoteSpanRow.start_offset,
                   QuoteSpanRow.end_offset, ParagraphRow.text)
            .join(ParagraphRow, ParagraphRow.id == QuoteSpanRow.paragraph_id)
            .where(QuoteSpanRow.quote_id.in_(list(quote_ids[first : first + 1000])))
        )  # fmt: skip
        for quote_id, role, position, start, end, text in rows:
            found.setdefault(quote_id, []).append(SpanRecord(role, position, start, end, text[start:end]))
    order = {role.value: number for number, role in enumerate(SpanRole)}
    for spans in found.values():
        spans.sort(key=lambda s: (order[s.role], s.paragraph, s.start, s.end))
    return found


def quote_words(session: Session, quote_ids: Sequence[int]) -> dict[int, str]:
    """All the words of those of these quotes that are in several pieces (an attribution cut out, or running over
    sentences), joined by ` … ` in reading order; a quote in one piece is left out: its `text` is all of it."""
    pieces: dict[int, list[tuple[int, int, str]]] = {}
    span, is_quote = QuoteSpanRow, QuoteSpanRow.role == SpanRole.QUOTE.value
    for first in range(0, len(quote_ids), 1000):
        chunk = list(quote_ids[first : first + 1000])
        several = select(span.quote_id).where(is_quote, span.quote_id.in_(chunk)).group_by(span.quote_id)
        rows = session.execute(
            select(span.quote_id, ParagraphRow.position, span.start_offset, span.end_offset, ParagraphRow.text)
            .join(ParagraphRow, ParagraphRow.id == span.paragraph_id)
            .where(is_quote, span.quote_id.in_(several.having(func.count() > 1)))
        )
        for quote_id, position, start, end, text in rows:
            pieces.setdefault(quote_id, []).append((position, start, text[start:end]))
    return {key: PIECE_SEPARATOR.join(words for *_, words in sorted(found)) for key, found in pieces.items()}


def quotes_by_source(session: Session, name: str, *, kind: QuoteKind | str | None = None) -> list[QuoteRecord]:
    """Quotes of every source whose name contains `name`: `huber` finds Judith Huber, `müller` Muller."""
    return quotes(session, source=name, kind=kind)


def sources_with_counts(
    session: Session,
    *,
    kind: SourceKind | str | None = None,
    order: str = "quotes",
    limit: int | None = None,
    offset: int = 0,
) -> list[SourceCount]:
    """Every source with its number of quotes and of articles quoting it.

    `order`: `quotes` (most quoted first), `articles` (quoted in most articles first) or `name`.
    """
    if order not in SOURCE_ORDERS:
        raise ValueError(f"order must be one of {SOURCE_ORDERS}, not {order!r}")
    check_page(limit, offset)
    quote_count = func.count(QuoteRow.id)
    article_count = func.count(func.distinct(QuoteRow.article_id))
    orders = {
        "quotes": (quote_count.desc(), SourceRow.name, SourceRow.id),
        "articles": (article_count.desc(), quote_count.desc(), SourceRow.name, SourceRow.id),
        "name": (SourceRow.name, SourceRow.id),
    }
    statement = (
        select(SourceRow.id, SourceRow.name, SourceRow.kind, quote_count, article_count)
        .outerjoin(QuoteRow, QuoteRow.source_id == SourceRow.id)
        .group_by(SourceRow.id, SourceRow.name, SourceRow.kind)
        .order_by(*orders[order])
        .limit(limit)
        .offset(offset or None)
    )
    if kind is not None:
        statement = statement.where(SourceRow.kind == SourceKind(kind).value)
    found = session.execute(statement).all()
    aliases = source_aliases(session, [row.id for row in found])
    return [SourceCount(*row, aliases=tuple(a for a in aliases.get(row.id, ()) if a != row.name)) for row in found]


def source_aliases(session: Session, source_ids: list[int]) -> dict[int, list[str]]:
    """The names each of `source_ids` was written as (`source_aliases.alias`), sorted."""
    out: dict[int, list[str]] = {}
    for start in range(0, len(source_ids), 500):
        rows = session.execute(
            select(SourceAliasRow.source_id, SourceAliasRow.alias)
            .where(SourceAliasRow.source_id.in_(source_ids[start : start + 500]))
            .order_by(SourceAliasRow.source_id, SourceAliasRow.alias)
        )
        for source_id, alias in rows:
            out.setdefault(source_id, []).append(alias)
    return out


# --- articles ---------------------------------------------------------------------------------------------------


def article_exists(session: Session, external_id: str) -> bool:
    check_text("external_id", external_id)
    return session.scalar(select(ArticleRow.id).where(ArticleRow.external_id == external_id)) is not None


def article_by_external_id(session: Session, external_id: str) -> ArticleRow | None:
    """The article row alone (its sections and quotes load when first used)."""
    check_text("external_id", external_id)
    return session.scalars(select(ArticleRow).where(ArticleRow.external_id == external_id)).one_or_none()


# One query per level, whatever the number of sections, paragraphs and quotes.
_STRUCTURE = (
    selectinload(ArticleRow.sections).selectinload(SectionRow.paragraphs),
    selectinload(ArticleRow.quotes).selectinload(QuoteRow.source),
    selectinload(ArticleRow.quotes).selectinload(QuoteRow.spans),
)


def article_structure(session: Session, external_id: str) -> ArticleRow | None:
    """The article with sections, their paragraphs, and quotes with sources and spans, in six queries."""
    check_text("external_id", external_id)
    statement = select(ArticleRow).where(ArticleRow.external_id == external_id).options(*_STRUCTURE)
    return session.scalars(statement).one_or_none()


def articles_with_structure(session: Session, ids: Sequence[int]) -> list[ArticleRow]:
    """The articles with these ids and their structure (as `article_structure`), by id."""
    statement = select(ArticleRow).where(ArticleRow.id.in_(list(ids))).order_by(ArticleRow.id).options(*_STRUCTURE)
    return list(session.scalars(statement))


def iter_articles(session: Session, *, batch_size: int = 100) -> Iterator[ArticleRow]:
    """Every article with its structure, by external_id, holding one batch in memory at a time."""
    if not 1 <= batch_size <= MAX_ROWS:  # 0 would end at once, as if there were no articles
        raise ValueError(f"batch_size must be between 1 and {MAX_ROWS}, not {batch_size}")
    after: str | None = None
    while True:
        statement = select(ArticleRow).order_by(ArticleRow.external_id).limit(batch_size).options(*_STRUCTURE)
        if after is not None:
            statement = statement.where(ArticleRow.external_id > after)
        batch = list(session.scalars(statement))
        if not batch:
            return
        yield from batch
        after = batch[-1].external_id
        session.expunge_all()


def corpus_stats(session: Session) -> CorpusStats:
    """Counts of everything, total words, the publication date range, quotes and sources by kind."""
    counts = session.execute(
        select(
            select(func.count()).select_from(ArticleRow).scalar_subquery(),
            select(func.count()).select_from(SectionRow).scalar_subquery(),
            select(func.count()).select_from(ParagraphRow).scalar_subquery(),
            select(func.count()).select_from(QuoteRow).scalar_subquery(),
            select(func.count()).select_from(SourceRow).scalar_subquery(),
            select(func.coalesce(func.sum(ArticleRow.word_count), 0)).scalar_subquery(),
            select(func.min(ArticleRow.published_on)).scalar_subquery(),
            select(func.max(ArticleRow.published_on)).scalar_subquery(),
        )
    ).one()
    quote_kinds = session.execute(select(QuoteRow.kind, func.count()).group_by(QuoteRow.kind).order_by(QuoteRow.kind))
    source_kinds = session.execute(
        select(SourceRow.kind, func.count()).group_by(SourceRow.kind).order_by(SourceRow.kind)
    )
    articles, sections, paragraphs, quote_count, sources, words, first, last = counts
    by_kind = {"quotes_by_kind": dict(quote_kinds.all()), "sources_by_kind": dict(source_kinds.all())}
    return CorpusStats(articles, sections, paragraphs, quote_count, sources, words, first, last, **by_kind)
