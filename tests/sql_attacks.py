"""Helpers for the `newsdb sql` security tests: running the CLI, and PostgreSQL roles and databases made for a test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from newsdb.cli import main


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--url", url, *args], catch_exceptions=False)


def assert_refused(result: Result, *fragments: str) -> None:
    """One line `newsdb: error: ...` naming each fragment, exit code 2."""
    assert result.exit_code == 2, result.output
    assert result.output.startswith("newsdb: error: "), result.output
    assert result.output.count("\n") == 1, result.output
    for fragment in fragments:
        assert fragment in result.output, result.output


def admin_url(url: str, database: str = "postgres") -> URL:
    """The test server's superuser URL on `database`."""
    return make_url(url).set(database=database)


def database_of(url: str) -> str:
    return str(make_url(url).database)


def admin_execute(url: str, *statements: str, database: str = "postgres") -> None:
    engine = create_engine(admin_url(url, database), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def admin_scalar(url: str, statement: str, database: str | None = None) -> object:
    engine = create_engine(admin_url(url, database or str(make_url(url).database)))
    try:
        with engine.connect() as connection:
            return connection.execute(text(statement)).scalar()
    finally:
        engine.dispose()


@contextmanager
def login_role(url: str, *attributes: str) -> Iterator[str]:
    """A new login role on the test server (dropped afterwards, with what it owns)."""
    name = f"newsdb_test_{uuid.uuid4().hex[:10]}"
    admin_execute(url, f"CREATE ROLE {name} LOGIN {' '.join(attributes)}")
    try:
        yield name
    finally:
        admin_execute(url, f"REASSIGN OWNED BY {name} TO CURRENT_USER", database=str(make_url(url).database))
        admin_execute(url, f"DROP OWNED BY {name}", database=str(make_url(url).database))
        admin_execute(url, f"DROP ROLE {name}")


@contextmanager
def database(url: str, owner: str | None = None) -> Iterator[str]:
    """A new database on the test server; yields its URL as the superuser."""
    name = f"newsdb_test_{uuid.uuid4().hex[:12]}"
    admin_execute(url, f'CREATE DATABASE "{name}"' + (f" OWNER {owner}" if owner else ""))
    try:
        yield admin_url(url, name).render_as_string(hide_password=False)
    finally:
        admin_execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
