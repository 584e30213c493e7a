"""`newsdb sql` on PostgreSQL cannot escape the read-only role: every attack, checked for its side effect.

The tests connect as a superuser, the worst case: everything refused here is refused to the server's owner too.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sql_attacks import (
    admin_execute,
    admin_scalar,
    assert_refused,
    counts,
    database,
    database_of,
    migrate_and_store,
    newsdb_sql_queries,
    run,
    server_writable_folder,
    wait_for,
    write_seed,
)
from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

from newsdb.readonly import SqlQueryError, stream_readonly
from newsdb.store.config import connect
from newsdb.store.locks import _PG_WRITE_LOCK

POSTGRESQL = pytest.mark.parametrize("backend", ["postgresql"])


@pytest.fixture(scope="module")
def stored_postgresql(postgres_server: URL) -> Iterator[str]:
    """A database with the query corpus, shared by the tests that only read it (or try to write)."""
    with database(postgres_server.render_as_string(hide_password=False)) as url:
        migrate_and_store(url)
        yield url


@pytest.fixture
def server_writable() -> Iterator[Path]:
    with server_writable_folder() as folder:
        yield folder


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
    before = counts(stored_postgresql)
    assert_refused(run(stored_postgresql, "sql", statement), named)
    assert counts(stored_postgresql) == before


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
    before = counts(stored_postgresql)
    large_objects = admin_scalar(stored_postgresql, "SELECT count(*) FROM pg_largeobject_metadata")
    assert_refused(run(stored_postgresql, "sql", template.format(target=target)))
    assert not target.exists()
    assert admin_scalar(stored_postgresql, "SELECT count(*) FROM pg_largeobject_metadata") == large_objects
    assert counts(stored_postgresql) == before


def test_postgresql_the_urls_role_itself_could_write_there(stored_postgresql: str, server_writable: Path) -> None:
    """The control for the test above: the superuser of the URL, outside newsdb sql, does create the file."""
    target = server_writable / "made_by_the_superuser"
    admin_execute(
        stored_postgresql, f"COPY (SELECT 1) TO PROGRAM 'touch {target}'", database=database_of(stored_postgresql)
    )
    assert target.exists()


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
    write_seed(engine)  # waits at most lock_timeout: a lock left behind would fail it
    assert counts(engine)[0] == 1


def test_postgresql_sleep_past_the_limit_is_stopped_on_the_server(stored_postgresql: str) -> None:
    assert_refused(run(stored_postgresql, "sql", "SELECT pg_sleep(30)", "--timeout", "1"), "time limit of 1")
    assert newsdb_sql_queries(stored_postgresql) == 0


def test_postgresql_the_client_stops_a_query_whose_fetches_add_up(stored_postgresql: str) -> None:
    """Each fetch stays under the server's per-statement timeout; their sum passes the limit all the same."""
    received = []
    sleeps = "SELECT pg_sleep(1.5) FROM generate_series(1, 3)"
    with (
        pytest.raises(SqlQueryError, match="time limit of 2 seconds"),
        stream_readonly(sleeps, url=stored_postgresql, timeout=2, chunk_rows=1) as rows,
    ):
        received.extend(rows)
    assert len(received) == 1


def test_postgresql_a_killed_client_leaves_no_query_running(stored_postgresql: str) -> None:
    command = [sys.executable, "-m", "newsdb", "--url", stored_postgresql, "sql", "SELECT pg_sleep(60)"]
    process = subprocess.Popen([*command, "--timeout", "3"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: newsdb_sql_queries(stored_postgresql) == 1, seconds=30), "the query never started"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    # pg_sleep(60) would still run for about a minute; the server's own timeout ends it after 3 seconds.
    assert wait_for(lambda: newsdb_sql_queries(stored_postgresql) == 0, seconds=30)
