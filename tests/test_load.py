"""The loader on both backends: a row the database rejects raises SQLAlchemy's error, whatever the write path."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from newsdb.extract import extract
from newsdb.parse import read_document
from newsdb.store.writer import Loader, article_rows, prepare

DOCUMENT = Path(__file__).resolve().parent / "documents" / "gemeinderat.txt"


def test_a_rejected_row_raises_integrity_error_and_writes_nothing(engine: Engine) -> None:
    rows = article_rows(prepare(extract(read_document(DOCUMENT))))
    assert rows.quotes, "the document must have quotes for this test"
    first = rows.quotes[0]
    broken = rows._replace(quotes=((*first[:3], "hearsay", *first[4:]), *rows.quotes[1:]))  # kind fails its CHECK
    with pytest.raises(IntegrityError), engine.begin() as connection:
        Loader(connection).write_rows([broken])
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM articles")).scalar_one() == 0
    with engine.begin() as connection:
        Loader(connection).write_rows([rows])  # the connection pool and the schema are fine afterwards
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM quotes")).scalar_one() == len(rows.quotes)
