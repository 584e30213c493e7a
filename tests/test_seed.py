"""Seeding on both backends: idempotence, the report, updates, duplicates, bad input, --strict, and the stored
rows rebuilding the extracted documents."""

from __future__ import annotations

import dataclasses
import gc
import json
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner
from seed_corpus import article, counts, write
from sqlalchemy import text
from sqlalchemy.orm import Session

from newsdb import queries
from newsdb.cli import main
from newsdb.document import Quote
from newsdb.errors import DatabaseUnavailableError
from newsdb.extract import extract
from newsdb.ingest.seed import seed
from newsdb.parse import read_document
from newsdb.render import content_sha256
from newsdb.search.terms import index_terms
from newsdb.store.config import connect
from newsdb.store.documents import document_from_article

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_30d5db4ca1753fdf.txt"


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_seeding_the_seed_folder_loads_structure_quotes_and_sources(empty_url: str) -> None:
    code, out, _ = run_cli("--url", empty_url, "seed", str(SEED.parent))
    assert code == 0
    assert out.startswith("1 inserted, 0 updated, 0 unchanged, 0 duplicates, 0 failed")
    found = counts(empty_url)
    assert (found["articles"], found["sections"], found["paragraphs"]) == (1, 5, 11)
    assert found["quotes"] > 0
    assert found["sources"] > 0

    code, out, _ = run_cli("--url", empty_url, "seed", str(SEED.parent))
    assert code == 0
    assert out.startswith("0 inserted, 0 updated, 1 unchanged")
    assert counts(empty_url) == found


def test_json_report(empty_url: str) -> None:
    code, out, _ = run_cli("--url", empty_url, "seed", "--json", str(SEED))
    assert code == 0
    report = json.loads(out)
    assert report["inserted"] == 1
    assert report["rows"]["paragraphs"] == 11
    assert set(report["seconds"]) == {"read", "parse", "extract", "load"}


def test_the_report_counts_the_quote_spans_written(empty_url: str, tmp_path: Path) -> None:
    code, out, _ = run_cli("--url", empty_url, "seed", "--json", str(SEED))
    assert code == 0
    engine = connect(empty_url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM quote_spans")).scalar_one()
    engine.dispose()
    assert json.loads(out)["rows"]["quote_spans"] == stored > counts(empty_url)["quotes"] > 0

    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", article(1))
    report = seed([corpus], url=empty_url)
    # three quotes (sagte twice, hiess es), each with its quote, cue and frame span; the two of sagte also with a
    # speaker span (`hiess es` is one cue span)
    assert (report.rows.quotes, report.rows.quote_spans) == (3, 11)
    assert "3 quotes, 11 quote spans," in report.summary()

    code, out, _ = run_cli("--url", empty_url, "seed", str(SEED))
    assert code == 0
    assert "0 quote spans" in out


def test_a_changed_file_replaces_its_article_without_orphans(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    path = write(corpus, "a.txt", article(1))
    write(corpus, "b.txt", article(2))
    assert seed([corpus], url=empty_url).inserted == 2
    engine = connect(empty_url)
    with engine.connect() as connection:
        before = connection.execute(
            text("SELECT id, created_at, updated_at FROM articles WHERE external_id = 'a'")
        ).one()

    time.sleep(0.01)
    path.write_text(article(1, " Neu ist, dass der Kanton hilft.").replace("Ausblick auf das Jahr\n\n", ""), "utf-8")
    report = seed([corpus], url=empty_url)
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 1)

    with engine.connect() as connection:
        after = connection.execute(
            text("SELECT id, created_at, updated_at FROM articles WHERE external_id = 'a'")
        ).one()
        sections = connection.execute(
            text("SELECT count(*) FROM sections s JOIN articles a ON a.id = s.article_id WHERE a.external_id = 'a'")
        ).scalar_one()
        orphans = connection.execute(
            text(
                "SELECT (SELECT count(*) FROM paragraphs WHERE section_id NOT IN (SELECT id FROM sections))"
                " + (SELECT count(*) FROM quotes WHERE paragraph_id NOT IN (SELECT id FROM paragraphs))"
            )
        ).scalar_one()
        texts = (
            connection.execute(
                text("SELECT p.text FROM paragraphs p JOIN articles a ON a.id = p.article_id WHERE a.external_id = 'a'")
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert after.id == before.id
    assert after.created_at == before.created_at
    assert after.updated_at > before.updated_at
    assert sections == 1  # the heading is gone, so only the opening section is left
    assert orphans == 0
    assert any("Kanton hilft" in t for t in texts)


def test_identical_content_under_another_name_is_a_duplicate(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus, "original.txt", article(3))
    write(corpus, "zz_copy.txt", article(3))
    code, out, err = run_cli("--url", empty_url, "seed", str(corpus))
    assert code == 0
    assert "1 inserted" in out
    assert "1 duplicates" in out
    assert "zz_copy.txt: same content as original" in err
    assert counts(empty_url)["articles"] == 1


BROKEN = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n  \n",
    "no_header.txt": b"Der Gemeinderat hat getagt.\n\nEin zweiter Absatz.\n",
    "impossible_date.txt": b" date 2022-02-30 Ein Datum, das es nicht gibt.\n",
    "binary.txt": bytes(range(256)) * 4,
    "nul_bytes.txt": b" date 2022-01-01 Ein Text\x00mit Nullbyte.\n",
    "latin1.txt": " date 2022-01-01 Gr\xfcsse aus Z\xfcrich.\n".encode("latin-1"),
}


def valid_odd_files() -> dict[str, str]:
    return {
        "unbalanced.txt": article(4).replace("«Wir müssen sparen»", "«Wir müssen sparen"),
        "huge_paragraph.txt": article(5, " Noch ein Satz über das Budget." * 17_000),
        "lede_only.txt": " date 2021 Nur ein Vorspann, sonst nichts.\n",
        "blank_runs.txt": article(6).replace("\n\n", "\n\n\n\n  \n\n"),
    }


def test_broken_files_are_named_and_skipped_and_the_rest_is_loaded(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "mixed"
    for name, content in BROKEN.items():
        write(corpus, name, content)
    for name, content in valid_odd_files().items():
        write(corpus, name, content)
    assert len(valid_odd_files()["huge_paragraph.txt"]) > 500_000

    code, out, err = run_cli("--url", empty_url, "seed", str(corpus))
    assert code == 1
    assert "Traceback" not in err
    for name in BROKEN:
        [line] = [line for line in err.splitlines() if line.startswith(str(corpus / name))]
        assert line.startswith(f"{corpus / name}:1"), line  # every broken file here fails on its first line
    assert out.startswith(
        f"{len(valid_odd_files())} inserted, 0 updated, 0 unchanged, 0 duplicates, {len(BROKEN)} failed"
    )
    engine = connect(empty_url)
    with engine.connect() as connection:
        stored = set(connection.execute(text("SELECT external_id FROM articles")).scalars())
    engine.dispose()
    assert stored == {Path(name).stem for name in valid_odd_files()}


def test_strict_writes_nothing_when_a_file_fails(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for number in range(5):
        write(corpus, f"ok{number}.txt", article(number))
    write(corpus, "zz_broken.txt", BROKEN["no_header.txt"])
    code, out, err = run_cli("--url", empty_url, "seed", "--strict", "--batch-size", "2", str(corpus))
    assert code == 1
    assert "zz_broken.txt:1" in err
    assert "nothing written" in out
    assert counts(empty_url)["articles"] == 0

    (corpus / "zz_broken.txt").unlink()
    assert run_cli("--url", empty_url, "seed", "--strict", str(corpus))[0] == 0
    assert counts(empty_url)["articles"] == 5


def test_missing_path_is_a_user_error(empty_url: str, tmp_path: Path) -> None:
    code, _, err = run_cli("--url", empty_url, "seed", str(tmp_path / "nowhere"))
    assert code == 2
    assert "no such file or directory" in err


def test_globs_and_folders(empty_url: str, tmp_path: Path) -> None:
    write(tmp_path / "a", "one.txt", article(1))
    write(tmp_path / "a" / "deeper", "two.txt", article(2))
    write(tmp_path / "b", "three.txt", article(3))
    write(tmp_path / "b", "notes.md", "not an article")
    report = seed([tmp_path / "a", str(tmp_path / "b" / "*.txt")], url=empty_url)
    assert (report.files, report.inserted) == (3, 3)


def test_a_database_behind_head_is_refused(empty_url: str, tmp_path: Path) -> None:
    import newsdb

    newsdb.upgrade(empty_url)
    engine = connect(empty_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    engine.dispose()
    if newsdb.head() == "0001":
        pytest.fail("needs a schema with more than one revision")  # pragma: no cover
    code, _, err = run_cli("--url", empty_url, "seed", str(SEED))
    assert code == 2
    assert "run `newsdb upgrade`" in err


def test_seeding_leaves_the_callers_garbage_collector_as_it_was(empty_url: str, tmp_path: Path) -> None:
    """`seed` collects garbage less often while it runs, and restores the caller's settings, also after a failure."""
    write(tmp_path / "corpus", "one.txt", article(1))
    before = gc.get_threshold(), gc.get_freeze_count()
    assert seed([tmp_path / "corpus"], url=empty_url).inserted == 1
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    with pytest.raises(DatabaseUnavailableError):
        seed([tmp_path / "corpus"], url=f"sqlite:///{tmp_path / 'no such folder' / 'x.sqlite3'}")
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_the_report_counts_each_new_source_once(empty_url: str, tmp_path: Path) -> None:
    # every article quotes the same speaker, in batches of four: one source row, counted once
    for number in range(30):
        write(tmp_path / "first", f"doc{number:04d}.txt", article(number))
    report = seed([tmp_path / "first"], url=empty_url, jobs=1, batch_size=4)
    stored = counts(empty_url)["sources"]
    assert report.rows.sources == stored >= 1

    # a later run that quotes a known speaker and a new one counts only the new one
    extra = " «Das reicht nicht», sagte Gemeinderat Hans Keller."
    write(tmp_path / "second", "doc9999.txt", article(9999, extra))
    report = seed([tmp_path / "second"], url=empty_url, jobs=1)
    assert report.rows.sources == counts(empty_url)["sources"] - stored == 1


def test_seeded_rows_rebuild_the_extracted_documents(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus, SEED.name, SEED.read_bytes())
    for number in range(60):
        write(corpus, f"doc{number:04d}.txt", article(number, " «Das ist neu», sagte Huber." * (number % 3)))
    report = seed([corpus], url=empty_url, jobs=2, batch_size=7)
    assert (report.inserted, report.rows.articles) == (61, 61)

    expected = {path.stem: extract(read_document(path)) for path in sorted(corpus.glob("*.txt"))}
    engine = connect(empty_url)
    with Session(engine) as db:
        stored = list(queries.iter_articles(db, batch_size=16))
    sqlite = engine.dialect.name == "sqlite"
    index: dict[int, tuple[str, str, str]] = {}
    if sqlite:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT rowid, title, lede, body FROM articles_fts"))
            index = {row[0]: (row[1], row[2], row[3]) for row in rows}
    engine.dispose()
    assert [a.external_id for a in stored] == sorted(expected)
    for found in stored:
        document = expected[found.external_id]
        # Stored quotes come back by position, and in the order written where positions tie.
        # Speakers are resolved across the archive (tests/test_sources.py): compare the rest of each quote here.
        in_order = sorted(document.quotes, key=lambda q: (q.paragraph, q.start, q.end))
        rebuilt = document_from_article(found)
        assert rebuilt.with_quotes(_unattributed(rebuilt.quotes)) == document.with_quotes(_unattributed(in_order))
        assert found.source_path == document.source_path
        assert (found.body, found.word_count) == (document.body, document.word_count)
        assert found.content_sha256 == content_sha256(document)
        if sqlite:
            assert index[found.id] == index_terms(document.title, document.lede, document.body)


def _unattributed(quotes: Iterable[Quote]) -> tuple[Quote, ...]:
    return tuple(dataclasses.replace(quote, source=None, speaker_role=None) for quote in quotes)
