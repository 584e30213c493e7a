"""Opening the database for the reading commands, which never create one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def require_database(url: str | None) -> None:
    """Raise NoDatabaseError when `url` (or its default) is a SQLite file that does not exist.

    Connecting would create an empty file, and a typo in `--url` would then read as a database without a
    schema; only `newsdb upgrade` and `newsdb seed` create databases.
    """
    from newsdb.store import config

    engine = config.connect(url)  # reports an unusable URL or a missing driver first; creates no file
    engine.dispose()
    config.require_database(engine.url)


@contextmanager
def read_session(url: str | None) -> Iterator[Session]:
    """`newsdb.session` on an existing database at the newest schema."""
    from newsdb.store.migrate import require_head
    from newsdb.store.session import session

    with session(url) as db:
        require_head(db.connection())
        yield db
