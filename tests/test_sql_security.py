"""`newsdb sql` cannot escape: attacks on both backends, each checked for its side effect, and the time limit.

The tests connect to PostgreSQL as a superuser, the worst case: everything refused here is refused to the owner
of the server as well.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import BACKENDS, SEED
from query_corpus import store
from sql_attacks import admin_execute, admin_scalar, assert_refused, database, database_of, run
from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

from newsdb import migrate
from newsdb.config import connect
from newsdb.extract import extract
from newsdb.load import _PG_WRITE_LOCK, Loader, prepare
from newsdb.parse import read_document
from newsdb.readonly import SqlQueryError, run_readonly, stream_readonly

ENDLESS = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r"
NEVER_YIELDS = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"


def _counts(where: Engine | str) -> tuple[int, int, int]:
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


def _write_seed(engine: Engine) -> None:
    """What a seeder does: take the writer's lock (PostgreSQL) and write an article."""
    with engine.connect() as connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL lock_timeout = '20s'"))  # fail, not hang, if the lock were held
        Loader(connection).write([prepare(extract(read_document(SEED)), engine.dialect.name == "sqlite")])


@pytest.fixture(scope="module")
def stored_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database with the query corpus, shared by the tests that only read (or try to write) it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('stored') / 'newsdb.sqlite3'}"
    _migrate_and_store(url)
    return url


@pytest.fixture(scope="module")
def stored_postgresql(postgres_server: URL) -> Iterator[str]:
    """The same on a PostgreSQL database of its own."""
    with database(postgres_server.render_as_string(hide_password=False)) as url:
        _migrate_and_store(url)
        yield url


@pytest.fixture(params=BACKENDS)
def stored_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"stored_{request.param}"))


def _migrate_and_store(url: str) -> None:
    engine = connect(url)
    migrate.upgrade(engine)
    store(engine)
    engine.dispose()


# --- on both backends -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM quotes",
        "UPDATE articles SET title = 'x'",
        "INSERT INTO sources (name, kind, normalized_key) VALUES ('x', 'person', 'x')",
        "DROP TABLE quotes",
        "CREATE TABLE t (x integer)",
        "SELECT 1; DELETE FROM quotes",
        "COMMIT; DELETE FROM quotes",
        "BEGIN",
    ],
)
def test_writes_are_refused(stored_url: str, statement: str) -> None:
    before = _counts(stored_url)
    assert_refused(run(stored_url, "sql", statement))
    assert _counts(stored_url) == before


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "SELECT source_name, count(*) AS quotes FROM quote_details WHERE source_name IS NOT NULL "
            "GROUP BY source_name ORDER BY quotes DESC, source_name LIMIT 1",
            [{"source_name": "Judith Huber", "quotes": 3}],
        ),
        (
            "SELECT external_id, quote_count FROM article_overview ORDER BY quote_count DESC, external_id LIMIT 2",
            [
                {"external_id": "102_zuerich_velowege", "quote_count": 4},
                {"external_id": "100_almaty_protest", "quote_count": 2},
            ],
        ),
        (
            "WITH per_article AS (SELECT article_id, count(*) AS n FROM quotes GROUP BY article_id) "
            "SELECT a.external_id, p.n FROM per_article AS p JOIN articles AS a ON a.id = p.article_id "
            "WHERE a.external_id = '103_gaspreise_bern'",
            [{"external_id": "103_gaspreise_bern", "n": 1}],
        ),
        ("SELECT count(*) AS articles, sum(word_count) > 0 AS words FROM articles", [{"articles": 4, "words": True}]),
        (
            "SELECT '100%' AS share, '{x} %s' AS braces -- a comment; DELETE FROM quotes",
            [{"share": "100%", "braces": "{x} %s"}],
        ),
    ],
)
def test_ordinary_queries_work(stored_url: str, statement: str, expected: list[object]) -> None:
    result = run(stored_url, "sql", statement, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == expected


def test_an_endless_recursive_query_stops_at_the_time_limit(stored_url: str) -> None:
    assert_refused(run(stored_url, "sql", NEVER_YIELDS, "--timeout", "1"), "time limit of 1 seconds")


def test_the_time_limit_holds_for_a_query_that_keeps_yielding(stored_url: str) -> None:
    """Fetch after fetch, the database time adds up to the limit: an endless stream of rows stops too."""
    with stream_readonly(stored_url, ENDLESS, timeout=1) as rows, pytest.raises(SqlQueryError, match="time limit"):
        for _ in rows:
            pass


def test_rows_arrive_while_the_query_is_still_running(stored_url: str) -> None:
    """A million rows of a query that never ends: they can only come from a stream, not from a finished result."""
    received = 0
    with stream_readonly(stored_url, ENDLESS, timeout=120) as rows:
        assert rows.columns == ["n"]
        for (n,) in rows:
            received += 1
            assert n == received
            if received == 1_000_000:
                break
    assert received == 1_000_000


def test_the_command_prints_rows_while_the_query_is_still_running(stored_url: str) -> None:
    """`newsdb sql ... --csv` of an endless query: 100,000 lines arrive, then the reader goes away."""
    command = [sys.executable, "-m", "newsdb", "--url", stored_url, "sql", ENDLESS, "--csv", "--timeout", "120"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "n\n"
        for expected in range(1, 100_001):
            assert process.stdout.readline() == f"{expected}\n"
        process.stdout.close()  # like `| head`: the command ends quietly
        assert process.wait(timeout=120) == 0
        assert process.stderr is not None
        assert process.stderr.read() == ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_large_table_is_capped_with_a_note(stored_url: str) -> None:
    result = run(stored_url, "sql", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5000) "
                 "SELECT n FROM r")  # fmt: skip
    assert result.exit_code == 0
    assert "showed the first 1,000 rows; --csv or --json print them all" in result.output
    assert "│ 1000 │" in result.output
    assert "│ 1001 │" not in result.output


def test_json_streams_the_same_document_as_before(stored_url: str) -> None:
    statement = "SELECT external_id, published_on, title FROM articles ORDER BY external_id LIMIT 2"
    printed = run(stored_url, "sql", statement, "--json").output
    assert (
        printed
        == json.dumps(
            [
                {"external_id": "100_almaty_protest", "published_on": "2022-01-01", "title": None},
                {"external_id": "101_tokajew_rede", "published_on": "2022-01-05", "title": None},
            ],
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    assert run(stored_url, "sql", "SELECT 1 AS x WHERE 1 = 0", "--json").output == "[]\n"


def test_a_seeder_writes_while_a_query_streams(engine: Engine, empty_url: str) -> None:
    store(engine)
    before = _counts(engine)
    with stream_readonly(empty_url, "SELECT * FROM quote_details", timeout=60, chunk_rows=1) as rows:
        first = next(iter(rows))
        _write_seed(engine)  # the query holds its snapshot and cursor open meanwhile
        rest = list(rows)
    assert len([first, *rest]) == before[1]  # the query saw its snapshot
    assert _counts(engine)[0] == before[0] + 1


def test_run_readonly_collects_the_rows(stored_url: str) -> None:
    result = run_readonly(stored_url, "SELECT external_id FROM articles ORDER BY external_id")
    assert result.columns == ["external_id"]
    assert result.rows == [
        ("100_almaty_protest",),
        ("101_tokajew_rede",),
        ("102_zuerich_velowege",),
        ("103_gaspreise_bern",),
    ]


def test_the_time_limit_must_be_positive(stored_url: str) -> None:
    assert run(stored_url, "sql", "SELECT 1", "--timeout", "0").exit_code == 2
    with pytest.raises(SqlQueryError, match="positive"):
        run_readonly(stored_url, "SELECT 1", timeout=0)


# --- SQLite ---------------------------------------------------------------------------------------------------


POSTGRESQL = pytest.mark.parametrize("backend", ["postgresql"])


def test_sqlite_attach_creates_no_file(stored_sqlite: str, tmp_path: Path) -> None:
    target = tmp_path / "attached.db"
    assert_refused(run(stored_sqlite, "sql", f"ATTACH DATABASE '{target}' AS x"), "ATTACH")
    assert not target.exists()


def test_sqlite_vacuum_into_creates_no_file(stored_sqlite: str, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    assert_refused(run(stored_sqlite, "sql", f"VACUUM INTO '{target}'"), "ATTACH (also used by VACUUM)")
    assert not target.exists()


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("SELECT load_extension('/tmp/evil')", "load_extension()"),
        ("SELECT writefile('/tmp/x', 'y')", "writefile"),
        ("PRAGMA query_only = OFF", "PRAGMA"),
        ("SELECT * FROM pragma_function_list() WHERE name = set_config('role', 'x', 0)", "set_config"),
        ("UPDATE sqlite_master SET sql = 'x'", "sqlite_master"),
        ("PRAGMA writable_schema = ON", "PRAGMA"),
        ("SAVEPOINT s", "SAVEPOINT"),
        ("DETACH DATABASE main", "DETACH"),
        ("REINDEX", "REINDEX"),
        ("ANALYZE", "only reads"),
        ("CREATE TEMP TABLE t (x)", "only reads"),
        ("WITH RECURSIVE r(n) AS (SELECT 1) DELETE FROM quotes", "DELETE"),
    ],
)
def test_sqlite_refuses_everything_but_reading(stored_sqlite: str, statement: str, named: str) -> None:
    before = _counts(stored_sqlite)
    assert_refused(run(stored_sqlite, "sql", statement), named)
    assert _counts(stored_sqlite) == before


def test_sqlite_full_text_search_still_works(stored_sqlite: str) -> None:
    statement = "SELECT a.external_id FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid " \
        "WHERE articles_fts MATCH 'festnahm' ORDER BY bm25(articles_fts)"  # fmt: skip
    assert run(stored_sqlite, "sql", statement, "--csv").output == "external_id\n100_almaty_protest\n"


def test_sqlite_read_only_pragma_functions_work(stored_sqlite: str) -> None:
    statement = "SELECT name FROM pragma_table_info('sources') ORDER BY cid"
    assert run(stored_sqlite, "sql", statement, "--csv").output == "name\nid\nname\nkind\nnormalized_key\n"


# --- PostgreSQL -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("RESET ROLE", "SET/RESET"),
        ("SET ROLE postgres", "SET/RESET"),
        ("RESET SESSION AUTHORIZATION", "SET/RESET"),
        ("SET SESSION AUTHORIZATION DEFAULT", "SET/RESET"),
        ("SELECT set_config('role', 'postgres', false)", "set_config()"),
        ("SELECT set_config('session_authorization', 'postgres', false)", "set_config()"),
        ("SELECT pg_catalog.set_config('statement_timeout', '0', false)", "set_config()"),
        ("SET statement_timeout = 0", "SET/RESET"),
        ("SELECT 1; SELECT pg_sleep(40)", "exactly one statement"),
        ("SELECT * FROM pg_authid", "permission denied for table pg_authid"),
        ("SELECT passwd FROM pg_shadow", "permission denied for view pg_shadow"),
        ("SELECT pg_read_file('/etc/passwd')", "pg_read_file()"),
        ("SELECT pg_read_binary_file('/etc/passwd')", "pg_read_binary_file()"),
        ("SELECT * FROM pg_ls_dir('/')", "pg_ls_dir()"),
        ("SELECT pg_reload_conf()", "pg_reload_conf()"),
        ("SELECT query_to_xml('SELECT pg_read_file(''/etc/passwd'')', true, false, '')", "query_to_xml()"),
        ("SELECT cursor_to_xml('c', 1, true, false, '')", "cursor_to_xml()"),
        ("SELECT * FROM ts_stat('SELECT search_vector FROM articles')", "ts_stat()"),
        (f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK}), pg_sleep(40)", "pg_advisory_xact_lock()"),
        (f"SELECT pg_advisory_lock_shared({_PG_WRITE_LOCK})", "pg_advisory_lock_shared()"),
        (f"SELECT pg_try_advisory_lock({_PG_WRITE_LOCK})", "pg_try_advisory_lock()"),
        ("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE", "LOCK"),
        ("SELECT * FROM articles FOR UPDATE", "FOR UPDATE/SHARE"),
        ("SELECT * FROM sources FOR KEY SHARE", "FOR UPDATE/SHARE"),
        ("SELECT * INTO stolen FROM articles", "SELECT INTO"),
        ("WITH gone AS (DELETE FROM quotes RETURNING id) SELECT count(*) FROM gone", "DELETE"),
        ("EXPLAIN ANALYZE DELETE FROM quotes", "DELETE"),
        ("DO $$ BEGIN PERFORM pg_sleep(40); END $$", "DO"),
        ("PREPARE p AS SELECT 1", "PREPARE"),
        ("SELECT nextval('articles_id_seq')", "permission denied for sequence"),
    ],
)
def test_postgresql_refuses_escapes(stored_postgresql: str, statement: str, named: str) -> None:
    before = _counts(stored_postgresql)
    assert_refused(run(stored_postgresql, "sql", statement), named)
    assert _counts(stored_postgresql) == before


@pytest.mark.parametrize(
    "template",
    [
        "COPY (SELECT 1) TO PROGRAM 'touch {target}'",
        "COPY articles TO '{target}'",
        "COPY sources FROM PROGRAM 'touch {target}'",
        "COPY sources (name) FROM '/etc/hostname'",
        "SELECT lo_export(lo_from_bytea(0, 'x'), '{target}')",
        "SELECT lo_import('/etc/passwd')",
    ],
)
def test_postgresql_writes_no_file_and_runs_no_program(
    stored_postgresql: str, server_writable: Path, template: str
) -> None:
    target = server_writable / "made_by_the_server"
    before = _counts(stored_postgresql)
    large_objects = admin_scalar(stored_postgresql, "SELECT count(*) FROM pg_largeobject_metadata")
    assert_refused(run(stored_postgresql, "sql", template.format(target=target)))
    assert not target.exists()
    assert admin_scalar(stored_postgresql, "SELECT count(*) FROM pg_largeobject_metadata") == large_objects
    assert _counts(stored_postgresql) == before


def test_postgresql_the_urls_role_itself_could_write_there(stored_postgresql: str, server_writable: Path) -> None:
    """The control for the test above: the superuser of the URL, outside newsdb sql, does create the file."""
    target = server_writable / "made_by_the_superuser"
    admin_execute(
        stored_postgresql, f"COPY (SELECT 1) TO PROGRAM 'touch {target}'", database=database_of(stored_postgresql)
    )
    assert target.exists()


@pytest.fixture
def server_writable() -> Iterator[Path]:
    """A folder the PostgreSQL server (another user than the tests, maybe) could write to if it were allowed."""
    folder = Path(tempfile.mkdtemp(prefix="newsdb-sql-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder)


@POSTGRESQL
def test_postgresql_tables_that_are_not_newsdbs_stay_closed(engine: Engine, empty_url: str) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE payroll (salary integer)"))
    assert_refused(run(empty_url, "sql", "SELECT * FROM payroll"), "permission denied for table payroll")


def test_postgresql_signals_no_other_session(stored_postgresql: str) -> None:
    engine = connect(stored_postgresql)
    with engine.connect() as victim:
        pid = victim.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert_refused(run(stored_postgresql, "sql", f"SELECT pg_terminate_backend({pid})"), "pg_terminate_backend()")
        assert_refused(run(stored_postgresql, "sql", f"SELECT pg_cancel_backend({pid})"), "pg_cancel_backend()")
        assert victim.execute(text("SELECT 1")).scalar_one() == 1
    engine.dispose()


def test_postgresql_queries_run_as_the_reader_role(stored_postgresql: str) -> None:
    result = run(
        stored_postgresql, "sql", "SELECT current_user, session_user, current_setting('transaction_read_only')", "--csv"
    )
    assert result.output == "current_user,session_user,current_setting\nnewsdb_reader,newsdb_reader,on\n"


def test_postgresql_the_time_limit_cannot_be_lifted(stored_postgresql: str) -> None:
    result = run(stored_postgresql, "sql", "SELECT current_setting('statement_timeout')", "--csv", "--timeout", "2.5")
    assert result.output == "current_setting\n2500ms\n"


@POSTGRESQL
def test_postgresql_the_seeders_lock_stays_free(engine: Engine, empty_url: str) -> None:
    assert_refused(run(empty_url, "sql", f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK}), pg_sleep(40)"))
    _write_seed(engine)  # waits at most lock_timeout: a lock left behind would fail it
    assert _counts(engine)[0] == 1


def test_postgresql_sleep_past_the_limit_is_stopped_on_the_server(stored_postgresql: str) -> None:
    assert_refused(run(stored_postgresql, "sql", "SELECT pg_sleep(30)", "--timeout", "1"), "time limit of 1")
    assert _newsdb_sql_queries(stored_postgresql) == 0


def test_postgresql_the_client_stops_a_query_whose_fetches_add_up(stored_postgresql: str) -> None:
    """Each fetch stays under the server's per-statement timeout; their sum passes the limit all the same."""
    received = []
    sleeps = "SELECT pg_sleep(1.5) FROM generate_series(1, 3)"
    with (
        pytest.raises(SqlQueryError, match="time limit of 2 seconds"),
        stream_readonly(stored_postgresql, sleeps, timeout=2, chunk_rows=1) as rows,
    ):
        received.extend(rows)
    assert len(received) == 1


def test_postgresql_a_killed_client_leaves_no_query_running(stored_postgresql: str) -> None:
    command = [sys.executable, "-m", "newsdb", "--url", stored_postgresql, "sql", "SELECT pg_sleep(60)"]
    process = subprocess.Popen([*command, "--timeout", "3"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: _newsdb_sql_queries(stored_postgresql) == 1, seconds=30), "the query never started"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    # pg_sleep(60) would still run for about a minute; the server's own timeout ends it after 3 seconds.
    assert _wait_for(lambda: _newsdb_sql_queries(stored_postgresql) == 0, seconds=30)


def _newsdb_sql_queries(url: str) -> int:
    """How many `newsdb sql` queries the server is running."""
    statement = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND application_name = 'newsdb sql'"
    return int(str(admin_scalar(url, statement)))


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_ctrl_c_stops_the_query_with_exit_code_130(stored_url: str) -> None:
    command = [sys.executable, "-m", "newsdb", "--url", stored_url, "sql", ENDLESS, "--csv", "--timeout", "120"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "n\n"
        assert process.stdout.readline() == "1\n"  # the query is running
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert stderr == "newsdb: interrupted; the query was stopped\n"
    if stored_url.startswith("postgresql"):
        assert _wait_for(lambda: _newsdb_sql_queries(stored_url) == 0, seconds=30)
