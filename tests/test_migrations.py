"""The migration history: pytest-alembic's standard checks, on both backends, plus newsdb's own guarantees."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from legacy_rows import write_old
from pytest_alembic.tests import (
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import Engine, inspect, make_url

from newsdb.errors import SchemaError
from newsdb.extract import extract
from newsdb.parse import read_document
from newsdb.search.full_text import search
from newsdb.store import migrate
from newsdb.store.config import connect

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_30d5db4ca1753fdf.txt"

__all__ = [
    "test_model_definitions_match_ddl",
    "test_single_head_revision",
    "test_up_down_consistency",
    "test_upgrade",
]

TABLES = {"articles", "sections", "paragraphs", "sources", "quotes"}


def test_upgrade_creates_the_tables_and_downgrade_removes_them(empty_url: str) -> None:
    if empty_url.startswith("sqlite"):  # an empty file: a database without newsdb's schema (not none at all)
        sqlite3.connect(make_url(empty_url).database or "").close()
    assert migrate.current(empty_url) is None
    migrate.upgrade(empty_url)
    engine = connect(empty_url)
    assert set(inspect(engine).get_table_names()) >= TABLES | {"alembic_version"}
    assert migrate.current(empty_url) == migrate.head()
    migrate.downgrade(empty_url, "base")
    assert not set(inspect(engine).get_table_names()) & TABLES
    engine.dispose()


def test_check_finds_no_drift_between_models_and_migrations(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    migrate.check(empty_url)


def test_unknown_revision_is_refused_with_advice(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    engine = connect(empty_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    with pytest.raises(SchemaError, match=r"does not know.*upgrade newsdb"):
        migrate.upgrade(engine)
    engine.dispose()


def test_an_empty_database_is_not_at_head(empty_url: str) -> None:
    engine = connect(empty_url)
    with engine.connect() as connection, pytest.raises(SchemaError, match="run `newsdb upgrade`"):
        migrate.require_head(connection)
    engine.dispose()


def test_every_foreign_key_is_indexed(engine: object) -> None:
    inspector = inspect(engine)
    for table in TABLES | {"source_aliases", "quote_spans"}:
        leading = {tuple(ix["column_names"][:1]) for ix in inspector.get_indexes(table)}
        leading |= {tuple(uq["column_names"][:1]) for uq in inspector.get_unique_constraints(table)}
        for fk in inspector.get_foreign_keys(table):
            assert tuple(fk["constrained_columns"][:1]) in leading, (table, fk["constrained_columns"])


def test_published_on_is_indexed(engine: object) -> None:
    indexed = [ix["column_names"] for ix in inspect(engine).get_indexes("articles")]
    assert ["published_on"] in indexed


def test_upgrading_a_populated_database_keeps_its_data_and_makes_it_searchable(empty_url: str) -> None:
    """Articles loaded at the first revision survive every later migration, and search finds them."""
    migrate.upgrade(empty_url, "0001")
    engine = connect(empty_url)
    with engine.connect() as connection, connection.begin():
        write_old(connection, extract(read_document(SEED)))
    before = _row_counts(engine)
    assert before["quotes"] > 0

    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    after = _row_counts(engine)
    # sources are cleaned on the way (names that are no person lose their source); nothing else changes
    assert {t: n for t, n in after.items() if t != "sources"} == {t: n for t, n in before.items() if t != "sources"}
    hits = search("Festnahme", url=engine)
    assert [hit.external_id for hit in hits] == [SEED.stem]
    engine.dispose()


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one() for t in sorted(TABLES)}


def test_0006_adds_the_reading_order_to_quote_details_and_downgrade_restores_it(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0001")
    engine = connect(empty_url)
    with engine.connect() as connection, connection.begin():
        write_old(connection, extract(read_document(SEED)))
    migrate.upgrade(engine, "0005")
    added = ["date_precision", "start_offset", "end_offset"]
    migrate.upgrade(engine, "0006")
    assert [c["name"] for c in inspect(engine).get_columns("quote_details")][-3:] == added
    with engine.connect() as connection:
        first = connection.exec_driver_sql(
            "SELECT d.date_precision, d.start_offset, d.end_offset, q.start_offset, q.end_offset"
            " FROM quote_details AS d JOIN quotes AS q ON q.id = d.quote_id ORDER BY d.quote_id"
        ).first()
    assert first is not None
    assert first[0] == "month"
    assert first[1:3] == first[3:5]
    assert not migrate.downgrade(engine, "0005")  # a view: no rows lost
    names = [c["name"] for c in inspect(engine).get_columns("quote_details")]
    assert names[-1] == "parent_id"
    assert not set(added) & set(names)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM quote_details").scalar_one() > 0
    engine.dispose()
