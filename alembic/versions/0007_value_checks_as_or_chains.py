"""quotes.kind, quotes.medium and quote_spans.role are checked by OR chains instead of IN lists.

SQLite evaluates a CHECK `x IN ('a', 'b', 'c', ...)` of three or more values by building and clearing a small
lookup table for every row it checks; `x = 'a' OR x = 'b' OR ...` means the same and costs a few comparisons.
The writer checks these three constraints for every quote and every span it inserts. A NULL passes both forms
(a CHECK fails only when false), so `quotes.medium` stays nullable. Same names, same meaning, on both backends.

SQLite changes a CHECK only by rebuilding the table: `quotes` and `quote_spans` are copied (batch mode) while
newsdb.store.sqlite_rebuild keeps their views, triggers and child rows intact. PostgreSQL replaces the
constraints in place, one ALTER TABLE per table (its grants stay). The downgrade restores the IN lists; no data
is lost either way.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from collections.abc import Callable, Sequence

from alembic import op
from newsdb.store.sqlite_rebuild import rebuilding_table

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen values of this revision (newsdb.document's enums may grow; this migration must not change with them).
# table -> column -> the values its CHECK allows (constraint ck_<table>_<column>)
_CHECKED: dict[str, dict[str, tuple[str, ...]]] = {
    "quotes": {
        "kind": ("direct", "indirect", "mixed", "reported", "free_indirect"),
        "medium": ("speech", "thought", "writing"),
    },
    "quote_spans": {"role": ("quote", "speaker", "cue", "frame", "addressee")},
}


def in_list(column: str, values: tuple[str, ...]) -> str:
    """The form of revisions 0001 to 0006: `kind IN ('direct', 'indirect')`."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def or_chain(column: str, values: tuple[str, ...]) -> str:
    """The form of this revision: `kind = 'direct' OR kind = 'indirect'`."""
    return " OR ".join(f"{column} = {v!r}" for v in values)


def _replace_checks(form: Callable[[str, tuple[str, ...]], str]) -> None:
    for table, columns in _CHECKED.items():
        names = {column: op.f(f"ck_{table}_{column}") for column in columns}
        if op.get_bind().dialect.name == "postgresql":
            # one statement: PostgreSQL checks the stored rows against both new constraints in one scan
            changes = [
                f"DROP CONSTRAINT {names[column]}, ADD CONSTRAINT {names[column]} CHECK ({form(column, values)})"
                for column, values in columns.items()
            ]
            op.execute(f"ALTER TABLE {table} {', '.join(changes)}")
            continue
        with rebuilding_table(op, table), op.batch_alter_table(table) as batch:
            for column, values in columns.items():
                batch.drop_constraint(names[column], type_="check")
                batch.create_check_constraint(names[column], form(column, values))


def upgrade() -> None:
    _replace_checks(or_chain)


def downgrade() -> None:
    _replace_checks(in_list)
