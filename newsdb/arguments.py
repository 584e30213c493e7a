"""Checks of the arguments the readers take, the same on both backends and before any SQL is sent."""

from __future__ import annotations

from newsdb.files import is_decodable

# The most rows LIMIT and OFFSET can name: both backends count them in signed 64-bit integers.
MAX_ROWS = 2**63 - 1


def check_text(name: str, value: str | None) -> None:
    """Raise for text no database can compare, the same on both backends: TypeError for what is not a str,
    ValueError for a NUL character (PostgreSQL refuses it) or text that is not valid UTF-8 (lone surrogates)."""
    if value is None:
        return
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if "\x00" in value:
        raise ValueError(f"{name} must not contain a NUL character: {value!r}")
    if not is_decodable(value):
        raise ValueError(f"{name} is not valid UTF-8 (it holds lone surrogates): {value!r}")


def check_page(limit: int | None, offset: int) -> None:
    """Raise ValueError for a page no database can take: `limit` below 1, `offset` below 0, or past `MAX_ROWS`."""
    if limit is not None and not 1 <= limit <= MAX_ROWS:
        raise ValueError(f"limit must be between 1 and {MAX_ROWS}, not {limit}")
    if not 0 <= offset <= MAX_ROWS:
        raise ValueError(f"offset must be between 0 and {MAX_ROWS}, not {offset}")
