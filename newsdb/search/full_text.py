"""Full-text search over articles: one function, the same meaning on SQLite and PostgreSQL.

Ranking: `bm25` on SQLite, `ts_rank_cd` on PostgreSQL, both weighting title over lede over body; `rank` is
higher for better hits on both, but the figures of the two backends are not comparable with each other.
PostgreSQL ranks at most the `RANKED_CANDIDATES` (1,000) most recent matches of a query (see `search`).
Snippets mark matching words with `[` and `]` on both backends (see `newsdb.search.snippet`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any
from weakref import WeakSet

from sqlalchemy import ColumnElement, Connection, Engine, Select, column, func, literal_column, select, table

from newsdb.arguments import MAX_ROWS
from newsdb.queries import published_overlapping
from newsdb.search.query import Query, SearchQueryError, parse_query, to_fts5, to_tsquery
from newsdb.search.snippet import MARK_END, MARK_START, SNIPPET_WORDS, make_snippet
from newsdb.store import migrate
from newsdb.store.config import Database, engine_for
from newsdb.store.models import ArticleRow
from newsdb.store.session import open_connection

__all__ = ["MARK_END", "MARK_START", "SearchHit", "SearchQueryError", "search", "search_connection"]


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: int
    external_id: str
    title: str | None
    published_on: date
    date_precision: str
    rank: float
    snippet: str


# Engines whose schema was found at head once; checking costs a few milliseconds, a search less.
_VERIFIED: WeakSet[Engine] = WeakSet()


def search(
    query: str,
    *,
    url: Database = None,
    limit: int = 20,
    offset: int = 0,
    since: date | None = None,
    until: date | None = None,
    order: str = "rank",
) -> list[SearchHit]:
    """The best `limit` articles matching `query` (syntax: `newsdb.search.query`), best first.

    `since`/`until` keep articles whose publication period overlaps the range (see `newsdb.queries`).
    `order="date"` lists the matches newest first instead; `offset` skips that many hits first.

    Recency-bounded ranking on PostgreSQL: when more than `RANKED_CANDIDATES` (1,000) articles match (after the
    date filter), only the 1,000 most recent of them (latest `published_on` first, then highest id) are ranked,
    as ranking reads each candidate's `tsvector` from TOAST storage, which would take hundreds of milliseconds
    for a word found in most of 100,000 articles. Queries with fewer matches are ranked exactly. SQLite ranks
    all matches (its index ranks cheaply), so for such very common queries the two backends may return
    different articles.
    """
    parsed = parse_query(query)
    with engine_for(url) as engine, open_connection(engine) as connection:
        if engine not in _VERIFIED:
            migrate.require_head(connection)
            _VERIFIED.add(engine)
        return search_connection(connection, parsed, limit=limit, offset=offset, since=since, until=until, order=order)


def search_connection(
    connection: Connection,
    query: Query,
    *,
    limit: int = 20,
    offset: int = 0,
    since: date | None = None,
    until: date | None = None,
    order: str = "rank",
) -> list[SearchHit]:
    """`search` on an open connection with a parsed query."""
    if limit < 1:
        raise SearchQueryError(f"limit must be at least 1, not {limit}")
    if offset < 0:
        raise SearchQueryError(f"offset must not be negative, not {offset}")
    if limit > MAX_ROWS or offset > MAX_ROWS:
        raise SearchQueryError(f"limit and offset must be at most {MAX_ROWS}, not {max(limit, offset)}")
    if order not in ORDERS:
        raise SearchQueryError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    page = _Page(limit, offset, by_date=order == "date")
    in_period = None if since is None and until is None else published_overlapping(since, until)
    if connection.dialect.name == "postgresql":
        with _planner_settings(connection, _POSTGRESQL_SETTINGS):
            rows = connection.execute(_postgresql(to_tsquery(query), in_period, page)).all()
        return [
            SearchHit(r.id, r.external_id, r.title, r.published_on, r.date_precision, r.rank, _one_line(r.snippet))
            for r in rows
        ]
    stems = query.stems()
    found = connection.execute(_sqlite(to_fts5(query), in_period, page))
    return [
        SearchHit(r.id, r.external_id, r.title, r.published_on, r.date_precision, r.rank, make_snippet(r.text, stems))
        for r in found
    ]


ORDERS = ("rank", "date")


@dataclass(frozen=True, slots=True)
class _Page:
    limit: int
    offset: int
    by_date: bool  # newest first instead of best first


# For a word in most articles the planner prefers a sequential scan that tests every row's tsvector, read from
# TOAST: many times slower than the GIN index, which gives exact matches without reading the tsvectors. Enough
# memory keeps the index's bitmap of matches exact (no rechecks) and the matches in memory.
_POSTGRESQL_SETTINGS = {"enable_seqscan": "off", "work_mem": "32MB"}


@contextmanager
def _planner_settings(connection: Connection, settings: dict[str, str]) -> Iterator[None]:
    """`settings` for the statements run inside, in the current transaction; the previous values after."""
    names = list(settings)
    current = select(*(func.current_setting(name) for name in names))
    previous = dict(zip(names, connection.execute(current).one(), strict=True))
    _set_local(connection, settings)
    yield
    # Not after an error: PostgreSQL has aborted the transaction, and rolling it back undoes the settings anyway.
    _set_local(connection, previous)


def _set_local(connection: Connection, settings: dict[str, str]) -> None:
    connection.execute(select(*(func.set_config(name, value, True) for name, value in settings.items())))


def _one_line(snippet: str) -> str:
    return " ".join(snippet.split())


_FTS = table("articles_fts", column("rowid"))


def _sqlite(match: str, in_period: ColumnElement[bool] | None, page: _Page) -> Select[tuple[Any, ...]]:
    # bm25() is lower for better matches; its column weights mirror PostgreSQL's A (title), B (lede), D (body).
    # Rank on the index alone (plus dates), then read the text of the `limit` rows kept.
    bm25 = func.bm25(literal_column("articles_fts"), 10.0, 4.0, 1.0)
    candidates = select(_FTS.c.rowid.label("id"), bm25.label("bm25")).where(
        literal_column("articles_fts").op("MATCH")(match)
    )
    if in_period is not None or page.by_date:  # only then read the article rows while ranking
        candidates = candidates.join(ArticleRow, ArticleRow.id == _FTS.c.rowid)
        if in_period is not None:
            candidates = candidates.where(in_period)
    order = (ArticleRow.published_on.desc(), ArticleRow.id.desc()) if page.by_date else (bm25, _FTS.c.rowid)
    ranked = candidates.order_by(*order).limit(page.limit).offset(page.offset or None).subquery()
    final_order = (
        (ArticleRow.published_on.desc(), ArticleRow.id.desc()) if page.by_date else (ranked.c.bm25, ArticleRow.id)
    )
    return (
        select(
            ArticleRow.id,
            ArticleRow.external_id,
            ArticleRow.title,
            ArticleRow.published_on,
            ArticleRow.date_precision,
            (-ranked.c.bm25).label("rank"),
            (ArticleRow.lede + "\n\n" + ArticleRow.body).label("text"),
        )
        .join_from(ranked, ArticleRow, ArticleRow.id == ranked.c.id)
        .order_by(*final_order)
    )


# PostgreSQL ranks at most this many matches of a query: the most recent ones (see `search`).
RANKED_CANDIDATES = 1_000

_HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, '
    "ShortWord=3, MaxFragments=1"
)


def _postgresql(tsquery: str, in_period: ColumnElement[bool] | None, page: _Page) -> Select[tuple[Any, ...]]:
    german: ColumnElement[Any] = literal_column("'german'::regconfig")
    query = func.to_tsquery(german, tsquery)
    vector: ColumnElement[Any] = literal_column("articles.search_vector")
    # All matches, from the GIN index; a MATERIALIZED CTE keeps the planner from walking the `published_on` index
    # instead and testing each row's (TOASTed) tsvector. Sorting the matches does not read their tsvectors.
    matches = (
        select(ArticleRow.id, ArticleRow.published_on, vector.label("search_vector"))
        .where(vector.op("@@")(query), *([] if in_period is None else [in_period]))
        .cte("matches")
        .prefix_with("MATERIALIZED")
    )
    newest_first = (matches.c.published_on.desc(), matches.c.id.desc())
    # By date, the page itself is the most recent matches; by rank, the candidates are (see `search`).
    recent = (
        select(matches.c.id, matches.c.published_on, matches.c.search_vector)
        .order_by(*newest_first)
        .limit(page.limit if page.by_date else RANKED_CANDIDATES)
        .offset((page.offset or None) if page.by_date else None)
        .subquery("recent")
    )
    # Normalization 1 divides by 1 + log(document length), as bm25 favours shorter documents.
    rank = func.ts_rank_cd(recent.c.search_vector, query, 1).label("rank")
    # Rank with the tsvector alone; read the text of the `limit` rows kept only (ts_headline re-parses it).
    ranked = select(recent.c.id, rank)
    if not page.by_date:
        ranked = ranked.order_by(rank.desc(), recent.c.id).limit(page.limit).offset(page.offset or None)
    kept = ranked.subquery("ranked")
    headline = func.ts_headline(german, ArticleRow.lede + "\n\n" + ArticleRow.body, query, _HEADLINE_OPTIONS)
    final_order = (
        (ArticleRow.published_on.desc(), ArticleRow.id.desc()) if page.by_date else (kept.c.rank.desc(), ArticleRow.id)
    )
    return (
        select(
            ArticleRow.id,
            ArticleRow.external_id,
            ArticleRow.title,
            ArticleRow.published_on,
            ArticleRow.date_precision,
            kept.c.rank,
            headline.label("snippet"),
        )
        .join_from(kept, ArticleRow, ArticleRow.id == kept.c.id)
        .order_by(*final_order)
    )
