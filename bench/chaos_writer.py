"""Whether a seeder is inside a write transaction right now, so that a fault can hit it there.

PostgreSQL: newsdb's writer holds an advisory lock for its transaction, visible in `pg_locks`. SQLite: a
writer holds the database's one write lock, so a `BEGIN IMMEDIATE` that may not wait fails (and when it
succeeds, the probe gives the lock back at once; a seeder that wanted it meanwhile waits a moment on its busy
timeout). On SQLite the lock counts only once the schema is there, so that the migration of a new database
(which newsdb does before it starts its workers) is not taken for writing articles. The probe never creates
the SQLite file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from newsdb.store.config import connect

_PG_WRITER = """
    SELECT EXISTS (
        SELECT 1 FROM pg_locks AS l JOIN pg_database AS d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()
    )
"""

_SQLITE_SCHEMA = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'"


def probe(url: str) -> AbstractContextManager[Callable[[], bool]]:
    """A context giving a function that tells whether someone holds newsdb's write lock on `url`."""
    return _sqlite_probe(url) if make_url(url).get_backend_name() == "sqlite" else _postgresql_probe(url)


@contextmanager
def _postgresql_probe(url: str) -> Iterator[Callable[[], bool]]:
    engine = connect(url, isolation_level="AUTOCOMMIT")

    def writing() -> bool:
        try:
            with engine.connect() as connection:
                return bool(connection.execute(text(_PG_WRITER)).scalar_one())
        except SQLAlchemyError:
            return False

    try:
        yield writing
    finally:
        engine.dispose()


@contextmanager
def _sqlite_probe(url: str) -> Iterator[Callable[[], bool]]:
    path = make_url(url).database

    def writing() -> bool:
        try:
            connection = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=0, isolation_level=None)
        except sqlite3.OperationalError:
            return False  # not created yet
        try:
            if connection.execute(_SQLITE_SCHEMA).fetchone() is None:
                return False  # not migrated yet
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True  # locked: a writer is in its transaction
        finally:
            connection.close()

    yield writing
