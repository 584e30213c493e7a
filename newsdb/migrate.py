"""Programmatic Alembic: upgrade, downgrade, current revision and drift checks against the packaged scripts.

An installed newsdb carries its migration scripts inside the package (`newsdb/_alembic`); in a source checkout
they are the top-level `alembic/` folder, which `alembic.ini` points to as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.engine import URL

from alembic import command
from newsdb.config import IMMEDIATE_OPTION, connect, connect_for_writing
from newsdb.data_loss import DataLoss, snapshot
from newsdb.errors import DataLossError, SchemaError
from newsdb.load import lock_writers
from newsdb.session import open_connection

# Objects created by hand-written DDL in migrations, which autogenerate cannot compare: the SQLite FTS5 table
# (and its shadow tables), PostgreSQL's generated search column and its GIN index.
UNMANAGED_PREFIXES = ("articles_fts",)
UNMANAGED_COLUMNS = frozenset({("articles", "search_vector")})
UNMANAGED_INDEXES = frozenset({"ix_articles_search_vector"})


def script_location() -> Path:
    """The migration scripts: inside the installed package, else the source checkout's `alembic/`."""
    packaged = Path(__file__).with_name("_alembic")
    if (packaged / "env.py").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "alembic"


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Leave hand-written objects (full-text tables and the like) out of autogenerate's comparison."""
    if type_ == "table":
        return not (name is not None and name.startswith(UNMANAGED_PREFIXES))
    if type_ == "column":
        return (getattr(obj.table, "name", None), name) not in UNMANAGED_COLUMNS
    if type_ == "index":
        return name not in UNMANAGED_INDEXES
    return True


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location()))
    config.attributes["configure_logging"] = False
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision this newsdb knows."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None
    return revision


def _engine(target: str | URL | Engine | None, writer: bool) -> Engine:
    if isinstance(target, Engine):
        return target
    return connect_for_writing(target) if writer else connect(target)


@contextmanager
def _migration_connection(target: str | URL | Engine | None, *, writer: bool = False) -> Iterator[Connection]:
    """A connection in a transaction; a `writer` refuses in-memory URLs (whatever it wrote would vanish with its
    engine) and holds the write lock from the start (SQLite: BEGIN IMMEDIATE)."""
    engine = _engine(target, writer)
    try:
        with open_connection(engine) as connection, foreign_keys_deferred(connection):
            if writer:
                connection.execution_options(**{IMMEDIATE_OPTION: True})
            with connection.begin():
                if writer:
                    lock_writers(connection)
                yield connection
    finally:
        if engine is not target:
            engine.dispose()


@contextmanager
def foreign_keys_deferred(connection: Connection) -> Iterator[None]:
    """On SQLite, run the block with foreign keys off and check them at its end.

    Batch migrations rebuild a table by copying it and dropping the original; with foreign keys on, that drop
    would cascade into every child row. SQLite ignores the pragma inside a transaction, so this must wrap the
    migration's transaction, not sit inside it.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
        broken = driver.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise SchemaError(f"the migration left {len(broken)} rows with broken foreign keys: {broken[:3]}")
    finally:
        driver.execute("PRAGMA foreign_keys = ON")


def current(url: str | URL | Engine | None = None) -> str | None:
    """The revision the database is at, or None for a database newsdb has never migrated."""
    with _migration_connection(url) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(url: str | URL | Engine | None = None, revision: str = "head") -> None:
    """Migrate the database up to `revision` (default: the newest)."""
    with _migration_connection(url, writer=True) as connection:
        _known_revision(connection)
        _run(command.upgrade, connection, revision)


def downgrade(url: str | URL | Engine | None, revision: str, *, allow_data_loss: bool = False) -> DataLoss:
    """Migrate the database down to `revision` (`base` removes newsdb's tables); return what was deleted.

    A downgrade that would delete rows (or values of a dropped column) raises DataLossError and changes
    nothing, unless `allow_data_loss` is true. The check runs the downgrade in its transaction and compares
    row counts before and after, so it names exactly what the migration scripts delete. The full-text index
    is not counted: it is derived from the articles and an upgrade builds it again.
    """
    with _migration_connection(url, writer=True) as connection:
        _known_revision(connection)
        before = snapshot(connection, UNMANAGED_PREFIXES, UNMANAGED_COLUMNS)
        _run(command.downgrade, connection, revision)
        loss = DataLoss.between(before, snapshot(connection, UNMANAGED_PREFIXES, UNMANAGED_COLUMNS))
        if loss and not allow_data_loss:
            raise DataLossError(
                f"downgrading to {revision} would delete {loss.describe()}; nothing was changed "
                "(pass allow_data_loss=True to delete them)",
                loss,
            )
    return loss


def check(url: str | URL | Engine | None = None) -> None:
    """Raise SchemaError when the models and the migrations disagree (what `alembic check` reports)."""
    with _migration_connection(url) as connection:
        _run(command.check, connection)


def require_head(connection: Connection) -> None:
    """Raise SchemaError unless the database is at the newest revision."""
    at = _known_revision(connection)
    if at is None:
        raise SchemaError("the database has no newsdb schema: run `newsdb upgrade`")
    if at != head():
        raise SchemaError(f"the database schema is at revision {at}, this newsdb needs {head()}: run `newsdb upgrade`")


def prepare(connection: Connection) -> None:
    """Make a database ready for writing: migrate a new, empty one; refuse an outdated one."""
    if _known_revision(connection) is None and not _has_tables(connection):
        _run(command.upgrade, connection, "head")
    else:
        require_head(connection)


def _has_tables(connection: Connection) -> bool:
    return bool(set(inspect(connection).get_table_names()) & {"articles", "sources"})


def _known_revision(connection: Connection) -> str | None:
    at = MigrationContext.configure(connection).get_current_revision()
    if at is not None and not _is_known(at):
        raise SchemaError(
            f"the database is at schema revision {at}, which this newsdb does not know: "
            "it was migrated by a newer newsdb; upgrade newsdb (pip install -U newsdb)"
        )
    return at


def _is_known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def _run(operation: Any, connection: Connection, *args: str) -> None:
    try:
        operation(alembic_config(connection), *args)
    except CommandError as exc:
        raise SchemaError(str(exc)) from None
