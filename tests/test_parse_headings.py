"""Tests of `newsdb.parse`: the header, blocks and headings, leniency, errors and `describe`."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdb.cli.parse import describe, first_words
from newsdb.document import DatePrecision, Document, Paragraph, ParagraphKind, Section
from newsdb.errors import ParseError
from newsdb.parse import decode, is_heading, parse, read_document

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_30d5db4ca1753fdf.txt"
DOCUMENTS = Path(__file__).resolve().parent / "documents"


def parse_text(text: str) -> Document:
    return parse(text, external_id="t", source="t.txt")


def headings(document: Document) -> list[str | None]:
    return [section.heading for section in document.sections]


def texts(document: Document) -> list[list[str]]:
    return [[paragraph.text for paragraph in section.paragraphs] for section in document.sections]


def parse_error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    return caught.value


# --- the seed and the test documents ---


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


# --- the header ---


@pytest.mark.parametrize(
    ("text", "published_on", "precision", "lede"),
    [
        (" date 2022-01 Kurz.", date(2022, 1, 1), DatePrecision.MONTH, "Kurz."),
        (" date 2022-03-17 Kurz.", date(2022, 3, 17), DatePrecision.DAY, "Kurz."),
        (" date 1999 Kurz.", date(1999, 1, 1), DatePrecision.YEAR, "Kurz."),
        ("date 2022-01 Ohne Leerschlag davor.", date(2022, 1, 1), DatePrecision.MONTH, "Ohne Leerschlag davor."),
        ("    date 2022-01 Eingerückt.", date(2022, 1, 1), DatePrecision.MONTH, "Eingerückt."),
        (" date 2022-01    Mehrere Leerschläge.", date(2022, 1, 1), DatePrecision.MONTH, "Mehrere Leerschläge."),
        (" date\t2022-01\tTabulatoren.", date(2022, 1, 1), DatePrecision.MONTH, "Tabulatoren."),
        (" date 2024-02-29 Schalttag.", date(2024, 2, 29), DatePrecision.DAY, "Schalttag."),
        (" date 0001-01-01 Erster Tag.", date(1, 1, 1), DatePrecision.DAY, "Erster Tag."),
        (" date 9999-12-31 Letzter Tag.", date(9999, 12, 31), DatePrecision.DAY, "Letzter Tag."),
        (" date 2022 date 2021 Die Zeile geht weiter.", date(2022, 1, 1), DatePrecision.YEAR,
         "date 2021 Die Zeile geht weiter."),
        (" date 2022 Lede\nauf zwei Zeilen.", date(2022, 1, 1), DatePrecision.YEAR, "Lede\nauf zwei Zeilen."),
        (" date 2022 Ein Lede ohne Punkt", date(2022, 1, 1), DatePrecision.YEAR, "Ein Lede ohne Punkt"),
    ],
)  # fmt: skip
def test_header(text: str, published_on: date, precision: DatePrecision, lede: str) -> None:
    document = parse_text(text)
    assert document.published_on == published_on
    assert document.date_precision is precision
    assert document.lede == lede
    assert texts(document) == [[lede]]


def test_only_a_lede() -> None:
    document = parse_text(" date 2022-01 Nur ein Lede.")
    assert document.sections == (Section(0, None, (Paragraph(0, ParagraphKind.LEDE, "Nur ein Lede."),)),)


def test_parse_sets_identity_and_no_title() -> None:
    document = parse(" date 2022 Lede.", external_id="abc", source="dir/abc.txt")
    assert (document.external_id, document.source_path, document.title, document.language) == (
        "abc",
        "dir/abc.txt",
        None,
        "de",
    )
    assert document.quotes == ()
    assert parse(" date 2022 Lede.", external_id="abc").source_path is None


# --- blocks, headings and sections ---

LEDE = " date 2022-05-04 Der Lede.\n\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # heading between paragraphs
        ("Eins.\n\nTitel\n\nZwei.", [None, "Titel"]),
        # a heading right after the lede
        ("Titel\n\nZwei.", [None, "Titel"]),
        # a heading-like last block is a paragraph
        ("Eins.\n\nWeitere Artikel zum Thema", [None]),
        # two headings in a row: a section without paragraphs, then the second
        ("Eins.\n\nHintergrund\n\nDie Vorgeschichte\n\nZwei.", [None, "Hintergrund", "Die Vorgeschichte"]),
        # three or more in a row are a list, not headings
        ("Eins.\n\nBasel - Bern\n\nGenf - Sion\n\nThun - Biel\n\nZwei.", [None]),
        # a list ending the article
        ("Eins.\n\nRot\n\nGrün\n\nBlau", [None]),
        # two lists and a heading
        ("A.\n\nTitel\n\nB.\n\nX eins\n\nX zwei\n\nX drei\n\nX vier\n\nC.\n\nEnde gut\n\nD.",
         [None, "Titel", "Ende gut"]),
    ],
)  # fmt: skip
def test_sections(body: str, expected: list[str | None]) -> None:
    assert headings(parse_text(LEDE + body)) == expected


def test_two_headings_in_a_row_give_an_empty_section() -> None:
    document = parse_text(LEDE + "Hintergrund\n\nDie Vorgeschichte\n\nEs begann im Mai.")
    assert document.sections[1] == Section(1, "Hintergrund", ())
    assert document.sections[2] == Section(
        2, "Die Vorgeschichte", (Paragraph(1, ParagraphKind.BODY, "Es begann im Mai."),)
    )


def test_list_blocks_stay_paragraphs_in_order() -> None:
    document = parse_text(LEDE + "Resultate:\n\nBasel - Bern\n\nGenf - Sion\n\nDas war alles.")
    assert texts(document) == [["Der Lede.", "Resultate:", "Basel - Bern", "Genf - Sion", "Das war alles."]]


def test_paragraph_positions_run_across_sections() -> None:
    document = parse_text(LEDE + "Eins.\n\nTitel A\n\nZwei.\n\nDrei.\n\nTitel B\n\nVier.")
    assert [[p.position for p in s.paragraphs] for s in document.sections] == [[0, 1], [2, 3], [4]]
    assert [s.position for s in document.sections] == [0, 1, 2]


@pytest.mark.parametrize(
    "line",
    [
        "Mehr als 10'000 Festnahmen",
        "Wie geht es weiter in Kasachstan?",
        "Streitpunkt Kinderbetreuung:",
        "Armenien in der Zwickmühle",
        "Reaktionen",
        "Plan B?",
        "Fußball-Weltmeisterschaft der Herren 2014",
        "Hintergrund: Die Rolle der Nationalbank",
        "Wahlen in St. Gallen",
        "Interview mit Dr. Meier",
        "«Wir bleiben» – die Belegschaft wehrt sich",
        "„Tag der Wahrheit“ für die Regierung",
        "… und die Folgen für Europa",
        "Über 12,5 Millionen Franken Defizit",
        "Ärger im Stadtrat",
        "Von Kiew bis Moskau",
        "Die Polizei sucht Zeugen",
        "Weitere Fotos:",
        "Die nächsten Schritte:",
        "Armut, Hunger und Krieg",
        "Reaktionen aus Genf, Basel und Bern",
        "Ein Jahr nach dem 6. Januar",
        "  Eingerückter Titel",
        "EU",
    ],
)
def test_is_heading(line: str) -> None:
    assert is_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "Die Stadt rechnet mit einem Defizit von 12,5 Millionen Franken.",  # a sentence
        "Der Kreml schweigt!",  # an exclamation
        "«Wir bleiben»",  # ends in a closing quote
        "Er sagte: «Wir bleiben.»",
        "„Tag der Wahrheit“",
        "Hmmmm. Da fehlen noch ein paar",  # two sentences
        "Was nun? Die Lage ist offen",
        "Die Lage spitzt sich zu, wie Beobachter sagen",  # a subordinate clause
        "Gab es Rezepte, die du nie gekocht hast?",
        "Er kam, obwohl es regnete",
        "Die Stadt spart; die Schulen leiden",  # a semicolon
        "Zürich, 12. Januar 2022",  # datelines
        "Freitag, 8. Februar 2008",
        "Samstag, 5. November 2005:",
        "Bern, 3.4.",
        "Tages-Anzeiger vom 9. Juni 2005",  # a dated source
        "Von Hans Muster",  # bylines
        "Von Hans Muster, Bern",
        "Von unserem Korrespondenten in Rom",
        "Foto: Keystone",  # credits and captions
        "Bild: Die Brücke nach dem Unwetter",
        "Quelle: Bundesamt für Statistik",
        "Ghana - Australien: 1:1",  # results and times
        "Anpfiff um 20:30 Uhr",
        "Gesamtwertung (Stand 17. Juli)",  # ends in a bracket
        "(sda)",
        "Ein paar ;-)",
        "2022",  # digits
        "1. FC Köln - Hertha BSC",
        "10'000 Menschen demonstrieren",
        "195px",
        "- erstens",  # list items
        "• zweitens",
        "– drittens",
        "a) die Steuern",
        "und dann kam der Regen",  # lower case
        "www.example.ch",
        "Die Anmeldung gilt unter folgenden Bedingungen:",  # a list introduction
        "Folgende Preise wurden vergeben:",
        "Das Ergebnis ist:",
        "Ein sehr langer Zwischentitel, der eigentlich schon ein ganzer Satz ist und nie aufhört zu reden",
        "Titel mit\nzwei Zeilen",
        "X",
        "",
        "   ",
    ],
)
def test_is_not_heading(line: str) -> None:
    assert not is_heading(line)


def test_heading_is_stored_without_surrounding_whitespace() -> None:
    assert headings(parse_text(LEDE + "Eins.\n\n   Eingerückter Titel\n\nZwei.")) == [
        None,
        "Eingerückter Titel",
    ]


# --- leniency and text kept as written ---


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


# --- errors ---


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("", "t.txt:1", 'expected " date YYYY[-MM[-DD]] <lede>", found an empty document'),
        ("  \n\n\t\n", "t.txt:1", 'expected " date YYYY[-MM[-DD]] <lede>", found an empty document'),
        ("\ufeff", "t.txt:1", 'expected " date YYYY[-MM[-DD]] <lede>", found an empty document'),
        ("Die Lage in Kasachstan scheint sich zu beruhigen.", "t.txt:1",
         'expected " date YYYY[-MM[-DD]] <lede>", found "Die Lage in Kasachstan scheint sich zu …"'),
        ("\n\nKein Kopf.\n\nText.", "t.txt:3", 'expected " date YYYY[-MM[-DD]] <lede>", found "Kein Kopf."'),
        ("Date 2022 Gross geschrieben.", "t.txt:1",
         'expected " date YYYY[-MM[-DD]] <lede>", found "Date 2022 Gross geschrieben."'),
        ("date: 2022 Doppelpunkt.", "t.txt:1",
         'expected " date YYYY[-MM[-DD]] <lede>", found "date: 2022 Doppelpunkt."'),
        (" date", "t.txt:1:6", 'expected a date YYYY, YYYY-MM or YYYY-MM-DD after "date", found the end of the line'),
        (" date 22-01-05 Kurz.", "t.txt:1:7",
         'expected a date YYYY, YYYY-MM or YYYY-MM-DD after "date", found "22-01-05"'),
        (" date 2022-1-5 Kurz.", "t.txt:1:7",
         'expected a date YYYY, YYYY-MM or YYYY-MM-DD after "date", found "2022-1-5"'),
        (" date 05.01.2022 Kurz.", "t.txt:1:7",
         'expected a date YYYY, YYYY-MM or YYYY-MM-DD after "date", found "05.01.2022"'),
        (" date 2022-01-05Kurz.", "t.txt:1:7",
         'expected a date YYYY, YYYY-MM or YYYY-MM-DD after "date", found "2022-01-05Kurz."'),
        (" date 2022-01", "t.txt:1:14", "expected the lede after the date, found the end of the line"),
        (" date 2022-01   ", "t.txt:1:14", "expected the lede after the date, found the end of the line"),
        (" date 2022-01\nDer Lede erst auf Zeile zwei.", "t.txt:1:14",
         "expected the lede after the date, found the end of the line"),
        (" date 2022-13 Kurz.", "t.txt:1:7", 'impossible date "2022-13": the month must be 01 to 12'),
        (" date 2022-00 Kurz.", "t.txt:1:7", 'impossible date "2022-00": the month must be 01 to 12'),
        (" date 2022-02-30 Kurz.", "t.txt:1:7", 'impossible date "2022-02-30": 2022-02 has 28 days'),
        (" date 2023-02-29 Kurz.", "t.txt:1:7", 'impossible date "2023-02-29": 2023-02 has 28 days'),
        (" date 2022-04-31 Kurz.", "t.txt:1:7", 'impossible date "2022-04-31": 2022-04 has 30 days'),
        (" date 2022-01-00 Kurz.", "t.txt:1:7", 'impossible date "2022-01-00": 2022-01 has 31 days'),
        (" date 0000 Kurz.", "t.txt:1:7", 'impossible date "0000": there is no year 0000'),
        (" date 0000-05-01 Kurz.", "t.txt:1:7", 'impossible date "0000-05-01": there is no year 0000'),
        (" date 2022-13", "t.txt:1:7", 'impossible date "2022-13": the month must be 01 to 12'),
        (" date 2022 Lede.\n\nEin\x00Nul.", "t.txt:3:4", "expected text, found binary content (U+0000 NUL)"),
        (" date 2022 Lede.\n\nEin \x1b[1m Escape.", "t.txt:3:5",
         "expected text, found the control character U+001B"),
        (" date 2022 Lede.\x0b", "t.txt:1:17", "expected text, found the control character U+000B"),
        (" date 2022 Lede.\x7f", "t.txt:1:17", "expected text, found the control character U+007F"),
        (" date 2022 Lede.\r\n\r\nFalsch \x92 dekodiert.", "t.txt:3:8",
         "expected text, found the C1 control character U+0092 (text decoded with the wrong encoding?)"),
        (" date 2022 Lede \ud800.", "t.txt:1:17", "expected text, found an unpaired surrogate U+D800"),
    ],
)  # fmt: skip
def test_errors(text: str, where: str, message: str) -> None:
    error = parse_error(text)
    assert error.message == message
    assert str(error) == f"{where}: {message}"


def test_error_without_source_names_the_text() -> None:
    with pytest.raises(ParseError) as caught:
        parse("Nichts.", external_id="x")
    assert str(caught.value) == '<text>:1: expected " date YYYY[-MM[-DD]] <lede>", found "Nichts."'
    assert (caught.value.path, caught.value.line, caught.value.column) == (None, 1, None)


@given(st.text())
def test_any_text_parses_or_raises_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse(text, external_id="x")


# --- decoding and files ---


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (" date 2022 Gr\xfcezi.".encode("latin-1"), "x.txt:1:14",
         "expected UTF-8 text, found byte 0xFC at offset 13 (invalid start byte); the file looks like "
         "Windows-1252 or Latin-1; convert it, e.g. `iconv -f cp1252 -t utf-8`"),
        (b" date 2022 Lede.\n\n" + "Ärger «gross».".encode() + b"\n\nSo \x93nicht\x94.", "x.txt:5:4",
         "expected UTF-8 text, found byte 0x93 at offset 40 (invalid start byte); the file looks like "
         "Windows-1252 or Latin-1; convert it, e.g. `iconv -f cp1252 -t utf-8`"),
        (b" date 2022 L\xc3", "x.txt:1:13",
         "expected UTF-8 text, found byte 0xC3 at offset 12 (unexpected end of data); the file looks like "
         "Windows-1252 or Latin-1; convert it, e.g. `iconv -f cp1252 -t utf-8`"),
        (b" date 2022 \x81\x8d", "x.txt:1:12",
         "expected UTF-8 text, found byte 0x81 at offset 11 (invalid start byte); convert the file to UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.txt:3:1",
         "expected text, found binary content (NUL byte at offset 8)"),
        ("\ufeff date 2022 Lede.".encode("utf-16-le"), "x.txt:1",
         "expected UTF-8 text, found a UTF-16 byte order mark; save the file as UTF-8"),
    ],
)  # fmt: skip
def test_decode_errors(data: bytes, where: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        decode(data, path="x.txt")
    assert str(caught.value) == f"{where}: {message}"


def test_decode_keeps_the_bom_for_parse_to_drop() -> None:
    text = decode("\ufeff date 2022 Grüezi.".encode())
    assert text == "\ufeff date 2022 Grüezi."
    assert parse(text, external_id="x").lede == "Grüezi."


def test_read_document(tmp_path: Path) -> None:
    path = tmp_path / "042_artikel.txt"
    path.write_bytes("\ufeff date 2021-07-01 Grüezi.\r\n\r\nTitel\r\n\r\nText.\r\n".encode())
    document = read_document(path)
    assert document.external_id == "042_artikel"
    assert document.source_path == str(path)
    assert headings(document) == [None, "Titel"]
    assert read_document(str(path)) == document


def test_read_document_errors_carry_the_path(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.txt"
    path.write_bytes(b" date 2022 Lede.\n\nZ\xfcrich.")
    with pytest.raises(ParseError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}:3:2: expected UTF-8 text, found byte 0xFC at offset 19")
    path.write_text(" date 2022-02-30 Lede.", encoding="utf-8")
    with pytest.raises(ParseError, match="impossible date") as caught:
        read_document(path)
    assert (caught.value.path, caught.value.line, caught.value.column) == (str(path), 1, 7)


def test_read_document_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_document(tmp_path / "fehlt.txt")


# --- describe ---


def test_describe() -> None:
    text = (
        " date 2022-03 Der Bundesrat hat entschieden.\n\n"
        "Die Massnahmen gelten ab Montag für alle Kantone und Gemeinden im ganzen Land.\n\n"
        "Kritik der Kantone\n\n"
        "Hintergrund\n\n"
        "Mehrere Kantone sind unzufrieden."
    )
    assert describe(parse(text, external_id="br", source="br.txt")) == {
        "external_id": "br",
        "source_path": "br.txt",
        "published_on": "2022-03-01",
        "date_precision": "month",
        "word_count": 25,
        "sections": [
            {"position": 0, "heading": None, "paragraphs": 2, "first_words": "Der Bundesrat hat entschieden."},
            {"position": 1, "heading": "Kritik der Kantone", "paragraphs": 0, "first_words": None},
            {"position": 2, "heading": "Hintergrund", "paragraphs": 1,
             "first_words": "Mehrere Kantone sind unzufrieden."},
        ],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("Eins zwei drei", 8, "Eins zwei drei"),
        ("Eins zwei drei vier", 3, "Eins zwei drei …"),
        ("Eins\nzwei   drei", 3, "Eins zwei drei"),
        ("", 3, ""),
    ],
)
def test_first_words(text: str, count: int, expected: str) -> None:
    assert first_words(text, count) == expected
