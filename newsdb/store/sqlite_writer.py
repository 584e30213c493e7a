"""The SQLite side of the writer: ids past `max(id)`, executemany, and the full-text index rows newsdb writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, ColumnElement, Connection, Date, Table, text

from newsdb.search import sqlite_index
from newsdb.store.types import UTCDateTime

if TYPE_CHECKING:
    from newsdb.store.writer import KeyColumn


class SQLiteBackend:
    """Writes through one SQLite connection whose transaction began with BEGIN IMMEDIATE (the write lock)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._indexed: bool | None = None

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
        if rows:
            marks = ", ".join("?" * len(columns))
            self.connection.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", rows)

    def converters(self, table: Table, columns: Sequence[str]) -> list[tuple[int, Callable[[Any], Any]]]:
        """What the driver cannot store as given, by position: dates as ISO text, timestamps in UTCDateTime's form."""
        found: list[tuple[int, Callable[[Any], Any]]] = []
        for position, name in enumerate(columns):
            column: Column[Any] = table.c[name]
            if isinstance(column.type, UTCDateTime):
                found.append((position, _timestamp))
            elif isinstance(column.type, Date):
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
