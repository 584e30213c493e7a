"""The views for SQL users: same columns and rows on both backends."""

from __future__ import annotations

from datetime import date

from query_corpus import store
from sqlalchemy import Engine, inspect, text

QUOTE_DETAILS = [
    "quote_id",
    "text",
    "kind",
    "cue",
    "speaker_role",
    "source_id",
    "source_name",
    "source_kind",
    "article_id",
    "external_id",
    "published_on",
    "heading",
    "paragraph_position",
    "parent_id",
    "date_precision",
    "start_offset",
    "end_offset",
]
ARTICLE_OVERVIEW = [
    "article_id",
    "external_id",
    "title",
    "published_on",
    "date_precision",
    "lede",
    "word_count",
    "section_count",
    "paragraph_count",
    "quote_count",
    "source_count",
    "created_at",
    "updated_at",
]


def test_views_exist_with_their_columns(engine: Engine) -> None:
    inspector = inspect(engine)
    assert {"quote_details", "article_overview"} <= set(inspector.get_view_names())
    assert [c["name"] for c in inspector.get_columns("quote_details")] == QUOTE_DETAILS
    assert [c["name"] for c in inspector.get_columns("article_overview")] == ARTICLE_OVERVIEW


def test_quote_details_joins_source_article_and_section(engine: Engine) -> None:
    ids = store(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT text, kind, cue, speaker_role, source_name, source_kind, article_id, external_id,"
                " published_on, heading, paragraph_position FROM quote_details"
                " WHERE external_id = '100_almaty_protest' ORDER BY paragraph_position"
            )
        ).all()
        anonymous = connection.execute(
            text("SELECT source_id, source_name, source_kind FROM quote_details WHERE cue = 'hiess es'")
        ).one()
    first, second = rows
    assert tuple(first[:6]) == (
        "Wir lassen uns nicht einschüchtern",
        "direct",
        "sagte",
        "Aktivistin",
        "Aigerim Nurlanowa",
        "person",
    )
    assert first.article_id == ids["100_almaty_protest"]
    assert str(first.published_on) == "2022-01-01"
    assert (first.heading, first.paragraph_position) == ("Hunderte Festnahmen", 2)
    assert (second.source_name, second.source_kind, second.paragraph_position) == (
        "kasachisches Innenministerium",
        "organization",
        3,
    )
    assert tuple(anonymous) == (None, None, None)


def test_article_overview_counts(engine: Engine) -> None:
    store(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT external_id, title, date_precision, section_count, paragraph_count,"
                " quote_count, source_count, published_on FROM article_overview ORDER BY external_id"
            )
        ).all()
    assert [tuple(r[:7]) for r in rows] == [
        ("100_almaty_protest", None, "month", 2, 4, 2, 2),
        ("101_tokajew_rede", None, "day", 2, 3, 1, 1),
        ("102_zuerich_velowege", None, "year", 1, 3, 4, 2),
        ("103_gaspreise_bern", "Gaspreise belasten Haushalte", "day", 1, 2, 1, 1),
    ]
    assert str(rows[0].published_on) == str(date(2022, 1, 1))
