"""Database problems a user can cause give one line on stderr and exit code 2, never a traceback, and change
nothing: read-only files, a role without rights, another application's tables, a schema from a newer newsdb,
an oversized search, a server that never answers.
"""

from __future__ import annotations

import socket
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from privileges import without_root_file_rights
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

import newsdb
from newsdb.cli import main
from newsdb.errors import SchemaError
from newsdb.ingest.seed import seed
from newsdb.search.query import SearchQueryError
from newsdb.store.config import connect

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
HANG_GUARD = 120  # seconds; only against a hang, no test asserts how long anything took


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_line_error(code: int, stderr: str) -> str:
    """The single `newsdb: error:` line of a run that exited 2."""
    assert code == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("newsdb: error: ")
    return lines[0]


def execute(url: str, *statements: str) -> None:
    engine = connect(url)
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def table_names(url: str) -> set[str]:
    engine = connect(url)
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    engine.dispose()
    return names


# --- SQLite files this user cannot write --------------------------------------------------------------------------


def run_as_plain_user(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsdb", *args], capture_output=True, text=True,
                          preexec_fn=without_root_file_rights, timeout=HANG_GUARD, check=False)  # fmt: skip


@pytest.fixture
def seeded_sqlite(tmp_path: Path) -> Iterator[Path]:
    """A SQLite database with the seed article in a folder of its own; permissions restored afterwards."""
    folder = tmp_path / "db"
    folder.mkdir()
    database = folder / "news.sqlite3"
    seed([SEEDS], url=f"sqlite:///{database}")
    yield database
    folder.chmod(0o755)
    database.chmod(0o644)


@pytest.fixture
def new_article(tmp_path: Path) -> Path:
    folder = tmp_path / "new"
    folder.mkdir()
    text_ = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8").replace("Kasachstan", "Kirgistan")
    (folder / "other.txt").write_text(text_, encoding="utf-8")
    return folder


def test_a_read_only_sqlite_file_is_one_line_and_keeps_its_articles(seeded_sqlite: Path, new_article: Path) -> None:
    seeded_sqlite.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # 444
    url = f"sqlite:///{seeded_sqlite}"
    for command in (["seed", str(new_article)], ["downgrade", "base"]):
        done = run_as_plain_user("--url", url, *command)
        line = one_line_error(done.returncode, done.stderr)
        assert "readonly database" in line
        assert "writable" in line
    seeded_sqlite.chmod(0o644)
    assert newsdb.current(url) == newsdb.head()
    assert len(newsdb.search("Kasachstan", url=url)) == 1


def test_a_read_only_folder_is_one_line(seeded_sqlite: Path, new_article: Path) -> None:
    seeded_sqlite.parent.chmod(0o555)
    for database in (seeded_sqlite, seeded_sqlite.with_name("new.sqlite3")):
        done = run_as_plain_user("--url", f"sqlite:///{database}", "seed", str(new_article))
        line = one_line_error(done.returncode, done.stderr)
        assert "database" in line
        assert "writable" in line
    assert not seeded_sqlite.with_name("new.sqlite3").exists()


# --- PostgreSQL: a role without rights ----------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_postgresql_role_without_rights_is_one_line(empty_url: str) -> None:
    role = f"newsdb_nobody_{uuid.uuid4().hex[:8]}"
    execute(empty_url, f'CREATE ROLE "{role}" LOGIN')
    as_nobody = make_url(empty_url).set(username=role, password=None).render_as_string(hide_password=False)
    try:
        # a new database it may not create tables in, then one it may not read
        code, _, err = run_cli("--url", as_nobody, "seed", str(SEEDS))
        assert "rights" in one_line_error(code, err)
        newsdb.upgrade(empty_url)
        execute(empty_url, f'GRANT USAGE ON SCHEMA public TO "{role}"')  # it sees the tables, may not touch them
        for command in (["seed", str(SEEDS)], ["search", "Kasachstan"], ["upgrade"]):
            code, _, err = run_cli("--url", as_nobody, *command)
            line = one_line_error(code, err)
            assert "permission denied" in line
            assert "rights" in line
        result = CliRunner().invoke(main, ["--debug", "--url", as_nobody, "search", "Kasachstan"])
        assert result.exception is not None
        assert "InsufficientPrivilege" in repr(result.exception)
    finally:
        admin = create_engine(make_url(empty_url))
        with admin.begin() as connection:
            connection.execute(text(f'DROP OWNED BY "{role}"'))
            connection.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()
    assert newsdb.current(empty_url) == newsdb.head()


# --- schemas newsdb did not make ----------------------------------------------------------------------------------


def test_upgrade_on_another_applications_tables_says_what_it_found_and_changes_nothing(empty_url: str) -> None:
    execute(empty_url, "CREATE TABLE articles (id INTEGER PRIMARY KEY, headline TEXT)",
            "INSERT INTO articles (id, headline) VALUES (1, 'kept')")  # fmt: skip
    for command in (["upgrade"], ["seed", str(SEEDS)]):
        code, _, err = run_cli("--url", empty_url, *command)
        line = one_line_error(code, err)
        assert "tables named articles" in line
        assert "another application" in line
    assert table_names(empty_url) == {"articles"}
    engine = connect(empty_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT headline FROM articles")).scalars().all() == ["kept"]
    engine.dispose()


def test_a_schema_from_a_newer_newsdb_is_named_as_such(empty_url: str) -> None:
    newsdb.upgrade(empty_url)
    execute(empty_url, "UPDATE alembic_version SET version_num = '9999_from_a_newer_newsdb'")
    for command in (["current"], ["upgrade"], ["seed", str(SEEDS)]):
        code, out, err = run_cli("--url", empty_url, *command)
        line = one_line_error(code, err)
        assert "migrated by a newer newsdb" in line
        assert "run `newsdb upgrade`" not in line
        assert out == ""
    with pytest.raises(SchemaError, match="newer newsdb"):
        newsdb.upgrade(empty_url)


# --- oversized searches -------------------------------------------------------------------------------------------


def test_a_search_of_16000_words_is_refused_in_one_line(empty_url: str) -> None:
    seed([SEEDS], url=empty_url)
    words = " ".join(f"wort{number}" for number in range(16_500))
    for query in (words, f'"{words}"', " OR ".join(words.split())):
        code, _, err = run_cli("--url", empty_url, "search", query)
        assert "16,500 words" in one_line_error(code, err)
        with pytest.raises(SearchQueryError, match="more than the 1,000"):
            newsdb.search(query, url=empty_url)
    longest = " ".join(f"wort{number}" for number in range(1_000))
    for query in (longest, f'"{longest}"', "Kasachstan -" + " -".join(longest.split()[1:])):
        assert len(newsdb.search(query, url=empty_url)) <= 1  # searched, not refused


# --- a server that accepts connections and never answers ----------------------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port whose connections the kernel accepts and nobody ever answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield int(server.getsockname()[1])


def test_the_urls_connect_timeout_ends_the_wait(silent_server: int) -> None:
    url = f"postgresql://newsdb@127.0.0.1:{silent_server}/news?connect_timeout=2"
    done = subprocess.run([sys.executable, "-m", "newsdb", "--url", url, "current"], capture_output=True,
                          text=True, timeout=HANG_GUARD, check=False)  # fmt: skip
    line = one_line_error(done.returncode, done.stderr)
    assert "cannot connect" in line
    assert "timeout" in line


def test_postgresql_connections_time_out_by_default(silent_server: int) -> None:
    url = f"postgresql://newsdb@127.0.0.1:{silent_server}/news"
    # The default of 10 s, shortened so the test is quick: the URL names no timeout, so the default applies.
    program = (
        "import sys, newsdb.store.config; newsdb.store.config.POSTGRESQL_CONNECT_TIMEOUT_S = 2; "
        f"from newsdb.cli import main; main(['--url', {url!r}, 'current'])"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=HANG_GUARD,
                          check=False)  # fmt: skip
    line = one_line_error(done.returncode, done.stderr)
    assert "cannot connect" in line
    assert "timeout" in line
