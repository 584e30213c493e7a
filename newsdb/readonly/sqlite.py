"""`newsdb sql` on SQLite: a read-only connection, an authorizer that allows only reading, a time limit.

The file is opened with `mode=ro` and `PRAGMA query_only`. SQLite asks the authorizer about every action a
statement takes while it is prepared (and about the ATTACH inside `VACUUM INTO` while it runs); everything but
reading tables, selecting, recursive CTEs and calling functions other than the refused ones is denied, so
ATTACH, `VACUUM INTO`, PRAGMA, transactions and writes never run. A progress handler stops the query when it has
kept the database busy longer than its time limit.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from importlib.resources import files
from pathlib import Path

from sqlalchemy.engine import URL

from newsdb.readonly.denied import denied_functions
from newsdb.readonly.result import Row, SqlQueryError, SqlRows, TimeBudget, one_line

_ALLOWED = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE})
# SQLite's authorizer action codes (sqlite3.h), named for error messages.
_ACTIONS = {
    1: "CREATE INDEX", 2: "CREATE TABLE", 3: "CREATE TEMP INDEX", 4: "CREATE TEMP TABLE", 5: "CREATE TEMP TRIGGER",
    6: "CREATE TEMP VIEW", 7: "CREATE TRIGGER", 8: "CREATE VIEW", 9: "DELETE", 10: "DROP INDEX", 11: "DROP TABLE",
    12: "DROP TEMP INDEX", 13: "DROP TEMP TABLE", 14: "DROP TEMP TRIGGER", 15: "DROP TEMP VIEW", 16: "DROP TRIGGER",
    17: "DROP VIEW", 18: "INSERT", 19: "PRAGMA", 22: "BEGIN/COMMIT/ROLLBACK", 23: "UPDATE",
    24: "ATTACH (also used by VACUUM)", 25: "DETACH", 26: "ALTER TABLE", 27: "REINDEX", 28: "ANALYZE",
    29: "CREATE VIRTUAL TABLE", 30: "DROP VIRTUAL TABLE", 32: "SAVEPOINT",
}  # fmt: skip
_PRAGMAS = frozenset(
    line.strip().lower()
    for line in files("newsdb").joinpath("data", "sqlite_allowed_pragmas.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
# How many SQLite virtual machine steps pass between two looks at the clock.
_PROGRESS_STEPS = 10_000


class _Guard:
    """The authorizer and progress handler of one connection, remembering why it refused or stopped."""

    def __init__(self, budget: TimeBudget) -> None:
        self.budget = budget
        self.refused: str | None = None
        self.deadline = float("inf")
        self.denied = denied_functions("sqlite")

    def authorize(self, action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
        reason = self.denied.reason(arg2) if action == sqlite3.SQLITE_FUNCTION and arg2 is not None else None
        if reason is not None:
            self.refused = self.refused or f"newsdb sql does not call {arg2}(): {reason}"
            return sqlite3.SQLITE_DENY
        if action in _ALLOWED:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and arg1 is not None and arg1.lower() in _PRAGMAS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master":
            # SQLite compiles such an UPDATE when it connects a virtual table (FTS5, pragma functions); IGNORE
            # leaves every column as it is, should an UPDATE of the schema ever run.
            return sqlite3.SQLITE_IGNORE
        # The first refusal names the statement best.
        self.refused = self.refused or f"newsdb sql only reads: {_ACTIONS.get(action, f'action {action}')} is refused"
        return sqlite3.SQLITE_DENY

    def progress(self) -> int:
        return 1 if time.monotonic() > self.deadline else 0

    @contextmanager
    def running(self) -> Iterator[None]:
        """A block of database work, interrupted when the query's time budget runs out."""
        with self.budget.spend() as seconds:
            self.deadline = time.monotonic() + seconds
            try:
                yield
            except sqlite3.OperationalError as exc:
                if "interrupted" in str(exc):
                    if time.monotonic() < self.deadline:  # Ctrl-C struck inside the progress handler
                        raise KeyboardInterrupt from None
                    raise self.budget.exceeded() from None
                raise self._error(exc) from None
            except (sqlite3.Error, sqlite3.Warning) as exc:
                raise self._error(exc) from None
            finally:
                self.deadline = float("inf")

    def _error(self, exc: BaseException) -> SqlQueryError:
        if self.refused is not None:
            return SqlQueryError(self.refused)
        message = one_line(exc)
        if "readonly" in message or "read-only" in message:
            return SqlQueryError(f"newsdb sql only reads: {message}")
        return SqlQueryError(message)


@contextmanager
def stream(url: URL, sql: str, budget: TimeBudget, chunk_rows: int) -> Iterator[SqlRows]:
    """Run `sql` on the SQLite file of `url` read-only; the rows stream from the open cursor."""
    path = url.database
    if not path or path == ":memory:" or not Path(path).is_file():
        raise SqlQueryError(f"no SQLite database file at {path or '(none)'!r}")
    guard = _Guard(budget)
    try:
        connection = sqlite3.connect(
            f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=budget.seconds, isolation_level=None
        )
    except sqlite3.Error as exc:
        raise SqlQueryError(f"cannot open {path}: {one_line(exc)}") from None
    with closing(connection):
        with guard.running():
            connection.execute("PRAGMA query_only = ON")
        connection.set_authorizer(guard.authorize)
        connection.set_progress_handler(guard.progress, _PROGRESS_STEPS)
        with guard.running():
            cursor = connection.execute(sql)  # prepares (authorizer) and runs to the first row; one statement only
        with closing(cursor):
            columns = [d[0] for d in cursor.description or ()]

            def fetch(count: int) -> Sequence[Row]:
                with guard.running():
                    return [tuple(row) for row in cursor.fetchmany(count)]

            yield SqlRows(columns, fetch, chunk_rows)
