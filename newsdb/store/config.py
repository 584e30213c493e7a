"""Database URL resolution and engine creation.

Every public function takes the database as `url`: a URL (string or SQLAlchemy `URL`), an `Engine`, or None.
The URL comes from the caller, else `NEWSDB_URL`, else `sqlite:///newsdb.sqlite3` in the working directory;
`engine_for` turns any of them into an engine, and disposes of the engines it made; only an operation that
creates a database (`seed`, `upgrade`) gets one for a SQLite file that does not exist.
`postgresql://` URLs use psycopg 3 and give up connecting after `connect_timeout` seconds (default 10, the URL's
`?connect_timeout=` wins). SQLite connections enforce foreign keys, use WAL and wait for a busy database instead
of failing at once (30 s, the URL's `?timeout=` in seconds wins).
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from newsdb.errors import ConfigError, NoDatabaseError
from newsdb.files import is_decodable, shown

DEFAULT_URL = "sqlite:///newsdb.sqlite3"
URL_ENV = "NEWSDB_URL"
SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_MAX_BUSY_TIMEOUT_MS = 2**31 - 1  # SQLite takes the busy timeout as a C int of milliseconds
POSTGRESQL_CONNECT_TIMEOUT_S = 10
IMMEDIATE_OPTION = "sqlite_immediate"

_DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}


def resolve_url(url: str | URL | None = None) -> URL:
    """The URL to use: `url`, else `$NEWSDB_URL`, else the default SQLite file; PostgreSQL gets psycopg 3."""
    raw = url if url is not None else os.environ.get(URL_ENV) or DEFAULT_URL
    if isinstance(raw, str):
        _require_utf8(raw)
    try:
        parsed = make_url(raw)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise ConfigError(
            f"cannot read database URL {_without_password(str(raw))!r}: expected sqlite:///FILE or "
            "postgresql://USER@HOST/DB"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in _DRIVERS:
        raise ConfigError(
            f"unsupported database {backend!r} in URL {parsed.render_as_string(hide_password=True)!r}: "
            "newsdb works with sqlite:///FILE and postgresql://USER@HOST/DB"
        )
    if parsed.drivername == backend:
        parsed = parsed.set(drivername=_DRIVERS[backend])
    return parsed


def _require_utf8(raw: str) -> None:
    """Refuse a URL no driver can take: bytes that are not UTF-8 (an argument or `NEWSDB_URL` in another
    encoding arrives with lone surrogates, PEP 383) or a NUL character."""
    if not is_decodable(raw):
        raise ConfigError(f"the database URL '{shown(_without_password(raw))}' is not valid UTF-8: write it in UTF-8")
    if "\x00" in raw:
        raise ConfigError(f"the database URL '{shown(_without_password(raw))}' contains a NUL character")


def _without_password(raw: str) -> str:
    """`raw` with the password of `scheme://user:password@host` as `***`, for a URL too broken to parse."""
    return re.sub(r"(://[^/@:]*:)[^/]*@", r"\1***@", raw)


# What every public function accepts as its `url`.
Database = str | URL | Engine | None


@contextmanager
def engine_for(url: Database, *, writing: bool = False, creating: bool = False) -> Iterator[Engine]:
    """The engine `url` is, or one made for it (`connect`; `connect_for_writing` when `writing`) and disposed
    of at the end of the block. Unless `creating`, a SQLite file that does not exist is refused
    (`require_database`): connecting would create it empty."""
    if isinstance(url, Engine):
        yield url
        return
    engine = connect_for_writing(url) if writing or creating else connect(url)
    if not creating:
        try:
            require_database(engine.url)
        except NoDatabaseError:
            engine.dispose()
            raise
    try:
        yield engine
    finally:
        engine.dispose()


def is_in_memory(url: URL) -> bool:
    """Whether `url` names an in-memory SQLite database (`sqlite://`, `sqlite:///:memory:`, `file::memory:`)."""
    if url.get_backend_name() != "sqlite":
        return False
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file::memory:"):
        return True
    # an SQLite URI (`sqlite:///file:name?mode=memory&uri=true`): SQLAlchemy passes its query on
    return database.startswith("file:") and url.query.get("mode") == "memory"


def require_database(url: URL) -> None:
    """Raise NoDatabaseError when `url` names a SQLite file that does not exist.

    In-memory databases and SQLite URIs (`file:...?mode=...`, which say themselves whether to create) pass.
    """
    if url.get_backend_name() != "sqlite" or is_in_memory(url):
        return
    path = url.database or ""
    if path.startswith("file:"):
        return
    if not Path(path).exists():
        raise NoDatabaseError(f"no newsdb database at {path} (create it with newsdb upgrade or newsdb seed)")


def connect_for_writing(url: str | URL | None = None) -> Engine:
    """`connect(url)` for a command that writes and then closes the engine: in-memory SQLite is refused.

    Such a database lives only as long as its engine, so everything written would be gone when the command
    ends. Programs that want one pass their own engine (`connect("sqlite://")`) to the function instead.
    """
    resolved = resolve_url(url)
    if is_in_memory(resolved):
        raise ConfigError(
            f"{resolved.render_as_string(hide_password=True)!r} is an in-memory database, which keeps nothing "
            "after the command ends: use a file (sqlite:///FILE) or a PostgreSQL URL"
        )
    return connect(resolved)


def connect(url: str | URL | None = None, **engine_options: Any) -> Engine:
    """Create an engine for `url` (see `resolve_url`), configured for newsdb's use of each backend."""
    resolved = resolve_url(url)
    if resolved.get_backend_name() == "postgresql" and "connect_timeout" not in resolved.query:
        # A server that accepts connections and never answers would otherwise hang every command.
        connect_args = {"connect_timeout": POSTGRESQL_CONNECT_TIMEOUT_S, **engine_options.get("connect_args", {})}
        engine_options = {**engine_options, "connect_args": connect_args}
    # checked before SQLAlchemy reads it, which would fail with a bare ValueError
    busy_timeout_ms = _sqlite_busy_timeout_ms(resolved) if resolved.get_backend_name() == "sqlite" else 0
    try:
        engine = create_engine(resolved, **engine_options)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise ConfigError(
            f"no database driver for {resolved.drivername!r} ({exc}); newsdb supports sqlite and "
            "postgresql+psycopg (pip install 'psycopg[binary]')"
        ) from None
    except (ValueError, TypeError) as exc:  # a query parameter the dialect converts, `?timeout=abc` on SQLite
        raise ConfigError(f"cannot use database URL {resolved.render_as_string(hide_password=True)!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(
            engine, "connect", lambda dbapi_connection, _record: _configure_sqlite(dbapi_connection, busy_timeout_ms)
        )
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def _sqlite_busy_timeout_ms(url: URL) -> int:
    """How long a SQLite connection waits for another writer: the URL's `timeout` (seconds), else 30 s."""
    raw = url.query.get("timeout")
    if raw is None:
        return SQLITE_BUSY_TIMEOUT_MS
    try:
        seconds = float(raw if isinstance(raw, str) else raw[-1])
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds):
        raise ConfigError(f"timeout={raw!r} in the database URL: expected a number of seconds")
    return max(0, min(round(seconds * 1000), SQLITE_MAX_BUSY_TIMEOUT_MS))


def _configure_sqlite(dbapi_connection: Any, busy_timeout_ms: int) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _begin_sqlite).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
    # WAL lets readers work while a seed runs; an in-memory database keeps its own journal mode.
    _switch_to_wal(cursor, busy_timeout_ms)
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _switch_to_wal(cursor: Any, busy_timeout_ms: int) -> None:
    """`PRAGMA journal_mode = WAL`, tried again until the busy timeout has passed.

    Switching a new file to WAL turns a read lock into an exclusive one. When two connections do that at once
    (two seeds starting on a new database), SQLite sees a deadlock and answers one of them `database is locked`
    at once instead of waiting; once the other has switched, the pragma only reads the mode.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def _begin_sqlite(connection: Connection) -> None:
    """Begin every transaction explicitly, so DDL is transactional and writers can lock up front.

    A connection with the execution option `sqlite_immediate=True` takes the write lock at BEGIN: a second
    writer then waits for the busy timeout instead of failing when its read snapshot turns out to be stale.
    """
    immediate = connection.get_execution_options().get(IMMEDIATE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
