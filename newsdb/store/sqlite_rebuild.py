"""Keeping views, triggers and child rows intact when a migration rebuilds a table on SQLite.

SQLite alters most things by rebuilding the table (Alembic's `batch_alter_table`: create a copy, drop the
original, rename the copy). That breaks three ways: the rename fails while a view refers to the table, the drop
removes the table's triggers (among them the full-text index triggers), and with foreign keys on the drop
deletes every child row through ON DELETE CASCADE. A later migration therefore wraps the rebuild::

    from newsdb.store.sqlite_rebuild import rebuilding_table

    def upgrade() -> None:
        with rebuilding_table(op, "articles"), op.batch_alter_table("articles") as batch:
            batch.add_column(sa.Column("summary", sa.Text()))

Foreign keys must be off during the rebuild (Alembic's documented requirement for SQLite), and SQLite only
switches them off outside a transaction: the code running the migrations does it before beginning its
transaction. When they are still on, `rebuilding_table` refuses to rebuild a table holding rows rather than
letting the drop delete its children. After the block, `PRAGMA foreign_key_check` must find nothing.

On PostgreSQL (which alters tables in place) it does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic.operations import Operations
from sqlalchemy import Connection, text

from newsdb.errors import SchemaError


@contextmanager
def rebuilding_table(op: Operations, table: str) -> Iterator[None]:
    """Drop views and triggers, switch foreign keys off, run the block, then restore and check everything."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    keys_were_on = _foreign_keys_off(bind, table)
    # Creation order, so that views built on views come back after their base.
    saved = bind.execute(
        text("SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY rowid")
    ).all()
    for kind, name, _sql in reversed(saved):
        bind.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
    yield
    for _kind, _name, sql in saved:
        bind.exec_driver_sql(sql)
    violations = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
    if violations:
        raise SchemaError(f"rebuilding {table} broke {len(violations)} foreign key reference(s)")
    if keys_were_on:
        bind.exec_driver_sql("PRAGMA foreign_keys = ON")


def _foreign_keys_off(bind: Connection, table: str) -> bool:
    """Switch foreign keys off; True when they were on. Refuse when that is impossible and rows would go."""
    if not bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        return False
    bind.exec_driver_sql("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        if bind.exec_driver_sql(f'SELECT EXISTS (SELECT 1 FROM "{table}")').scalar():
            raise SchemaError(
                f"cannot rebuild table {table} safely: SQLite foreign keys are on inside the migration's "
                "transaction, and dropping the table would delete its child rows; switch them off "
                "(PRAGMA foreign_keys = OFF) before the transaction begins"
            )
        return False
    return True
