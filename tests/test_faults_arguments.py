"""Odd command-line arguments give a usage error or one `newsdb: error:` line, never a traceback, and change
nothing: text that is not UTF-8, numbers past what a database can count or a time limit it can set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED
from sqlalchemy import Engine, text

import newsdb
from newsdb import queries
from newsdb.arguments import MAX_ROWS
from newsdb.cli import main, sql
from newsdb.ingest.seed import seed
from newsdb.readonly import stream_readonly
from newsdb.readonly.result import MAX_TIMEOUT, SqlQueryError
from newsdb.search.query import SearchQueryError
from newsdb.store.config import connect

# An argument holding the byte 0xFF: Python passes bytes that are not UTF-8 on as lone surrogates (PEP 383).
NOT_UTF8 = "Hub\udcffer"


def run_cli(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--url", url, *args])
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


@pytest.fixture
def seeded(engine: Engine, empty_url: str) -> str:
    """The URL of a database holding the seed article."""
    seed([SEED], url=engine)
    return empty_url


def sources_and_aliases(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT s.name, a.alias FROM sources s JOIN source_aliases a ON a.source_id = s.id ORDER BY 1, 2")
        )
        return [(row[0], row[1]) for row in rows]


@pytest.mark.parametrize(
    "args",
    [
        ["show", NOT_UTF8],
        ["quotes", "--source", NOT_UTF8],
        ["quotes", "--article", NOT_UTF8],
        ["search", "Kreml", NOT_UTF8],
        ["sql", f"SELECT '{NOT_UTF8}'"],
        ["sources", "merge", NOT_UTF8, "Judith Huber"],
        ["sources", "rename", "Judith Huber", NOT_UTF8],
        ["sources", "split", "Judith Huber", NOT_UTF8],
    ],
    ids=lambda args: " ".join(a for a in args if a.isascii()),
)
def test_text_that_is_not_utf8_is_a_usage_error(seeded: str, engine: Engine, args: list[str]) -> None:
    before = sources_and_aliases(engine)
    code, stderr = run_cli(seeded, *args)
    assert code == 2
    assert "'Hub\\xffer" in stderr
    assert "is not valid UTF-8" in stderr
    assert sources_and_aliases(engine) == before


def test_a_database_url_that_is_not_utf8_is_one_line(backend: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("url")
    url = f"sqlite:///{folder}/{NOT_UTF8}.sqlite3" if backend == "sqlite" else f"postgresql://nobody@/{NOT_UTF8}"
    for command in (["stats"], ["upgrade"], ["seed", str(SEED)]):
        code, stderr = run_cli(url, *command)
        assert code == 2
        (line,) = stderr.strip().splitlines()
        assert line.startswith("newsdb: error: the database URL '")
        assert line.endswith("Hub\\xffer" + url.split("er", 1)[1] + "' is not valid UTF-8: write it in UTF-8")
    assert list(folder.iterdir()) == []  # no database file was made under another name


PAST_ROWS = str(2**63)  # one more than LIMIT and OFFSET can name on either backend


@pytest.mark.parametrize("command", [["quotes"], ["sources"], ["search", "Kreml"]], ids=" ".join)
@pytest.mark.parametrize("paging", [["--limit", PAST_ROWS], ["--offset", PAST_ROWS]], ids=" ".join)
def test_a_page_past_what_a_database_counts_is_a_usage_error(
    seeded: str, command: list[str], paging: list[str]
) -> None:
    code, stderr = run_cli(seeded, *command, *paging)
    assert code == 2
    assert f"Invalid value for '{paging[0]}': {PAST_ROWS} is not in the range" in stderr


@pytest.mark.parametrize("command", [["quotes"], ["sources"], ["search", "Kreml"]], ids=" ".join)
def test_the_largest_page_runs(seeded: str, command: list[str]) -> None:
    largest = str(MAX_ROWS)
    assert run_cli(seeded, *command, "--limit", largest) == (0, "")
    code, stderr = run_cli(seeded, *command, "--limit", largest, "--offset", largest)
    assert code == 0
    assert stderr.startswith("no matches for")


@pytest.mark.parametrize(("limit", "offset"), [(2**63, 0), (20, 2**63), (-1, 0), (0, 0), (None, -1)])
def test_the_query_helpers_refuse_a_page_no_database_takes(seeded: str, limit: int | None, offset: int) -> None:
    with newsdb.session(url=seeded) as db:
        with pytest.raises(ValueError, match="must be between"):
            queries.quotes(db, limit=limit, offset=offset)
        with pytest.raises(ValueError, match="must be between"):
            queries.sources_with_counts(db, limit=limit, offset=offset)


@pytest.mark.parametrize(("limit", "offset"), [(2**63, 0), (20, 2**63)])
def test_search_refuses_a_page_no_database_takes(seeded: str, limit: int, offset: int) -> None:
    with pytest.raises(SearchQueryError, match="must be at most"):
        newsdb.search("Kreml", url=seeded, limit=limit, offset=offset)


@pytest.mark.parametrize("timeout", ["inf", "1e20", str(MAX_TIMEOUT + 1)])
def test_a_time_limit_past_what_postgresql_takes_is_a_usage_error(seeded: str, timeout: str) -> None:
    code, stderr = run_cli(seeded, "sql", "--timeout", timeout, "SELECT 1")
    assert code == 2
    assert f"Invalid value for '--timeout': {float(timeout)} is not in the range" in stderr


def test_the_longest_time_limit_runs(seeded: str) -> None:
    result = CliRunner().invoke(main, ["--url", seeded, "sql", "--timeout", str(MAX_TIMEOUT), "--csv", "SELECT 7"])
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (0, ["7"]), result.stderr
    assert sql.MAX_TIMEOUT == MAX_TIMEOUT == 2_147_483


@pytest.mark.parametrize("timeout", [float("inf"), 1e20, MAX_TIMEOUT + 0.5])
def test_stream_readonly_refuses_a_time_limit_past_what_postgresql_takes(seeded: str, timeout: float) -> None:
    with (
        pytest.raises(SqlQueryError, match="must be at most 2147483 seconds"),
        stream_readonly("SELECT 1", url=seeded, timeout=timeout),
    ):
        pass


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("timeout=abc", "timeout='abc' in the database URL: expected a number of seconds"),
        ("timeout=inf", "timeout='inf' in the database URL: expected a number of seconds"),
        ("timeout=nan", "timeout='nan' in the database URL: expected a number of seconds"),
        ("cached_statements=many", "invalid literal for int() with base 10: 'many'"),
    ],
)
def test_a_sqlite_url_parameter_that_is_no_number_is_one_line(tmp_path: Path, query: str, said: str) -> None:
    url = f"sqlite:///{tmp_path}/newsdb.sqlite3?{query}"
    for command in (["stats"], ["upgrade"], ["seed", str(SEED)]):
        code, stderr = run_cli(url, *command)
        assert code == 2
        (line,) = stderr.strip().splitlines()
        assert line.startswith("newsdb: error: ")
        assert line.endswith(said)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("backend", ["sqlite"])  # the busy timeout is SQLite's
def test_a_longer_sqlite_busy_timeout_than_sqlite_counts_waits_its_longest(empty_url: str) -> None:
    engine = connect(f"{empty_url}?timeout=1e300")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2**31 - 1
    engine.dispose()


def test_a_postgresql_url_whose_port_is_no_number_is_one_line() -> None:
    code, stderr = run_cli("postgresql://news@db.example.org:abc/news", "stats")
    assert code == 2
    assert stderr == (
        "newsdb: error: cannot read database URL 'postgresql://news@db.example.org:abc/news': "
        "expected sqlite:///FILE or postgresql://USER@HOST/DB\n"
    )


def test_seed_takes_one_path_as_one_path(engine: Engine, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article = corpus / SEED.name
    article.write_bytes(SEED.read_bytes())
    report = seed(str(corpus), url=engine)  # not the folder name's characters, each a path
    assert (report.files, report.inserted, report.failures) == (1, 1, [])
    assert seed(article, url=engine).unchanged == 1
    article.unlink()
    assert [gone.external_id for gone in seed(str(corpus), url=engine, prune=True).pruned or []] == [SEED.stem]


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda url: newsdb.search(b"Kreml", url=url), "the search query must be a str, not bytes"),
        (lambda url: newsdb.search("Kreml", url=url, since=2022), "since must be a datetime.date, not int"),
        (lambda url: newsdb.search("Kreml", url=url, until="2022-12"), "until must be a datetime.date, not str"),
    ],
    ids=["bytes query", "int since", "str until"],
)
def test_search_names_an_argument_of_the_wrong_type(seeded: str, call: Callable[[str], object], said: str) -> None:
    with pytest.raises(TypeError, match=f"^{re.escape(said)}$"):
        call(seeded)


def test_the_query_helpers_name_a_date_of_the_wrong_type(seeded: str) -> None:
    with newsdb.session(url=seeded) as db, pytest.raises(TypeError, match=r"^since must be a datetime\.date, not str$"):
        queries.quotes(db, since="2022")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "error", "said"),
    [
        ("Hu\x00ber", ValueError, "must not contain a NUL character"),
        (NOT_UTF8, ValueError, "is not valid UTF-8"),
        (42, TypeError, "must be a str, not int"),
    ],
    ids=["NUL", "not UTF-8", "int"],
)
def test_the_query_helpers_refuse_text_no_database_compares(
    seeded: str, text: object, error: type[Exception], said: str
) -> None:
    with newsdb.session(url=seeded) as db:
        with pytest.raises(error, match=f"^source {said}"):
            queries.quotes(db, source=text)  # type: ignore[arg-type]
        with pytest.raises(error, match=f"^article {said}"):
            queries.quotes(db, article=text)  # type: ignore[arg-type]
        for lookup in (queries.article_exists, queries.article_by_external_id, queries.article_structure):
            with pytest.raises(error, match=f"^external_id {said}"):
                lookup(db, text)  # type: ignore[arg-type]


def test_stream_readonly_names_sql_of_the_wrong_type(seeded: str) -> None:
    with pytest.raises(TypeError, match=r"^sql must be a str, not NoneType$"), stream_readonly(None, url=seeded):  # type: ignore[arg-type]
        pass


@pytest.mark.parametrize("command", ["upgrade", "downgrade"])
@pytest.mark.parametrize("revision", ["", "  "])
def test_an_empty_revision_is_one_line(seeded: str, engine: Engine, command: str, revision: str) -> None:
    code, stderr = run_cli(seeded, command, revision)
    assert (code, stderr) == (
        2,
        "newsdb: error: the revision is empty: give head, base or a revision id (`newsdb current` shows the one "
        "the database is at)\n",
    )
    assert newsdb.current(url=engine) == newsdb.head()


def test_a_revision_of_the_wrong_type_is_named(seeded: str) -> None:
    for migrate in (newsdb.upgrade, newsdb.downgrade):
        with pytest.raises(TypeError, match=r"^revision must be a str, not NoneType$"):
            migrate(url=seeded, revision=None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (
            "postgresql://news:s3cr\udcffet@db/news",
            "the database URL 'postgresql://news:***@db/news' is not valid UTF-8",
        ),
        ("postgresql://news:p@ss@db:abc/news", "cannot read database URL 'postgresql://news:***@db:abc/news'"),
    ],
    ids=["not UTF-8", "port no number"],
)
def test_a_broken_url_is_shown_without_its_password(url: str, said: str) -> None:
    code, stderr = run_cli(url, "stats")
    assert code == 2
    assert stderr.startswith(f"newsdb: error: {said}")
    assert "s3cr" not in stderr
    assert "ss" not in stderr.replace("postgresql", "")


@pytest.mark.parametrize("batch_size", [0, -1, 2**63])
def test_iter_articles_refuses_a_batch_no_database_takes(seeded: str, batch_size: int) -> None:
    with newsdb.session(url=seeded) as db, pytest.raises(ValueError, match=r"^batch_size must be between 1 and"):
        next(queries.iter_articles(db, batch_size=batch_size))
