"""The sources migration: an archive seeded at the previous revision is cleaned in place, and can go back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from alembic.script import ScriptDirectory
from legacy_rows import write_old
from query_corpus import _doc
from sqlalchemy import text

from newsdb.document import DatePrecision, Document, QuoteKind, SourceKind, SourceRef
from newsdb.extract import extract
from newsdb.parse import read_document
from newsdb.store import migrate
from newsdb.store.config import connect

ARTICLES = Path(__file__).resolve().parent / "documents" / "sources"
REVISION = "0004"


def _previous() -> str:
    script = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(REVISION)
    assert script is not None
    down = script.down_revision
    assert isinstance(down, str)
    return down


def _person(name: str) -> SourceRef:
    return SourceRef(name, SourceKind.PERSON)


# what the extractor of the previous revision stored: roles in names, no persons, fused sentences, `unbekannt`
MESSY = _doc(
    "messy",
    date(2026, 7, 1),
    DatePrecision.DAY,
    "Ein Tag voller Aussagen. Alle reden.",
    [(None, ["Eins. Zwei. Drei. Vier. Fünf. Sechs."])],
    [
        (1, "Eins", QuoteKind.DIRECT, _person("Präsidenten Barack Obama"), "sagte", None),
        (1, "Zwei", QuoteKind.DIRECT, _person("Barack Obama"), "sagte", None),
        (1, "Drei", QuoteKind.DIRECT, _person("Merkel.Als"), "sagte", None),
        (1, "Vier", QuoteKind.DIRECT, _person("Politischen Beobachtern"), "zufolge", None),
        (1, "Fünf", QuoteKind.INDIRECT, SourceRef("unbekannt", SourceKind.ANONYMOUS), "hiess es", None),
        (1, "Sechs", QuoteKind.DIRECT, _person("Franz-Josef Jung"), "sagte", None),
    ],
)
MESSY_TOO = _doc(
    "messy_too",
    date(2026, 7, 2),
    DatePrecision.DAY,
    "Noch ein Tag. Noch mehr Aussagen.",
    [(None, ["Sieben. Acht."])],
    [
        (1, "Sieben", QuoteKind.DIRECT, _person("Franz Josef Jung"), "sagte", None),
        (1, "Acht", QuoteKind.DIRECT, _person("Michael Ballack"), "sagte", None),
    ],
)

# quote text -> (source name, speaker role) after the upgrade
EXPECTED = {
    "Eins": ("Barack Obama", "Präsidenten"),
    "Zwei": ("Barack Obama", None),
    "Drei": ("Angela Merkel", None),
    "Vier": ("Politischen Beobachtern", None),  # a source of kind `other` now
    "Fünf": (None, None),
    # spelling variants are one source, called by the variant that sorts first
    "Sechs": ("Franz Josef Jung", None),
    "Sieben": ("Franz Josef Jung", None),
    "Acht": ("Michael Ballack", None),
    "Das ist ein guter Tag für Europa": ("Angela Merkel", "Bundeskanzlerin"),
    "Wir werden eine Lösung finden": ("Angela Merkel", None),
    "Wir prüfen jede Ausgabe": ("Judith Keller", "Bundesrätin"),
    "Niemand wird verschont": ("Judith Keller", "Finanzministerin"),
    "Wir brauchen mehr Zeit": ("Huber", None),
    "Die Menschen haben Angst": ("Judith Huber", "SRF-Auslandredaktorin"),
    "Das Projekt ist finanziert": ("Reto Huber", "Stadtpräsident"),
    "Die Strasse bleibt gesperrt": ("Hans Müller", "Verkehrsminister"),
    "Die Reform war richtig": ("Gerhard Schröder", "Altkanzler"),
}


def _as_stored_before(document: Document) -> Document:
    """The extraction as the previous revision's extractor stored it: a role before a surname in the name
    (`Bundesrätin Keller`), which the upgrade must clean."""
    quotes = [
        replace(q, source=_person(f"{q.speaker_role} {q.source.name}"), speaker_role=None)
        if q.source is not None and q.speaker_role == "Bundesrätin" and q.source.name == "Keller"
        else q
        for q in document.quotes
    ]
    return replace(document, quotes=tuple(quotes))


def _quotes(connection: object) -> dict[str, tuple[str | None, str | None]]:
    rows = connection.execute(  # type: ignore[attr-defined]
        text("SELECT q.text, s.name, q.speaker_role FROM quotes AS q LEFT JOIN sources AS s ON s.id = q.source_id")
    )
    return {row[0]: (row[1], row[2]) for row in rows}


def test_upgrade_cleans_sources_in_place_and_downgrade_goes_back(empty_url: str) -> None:
    migrate.upgrade(empty_url, _previous())
    engine = connect(empty_url)
    documents = [_as_stored_before(extract(read_document(path))) for path in sorted(ARTICLES.glob("*.txt"))]
    with engine.begin() as connection:
        for document in [*documents, MESSY, MESSY_TOO]:
            write_old(connection, document)
        before = connection.execute(text("SELECT count(*) FROM sources")).scalar_one()
        names = set(connection.scalars(text("SELECT name FROM sources")))
    assert {"Präsidenten Barack Obama", "Merkel.Als", "unbekannt", "Bundesrätin Keller"} <= names

    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert _quotes(connection) == EXPECTED
        after = connection.execute(text("SELECT count(*) FROM sources")).scalar_one()
        orphans = connection.execute(
            text("SELECT count(*) FROM sources AS s WHERE NOT EXISTS (SELECT 1 FROM quotes WHERE source_id = s.id)")
        ).scalar_one()
        aliases = connection.execute(
            text(
                "SELECT a.alias, s.name FROM source_aliases AS a JOIN sources AS s ON s.id = a.source_id"
                " WHERE s.name IN ('Angela Merkel', 'Judith Keller') ORDER BY a.alias"
            )
        ).all()
        group = connection.execute(text("SELECT kind FROM sources WHERE name = 'Politischen Beobachtern'")).scalar()
        unlinked = connection.execute(
            text("SELECT count(*) FROM quotes WHERE source_id IS NOT NULL AND alias_id IS NULL")
        ).scalar_one()
    assert (before, after, orphans, unlinked, group) == (17, 11, 0, 0, "other")
    assert [tuple(row) for row in aliases] == [
        ("Angela Merkel", "Angela Merkel"),
        ("Judith Keller", "Judith Keller"),
        ("Keller", "Judith Keller"),
        ("Merkel", "Angela Merkel"),
    ]

    migrate.downgrade(engine, _previous(), allow_data_loss=True)
    assert migrate.current(engine) == _previous()
    with engine.connect() as connection:
        assert _quotes(connection) == EXPECTED
        keys = dict(connection.execute(text("SELECT name, normalized_key FROM sources")).all())
    assert keys["Michael Ballack"] == "person:michael ballack"  # the previous revision's form again (not `michal`)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert _quotes(connection) == EXPECTED
    engine.dispose()
