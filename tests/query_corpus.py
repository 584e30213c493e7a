"""A few short German articles written for the query tests, and a way to store them with the loader."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from newsdb.document import (
    DatePrecision,
    Document,
    Paragraph,
    ParagraphKind,
    Quote,
    QuoteKind,
    Section,
    SourceKind,
    SourceRef,
)
from newsdb.store.models import ArticleRow
from newsdb.store.rows import article_rows
from newsdb.store.writer import ArticleWriter


def _doc(
    external_id: str,
    published_on: date,
    precision: DatePrecision,
    lede: str,
    blocks: list[tuple[str | None, list[str]]],
    quotes: list[tuple[int, str, QuoteKind, SourceRef | None, str | None, str | None]],
    title: str | None = None,
) -> Document:
    """`blocks`: (heading, paragraphs) per section, the first section's heading None; quotes by paragraph."""
    sections, position = [], 1
    first_heading, first_paragraphs = blocks[0]
    paragraphs = [Paragraph(0, ParagraphKind.LEDE, lede)]
    for text in first_paragraphs:
        paragraphs.append(Paragraph(position, ParagraphKind.BODY, text))
        position += 1
    sections.append(Section(0, first_heading, tuple(paragraphs)))
    for number, (heading, texts) in enumerate(blocks[1:], start=1):
        paragraphs = []
        for text in texts:
            paragraphs.append(Paragraph(position, ParagraphKind.BODY, text))
            position += 1
        sections.append(Section(number, heading, tuple(paragraphs)))
    by_position = {p.position: p.text for s in sections for p in s.paragraphs}
    found = []
    for paragraph, text, kind, source, cue, role in quotes:
        start = by_position[paragraph].index(text)
        found.append(Quote(paragraph, start, start + len(text), text, kind, source, cue, role))
    found.sort(key=lambda q: (q.paragraph, q.start, q.end))
    return Document(external_id, published_on, precision, tuple(sections), title=title, quotes=tuple(found))


NURLANOWA = SourceRef("Aigerim Nurlanowa", SourceKind.PERSON)
MINISTRY = SourceRef("kasachisches Innenministerium", SourceKind.ORGANIZATION)
TOKAJEW = SourceRef("Kassym-Schomart Tokajew", SourceKind.PERSON)
HUBER = SourceRef("Judith Huber", SourceKind.PERSON)
MUELLER = SourceRef("Hans Müller", SourceKind.PERSON)

ALMATY = _doc(
    "100_almaty_protest",
    date(2022, 1, 1),
    DatePrecision.MONTH,
    "In Almaty ist es erneut zu Demonstrationen gegen die hohen Gaspreise gekommen.",
    [
        (None, ["Tausende Menschen zogen am Abend durch das Zentrum der Stadt. Die Stimmung blieb angespannt."]),
        (
            "Hunderte Festnahmen",
            [
                "«Wir lassen uns nicht einschüchtern», sagte die Aktivistin Aigerim Nurlanowa.",
                "Die Polizei habe mehr als 300 Personen festgenommen, teilte das Innenministerium mit. "
                "Die Festnahmen seien rechtmässig gewesen.",
            ],
        ),
    ],
    [
        (2, "Wir lassen uns nicht einschüchtern", QuoteKind.DIRECT, NURLANOWA, "sagte", "Aktivistin"),
        (3, "Die Polizei habe mehr als 300 Personen festgenommen", QuoteKind.INDIRECT, MINISTRY, "teilte mit", None),
    ],
)

TOKAJEW_SPEECH = _doc(
    "101_tokajew_rede",
    date(2022, 1, 5),
    DatePrecision.DAY,
    "Präsident Kassym-Schomart Tokajew hat sich in einer Fernsehansprache an die Bevölkerung gewandt.",
    [
        (None, ["«Die Ordnung in Almaty ist wiederhergestellt», erklärte Tokajew am Mittwoch."]),
        ("Kritik aus dem Ausland", ["Mehrere Regierungen forderten eine unabhängige Untersuchung."]),
    ],
    [(1, "Die Ordnung in Almaty ist wiederhergestellt", QuoteKind.DIRECT, TOKAJEW, "erklärte", "Präsident")],
)

VELO = _doc(
    "102_zuerich_velowege",
    date(2021, 1, 1),
    DatePrecision.YEAR,
    "Zürich baut in den nächsten Jahren mehr als 50 Kilometer neue Velowege.",
    [
        (
            None,
            [
                "«Wer sicher fährt, fährt öfter Velo», sagte Stadträtin Judith Huber. "
                "Die Kosten seien tragbar, hiess es aus der Verwaltung.",
                "Auch Gewerbevertreter Hans Müller begrüsst die Pläne: «Das hilft dem Quartier.»",
            ],
        )
    ],
    [
        (1, "Wer sicher fährt, fährt öfter Velo", QuoteKind.DIRECT, HUBER, "sagte", "Stadträtin"),
        (1, "Die Kosten seien tragbar", QuoteKind.INDIRECT, None, "hiess es", None),
        (2, "Das hilft dem Quartier.", QuoteKind.DIRECT, MUELLER, None, "Gewerbevertreter"),
        (1, "Wer sicher fährt", QuoteKind.MIXED, HUBER, "sagte", None),
    ],
)

GAS = _doc(
    "103_gaspreise_bern",
    date(2022, 2, 3),
    DatePrecision.DAY,
    "Viele Haushalte in der Schweiz spüren die gestiegenen Kosten für Heizung und Strom.",
    [(None, ["Eine Demonstration in Bern verlief friedlich. «Es reicht», sagte Judith Huber am Rand."])],
    [(1, "Es reicht", QuoteKind.DIRECT, HUBER, "sagte", None)],
    title="Gaspreise belasten Haushalte",
)

DOCUMENTS = (ALMATY, TOKAJEW_SPEECH, VELO, GAS)


def store(engine: Engine, documents: tuple[Document, ...] = DOCUMENTS) -> dict[str, int]:
    """Store `documents` with newsdb's loader (SQLite's search index included); returns ids by external_id."""
    index = engine.dialect.name == "sqlite"
    with engine.connect() as connection, connection.begin():
        ArticleWriter(connection).write([article_rows(document, index=index) for document in documents])
        rows = connection.execute(
            select(ArticleRow.external_id, ArticleRow.id).where(
                ArticleRow.external_id.in_([d.external_id for d in documents])
            )
        )
        return dict(rows.all())
