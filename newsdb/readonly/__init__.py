"""Running a user's SQL so that it can only read, for a limited time, with rows streamed.

`stream_readonly` opens the query and hands back its columns and an iterator over its rows, fetched a chunk at a
time, so that memory stays flat for any number of rows; `run_readonly` collects them all for small results.
SQLite: see `newsdb.readonly.sqlite`; PostgreSQL: see `newsdb.readonly.postgresql`. Every refusal and failure is
a one-line `SqlQueryError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import URL

from newsdb.readonly import postgresql, sqlite
from newsdb.readonly.result import Row, SqlQueryError, SqlRows, TimeBudget
from newsdb.store.config import resolve_url

__all__ = ["DEFAULT_TIMEOUT", "Row", "SqlQueryError", "SqlResult", "SqlRows", "run_readonly", "stream_readonly"]

DEFAULT_TIMEOUT = 5.0
CHUNK_ROWS = 1_000


@dataclass(frozen=True, slots=True)
class SqlResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


@contextmanager
def stream_readonly(
    sql: str, *, url: str | URL | None = None, timeout: float = DEFAULT_TIMEOUT, chunk_rows: int = CHUNK_ROWS
) -> Iterator[SqlRows]:
    """Run one read-only SQL statement; iterate the yielded `SqlRows` inside the block.

    `url` is a URL, not an engine: the statement runs on a connection of its own, as the read-only role.

    `timeout` bounds the seconds the query keeps the database busy, summed over all fetches; past it, the query is
    stopped and iterating raises SqlQueryError.
    """
    if not isinstance(sql, str):
        raise TypeError(f"sql must be a str, not {type(sql).__name__}")
    budget = TimeBudget(timeout)
    resolved = resolve_url(url)
    backend = sqlite if resolved.get_backend_name() == "sqlite" else postgresql
    with backend.stream(resolved, sql, budget, chunk_rows) as rows:
        yield rows


def run_readonly(sql: str, *, url: str | URL | None = None, timeout: float = DEFAULT_TIMEOUT) -> SqlResult:
    """Run one read-only SQL statement and return all its rows (for results that fit in memory)."""
    with stream_readonly(sql, url=url, timeout=timeout) as rows:
        return SqlResult(rows.columns, list(rows))
