"""Sources across the archive: clean names, one source per person whatever the order, aliases, curation.

The articles in tests/documents/sources come from several outlets: the same person with and without first name
and role (`Bundesrätin Keller`, `Finanzministerin Judith Keller`), two people sharing a surname (`Judith Huber`,
`Reto Huber`) and a third article naming only `Huber`, and a full name arriving after the surname (`Merkel`,
then `Bundeskanzlerin Angela Merkel`).
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from newsdb.cli import main
from newsdb.extract import extract
from newsdb.ingest.seed import seed
from newsdb.parse import read_document
from newsdb.sources.names import Speaker, clean_speaker, fold, full_name_in, said_by_many
from newsdb.store.config import connect
from newsdb.store.rows import article_rows
from newsdb.store.writer import ArticleWriter

ARTICLES = Path(__file__).resolve().parent / "documents" / "sources"
FILES = sorted(ARTICLES.glob("*.txt"))

# source name -> its quotes' texts with their roles, as a reader of the articles expects them
EXPECTED = {
    "Angela Merkel": [
        ("Das ist ein guter Tag für Europa", "Bundeskanzlerin"),
        ("Wir werden eine Lösung finden", None),
    ],
    "Gerhard Schröder": [("Die Reform war richtig", "Altkanzler")],
    "Hans Müller": [("Die Strasse bleibt gesperrt", "Verkehrsminister")],
    "Huber": [("Wir brauchen mehr Zeit", None)],
    "Judith Huber": [("Die Menschen haben Angst", "SRF-Auslandredaktorin")],
    "Judith Keller": [("Niemand wird verschont", "Finanzministerin"), ("Wir prüfen jede Ausgabe", "Bundesrätin")],
    "Reto Huber": [("Das Projekt ist finanziert", "Stadtpräsident")],
}


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Präsidenten Barack Obama", Speaker("Barack Obama", "Präsidenten")),
        ("US-amerikanische Außenministerin Condoleezza Rice",
         Speaker("Condoleezza Rice", "US-amerikanische Außenministerin")),
        ("Niedersachsens Ministerpräsident Christian Wulff",
         Speaker("Christian Wulff", "Niedersachsens Ministerpräsident")),
        ("Bundesrätin Keller", Speaker("Keller", "Bundesrätin")),
        ("Von Obama", Speaker("Obama", None)),
        ("Von der Leyen", Speaker("Von der Leyen", None)),
        ("Merkel.Als", Speaker("Merkel", None)),
        ("Ursula von der Leyen", Speaker("Ursula von der Leyen", None)),
        ("Murat Kurnaz", Speaker("Murat Kurnaz", None)),
        ("Joschka Fischer", Speaker("Joschka Fischer", None)),
        ("Dr. Hans Meier", Speaker("Hans Meier", None)),
        ("Positives", Speaker(None, None)),
        ("Steinbrück Positives", Speaker(None, None)),
        ("Politischen Beobachtern", Speaker(None, None)),
        ("Erste Ankündigungen", Speaker(None, None)),
        ("Polizeichefs von Kandahar", Speaker(None, "Polizeichefs von")),
        ("Papst", Speaker(None, "Papst")),
        # feminine roles written with an umlaut are roles too, alone and in compounds
        ("Staatsanwältin", Speaker(None, "Staatsanwältin")),
        ("Anwältin", Speaker(None, "Anwältin")),
        ("Bischöfin", Speaker(None, "Bischöfin")),
        ("Kantonsrätin", Speaker(None, "Kantonsrätin")),
        ("Staatsanwältin Eva Frei", Speaker("Eva Frei", "Staatsanwältin")),
    ],
)  # fmt: skip
def test_clean_speaker(written: str, expected: Speaker) -> None:
    assert clean_speaker(written) == expected


def test_fold_ignores_umlaut_spellings_hyphens_and_case() -> None:
    assert fold("Schroeder") == fold("Schröder") == "schroder"
    assert fold("Franz-Josef  Jung") == fold("franz josef jung") == "franz josef jung"


def _sources(engine: Engine) -> dict[str, list[tuple[str, str | None]]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT s.name, q.text, q.speaker_role FROM sources AS s JOIN quotes AS q ON q.source_id = s.id"
                " ORDER BY s.name, q.text"
            )
        ).all()
        orphans = connection.execute(
            text("SELECT count(*) FROM sources AS s WHERE NOT EXISTS (SELECT 1 FROM quotes WHERE source_id = s.id)")
        ).scalar_one()
    assert orphans == 0
    out: dict[str, list[tuple[str, str | None]]] = {}
    for name, quote, role in rows:
        out.setdefault(name, []).append((quote, role))
    return out


ORDERS = {
    "alphabetical": FILES,
    "reversed": FILES[::-1],
    "surnames last": sorted(FILES, key=lambda p: p.stem in {"berlin_merkel", "bern_keller", "chur_huber"}),
}


@pytest.mark.parametrize("order", list(ORDERS))
def test_seeding_one_article_at_a_time_in_any_order_gives_the_same_sources(empty_url: str, order: str) -> None:
    for path in ORDERS[order]:
        seed([path], url=empty_url, jobs=1)
    engine = connect(empty_url)
    try:
        assert _sources(engine) == EXPECTED
    finally:
        engine.dispose()


def test_two_seeders_at_once_give_the_same_sources(empty_url: str) -> None:
    seed([FILES[0]], url=empty_url, jobs=1)  # create the schema first
    halves = [FILES[1::2], FILES[2::2]]
    errors: list[BaseException] = []

    def run(paths: list[Path]) -> None:
        try:
            for path in paths:
                seed([path], url=empty_url, jobs=1)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(half,)) for half in halves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = connect(empty_url)
    try:
        assert _sources(engine) == EXPECTED
    finally:
        engine.dispose()


def test_aliases_record_every_written_name(empty_url: str) -> None:
    seed([ARTICLES], url=empty_url, jobs=1)
    engine = connect(empty_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT s.name, a.alias, a.normalized_key FROM source_aliases AS a"
                    " JOIN sources AS s ON s.id = a.source_id WHERE s.name LIKE '%Keller' OR s.name LIKE '%Huber'"
                    " ORDER BY s.name, a.alias"
                )
            ).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("Huber", "Huber", "person:huber"),
        ("Judith Huber", "Judith Huber", "person:judith huber"),
        ("Judith Keller", "Judith Keller", "person:judith keller"),
        ("Judith Keller", "Keller", "person:keller"),
        ("Reto Huber", "Reto Huber", "person:reto huber"),
    ]
    listing = CliRunner().invoke(main, ["--url", empty_url, "sources", "--csv"])
    assert listing.exit_code == 0
    assert "Judith Keller,person,2,2,Keller" in listing.output


def test_a_full_name_that_goes_away_leaves_the_surname_its_own_source(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ARTICLES, corpus)
    seed([corpus], url=empty_url, jobs=1)
    hamburg = corpus / "hamburg_merkel.txt"
    hamburg.write_text(hamburg.read_text(encoding="utf-8").replace("Angela Merkel", "Olaf Scholz"), encoding="utf-8")
    seed([corpus], url=empty_url, jobs=1)
    engine = connect(empty_url)
    try:
        found = _sources(engine)
    finally:
        engine.dispose()
    assert "Angela Merkel" not in found
    assert found["Merkel"] == [("Wir werden eine Lösung finden", None)]
    assert found["Olaf Scholz"] == [("Das ist ein guter Tag für Europa", "Bundeskanzlerin")]


def _cli(url: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--url", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_curation_survives_seeding_again(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ARTICLES, corpus)
    seed([corpus], url=empty_url, jobs=1)
    assert _cli(empty_url, "sources", "merge", "Huber", "Reto Huber").strip() == "merged Huber into Reto Huber"
    assert _cli(empty_url, "sources", "rename", "Hans Müller", "Hans-Peter Müller").startswith("renamed")
    assert _cli(empty_url, "sources", "split", "Judith Keller", "Keller").startswith("split Keller")
    # every article is extracted and written again
    for path in corpus.glob("*.txt"):
        path.write_text(path.read_text(encoding="utf-8") + "\nEin Nachtrag folgt.\n", encoding="utf-8")
    seed([corpus], url=empty_url, jobs=1)
    engine = connect(empty_url)
    try:
        found = _sources(engine)
    finally:
        engine.dispose()
    assert "Huber" not in found
    assert found["Reto Huber"] == [("Das Projekt ist finanziert", "Stadtpräsident"), ("Wir brauchen mehr Zeit", None)]
    assert found["Hans-Peter Müller"] == EXPECTED["Hans Müller"]
    assert found["Keller"] == [("Wir prüfen jede Ausgabe", "Bundesrätin")]
    assert found["Judith Keller"] == [("Niemand wird verschont", "Finanzministerin")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["merge", "Nobody", "Huber"], "newsdb: error: no source is called 'Nobody' (see `newsdb sources`)"),
        (["merge", "Huber", "huber"], "newsdb: error: 'Huber' and 'huber' are the same source (Huber)"),
        (["split", "Judith Keller", "Judith Keller"], "newsdb: error: 'Judith Keller' is the name of Judith Keller"),
        (["split", "Reto Huber", "Keller"], "newsdb: error: Reto Huber was never written as 'Keller'"),
    ],
)
def test_curation_mistakes_are_one_line_and_change_nothing(empty_url: str, args: list[str], message: str) -> None:
    seed([ARTICLES], url=empty_url, jobs=1)
    engine = connect(empty_url)
    try:
        before = _sources(engine)
        result = CliRunner().invoke(main, ["--url", empty_url, "sources", *args])
        assert result.exit_code == 2
        assert result.output.startswith(message)
        assert len(result.output.strip().splitlines()) == 1
        assert _sources(engine) == before
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("typed", "found"), [("Mueller", "Hans Müller"), ("Schroeder", "Gerhard Schröder"), ("keller", "Judith Keller")]
)
def test_quotes_source_matches_aliases_and_spellings(empty_url: str, typed: str, found: str) -> None:
    seed([ARTICLES], url=empty_url, jobs=1)
    rows = _cli(empty_url, "quotes", "--source", typed, "--csv").splitlines()[1:]
    assert len(rows) == len(EXPECTED[found])
    assert all(found in row for row in rows)


def _write_one_batch(engine: Engine, paths: list[Path]) -> None:
    """Write `paths` as one batch with the loader itself (seed would retry a rejected batch one by one)."""
    with engine.begin() as connection:
        ArticleWriter(connection).write([article_rows(extract(read_document(path))) for path in paths])


def test_two_full_names_arriving_in_one_batch_after_their_surname(empty_url: str) -> None:
    """`Huber` alone first; `Judith Huber` and `Reto Huber` then arrive together: `Huber` stays on its own."""
    seed([ARTICLES / "chur_huber.txt"], url=empty_url, jobs=1)
    engine = connect(empty_url)
    try:
        _write_one_batch(engine, [ARTICLES / "basel_huber_judith.txt", ARTICLES / "luzern_huber_reto.txt"])
        assert _sources(engine) == {name: EXPECTED[name] for name in ("Huber", "Judith Huber", "Reto Huber")}
    finally:
        engine.dispose()


def test_a_stored_surname_quoted_again_in_the_batch_that_brings_its_full_name(empty_url: str, tmp_path: Path) -> None:
    """`Merkel` is stored; one batch quotes `Merkel` again and brings `Angela Merkel`: all three quotes join."""
    seed([ARTICLES / "berlin_merkel.txt"], url=empty_url, jobs=1)
    again = tmp_path / "bonn_merkel.txt"
    again.write_text(
        " date 2026-04-02 Vor dem Gipfel wird verhandelt. Die Positionen liegen weit auseinander.\n\n"
        "«Noch ist nichts entschieden», sagte Merkel am Abend.\n",
        encoding="utf-8",
    )
    engine = connect(empty_url)
    try:
        _write_one_batch(engine, [again, ARTICLES / "hamburg_merkel.txt"])
        found = _sources(engine)
    finally:
        engine.dispose()
    assert found == {"Angela Merkel": sorted([*EXPECTED["Angela Merkel"], ("Noch ist nichts entschieden", None)])}


@pytest.mark.parametrize(
    ("cue", "many"), [("sagten", True), ("erklärten", True), ("sagte", False), ("gesagt", False), ("laut", False)]
)
def test_a_cue_in_the_plural_past_means_a_group_speaks(cue: str, many: bool) -> None:
    assert said_by_many(cue) is many


@pytest.mark.parametrize("first", ["Franz-Josef Jung", "Franz Josef Jung"])
def test_spelling_variants_are_one_source_named_alike_in_any_order(empty_url: str, tmp_path: Path, first: str) -> None:
    other = {"Franz-Josef Jung": "Franz Josef Jung", "Franz Josef Jung": "Franz-Josef Jung"}[first]
    for number, name in enumerate([first, other]):
        path = tmp_path / f"jung_{number}.txt"
        path.write_text(
            f" date 2026-08-0{number + 1} Die Bundeswehr bekommt neues Gerät. Der Minister ist zufrieden.\n\n"
            f"«Das ist ein guter Tag Nummer {number}», sagte Verteidigungsminister {name}.\n",
            encoding="utf-8",
        )
        seed([path], url=empty_url, jobs=1)
    engine = connect(empty_url)
    try:
        found = _sources(engine)
    finally:
        engine.dispose()
    assert list(found) == ["Franz Josef Jung"]
    assert len(found["Franz Josef Jung"]) == 2


def test_pruning_an_article_removes_its_sources_and_unlinks_its_full_name(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ARTICLES, corpus)
    seed([corpus], url=empty_url, jobs=1)
    (corpus / "hamburg_merkel.txt").unlink()
    (corpus / "wien_mueller.txt").unlink()
    seed([corpus], url=empty_url, jobs=1, prune=True)
    engine = connect(empty_url)
    try:
        found = _sources(engine)  # also: no source is left without quotes
        with engine.connect() as connection:
            aliases = set(connection.scalars(text("SELECT alias FROM source_aliases")))
    finally:
        engine.dispose()
    assert "Hans Müller" not in found
    assert "Angela Merkel" not in found
    assert found["Merkel"] == [("Wir werden eine Lösung finden", None)]
    assert {"Hans Müller", "Angela Merkel"}.isdisjoint(aliases)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Juan Williams kam. Williams sagte, es sei spät.", "Juan Williams"),
        ("Zudem Williams kam. Williams sagte, es sei spät.", None),  # an adverb opening the sentence: no first name
        ("Juan Williams und Serena Williams kamen. Williams sagte es.", None),  # two full names: not one of them
    ],
)
def test_a_surname_alone_takes_the_one_full_name_its_article_writes(text: str, expected: str | None) -> None:
    assert full_name_in(text, "Williams") == expected


def test_role_words_alone_are_a_role_in_every_article_and_never_a_source(empty_url: str, tmp_path: Path) -> None:
    """`Der Präsident sagte` in two articles names two presidents: no source `Präsident` joins them. Groups and a
    surname said by many stay sources of kind `other`."""
    for number, country in enumerate(["Brasilien", "Venezuela"]):
        (tmp_path / f"praesident_{number}.txt").write_text(
            f" date 2026-09-0{number + 1} In {country} wird gewählt. Die Lage ist angespannt.\n\n"
            f"Der Präsident sagte, die Wahl in {country} sei frei.\n\n"
            "Ein Polizeisprecher sagte, die Straßen seien ruhig.\n\n"
            "Politische Beobachter meinten, das Ergebnis sei offen.\n",
            encoding="utf-8",
        )
    seed([tmp_path], url=empty_url, jobs=1)
    engine = connect(empty_url)
    try:
        with engine.connect() as connection:
            sources = {row.name: row.kind for row in connection.execute(text("SELECT name, kind FROM sources"))}
            roles = connection.execute(
                text("SELECT speaker_role FROM quotes WHERE source_id IS NULL ORDER BY speaker_role")
            ).scalars()
            assert list(roles) == ["Polizeisprecher", "Polizeisprecher", "Präsident", "Präsident"]
    finally:
        engine.dispose()
    assert sources == {"Politische Beobachter": "other"}
