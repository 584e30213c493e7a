"""`newsdb upgrade | downgrade | current`: the database schema."""

from __future__ import annotations

import sys

import click

from newsdb.cli import EXIT_USER_ERROR, State, url_option
from newsdb.cli.database import require_database
from newsdb.errors import DataLossError
from newsdb.store import migrate


@click.command()
@url_option
@click.argument("revision", default="head")
@click.pass_obj
def upgrade(state: State, revision: str) -> None:
    """Migrate the database schema up to REVISION (default: head); creates a SQLite file that does not exist.

    At head it also makes again the views (SQLite: the full-text table and triggers; PostgreSQL: the read-only
    role and its grants) that are missing, and says so; what the migrating role may not do (create that role) is
    a warning on stderr. A database already past REVISION is left as it is (exit code 0): `newsdb downgrade
    REVISION` goes back.
    """
    done = migrate.upgrade(state.url, revision)
    for line in done.repaired:
        click.echo(line)
    for warning in done.warnings:
        click.echo(f"newsdb: warning: {warning}", err=True)
    if done.past is not None:
        click.echo(
            f"database at revision {done.revision}, already past {done.past}: nothing was changed "
            f"(`newsdb downgrade {done.past}` goes back to it)"
        )
        return
    click.echo(f"database at revision {done.revision}")
    if done.outdated:
        click.echo(
            f"{done.outdated} articles were not extracted by this version of the extractor: `newsdb reextract` "
            "(or seeding their files) finds their quotes with it"
        )


@click.command()
@url_option
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Delete without asking when the downgrade deletes data.")
@click.pass_obj
def downgrade(state: State, revision: str, yes: bool) -> None:
    """Migrate the database schema down to REVISION (`base` removes every newsdb table and its rows).

    A downgrade that would delete rows says how many, and of which tables, and asks before it deletes them;
    without a terminal to ask on, it changes nothing unless --yes is given.
    """
    require_database(state.url)
    try:
        loss = migrate.downgrade(state.url, revision, allow_data_loss=yes)
    except DataLossError as exc:
        what = f"downgrading to {revision} deletes {exc.loss.describe()}"
        if not _can_ask():
            raise DataLossError(f"{what}; nothing was changed: run again with --yes to delete them", exc.loss) from None
        click.echo(f"newsdb: {what}.", err=True)
        if not _confirmed("Delete them?"):
            click.echo("newsdb: nothing was changed", err=True)
            sys.exit(EXIT_USER_ERROR)
        loss = migrate.downgrade(state.url, revision, allow_data_loss=True)
    if loss:
        click.echo(f"deleted {loss.describe()}")
    click.echo(f"database at revision {migrate.current(state.url) or 'base'}")


def _confirmed(question: str) -> bool:
    """The answer to a yes/no question on stderr; Ctrl-C or the end of input count as no."""
    try:
        return click.confirm(question, default=False, err=True)
    except click.Abort:
        click.echo(err=True)
        return False


def _can_ask() -> bool:
    """Whether a person can answer a question: standard input is a terminal."""
    return sys.stdin is not None and sys.stdin.isatty()


@click.command()
@url_option
@click.pass_obj
def current(state: State) -> None:
    """Show the database's schema revision and whether it is the newest."""
    require_database(state.url)
    at = migrate.current(state.url)
    migrate.check_known(at)
    head = migrate.head()
    if at is None:
        click.echo(f"no newsdb schema (newest: {head}); run `newsdb upgrade`")
    elif at == head:
        click.echo(f"{at} (head)")
    else:
        click.echo(f"{at} (behind head {head}; run `newsdb upgrade`)")
