"""Blocks, headings and sections: which short lines are headings, lists that are not, sections without
paragraphs, and paragraph positions across sections."""

from __future__ import annotations

import pytest
from parse_helpers import headings, parse_text, texts

from newsdb.document import Paragraph, ParagraphKind, Section
from newsdb.parse import is_heading

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
