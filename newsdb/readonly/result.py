"""What `newsdb sql` hands back: the columns and a stream of rows, its error, and its time limit."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from newsdb.errors import NewsdbError

Row = tuple[Any, ...]
# The longest time limit, in seconds: PostgreSQL's statement_timeout is a 32-bit count of milliseconds.
MAX_TIMEOUT = (2**31 - 1) // 1000


class SqlQueryError(NewsdbError):
    """SQL that failed, ran past its time limit, or tried to do more than read."""


class SqlRows:
    """The columns of a running query, and its rows as an iterator that fetches `chunk_rows` at a time.

    Rows are not kept: iterating a second time goes on where the first stopped.
    """

    def __init__(self, columns: list[str], fetch: Callable[[int], Sequence[Row]], chunk_rows: int) -> None:
        self.columns = columns
        self._fetch = fetch
        self._chunk_rows = chunk_rows

    def __iter__(self) -> Iterator[Row]:
        while chunk := self._fetch(self._chunk_rows):
            yield from chunk


class TimeBudget:
    """The seconds a query may keep the database busy, summed over its execution and every fetch.

    Time the caller spends between fetches (printing, a slow pipe) does not count.
    """

    def __init__(self, seconds: float) -> None:
        if not seconds > 0:
            raise SqlQueryError(f"the time limit must be a positive number of seconds, not {seconds!r}")
        if not seconds <= MAX_TIMEOUT:
            raise SqlQueryError(f"the time limit must be at most {MAX_TIMEOUT} seconds (24 days), not {seconds!r}")
        self.seconds = seconds
        self.left = seconds

    @contextmanager
    def spend(self) -> Iterator[float]:
        """A block of database work; yields the seconds it may take before the query is stopped."""
        if self.left <= 0:
            raise self.exceeded()
        started = time.monotonic()
        try:
            yield self.left
        finally:
            self.left -= time.monotonic() - started

    def exceeded(self) -> SqlQueryError:
        return SqlQueryError(
            f"the query did not finish within its time limit of {self.seconds:g} seconds and was stopped "
            "(allow more with --timeout SECONDS)"
        )


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
