"""The writer on both backends: a row the database rejects raises SQLAlchemy's error, whatever the write path."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from newsdb.errors import SchemaError
from newsdb.extract import extract
from newsdb.parse import read_document
from newsdb.store import writer
from newsdb.store.models import Base
from newsdb.store.rows import QuoteValues, article_rows
from newsdb.store.writer import ArticleWriter, Child

DOCUMENT = Path(__file__).resolve().parent / "documents" / "gemeinderat.txt"
GOLD = Path(__file__).resolve().parent / "gold"


def test_a_rejected_row_raises_integrity_error_and_writes_nothing(engine: Engine) -> None:
    rows = article_rows(extract(read_document(DOCUMENT)))
    assert rows.quotes, "the document must have quotes for this test"
    first = rows.quotes[0]
    broken_first = QuoteValues._make(first)._replace(kind="hearsay")  # the kind fails its CHECK
    broken = rows._replace(quotes=(broken_first, *rows.quotes[1:]))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        ArticleWriter(connection).write([broken])
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM articles")).scalar_one() == 0
    with engine.begin() as connection:
        ArticleWriter(connection).write([rows])  # the connection pool and the schema are fine afterwards
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM quotes")).scalar_one() == len(rows.quotes)


def test_a_row_rejected_after_many_others_of_its_table_writes_nothing(engine: Engine) -> None:
    """The last span of a batch whose spans take several statements fails its CHECK: the batch fails whole."""
    batch = [article_rows(extract(read_document(path))) for path in sorted(GOLD.glob("*.txt"))]
    assert sum(len(rows.spans) for rows in batch) > 400, "the spans must take several statements"
    last = batch[-1]
    quote, paragraph, _, start, end = last.spans[-1]
    batch[-1] = last._replace(spans=(*last.spans[:-1], (quote, paragraph, "gesture", start, end)))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        ArticleWriter(connection).write(batch)
    with engine.connect() as connection:
        for table in ("articles", "quotes", "quote_spans"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table


def test_values_that_do_not_match_their_table_are_refused_before_anything_is_written(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer matches the values' fields with the table's columns: a column without a field is named."""
    without_heading = Child("sections", "sections", ("position",), {})
    monkeypatch.setattr(writer, "TABLES", (without_heading, *writer.TABLES[1:]))
    with engine.connect() as connection, pytest.raises(SchemaError, match=r"sections .*missing \['heading'\]"):
        ArticleWriter(connection)


def test_the_columns_written_are_each_tables_columns(engine: Engine) -> None:
    with engine.connect() as connection:
        written = ArticleWriter(connection).columns
    assert written["articles"][:2] == ("id", "external_id")
    for table in ("articles", "sections", "paragraphs", "quotes"):
        assert sorted(written[table]) == sorted(c.name for c in Base.metadata.tables[table].columns), table
