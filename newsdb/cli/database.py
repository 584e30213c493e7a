"""Opening the database for the reading commands, which never create one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from newsdb.errors import NewsdbError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class NoDatabaseError(NewsdbError):
    """The URL names a SQLite file that does not exist."""


def require_database(url: str | None) -> None:
    """Raise NoDatabaseError when `url` (or its default) is a SQLite file that does not exist.

    Connecting would create an empty file, and a typo in `--url` would then read as a database without a
    schema; only `newsdb upgrade` and `newsdb seed` create databases.
    """
    from newsdb.store.config import connect

    engine = connect(url)  # reports an unusable URL or a missing driver first; creates no file
    resolved = engine.url
    engine.dispose()
    if resolved.get_backend_name() != "sqlite":
        return
    path = resolved.database or ""
    if path in ("", ":memory:") or path.startswith("file:"):
        return  # in-memory and URI-style names are for the library, not worth guessing about here
    if not Path(path).exists():
        raise NoDatabaseError(f"no newsdb database at {path} (create it with newsdb upgrade or newsdb seed)")


@contextmanager
def read_session(url: str | None) -> Iterator[Session]:
    """`newsdb.session` on an existing database at the newest schema."""
    from newsdb.store.migrate import require_head
    from newsdb.store.session import session

    require_database(url)
    with session(url) as db:
        require_head(db.connection())
        yield db
