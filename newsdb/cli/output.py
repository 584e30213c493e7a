"""One output layer for every listing: a table for people, JSON, JSON lines, CSV or TSV for programs.

Commands describe their rows once (field names, values, and how the table shows them) and `emit` writes them
in the format chosen with the shared `output_options` (`--json`, `--nl`, `--csv`, `--tsv`). The machine formats
stream: each row is written as it comes, so `newsdb sql ... --csv` holds no result in memory.

Values: NULL is `null` in JSON, an empty unquoted field in CSV (an empty string is `""`), `\\N` in TSV and a
dim `NULL` in tables. Bytes are written as hexadecimal with a `\\x` prefix (PostgreSQL's `bytea` notation) in
every format. Dates are ISO 8601.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from functools import wraps
from typing import IO, TYPE_CHECKING, Any, Literal, TypeVar

import click

from newsdb.cli.pager import paged

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

F = TypeVar("F", bound=Callable[..., Any])

# Piped output with no COLUMNS: wide, so that tables keep a line per row.
PIPE_WIDTH = 200


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    NL = "nl"
    CSV = "csv"
    TSV = "tsv"


@dataclass(frozen=True, slots=True)
class Output:
    """What `output_options` gives a command: the format, and whether a terminal may get a pager."""

    format: Format = Format.TABLE
    pager: bool = True

    @property
    def is_table(self) -> bool:
        return self.format is Format.TABLE


def output_options(function: F) -> F:
    """`--json`, `--nl`, `--csv`, `--tsv` and `--no-pager`, passed to the command as `output: Output`."""
    choices = [
        ("--json", Format.JSON, "Print a JSON array (an object for single results)."),
        ("--nl", Format.NL, "Print JSON lines: one object a line."),
        ("--csv", Format.CSV, "Print CSV with a header row."),
        ("--tsv", Format.TSV, "Print tab-separated values with a header row."),
    ]

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        chosen = [fmt for _flag, fmt, _help in choices if kwargs.pop(f"output_{fmt.value}")]
        if len(chosen) > 1:
            raise click.UsageError(f"choose one output format, not {' and '.join('--' + f.value for f in chosen)}")
        kwargs["output"] = Output(chosen[0] if chosen else Format.TABLE, pager=not kwargs.pop("no_pager"))
        return function(*args, **kwargs)

    decorated: Callable[..., Any] = wrapper
    decorated = click.option("--no-pager", is_flag=True, help="Never page long output on a terminal.")(decorated)
    for flag, fmt, text in reversed(choices):
        decorated = click.option(flag, f"output_{fmt.value}", is_flag=True, help=text)(decorated)
    return decorated  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its header and how it shows a row (a field name, or a function of the row as a dict)."""

    header: str
    value: str | Callable[[Mapping[str, Any]], Any]
    numeric: bool = False  # right-aligned
    wide: bool = False  # long text: gets the spare width and wraps at word boundaries
    wrap: bool = False  # medium text (names): wraps at word boundaries, takes no spare width


def emit(
    output: Output,
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    columns: Sequence[Column] | None = None,
    *,
    nothing_found: str | None = None,
) -> int:
    """Write `rows` (value tuples in the order of `fields`); returns how many were written.

    `columns` shapes the table (default: every field, numbers right-aligned). When there is no row and
    `nothing_found` is given, `no matches for {nothing_found}` goes to stderr (the machine formats still
    write their empty result).
    """
    with paged(output.pager and output.is_table) as stream:
        if output.is_table:
            count = _table(stream, fields, rows, columns)
        else:
            count = _machine(stream, output.format, fields, rows)
    if count == 0 and nothing_found is not None:
        click.echo(f"no matches for {nothing_found}", err=True)
    return count


def emit_object(output: Output, value: Mapping[str, Any]) -> None:
    """One object (a single result) in JSON or JSON lines."""
    with paged(False) as stream:
        if output.format is Format.NL:
            stream.write(json.dumps(value, ensure_ascii=False, default=json_value) + "\n")
        else:
            stream.write(json.dumps(value, ensure_ascii=False, indent=2, default=json_value) + "\n")


# --- the machine formats, streamed --------------------------------------------------------------------------------


def _machine(stream: IO[str], fmt: Format, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    if fmt is Format.JSON:
        stream.write("[")
        for count, row in enumerate(rows, start=1):
            stream.write(("\n  " if count == 1 else ",\n  ") + _json_row(fields, row))
        stream.write("\n]\n" if count else "]\n")
        return count
    if fmt is Format.NL:
        for row in rows:
            stream.write(_json_row(fields, row) + "\n")
            count += 1
        return count
    line = csv_line if fmt is Format.CSV else tsv_line
    stream.write(line(fields) + "\n")
    for row in rows:
        stream.write(line(row) + "\n")
        count += 1
    return count


def _json_row(fields: Sequence[str], row: Sequence[Any]) -> str:
    return json.dumps(dict(zip(fields, row, strict=True)), ensure_ascii=False, default=json_value)


def json_value(value: object) -> object:
    """JSON for what `json` cannot write itself: dates as ISO 8601, bytes as `\\x` hex, decimals as numbers."""
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return hex_bytes(bytes(value))
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return str(value)


def hex_bytes(value: bytes) -> str:
    return "\\x" + value.hex()


def text_value(value: object) -> str:
    """A non-NULL value as text for CSV, TSV and tables."""
    if isinstance(value, bytes | bytearray | memoryview):
        return hex_bytes(bytes(value))
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=json_value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return str(value)


def csv_line(values: Iterable[Any]) -> str:
    """One RFC 4180 line; NULL is an empty field, an empty string the quoted `""`."""
    return ",".join(_csv_field(v) for v in values)


def _csv_field(value: object) -> str:
    if value is None:
        return ""
    text = text_value(value)
    if text == "" or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_line(values: Iterable[Any]) -> str:
    """One line of PostgreSQL's text format: NULL is `\\N`; tabs, newlines and backslashes are escaped."""
    return "\t".join("\\N" if v is None else text_value(v).translate(_TSV_ESCAPES) for v in values)


# --- tables ---------------------------------------------------------------------------------------------------------


def terminal_width() -> int:
    """`COLUMNS` when set, else the terminal's width, else `PIPE_WIDTH` (piped, width unknown)."""
    configured = os.environ.get("COLUMNS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    if sys.stdout.isatty():
        try:
            return os.get_terminal_size(sys.stdout.fileno()).columns
        except OSError:
            pass
    return PIPE_WIDTH


def console(stream: IO[str] | None = None) -> Console:
    """A rich console for `stream` (default stdout) at `terminal_width()`, in colour only on a terminal.

    Strings print as they are: an article's `[sic]` or `[/b]` is text, never rich markup (styles are `Text`'s).
    """
    from rich.console import Console

    tty = sys.stdout.isatty()
    return Console(
        file=stream or sys.stdout,
        width=terminal_width(),
        markup=False,
        highlight=False,
        force_terminal=tty,
        no_color=not tty or "NO_COLOR" in os.environ,
        soft_wrap=False,
    )


def new_table(*columns: Column, show_header: bool = True, widths: Sequence[int | None] | None = None) -> Table:
    """An empty rich table: numbers on the right, long text wrapping at word boundaries.

    `widths` fixes the width of the columns that are not wide (None: as rich measures them).
    """
    from rich import box
    from rich.table import Table

    table = Table(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        show_header=show_header,
        show_edge=False,
        pad_edge=False,
        leading=1 if any(c.wide for c in columns) else 0,  # a blank line between rows of wrapped text
    )
    for index, column in enumerate(columns):
        justify: Literal["left", "right"] = "right" if column.numeric else "left"
        if column.wide:
            # rich wraps at spaces; `fold` breaks only a word longer than the whole column
            table.add_column(column.header, justify=justify, ratio=1, overflow="fold", min_width=8)
        else:
            width = widths[index] if widths is not None else None
            table.add_column(column.header, justify=justify, no_wrap=not column.wrap, overflow="fold", width=width)
    return table


def fitted_widths(columns: Sequence[Column], cells: list[list[Any]], total: int) -> list[int | None]:
    """Widths for the columns that are not wide, so that the wide ones get the rest of `total`.

    Short columns get their longest value; a wrapping column (names) its longest value up to its share of what
    the short columns leave, but never less than its longest word (up to half of that), so that names do not
    break mid-word.
    """
    from rich.text import Text

    def lines(cell: Any) -> list[str]:
        return (cell.plain if isinstance(cell, Text) else str(cell)).splitlines() or [""]

    widths: list[int | None] = []
    for index, column in enumerate(columns):
        values = [line for row in cells for line in lines(row[index])] + [column.header]
        widths.append(None if column.wide else max(map(len, values)))
    fixed = sum(w for w, c in zip(widths, columns, strict=True) if w is not None and not c.wrap)
    spare = max(total - fixed - 2 * len(columns), 0)
    # each wrapping column may take a share, the wide ones keep at least as much as all of them together
    share = spare // (2 * sum(1 for c in columns if c.wrap) + 1)
    for index, column in enumerate(columns):
        if column.wrap and widths[index] is not None:
            words = [len(word) for row in cells for line in lines(row[index]) for word in line.split()] or [1]
            widths[index] = min(widths[index] or 0, max(share, min(max(words), spare // 2)))
    return widths


def _table(
    stream: IO[str], fields: Sequence[str], rows: Iterable[Sequence[Any]], columns: Sequence[Column] | None
) -> int:
    from rich.text import Text

    materialized = list(rows)
    if not materialized:
        return 0
    if columns is None:
        columns = [Column(name, name, numeric=_all_numbers(materialized, i)) for i, name in enumerate(fields)]
    cells: list[list[Any]] = []
    for row in materialized:
        record = dict(zip(fields, row, strict=True))
        shown: list[Any] = []
        for column in columns:
            value = record[column.value] if isinstance(column.value, str) else column.value(record)
            if value is None:
                shown.append(Text("NULL", style="dim"))
            elif isinstance(value, Text):
                shown.append(value)
            else:
                shown.append(text_value(value))
        cells.append(shown)
    out = console(stream)
    table = new_table(*columns, widths=fitted_widths(columns, cells, out.width))
    for shown in cells:
        table.add_row(*shown)
    with out.capture() as captured:
        out.print(table)
    # cells are padded to their column's width: a line's trailing blanks carry nothing but make copies ragged
    stream.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
    return len(materialized)


def _all_numbers(rows: list[Sequence[Any]], index: int) -> bool:
    values = [row[index] for row in rows if row[index] is not None]
    return bool(values) and all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in values)


def records(items: Iterable[Any], fields: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """Rows of `fields` taken from objects' attributes (dataclasses, named tuples)."""
    for item in items:
        yield tuple(getattr(item, name) for name in fields)
