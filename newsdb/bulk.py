"""Bulk inserts of rows whose ids are known: binary COPY on PostgreSQL, one executemany on SQLite."""

from __future__ import annotations

from typing import Any

import psycopg
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError


class BulkInserter:
    """Inserts rows into a table with one statement, through the caller's connection and transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._column_types: dict[str, list[int]] = {}

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        names = ", ".join(columns)
        if self.connection.dialect.name == "postgresql":
            types = self._types_of(table, columns)
            driver = self.connection.connection.driver_connection
            assert driver is not None
            statement = f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)"
            try:
                # The binary format spares the server parsing and unescaping every value, most of all long texts.
                with driver.cursor() as cursor, cursor.copy(statement) as copy:
                    copy.set_types(types)
                    for row in rows:
                        copy.write_row(row)
            except psycopg.Error as exc:
                # the driver is used directly here: raise what SQLAlchemy raises for every other statement
                # (IntegrityError, DataError, ...), so that callers handle a rejected row the same on both backends
                raise DBAPIError.instance(statement, None, exc, psycopg.Error, dialect=self.connection.dialect) from exc
        else:
            marks = ", ".join("?" * len(columns))
            self.connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def _types_of(self, table: str, columns: tuple[str, ...]) -> list[int]:
        """The type oids of `columns` of `table`, as binary COPY needs them."""
        if table not in self._column_types:
            found = self.connection.execute(
                text(
                    "SELECT attname, atttypid FROM pg_attribute"
                    " WHERE attrelid = to_regclass(:table) AND attnum > 0 AND NOT attisdropped"
                ),
                {"table": table},
            ).all()
            oids = {name: int(oid) for name, oid in found}
            self._column_types[table] = [oids[column] for column in columns]
        return self._column_types[table]
