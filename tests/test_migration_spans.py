"""The quote-spans migration: archives seeded at older revisions keep their quotes and gain their spans; the
downgrade asks before it deletes what the older schema cannot hold, and upgrading again restores the spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from legacy_rows import write_old
from sqlalchemy import Connection, Engine, text

from newsdb.errors import DataLossError
from newsdb.extract import extract
from newsdb.parse import read_document
from newsdb.store import migrate
from newsdb.store.config import connect

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_30d5db4ca1753fdf.txt"

REVISION = "0005"


def _previous() -> str:
    script = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(REVISION)
    assert script is not None
    assert isinstance(script.down_revision, str)
    return script.down_revision


def _quotes(connection: Connection) -> list[tuple[object, ...]]:
    rows = connection.execute(
        text("SELECT id, paragraph_id, text, kind, start_offset, end_offset FROM quotes ORDER BY id")
    )
    return [tuple(row) for row in rows]


def _spans(connection: Connection) -> list[tuple[object, ...]]:
    rows = connection.execute(
        text("SELECT quote_id, paragraph_id, role, start_offset, end_offset FROM quote_spans ORDER BY quote_id, id")
    )
    return [tuple(row) for row in rows]


def _seeded_at(url: str, revision: str) -> tuple[Engine, list[tuple[object, ...]]]:
    migrate.upgrade(url, revision)
    engine = connect(url)
    with engine.begin() as connection:
        write_old(connection, extract(read_document(SEED)))
        quotes = _quotes(connection)
    assert len(quotes) > 3
    return engine, quotes


def _backfilled(quotes: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """The spans the upgrade must give stored quotes: one `quote` span each, at the quote's offsets."""
    return [(id_, paragraph, "quote", start, end) for id_, paragraph, _, _, start, end in quotes]


def _add_what_the_old_schema_cannot_hold(connection: Connection) -> None:
    """A nested quote and a reported one, with a speaker span."""
    parent_id, article_id, paragraph_id = connection.execute(
        text("SELECT id, article_id, paragraph_id FROM quotes ORDER BY id LIMIT 1")
    ).one()
    for kind, parent in (("direct", parent_id), ("reported", None)):
        connection.execute(
            text(
                "INSERT INTO quotes (article_id, paragraph_id, parent_id, text, kind, medium, start_offset, end_offset)"
                " VALUES (:a, :p, :parent, 'Wort', :kind, 'speech', 0, 4)"
            ),
            {"a": article_id, "p": paragraph_id, "parent": parent, "kind": kind},
        )
    connection.execute(
        text(
            "INSERT INTO quote_spans (quote_id, article_id, paragraph_id, role, start_offset, end_offset)"
            " VALUES (:q, :a, :p, 'speaker', 0, 3)"
        ),
        {"q": parent_id, "a": article_id, "p": paragraph_id},
    )


@pytest.mark.parametrize("seeded", ["0002", "0004"])
def test_upgrade_backfills_spans_and_downgrade_asks_then_goes_back(empty_url: str, seeded: str) -> None:
    engine, quotes = _seeded_at(empty_url, seeded)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert _quotes(connection) == quotes
        assert _spans(connection) == _backfilled(quotes)
        versions = connection.execute(text("SELECT DISTINCT extractor_version FROM articles")).scalars().all()
        new_columns = connection.execute(
            text("SELECT count(*) FROM quotes WHERE parent_id IS NOT NULL OR medium IS NOT NULL")
        ).scalar_one()
        parents = connection.execute(text("SELECT DISTINCT parent_id FROM quote_details")).scalars().all()
    assert (versions, new_columns, parents) == ([1], 0, [None])

    with engine.begin() as connection:
        _add_what_the_old_schema_cannot_hold(connection)
    with pytest.raises(DataLossError) as refused:
        migrate.downgrade(engine, _previous())
    assert refused.value.loss.rows == {"quote_spans": len(quotes) + 1, "quotes": 2}
    assert refused.value.loss.values == {"articles.extractor_version": 1, "quotes.medium": 2, "quotes.parent_id": 1}
    assert migrate.current(engine) == migrate.head()

    loss = migrate.downgrade(engine, _previous(), allow_data_loss=True)
    assert loss == refused.value.loss
    assert migrate.current(engine) == _previous()
    with engine.connect() as connection:
        assert _quotes(connection) == quotes
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert _quotes(connection) == quotes
        assert _spans(connection) == _backfilled(quotes)
    migrate.check(engine)
    engine.dispose()


def test_the_new_kinds_media_and_roles_are_checked(engine: Engine) -> None:
    with engine.begin() as connection:
        write_old(connection, extract(read_document(SEED)))
    quote_id, article_id, paragraph_id = _first_quote(engine)
    bad = [
        ("UPDATE quotes SET kind = 'rumour' WHERE id = :q", {}),
        ("UPDATE quotes SET medium = 'song' WHERE id = :q", {}),
        (
            "INSERT INTO quote_spans (quote_id, article_id, paragraph_id, role, start_offset, end_offset)"
            " VALUES (:q, :a, :p, :role, :start, :end)",
            {"role": "topic", "start": 0, "end": 1},
        ),
        (
            "INSERT INTO quote_spans (quote_id, article_id, paragraph_id, role, start_offset, end_offset)"
            " VALUES (:q, :a, :p, :role, :start, :end)",
            {"role": "cue", "start": 5, "end": 4},
        ),
    ]
    ids = {"q": quote_id, "a": article_id, "p": paragraph_id}
    for statement, values in bad:
        with pytest.raises(Exception, match=r"(?i)check"), engine.begin() as connection:
            connection.execute(text(statement), {**ids, **values})
    with engine.begin() as connection:
        connection.execute(text("UPDATE quotes SET kind = 'free_indirect', medium = 'thought' WHERE id = :q"), ids)


def test_deleting_a_quote_deletes_its_spans_and_nested_quotes(engine: Engine) -> None:
    with engine.begin() as connection:
        write_old(connection, extract(read_document(SEED)))
        _add_what_the_old_schema_cannot_hold(connection)
    quote_id, _, _ = _first_quote(engine)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM quotes WHERE id = :q"), {"q": quote_id})
        left = connection.execute(
            text("SELECT count(*) FROM quotes WHERE parent_id IS NOT NULL OR id = :q"), {"q": quote_id}
        ).scalar_one()
        spans = connection.execute(
            text("SELECT count(*) FROM quote_spans WHERE quote_id = :q"), {"q": quote_id}
        ).scalar_one()
    assert (left, spans) == (0, 0)


def _first_quote(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        row = connection.execute(text("SELECT id, article_id, paragraph_id FROM quotes ORDER BY id LIMIT 1")).one()
    return int(row[0]), int(row[1]), int(row[2])
