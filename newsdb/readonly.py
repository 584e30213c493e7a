"""Running a user's SQL without letting it write.

SQLite: the file is opened read-only (`file:...?mode=ro`) with `PRAGMA query_only`. PostgreSQL: the statement
runs in a `READ ONLY` transaction, as a prepared statement, so that `COMMIT; DELETE ...` cannot leave it.
Either way one statement at a time, and every failure is a one-line `SqlQueryError`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import URL

from newsdb.config import connect, resolve_url
from newsdb.errors import NewsdbError
from newsdb.session import open_connection


class SqlQueryError(NewsdbError):
    """SQL that failed or tried to write."""


@dataclass(frozen=True, slots=True)
class SqlResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_readonly(url: str | URL | None, sql: str) -> SqlResult:
    """Run one SQL statement read-only and return all its rows."""
    resolved = resolve_url(url)
    if resolved.get_backend_name() == "sqlite":
        return _sqlite(resolved, sql)
    return _postgresql(resolved, sql)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _sqlite(url: URL, sql: str) -> SqlResult:
    path = url.database
    if not path or path == ":memory:" or not Path(path).is_file():
        raise SqlQueryError(f"no SQLite database file at {path or '(none)'!r}")
    connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        connection.execute("PRAGMA query_only = ON")
        cursor = connection.execute(sql)  # sqlite3 refuses more than one statement
        columns = [d[0] for d in cursor.description or ()]
        return SqlResult(columns, [tuple(row) for row in cursor.fetchall()])
    except (sqlite3.Error, sqlite3.Warning) as exc:
        raise SqlQueryError(_explain(_one_line(exc))) from None
    finally:
        connection.close()


def _postgresql(url: URL, sql: str) -> SqlResult:
    engine = connect(url)
    try:
        with open_connection(engine) as connection, connection.begin():
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            driver: psycopg.Connection[Any] = connection.connection.driver_connection  # type: ignore[assignment]
            with driver.cursor() as cursor:
                try:
                    cursor.execute(sql, prepare=True)  # a prepared statement holds exactly one command
                except psycopg.Error as exc:
                    message = exc.diag.message_primary or _one_line(exc)
                    raise SqlQueryError(_explain(message)) from None
                columns = [d.name for d in cursor.description or ()]
                rows = [tuple(row) for row in cursor.fetchall()] if cursor.description else []
            return SqlResult(columns, rows)
    finally:
        engine.dispose()


def _explain(message: str) -> str:
    lowered = message.lower()
    if "read-only" in lowered or "readonly" in lowered:
        return f"newsdb sql only reads: {message}"
    return message
