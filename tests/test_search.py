"""Full-text search: the same results on SQLite and PostgreSQL, stemmed, ranked, highlighted, and safe."""

from __future__ import annotations

import contextlib
import importlib
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from query_corpus import store
from snowballstemmer import german_stemmer  # type: ignore[import-untyped,unused-ignore]
from sqlalchemy import Engine, text

import newsdb
from newsdb.document import count_words
from newsdb.search import sqlite_index, terms
from newsdb.search.full_text import SearchHit, search, search_connection
from newsdb.search.query import SearchQueryError, parse_query, to_fts5, to_tsquery
from newsdb.search.terms import counted_index_text, index_terms
from newsdb.store.sqlite_rebuild import rebuilding_table

SEARCH_MODULE = importlib.import_module("newsdb.search.full_text")  # `newsdb.search.full_text` is the function


def found(engine: Engine, query: str, **options: object) -> list[str]:
    return [hit.external_id for hit in search(query, url=engine, **options)]  # type: ignore[arg-type]


# --- the parser (pure) -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "fts5", "tsquery"),
    [
        ("Festnahme", '("festnahm")', "('festnahme')"),
        (
            "Almaty Astana OR Bern -Tokajew",
            '((("almaty" OR "almatys")) AND (("astana" OR "astanas") OR "bern")) NOT (("tokajew" OR "tokajews"))',
            "(('almaty' | 'almatys')) & (('astana' | 'astanas') | 'bern') & !(('tokajew' | 'tokajews'))",
        ),
        ('"Demonstrationen gegen die Preise"', '("demonstration _ _ preis")', "('demonstrationen' <3> 'preise')"),
        ("Ex-Sowjetrepublik", '("ex sowjetrepubl")', "('ex' <1> 'sowjetrepublik')"),
        (
            "'; DROP TABLE articles --",
            '(("drop" OR "drops")) AND ("tabl") AND ("articl")',
            "(('drop' | 'drops')) & ('table') & ('articles')",
        ),
        ("Gas AND Preis", '("gas") AND ("preis")', "('gas') & ('preis')"),
        ('"die Truppen" und', '("trupp")', "('truppen')"),
    ],
)
def test_queries_render_to_quoted_stems_and_words(query: str, fts5: str, tsquery: str) -> None:
    parsed = parse_query(query)
    assert to_fts5(parsed) == fts5
    assert to_tsquery(parsed) == tsquery


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unbalanced', "unbalanced quote"),
        ("AND", "AND needs a search term on both sides"),
        ("Gas OR", "OR needs a search term on both sides"),
        ("OR Gas", "OR needs a search term on both sides"),
        ("Gas OR -Strom", "OR cannot join an exclusion"),
        ("*", "empty search query"),
        ("", "empty search query"),
        ("   ", "empty search query"),
        ("die und der", "only stop words"),
        ('"und die"', "only stop words"),
        ("-Gas -Strom", "only excludes"),
    ],
)
def test_malformed_queries_are_explained(query: str, message: str) -> None:
    with pytest.raises(SearchQueryError, match=message):
        parse_query(query)


def test_search_query_error_is_a_newsdb_error() -> None:
    assert issubclass(SearchQueryError, newsdb.NewsdbError)


def test_index_terms_are_stems_with_stop_word_placeholders() -> None:
    assert index_terms(None, "Die Festnahmen in Almaty", "Mehr als 10'000 Demonstrationen.") == (
        "",
        "_ festnahm _ almaty",
        "mehr _ 10 000 demonstration",
    )


def test_index_text_counts_words_as_a_reader_does() -> None:
    # 12 words for a reader: `SRF-Moderatorin`, `10'000` and `12,5` are one each, `__` is a word without a term
    text = "Die SRF-Moderatorin nannte 10'000 Demonstrationen, 12,5 Prozent mehr als __ im Vorjahr."
    terms, words = counted_index_text(text)
    assert words == count_words(text) == 12
    assert terms.split()[:6] == ["_", "srf", "moderatorin", "nannt", "10", "000"]
    assert "  " not in terms


def test_index_text_reads_words_across_every_kind_of_white_space_and_punctuation() -> None:
    """Words between tabs, line breaks and no-break spaces, and pieces with several words or none (`«Nein»,`,
    `Bern/Zürich`, `–`); the second time from the pieces kept."""
    text = "«Nein»,\tsagte\u00a0SRF-Moderatorin Bern/Zürich \u2013 10'000 \u2026\nMal.\r\n«Nein»,"  # 9 pieces
    for _ in range(2):
        terms, words = counted_index_text(text)
        assert words == count_words(text) == 8
        assert terms == "nein sagt srf moderatorin bern zurich 10 000 mal nein"


def test_long_runs_without_white_space_are_indexed_and_not_kept() -> None:
    """A piece of 10,000 joined words and a word of 10,000 letters are read, but neither stays in memory."""
    joined, long_word = "Wort-" * 2_000 + "Ende", "a" * 10_000
    terms_of_joined, words = counted_index_text(f"Die {joined} und {long_word}.")
    assert words == 4
    assert terms_of_joined.split() == ["_", *["wort"] * 2_000, "end", "_", long_word]
    assert joined not in terms._PIECES
    assert f"{long_word}." not in terms._PIECES
    assert long_word not in terms._TOKENS
    assert counted_index_text("Die Ende.") == ("_ end", 2)


def test_stems_come_from_snowballs_c_stemmer_and_equal_its_python_one() -> None:
    """PyStemmer is a dependency for speed only: its German stems must be those of snowballstemmer's own Python
    stemmer, with which older indexes were written (hand-picked words, then every word of the repository's articles)."""
    assert type(terms._STEMMER).__module__ == "Stemmer", "snowballstemmer did not pick up PyStemmer"
    python_stemmer = german_stemmer.GermanStemmer()
    root = Path(__file__).resolve().parents[1]
    articles = [*(root / "seeds").glob("*.txt"), *(root / "tests").glob("*/*.txt")]
    words = ["demonstrationen", "festnahmen", "häuser", "größte", "kitas", "enttäuschung", "auslandredaktorin"]
    words += sorted({word for path in articles for word in terms.words(path.read_text("utf-8"))})
    assert len(words) > 1000
    assert [terms.stem(word) for word in words] == [python_stemmer.stemWord(word) for word in words]
    assert [terms.stem(word) for word in words[:3]] == ["demonstration", "festnahm", "haus"]


def test_decomposed_umlauts_count_and_index_like_composed_ones() -> None:
    composed, decomposed = "Müller sagte", "Mu\u0308ller sagte"
    assert count_words(decomposed) == count_words(composed) == 2
    assert counted_index_text(decomposed) == counted_index_text(composed)


# --- search on both backends ---------------------------------------------------------------------------------------


def test_a_stem_finds_its_inflected_forms(engine: Engine) -> None:
    store(engine)
    assert found(engine, "Festnahme") == ["100_almaty_protest"]
    assert sorted(found(engine, "Demonstration")) == ["100_almaty_protest", "103_gaspreise_bern"]
    assert sorted(found(engine, "demonstrationen")) == ["100_almaty_protest", "103_gaspreise_bern"]


def test_all_words_must_match(engine: Engine) -> None:
    store(engine)
    assert found(engine, "Almaty Tokajew") == ["101_tokajew_rede"]
    assert found(engine, "Almaty Velowege") == []


def test_or_exclusion_and_phrase(engine: Engine) -> None:
    store(engine)
    assert sorted(found(engine, "Velowege OR Fernsehansprache")) == ["101_tokajew_rede", "102_zuerich_velowege"]
    assert found(engine, "Almaty -Tokajew") == ["100_almaty_protest"]
    assert found(engine, 'Almaty -"Ordnung in Almaty"') == ["100_almaty_protest"]
    # Stop words inside a phrase keep their place: two of them stand between the two words.
    assert found(engine, '"Demonstrationen gegen die hohen Gaspreise"') == ["100_almaty_protest"]
    assert found(engine, '"Demonstrationen hohen Gaspreise"') == []
    assert found(engine, '"Gaspreise hohen"') == []
    assert found(engine, "Kassym-Schomart") == ["101_tokajew_rede"]


def test_title_outranks_lede_and_rank_is_higher_for_better_hits(engine: Engine) -> None:
    store(engine)
    hits = search("Gaspreise", url=engine)
    assert [h.external_id for h in hits] == ["103_gaspreise_bern", "100_almaty_protest"]
    assert hits[0].rank > hits[1].rank > 0


def test_hits_carry_the_article_and_a_highlighted_snippet(engine: Engine) -> None:
    ids = store(engine)
    [hit] = search("Festnahme", url=engine)
    assert isinstance(hit, SearchHit)
    assert hit.article_id == ids["100_almaty_protest"]
    assert hit.title is None
    assert hit.published_on == date(2022, 1, 1)
    assert "[Festnahmen]" in hit.snippet
    assert "Hunderte [Festnahmen]" in hit.snippet
    assert "\n" not in hit.snippet


def test_date_range_keeps_overlapping_periods(engine: Engine) -> None:
    store(engine)
    # 100 is dated 2022-01 (the whole month), 101 is 2022-01-05.
    assert found(engine, "Almaty", since=date(2022, 1, 15), until=date(2022, 1, 20)) == ["100_almaty_protest"]
    assert sorted(found(engine, "Almaty", until=date(2022, 1, 5))) == ["100_almaty_protest", "101_tokajew_rede"]
    assert found(engine, "Almaty", since=date(2022, 2, 1)) == []
    assert found(engine, "Velowege", since=date(2021, 12, 31), until=date(2022, 6, 1)) == ["102_zuerich_velowege"]


def test_limit(engine: Engine) -> None:
    store(engine)
    assert len(search("Demonstration", url=engine, limit=1)) == 1
    with pytest.raises(SearchQueryError, match="limit"):
        search("Demonstration", url=engine, limit=0)


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "AND", "*", "'; DROP TABLE articles", "die und", "-Gas", 'a"b', "NEAR(x y)", "x:y", "^z"],
)
def test_hostile_input_never_reaches_the_database_as_syntax(engine: Engine, query: str) -> None:
    store(engine)
    with contextlib.suppress(SearchQueryError):  # a clear error, or a harmless search
        assert search(query, url=engine) == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM articles")).scalar() == 4


def test_deleting_an_article_removes_it_from_the_index(engine: Engine) -> None:
    store(engine)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM articles WHERE external_id = '100_almaty_protest'"))
    assert found(engine, "Festnahme") == []
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM articles_fts")).scalar() == 3


def test_changed_text_is_searchable_after_indexing_again(engine: Engine) -> None:
    ids = store(engine)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE articles SET lede = 'Neue Verhaftungen in Astana.' WHERE id = :id"),
            {"id": ids["101_tokajew_rede"]},
        )
        if engine.dialect.name == "sqlite":
            row = connection.execute(
                text("SELECT id, title, lede, body FROM articles WHERE id = :id"), {"id": ids["101_tokajew_rede"]}
            ).one()
            sqlite_index.write(connection, [sqlite_index.index_row(*row)])
    assert found(engine, "Verhaftung") == ["101_tokajew_rede"]
    assert found(engine, "Fernsehansprache") == []


def _add_summary_column(connection: sa.Connection) -> None:
    """A later migration that rebuilds `articles` on SQLite."""
    op = Operations(MigrationContext.configure(connection))
    recreate = "always" if connection.dialect.name == "sqlite" else "auto"
    with rebuilding_table(op, "articles"), op.batch_alter_table("articles", recreate=recreate) as batch:
        batch.add_column(sa.Column("summary", sa.Text(), nullable=True))


def test_a_later_table_rebuild_keeps_search_views_and_children(engine: Engine) -> None:
    store(engine)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        driver = connection.connection.driver_connection
        if sqlite:  # as a migration runner must: SQLite switches foreign keys off outside transactions only
            driver.execute("PRAGMA foreign_keys = OFF")
        with connection.begin():
            _add_summary_column(connection)
        if sqlite:
            driver.execute("PRAGMA foreign_keys = ON")
    with engine.connect() as connection:
        assert "summary" in {c["name"] for c in sa.inspect(connection).get_columns("articles")}
        assert connection.execute(text("SELECT count(*) FROM quotes")).scalar() == 8
        assert connection.execute(text("SELECT count(*) FROM quote_details")).scalar() == 8
        assert connection.execute(text("SELECT count(*) FROM article_overview")).scalar() == 4
    assert found(engine, "Festnahme") == ["100_almaty_protest"]
    with engine.begin() as connection:  # the delete trigger survived the rebuild
        connection.execute(text("DELETE FROM articles WHERE external_id = '100_almaty_protest'"))
    assert found(engine, "Festnahme") == []


def test_a_rebuild_with_foreign_keys_on_is_refused_instead_of_deleting_children(engine: Engine) -> None:
    store(engine)
    with engine.connect() as connection, connection.begin():
        if connection.dialect.name == "sqlite":
            with pytest.raises(newsdb.SchemaError, match="foreign keys"):
                _add_summary_column(connection)
        else:
            _add_summary_column(connection)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM quotes")).scalar() == 8


def test_migrating_keeps_existing_articles_searchable(empty_url: str) -> None:
    engine = newsdb.connect(empty_url)
    newsdb.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (external_id, lede, published_on, date_precision, body, content_sha256,"
                " word_count) VALUES ('900_alt', 'Alte Festnahmen.', '2020-03-01', 'month', 'Text.', 'x', 3)"
            )
        )
    newsdb.upgrade(engine)
    assert found(engine, "Festnahme") == ["900_alt"]
    engine.dispose()


# --- recency-bounded ranking on PostgreSQL -------------------------------------------------------------------------


def test_below_the_candidate_cap_ranking_is_exact(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    store(engine)
    monkeypatch.setattr(SEARCH_MODULE, "RANKED_CANDIDATES", 2)
    assert found(engine, "Festnahme") == ["100_almaty_protest"]
    hits = search("Gaspreise", url=engine)  # two matches: both ranked, title before lede
    assert [h.external_id for h in hits] == ["103_gaspreise_bern", "100_almaty_protest"]
    assert hits[0].rank > hits[1].rank > 0
    assert "[Festnahmen]" in search("Festnahme", url=engine)[0].snippet


def test_postgresql_ranks_only_the_most_recent_matches_above_the_cap(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(engine)
    monkeypatch.setattr(SEARCH_MODULE, "RANKED_CANDIDATES", 1)
    # Almaty: 100 (2022-01) and 101 (2022-01-05); Demonstration: 100 and 103 (2022-02-03).
    if engine.dialect.name == "postgresql":
        assert found(engine, "Almaty") == ["101_tokajew_rede"]
        assert found(engine, "Demonstration") == ["103_gaspreise_bern"]
    else:  # SQLite ranks every match
        assert sorted(found(engine, "Almaty")) == ["100_almaty_protest", "101_tokajew_rede"]


def test_date_filters_apply_before_the_candidate_cap(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    store(engine)
    monkeypatch.setattr(SEARCH_MODULE, "RANKED_CANDIDATES", 1)
    assert found(engine, "Almaty", until=date(2022, 1, 4)) == ["100_almaty_protest"]
    assert found(engine, "Demonstration", until=date(2022, 1, 31)) == ["100_almaty_protest"]
    assert found(engine, "Almaty", since=date(2022, 2, 1)) == []


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite has no planner settings to change
def test_search_leaves_the_planner_settings_of_the_transaction_as_they_were(engine: Engine) -> None:
    store(engine)
    with engine.connect() as connection, connection.begin():
        connection.execute(text("SET LOCAL work_mem = '8MB'"))
        hits = search_connection(connection, parse_query("Almaty"))
        assert len(hits) == 2
        settings = connection.execute(text("SELECT current_setting('enable_seqscan'), current_setting('work_mem')"))
        assert settings.one() == ("on", "8MB")
