"""The lock every newsdb writer holds, so that two writers on one database take turns."""

from __future__ import annotations

from sqlalchemy import Connection, text

# Serializes newsdb writers on one PostgreSQL database (an arbitrary constant: "newsdb" in ASCII).
_PG_WRITE_LOCK = 0x6E657773_6462


def lock_writers(connection: Connection) -> None:
    """On PostgreSQL, wait for and hold newsdb's write lock until the transaction ends (SQLite: BEGIN IMMEDIATE)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})
