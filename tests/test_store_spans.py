"""Quote spans, nesting, the new kinds and the extractor version: written by the loader, read back the same, on
both backends."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from spans_corpus import QUOTES, spans_document
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from newsdb import queries
from newsdb.document import Document, Quote, Span, SpanRole
from newsdb.extract import EXTRACTOR_VERSION, extract
from newsdb.parse import read_document
from newsdb.store.documents import document_from_article
from newsdb.store.outcomes import Outcome
from newsdb.store.rows import article_rows
from newsdb.store.writer import ArticleWriter

DOCUMENT = Path(__file__).resolve().parent / "documents" / "gemeinderat.txt"


def _write(engine: Engine, *documents: Document) -> list[Outcome]:
    with engine.begin() as connection:
        return [w.outcome for w in ArticleWriter(connection).write([article_rows(d) for d in documents])]


def _read_back(engine: Engine, external_id: str) -> Document:
    with Session(engine) as db:
        article = queries.article_structure(db, external_id)
        assert article is not None
        return document_from_article(article)


def _all_spans(quote: Quote) -> list[Span]:
    return sorted((s for role in SpanRole for s in quote.spans_as(role)), key=lambda s: (s.role, s.paragraph, s.start))


def test_quotes_come_back_with_their_spans_nesting_kind_and_medium(engine: Engine) -> None:
    assert _write(engine, spans_document()) == [Outcome.INSERTED]
    rebuilt = _read_back(engine, "spans")
    assert rebuilt.quotes == QUOTES
    assert [_all_spans(q) for q in rebuilt.quotes] == [_all_spans(q) for q in QUOTES]
    assert [(q.parent, q.medium) for q in rebuilt.quotes] == [(q.parent, q.medium) for q in QUOTES]
    # the stretches of text are the ones the spans were made from
    texts = {p.position: p.text for p in rebuilt.paragraphs}
    speaker = rebuilt.quotes[0].spans_as(SpanRole.SPEAKER)[0]
    assert texts[speaker.paragraph][speaker.start : speaker.end] == "SRF-Auslandredaktorin Judith Huber"


def test_extracted_quotes_and_spans_survive_load_and_read_back(engine: Engine) -> None:
    document = extract(read_document(DOCUMENT))
    assert document.quotes, "the document must have quotes for this test"
    _write(engine, document)
    rebuilt = _read_back(engine, document.external_id)
    in_order = sorted(document.quotes, key=lambda q: (q.paragraph, q.start, q.end))
    plain = [dataclasses.replace(q, source=None, speaker_role=None) for q in rebuilt.quotes]
    assert plain == [dataclasses.replace(q, source=None, speaker_role=None) for q in in_order]
    assert [_all_spans(q) for q in rebuilt.quotes] == [_all_spans(q) for q in in_order]


def test_rows_hold_parent_ids_spans_and_the_extractor_version(engine: Engine) -> None:
    _write(engine, spans_document())
    with engine.connect() as connection:
        version = connection.execute(text("SELECT extractor_version FROM articles")).scalar_one()
        nested = connection.execute(
            text(
                "SELECT child.text, parent.kind FROM quotes AS child"
                " JOIN quotes AS parent ON parent.id = child.parent_id"
            )
        ).all()
        spans = connection.execute(text("SELECT role, count(*) FROM quote_spans GROUP BY role ORDER BY role")).all()
        cross = connection.execute(
            text(
                "SELECT count(*) FROM quote_spans AS s JOIN quotes AS q ON q.id = s.quote_id"
                " WHERE s.paragraph_id <> q.paragraph_id"
            )
        ).scalar_one()
    assert version == EXTRACTOR_VERSION
    assert [tuple(row) for row in nested] == [("völlig unklar", "mixed")]
    assert [tuple(row) for row in spans] == [
        ("addressee", 1),
        ("cue", 3),
        ("frame", 1),
        ("quote", 7),
        ("speaker", 3),
    ]
    assert cross == 1  # the quote that goes on in the next paragraph


def test_replacing_a_changed_article_replaces_its_spans(engine: Engine) -> None:
    _write(engine, spans_document(), spans_document("other", extra=" Anders."))
    with engine.connect() as connection:
        before = connection.execute(text("SELECT count(*) FROM quote_spans")).scalar_one()
    assert _write(engine, spans_document(extra=" Neu.")) == [Outcome.UPDATED]
    with engine.connect() as connection:
        after = connection.execute(text("SELECT count(*) FROM quote_spans")).scalar_one()
        stray = connection.execute(
            text("SELECT count(*) FROM quote_spans AS s WHERE NOT EXISTS (SELECT 1 FROM quotes WHERE id = s.quote_id)")
        ).scalar_one()
    assert (before, after, stray) == (30, 30, 0)
    assert _read_back(engine, "spans").quotes == QUOTES


def test_a_nested_quote_listed_before_its_parent_is_written(engine: Engine) -> None:
    parent, child = QUOTES[0], dataclasses.replace(QUOTES[1], parent=1)
    document = spans_document().with_quotes((child, parent))
    assert _write(engine, document) == [Outcome.INSERTED]
    rebuilt = _read_back(engine, "spans")
    assert [(q.text, q.parent) for q in rebuilt.quotes] == [(parent.text, None), (child.text, 0)]


@pytest.mark.parametrize("parent", [5, 1, -1])
def test_a_parent_the_document_does_not_have_is_refused(parent: int) -> None:
    quotes = (QUOTES[0], dataclasses.replace(QUOTES[1], parent=parent))
    with pytest.raises(ValueError, match="nested in quote"):
        article_rows(spans_document().with_quotes(quotes))


def test_quotes_nested_in_a_circle_are_refused() -> None:
    quotes = (dataclasses.replace(QUOTES[0], parent=1), dataclasses.replace(QUOTES[1], parent=0))
    with pytest.raises(ValueError, match="circle"):
        article_rows(spans_document().with_quotes(quotes))


GOLD = Path(__file__).resolve().parent / "gold"


def test_a_batch_of_more_rows_than_one_statement_holds_is_written_whole(engine: Engine) -> None:
    """SQLite writes a table's rows a few hundred per statement: every row of a larger batch arrives, in order."""
    documents = [extract(read_document(path)) for path in sorted(GOLD.glob("*.txt"))]
    spans = sum(len(rows.spans) for rows in map(article_rows, documents))
    assert spans > 400, "the batch must need several statements"
    assert spans % 200, "and one shorter statement for the rest"
    assert _write(engine, *documents) == [Outcome.INSERTED] * len(documents)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM quote_spans")).scalar_one() == spans
    for document in documents:
        rebuilt = _read_back(engine, document.external_id)
        in_order = sorted(document.quotes, key=lambda q: (q.paragraph, q.start, q.end))
        assert [q.text for q in rebuilt.quotes] == [q.text for q in in_order]
        assert [_all_spans(q) for q in rebuilt.quotes] == [_all_spans(q) for q in in_order]
