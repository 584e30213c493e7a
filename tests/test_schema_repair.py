"""`newsdb upgrade` at head makes again the views (SQLite: full-text table and triggers; PostgreSQL: the reader's
grants) that someone dropped, keeping the rows; and an upgrade to a revision the database is past changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from legacy_rows import write_old
from query_corpus import store
from sqlalchemy import Connection, Engine, inspect, text

import newsdb
from newsdb.cli import main
from newsdb.extract import extract
from newsdb.parse import read_document
from newsdb.store import migrate, repair
from newsdb.store.config import connect

SQLITE = pytest.mark.parametrize("backend", ["sqlite"])
POSTGRESQL = pytest.mark.parametrize("backend", ["postgresql"])
TABLES = ("articles", "sections", "paragraphs", "sources", "quotes", "quote_spans")
VIEWS = ("quote_details", "article_overview")
HEAD = migrate.head()
SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_30d5db4ca1753fdf.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _definition(connection: Connection, kind: str, name: str) -> str:
    """How the database itself states a view or trigger, whitespace folded."""
    if connection.dialect.name == "sqlite":
        sql = "SELECT sql FROM sqlite_master WHERE type = :kind AND name = :name"
        found = connection.execute(text(sql), {"kind": kind, "name": name}).scalar_one()
    else:
        found = connection.execute(text("SELECT pg_get_viewdef(CAST(:name AS regclass))"), {"name": name}).scalar_one()
    return " ".join(str(found).split())


def _rows(connection: Connection, relation: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in connection.execute(text(f"SELECT * FROM {relation} ORDER BY 1, 2"))]


def _counts(connection: Connection) -> dict[str, int]:
    return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def _reader_may_select(connection: Connection, relation: str) -> bool:
    query = "SELECT has_table_privilege('newsdb_reader', CAST(:name AS regclass), 'SELECT')"
    return bool(connection.execute(text(query), {"name": relation}).scalar_one())


def test_every_view_the_migrations_make_can_be_made_again(engine: Engine) -> None:
    """A revision that adds a view must give newsdb.store.repair its definition too."""
    assert sorted(inspect(engine).get_view_names()) == sorted(VIEWS) == sorted(repair.VIEWS)


@pytest.mark.parametrize("view", VIEWS)
def test_upgrade_recreates_a_dropped_view_with_its_rows_and_grant(engine: Engine, empty_url: str, view: str) -> None:
    store(engine)
    with engine.connect() as connection:
        definition, rows, counts = _definition(connection, "view", view), _rows(connection, view), _counts(connection)
        assert rows
        assert counts["quotes"] > 0
    with engine.begin() as connection:
        connection.execute(text(f"DROP VIEW {view}"))

    code, out, err = run("--url", empty_url, "upgrade")

    assert (code, out, err) == (0, f"recreated view {view}\ndatabase at revision {HEAD}\n", "")
    with engine.connect() as connection:
        assert _definition(connection, "view", view) == definition
        assert _rows(connection, view) == rows
        assert _counts(connection) == counts
        if connection.dialect.name == "postgresql":
            assert _reader_may_select(connection, view)
    assert run("--url", empty_url, "upgrade")[1] == f"database at revision {HEAD}\n"


def test_the_python_upgrade_says_what_it_recreated(engine: Engine, empty_url: str) -> None:
    store(engine)
    with engine.begin() as connection:
        for view in VIEWS:
            connection.execute(text(f"DROP VIEW {view}"))

    done = newsdb.upgrade(url=empty_url)

    assert done == migrate.Upgrade(HEAD, ("recreated view quote_details", "recreated view article_overview"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM article_overview")).scalar_one() == 4


def test_nothing_missing_reports_nothing(engine: Engine, empty_url: str) -> None:
    store(engine)
    assert run("--url", empty_url, "upgrade") == (0, f"database at revision {HEAD}\n", "")
    assert newsdb.upgrade(url=empty_url) == migrate.Upgrade(HEAD)


@SQLITE
@pytest.mark.parametrize("trigger", ["articles_fts_delete", "articles_fts_update"])
def test_upgrade_recreates_a_dropped_full_text_trigger(engine: Engine, empty_url: str, trigger: str) -> None:
    ids = store(engine)
    with engine.begin() as connection:
        definition = _definition(connection, "trigger", trigger)
        connection.execute(text(f"DROP TRIGGER {trigger}"))

    code, out, _ = run("--url", empty_url, "upgrade")

    assert (code, out) == (0, f"recreated trigger {trigger}\ndatabase at revision {HEAD}\n")
    article = ids["100_almaty_protest"]
    with engine.begin() as connection:
        assert _definition(connection, "trigger", trigger) == definition
        # the trigger works again: changing or deleting the article drops its index row
        if trigger == "articles_fts_update":
            connection.execute(text("UPDATE articles SET body = 'Neu.' WHERE id = :id"), {"id": article})
        else:
            connection.execute(text("DELETE FROM articles WHERE id = :id"), {"id": article})
        left = connection.execute(text("SELECT count(*) FROM articles_fts WHERE rowid = :id"), {"id": article})
        assert left.scalar_one() == 0


@SQLITE
def test_upgrade_recreates_the_full_text_table_and_indexes_the_articles_again(engine: Engine, empty_url: str) -> None:
    store(engine)
    found = [hit.external_id for hit in newsdb.search("Demonstration", url=empty_url)]
    assert found
    with engine.begin() as connection:
        counts = _counts(connection)
        connection.execute(text("DROP TABLE articles_fts"))

    code, out, _ = run("--url", empty_url, "upgrade")

    expected = f"recreated full-text table articles_fts (indexed 4 articles again)\ndatabase at revision {HEAD}\n"
    assert (code, out) == (0, expected)
    assert [hit.external_id for hit in newsdb.search("Demonstration", url=empty_url)] == found
    with engine.connect() as connection:
        assert _counts(connection) == counts


@POSTGRESQL
def test_upgrade_grants_the_reader_a_view_again(engine: Engine, empty_url: str) -> None:
    store(engine)
    with engine.begin() as connection:
        connection.execute(text("REVOKE SELECT ON quote_details FROM newsdb_reader"))
        assert not _reader_may_select(connection, "quote_details")

    code, out, _ = run("--url", empty_url, "upgrade")

    assert (code, out) == (0, f"granted SELECT on quote_details to newsdb_reader again\ndatabase at revision {HEAD}\n")
    with engine.connect() as connection:
        assert _reader_may_select(connection, "quote_details")
    assert run("--url", empty_url, "sql", "SELECT count(*) AS n FROM quote_details")[0] == 0


def test_upgrade_to_a_revision_the_database_is_past_changes_nothing(engine: Engine, empty_url: str) -> None:
    store(engine)
    with engine.connect() as connection:
        counts = _counts(connection)

    code, out, err = run("--url", empty_url, "upgrade", "0003")

    expected = (
        f"database at revision {HEAD}, already past 0003: nothing was changed "
        "(`newsdb downgrade 0003` goes back to it)\n"
    )
    assert (code, out, err) == (0, expected, "")
    assert migrate.current(empty_url) == HEAD
    assert newsdb.upgrade(url=empty_url, revision="0005") == migrate.Upgrade(HEAD, past="0005")
    assert migrate.current(empty_url) == HEAD
    with engine.connect() as connection:
        assert _counts(connection) == counts


def test_upgrade_to_an_older_revision_is_still_an_upgrade_below_it(empty_url: str) -> None:
    newsdb.upgrade(url=empty_url, revision="0003")
    assert newsdb.upgrade(url=empty_url, revision="0005") == migrate.Upgrade("0005")
    assert newsdb.upgrade(url=empty_url, revision="0005") == migrate.Upgrade("0005")
    assert newsdb.upgrade(url=empty_url) == migrate.Upgrade(HEAD)


def _seeded_at(url: str, revision: str) -> Engine:
    """A database holding the seed's article, written at the first revision and migrated to `revision`."""
    migrate.upgrade(url, "0001")
    engine = connect(url)
    with engine.begin() as connection:
        write_old(connection, extract(read_document(SEED)))
    migrate.upgrade(engine, revision)
    return engine


def _view_rows(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {view: connection.execute(text(f"SELECT count(*) FROM {view}")).scalar_one() for view in VIEWS}


@pytest.mark.parametrize("revision", ["0002", "0004", "0005", "0006"])
def test_a_database_below_head_whose_views_were_dropped_upgrades_and_has_them_again(
    empty_url: str, revision: str
) -> None:
    """The migrations that rebuild a view do not need the one someone dropped (they stopped the upgrade before)."""
    engine = _seeded_at(empty_url, revision)
    with engine.begin() as connection:
        quotes = connection.execute(text("SELECT count(*) FROM quotes")).scalar_one()
        for view in VIEWS:
            connection.execute(text(f"DROP VIEW {view}"))

    code, out, err = run("--url", empty_url, "upgrade")

    assert (code, err) == (0, "")
    assert f"database at revision {HEAD}\n" in out
    assert sorted(inspect(engine).get_view_names()) == sorted(VIEWS)
    assert _view_rows(engine) == {"quote_details": quotes, "article_overview": 1}
    engine.dispose()


def test_a_database_whose_views_were_dropped_downgrades_to_the_first_revision(engine: Engine, empty_url: str) -> None:
    store(engine)
    with engine.begin() as connection:
        articles = connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
        for view in VIEWS:
            connection.execute(text(f"DROP VIEW {view}"))

    newsdb.downgrade(url=empty_url, revision="0001", allow_data_loss=True)

    assert migrate.current(empty_url) == "0001"
    assert inspect(engine).get_view_names() == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM articles")).scalar_one() == articles
    # the articles come back without the spans and kinds the first revision had no room for: an older extractor's
    assert newsdb.upgrade(url=empty_url) == migrate.Upgrade(HEAD, outdated=articles)
    assert _view_rows(engine)["article_overview"] == articles


def test_upgrade_at_head_says_how_many_articles_an_older_extractor_read(engine: Engine, empty_url: str) -> None:
    ids = store(engine)
    with engine.begin() as connection:
        older = text("UPDATE articles SET extractor_version = 1 WHERE id = :id")
        connection.execute(older, {"id": ids["100_almaty_protest"]})

    code, out, err = run("--url", empty_url, "upgrade")

    assert (code, err) == (0, "")
    assert out == (
        f"database at revision {HEAD}\n1 articles were not extracted by this version of the extractor: "
        "`newsdb reextract` (or seeding their files) finds their quotes with it\n"
    )
    assert run("--url", empty_url, "reextract")[0] == 0
    assert run("--url", empty_url, "upgrade") == (0, f"database at revision {HEAD}\n", "")
    assert newsdb.upgrade(url=empty_url) == migrate.Upgrade(HEAD)
