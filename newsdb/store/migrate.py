"""Programmatic Alembic: upgrade, downgrade, current revision and drift checks against the packaged scripts.

An installed newsdb carries its migration scripts inside the package (`newsdb/_alembic`); in a source checkout
they are the top-level `alembic/` folder, which `alembic.ini` points to as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import ColumnElement, Connection, func, inspect, or_, select, text
from sqlalchemy.exc import DataError, IntegrityError

from alembic import command
from newsdb.errors import DataLossError, SchemaError
from newsdb.extract import EXTRACTOR_VERSION
from newsdb.store.config import IMMEDIATE_OPTION, Database, engine_for
from newsdb.store.data_loss import DataLoss, snapshot
from newsdb.store.dberrors import reason
from newsdb.store.locks import lock_writers
from newsdb.store.models import ArticleRow, Base
from newsdb.store.repair import repair
from newsdb.store.session import open_connection

# Objects created by hand-written DDL in migrations, which autogenerate cannot compare: the SQLite FTS5 table
# (and its shadow tables), PostgreSQL's generated search column and its GIN index.
UNMANAGED_PREFIXES = ("articles_fts",)
UNMANAGED_COLUMNS = frozenset({("articles", "search_vector")})
UNMANAGED_INDEXES = frozenset({"ix_articles_search_vector"})

# Held (per transaction) while a PostgreSQL database is checked and migrated, so that two runs on a new database
# do not both create the schema; SQLite gets the same from BEGIN IMMEDIATE.
_PG_MIGRATION_LOCK = 0x6E657773_6D6967


def script_location() -> Path:
    """The migration scripts: inside the installed package, else the source checkout's `alembic/`."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_alembic"
    if (packaged / "env.py").is_file():
        return packaged
    return package.parent / "alembic"


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


@contextmanager
def _migration_connection(target: Database, *, writer: bool = False, creating: bool = False) -> Iterator[Connection]:
    """A connection in a transaction; a `writer` refuses in-memory URLs (whatever it wrote would vanish with its
    engine) and holds the migration lock and the write lock from the start (SQLite: BEGIN IMMEDIATE). Only when
    `creating` may the database be a SQLite file that does not exist yet."""
    with (
        engine_for(target, writing=writer, creating=creating) as engine,
        open_connection(engine) as connection,
        foreign_keys_deferred(connection),
    ):
        if writer:
            connection.execution_options(**{IMMEDIATE_OPTION: True})
        with connection.begin():
            if writer:
                lock_for_migration(connection)
                lock_writers(connection)
            yield connection


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


def current(url: Database = None) -> str | None:
    """The revision the database is at, or None for a database newsdb has never migrated."""
    with _migration_connection(url) as connection:
        return _stored_revision(connection)


@dataclass(frozen=True)
class Upgrade:
    """What `upgrade` did."""

    revision: str | None  # the revision the database is at now
    repaired: tuple[str, ...] = ()  # what was missing of the newest schema and was made again, a line each
    past: str | None = None  # the revision asked for, when the database was already past it (nothing changed)
    outdated: int = 0  # at head: articles an older extractor (or none: added by hand) found quotes in
    warnings: tuple[str, ...] = ()  # what the migrating role may not do (PostgreSQL: create the reader role, ...)


def upgrade(url: Database = None, revision: str = "head") -> Upgrade:
    """Migrate the database up to `revision` (default: the newest) and say what was done.

    At the newest revision, views that someone dropped are made again from their current definitions, and so
    are SQLite's full-text table and triggers and, on PostgreSQL, the read-only role with its grants;
    `repaired` says what was made (`recreated view quote_details`); nothing else changes. `warnings` says what
    the migrating role may not do (create the read-only role, grant on tables it does not own). A database already
    past `revision` is left as it is (`past`): going back is `downgrade`'s job. A SQLite file that does not
    exist is created.
    """
    _check_revision(revision)
    with _migration_connection(url, writer=True, creating=True) as connection:
        at = _known_revision(connection)
        if at is None:
            _refuse_foreign_tables(connection)
        elif _is_past(at, revision):
            return Upgrade(at, past=revision)
        with _server_warnings(connection) as warned:
            _run(command.upgrade, connection, revision)
        now = _stored_revision(connection)
        if now != head():
            return Upgrade(now, warnings=tuple(warned))
        # at head the repair looks at the role the migrations set up, and warns about what is still missing
        repairs = repair(connection, [*Base.metadata.tables, "alembic_version"])
        outdated = connection.scalar(select(func.count()).select_from(ArticleRow).where(older_extractor()))
    return Upgrade(now, tuple(repairs.made), outdated=outdated or 0, warnings=tuple(repairs.warnings))


@contextmanager
def _server_warnings(connection: Connection) -> Iterator[list[str]]:
    """The warnings newsdb's migrations raise on the PostgreSQL server (`newsdb: role x may not create roles`),
    which the server sends as notices no one would see; without the leading `newsdb: `."""
    warned: list[str] = []
    if connection.dialect.name != "postgresql":
        yield warned
        return

    def keep(notice: psycopg.errors.Diagnostic) -> None:
        message = notice.message_primary or ""
        if notice.severity_nonlocalized == "WARNING" and message.startswith("newsdb: "):
            warned.append(message.removeprefix("newsdb: "))

    driver: psycopg.Connection[Any] = connection.connection.driver_connection  # type: ignore[assignment]
    driver.add_notice_handler(keep)
    try:
        yield warned
    finally:
        driver.remove_notice_handler(keep)


def older_extractor() -> ColumnElement[bool]:
    """Articles whose quotes an older (or unrecorded) version of the extractor found."""
    return or_(ArticleRow.extractor_version.is_(None), ArticleRow.extractor_version < EXTRACTOR_VERSION)


def downgrade(url: Database = None, revision: str = "-1", *, allow_data_loss: bool = False) -> DataLoss:
    """Migrate the database down to `revision` (default: one revision down; `base` removes newsdb's tables);
    return what was deleted.

    A downgrade that would delete rows (or values of a dropped column) raises DataLossError and changes
    nothing, unless `allow_data_loss` is true. The check runs the downgrade in its transaction and compares
    row counts before and after, so it names exactly what the migration scripts delete. The full-text index
    is not counted: it is derived from the articles and an upgrade builds it again.
    """
    _check_revision(revision)
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


def check(url: Database = None) -> None:
    """Raise SchemaError when the models and the migrations disagree (what `alembic check` reports)."""
    with _migration_connection(url) as connection:
        _run(command.check, connection)


def require_head(connection: Connection) -> None:
    """Raise SchemaError unless the database is at the newest revision."""
    at = _known_revision(connection)
    if at is None:
        _refuse_foreign_tables(connection)
        raise SchemaError("the database has no newsdb schema: run `newsdb upgrade`")
    if at != head():
        raise SchemaError(f"the database schema is at revision {at}, this newsdb needs {head()}: run `newsdb upgrade`")


def ready_for_writing(connection: Connection) -> None:
    """Make a database ready for writing: migrate a new, empty one; refuse an outdated or a foreign one.

    Of two runs that find the same new database, only one migrates it: the other waits for the migration lock
    and then finds the schema in place. On SQLite the caller's transaction must have begun with BEGIN IMMEDIATE
    (`IMMEDIATE_OPTION`), which takes the lock before anything is read.
    """
    if _known_revision(connection) is None:
        lock_for_migration(connection)
        if _known_revision(connection) is None:
            _refuse_foreign_tables(connection)
            _run(command.upgrade, connection, "head")
            return
    require_head(connection)


def lock_for_migration(connection: Connection) -> None:
    """On PostgreSQL, wait for other newsdb migrations and hold them off until this transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})


def _refuse_foreign_tables(connection: Connection) -> None:
    """Stop before migrating a database that has no newsdb revision but tables with newsdb's names."""
    found = sorted(set(inspect(connection).get_table_names()) & set(Base.metadata.tables))
    if found:
        raise SchemaError(
            f"the database already has tables named {', '.join(found)} but no newsdb schema revision: they belong "
            "to another application, and newsdb changed nothing; give newsdb a database of its own"
        )


def check_known(revision: str | None) -> None:
    """Raise SchemaError when `revision` was made by a newer newsdb than this one."""
    if revision is not None and not _is_known(revision):
        raise SchemaError(
            f"the database is at schema revision {revision}, which this newsdb does not know: "
            "it was migrated by a newer newsdb; upgrade newsdb (pip install -U newsdb)"
        )


def _known_revision(connection: Connection) -> str | None:
    at = _stored_revision(connection)
    check_known(at)
    return at


def _check_revision(revision: str) -> None:
    """TypeError for a revision that is not a str, SchemaError for an empty one (Alembic fails an assertion)."""
    if not isinstance(revision, str):
        raise TypeError(f"revision must be a str, not {type(revision).__name__}")
    if not revision.strip():
        raise SchemaError(
            "the revision is empty: give head, base or a revision id "
            "(`newsdb current` shows the one the database is at)"
        )


def _stored_revision(connection: Connection) -> str | None:
    """The revision in `alembic_version`; SchemaError when it holds several (newsdb's history has one head, so
    the other rows were written by hand or by another tool)."""
    context = MigrationContext.configure(connection)
    try:
        return context.get_current_revision()
    except CommandError:
        revisions = ", ".join(sorted(context.get_current_heads()))
        raise SchemaError(
            f"the table alembic_version holds several schema revisions ({revisions}) where newsdb keeps one: "
            "delete the rows of the revisions the database is not at"
        ) from None


def _is_past(at: str, revision: str) -> bool:
    """Whether `revision` names an older revision than `at` (relative and unknown ones are Alembic's to judge)."""
    if revision == "base":
        return True
    scripts = ScriptDirectory.from_config(alembic_config())
    try:
        target = scripts.get_revision(revision)
        older = {script.revision for script in scripts.iterate_revisions(at, "base")} - {at}
    except CommandError:
        return False
    return target is not None and target.revision in older


def _is_known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def _run(operation: Any, connection: Connection, *args: str) -> None:
    """Run an Alembic command in the caller's transaction; a stored row that a migration cannot carry over (one
    that breaks a constraint it adds or rebuilds, a value its new column type cannot hold) is a SchemaError that
    says so, since the caller's rollback leaves the database as it was."""
    at = _stored_revision(connection)
    try:
        operation(alembic_config(connection), *args)
    except CommandError as exc:
        raise SchemaError(str(exc)) from None
    except (IntegrityError, DataError) as exc:
        raise SchemaError(
            f"a row in the database does not fit the schema it is migrated to ({reason(exc)}); nothing was changed, "
            f"the schema stays at revision {at or 'base'}: correct or delete that row and run again"
        ) from exc
