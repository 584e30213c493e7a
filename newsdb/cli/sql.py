"""`newsdb sql STATEMENT`: one read-only statement, its rows in any output format."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from types import FrameType
from typing import Any

import click

from newsdb.cli import EXIT_INTERRUPTED, State, url_option
from newsdb.cli.database import require_database
from newsdb.cli.options import TEXT
from newsdb.cli.output import Output, emit, output_options

DEFAULT_TIMEOUT = 5.0  # seconds; newsdb.readonly.DEFAULT_TIMEOUT, kept here so that --help needs no SQLAlchemy
MAX_TIMEOUT = 2_147_483  # seconds; newsdb.readonly.result.MAX_TIMEOUT
# A table is laid out after all its rows are known: it shows at most this many (the other formats stream).
TABLE_ROWS = 1_000
Row = tuple[Any, ...]


@click.command("sql")
@url_option
@click.argument("statement", type=TEXT)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True, max=MAX_TIMEOUT),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query once it has kept the database busy this long.",
)
@output_options
@click.pass_obj
def sql_command(state: State, statement: str, timeout: float, output: Output) -> None:
    """Run one read-only SQL statement (as a SELECT-only role on PostgreSQL; see docs/sql.md).

    NULL is `null` in JSON, an empty field in CSV (an empty string is `""`), `\\N` in TSV and `NULL` in the
    table; binary values are hexadecimal with a `\\x` prefix (`\\x0aff`) in every format. CSV, TSV, JSON and
    JSON lines are written row by row as the database returns them; the table shows the first 1,000 rows.
    """
    from newsdb.readonly import stream_readonly

    require_database(state.url)
    try:
        with _noting_ctrl_c() as pressed, stream_readonly(statement, url=state.url, timeout=timeout) as result:
            if not output.is_table:
                emit(output, result.columns, _until(pressed, result))
                return
            rows = list(islice(_until(pressed, result), TABLE_ROWS + 1))
            emit(output, result.columns, rows[:TABLE_ROWS])
            if len(rows) > TABLE_ROWS:
                click.echo(f"newsdb: showed the first {TABLE_ROWS:,} rows; --csv or --json print them all", err=True)
    except KeyboardInterrupt:
        click.echo("newsdb: interrupted; the query was stopped", err=True)
        sys.exit(EXIT_INTERRUPTED)


@contextmanager
def _noting_ctrl_c() -> Iterator[threading.Event]:
    """Ctrl-C raises KeyboardInterrupt as always, and is noted as well: Python drops an exception raised while a
    garbage-collection callback runs ("Exception ignored in …"), and a query streaming rows would go on."""
    pressed = threading.Event()

    def interrupt(signum: int, frame: FrameType | None) -> None:
        pressed.set()
        raise KeyboardInterrupt

    previous = signal.getsignal(signal.SIGINT) if threading.current_thread() is threading.main_thread() else None
    if previous is None or previous is signal.SIG_IGN:
        # only the main thread may handle signals; an ignored Ctrl-C (`trap '' INT`, a background job) stays
        # ignored; a handler set outside Python could not be put back
        yield pressed
        return
    signal.signal(signal.SIGINT, interrupt)
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def _until(pressed: threading.Event, rows: Iterable[Row]) -> Iterator[Row]:
    """`rows`, stopping with KeyboardInterrupt once Ctrl-C was pressed."""
    for row in rows:
        if pressed.is_set():
            raise KeyboardInterrupt
        yield row
