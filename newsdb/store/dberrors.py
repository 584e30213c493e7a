"""Database errors a user can cause (permissions, locks, read-only files, a schema changed underneath), in one line.

`describe` turns such an error into a sentence that says what the database refused and what to do about it; the
CLI prints it as `newsdb: error: ...` with exit code 2, and callers that know more (which run, how much was
written) put their context in front of it.
"""

from __future__ import annotations

from sqlalchemy.exc import DataError, DBAPIError, InternalError, OperationalError, ProgrammingError

# The errors that come from the database's state, its permissions or its server rather than from a bug in newsdb;
# DataError: a stored value the driver cannot turn into Python's (PostgreSQL's date 'infinity', a year past 9999).
USER_CAUSED = (OperationalError, ProgrammingError, InternalError, DataError)

# PostgreSQL SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html) and what to do.
_POSTGRESQL_ADVICE = {
    "42501": "the database role lacks the rights for this: connect as the schema's owner or GRANT the rights",
    "3F000": "the database role has no rights on any schema in its search_path: GRANT it USAGE and CREATE on one",
    "42P01": "the newsdb schema is missing or was changed while this ran (a downgrade?): run `newsdb upgrade`",
    "42703": "the newsdb schema was changed while this ran (a downgrade?): run `newsdb upgrade`",
    "25006": "the database only allows reading here (a read-only transaction or standby server)",
    "53100": "the database server's disk is full",
    "57014": "the statement was cancelled (a statement timeout, or cancelled by an administrator)",
    "57P01": "the database server was shut down or the connection was terminated",
    "55P03": "a lock could not be taken in time; try again when the other run has finished",
    "40P01": "a deadlock with another connection; run the command again",
}
# Connection problems (class 08) and admin shutdowns lose the connection.
_POSTGRESQL_CLASS_ADVICE = {
    "08": "the connection to the database server was lost; run the command again",
    "57": "the database server ended the connection; run the command again",
}


def reason(error: DBAPIError) -> str:
    """The first line of the driver's message, without SQLAlchemy's statement and parameters."""
    text = str(error.orig if error.orig is not None else error).strip()
    return text.splitlines()[0] if text else type(error.orig or error).__name__


def describe(error: DBAPIError) -> str:
    """One line: what the database said, and what to do about it where that is known."""
    advice = _sqlite_advice(error) if _is_sqlite(error) else _postgresql_advice(error)
    return f"{reason(error)}: {advice}" if advice else reason(error)


def _is_sqlite(error: DBAPIError) -> bool:
    return type(error.orig).__module__.startswith("sqlite3")


def _sqlite_advice(error: DBAPIError) -> str | None:
    name = str(getattr(error.orig, "sqlite_errorname", ""))
    said = reason(error)
    if name.startswith("SQLITE_READONLY") or "readonly database" in said:
        return (
            "the SQLite database cannot be written: make the file and its folder writable for this user "
            "(SQLite keeps -wal and -shm files beside it)"
        )
    if name.startswith("SQLITE_BUSY") or "database is locked" in said:
        return (
            "another program kept the SQLite database locked past the busy timeout: run the command again when "
            "it has finished (`?timeout=SECONDS` in the URL waits longer)"
        )
    if name.startswith("SQLITE_CANTOPEN"):
        return "cannot open the SQLite database file: check that its folder exists and is readable and writable"
    if name.startswith("SQLITE_FULL"):
        return "the disk holding the SQLite database is full"
    if said.startswith(("no such table", "no such column")):
        return "the newsdb schema is missing or was changed while this ran (a downgrade?): run `newsdb upgrade`"
    return None


def _postgresql_advice(error: DBAPIError) -> str | None:
    sqlstate = str(getattr(error.orig, "sqlstate", "") or "")
    if not sqlstate and isinstance(error, DataError):  # raised by psycopg while reading a row, not by the server
        return "the database holds a value Python cannot represent (a row changed by hand?): correct it with an UPDATE"
    return _POSTGRESQL_ADVICE.get(sqlstate) or _POSTGRESQL_CLASS_ADVICE.get(sqlstate[:2])
