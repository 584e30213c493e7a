"""The header line (` date YYYY[-MM[-DD]] <lede>`) and what the parser refuses: each error as
`path:line[:column]: message`, and any text either parsed or refused with a `ParseError`."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from parse_helpers import parse_error, parse_text, texts

from newsdb.document import DatePrecision, Paragraph, ParagraphKind, Section
from newsdb.errors import ParseError
from newsdb.parse import parse


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
