"""`newsdb sql` on both backends: writes refused, ordinary queries working, the time limit, streaming; and the
attacks on SQLite, each checked for its side effect. PostgreSQL's own attacks: test_sql_security_postgresql.py."""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import BACKENDS
from query_corpus import store
from sql_attacks import (
    ENDLESS,
    NEVER_YIELDS,
    assert_refused,
    counts,
    database,
    migrate_and_store,
    newsdb_sql_queries,
    run,
    wait_for,
    write_seed,
)
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from newsdb.cli.sql import _noting_ctrl_c, _until
from newsdb.readonly import SqlQueryError, run_readonly, stream_readonly


@pytest.fixture(scope="module")
def stored_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database with the query corpus, shared by the tests that only read (or try to write) it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('stored') / 'newsdb.sqlite3'}"
    migrate_and_store(url)
    return url


@pytest.fixture(scope="module")
def stored_postgresql(postgres_server: URL) -> Iterator[str]:
    """The same on a PostgreSQL database of its own."""
    with database(postgres_server.render_as_string(hide_password=False)) as url:
        migrate_and_store(url)
        yield url


@pytest.fixture(params=BACKENDS)
def stored_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"stored_{request.param}"))


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
    before = counts(stored_url)
    assert_refused(run(stored_url, "sql", statement))
    assert counts(stored_url) == before


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
    with stream_readonly(ENDLESS, url=stored_url, timeout=1) as rows, pytest.raises(SqlQueryError, match="time limit"):
        for _ in rows:
            pass


def test_rows_arrive_while_the_query_is_still_running(stored_url: str) -> None:
    """A million rows of a query that never ends: they can only come from a stream, not from a finished result."""
    received = 0
    with stream_readonly(ENDLESS, url=stored_url, timeout=120) as rows:
        assert rows.columns == ["n"]
        for (n,) in rows:
            received += 1
            assert n == received
            if received == 1_000_000:
                break
    assert received == 1_000_000


def _csv_lines(rows: int) -> Iterator[str]:
    yield "n\n"
    for n in range(1, rows + 1):
        yield f"{n}\n"


def _json_lines(rows: int) -> Iterator[str]:
    yield "[\n"
    for n in range(1, rows + 1):
        yield f'  {{"n": {n}}},\n'


@pytest.mark.parametrize(("option", "lines"), [("--csv", _csv_lines), ("--json", _json_lines)])
def test_the_command_prints_rows_while_the_query_is_still_running(
    stored_url: str, option: str, lines: Callable[[int], Iterator[str]]
) -> None:
    """`newsdb sql` of an endless query: many rows arrive, then the reader goes away (like `| head`)."""
    command = [sys.executable, "-m", "newsdb", "--url", stored_url, "sql", ENDLESS, option, "--timeout", "120"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        for expected in lines(50_000):
            assert process.stdout.readline() == expected
        process.stdout.close()  # the command ends quietly
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
    shown = [line.strip() for line in result.stdout.splitlines()]
    assert "1000" in shown
    assert "1001" not in shown


def test_json_is_one_document_written_a_row_a_line(stored_url: str) -> None:
    statement = "SELECT external_id, published_on, title FROM articles ORDER BY external_id LIMIT 2"
    printed = run(stored_url, "sql", statement, "--json").stdout
    assert json.loads(printed) == [
        {"external_id": "100_almaty_protest", "published_on": "2022-01-01", "title": None},
        {"external_id": "101_tokajew_rede", "published_on": "2022-01-05", "title": None},
    ]
    assert (
        printed.splitlines()[1]
        == '  {"external_id": "100_almaty_protest", "published_on": "2022-01-01", "title": null},'
    )
    assert json.loads(run(stored_url, "sql", "SELECT 1 AS x WHERE 1 = 0", "--json").stdout) == []


def test_a_seeder_writes_while_a_query_streams(engine: Engine, empty_url: str) -> None:
    store(engine)
    before = counts(engine)
    with stream_readonly("SELECT * FROM quote_details", url=empty_url, timeout=60, chunk_rows=1) as rows:
        first = next(iter(rows))
        write_seed(engine)  # the query holds its snapshot and cursor open meanwhile
        rest = list(rows)
    assert len([first, *rest]) == before[1]  # the query saw its snapshot
    assert counts(engine)[0] == before[0] + 1


def test_run_readonly_collects_the_rows(stored_url: str) -> None:
    result = run_readonly("SELECT external_id FROM articles ORDER BY external_id", url=stored_url)
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
        run_readonly("SELECT 1", url=stored_url, timeout=0)


# --- SQLite ---------------------------------------------------------------------------------------------------


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
    before = counts(stored_sqlite)
    assert_refused(run(stored_sqlite, "sql", statement), named)
    assert counts(stored_sqlite) == before


def test_sqlite_full_text_search_still_works(stored_sqlite: str) -> None:
    statement = "SELECT a.external_id FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid " \
        "WHERE articles_fts MATCH 'festnahm' ORDER BY bm25(articles_fts)"  # fmt: skip
    assert run(stored_sqlite, "sql", statement, "--csv").output == "external_id\n100_almaty_protest\n"


def test_sqlite_read_only_pragma_functions_work(stored_sqlite: str) -> None:
    statement = "SELECT name FROM pragma_table_info('sources') ORDER BY cid"
    assert run(stored_sqlite, "sql", statement, "--csv").output == "name\nid\nname\nkind\nnormalized_key\nwikidata_id\n"


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
        assert wait_for(lambda: newsdb_sql_queries(stored_url) == 0, seconds=30)


def test_a_ctrl_c_whose_exception_python_drops_still_stops_the_rows() -> None:
    """Python drops an exception raised while a garbage-collection callback runs ("Exception ignored in …"); the
    Ctrl-C is noted all the same, and the rows stop at the next one."""
    with _noting_ctrl_c() as pressed:
        rows = _until(pressed, iter([(1,), (2,), (3,)]))
        assert next(rows) == (1,)
        with contextlib.suppress(KeyboardInterrupt):  # as in a callback whose exception is ignored
            signal.raise_signal(signal.SIGINT)
        with pytest.raises(KeyboardInterrupt):
            next(rows)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_ctrl_c_ignored_before_the_query_stays_ignored() -> None:
    """`trap '' INT` or a background job: newsdb sql leaves an ignored SIGINT ignored, as before."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with _noting_ctrl_c() as pressed:
            signal.raise_signal(signal.SIGINT)
            rows = list(_until(pressed, iter([(1,), (2,)])))
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    assert rows == [(1,), (2,)]
