"""SQLite's full-text index: the FTS5 table `articles_fts`, the one place that writes and deletes its rows.

SQLite cannot stem inside a trigger, so newsdb writes one row per article (rowid = `articles.id`) whose columns
hold the index terms (`newsdb.search.terms`) of title, lede and body: the writers in bulk, the models' mapper
events for articles added or changed through a session. Triggers (migration 0002) drop the row of a deleted
article and the stale row of a changed one. PostgreSQL needs none of this: a generated `tsvector` column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, inspect, text

from newsdb.search.terms import index_terms

FTS_TABLE = "articles_fts"
INDEX_SQL = f"INSERT OR REPLACE INTO {FTS_TABLE}(rowid, title, lede, body) VALUES (:id, :title, :lede, :body)"

_REINDEX_BATCH = 500
_DELETE = text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN :ids").bindparams(bindparam("ids", expanding=True))


def has_index(connection: Connection) -> bool:
    """Whether the database has SQLite's full-text table (PostgreSQL: never)."""
    return connection.dialect.name == "sqlite" and inspect(connection).has_table(FTS_TABLE)


def index_row(article_id: int, title: str | None, lede: str, body: str) -> dict[str, Any]:
    """The index row of one article, as `write` takes it."""
    title_terms, lede_terms, body_terms = index_terms(title, lede, body)
    return {"id": article_id, "title": title_terms, "lede": lede_terms, "body": body_terms}


def write(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Write (or replace) index rows: `{"id", "title", "lede", "body"}` with terms already computed."""
    if rows:
        connection.exec_driver_sql(INDEX_SQL, list(rows))


def delete(connection: Connection, article_ids: Sequence[int]) -> None:
    """Remove the index rows of articles whose text is about to be rewritten."""
    if article_ids:
        connection.execute(_DELETE, {"ids": list(article_ids)})


def reindex(connection: Connection) -> int:
    """Rebuild the index from `articles`, e.g. after upgrading the stemmer; returns the number of articles."""
    connection.exec_driver_sql(f"DELETE FROM {FTS_TABLE}")
    page = text("SELECT id, title, lede, body FROM articles WHERE id > :after ORDER BY id LIMIT :n")
    after, count = -1, 0
    while rows := connection.execute(page, {"after": after, "n": _REINDEX_BATCH}).all():
        write(connection, [index_row(r.id, r.title, r.lede, r.body) for r in rows])
        after, count = rows[-1].id, count + len(rows)
    return count
