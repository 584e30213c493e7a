"""Writing `quote_spans`: one small writer per backend, given rows whose ids are already known.

A span row is (`quote_id`, `article_id`, `paragraph_id`, `role`, `start_offset`, `end_offset`). PostgreSQL gets
them by binary COPY, SQLite by one executemany; both run in the caller's transaction, after the quotes they
belong to are written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import psycopg
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from newsdb.document import Quote, Span, SpanRole

SPAN_COLUMNS = ("quote_id", "article_id", "paragraph_id", "role", "start_offset", "end_offset")
# the column types binary COPY sends, in SPAN_COLUMNS order (ids are 64-bit on PostgreSQL)
_POSTGRESQL_TYPES = ("int8", "int8", "int8", "varchar", "int4", "int4")

SpanRow = tuple[int, int, int, str, int, int]


def spans_to_write(quote: Quote) -> tuple[Span, ...]:
    """A quote's spans as stored: its `quote` spans (its own offsets when it has none recorded), then the others."""
    return quote.spans_as(SpanRole.QUOTE) + tuple(s for s in quote.spans if s.role is not SpanRole.QUOTE)


def write_spans_postgresql(connection: Connection, rows: Sequence[SpanRow]) -> None:
    """COPY `rows` into `quote_spans`."""
    if not rows:
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    statement = f"COPY quote_spans ({', '.join(SPAN_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            copy.set_types(list(_POSTGRESQL_TYPES))
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as exc:
        # what SQLAlchemy raises for every other statement, so that callers handle a rejected row the same way
        raise DBAPIError.instance(statement, None, exc, psycopg.Error, dialect=connection.dialect) from exc


def write_spans_sqlite(connection: Connection, rows: Sequence[SpanRow]) -> None:
    """Insert `rows` into `quote_spans` with one executemany."""
    if rows:
        marks = ", ".join("?" * len(SPAN_COLUMNS))
        connection.exec_driver_sql(f"INSERT INTO quote_spans ({', '.join(SPAN_COLUMNS)}) VALUES ({marks})", rows)


SPAN_WRITERS: dict[str, Callable[[Connection, Sequence[SpanRow]], None]] = {
    "postgresql": write_spans_postgresql,
    "sqlite": write_spans_sqlite,
}


def span_writer(dialect: str) -> Callable[[Connection, Sequence[SpanRow]], None]:
    """The span writer of a backend (by SQLAlchemy dialect name)."""
    return SPAN_WRITERS[dialect]
