"""What a schema change deletes: row counts before and after, compared inside the migration's transaction.

A downgrade runs in one transaction. `snapshot` counts the rows of every table (and the values of every column)
before it runs and again after; `DataLoss.between` names the tables, rows and column values that are gone. The
caller then commits or rolls back, so what is reported is exactly what the migration did, whatever its scripts
contain. Objects derived from the articles (the full-text index and its generated column) are left out: an
upgrade computes them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, inspect

# Not data: Alembic's bookkeeping and SQLite's internal tables.
_IGNORED_TABLES = frozenset({"alembic_version"})
_IGNORED_PREFIXES = ("sqlite_",)


@dataclass(frozen=True, slots=True)
class TableCount:
    """The rows of one table and, per column, how many of them hold a value (not NULL)."""

    rows: int
    values: dict[str, int]


Snapshot = dict[str, TableCount]


@dataclass(frozen=True, slots=True)
class DataLoss:
    """Rows a schema change deletes, by table, and values it deletes with a dropped column, by `table.column`."""

    rows: dict[str, int] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.rows or self.values)

    def describe(self) -> str:
        """One line: `8000 rows of articles, 52000 rows of sections, 3 values of articles.note`."""
        parts = [f"{n} {'row' if n == 1 else 'rows'} of {table}" for table, n in self.rows.items()]
        parts += [f"{n} {'value' if n == 1 else 'values'} of {column}" for column, n in self.values.items()]
        return ", ".join(parts) or "nothing"

    @classmethod
    def between(cls, before: Snapshot, after: Snapshot) -> DataLoss:
        """What `before` holds that `after` does not: dropped tables, deleted rows, dropped columns' values."""
        rows: dict[str, int] = {}
        values: dict[str, int] = {}
        for table, counted in before.items():
            now = after.get(table)
            lost_rows = counted.rows - (now.rows if now is not None else 0)
            if lost_rows > 0:
                rows[table] = lost_rows
            if now is None:
                continue
            for column, n in counted.values.items():
                if column not in now.values and n > 0:
                    values[f"{table}.{column}"] = n
        return cls(dict(sorted(rows.items())), dict(sorted(values.items())))


def snapshot(
    connection: Connection, derived_prefixes: tuple[str, ...], derived_columns: frozenset[tuple[str, str]]
) -> Snapshot:
    """Rows and non-NULL values of every table, leaving out derived tables (by name prefix) and columns."""
    inspector = inspect(connection)
    preparer = connection.dialect.identifier_preparer
    counts: Snapshot = {}
    for table in inspector.get_table_names():
        if table in _IGNORED_TABLES or table.startswith(_IGNORED_PREFIXES + derived_prefixes):
            continue
        columns = [
            str(column["name"])
            for column in inspector.get_columns(table)
            if (table, column["name"]) not in derived_columns
        ]
        counted = ", ".join(["count(*)", *(f"count({preparer.quote(column)})" for column in columns)])
        found = connection.exec_driver_sql(f"SELECT {counted} FROM {preparer.quote(table)}").one()
        counts[table] = TableCount(int(found[0]), dict(zip(columns, (int(n) for n in found[1:]), strict=True)))
    return counts
