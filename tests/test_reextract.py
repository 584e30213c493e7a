"""Old articles get the new extractor: `newsdb seed` re-extracts unchanged files an older extractor wrote, and
`newsdb reextract` does it from the stored text, on both backends."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from legacy_rows import write_old
from sqlalchemy import text

import newsdb
from newsdb.cli import main
from newsdb.extract import EXTRACTOR_VERSION, extract
from newsdb.ingest.seed import seed
from newsdb.parse import read_document
from newsdb.store import migrate
from newsdb.store.config import connect

DOCUMENTS = Path(__file__).resolve().parent / "documents"


def article(number: int) -> str:
    """A small valid article of our own, distinct for every `number`, with a direct and an indirect quote."""
    return (
        f" date 2023-04-{number % 28 + 1:02d} Der Gemeinderat von Testdorf {number} hat das Budget beraten.\n\n"
        f"Finanzvorsteherin Petra Meier sagte, die Lage sei angespannt. «Wir müssen sparen», sagte Meier.\n"
    )


def corpus(folder: Path, n: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(n):
        (folder / f"a{number}.txt").write_text(article(number), encoding="utf-8")
    return folder


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _state(url: str) -> dict[str, tuple[int | None, int, int]]:
    """Per article: extractor version, quotes, spans."""
    engine = connect(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.external_id, a.extractor_version,"
                " (SELECT count(*) FROM quotes AS q WHERE q.article_id = a.id),"
                " (SELECT count(*) FROM quote_spans AS s WHERE s.article_id = a.id)"
                " FROM articles AS a ORDER BY a.external_id"
            )
        ).all()
    engine.dispose()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _age(url: str, versions: dict[str, int | None]) -> None:
    """Make articles look written by an older extractor: that version, and no quotes."""
    engine = connect(url)
    with engine.begin() as connection:
        for external_id, version in versions.items():
            ids = {"e": external_id, "v": version}
            connection.execute(text("UPDATE articles SET extractor_version = :v WHERE external_id = :e"), ids)
            connection.execute(
                text("DELETE FROM quotes WHERE article_id = (SELECT id FROM articles WHERE external_id = :e)"), ids
            )
    engine.dispose()


def test_seed_reextracts_unchanged_files_an_older_extractor_wrote(empty_url: str, tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    seed([folder], url=empty_url, jobs=1)
    fresh = _state(empty_url)
    assert {version for version, _, _ in fresh.values()} == {EXTRACTOR_VERSION}
    # two quotes, each with its own span, its speaker, cue and frame
    assert all((quotes, spans) == (2, 8) for _, quotes, spans in fresh.values())

    _age(empty_url, {"a1": 1, "a2": None})
    report = seed([folder], url=empty_url, jobs=1)
    assert (report.reextracted, report.unchanged, report.inserted, report.updated) == (2, 2, 0, 0)
    assert "0 updated, 2 re-extracted, 2 unchanged" in report.summary()
    assert report.to_json()["reextracted"] == 2
    assert _state(empty_url) == fresh
    assert seed([folder], url=empty_url, jobs=1).reextracted == 0


def test_reextract_rewrites_older_articles_from_their_stored_text(empty_url: str, tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    seed([folder], url=empty_url, jobs=1)
    fresh = _state(empty_url)
    for path in folder.iterdir():
        path.unlink()  # from the stored text: the files are not needed
    _age(empty_url, {"a0": 1, "a3": None})
    report = newsdb.reextract(url=empty_url)
    assert (report.articles, report.reextracted, report.quotes, report.interrupted) == (2, 2, 4, False)
    assert _state(empty_url) == fresh
    assert newsdb.reextract(url=empty_url).articles == 0
    everything = newsdb.reextract(url=empty_url, everything=True)
    assert (everything.articles, everything.reextracted) == (4, 4)
    assert _state(empty_url) == fresh


def test_reextract_keeps_sources_as_seeding_resolves_them(empty_url: str, tmp_path: Path) -> None:
    seed([corpus(tmp_path / "corpus")], url=empty_url, jobs=1)
    query = "SELECT q.text, s.name, a.alias FROM quotes AS q JOIN sources AS s ON s.id = q.source_id" + (
        " JOIN source_aliases AS a ON a.id = q.alias_id ORDER BY q.article_id, q.start_offset"
    )
    engine = connect(empty_url)
    with engine.connect() as connection:
        before = [tuple(row) for row in connection.execute(text(query))]
    newsdb.reextract(url=engine, everything=True)
    with engine.connect() as connection:
        after = [tuple(row) for row in connection.execute(text(query))]
        sources = connection.execute(text("SELECT name FROM sources")).scalars().all()
    engine.dispose()
    assert after == before
    assert sources == ["Petra Meier"]


def test_a_stopped_reextract_keeps_the_batches_it_finished(empty_url: str, tmp_path: Path) -> None:
    seed([corpus(tmp_path / "corpus")], url=empty_url, jobs=1)
    _age(empty_url, dict.fromkeys(["a0", "a1", "a2", "a3"], 1))
    report = newsdb.reextract(url=empty_url, batch_size=1, stop=lambda: True)
    assert (report.articles, report.reextracted, report.interrupted) == (4, 1, True)
    assert sorted(version for version, _, _ in _state(empty_url).values()) == [1, 1, 1, EXTRACTOR_VERSION]
    assert newsdb.reextract(url=empty_url).reextracted == 3


def test_articles_of_an_older_schema_get_spans_from_reextract(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0004")
    engine = connect(empty_url)
    document = extract(read_document(DOCUMENTS / "gemeinderat.txt"))
    with engine.begin() as connection:
        write_old(connection, document.with_quotes(document.quotes[:1]))  # the older extractor found less
    migrate.upgrade(engine)
    [(version, quotes, spans)] = _state(empty_url).values()
    assert (version, quotes, spans) == (1, 1, 1)
    newsdb.reextract(url=engine)
    engine.dispose()
    [(version, quotes, spans)] = _state(empty_url).values()
    assert (version, quotes) == (EXTRACTOR_VERSION, len(document.quotes))
    assert spans >= quotes


def test_reextract_command_prints_a_summary_and_json(empty_url: str, tmp_path: Path) -> None:
    seed([corpus(tmp_path / "corpus")], url=empty_url, jobs=1)
    _age(empty_url, {"a1": 1})
    code, out, err = run_cli("--url", empty_url, "reextract")
    assert (code, err) == (0, "")
    assert out.startswith(f"1 re-extracted of 1 articles, 2 quotes written (extractor {EXTRACTOR_VERSION}, ")
    code, out, _ = run_cli("--url", empty_url, "reextract", "--all", "--json")
    assert code == 0
    found = json.loads(out)
    assert (found["articles"], found["reextracted"], found["extractor_version"]) == (4, 4, EXTRACTOR_VERSION)
    assert run_cli("--url", empty_url, "reextract", "--quiet")[:2] == (0, "")


def test_reextract_on_a_database_without_schema_says_so(empty_url: str) -> None:
    code, out, err = run_cli("--url", empty_url, "reextract")
    assert (code, out) == (2, "")
    assert err.startswith("newsdb: error: ")
    assert "newsdb upgrade" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("size", ["0", "x"])
def test_a_bad_batch_size_is_a_usage_error(empty_url: str, size: str) -> None:
    code, _, err = run_cli("--url", empty_url, "reextract", "--batch-size", size)
    assert code == 2
    assert "--batch-size" in err


def test_ctrl_c_stops_reextract_after_a_batch_and_exits_130(empty_url: str, tmp_path: Path) -> None:
    seed([corpus(tmp_path / "corpus", 400)], url=empty_url, jobs=2)
    engine = connect(empty_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE articles SET extractor_version = 1"))
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdb", "--url", empty_url, "reextract", "--batch-size", "10"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    newer = text("SELECT count(*) FROM articles WHERE extractor_version = :v").bindparams(v=EXTRACTOR_VERSION)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if connection.execute(newer).scalar_one() > 0:
                break
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    with engine.connect() as connection:
        done = connection.execute(newer).scalar_one()
    engine.dispose()
    assert process.returncode == 130, (out, err)
    assert "interrupted" in err
    assert "Traceback" not in err
    assert 0 < done < 400
    assert done % 10 == 0  # whole batches only
    assert out.startswith(f"{done} re-extracted of 400 articles")


def _structure(url: str) -> list[tuple[object, ...]]:
    """Every section and paragraph row, ids included."""
    engine = connect(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT 's', id, article_id, position, heading FROM sections"
                " UNION ALL SELECT 'p', id, article_id, position, text FROM paragraphs ORDER BY 1, 2"
            )
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_reextracting_rewrites_quotes_and_keeps_sections_and_paragraphs_with_their_ids(
    empty_url: str, tmp_path: Path
) -> None:
    """Unchanged content keeps its rows: what refers to a paragraph by id still finds it after a re-extraction."""
    folder = corpus(tmp_path / "corpus")
    seed([folder], url=empty_url, jobs=1)
    structure, fresh = _structure(empty_url), _state(empty_url)
    _age(empty_url, {"a1": 1})
    report = seed([folder], url=empty_url, jobs=1)
    assert report.reextracted == 1
    assert (report.rows.sections, report.rows.paragraphs) == (0, 0)
    assert (report.rows.quotes, report.rows.quote_spans) == (2, 8)
    everything = newsdb.reextract(url=empty_url, everything=True)
    assert everything.reextracted == 4
    assert _structure(empty_url) == structure
    assert _state(empty_url) == fresh


def test_reextracting_an_article_whose_paragraph_was_deleted_by_hand_rewrites_it_whole(
    empty_url: str, tmp_path: Path
) -> None:
    folder = corpus(tmp_path / "corpus")
    seed([folder], url=empty_url, jobs=1)
    fresh = _state(empty_url)
    engine = connect(empty_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "DELETE FROM paragraphs WHERE position = 1"
                " AND article_id = (SELECT id FROM articles WHERE external_id = 'a2')"
            )
        )
        connection.execute(text("UPDATE articles SET extractor_version = 1 WHERE external_id = 'a2'"))
    engine.dispose()
    assert seed([folder], url=empty_url, jobs=1).reextracted == 1
    assert _state(empty_url) == fresh
    assert len([row for row in _structure(empty_url) if row[0] == "p"]) == 8


def _quotes_read_their_text(url: str) -> bool:
    """Every quote's text is what its offsets cut out of its paragraph."""
    engine = connect(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT q.text, p.text, q.start_offset, q.end_offset"
                " FROM quotes AS q JOIN paragraphs AS p ON p.id = q.paragraph_id"
            )
        ).all()
    engine.dispose()
    return bool(rows) and all(quote == paragraph[start:end] for quote, paragraph, start, end in rows)


@pytest.mark.parametrize("edit", ["text", "order"])
def test_reextracting_over_paragraphs_changed_by_hand_rewrites_the_article_from_its_file(
    empty_url: str, tmp_path: Path, edit: str
) -> None:
    """The same number of paragraphs, but another text or order: the article is written again from its file."""
    folder = corpus(tmp_path / "corpus")
    seed([folder], url=empty_url, jobs=1)
    fresh, structure = _state(empty_url), _structure(empty_url)
    changes = {
        "text": ["UPDATE paragraphs SET text = 'Gekürzt.' WHERE position = 1 AND article_id = :a"],
        "order": [
            "UPDATE paragraphs SET position = 9 WHERE position = 0 AND article_id = :a",
            "UPDATE paragraphs SET position = 0 WHERE position = 1 AND article_id = :a",
            "UPDATE paragraphs SET position = 1 WHERE position = 9 AND article_id = :a",
        ],
    }[edit]
    engine = connect(empty_url)
    with engine.begin() as connection:
        article = connection.execute(text("SELECT id FROM articles WHERE external_id = 'a2'")).scalar_one()
        for statement in changes:
            connection.execute(text(statement), {"a": article})
        connection.execute(text("UPDATE articles SET extractor_version = 1 WHERE id = :a"), {"a": article})
    engine.dispose()
    assert seed([folder], url=empty_url, jobs=1).reextracted == 1
    assert _state(empty_url) == fresh
    assert _quotes_read_their_text(empty_url)
    kept = [row for row in _structure(empty_url) if row[2] != article]
    assert kept == [row for row in structure if row[2] != article]  # the other articles keep their rows


def test_a_file_moved_while_its_article_is_reextracted_takes_its_new_path_and_prune_keeps_it(
    empty_url: str, tmp_path: Path
) -> None:
    folder = corpus(tmp_path / "corpus", 3)
    seed([folder], url=empty_url, jobs=1)
    _age(empty_url, {"a1": 1})
    (folder / "sub").mkdir()
    (folder / "a1.txt").rename(folder / "sub" / "a1.txt")
    report = seed([folder], url=empty_url, jobs=1, prune=True)
    assert (report.reextracted, report.pruned) == (1, [])
    engine = connect(empty_url)
    with engine.connect() as connection:
        path = connection.execute(text("SELECT source_path FROM articles WHERE external_id = 'a1'")).scalar_one()
    engine.dispose()
    assert Path(path) == (folder / "sub" / "a1.txt").resolve()
    assert _quotes_read_their_text(empty_url)
