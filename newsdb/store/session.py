"""Opening connections and sessions, with driver errors turned into newsdb's own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from newsdb.errors import DatabaseUnavailableError
from newsdb.store import dberrors
from newsdb.store.config import Database, engine_for


@contextmanager
def open_connection(engine: Engine) -> Iterator[Connection]:
    """`engine.connect()`, raising a one-line DatabaseUnavailableError when the database is unreachable."""
    try:
        connection = engine.connect()
    except DBAPIError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseUnavailableError(f"cannot connect to {where}: {dberrors.describe(exc)}") from None
    with connection:
        yield connection


@contextmanager
def session(url: Database = None) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises.

    `url`: a URL or an engine (default: `NEWSDB_URL` or the SQLite file in the working directory); a SQLite file
    that does not exist is refused with NoDatabaseError (a DatabaseUnavailableError), not created.
    """
    with (
        engine_for(url) as engine,
        open_connection(engine) as connection,
        Session(bind=connection, expire_on_commit=False) as db,
    ):
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise
