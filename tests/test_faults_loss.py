"""Nothing is deleted without being said: downgrades that delete rows, and in-memory databases, which keep nothing.

Every database behaviour runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from faults_corpus import article, counts, run_cli, write
from sqlalchemy import Engine, text

import newsdb
from newsdb.cli import schema
from newsdb.errors import ConfigError, DataLossError
from newsdb.ingest.seed import seed
from newsdb.store import migrate
from newsdb.store.config import connect
from newsdb.store.data_loss import DataLoss, snapshot


@pytest.fixture
def loaded_url(empty_url: str, tmp_path: Path) -> str:
    """A database at head holding three articles of our own."""
    for number in range(3):
        write(tmp_path / "corpus", f"a{number}.txt", article(number))
    report = seed([tmp_path / "corpus"], url=empty_url, jobs=1)
    assert report.inserted == 3
    return empty_url


# -- downgrade ---------------------------------------------------------------------------------------------------


def test_downgrade_base_with_data_and_no_terminal_needs_yes(loaded_url: str) -> None:
    before = counts(loaded_url)
    assert before["articles"] == 3
    code, out, err = run_cli("--url", loaded_url, "downgrade", "base")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("newsdb: error: downgrading to base deletes 3 rows of articles, ")
    assert (
        "24 rows of quote_spans, 6 rows of quotes, 3 rows of sections, 1 row of source_aliases, 1 row of sources;"
        in err
    )
    assert "nothing was changed: run again with --yes" in err
    assert counts(loaded_url) == before
    assert migrate.current(loaded_url) == migrate.head()


def test_downgrade_base_with_yes_deletes_and_says_what(loaded_url: str) -> None:
    before = counts(loaded_url)
    code, out, _ = run_cli("--url", loaded_url, "downgrade", "base", "--yes")
    assert code == 0
    assert before == {
        "articles": 3, "sections": 3, "paragraphs": 6, "quotes": 6, "sources": 1, "source_aliases": 1, "quote_spans": 24
    }  # fmt: skip  # each quote: its own span, speaker, cue and frame
    assert out.splitlines() == [
        "deleted 3 rows of articles, 6 rows of paragraphs, 24 rows of quote_spans, 6 rows of quotes,"
        " 3 rows of sections, 1 row of source_aliases, 1 row of sources",
        "database at revision base",
    ]
    assert counts(loaded_url) == {}
    assert migrate.current(loaded_url) is None


def test_downgrade_of_an_empty_database_asks_nothing(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    code, out, err = run_cli("--url", empty_url, "downgrade", "base")
    assert (code, out, err) == (0, "database at revision base\n", "")


def test_downgrade_that_drops_only_the_search_index_keeps_the_rows_and_asks_nothing(loaded_url: str) -> None:
    # first below the revision that added quote spans and below the one that added source aliases (they delete
    # what they added, and say so)
    code, out, _ = run_cli("--url", loaded_url, "downgrade", "0004", "--yes")
    assert (code, out.splitlines()[0]) == (
        0,
        "deleted 24 rows of quote_spans, 3 values of articles.extractor_version, 6 values of quotes.medium",
    )
    script = ScriptDirectory.from_config(migrate.alembic_config()).get_revision("0004")
    assert script is not None
    assert isinstance(script.down_revision, str)
    code, out, _ = run_cli("--url", loaded_url, "downgrade", script.down_revision, "--yes")
    assert (code, out.splitlines()[0]) == (0, "deleted 1 row of source_aliases, 6 values of quotes.alias_id")
    before = counts(loaded_url)
    code, out, err = run_cli("--url", loaded_url, "downgrade", "0001")
    assert (code, out, err) == (0, "database at revision 0001\n", "")
    assert counts(loaded_url) == before


@pytest.mark.parametrize(("answer", "deleted"), [("y\n", True), ("n\n", False), ("", False)])
def test_downgrade_asks_on_a_terminal(
    loaded_url: str, monkeypatch: pytest.MonkeyPatch, answer: str, deleted: bool
) -> None:
    before = counts(loaded_url)
    # CliRunner's standard input is not a terminal; this stands in for the one question the command asks.
    monkeypatch.setattr(schema, "_can_ask", lambda: True)
    code, out, err = run_cli("--url", loaded_url, "downgrade", "base", stdin=answer)
    assert "downgrading to base deletes 3 rows of articles, " in err
    assert "Delete them? [y/N]" in err
    if deleted:
        assert code == 0
        assert out.startswith("deleted 3 rows of articles")
        assert counts(loaded_url) == {}
    else:
        assert code == 2
        assert "nothing was changed" in err
        assert counts(loaded_url) == before


def test_downgrade_asks_on_a_real_terminal(loaded_url: str) -> None:
    """The command itself finds the terminal: a pseudo-terminal as standard input, answered "y"."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdb", "--url", loaded_url, "downgrade", "base"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(terminal)
    os.write(controller, b"y\n")
    out, err = process.communicate(timeout=60)
    os.close(controller)
    assert process.returncode == 0, err
    assert "Delete them? [y/N]" in err
    assert out.startswith("deleted 3 rows of articles")
    assert counts(loaded_url) == {}


def test_python_downgrade_needs_allow_data_loss(loaded_url: str) -> None:
    before = counts(loaded_url)
    with pytest.raises(DataLossError, match=r"would delete 3 rows of articles.*allow_data_loss=True") as raised:
        newsdb.downgrade(loaded_url, "base")
    assert raised.value.loss.rows == before
    assert counts(loaded_url) == before

    loss = newsdb.downgrade(loaded_url, "base", allow_data_loss=True)
    assert loss.rows == before
    assert counts(loaded_url) == {}


def test_loss_names_dropped_tables_deleted_rows_and_dropped_columns(engine: Engine) -> None:
    """The measurement under any downgrade, on schema changes newsdb's own revisions do not make (yet)."""
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, note TEXT, extra TEXT)")
        connection.exec_driver_sql("CREATE TABLE scratch (id INTEGER PRIMARY KEY)")
        connection.exec_driver_sql("INSERT INTO notes VALUES (1, 'a', 'x'), (2, 'b', NULL), (3, 'c', NULL)")
        connection.exec_driver_sql("INSERT INTO scratch VALUES (1), (2)")
        before = snapshot(connection, migrate.UNMANAGED_PREFIXES, migrate.UNMANAGED_COLUMNS)
        connection.exec_driver_sql("ALTER TABLE notes DROP COLUMN extra")
        connection.exec_driver_sql("DELETE FROM notes WHERE id = 3")
        connection.exec_driver_sql("DROP TABLE scratch")
        loss = DataLoss.between(before, snapshot(connection, migrate.UNMANAGED_PREFIXES, migrate.UNMANAGED_COLUMNS))
    assert loss.rows == {"notes": 1, "scratch": 2}
    assert loss.values == {"notes.extra": 1}
    assert loss.describe() == "1 row of notes, 2 rows of scratch, 1 value of notes.extra"


# -- in-memory databases -----------------------------------------------------------------------------------------

MEMORY_URLS = ["sqlite://", "sqlite:///:memory:", "sqlite:///file::memory:?cache=shared&uri=true"]


@pytest.mark.parametrize("url", MEMORY_URLS)
@pytest.mark.parametrize("command", [["seed", "PATH"], ["upgrade"], ["downgrade", "base"]])
def test_in_memory_urls_are_refused_for_writing(url: str, command: list[str], tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", article(1))
    args = [str(path) if arg == "PATH" else arg for arg in command]
    code, out, err = run_cli("--url", url, *args)
    assert code == 2
    assert out == ""
    assert err.startswith("newsdb: error: ")
    assert "is an in-memory database, which keeps nothing" in err
    assert err.count("\n") == 1


def test_programs_may_use_an_in_memory_engine_of_their_own(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="in-memory"):
        seed([write(tmp_path, "a.txt", article(1))], url="sqlite://")
    engine = connect("sqlite://")
    newsdb.upgrade(engine)
    assert seed([tmp_path / "a.txt"], url=engine, jobs=1).inserted == 1
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM articles")).scalar_one() == 1
    engine.dispose()
