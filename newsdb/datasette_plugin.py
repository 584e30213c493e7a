"""A datasette plugin: `datasette newsdb.sqlite3` searches articles as newsdb does, and has canned queries.

Installed with `pip install 'newsdb[datasette]'` and found by datasette through its entry point. For every
database that holds newsdb's tables it

- registers SQL functions: `newsdb_stem(text)` (the index terms of a text, as newsdb indexes it),
  `newsdb_match(query)` (newsdb's search syntax as an FTS5 MATCH expression over the stems) and
  `newsdb_snippet(text, query)` (a snippet with the matches in `[` `]`) and `newsdb_fold(name)` (a name as
  newsdb compares names: without case, accents and umlaut spellings);
- makes datasette's own search (`escape_fts`, used by the search box and `?_search=`) stem the query, so that
  `Festnahme` finds `Festnahmen` in `articles` and in `articles_fts`;
- configures full-text search on `articles` and adds canned queries: quotes by source, quotes per month, and
  search with snippets.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from datasette import hookimpl
from datasette.utils import escape_fts as datasette_escape_fts

from newsdb.search.query import SearchQueryError, parse_query, to_fts5
from newsdb.search.snippet import make_snippet
from newsdb.search.terms import index_text
from newsdb.sources.names import fold

F = TypeVar("F", bound=Callable[..., Any])

BM25 = "bm25(articles_fts, 10.0, 4.0, 1.0)"


def _hook(function: F) -> F:
    decorated: F = hookimpl(function)
    return decorated


def _last_hook(function: F) -> F:
    decorated: F = hookimpl(trylast=True)(function)
    return decorated


CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "search": {
        "title": "Search articles",
        "description": 'newsdb\'s search syntax: words, "a phrase", -excluded, A OR B; German stemming.',
        "sql": f"""SELECT a.external_id, a.published_on, a.date_precision, a.title,
       newsdb_snippet(a.lede || char(10) || a.body, :q) AS snippet, round(-{BM25}, 3) AS rank
FROM articles_fts
JOIN articles AS a ON a.id = articles_fts.rowid
WHERE articles_fts MATCH newsdb_match(:q)
ORDER BY {BM25}
LIMIT 50""",
    },
    "quotes_by_source": {
        "title": "Quotes by source",
        "description": "Quotes of every source one of whose names contains the text given, as `newsdb quotes "
        "--source` finds them: case, accents and umlaut spellings do not matter (Schroeder finds Schröder).",
        "sql": """SELECT published_on, external_id, source_name, speaker_role, kind, text
FROM quote_details
WHERE source_id IN (SELECT id FROM sources WHERE normalized_key LIKE '%:%' || newsdb_fold(:source) || '%'
                    UNION
                    SELECT source_id FROM source_aliases WHERE normalized_key LIKE '%:%' || newsdb_fold(:source) || '%')
ORDER BY published_on, external_id, paragraph_position, start_offset""",
    },
    "quotes_per_month": {
        "title": "Quotes per month",
        "description": "Articles dated only to the year count under the year (2021), not under its January.",
        "sql": """SELECT CASE a.date_precision WHEN 'year' THEN strftime('%Y', a.published_on)
                                  ELSE strftime('%Y-%m', a.published_on) END AS month,
       count(*) AS quotes, count(DISTINCT q.article_id) AS articles, count(DISTINCT q.source_id) AS sources
FROM quotes AS q
JOIN articles AS a ON a.id = q.article_id
GROUP BY month
ORDER BY month""",
    },
}


def newsdb_match(query: str | None) -> str:
    """The FTS5 MATCH expression of a query in newsdb's syntax; for a query of stop words only, stems."""
    if not query:
        return '""'
    try:
        return to_fts5(parse_query(query))
    except SearchQueryError:
        # datasette's escaping of the stems: matches what FTS5 can match, errs on nothing
        return str(datasette_escape_fts(index_text(query) or query))


def newsdb_snippet(text: str | None, query: str | None) -> str | None:
    if text is None or not query:
        return text
    try:
        stems = parse_query(query).stems()
    except SearchQueryError:
        return None
    return make_snippet(text, stems)


def _fold(name: str | None) -> str | None:
    return None if name is None else fold(name)


@_last_hook  # after datasette's own functions, so that escape_fts is replaced
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("newsdb_stem", 1, index_text, deterministic=True)
    conn.create_function("newsdb_match", 1, newsdb_match, deterministic=True)
    conn.create_function("newsdb_snippet", 2, newsdb_snippet, deterministic=True)
    conn.create_function("newsdb_fold", 1, _fold, deterministic=True)
    # Only newsdb's index holds stems: on other databases, keep datasette's escaping.
    if _has_newsdb_index(conn):
        conn.create_function("escape_fts", 1, newsdb_match, deterministic=True)


def _has_newsdb_index(conn: sqlite3.Connection) -> bool:
    try:
        found = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('articles', 'articles_fts', 'quote_details')"
        ).fetchone()
    except sqlite3.Error:
        return False
    return bool(found and found[0] == 3)


@lru_cache(maxsize=64)
def _is_newsdb_file(path: str) -> bool:
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return _has_newsdb_index(conn)
    finally:
        conn.close()


def _newsdb_databases(datasette: Any) -> list[str]:
    return [
        name
        for name, database in datasette.databases.items()
        if getattr(database, "path", None) and _is_newsdb_file(str(database.path))
    ]


@_hook
def get_metadata(datasette: Any, key: str, database: str | None, table: str | None) -> dict[str, Any]:
    articles = {
        "fts_table": "articles_fts",
        "fts_pk": "id",
        "sort_desc": "published_on",
        "description": "Search with newsdb's syntax and German stemming: Festnahme finds Festnahmen.",
    }
    return {"databases": {name: {"tables": {"articles": articles}} for name in _newsdb_databases(datasette)}}


@_hook
def canned_queries(datasette: Any, database: str) -> dict[str, dict[str, Any]] | None:
    return CANNED_QUERIES if database in _newsdb_databases(datasette) else None
