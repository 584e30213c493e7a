"""`newsdb sql` on PostgreSQL: the query runs as the SELECT-only role `newsdb_reader`, read-only, time-limited.

Within one READ ONLY transaction newsdb sets the time limits, then switches to the reader role: a superuser with
`SET SESSION AUTHORIZATION`, a member of the role with `SET ROLE`. From then on the server itself refuses files,
programs, other tables and writes. The server would still let a session whose login role is a superuser switch
back (`RESET SESSION AUTHORIZATION`, `set_config('session_authorization', ...)`), and lets any role lift its own
`statement_timeout` or take advisory locks: `newsdb.readonly.statement` refuses such SQL before it runs.

Rows stream from a server-side cursor. Each statement has the server's `statement_timeout`; on top, the client
cancels the query when the sum of its database time passes the limit; `client_connection_check_interval` ends a
query whose client went away.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from psycopg import errors
from sqlalchemy import Connection
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from newsdb.errors import SchemaError
from newsdb.readonly.result import Row, SqlQueryError, SqlRows, TimeBudget, one_line
from newsdb.readonly.statement import check_statement
from newsdb.store.config import connect
from newsdb.store.migrate import head, require_head
from newsdb.store.session import open_connection

READER_ROLE = "newsdb_reader"
# A client that stops fetching for this long (a stuck pipe, a stopped process) loses its connection, so that its
# open transaction does not hold a snapshot and table locks indefinitely.
IDLE_LIMIT_MS = 60_000
# How often the server checks, during a long query, that the client is still there.
CLIENT_CHECK_MS = 1_000
# The client's cancel comes this long after the server's own timeout should have stopped the query.
CANCEL_GRACE_S = 0.5
_CURSOR = "newsdb_sql"
T = TypeVar("T")


@contextmanager
def stream(url: URL, sql: str, budget: TimeBudget, chunk_rows: int) -> Iterator[SqlRows]:
    """Run `sql` as the reader role in a read-only transaction; rows stream from a server-side cursor."""
    statement = check_statement(sql)
    engine = connect(url)
    try:
        with open_connection(engine) as connection, connection.begin():
            driver: psycopg.Connection[Any] = connection.connection.driver_connection  # type: ignore[assignment]
            _enter_reader_role(driver, budget)
            _require_schema(connection)
            yield _rows(driver, statement.text, statement.is_explain, budget, chunk_rows)
    finally:
        engine.dispose()


def _enter_reader_role(driver: psycopg.Connection[Any], budget: TimeBudget) -> None:
    """Make the transaction read-only and time-limited, then switch to the reader role for the rest of it."""
    with driver.cursor() as cursor:
        cursor.execute("SET TRANSACTION READ ONLY")
        settings = _settings(budget, driver.info.server_version)
        calls = ", ".join("set_config(%s, %s, true)" for _ in settings)
        cursor.execute(f"SELECT {calls}", [part for setting in settings.items() for part in setting])
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = bool(_first(cursor.fetchone()))
        cursor.execute("SELECT oid FROM pg_roles WHERE rolname = %s", (READER_ROLE,))
        if cursor.fetchone() is None:
            raise SqlQueryError(
                f"the read-only role {READER_ROLE} does not exist on this server: run `newsdb upgrade` as a role "
                "that may create roles, or have an administrator create it (docs/sql.md, 'A read-only role')"
            )
        if _without_grants(cursor):
            raise SqlQueryError(
                f"the read-only role {READER_ROLE} may not read this database's tables (a dump restored from another "
                "server, or grants revoked): run `newsdb upgrade` as the database's owner, which grants them again "
                "(docs/sql.md, 'A read-only role')"
            )
        if superuser:
            cursor.execute(f"SET LOCAL SESSION AUTHORIZATION {READER_ROLE}")
        else:
            option = "SET" if driver.info.server_version >= 160000 else "MEMBER"
            cursor.execute("SELECT pg_has_role(current_user, %s, %s)", (READER_ROLE, option))
            if not _first(cursor.fetchone()):
                raise SqlQueryError(
                    f"role {driver.info.user} may not switch to the read-only role {READER_ROLE}: an administrator "
                    f"can allow it with GRANT {READER_ROLE} TO {driver.info.user} (docs/sql.md, 'A read-only role')"
                )
            cursor.execute(f"SET LOCAL ROLE {READER_ROLE}")
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone() != (READER_ROLE, False):  # the reader role must never be a superuser
            raise SqlQueryError(f"the role {READER_ROLE} is not a plain read-only role on this server; refusing")


def _without_grants(cursor: psycopg.Cursor[Any]) -> bool:
    """Whether the database is at the newest revision but the reader may not read its revision (its grants are
    missing); a schema before the role's revision is left to the schema check, which says to upgrade."""
    cursor.execute(
        "SELECT has_table_privilege(%s, 'alembic_version', 'SELECT'), "
        "has_table_privilege(current_user, 'alembic_version', 'SELECT') "
        "WHERE to_regclass('alembic_version') IS NOT NULL",
        (READER_ROLE,),
    )
    found = cursor.fetchone()
    if found is None or found[0] or not found[1]:
        return False
    cursor.execute("SELECT version_num FROM alembic_version")
    return bool(_first(cursor.fetchone()) == head())


def _settings(budget: TimeBudget, server_version: int) -> dict[str, str]:
    """The transaction's settings; the statement check keeps the query from changing them."""
    timeout_ms = max(1, round(budget.seconds * 1000))
    settings = {
        "statement_timeout": str(timeout_ms),
        "lock_timeout": str(timeout_ms),
        "idle_in_transaction_session_timeout": str(max(IDLE_LIMIT_MS, timeout_ms)),
        "application_name": "newsdb sql",  # how an administrator finds these queries in pg_stat_activity
        "standard_conforming_strings": "on",  # how the parser that checked the statement read its strings
    }
    if server_version >= 140000:
        settings["client_connection_check_interval"] = str(CLIENT_CHECK_MS)
    return settings


def _require_schema(connection: Connection) -> None:
    """The database's newsdb schema must be at the newest revision (checked as the reader role)."""
    try:
        require_head(connection)
    except DBAPIError as exc:
        if isinstance(exc.orig, errors.InsufficientPrivilege):  # before 0003 the reader may not read anything
            raise SchemaError(
                f"the database schema is older than this newsdb, which needs {head()}: run `newsdb upgrade`"
            ) from None
        raise SqlQueryError(one_line(exc.orig or exc)) from None


def _first(row: tuple[Any, ...] | None) -> Any:
    return None if row is None else row[0]


def _rows(driver: psycopg.Connection[Any], text: str, is_explain: bool, budget: TimeBudget, chunk_rows: int) -> SqlRows:
    if is_explain:  # EXPLAIN cannot be declared as a cursor; its output is short
        cursor: psycopg.Cursor[Any] = driver.cursor()
        _timed(driver, budget, lambda: cursor.execute(text))
    else:
        cursor = driver.cursor(name=_CURSOR)
        _timed(driver, budget, lambda: cursor.execute(text))
    columns = [column.name for column in cursor.description or ()]

    def fetch(count: int) -> Sequence[Row]:
        if cursor.description is None:
            return []
        return _timed(driver, budget, lambda: [tuple(row) for row in cursor.fetchmany(count)])

    return SqlRows(columns, fetch, chunk_rows)


def _timed(driver: psycopg.Connection[Any], budget: TimeBudget, work: Callable[[], T]) -> T:
    """Run one round trip within the budget: the client cancels it when the server's timeout did not."""
    with budget.spend() as seconds:
        canceller = threading.Timer(seconds + CANCEL_GRACE_S, driver.cancel_safe)
        canceller.daemon = True
        canceller.start()
        try:
            return work()
        except errors.QueryCanceled:
            raise budget.exceeded() from None
        except psycopg.Error as exc:
            raise _error(exc) from None
        finally:
            canceller.cancel()


def _error(exc: psycopg.Error) -> SqlQueryError:
    message = exc.diag.message_primary or one_line(exc)
    if isinstance(exc, errors.InsufficientPrivilege):
        return SqlQueryError(f"newsdb sql reads only newsdb's tables and views, as role {READER_ROLE}: {message}")
    if isinstance(exc, errors.ReadOnlySqlTransaction):
        return SqlQueryError(f"newsdb sql only reads: {message}")
    if isinstance(exc, errors.IdleInTransactionSessionTimeout):
        return SqlQueryError(f"the server closed the query after its output waited too long: {message}")
    return SqlQueryError(message)
