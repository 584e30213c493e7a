"""`newsdb sql STATEMENT`: one read-only statement, its rows in any output format."""

from __future__ import annotations

import click

from newsdb.cli import State, url_option
from newsdb.cli.database import require_database
from newsdb.cli.output import Output, emit, output_options


@click.command("sql")
@url_option
@click.argument("statement")
@output_options
@click.pass_obj
def sql_command(state: State, statement: str, output: Output) -> None:
    """Run one read-only SQL statement (the database is opened so that it cannot be written).

    NULL is `null` in JSON, an empty field in CSV (an empty string is `""`), `\\N` in TSV and `NULL` in the
    table; binary values are hexadecimal with a `\\x` prefix (`\\x0aff`) in every format. CSV, TSV, JSON and
    JSON lines are written row by row as the database returns them.
    """
    from newsdb.readonly import run_readonly

    require_database(state.url)
    result = run_readonly(state.url, statement)
    emit(output, result.columns, result.rows)
