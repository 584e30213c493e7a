"""The `newsdb` command: a thin layer over the library, one module per group of commands."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from newsdb.errors import NewsdbError

EXIT_USER_ERROR = 2

F = TypeVar("F", bound=Any)


@dataclass
class State:
    """Options shared by every command."""

    url: str | None = None
    debug: bool = False


def _set_url(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(State).url = value


def url_option(function: F) -> F:
    """`--url`, accepted before or after the command name; `NEWSDB_URL` and the default apply otherwise."""
    option = click.option(
        "--url",
        metavar="URL",
        expose_value=False,
        is_eager=True,
        callback=_set_url,
        help="Database URL (default: $NEWSDB_URL, else sqlite:///newsdb.sqlite3).",
    )
    decorated: F = option(function)
    return decorated


class _Group(click.Group):
    """Prints newsdb's own errors as one line and exits 2; `--debug` shows the traceback instead."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsdbError as exc:
            if ctx.ensure_object(State).debug:
                raise
            click.echo(f"newsdb: error: {exc}", err=True)
            ctx.exit(EXIT_USER_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@url_option
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="newsdb")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """newsdb: news articles, their structure, quotes and sources, in SQLite or PostgreSQL."""
    ctx.ensure_object(State).debug = debug


def _register() -> None:
    from newsdb.cli import explain, parse, query, schema, seed

    for module in (schema, parse, explain, seed, query):
        for command in module.COMMANDS:
            main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
