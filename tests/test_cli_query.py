"""The reading commands, in-process, on both backends."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import SEED
from query_corpus import DOCUMENTS, store
from sqlalchemy import Engine, text

from newsdb.cli import main
from newsdb.parse import parse
from newsdb.store.config import connect


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--url", url, *args], catch_exceptions=False)


def test_search_finds_the_inflected_form(engine: Engine, empty_url: str) -> None:
    store(engine)
    result = run(empty_url, "search", "Festnahme")
    assert result.exit_code == 0, result.output
    assert "100_almaty_protest" in result.output
    # the match keeps its marks in a table without colours (a pipe, a file): they showed only as bold before
    assert "[Festnahmen]" in result.output


def test_search_json(engine: Engine, empty_url: str) -> None:
    store(engine)
    result = run(empty_url, "search", "Gaspreise", "--json")
    hits = json.loads(result.output)
    assert [h["external_id"] for h in hits] == ["103_gaspreise_bern", "100_almaty_protest"]
    assert hits[0]["title"] == "Gaspreise belasten Haushalte"
    assert hits[0]["published_on"] == "2022-02-03"
    assert hits[0]["rank"] > hits[1]["rank"]
    assert "[Gaspreise]" in hits[1]["snippet"]


def test_search_dates_and_limit(engine: Engine, empty_url: str) -> None:
    store(engine)
    result = run(empty_url, "search", "Almaty", "--since", "2022-01-15", "--until", "2022-01-20", "--json")
    assert [h["external_id"] for h in json.loads(result.output)] == ["100_almaty_protest"]
    result = run(empty_url, "search", "Demonstration", "--limit", "1", "--json")
    assert len(json.loads(result.output)) == 1


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "die und"])
def test_a_bad_query_is_one_line_and_exit_2(engine: Engine, empty_url: str, query: str) -> None:
    result = run(empty_url, "search", query)
    assert result.exit_code == 2
    assert result.output.startswith("newsdb: error: ")
    assert result.output.count("\n") == 1


def test_commands_refuse_an_unmigrated_database(empty_url: str) -> None:
    connect(empty_url).dispose()  # the SQLite file exists, without a schema
    with connect(empty_url).connect():
        pass
    result = run(empty_url, "stats")
    assert result.exit_code == 2
    assert "run `newsdb upgrade`" in result.output


def test_quotes_by_source_article_and_kind(engine: Engine, empty_url: str) -> None:
    store(engine)
    quotes = json.loads(run(empty_url, "quotes", "--source", "huber", "--json").output)
    assert [q["text"] for q in quotes] == ["Wer sicher fährt", "Wer sicher fährt, fährt öfter Velo", "Es reicht"]
    assert quotes[0]["source_name"] == "Judith Huber"
    quotes = json.loads(
        run(empty_url, "quotes", "--article", "102_zuerich_velowege", "--kind", "indirect", "--json").output
    )
    assert [(q["text"], q["source_name"]) for q in quotes] == [("Die Kosten seien tragbar", None)]
    table = run(empty_url, "quotes", "--source", "TOKAJEW").output
    assert "Die Ordnung in Almaty ist wiederhergestellt" in table
    assert "Kassym-Schomart Tokajew, Präsident" in table


def test_sources(engine: Engine, empty_url: str) -> None:
    store(engine)
    sources = json.loads(run(empty_url, "sources", "--json").output)
    assert sources[0] == {
        "source_id": sources[0]["source_id"],
        "name": "Judith Huber",
        "kind": "person",
        "quote_count": 3,
        "article_count": 2,
        "aliases": "",
    }
    organisations = json.loads(run(empty_url, "sources", "--kind", "organization", "--json").output)
    assert [s["name"] for s in organisations] == ["kasachisches Innenministerium"]
    assert "Aigerim Nurlanowa" in run(empty_url, "sources").output


def test_stats(engine: Engine, empty_url: str) -> None:
    store(engine)
    stats = json.loads(run(empty_url, "stats", "--json").output)
    assert stats["articles"] == 4
    assert stats["quotes"] == 8
    assert stats["sources"] == 5
    assert stats["first_published"] == "2021-01-01"
    assert stats["last_published"] == "2022-02-03"
    assert stats["quotes_by_kind"] == {"direct": 5, "indirect": 2, "mixed": 1}
    assert "articles" in run(empty_url, "stats").output


def test_show_renders_headings_and_quotes(engine: Engine, empty_url: str) -> None:
    store(engine)
    result = run(empty_url, "show", "100_almaty_protest")
    assert result.exit_code == 0
    out = result.output
    assert out.index("2022-01") < out.index("Hunderte Festnahmen") < out.index("Wir lassen uns nicht")
    assert "Aigerim Nurlanowa, Aktivistin" in out
    assert "kasachisches Innenministerium" in out
    missing = run(empty_url, "show", "nope")
    assert missing.exit_code == 2
    assert "no article with external id 'nope'" in missing.output


def test_sql_table_csv_json(engine: Engine, empty_url: str) -> None:
    store(engine)
    statement = "SELECT external_id, quote_count FROM article_overview ORDER BY external_id"
    rows = json.loads(run(empty_url, "sql", statement, "--json").output)
    assert rows[0] == {"external_id": "100_almaty_protest", "quote_count": 2}
    parsed = list(csv.reader(io.StringIO(run(empty_url, "sql", statement, "--csv").output)))
    assert parsed[0] == ["external_id", "quote_count"]
    assert parsed[1] == ["100_almaty_protest", "2"]
    assert len(parsed) == 5
    table = run(empty_url, "sql", statement).output
    assert "external_id" in table
    assert "103_gaspreise_bern" in table


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM quotes",
        "UPDATE articles SET title = 'x'",
        "DROP TABLE quotes",
        "CREATE TABLE t (x integer)",
        "SELECT 1; DELETE FROM quotes",
        "COMMIT; DELETE FROM quotes",
    ],
)
def test_sql_cannot_write(engine: Engine, empty_url: str, statement: str) -> None:
    store(engine)
    result = run(empty_url, "sql", statement)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("newsdb: error: ")
    assert result.output.count("\n") == 1
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM quotes")).scalar() == 8
        assert connection.execute(text("SELECT count(*) FROM articles WHERE title = 'x'")).scalar() == 0


def test_sql_errors_are_one_line(engine: Engine, empty_url: str) -> None:
    result = run(empty_url, "sql", "SELEKT nothing")
    assert result.exit_code == 2
    assert result.output.startswith("newsdb: error: ")


def test_export_gives_the_seed_back_byte_for_byte(engine: Engine, empty_url: str, tmp_path: Path) -> None:
    seed = SEED.read_bytes()
    store(engine, (parse(seed.decode("utf-8"), external_id=SEED.stem), *DOCUMENTS))
    result = run(empty_url, "export", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / SEED.name).read_bytes() == seed
    assert len(list((tmp_path / "out").iterdir())) == 1 + len(DOCUMENTS)
    assert (
        (tmp_path / "out" / "102_zuerich_velowege.txt").read_text(encoding="utf-8").startswith(" date 2021 Zürich baut")
    )


def test_export_jsonl(engine: Engine, empty_url: str, tmp_path: Path) -> None:
    store(engine)
    target = tmp_path / "articles.jsonl"
    assert run(empty_url, "export", "--jsonl", str(target)).exit_code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["external_id"] for o in objects] == [d.external_id for d in DOCUMENTS]
    almaty = objects[0]
    assert almaty["date_precision"] == "month"
    assert [s["heading"] for s in almaty["sections"]] == [None, "Hunderte Festnahmen"]
    assert almaty["sections"][1]["paragraphs"][0]["position"] == 2
    assert almaty["quotes"][0]["source"] == {"name": "Aigerim Nurlanowa", "kind": "person"}
    assert almaty["quotes"][0]["start"] == 1
    assert {s["name"] for s in almaty["sources"]} == {"Aigerim Nurlanowa", "kasachisches Innenministerium"}


@pytest.mark.parametrize(
    ("command", "since", "until"),
    [
        ("quotes", "2025", "2024"),
        ("quotes", "2022-02", "2022-01-31"),
        ("search", "2022-01-02", "2022-01-01"),
    ],
)
def test_a_reversed_date_range_is_one_line(
    engine: Engine, empty_url: str, command: str, since: str, until: str
) -> None:
    store(engine)
    words = ["Festnahme"] if command == "search" else []
    result = run(empty_url, command, *words, "--since", since, "--until", until)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"newsdb: error: --since {since} is later than --until {until}: no date is in that range\n"


@pytest.mark.parametrize(
    ("since", "until", "articles"),
    [
        # the stored articles: 100 of 2022-01 (month), 101 of 2022-01-05, 102 of 2021 (year), 103 of 2022-02-03
        ("2022-01", "2022", {"100_almaty_protest", "101_tokajew_rede", "103_gaspreise_bern"}),
        ("2022", "2022-01-01", {"100_almaty_protest"}),
        ("2022-02-03", "2022-02", {"103_gaspreise_bern"}),
    ],
)
def test_a_range_of_one_period_within_another_is_no_error(
    engine: Engine, empty_url: str, since: str, until: str, articles: set[str]
) -> None:
    store(engine)
    result = run(empty_url, "quotes", "--since", since, "--until", until, "--json")
    assert result.exit_code == 0, result.output
    assert {quote["external_id"] for quote in json.loads(result.stdout)} == articles


def test_export_needs_one_target(engine: Engine, empty_url: str) -> None:
    assert run(empty_url, "export").exit_code == 2
