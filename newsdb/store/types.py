"""Portable column types."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Dialect
from sqlalchemy.types import TypeDecorator

from newsdb.errors import DatabaseError


def utcnow() -> datetime:
    return datetime.now(UTC)


def _read_checked(process: Callable[[Any], Any] | None, expected: str) -> Callable[[Any], Any] | None:
    """`process` (the driver value's conversion, SQLite's ISO text to a date) raising DatabaseError for a value
    it cannot read: SQLite keeps whatever text is written into a date column, by hand for one."""
    if process is None:
        return None

    def checked(value: Any) -> Any:
        try:
            return process(value)
        except ValueError:
            raise DatabaseError(
                f"the database holds {value!r} where {expected} belongs (a row changed by hand?): "
                "correct that row with an UPDATE"
            ) from None

    return checked


class StoredDate(TypeDecorator[date]):
    """A date; one that SQLite holds as text that is not a date is a DatabaseError when read, not a ValueError."""

    impl = Date
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any] | None:
        return _read_checked(super().result_processor(dialect, coltype), "a date (YYYY-MM-DD)")


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend.

    Naive datetimes are rejected on the way in (their zone is unknown). SQLite has no time zone type,
    so values are stored there as naive UTC and come back aware.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: newsdb stores timezone-aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any] | None:
        return _read_checked(super().result_processor(dialect, coltype), "a timestamp (YYYY-MM-DD HH:MM:SS)")

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
