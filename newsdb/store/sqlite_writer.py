"""The SQLite side of the writer: ids past `max(id)`, executemany, and the full-text index rows newsdb writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime
from itertools import chain
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, ColumnElement, Connection, Table, text

from newsdb.search import sqlite_index
from newsdb.store.types import StoredDate, UTCDateTime

if TYPE_CHECKING:
    from newsdb.store.writer import KeyColumn

# Rows per INSERT statement: more saves little, and each statement of another length is compiled anew.
_ROWS_PER_STATEMENT = 200


class SQLiteBackend:
    """Writes through one SQLite connection whose transaction began with BEGIN IMMEDIATE (the write lock)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._indexed: bool | None = None
        self._variable_limit: int | None = None

    def lock(self) -> None:
        """Nothing to do: the transaction holds SQLite's only write lock from BEGIN IMMEDIATE on."""

    def one_of(self, column: KeyColumn, values: Sequence[str]) -> ColumnElement[bool]:
        """`column IN (values)`."""
        return column.in_(values)

    def allocate(self, table: str, count: int) -> list[int]:
        """`count` fresh ids past the largest one: safe, as no other writer can insert meanwhile."""
        if count == 0:
            return []
        top = self.connection.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()
        return list(range(top + 1, top + 1 + count))

    def insert(self, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Many rows per statement (`INSERT … VALUES (…), (…), …`): SQLite runs a statement's program once for all
        of them, where executemany steps and resets it once per row through the driver; span rows go in in about
        60% of executemany's time."""
        if not rows:
            return
        width = len(columns)
        per = max(1, min(_ROWS_PER_STATEMENT, self._variables() // width))
        head = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES "
        row = f"({', '.join('?' * width)})"
        whole = len(rows) - len(rows) % per
        if whole:
            values = [tuple(chain.from_iterable(rows[at : at + per])) for at in range(0, whole, per)]
            self.connection.exec_driver_sql(head + ", ".join([row] * per), values)
        if whole < len(rows):
            rest = rows[whole:]
            self.connection.exec_driver_sql(head + ", ".join([row] * len(rest)), tuple(chain.from_iterable(rest)))

    def _variables(self) -> int:
        """How many parameters one statement may have (SQLite's limit, 32766 by default since 3.32)."""
        if self._variable_limit is None:
            driver = self.connection.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            self._variable_limit = driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return self._variable_limit

    def converters(self, table: Table, columns: Sequence[str]) -> list[tuple[int, Callable[[Any], Any]]]:
        """What the driver cannot store as given, by position: dates as ISO text, timestamps in UTCDateTime's form."""
        found: list[tuple[int, Callable[[Any], Any]]] = []
        for position, name in enumerate(columns):
            column: Column[Any] = table.c[name]
            if isinstance(column.type, UTCDateTime):
                found.append((position, _timestamp))
            elif isinstance(column.type, StoredDate):
                found.append((position, _date))
        return found

    @property
    def indexed(self) -> bool:
        """Whether the full-text table exists (looked up once, inside the first write's transaction)."""
        if self._indexed is None:
            self._indexed = sqlite_index.has_index(self.connection)
        return self._indexed

    def index(self, rows: Sequence[dict[str, Any]]) -> None:
        if self.indexed:
            sqlite_index.write(self.connection, rows)

    def unindex(self, article_ids: Sequence[int]) -> None:
        if self.indexed:
            sqlite_index.delete(self.connection, article_ids)


def _date(value: date) -> str:
    return value.isoformat()


def _timestamp(value: datetime) -> str:
    # The storage format of newsdb.store.types.UTCDateTime on SQLite: naive UTC with microseconds.
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")
