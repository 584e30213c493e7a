"""An article whose span values do not split into whole rows is refused before anything of its batch is written; a
seeding run fails that article alone and keeps the rest of its batch. On both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from newsdb.extract import extract
from newsdb.ingest.report import SeedReport
from newsdb.ingest.seed import _Options, _Seeder
from newsdb.parse import read_document
from newsdb.store.models import ArticleRow
from newsdb.store.rows import ArticleRows, article_rows
from newsdb.store.writer import ArticleWriter, MalformedRows

DOCUMENT = Path(__file__).resolve().parent / "documents" / "gemeinderat.txt"


def _articles(*external_ids: str) -> list[ArticleRows]:
    document = extract(read_document(DOCUMENT))
    rows = article_rows(document)
    assert rows.spans, "the document must have quote spans for this test"
    return [rows._replace(external_id=e, content_sha256=e.ljust(64, "0")) for e in external_ids]


def _truncated(rows: ArticleRows) -> ArticleRows:
    return rows._replace(spans=rows.spans[:-1])  # the last span one field short


def _stored(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.scalars(select(ArticleRow.external_id)))


def test_a_malformed_article_is_refused_before_its_batch_is_written(engine: Engine) -> None:
    good, bad = _articles("good", "bad")
    with pytest.raises(MalformedRows, match=r"'bad'.*quote_spans"), engine.begin() as connection:
        ArticleWriter(connection).write([good, _truncated(bad)])
    assert _stored(engine) == []
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(ArticleRow)) == 0


@pytest.mark.parametrize("strict", [False, True])
def test_seeding_fails_the_malformed_article_alone(engine: Engine, strict: bool) -> None:
    first, bad, last = _articles("first", "bad", "last")
    report = SeedReport()
    options = _Options(strict, None, 1, 10, None, lambda: False, {})
    with engine.connect() as connection:
        seeder = _Seeder(connection, report, options, lambda n: None)
        seeder.batch, seeder.paths = [first, _truncated(bad), last], ["first.txt", "bad.txt", "last.txt"]
        if strict:
            with connection.begin():
                seeder.flush()
        else:
            seeder.flush()
        if connection.in_transaction():
            connection.commit()
    assert [f.path for f in report.failures] == ["bad.txt"]
    assert report.failures[0].message.startswith("bad.txt: the article's rows could not be written: ")
    # strict: a run with a failure writes nothing; else the rest of the batch is kept
    assert _stored(engine) == ([] if strict else ["first", "last"])
    assert report.inserted == (0 if strict else 2)
