"""The models round-trip on both backends, and the schema's constraints reject bad rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from newsdb.store.models import ArticleRow, ParagraphRow, QuoteRow, SectionRow, SourceRow


def make_article(external_id: str = "a1", sha: str = "0" * 64) -> ArticleRow:
    article = ArticleRow(
        external_id=external_id,
        lede="Die Lage beruhigt sich.",
        published_on=date(2022, 1, 1),
        date_precision="month",
        body="Zwischentitel\n\nEin Absatz.",
        content_sha256=sha,
        word_count=7,
    )
    opening = SectionRow(position=0, heading=None)
    later = SectionRow(position=1, heading="Zwischentitel")
    article.sections = [later, opening]  # stored out of order on purpose
    lede = ParagraphRow(article=article, position=0, kind="lede", text=article.lede)
    body = ParagraphRow(article=article, position=1, kind="body", text="Ein Absatz, sagte Meier.")
    opening.paragraphs = [lede]
    later.paragraphs = [body]
    source = SourceRow(name="Petra Meier", kind="person", normalized_key="person:petra meier")
    article.quotes = [
        QuoteRow(
            paragraph=body,
            source=source,
            text="Ein Absatz",
            kind="indirect",
            cue="sagte",
            start_offset=0,
            end_offset=10,
        ),
    ]
    return article


def count(db: Session, model: type[object]) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_article_round_trip(engine: Engine) -> None:
    with Session(engine) as db:
        db.add(make_article())
        db.commit()
    with Session(engine) as db:
        article = db.scalars(select(ArticleRow)).one()
        assert [s.heading for s in article.sections] == [None, "Zwischentitel"]
        assert [p.text for p in article.sections[1].paragraphs] == ["Ein Absatz, sagte Meier."]
        [quote] = article.quotes
        assert quote.source is not None
        assert (quote.source.name, quote.kind, quote.cue) == ("Petra Meier", "indirect", "sagte")
        assert article.published_on == date(2022, 1, 1)
        assert article.language == "de"


def test_timestamps_are_aware_utc_on_every_backend(engine: Engine) -> None:
    moment = datetime(2024, 3, 1, 12, 30, tzinfo=timezone(timedelta(hours=2)))
    with Session(engine) as db:
        article = make_article()
        article.created_at = moment
        db.add(article)
        db.commit()
    with Session(engine) as db:
        stored = db.scalars(select(ArticleRow)).one()
        assert stored.created_at == moment
        assert stored.created_at.tzinfo is UTC
        assert stored.updated_at.tzinfo is UTC


def test_naive_timestamps_are_rejected(engine: Engine) -> None:
    with Session(engine) as db:
        article = make_article()
        article.created_at = datetime(2024, 3, 1, 12, 30)
        db.add(article)
        with pytest.raises(StatementError, match="naive datetime"):
            db.commit()


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("articles", "date_precision", "week"),
        ("paragraphs", "kind", "footnote"),
        ("quotes", "kind", "rumour"),
        ("sources", "kind", "robot"),
        ("quotes", "end_offset", 0),
        ("sections", "position", -1),
    ],
)
def test_check_constraints_reject_bad_values(engine: Engine, table: str, column: str, value: object) -> None:
    with Session(engine) as db:
        db.add(make_article())
        db.commit()
    with engine.connect() as connection, pytest.raises(IntegrityError, match="ck_"):
        connection.exec_driver_sql(
            f"UPDATE {table} SET {column} = %s"
            if engine.dialect.name == "postgresql"
            else f"UPDATE {table} SET {column} = ?",
            (value,),
        )


@pytest.mark.parametrize("model", [SectionRow, ParagraphRow])
def test_duplicate_positions_are_rejected(engine: Engine, model: type[SectionRow | ParagraphRow]) -> None:
    with Session(engine) as db:
        article = make_article()
        db.add(article)
        db.commit()
        if model is SectionRow:
            db.add(SectionRow(article_id=article.id, position=1, heading="Noch einmal"))
        else:
            db.add(
                ParagraphRow(
                    article_id=article.id,
                    section_id=article.sections[0].id,
                    position=1,
                    kind="body",
                    text="Doppelt",
                )
            )
        with pytest.raises(IntegrityError, match=r"uq_|UNIQUE"):
            db.commit()


def test_external_id_and_content_hash_are_unique(engine: Engine) -> None:
    with Session(engine) as db:
        db.add(make_article("a1", "1" * 64))
        db.commit()
        db.add(make_article("a1", "2" * 64))
        with pytest.raises(IntegrityError):
            db.commit()
        db.rollback()
        db.add(make_article("a2", "1" * 64))
        with pytest.raises(IntegrityError):
            db.commit()


def test_deleting_an_article_cascades_but_keeps_sources(engine: Engine) -> None:
    with Session(engine) as db:
        db.add(make_article())
        db.commit()
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM articles")
    with Session(engine) as db:
        assert [count(db, m) for m in (ArticleRow, SectionRow, ParagraphRow, QuoteRow)] == [0, 0, 0, 0]
        assert count(db, SourceRow) == 1


def test_deleting_a_source_keeps_its_quotes_unattributed(engine: Engine) -> None:
    with Session(engine) as db:
        db.add(make_article())
        db.commit()
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM sources")
    with Session(engine) as db:
        assert db.scalars(select(QuoteRow.source_id)).all() == [None]


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with Session(engine) as db:
        db.add(SectionRow(article_id=12345, position=0, heading=None))
        with pytest.raises(IntegrityError):
            db.commit()
