"""Nothing is deleted or replaced without being said: downgrades that delete rows, in-memory databases.

Every database behaviour runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import Engine, inspect, text

import newsdb
from newsdb.cli import main, schema
from newsdb.errors import ConfigError, DataLossError
from newsdb.ingest.seed import seed
from newsdb.store import migrate
from newsdb.store.config import connect
from newsdb.store.data_loss import DataLoss, snapshot

TABLES = ("articles", "sections", "paragraphs", "quotes", "sources", "source_aliases", "quote_spans")


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


# -- the same stem from another file --------------------------------------------------------------------------------


def stored_article(url: str, external_id: str) -> tuple[str, str, str]:
    """(source_path, content_sha256, lede) of the stored article."""
    engine = connect(url)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT source_path, content_sha256, lede FROM articles WHERE external_id = :id"), {"id": external_id}
        ).one()
    engine.dispose()
    return row[0], row[1], row[2]


@pytest.mark.parametrize("content", ["different", "identical"])
def test_a_stem_from_another_existing_file_is_a_conflict(empty_url: str, tmp_path: Path, content: str) -> None:
    first = write(tmp_path / "feedA", "report.txt", article(1))
    second = write(tmp_path / "feedB", "report.txt", article(2) if content == "different" else article(1))
    assert run_cli("--url", empty_url, "seed", str(tmp_path / "feedA"))[0] == 0
    before = stored_article(empty_url, "report")
    assert before[0] == str(first)

    code, out, err = run_cli("--url", empty_url, "seed", str(tmp_path / "feedB"))
    assert code == 1
    assert err == f"{second}: external id 'report' belongs to {first} (rename one of them)\n"
    assert out.startswith("0 inserted, 0 updated, 0 unchanged, 0 duplicates, 1 failed")
    assert stored_article(empty_url, "report") == before
    assert counts(empty_url)["articles"] == 1


def test_a_conflict_under_strict_writes_nothing(empty_url: str, tmp_path: Path) -> None:
    write(tmp_path / "feedA", "report.txt", article(1))
    assert run_cli("--url", empty_url, "seed", str(tmp_path / "feedA"))[0] == 0
    write(tmp_path / "feedB", "report.txt", article(2))
    write(tmp_path / "feedB", "other.txt", article(3))
    code, out, err = run_cli("--url", empty_url, "seed", "--strict", str(tmp_path / "feedB"))
    assert code == 1
    assert "external id 'report' belongs to" in err
    assert "nothing written (--strict)" in out
    assert counts(empty_url)["articles"] == 1


def test_a_moved_corpus_updates_source_path(empty_url: str, tmp_path: Path) -> None:
    write(tmp_path / "feedA", "same.txt", article(1))
    write(tmp_path / "feedA", "edited.txt", article(2))
    assert run_cli("--url", empty_url, "seed", str(tmp_path / "feedA"))[0] == 0
    before = stored_article(empty_url, "same")
    (tmp_path / "feedA").rename(tmp_path / "feedC")
    write(tmp_path / "feedC", "edited.txt", article(2, extra=" Neu ist der Schluss."))

    code, out, err = run_cli("--url", empty_url, "seed", str(tmp_path / "feedC"))
    assert (code, err) == (0, "")
    assert out.startswith("0 inserted, 1 updated, 1 moved, 0 unchanged, 0 duplicates, 0 failed")
    after = stored_article(empty_url, "same")
    assert after == (str(tmp_path / "feedC" / "same.txt"), before[1], before[2])
    assert stored_article(empty_url, "edited")[0] == str(tmp_path / "feedC" / "edited.txt")
    assert counts(empty_url)["articles"] == 2

    code, out, _ = run_cli("--url", empty_url, "seed", "--json", str(tmp_path / "feedC"))
    assert code == 0
    assert (json.loads(out)["moved"], json.loads(out)["unchanged"]) == (0, 2)


def test_the_same_file_by_another_spelling_is_unchanged(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "feedA", "report.txt", article(1))
    (tmp_path / "link").symlink_to(tmp_path / "feedA")
    monkeypatch.chdir(tmp_path)
    assert run_cli("--url", empty_url, "seed", "feedA/report.txt")[0] == 0
    for spelling in (str(tmp_path / "feedA" / "report.txt"), "link/report.txt", "link/../feedA/report.txt"):
        code, out, err = run_cli("--url", empty_url, "seed", spelling)
        assert (code, err) == (0, ""), spelling
        assert out.startswith("0 inserted, 0 updated, 1 unchanged, 0 duplicates, 0 failed")
    assert stored_article(empty_url, "report")[0] == "feedA/report.txt"


def test_a_changed_stem_from_another_existing_file_is_a_conflict_for_the_loader_too(
    empty_url: str, tmp_path: Path
) -> None:
    """Articles that reach the loader (changed content) are checked there, in the writer's transaction."""
    first = write(tmp_path / "feedA", "report.txt", article(1))
    assert seed([first], url=empty_url, jobs=1).inserted == 1
    second = write(tmp_path / "feedB", "report.txt", article(1, extra=" Anders."))
    report = seed([second], url=empty_url, jobs=1)
    assert [str(failure) for failure in report.failures] == [
        f"{second}: external id 'report' belongs to {first} (rename one of them)"
    ]
    assert report.updated == 0
    assert stored_article(empty_url, "report")[0] == str(first)


# -- pruning --------------------------------------------------------------------------------------------------------


def all_external_ids(url: str) -> list[str]:
    engine = connect(url)
    with engine.connect() as connection:
        found = [row[0] for row in connection.execute(text("SELECT external_id FROM articles ORDER BY 1"))]
    engine.dispose()
    return found


def test_prune_removes_articles_whose_files_are_gone_under_the_seeded_folder(empty_url: str, tmp_path: Path) -> None:
    corpus, other = tmp_path / "corpus", tmp_path / "other"
    gone = write(corpus, "gone.txt", article(1))
    write(corpus, "kept.txt", article(2))
    elsewhere = write(other, "elsewhere.txt", article(3))
    assert run_cli("--url", empty_url, "seed", str(corpus), str(other))[0] == 0
    gone.unlink()
    elsewhere.unlink()

    code, out, err = run_cli("--url", empty_url, "seed", "--prune", str(corpus))
    assert code == 0
    assert out.startswith("0 inserted, 0 updated, 1 unchanged, 0 duplicates, 0 failed, 1 pruned")
    assert err == f"{gone}: file is gone, article 'gone' deleted\n"
    assert all_external_ids(empty_url) == ["elsewhere", "kept"]
    found = counts(empty_url)
    # whole articles only, nothing left of the pruned one: each keeps its one section and two paragraphs
    assert (found["sections"], found["paragraphs"]) == (2, 4)

    code, out, _ = run_cli("--url", empty_url, "seed", "--prune", "--json", str(corpus))
    assert code == 0
    assert json.loads(out)["pruned"] == []


def test_prune_reports_in_json(empty_url: str, tmp_path: Path) -> None:
    gone = write(tmp_path / "corpus", "gone.txt", article(1))
    write(tmp_path / "corpus", "kept.txt", article(2))
    assert seed([tmp_path / "corpus"], url=empty_url, jobs=1).inserted == 2
    gone.unlink()
    code, out, _ = run_cli("--url", empty_url, "seed", "--prune", "--json", str(tmp_path / "corpus"))
    assert code == 0
    assert json.loads(out)["pruned"] == [{"external_id": "gone", "source_path": str(gone)}]
    code, out, _ = run_cli("--url", empty_url, "seed", "--json", str(tmp_path / "corpus"))
    assert json.loads(out)["pruned"] is None


def test_prune_takes_a_renamed_file_as_the_new_name(empty_url: str, tmp_path: Path) -> None:
    old = write(tmp_path / "corpus", "old.txt", article(1))
    assert seed([tmp_path / "corpus"], url=empty_url, jobs=1).inserted == 1
    old.rename(tmp_path / "corpus" / "new.txt")
    report = seed([tmp_path / "corpus"], url=empty_url, jobs=1, prune=True)
    assert report.ok
    assert (report.inserted, len(report.duplicates)) == (1, 0)
    assert report.pruned is not None
    assert [p.external_id for p in report.pruned] == ["old"]
    assert all_external_ids(empty_url) == ["new"]


def test_prune_with_a_glob_stays_within_what_the_glob_matches(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = write(tmp_path / "corpus", "top.txt", article(1))
    deeper = write(tmp_path / "corpus" / "sub", "deeper.txt", article(2))
    write(tmp_path / "corpus", "kept.txt", article(3))
    monkeypatch.chdir(tmp_path)
    assert seed(["corpus"], url=empty_url, jobs=1).inserted == 3
    top.unlink()
    deeper.unlink()
    report = seed(["corpus/*.txt"], url=empty_url, jobs=1, prune=True)
    assert report.pruned is not None
    assert [p.external_id for p in report.pruned] == ["top"]
    report = seed(["corpus/**/*.txt"], url=empty_url, jobs=1, prune=True)
    assert report.pruned is not None
    assert [(p.external_id, p.source_path) for p in report.pruned] == [("deeper", "corpus/sub/deeper.txt")]
    assert all_external_ids(empty_url) == ["kept"]


def test_prune_under_strict_prunes_nothing_when_a_file_fails(empty_url: str, tmp_path: Path) -> None:
    gone = write(tmp_path / "corpus", "gone.txt", article(1))
    assert seed([tmp_path / "corpus"], url=empty_url, jobs=1).inserted == 1
    gone.unlink()
    write(tmp_path / "corpus", "broken.txt", "no date line here\n")
    report = seed([tmp_path / "corpus"], url=empty_url, jobs=1, prune=True, strict=True)
    assert report.rolled_back
    assert report.pruned == []
    assert all_external_ids(empty_url) == ["gone"]

    (tmp_path / "corpus" / "broken.txt").unlink()
    write(tmp_path / "corpus", "new.txt", article(2))
    report = seed([tmp_path / "corpus"], url=empty_url, jobs=1, prune=True, strict=True)
    assert report.ok
    assert report.pruned is not None
    assert [p.external_id for p in report.pruned] == ["gone"]
    assert all_external_ids(empty_url) == ["new"]
