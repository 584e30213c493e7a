"""Opening connections and sessions, with driver errors turned into newsdb's own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from newsdb.errors import DatabaseUnavailableError
from newsdb.store import dberrors
from newsdb.store.config import connect


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
def session(bind: str | URL | Engine | None = None) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises.

    `bind` is an engine or a URL (default: `NEWSDB_URL` or the SQLite file in the working directory).
    """
    engine = bind if isinstance(bind, Engine) else connect(bind)
    try:
        with open_connection(engine) as connection, Session(bind=connection, expire_on_commit=False) as db:
            try:
                yield db
                db.commit()
            except BaseException:
                db.rollback()
                raise
    finally:
        if engine is not bind:
            engine.dispose()
