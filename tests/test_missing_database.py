"""Only `seed` and `upgrade` create a database: every other function refuses a database that does not exist,
in the words of the command line, and leaves no file behind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import URL, text

import newsdb
from newsdb import queries
from newsdb.store.migrate import check


def _stats(url: str) -> object:
    with newsdb.session(url=url) as db:
        return queries.corpus_stats(db)


def _plain_sql(url: str) -> object:
    with newsdb.session(url=url) as db:
        return db.execute(text("SELECT 1")).scalar()


READING: dict[str, Callable[[str], object]] = {
    "search": lambda url: newsdb.search("Festnahme", url=url),
    "session": _stats,
    "session, plain SQL": _plain_sql,
    "current": lambda url: newsdb.current(url=url),
    "check": lambda url: check(url),
    "reextract": lambda url: newsdb.reextract(url=url),
    "downgrade": lambda url: newsdb.downgrade(url=url, revision="base"),
}


@pytest.mark.parametrize("name", READING)
def test_reading_a_sqlite_file_that_does_not_exist_creates_nothing(tmp_path: Path, name: str) -> None:
    path = tmp_path / "typo.sqlite3"
    url = f"sqlite:///{path}"
    with pytest.raises(newsdb.DatabaseUnavailableError) as refused:
        READING[name](url)
    assert str(refused.value) == f"no newsdb database at {path} (create it with newsdb upgrade or newsdb seed)"
    assert list(tmp_path.iterdir()) == []
    newsdb.upgrade(url=url)  # creates it, and then the same function works
    READING[name](url)


def test_a_relative_path_and_the_default_are_refused_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSDB_URL", raising=False)
    with pytest.raises(newsdb.DatabaseUnavailableError, match=r"^no newsdb database at newsdb\.sqlite3 \("):
        newsdb.search("Festnahme")
    with pytest.raises(newsdb.DatabaseUnavailableError, match=r"^no newsdb database at sub/x\.sqlite3 \("):
        newsdb.current(url="sqlite:///sub/x.sqlite3")
    assert list(tmp_path.iterdir()) == []


def test_seed_creates_the_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    report = newsdb.seed(Path(__file__).parent.parent / "seeds", url=url, jobs=1)
    assert report.inserted > 0
    assert newsdb.current(url=url) == newsdb.head()


def test_an_engine_passed_in_is_the_caller_s_choice() -> None:
    """A program that makes its own engine decides itself what it opens (an in-memory database, say)."""
    engine = newsdb.connect("sqlite://")
    assert newsdb.current(url=engine) is None
    engine.dispose()


@pytest.mark.parametrize("name", READING)
def test_a_postgresql_database_that_does_not_exist_is_refused_as_well(postgres_server: URL, name: str) -> None:
    url = postgres_server.set(database="newsdb_no_such_database").render_as_string(hide_password=False)
    with pytest.raises(newsdb.DatabaseUnavailableError, match=r"^cannot connect to .*newsdb_no_such_database"):
        READING[name](url)
