"""Full-text search over articles: one function, the same meaning on SQLite and PostgreSQL.

Ranking: `bm25` on SQLite, `ts_rank_cd` on PostgreSQL, both weighting title over lede over body; `rank` is
higher for better hits on both, but the figures of the two backends are not comparable with each other.
Snippets mark matching words with `[` and `]` on both backends (see `newsdb.snippet`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from weakref import WeakSet

from sqlalchemy import ColumnElement, Connection, Engine, Select, column, func, literal_column, select, table
from sqlalchemy.engine import URL

from newsdb import migrate
from newsdb.config import connect
from newsdb.models import Article
from newsdb.queries import published_overlapping
from newsdb.search_query import Query, SearchQueryError, parse_query, to_fts5, to_tsquery
from newsdb.session import open_connection
from newsdb.snippet import MARK_END, MARK_START, SNIPPET_WORDS, make_snippet

__all__ = ["MARK_END", "MARK_START", "SearchHit", "SearchQueryError", "search", "search_connection"]


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: int
    external_id: str
    title: str | None
    published_on: date
    rank: float
    snippet: str


# Engines whose schema was found at head once; checking costs a few milliseconds, a search less.
_VERIFIED: WeakSet[Engine] = WeakSet()


def search(
    query: str,
    *,
    url: str | URL | Engine | None = None,
    limit: int = 20,
    since: date | None = None,
    until: date | None = None,
) -> list[SearchHit]:
    """The best `limit` articles matching `query` (syntax: `newsdb.search_query`), best first.

    `since`/`until` keep articles whose publication period overlaps the range (see `newsdb.queries`).
    """
    parsed = parse_query(query)
    engine = url if isinstance(url, Engine) else connect(url)
    try:
        with open_connection(engine) as connection:
            if engine not in _VERIFIED:
                migrate.require_head(connection)
                _VERIFIED.add(engine)
            return search_connection(connection, parsed, limit=limit, since=since, until=until)
    finally:
        if engine is not url:
            engine.dispose()


def search_connection(
    connection: Connection,
    query: Query,
    *,
    limit: int = 20,
    since: date | None = None,
    until: date | None = None,
) -> list[SearchHit]:
    """`search` on an open connection with a parsed query."""
    if limit < 1:
        raise SearchQueryError(f"limit must be at least 1, not {limit}")
    in_period = None if since is None and until is None else published_overlapping(since, until)
    if connection.dialect.name == "postgresql":
        rows = connection.execute(_postgresql(to_tsquery(query), in_period, limit))
        return [SearchHit(r.id, r.external_id, r.title, r.published_on, r.rank, _one_line(r.snippet)) for r in rows]
    stems = query.stems()
    rows = connection.execute(_sqlite(to_fts5(query), in_period, limit))
    return [SearchHit(r.id, r.external_id, r.title, r.published_on, r.rank, make_snippet(r.text, stems)) for r in rows]


def _one_line(snippet: str) -> str:
    return " ".join(snippet.split())


_FTS = table("articles_fts", column("rowid"))


def _sqlite(match: str, in_period: ColumnElement[bool] | None, limit: int) -> Select[tuple[Any, ...]]:
    # bm25() is lower for better matches; its column weights mirror PostgreSQL's A (title), B (lede), D (body).
    # Rank on the index alone (plus dates), then read the text of the `limit` rows kept.
    bm25 = func.bm25(literal_column("articles_fts"), 10.0, 4.0, 1.0)
    candidates = select(_FTS.c.rowid.label("id"), bm25.label("bm25")).where(
        literal_column("articles_fts").op("MATCH")(match)
    )
    if in_period is not None:  # only then read the article rows while ranking
        candidates = candidates.join(Article, Article.id == _FTS.c.rowid).where(in_period)
    ranked = candidates.order_by(bm25, _FTS.c.rowid).limit(limit).subquery()
    return (
        select(
            Article.id,
            Article.external_id,
            Article.title,
            Article.published_on,
            (-ranked.c.bm25).label("rank"),
            (Article.lede + "\n\n" + Article.body).label("text"),
        )
        .join_from(ranked, Article, Article.id == ranked.c.id)
        .order_by(ranked.c.bm25, Article.id)
    )


_HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, '
    "ShortWord=3, MaxFragments=1"
)


def _postgresql(tsquery: str, in_period: ColumnElement[bool] | None, limit: int) -> Select[tuple[Any, ...]]:
    german: ColumnElement[Any] = literal_column("'german'::regconfig")
    query = func.to_tsquery(german, tsquery)
    vector: ColumnElement[Any] = literal_column("articles.search_vector")
    # Normalization 1 divides by 1 + log(document length), as bm25 favours shorter documents.
    rank = func.ts_rank_cd(vector, query, 1).label("rank")
    # Rank with the tsvector alone; read the text of the `limit` rows kept only (ts_headline re-parses it).
    ranked = (
        select(Article.id, rank)
        .where(vector.op("@@")(query), *([] if in_period is None else [in_period]))
        .order_by(rank.desc(), Article.id)
        .limit(limit)
        .subquery()
    )
    headline = func.ts_headline(german, Article.lede + "\n\n" + Article.body, query, _HEADLINE_OPTIONS)
    return (
        select(
            Article.id,
            Article.external_id,
            Article.title,
            Article.published_on,
            ranked.c.rank,
            headline.label("snippet"),
        )
        .join_from(ranked, Article, Article.id == ranked.c.id)
        .order_by(ranked.c.rank.desc(), Article.id)
    )
