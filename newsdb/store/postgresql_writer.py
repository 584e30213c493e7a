"""The PostgreSQL side of the writer: the write lock, id ranges from sequences, binary COPY."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import psycopg
from sqlalchemy import ColumnElement, Connection, String, Table, any_, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError

from newsdb.store.locks import lock_writers

if TYPE_CHECKING:
    from newsdb.store.writer import KeyColumn


class PostgreSQLBackend:
    """Writes through one PostgreSQL connection, inside the caller's transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._sequences: dict[str, str] = {}
        self._types: dict[tuple[str, tuple[str, ...]], list[int]] = {}

    def lock(self) -> None:
        lock_writers(self.connection)

    def one_of(self, column: KeyColumn, values: Sequence[str]) -> ColumnElement[bool]:
        """`column = ANY(:array)`: one array parameter rather than one per value, cheaper to send and to plan."""
        return column == any_(bindparam(None, list(values), ARRAY(String)))

    def allocate(self, table: str, count: int) -> list[int]:
        """`count` fresh ids from the table's sequence, in one statement."""
        if count == 0:
            return []
        # The sequence is a parameter cast to regclass, converted once per statement; looking it up by function
        # (pg_get_serial_sequence) would run once per id.
        ids: list[int] = self.connection.execute(
            text("SELECT array_agg(nextval(CAST(:sequence AS regclass))) FROM generate_series(1, :count)"),
            {"sequence": self._sequence_of(table), "count": count},
        ).scalar_one()
        return ids

    def _sequence_of(self, table: str) -> str:
        if table not in self._sequences:
            found = self.connection.execute(text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table})
            self._sequences[table] = found.scalar_one()
        return self._sequences[table]

    def insert(self, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Binary COPY: the server does not parse and unescape every value, most of all long texts."""
        if not rows:
            return
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
        types = self._types_of(table.name, tuple(columns))
        driver = self.connection.connection.driver_connection
        assert driver is not None
        try:
            with driver.cursor() as cursor, cursor.copy(statement) as copy:
                copy.set_types(types)
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as exc:
            # the driver is used directly here: raise what SQLAlchemy raises for every other statement
            # (IntegrityError, DataError, ...), so that callers handle a rejected row the same on both backends
            raise DBAPIError.instance(statement, None, exc, psycopg.Error, dialect=self.connection.dialect) from exc

    def _types_of(self, table: str, columns: tuple[str, ...]) -> list[int]:
        """The type oids of `columns` of `table`, as binary COPY needs them."""
        if (table, columns) not in self._types:
            found = self.connection.execute(
                text(
                    "SELECT attname, atttypid FROM pg_attribute"
                    " WHERE attrelid = to_regclass(:table) AND attnum > 0 AND NOT attisdropped"
                ),
                {"table": table},
            ).all()
            oids = {name: int(oid) for name, oid in found}
            self._types[(table, columns)] = [oids[column] for column in columns]
        return self._types[(table, columns)]

    def converters(self, table: Table, columns: Sequence[str]) -> list[tuple[int, Callable[[Any], Any]]]:
        """psycopg takes dates and aware timestamps as they are."""
        return []

    def index(self, rows: Sequence[dict[str, Any]]) -> None:
        """Nothing to do: PostgreSQL computes `search_vector` itself."""

    def unindex(self, article_ids: Sequence[int]) -> None:
        """Nothing to do: the generated column goes with the row."""
