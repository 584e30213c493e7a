"""Helpers for the `newsdb sql` security tests: queries, the CLI, stored databases, test roles and databases."""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import SEED
from query_corpus import store
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from newsdb.cli import main
from newsdb.extract import extract
from newsdb.parse import read_document
from newsdb.store import migrate
from newsdb.store.config import connect
from newsdb.store.rows import article_rows
from newsdb.store.writer import ArticleWriter


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


ENDLESS = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r"
NEVER_YIELDS = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"


def counts(where: Engine | str) -> tuple[int, int, int]:
    """Articles, quotes, and articles titled 'x' (what the write attempts would set)."""
    engine = where if isinstance(where, Engine) else connect(where)
    try:
        with engine.connect() as connection:
            return (
                connection.execute(text("SELECT count(*) FROM articles")).scalar_one(),
                connection.execute(text("SELECT count(*) FROM quotes")).scalar_one(),
                connection.execute(text("SELECT count(*) FROM articles WHERE title = 'x'")).scalar_one(),
            )
    finally:
        if engine is not where:
            engine.dispose()


def write_seed(engine: Engine) -> None:
    """What a seeder does: take the writer's lock (PostgreSQL) and write an article."""
    with engine.connect() as connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL lock_timeout = '20s'"))  # fail, not hang, if the lock were held
        ArticleWriter(connection).write(
            [article_rows(extract(read_document(SEED)), index=engine.dialect.name == "sqlite")]
        )


def migrate_and_store(url: str) -> None:
    engine = connect(url)
    migrate.upgrade(engine)
    store(engine)
    engine.dispose()


def newsdb_sql_queries(url: str) -> int:
    """How many `newsdb sql` queries the server is running."""
    statement = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND application_name = 'newsdb sql'"
    return int(str(admin_scalar(url, statement)))


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@contextmanager
def server_writable_folder() -> Iterator[Path]:
    """A folder the PostgreSQL server (another user than the tests, maybe) could write to if it were allowed."""
    folder = Path(tempfile.mkdtemp(prefix="newsdb-sql-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)
