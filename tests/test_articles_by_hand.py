"""Articles added through the models with their text only (`ArticleRow(external_id=, title=, lede=, body=,
published_on=)`, as README.md shows): they are stored with what seeding would derive from the same text, and
`newsdb show` and `newsdb export` render them from their lede and body. An article whose rows make no article is
named in one line; the others are exported, and the exit code is 1.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import SEED
from sqlalchemy import Engine, select, text

import newsdb
from newsdb.cli import main
from newsdb.ingest.seed import seed
from newsdb.parse import parse, read_document
from newsdb.render import article_text, content_sha256, render

TESTS = Path(__file__).resolve().parent
LEDE = "Der Stadtrat hat am Montag das neue Budget beschlossen."
BODY = "Die Debatte dauerte vier Stunden.\n\nDie Folgen\n\n«Wir sparen nicht bei den Schulen», sagte Anna Meier."
# the article file these columns are, written out by hand
FILE_TEXT = f" date 2024-03-04 {LEDE}\n\n{BODY}"


def run(url: str, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--url", url, *args])
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def add_by_hand(url: str | Engine, external_id: str = "by-hand", lede: str = LEDE, body: str = BODY) -> None:
    """The README's recipe: the columns that hold the article, nothing derived."""
    with newsdb.session(url=url) as db:
        db.add(
            newsdb.ArticleRow(
                external_id=external_id, title="Budget", lede=lede, body=body, published_on=date(2024, 3, 4)
            )
        )


@pytest.fixture
def seeded(engine: Engine, empty_url: str) -> str:
    seed([SEED], url=engine)
    add_by_hand(engine)
    return empty_url


def test_the_recipe_stores_what_seeding_would_derive(seeded: str, engine: Engine, tmp_path: Path) -> None:
    with newsdb.session(url=engine) as db:
        row = db.scalars(select(newsdb.ArticleRow).where(newsdb.ArticleRow.external_id == "by-hand")).one()
        assert (row.date_precision, row.language, row.word_count) == ("day", "de", 25)  # 9 + 5 + 2 + 9 words
        # the hash of the article file these columns make, as `seed` stores it for that file
        assert row.content_sha256 == hashlib.sha256(FILE_TEXT.encode("utf-8")).hexdigest()
    # the same text in a file is the same article: seeding it adds the structure and quotes the text makes
    path = tmp_path / "by-hand.txt"
    path.write_text(FILE_TEXT, encoding="utf-8")
    report = seed([path], url=engine)
    assert (report.inserted, report.updated, report.duplicates, report.reextracted) == (0, 0, [], 1)
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.external_id = 'by-hand'")
        ).scalar()
    assert found == 1


def test_given_values_are_kept(engine: Engine) -> None:
    with newsdb.session(url=engine) as db:
        db.add(
            newsdb.ArticleRow(
                external_id="given",
                lede=LEDE,
                body="",
                published_on=date(2024, 3, 1),
                date_precision="month",
                word_count=7,
                content_sha256="0" * 64,
            )
        )
    with engine.connect() as connection:
        row = connection.execute(text("SELECT date_precision, word_count, content_sha256 FROM articles")).one()
    assert tuple(row) == ("month", 7, "0" * 64)


def test_a_lede_alone_is_an_article(engine: Engine) -> None:
    with newsdb.session(url=engine) as db:
        db.add(newsdb.ArticleRow(external_id="short", lede=LEDE, published_on=date(2024, 3, 4)))
    with engine.connect() as connection:
        body, digest = connection.execute(text("SELECT body, content_sha256 FROM articles")).one()
    assert body == ""
    assert digest == content_sha256(parse(f" date 2024-03-04 {LEDE}", external_id="short"))


def test_article_text_is_what_render_writes() -> None:
    for path in [SEED, *sorted((TESTS / "documents").glob("*.txt"))]:
        document = read_document(path)
        written = article_text(document.published_on, document.date_precision, document.lede, document.body)
        assert written == render(document), path


def test_export_writes_the_article_from_its_text(seeded: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(seeded, "export", str(out))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout == f"exported 2 articles to {out}\n"
    assert (out / "by-hand.txt").read_text(encoding="utf-8") == FILE_TEXT
    assert (out / SEED.name).read_bytes() == SEED.read_bytes()


def test_export_jsonl_has_the_sections_the_text_makes(seeded: str, tmp_path: Path) -> None:
    target = tmp_path / "articles.jsonl"
    assert run(seeded, "export", "--jsonl", str(target)).exit_code == 0
    by_hand = json.loads(target.read_text(encoding="utf-8").splitlines()[1])
    assert by_hand["external_id"] == "by-hand"
    assert by_hand["title"] == "Budget"
    assert [s["heading"] for s in by_hand["sections"]] == [None, "Die Folgen"]
    assert [p["text"] for s in by_hand["sections"] for p in s["paragraphs"]] == [
        LEDE,
        "Die Debatte dauerte vier Stunden.",
        "«Wir sparen nicht bei den Schulen», sagte Anna Meier.",
    ]
    assert by_hand["quotes"] == []  # none were extracted


def test_show_prints_lede_and_body(seeded: str) -> None:
    result = run(seeded, "show", "by-hand", "--no-pager")
    assert result.exit_code == 0, result.output
    for part in ("Budget", "2024-03-04", LEDE, "Die Debatte dauerte vier Stunden.", "Die Folgen", "Anna Meier"):
        assert part in result.stdout, part
    shown = json.loads(run(seeded, "show", "--json", "by-hand").stdout)
    assert shown["sections"][1]["paragraphs"][0]["text"].startswith("«Wir sparen")


def test_an_article_whose_text_makes_no_article_is_one_line(engine: Engine, empty_url: str, tmp_path: Path) -> None:
    seed([SEED], url=engine)
    add_by_hand(engine, "blank", lede=" ")
    out = tmp_path / "out"
    said = (
        "newsdb: not exported: article 'blank' has no paragraph rows, and its lede and body do not make an "
        "article (expected the lede after the date, found the end of the line)\n"
    )
    result = run(empty_url, "export", str(out))
    assert (result.exit_code, result.stderr) == (1, said)
    assert result.stdout == f"exported 1 articles to {out} (1 not exported)\n"
    assert sorted(p.name for p in out.iterdir()) == [SEED.name]
    target = tmp_path / "articles.jsonl"
    result = run(empty_url, "export", "--jsonl", str(target))
    assert (result.exit_code, result.stderr) == (1, said)
    assert [json.loads(line)["external_id"] for line in target.read_text(encoding="utf-8").splitlines()] == [SEED.stem]
    result = run(empty_url, "show", "blank")
    assert (result.exit_code, result.stderr) == (2, said.replace("not exported", "error"))


def test_an_article_that_lost_its_lede_is_left_out(engine: Engine, empty_url: str, tmp_path: Path) -> None:
    seed([SEED], url=engine)
    add_by_hand(engine)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM paragraphs WHERE position = 0"))
    out = tmp_path / "out"
    result = run(empty_url, "export", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"newsdb: not exported: article '{SEED.stem}' has lost its first paragraph, the lede (rows deleted by hand?)\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["by-hand.txt"]


def test_reextract_gives_an_article_added_by_hand_its_paragraphs_and_quotes(seeded: str, engine: Engine) -> None:
    """Its extractor version is unknown, so `newsdb reextract` takes it; it stopped at its missing lede row."""
    result = run(seeded, "reextract")
    assert result.exit_code == 0, result.output
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT (SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id),"
                " (SELECT min(q.text) FROM quotes q WHERE q.article_id = a.id), a.extractor_version IS NOT NULL"
                " FROM articles a WHERE a.external_id = 'by-hand'"
            )
        ).one()
    assert tuple(rows) == (3, "Wir sparen nicht bei den Schulen", True)
    assert run(seeded, "reextract").output.startswith("0 re-extracted of 0 articles")


def test_a_date_of_a_month_or_year_is_stored_as_the_first_day_of_its_period(engine: Engine) -> None:
    with newsdb.session(url=engine) as db:
        for external_id, day, precision in (("month", date(2024, 3, 17), "month"), ("year", date(2024, 3, 17), "year")):
            db.add(
                newsdb.ArticleRow(
                    external_id=external_id, lede=LEDE, body=BODY, published_on=day, date_precision=precision
                )
            )
    with engine.connect() as connection:
        stored = dict(connection.execute(text("SELECT external_id, published_on FROM articles")).all())
    assert {key: str(value) for key, value in stored.items()} == {"month": "2024-03-01", "year": "2024-01-01"}


def test_editing_the_text_through_the_models_updates_its_count_and_hash(
    seeded: str, engine: Engine, tmp_path: Path
) -> None:
    """A stale hash made seeding the old file report it unchanged and keep the edited text without a word."""
    with newsdb.session(url=engine) as db:
        row = db.scalars(select(newsdb.ArticleRow).where(newsdb.ArticleRow.external_id == "by-hand")).one()
        row.body = "Die Debatte dauerte fünf Stunden."
    edited = f" date 2024-03-04 {LEDE}\n\nDie Debatte dauerte fünf Stunden."
    with engine.connect() as connection:
        count, sha = connection.execute(
            text("SELECT word_count, content_sha256 FROM articles WHERE external_id = 'by-hand'")
        ).one()
    assert (count, sha) == (9 + 5, hashlib.sha256(edited.encode("utf-8")).hexdigest())
    path = tmp_path / "by-hand.txt"
    path.write_text(FILE_TEXT, encoding="utf-8")
    assert seed([path], url=engine).updated == 1  # the file's text, told as an update
