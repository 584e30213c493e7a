"""The `newsdb` command: a thin layer over the library, one module per group of commands.

Command modules are imported when their command runs (or its help is shown), so that `newsdb --help` and
`newsdb parse` start without loading SQLAlchemy; the command list shows the short help given here.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import import_module
from typing import Any, TypeVar

import click

from newsdb.errors import NewsdbError

EXIT_SOME_FAILED = 1  # the run went on past files or articles it could not take, each named on stderr
EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130

F = TypeVar("F", bound=Any)

# name -> (module, attribute, the one line `newsdb --help` shows)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "upgrade": ("newsdb.cli.schema", "upgrade", "Create the database or migrate it to the newest schema."),
    "downgrade": ("newsdb.cli.schema", "downgrade", "Migrate the schema down to a revision."),
    "current": ("newsdb.cli.schema", "current", "Show the schema revision and whether it is the newest."),
    "parse": ("newsdb.cli.parse", "parse_command", "Show how article files parse, without a database."),
    "explain": ("newsdb.cli.explain", "explain_command", "Show, sentence by sentence, which rule found each quote."),
    "seed": ("newsdb.cli.seed", "seed_command", "Load article files into the database (creates it)."),
    "reextract": ("newsdb.cli.reextract", "reextract_command", "Extract stored articles' quotes again."),
    "search": ("newsdb.cli.query", "search_command", "Full-text search, best hits first."),
    "quotes": ("newsdb.cli.query", "quotes_command", "Quotes with their speakers."),
    "sources": (
        "newsdb.cli.sources",
        "sources_command",
        "Sources with their quotes and aliases; merge, rename, split.",
    ),
    "stats": ("newsdb.cli.query", "stats_command", "What is in the database."),
    "show": ("newsdb.cli.article", "show_command", "One article with its headings and quotes."),
    "export": ("newsdb.cli.export", "export_command", "Write the articles back as text files or JSON lines."),
    "sql": ("newsdb.cli.sql", "sql_command", "Run one read-only SQL statement."),
}


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
    """Loads commands when used; prints newsdb's own errors, and the database errors a user can cause, as one
    line and exits 2 (`--debug` shows the traceback instead)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, short_help = COMMANDS[cmd_name]
        command: click.Command = getattr(import_module(module), attribute)
        command.short_help = short_help
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, short_help) for name, (_m, _a, short_help) in COMMANDS.items()])

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader of the output left (`newsdb quotes --csv | head`): it has what it wanted.
            _silence_stdout()
            ctx.exit(0)
        except Exception as exc:
            message = str(exc) if isinstance(exc, NewsdbError) else _database_error(ctx, exc)
            if message is None or ctx.ensure_object(State).debug:
                raise
            click.echo(f"newsdb: error: {message}", err=True)
            ctx.exit(EXIT_USER_ERROR)
        except KeyboardInterrupt:
            click.echo("newsdb: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)


def _database_error(ctx: click.Context, exc: Exception) -> str | None:
    """One line for a database error a user can cause (see `newsdb.store.dberrors`), else None."""
    if "sqlalchemy" not in sys.modules:  # no database was opened: nothing to describe, and nothing to import
        return None
    from newsdb.store import dberrors

    if not isinstance(exc, dberrors.USER_CAUSED):
        return None
    return f"`newsdb {ctx.invoked_subcommand}` failed: {dberrors.describe(exc)}"


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@url_option
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="newsdb")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """newsdb: news articles, their structure, quotes and sources, in SQLite or PostgreSQL.

    Only `upgrade` and `seed` create a database; every other command needs one that exists.
    """
    ctx.ensure_object(State).debug = debug


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
