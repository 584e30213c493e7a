"""`newsdb sources`: list sources with their aliases; `merge`, `rename` and `split` them (decisions that last)."""

from __future__ import annotations

from collections.abc import Callable

import click

from newsdb.cli import State, url_option
from newsdb.cli.options import TEXT, paging_options
from newsdb.cli.output import Output, output_options
from newsdb.cli.query import SOURCE_KINDS, list_sources


@click.group("sources", invoke_without_command=True)
@url_option
@click.option("--kind", type=click.Choice(SOURCE_KINDS), help="Kind of source.")
@click.option(
    "--sort",
    type=click.Choice(["quotes", "articles", "name"]),
    default="quotes",
    show_default=True,
    help="Most quoted first, quoted in most articles first, or by name.",
)
@paging_options(default_limit=None)
@output_options
@click.pass_context
def sources_command(
    ctx: click.Context, kind: str | None, sort: str, limit: int | None, offset: int, output: Output
) -> None:
    """Sources with their numbers of quotes and of articles quoting them, most quoted first, and the other names
    they were written as.

    The subcommands fix what the rules got wrong; newsdb stores each decision and applies it whenever the
    articles are seeded again. A NAME that several sources have is chosen by its kind in brackets, as listed:
    "BBC News (organization)".
    """
    if ctx.invoked_subcommand is None:
        list_sources(ctx.ensure_object(State), kind, sort, limit, offset, output)


def _curate(state: State, action: Callable[..., str], *args: str) -> None:
    from newsdb.cli.database import require_database
    from newsdb.store.config import connect
    from newsdb.store.migrate import require_head
    from newsdb.store.session import open_connection

    require_database(state.url)
    engine = connect(state.url)
    try:
        with open_connection(engine) as connection:
            require_head(connection)
            connection.rollback()  # end the check's read, then write in a transaction of its own
            with connection.begin():
                done = action(connection, *args)
    finally:
        engine.dispose()
    click.echo(done)


@sources_command.command("merge")
@url_option
@click.argument("name", type=TEXT)
@click.argument("into", type=TEXT)
@click.pass_obj
def merge_command(state: State, name: str, into: str) -> None:
    """Make source NAME part of source INTO: its quotes and other names move to INTO."""
    from newsdb.sources import curation

    _curate(state, curation.merge, name, into)


@sources_command.command("rename")
@url_option
@click.argument("name", type=TEXT)
@click.argument("new_name", type=TEXT)
@click.pass_obj
def rename_command(state: State, name: str, new_name: str) -> None:
    """Call source NAME by NEW_NAME from now on."""
    from newsdb.sources import curation

    _curate(state, curation.rename, name, new_name)


@sources_command.command("split")
@url_option
@click.argument("name", type=TEXT)
@click.argument("alias", type=TEXT)
@click.pass_obj
def split_command(state: State, name: str, alias: str) -> None:
    """Take the quotes written with ALIAS out of source NAME into a source of their own."""
    from newsdb.sources import curation

    _curate(state, curation.split, name, alias)
