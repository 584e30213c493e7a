"""Whole documents: the seed and the test documents in `tests/documents/`, and sloppy text (whitespace, line
ends, a byte order mark) read leniently while the words stay as written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from parse_helpers import headings, parse_text, texts

from newsdb.document import DatePrecision, ParagraphKind
from newsdb.parse import decode, parse, read_document

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_30d5db4ca1753fdf.txt"
DOCUMENTS = Path(__file__).resolve().parent / "documents"


def test_seed_structure() -> None:
    document = read_document(SEED)
    assert document.external_id == "000_30d5db4ca1753fdf"
    assert document.source_path == str(SEED)
    assert document.published_on == date(2022, 1, 1)
    assert document.date_precision is DatePrecision.MONTH
    assert headings(document) == [
        None,
        "Mehr als 10'000 Festnahmen",
        "Wie geht es weiter in Kasachstan?",
        "Armenien in der Zwickmühle",
        "Machtdemonstration Russlands",
    ]
    assert [len(section.paragraphs) for section in document.sections] == [3, 2, 3, 2, 1]
    paragraphs = list(document.paragraphs)
    assert [p.position for p in paragraphs] == list(range(11))
    assert [p.kind for p in paragraphs] == [ParagraphKind.LEDE] + [ParagraphKind.BODY] * 10
    assert document.lede == (
        "Die Lage in Kasachstan scheint sich zu beruhigen. "
        "Der Rückzug des Militärbündnisses soll innert 10 Tagen erfolgen."
    )
    assert paragraphs[1].text.startswith("Russland hat offenbar damit begonnen")
    assert paragraphs[-1].text.endswith("wahren kann.»")
    assert [s.position for s in document.sections] == [0, 1, 2, 3, 4]
    assert document.title is None


def test_gemeinderat_document() -> None:
    document = read_document(DOCUMENTS / "gemeinderat.txt")
    assert (document.published_on, document.date_precision) == (date(2023, 11, 14), DatePrecision.DAY)
    assert headings(document) == [None, "Streitpunkt Hallenbad:", "Wie geht es weiter?"]
    assert [len(s.paragraphs) for s in document.sections] == [3, 2, 2]
    assert document.sections[1].paragraphs[0].text == (
        "Am meisten zu reden gab die Sanierung des Hallenbads. Die Bürgerlichen wollten den Kredit von "
        "8'500'000 Franken kürzen,\nscheiterten aber mit ihrem Antrag."
    )


def test_short_lines_that_are_not_headings() -> None:
    document = read_document(DOCUMENTS / "hagel.txt")
    assert headings(document) == [None]
    assert len(document.sections[0].paragraphs) == 21
    short = [p.text for p in document.paragraphs if len(p.text) < 60]
    assert short == [
        "Biel, 21. Juni 2021",
        "Von Martina Keller, Biel",
        "Foto: Thomas Ryf",
        "– Dächer und Fassaden",
        "Hagelzüge in der Schweiz (Quelle: MeteoSchweiz)",
        "Tabellenstand nach der Runde: 14:12",
        "2021",
        "Folgende Strassen bleiben bis auf Weiteres gesperrt:",
        "Die Bielstrasse, der Seeweg und die Zufahrt zum Hafen.",
        "Mehr Informationen folgen",
    ]


def test_year_precision_document() -> None:
    document = read_document(DOCUMENTS / "rueckblick.txt")
    assert (document.published_on, document.date_precision) == (date(2019, 1, 1), DatePrecision.YEAR)
    assert headings(document) == [None, "Zahlen und Fakten", "Kritik der Fahrgastverbände"]
    assert [len(s.paragraphs) for s in document.sections] == [1, 1, 1]


def test_sloppy_file_parses_like_its_canonical_form() -> None:
    messy = decode((DOCUMENTS / "schaltjahr_messy.txt").read_bytes())
    canonical = (DOCUMENTS / "schaltjahr_canonical.txt").read_text(encoding="utf-8")
    assert messy != canonical
    document = parse(messy, external_id="schaltjahr")
    assert document == parse(canonical, external_id="schaltjahr")
    assert headings(document) == [None, "Geburtstag feiern – aber wann?"]
    assert document.sections[0].paragraphs[1].text == (
        "Die Hebamme Anna Lüthi erinnert sich an ein ähnliches Wochenende vor acht Jahren.\n"
        "Damals seien es zwei Kinder gewesen, sagte sie."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # trailing whitespace on lines, including tabs and no-break spaces, is stripped
        (" date 2022 Lede.  \n\nEins. \t\nzwei.\u00a0\n\nDrei.   ", [["Lede.", "Eins.\nzwei.", "Drei."]]),
        # runs of blank lines, also lines of spaces only
        (" date 2022 Lede.\n\n\n\n   \n\t\nEins.\n\n\n\nZwei.", [["Lede.", "Eins.", "Zwei."]]),
        # leading blank lines and a final newline
        ("\n\n \n date 2022 Lede.\n\nEins.\n", [["Lede.", "Eins."]]),
        # CRLF, lone CR, BOM
        ("\ufeff date 2022 Lede.\r\n\r\nEins\r\nzwei.\r\n", [["Lede.", "Eins\nzwei."]]),
        (" date 2022 Lede.\r\rEins\rzwei.", [["Lede.", "Eins\nzwei."]]),
        # a form feed line separates paragraphs like a blank line
        (" date 2022 Lede.\n\f\nEins.", [["Lede.", "Eins."]]),
        # indentation and internal whitespace are kept
        (" date 2022 Lede.\n\n  Eins\n   zwei  drei.\n\nVier\tfünf.",
         [["Lede.", "  Eins\n   zwei  drei.", "Vier\tfünf."]]),
        # typography is not touched
        (" date 2022 «Lede» ‹a› „b“ ‚c‘ \"d\".\n\nMasse: 10'000 und 12,5 % – Strasse.",
         [["«Lede» ‹a› „b“ ‚c‘ \"d\".", "Masse: 10'000 und 12,5 % – Strasse."]]),
        (" date 2022 Ein\u00a0geschützter\u202fRaum.", [["Ein\u00a0geschützter\u202fRaum."]]),
    ],
)  # fmt: skip
def test_whitespace_and_text_as_written(text: str, expected: list[list[str]]) -> None:
    assert texts(parse_text(text)) == expected
