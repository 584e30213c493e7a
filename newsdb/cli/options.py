"""Options shared by the commands: text that must be UTF-8, dates of any precision, `--limit` and `--offset`."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

import click

from newsdb.arguments import MAX_ROWS
from newsdb.errors import NewsdbError
from newsdb.files import is_decodable, shown

F = TypeVar("F", bound=Callable[..., Any])

_PERIOD = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@dataclass(frozen=True, slots=True)
class Period:
    """A year, month or day as given on the command line: its first and last day."""

    first: date
    last: date
    text: str = field(default="", compare=False)  # as given, for messages


class PeriodType(click.ParamType):  # type: ignore[type-arg,unused-ignore]  # generic in newer click only
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`: a whole year, month or day."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Period:
        if isinstance(value, Period):
            return value
        text = str(value).strip()
        match = _PERIOD.fullmatch(text)
        if match is None:
            self.fail(f"{text!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD", param, ctx)
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        try:
            if month is None:
                return Period(date(year, 1, 1), date(year, 12, 31), text)
            if day is None:
                return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), text)
            return Period(date(year, month, day), date(year, month, day), text)
        except ValueError as exc:
            self.fail(f"{text!r} is not a date: {exc}", param, ctx)


PERIOD = PeriodType()


class UnicodeText(click.ParamType):  # type: ignore[type-arg,unused-ignore]  # generic in newer click only
    """Text for the database (a name, an id, a query, SQL): refused when it is not valid UTF-8.

    Python hands over bytes that are not UTF-8 in an argument as lone surrogates (PEP 383), which no database
    driver can encode; they come from a terminal or a script in another encoding, so the fix is the user's.
    """

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if not is_decodable(text):
            self.fail(f"'{shown(text)}' is not valid UTF-8 (is the terminal set to another encoding?)", param, ctx)
        return text


TEXT = UnicodeText()


def date_range_options(function: F) -> F:
    """`--since` and `--until`, both inclusive; `--since 2015` starts on 1 January, `--until 2015` ends 31 December.

    A range that ends before it starts is a mistake (the dates swapped), not a query that finds nothing: the
    command stops with one line before it opens the database.
    """

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        since, until = kwargs.get("since"), kwargs.get("until")
        if isinstance(since, Period) and isinstance(until, Period) and since.first > until.last:
            raise NewsdbError(f"--since {since.text} is later than --until {until.text}: no date is in that range")
        return function(*args, **kwargs)

    with_until = click.option(
        "--until", type=PERIOD, help="Only articles up to this date (YYYY, YYYY-MM or YYYY-MM-DD, inclusive)."
    )(checked)
    decorated = click.option(
        "--since", type=PERIOD, help="Only articles from this date on (YYYY, YYYY-MM or YYYY-MM-DD)."
    )(with_until)
    return cast(F, decorated)


def first_day(period: Period | None) -> date | None:
    return None if period is None else period.first


def last_day(period: Period | None) -> date | None:
    return None if period is None else period.last


def paging_options(default_limit: int | None) -> Callable[[F], F]:
    """`--limit` (default `default_limit`, None: everything) and `--offset`."""
    shown = "all" if default_limit is None else str(default_limit)

    def decorate(function: F) -> F:
        function = click.option(
            "--offset",
            default=0,
            type=click.IntRange(min=0, max=MAX_ROWS),
            help="Skip this many rows first.",
            show_default=True,
        )(function)
        decorated: F = click.option(
            "--limit",
            default=default_limit,
            type=click.IntRange(min=1, max=MAX_ROWS),
            help=f"Most rows to show [default: {shown}].",
        )(function)
        return decorated

    return decorate
