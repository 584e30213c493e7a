"""Rows changed by hand into values newsdb cannot read give one `newsdb: error:` line, never a traceback:
unreadable dates (on PostgreSQL: dates Python cannot hold), several schema revisions, a quote pointing into
another article, an article without its lede. An extractor version that is no number is taken as unknown, and
the quotes are found again.

SQLite keeps whatever text is written into a date or timestamp column; PostgreSQL refuses such text, but stores
dates Python's `date` cannot hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED
from sqlalchemy import Engine, text
from sqlalchemy.exc import DataError

import newsdb
from newsdb.cli import main
from newsdb.errors import DatabaseError, SchemaError
from newsdb.extract import EXTRACTOR_VERSION
from newsdb.ingest.seed import seed

ARTICLE = SEED.stem
READERS = [
    ["stats"],
    ["quotes"],
    ["quotes", "--json"],
    ["show", ARTICLE],
    ["show", "--json", ARTICLE],
    ["search", "Kreml"],
    ["export", "--jsonl", "/dev/null"],
    ["reextract", "--all"],
]
CHANGES = {  # column -> (value written by hand, what a reader says, the commands that read the column)
    "published_on": ("garbage", "where a date (YYYY-MM-DD) belongs", READERS),
    "updated_at": ("a while ago", "where a timestamp (YYYY-MM-DD HH:MM:SS) belongs", READERS[3:5] + READERS[6:]),
}


def change_by_hand(engine: Engine, column: str, value: str) -> None:
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE articles SET {column} = :value"), {"value": value})


@pytest.fixture
def seeded(engine: Engine, empty_url: str) -> str:
    seed([SEED], url=engine)
    return empty_url


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("column", list(CHANGES))
def test_a_value_that_is_not_a_date_is_one_line(seeded: str, engine: Engine, column: str) -> None:
    value, said, commands = CHANGES[column]
    change_by_hand(engine, column, value)
    for command in commands:
        result = CliRunner().invoke(main, ["--url", seeded, *command])
        assert result.exit_code == 2, (command, result.output)
        stopped = "re-extracting stopped: " if command[0] == "reextract" else ""
        expected = f"the database holds {value!r} {said} (a row changed by hand?): correct that row with an UPDATE"
        assert result.stderr.strip().splitlines() == [f"newsdb: error: {stopped}{expected}"], command


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_library_raises_database_error(seeded: str, engine: Engine) -> None:
    change_by_hand(engine, "published_on", "2022-02-30")
    with pytest.raises(DatabaseError, match="holds '2022-02-30' where a date"):
        newsdb.search("Kreml", url=engine)


@pytest.mark.parametrize("backend", ["postgresql"])
@pytest.mark.parametrize("column", list(CHANGES))
def test_postgresql_refuses_such_a_value(seeded: str, engine: Engine, column: str) -> None:
    with pytest.raises(DataError):
        change_by_hand(engine, column, CHANGES[column][0])
    result = CliRunner().invoke(main, ["--url", seeded, "show", ARTICLE])
    assert result.exit_code == 0, result.output


def test_two_schema_revisions_are_one_line_and_change_nothing(seeded: str, engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO alembic_version (version_num) VALUES ('0006')"))
    said = (
        "newsdb: error: the table alembic_version holds several schema revisions (0006, 0007) where newsdb keeps "
        "one: delete the rows of the revisions the database is not at\n"
    )
    for command in (["current"], ["stats"], ["upgrade"], ["downgrade", "base", "--yes"], ["seed", str(SEED)]):
        result = CliRunner().invoke(main, ["--url", seeded, *command])
        assert (result.exit_code, result.stderr) == (2, said), command
    with pytest.raises(SchemaError, match="holds several schema revisions"):
        newsdb.current(url=engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM articles")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 2


@pytest.fixture
def two_articles(engine: Engine, empty_url: str, tmp_path: Path) -> str:
    """The seed article (id 1) and `later`, a copy with other words (id 2)."""
    later = tmp_path / "later.txt"
    later.write_text(SEED.read_text(encoding="utf-8").replace("Kasachstan", "Kirgistan"), encoding="utf-8")
    seed([SEED], url=engine)
    seed([later], url=engine)
    return empty_url


# A row of the seed article pointed into `later` by hand; the foreign keys allow it.
CROSSED = {
    "parent": (
        "UPDATE quotes SET parent_id = (SELECT max(id) FROM quotes WHERE article_id = 2) WHERE id = 1",
        "is nested in quote {other_quote}",
    ),
    "paragraph": (
        "UPDATE quotes SET paragraph_id = (SELECT max(id) FROM paragraphs) WHERE id = 1",
        "stands in paragraph {other_paragraph}",
    ),
    "span": (
        "UPDATE quote_spans SET paragraph_id = (SELECT max(id) FROM paragraphs) "
        "WHERE id = (SELECT min(id) FROM quote_spans WHERE quote_id = 1)",
        "has a span (id {span}) in paragraph {other_paragraph}",
    ),
}


@pytest.mark.parametrize("crossed", list(CROSSED))
def test_a_quote_pointing_into_another_article_is_one_line(two_articles: str, engine: Engine, crossed: str) -> None:
    statement, wrong = CROSSED[crossed]
    with engine.begin() as connection:
        connection.execute(text(statement))
        ids = {
            "other_quote": connection.execute(text("SELECT max(id) FROM quotes WHERE article_id = 2")).scalar(),
            "other_paragraph": connection.execute(text("SELECT max(id) FROM paragraphs")).scalar(),
            "span": connection.execute(text("SELECT min(id) FROM quote_spans WHERE quote_id = 1")).scalar(),
        }
    said = (
        f"quote 1 of article '{ARTICLE}' {wrong.format(**ids)}, which belongs to another article "
        "(a row changed by hand?): correct that row with an UPDATE"
    )
    for command, prefix in [
        (["show", ARTICLE], ""),
        (["show", "--json", ARTICLE], ""),
        (["export", "--jsonl", "/dev/null"], ""),
        (["reextract", "--all"], "re-extracting stopped: "),
    ]:
        result = CliRunner().invoke(main, ["--url", two_articles, *command])
        assert (result.exit_code, result.stderr) == (2, f"newsdb: error: {prefix}{said}\n"), command


def test_reextracting_an_article_without_its_lede_is_one_line(two_articles: str, engine: Engine) -> None:
    with engine.begin() as connection:
        # without any section it would be read from its lede and body columns, as an article added by hand is
        connection.execute(text("DELETE FROM paragraphs WHERE article_id = 2 AND position = 0"))
        connection.execute(text("UPDATE articles SET extractor_version = 1"))
    result = CliRunner().invoke(main, ["--url", two_articles, "reextract", "--batch-size", "1"])
    # that article is named and left as it is; the other is re-extracted (the run stopped at it before)
    assert (result.exit_code, result.stderr) == (
        1,
        "newsdb: not re-extracted: article 'later' has lost its first paragraph, the lede (rows deleted by hand?): "
        "correct its rows, or load its file again with newsdb seed\n",
    )
    assert result.stdout.startswith("1 re-extracted of 2 articles, 1 skipped, ")
    with engine.connect() as connection:
        versions = dict(connection.execute(text("SELECT external_id, extractor_version FROM articles")).all())
    assert versions == {ARTICLE: EXTRACTOR_VERSION, "later": 1}


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("command", [["seed", str(SEED)], ["reextract", "--all"]], ids=["seed", "reextract"])
def test_an_extractor_version_that_is_no_number_is_found_again(seeded: str, engine: Engine, command: list[str]) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE articles SET extractor_version = 'new'"))
    result = CliRunner().invoke(main, ["--url", seeded, *command])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert "1 re-extracted" in result.stdout
    with engine.connect() as connection:
        assert connection.execute(text("SELECT extractor_version FROM articles")).scalar() == EXTRACTOR_VERSION


@pytest.mark.parametrize("backend", ["postgresql"])
def test_postgresql_refuses_an_extractor_version_that_is_no_number(engine: Engine) -> None:
    seed([SEED], url=engine)
    with pytest.raises(DataError), engine.begin() as connection:
        connection.execute(text("UPDATE articles SET extractor_version = 'new'"))


# Dates PostgreSQL stores and Python's `date` cannot hold, and what psycopg says of each.
OUT_OF_PYTHONS_RANGE = {
    "infinity": "date too large (after year 10K): 'infinity'",
    "20000-01-01": "date too large (after year 10K): '20000-01-01'",
    "0044-03-15 BC": "date too small (before year 1): '0044-03-15 BC'",
}


@pytest.mark.parametrize("backend", ["postgresql"])
@pytest.mark.parametrize("value", list(OUT_OF_PYTHONS_RANGE))
def test_a_postgresql_date_python_cannot_hold_is_one_line(seeded: str, engine: Engine, value: str) -> None:
    change_by_hand(engine, "published_on", value)
    for command in READERS:
        result = CliRunner().invoke(main, ["--url", seeded, *command])
        failed = "re-extracting stopped" if command[0] == "reextract" else f"`newsdb {command[0]}` failed"
        assert (result.exit_code, result.stderr) == (
            2,
            f"newsdb: error: {failed}: {OUT_OF_PYTHONS_RANGE[value]}: the database holds a value Python cannot "
            "represent (a row changed by hand?): correct it with an UPDATE\n",
        ), command


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_sqlite_date_past_year_9999_is_one_line(seeded: str, engine: Engine) -> None:
    change_by_hand(engine, "published_on", "20000-01-01")
    result = CliRunner().invoke(main, ["--url", seeded, "quotes"])
    assert (result.exit_code, result.stderr) == (
        2,
        "newsdb: error: the database holds '20000-01-01' where a date (YYYY-MM-DD) belongs (a row changed by hand?): "
        "correct that row with an UPDATE\n",
    )
