"""`newsdb upgrade | downgrade | current`: the database schema."""

from __future__ import annotations

import click

from newsdb import migrate
from newsdb.cli import State, url_option


@click.command()
@url_option
@click.argument("revision", default="head")
@click.pass_obj
def upgrade(state: State, revision: str) -> None:
    """Migrate the database schema up to REVISION (default: head)."""
    migrate.upgrade(state.url, revision)
    click.echo(f"database at revision {migrate.current(state.url)}")


@click.command()
@url_option
@click.argument("revision")
@click.pass_obj
def downgrade(state: State, revision: str) -> None:
    """Migrate the database schema down to REVISION (`base` removes every newsdb table)."""
    migrate.downgrade(state.url, revision)
    click.echo(f"database at revision {migrate.current(state.url) or 'base'}")


@click.command()
@url_option
@click.pass_obj
def current(state: State) -> None:
    """Show the database's schema revision and whether it is the newest."""
    at = migrate.current(state.url)
    migrate.check_known(at)
    head = migrate.head()
    if at is None:
        click.echo(f"no newsdb schema (newest: {head}); run `newsdb upgrade`")
    elif at == head:
        click.echo(f"{at} (head)")
    else:
        click.echo(f"{at} (behind head {head}; run `newsdb upgrade`)")


COMMANDS = [upgrade, downgrade, current]
