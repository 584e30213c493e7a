"""The command line as used daily, on both backends: formats, paging options, dates, errors, plurals."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import SEED
from query_corpus import _doc, store
from sqlalchemy import Engine, select

import newsdb
from newsdb.cli import main
from newsdb.document import DatePrecision
from newsdb.search.full_text import search_connection
from newsdb.search.query import parse_query
from newsdb.store.models import ArticleRow


def run(url: str, *args: str, columns: int = 100) -> Result:
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(main, ["--url", url, *args], catch_exceptions=False)


def as_json(result: Result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- no surprise files (SQLite only: a PostgreSQL database is never created by connecting) ------------------------

READERS = [
    ["stats"],
    ["search", "Festnahme"],
    ["quotes"],
    ["sources"],
    ["show", "x"],
    ["export", "--jsonl", "out.jsonl"],
    ["current"],
    ["downgrade", "base"],
    ["sql", "SELECT 1"],
]


@pytest.mark.parametrize("args", READERS, ids=lambda args: args[0])
def test_reading_commands_never_create_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSDB_URL", raising=False)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr == (
        "newsdb: error: no newsdb database at newsdb.sqlite3 (create it with newsdb upgrade or newsdb seed)\n"
    )
    typo = CliRunner().invoke(main, ["--url", "sqlite:///wn.sqlite", *args])
    assert "no newsdb database at wn.sqlite" in typo.stderr
    assert list(tmp_path.iterdir()) == []


def test_seed_and_upgrade_still_create_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    assert CliRunner().invoke(main, ["--url", url, "upgrade"]).exit_code == 0
    assert (tmp_path / "new.sqlite3").is_file()
    other = f"sqlite:///{tmp_path / 'seeded.sqlite3'}"
    assert CliRunner().invoke(main, ["--url", other, "seed", str(SEED), "--quiet"]).exit_code == 0
    assert (tmp_path / "seeded.sqlite3").is_file()


# --- listings ---------------------------------------------------------------------------------------------------


def test_quotes_limit_offset_dates_and_sort(engine: Engine, empty_url: str) -> None:
    store(engine)
    everything = as_json(run(empty_url, "quotes", "--json"))
    assert isinstance(everything, list)
    assert len(everything) == 8
    page = as_json(run(empty_url, "quotes", "--limit", "2", "--offset", "1", "--json"))
    assert page == everything[1:3]
    in_2022 = as_json(run(empty_url, "quotes", "--since", "2022", "--json"))
    assert isinstance(in_2022, list)
    assert {q["external_id"] for q in in_2022} == {"100_almaty_protest", "101_tokajew_rede", "103_gaspreise_bern"}
    january = as_json(run(empty_url, "quotes", "--since", "2022-01", "--until", "2022-01", "--json"))
    assert isinstance(january, list)
    assert {q["external_id"] for q in january} == {"100_almaty_protest", "101_tokajew_rede"}
    by_source = as_json(run(empty_url, "quotes", "--sort", "source", "--json"))
    assert isinstance(by_source, list)
    names = [q["source_name"] for q in by_source]
    assert names[0] == "Aigerim Nurlanowa"
    assert names[-1] is None  # unknown speakers last
    assert names[:-1] == sorted(names[:-1])


def test_dates_print_with_their_precision(engine: Engine, empty_url: str) -> None:
    store(engine)
    quotes = as_json(run(empty_url, "quotes", "--article", "100_almaty_protest", "--json"))
    assert isinstance(quotes, list)
    assert (quotes[0]["published_on"], quotes[0]["date_precision"]) == ("2022-01-01", "month")
    table = run(empty_url, "quotes", "--article", "100_almaty_protest").stdout
    assert table.splitlines()[2].split()[0] == "2022-01"
    assert "2022-01-01" not in table
    hits = as_json(run(empty_url, "search", "Velowege", "--json"))
    assert isinstance(hits, list)
    assert (hits[0]["published_on"], hits[0]["date_precision"]) == ("2021-01-01", "year")
    assert "2021-01" not in run(empty_url, "search", "Velowege").stdout
    shown = as_json(run(empty_url, "show", "100_almaty_protest", "--json"))
    assert isinstance(shown, dict)
    assert shown["date_precision"] == "month"


def test_unknown_article_ids_are_errors(engine: Engine, empty_url: str) -> None:
    store(engine)
    for args in (["quotes", "--article", "nope"], ["show", "nope"]):
        result = run(empty_url, *args)
        assert result.exit_code == 2
        assert result.stderr == "newsdb: error: no article with external id 'nope'\n"
        assert result.stdout == ""


def test_no_matches_is_said_on_stderr(engine: Engine, empty_url: str) -> None:
    store(engine)
    result = run(empty_url, "search", "Bundesregierng")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no matches for 'Bundesregierng'\n")
    result = run(empty_url, "quotes", "--source", "niemand", "--json")
    assert json.loads(result.stdout) == []
    assert result.stderr == "no matches for --source 'niemand'\n"
    result = run(empty_url, "quotes", "--kind", "mixed", "--since", "2022")
    assert (result.stdout, result.stderr) == ("", "no matches for --kind 'mixed' --since 2022\n")


def test_search_sort_by_date_offset_and_dash_words(engine: Engine, empty_url: str) -> None:
    store(engine)
    by_rank = as_json(run(empty_url, "search", "Almaty", "--json"))
    by_date = as_json(run(empty_url, "search", "Almaty", "--sort", "date", "--json"))
    assert isinstance(by_rank, list)
    assert isinstance(by_date, list)
    assert [h["external_id"] for h in by_date] == ["101_tokajew_rede", "100_almaty_protest"]
    assert sorted(h["external_id"] for h in by_rank) == sorted(h["external_id"] for h in by_date)
    second = as_json(run(empty_url, "search", "Almaty", "--sort", "date", "--offset", "1", "--json"))
    assert isinstance(second, list)
    assert [h["external_id"] for h in second] == ["100_almaty_protest"]
    without = as_json(run(empty_url, "search", "Almaty", "-Tokajew", "--json"))
    assert isinstance(without, list)
    assert [h["external_id"] for h in without] == ["100_almaty_protest"]
    after_dashes = as_json(run(empty_url, "search", "--", "-Tokajew", "Almaty", "--limit", "1", "--json"))
    assert isinstance(after_dashes, list)
    assert [h["external_id"] for h in after_dashes] == ["100_almaty_protest"]


def test_sources_sort_limit_and_csv(engine: Engine, empty_url: str) -> None:
    store(engine)
    rows = list(
        csv.DictReader(io.StringIO(run(empty_url, "sources", "--sort", "name", "--limit", "2", "--csv").stdout))
    )
    assert [r["name"] for r in rows] == ["Aigerim Nurlanowa", "Hans Müller"]
    assert rows[0]["quote_count"] == "1"
    tsv = run(empty_url, "sources", "--sort", "articles", "--tsv").stdout.splitlines()
    assert tsv[0].split("\t") == ["source_id", "name", "kind", "quote_count", "article_count", "aliases"]
    assert tsv[1].split("\t")[1:] == ["Judith Huber", "person", "3", "2", ""]


def test_stats_table_has_a_header_and_csv_and_nl(engine: Engine, empty_url: str) -> None:
    store(engine)
    lines = run(empty_url, "stats").stdout.splitlines()
    assert lines[0].split() == ["figure", "value"]
    assert lines[2].split() == ["articles", "4"]
    rows = dict(csv.reader(io.StringIO(run(empty_url, "stats", "--csv").stdout)))
    assert rows["quotes"] == "8"
    assert json.loads(rows["quotes_by_kind"]) == {"direct": 5, "indirect": 2, "mixed": 1}
    assert json.loads(run(empty_url, "stats", "--nl").stdout)["articles"] == 4


def test_show_lists_its_quotes_as_csv(engine: Engine, empty_url: str) -> None:
    store(engine)
    rows = list(csv.DictReader(io.StringIO(run(empty_url, "show", "100_almaty_protest", "--csv").stdout)))
    assert [(r["number"], r["source_name"], r["kind"]) for r in rows] == [
        ("1", "Aigerim Nurlanowa", "direct"),
        ("2", "kasachisches Innenministerium", "indirect"),
    ]


def test_tables_fit_the_width_and_wrap_at_words(engine: Engine, empty_url: str) -> None:
    store(engine)
    for width in (60, 80, 120):
        out = run(empty_url, "quotes", columns=width).stdout
        assert max(len(line) for line in out.splitlines()) <= width
        assert not [line for line in out.splitlines() if line.endswith(" ")]  # no padding after the last cell
        words = {w for line in out.splitlines() for w in line.split()}
        assert "Kassym-Schomart" in words  # names are not broken
        assert "wiederhergestellt" in words  # nor are the words of quotes
    counts = run(empty_url, "sources", columns=80).stdout.splitlines()
    huber = next(line for line in counts if line.startswith("Judith Huber"))
    header = counts[0]
    assert header.rstrip().endswith("articles")
    assert len(huber.rstrip()) == len(header.rstrip())  # numbers end under the end of their header


def test_sql_nulls_bytes_and_empty_strings(engine: Engine, empty_url: str, backend: str) -> None:
    blob = "x'0aff'" if backend == "sqlite" else "'\\x0aff'::bytea"
    statement = f"SELECT 1 AS n, NULL AS missing, '' AS empty, {blob} AS blob"
    assert as_json(run(empty_url, "sql", statement, "--json")) == [
        {"n": 1, "missing": None, "empty": "", "blob": "\\x0aff"}
    ]
    assert run(empty_url, "sql", statement, "--csv").stdout == 'n,missing,empty,blob\n1,,"",\\x0aff\n'
    assert run(empty_url, "sql", statement, "--tsv").stdout.splitlines()[1] == "1\t\\N\t\t\\\\x0aff"
    table = run(empty_url, "sql", statement).stdout
    assert "NULL" in table
    assert "\\x0aff" in table


# --- -s plurals, the same on both backends ------------------------------------------------------------------------

PLURALS = [
    ("kitas", "Die Stadt eröffnet drei neue Kitas im Quartier."),
    ("kita", "Die Kita am Bahnhof bleibt geschlossen."),
    ("autos", "Immer mehr Autos stehen im Stau."),
    ("handy", "Das Handy klingelte während der Sitzung."),
    ("hotels", "Die Hotels der Stadt sind ausgebucht."),
    ("suvs", "Die Gemeinde will SUVs höhere Parkgebühren verrechnen."),
    ("haus", "Das Haus am See wird verkauft."),
]


def _plural_corpus() -> tuple[object, ...]:
    return tuple(
        _doc(f"2{i:02d}_{name}", date(2023, 1, 1 + i), DatePrecision.DAY, lede, [(None, [])], [])
        for i, (name, lede) in enumerate(PLURALS)
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kita", {"kitas", "kita"}),
        ("Kitas", {"kitas", "kita"}),
        ("Auto", {"autos"}),
        ("Handys", {"handy"}),
        ("Hotel", {"hotels"}),
        ("SUV", {"suvs"}),
        ("SUVs", {"suvs"}),
        ("Häuser", {"haus"}),  # Snowball's own stemming
        ("Hau", set()),  # `Haus` keeps its s
        ('"neue Kita"', {"kitas"}),
    ],
)
def test_plurals_in_s_are_found_both_ways(engine: Engine, query: str, expected: set[str]) -> None:
    store(engine, _plural_corpus())  # type: ignore[arg-type]
    hits = newsdb.search(query, url=engine, limit=50)
    assert {hit.external_id.split("_", 1)[1] for hit in hits} == expected


def test_snowball_stemming_is_unchanged(engine: Engine) -> None:
    store(engine)
    assert [hit.external_id for hit in newsdb.search("Festnahme", url=engine)] == ["100_almaty_protest"]
    assert [hit.external_id for hit in newsdb.search("Demonstration", url=engine, limit=1)] == ["100_almaty_protest"]


# --- ORM writes ---------------------------------------------------------------------------------------------------


def test_articles_written_through_the_models_are_searchable_at_once(engine: Engine) -> None:
    with newsdb.session(engine) as db:
        db.add(
            ArticleRow(
                external_id="orm_1",
                lede="Die Kitas der Stadt bleiben offen.",
                body="Der Gemeinderat hat entschieden.",
                published_on=date(2023, 5, 1),
                date_precision="month",
                content_sha256="0" * 64,
                word_count=10,
            )
        )
        db.flush()
        # in the same transaction, before the commit
        hits = search_connection(db.connection(), parse_query("Kita"))
        assert [hit.external_id for hit in hits] == ["orm_1"]
    assert [hit.external_id for hit in newsdb.search("Gemeinderat", url=engine)] == ["orm_1"]
    with newsdb.session(engine) as db:
        article = db.scalars(select(ArticleRow).where(ArticleRow.external_id == "orm_1")).one()
        article.body = "Die Schulbehörde hat entschieden."
    assert newsdb.search("Gemeinderat", url=engine) == []
    assert [hit.external_id for hit in newsdb.search("Schulbehörde", url=engine)] == ["orm_1"]
    with newsdb.session(engine) as db:
        article = db.scalars(select(ArticleRow).where(ArticleRow.external_id == "orm_1")).one()
        article.word_count = 11  # not the text: the index row stays as it is
    assert [hit.external_id for hit in newsdb.search("Kitas", url=engine)] == ["orm_1"]
