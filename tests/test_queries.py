"""The typed query helpers, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from query_corpus import DOCUMENTS, _doc, store
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from newsdb import queries
from newsdb.document import DatePrecision, QuoteKind, SourceKind, SourceRef
from newsdb.store.documents import document_from_article


def names(records: list[queries.QuoteRecord]) -> list[str | None]:
    return [r.source_name for r in records]


def test_quotes_by_source_ignore_case_and_diacritics(engine: Engine) -> None:
    store(engine)
    with Session(engine) as db:
        assert names(queries.quotes_by_source(db, "huber")) == ["Judith Huber"] * 3
        assert names(queries.quotes_by_source(db, "tokajew")) == ["Kassym-Schomart Tokajew"]
        assert names(queries.quotes_by_source(db, "KASSYM-schomart")) == ["Kassym-Schomart Tokajew"]
        assert names(queries.quotes_by_source(db, "Muller")) == ["Hans Müller"]
        assert names(queries.quotes_by_source(db, "müller")) == ["Hans Müller"]
        assert names(queries.quotes_by_source(db, "huber", kind=QuoteKind.MIXED)) == ["Judith Huber"]
        assert queries.quotes_by_source(db, "person") == []
        assert queries.quotes_by_source(db, "%") == []
        record = queries.quotes_by_source(db, "nurlanowa")[0]
    assert record.text == "Wir lassen uns nicht einschüchtern"
    assert (record.external_id, record.heading, record.paragraph_position) == (
        "100_almaty_protest",
        "Hunderte Festnahmen",
        2,
    )
    assert record.published_on == date(2022, 1, 1)


def test_sources_with_counts(engine: Engine) -> None:
    store(engine)
    with Session(engine) as db:
        counts = [(s.name, s.kind, s.quote_count, s.article_count) for s in queries.sources_with_counts(db)]
        people = [s.name for s in queries.sources_with_counts(db, kind=SourceKind.PERSON)]
    assert counts[0] == ("Judith Huber", "person", 3, 2)
    assert sorted(counts[1:]) == [
        ("Aigerim Nurlanowa", "person", 1, 1),
        ("Hans Müller", "person", 1, 1),
        ("Kassym-Schomart Tokajew", "person", 1, 1),
        ("kasachisches Innenministerium", "organization", 1, 1),
    ]
    assert "kasachisches Innenministerium" not in people
    assert len(people) == 4


def between(engine: Engine, since: date | None, until: date | None) -> list[str]:
    with Session(engine) as db:
        return [a.external_id for a in queries.articles_between(db, since, until)]


def test_articles_between_respects_date_precision(engine: Engine) -> None:
    store(engine)
    # 102: 2021 (year), 100: 2022-01 (month), 101: 2022-01-05 (day), 103: 2022-02-03 (day)
    assert between(engine, date(2022, 1, 15), date(2022, 1, 20)) == ["100_almaty_protest"]
    assert between(engine, date(2022, 1, 5), date(2022, 1, 5)) == ["100_almaty_protest", "101_tokajew_rede"]
    assert between(engine, date(2021, 12, 31), date(2021, 12, 31)) == ["102_zuerich_velowege"]
    assert between(engine, date(2022, 1, 6), None) == ["100_almaty_protest", "103_gaspreise_bern"]
    assert between(engine, None, date(2021, 6, 1)) == ["102_zuerich_velowege"]
    assert between(engine, date(2022, 2, 4), None) == []
    assert len(between(engine, None, None)) == 4


def test_article_by_external_id(engine: Engine) -> None:
    ids = store(engine)
    with Session(engine) as db:
        article = queries.article_by_external_id(db, "103_gaspreise_bern")
        assert article is not None
        assert article.id == ids["103_gaspreise_bern"]
        assert article.title == "Gaspreise belasten Haushalte"
        assert queries.article_by_external_id(db, "nope") is None


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        if args[2].lstrip().upper().startswith("SELECT"):
            statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _big_article() -> Any:
    person = SourceRef("Viele Stimmen", SourceKind.PERSON)
    blocks: list[tuple[str | None, list[str]]] = [(None, ["Erster Absatz mit «Zitat null», sagte sie."])]
    blocks += [(f"Teil {n}", [f"Absatz {n} mit «Zitat {n}», sagte er.", "Noch ein Absatz."]) for n in range(1, 12)]
    quotes = [(1, "Zitat null", QuoteKind.DIRECT, person, "sagte", None)]
    quotes += [
        (2 * n, f"Zitat {n}", QuoteKind.DIRECT, SourceRef(f"Person {n}", SourceKind.PERSON), "sagte", None)
        for n in range(1, 12)
    ]
    return _doc("200_gross", date(2022, 3, 1), DatePrecision.DAY, "Ein langer Text.", blocks, quotes)


def test_article_structure_loads_in_a_fixed_number_of_queries(engine: Engine) -> None:
    store(engine, (*DOCUMENTS, _big_article()))
    counts = {}
    for external_id in ("101_tokajew_rede", "200_gross"):
        with Session(engine) as db, counted(engine) as statements:
            article = queries.article_structure(db, external_id)
            assert article is not None
            document = document_from_article(article)
            counts[external_id] = len(statements)
        assert document.external_id == external_id
    # articles, sections, paragraphs, quotes, sources, spans
    assert counts["101_tokajew_rede"] == counts["200_gross"] == 6
    assert len(document.sections) == 12
    assert len(document.quotes) == 12
    assert document.quotes[-1].source == SourceRef("Person 11", SourceKind.PERSON)
    assert document.quotes[-1].paragraph == 22


def test_rows_rebuild_the_stored_document(engine: Engine) -> None:
    store(engine)
    with Session(engine) as db:
        rebuilt = [document_from_article(a) for a in queries.iter_articles(db, batch_size=3)]
    assert rebuilt == list(DOCUMENTS)


def test_corpus_stats(engine: Engine) -> None:
    with Session(engine) as db:
        empty = queries.corpus_stats(db)
    assert (empty.articles, empty.words, empty.first_published, empty.quotes_by_kind) == (0, 0, None, {})
    store(engine)
    with Session(engine) as db:
        stats = queries.corpus_stats(db)
    assert (stats.articles, stats.sections, stats.paragraphs, stats.quotes, stats.sources) == (4, 6, 12, 8, 5)
    assert stats.words == sum(d.word_count for d in DOCUMENTS)
    assert (stats.first_published, stats.last_published) == (date(2021, 1, 1), date(2022, 2, 3))
    assert stats.quotes_by_kind == {"direct": 5, "indirect": 2, "mixed": 1}
    assert stats.sources_by_kind == {"organization": 1, "person": 4}


def test_a_document_stored_twice_is_kept_apart(engine: Engine) -> None:
    store(engine, DOCUMENTS[:1])
    with Session(engine) as db:
        assert [a.external_id for a in queries.iter_articles(db)] == ["100_almaty_protest"]
