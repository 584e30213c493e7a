"""Nothing is deleted or replaced without being said: downgrades that delete rows, in-memory databases.

Every database behaviour runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, text

import newsdb
from newsdb import migrate
from newsdb.cli import main, schema
from newsdb.config import connect
from newsdb.errors import ConfigError, DataLossError
from newsdb.seed import seed

TABLES = ("articles", "sections", "paragraphs", "quotes", "sources")


def article(number: int, extra: str = "") -> str:
    """A small valid article of our own, distinct for every `number`."""
    return (
        f" date 2023-04-{number % 28 + 1:02d} Der Gemeinderat von Testdorf {number} hat das Budget beraten.\n\n"
        f"Finanzvorsteherin Petra Meier sagte, die Lage sei angespannt. «Wir müssen sparen», sagte Meier.{extra}\n"
    )


def write(folder: Path, name: str, content: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def run_cli(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def counts(url: str) -> dict[str, int]:
    engine = connect(url)
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
        found = {
            t: int(connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES if t in names
        }
    engine.dispose()
    return found


@pytest.fixture
def loaded_url(empty_url: str, tmp_path: Path) -> str:
    """A database at head holding three articles of our own."""
    for number in range(3):
        write(tmp_path / "corpus", f"a{number}.txt", article(number))
    report = seed([tmp_path / "corpus"], empty_url, jobs=1)
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
    assert "6 rows of quotes, 3 rows of sections, 1 row of sources; nothing was changed" in err
    assert "nothing was changed: run again with --yes" in err
    assert counts(loaded_url) == before
    assert migrate.current(loaded_url) == migrate.head()


def test_downgrade_base_with_yes_deletes_and_says_what(loaded_url: str) -> None:
    before = counts(loaded_url)
    code, out, _ = run_cli("--url", loaded_url, "downgrade", "base", "--yes")
    assert code == 0
    assert before == {"articles": 3, "sections": 3, "paragraphs": 6, "quotes": 6, "sources": 1}
    assert out.splitlines() == [
        "deleted 3 rows of articles, 6 rows of paragraphs, 6 rows of quotes, 3 rows of sections, 1 row of sources",
        "database at revision base",
    ]
    assert counts(loaded_url) == {}
    assert migrate.current(loaded_url) is None


def test_downgrade_of_an_empty_database_asks_nothing(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    code, out, err = run_cli("--url", empty_url, "downgrade", "base")
    assert (code, out, err) == (0, "database at revision base\n", "")


def test_downgrade_that_drops_only_the_search_index_keeps_the_rows_and_asks_nothing(loaded_url: str) -> None:
    before = counts(loaded_url)
    code, out, err = run_cli("--url", loaded_url, "downgrade", "0001")
    assert (code, out, err) == (0, "database at revision 0001\n", "")
    assert counts(loaded_url) == before


@pytest.mark.parametrize(("answer", "deleted"), [("y\n", True), ("n\n", False)])
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
        seed([write(tmp_path, "a.txt", article(1))], "sqlite://")
    engine = connect("sqlite://")
    newsdb.upgrade(engine)
    assert seed([tmp_path / "a.txt"], engine, jobs=1).inserted == 1
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM articles")).scalar_one() == 1
    engine.dispose()
