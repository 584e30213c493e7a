"""The datasette plugin, through datasette's own test client, on a database newsdb loaded (SQLite only)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from query_corpus import store

from newsdb.store import migrate
from newsdb.store.config import connect

datasette_app = pytest.importorskip("datasette.app")  # part of the dev extra: installed wherever tests run


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "newsdb.sqlite3"
    engine = connect(f"sqlite:///{path}")
    migrate.upgrade(engine)
    store(engine)
    engine.dispose()
    return path


def get(paths: list[Path], url: str) -> Any:
    async def fetch() -> Any:
        datasette = datasette_app.Datasette([str(p) for p in paths])
        await datasette.invoke_startup()
        return await datasette.client.get(url)

    return asyncio.run(fetch())


def test_the_plugin_is_found_through_its_entry_point(database: Path) -> None:
    plugins = get([database], "/-/plugins.json").json()
    assert any(p["name"] == "newsdb" for p in plugins)


def test_search_box_stems_the_query_on_articles_and_the_index(database: Path) -> None:
    rows = get([database], "/newsdb/articles.json?_search=Festnahme&_shape=array").json()
    assert [r["external_id"] for r in rows] == ["100_almaty_protest"]
    rows = get([database], "/newsdb/articles_fts.json?_search=Festnahme&_shape=array").json()
    assert len(rows) == 1
    page = get([database], "/newsdb/articles?_search=Festnahme")
    assert page.status_code == 200
    assert "100_almaty_protest" in page.text
    assert 'name="_search"' in page.text  # the search box is shown


def test_search_syntax_and_plurals_in_the_search_box(database: Path) -> None:
    rows = get([database], "/newsdb/articles.json?_search=Almaty+-Tokajew&_shape=array").json()
    assert [r["external_id"] for r in rows] == ["100_almaty_protest"]
    assert get([database], "/newsdb/articles.json?_search=die+und&_shape=array").status_code == 200


def test_canned_queries(database: Path) -> None:
    hits = get([database], "/newsdb/search.json?q=Festnahmen&_shape=array").json()
    assert [h["external_id"] for h in hits] == ["100_almaty_protest"]
    assert "[Festnahmen]" in hits[0]["snippet"]
    quotes = get([database], "/newsdb/quotes_by_source.json?source=Huber&_shape=array").json()
    assert [q["text"] for q in quotes] == ["Wer sicher fährt", "Wer sicher fährt, fährt öfter Velo", "Es reicht"]
    # names compare as `newsdb quotes --source` compares them: case, accents and umlaut spellings do not matter
    for written in ("jUDITH hUBER", "Hübér", "nurlanowa"):
        quotes = get([database], f"/newsdb/quotes_by_source.json?source={written}&_shape=array").json()
        assert {q["source_name"] for q in quotes} == (
            {"Aigerim Nurlanowa"} if written == "nurlanowa" else {"Judith Huber"}
        )
    months = get([database], "/newsdb/quotes_per_month.json?_shape=array").json()
    assert [(m["month"], m["quotes"]) for m in months] == [("2021", 4), ("2022-01", 3), ("2022-02", 1)]
    page = get([database], "/newsdb/search?q=Festnahme")
    assert page.status_code == 200
    assert "100_almaty_protest" in page.text


def test_the_stemming_function_is_available_in_sql(database: Path) -> None:
    rows = get([database], "/newsdb.json?sql=select+newsdb_stem('Festnahmen')+as+s&_shape=array").json()
    assert rows == [{"s": "festnahm"}]


def test_other_databases_keep_datasette_search(tmp_path: Path, database: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE VIRTUAL TABLE notes USING fts5(body)")
        conn.execute("INSERT INTO notes(body) VALUES ('Festnahmen in Almaty')")
    rows = get([database, other], "/other/notes.json?_search=Festnahmen&_shape=array").json()
    assert len(rows) == 1
    assert get([database, other], "/other/search.json").status_code == 404  # no canned queries there
