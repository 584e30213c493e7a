"""Source phrases on sentences written for these tests (`laut`, `nach Angaben`, `zufolge`, `gemäß`, `heißt es`,
`Dies geht aus … hervor`): what each reports, cut out of the clause where it stands inside it."""

from __future__ import annotations

import pytest
from extract_helpers import ANON, DIR, IND, MIX, ORG, OTH, PER, Case, Expected, numbered, quotes_of, summary

from newsdb.document import SpanRole

CASES: dict[int, Case] = {
    # `heißt es` with the text it stands in, before or after it; a month or a town is no such text.
    16: (
        ("„Wir senken die Gebühren ab Januar“, heißt es in einer Mitteilung der Stadtverwaltung.",),
        [("Wir senken die Gebühren ab Januar", DIR, "Stadtverwaltung", ORG)],
    ),
    17: (
        ("So heißt es im Jahresbericht des Verbandes, die Zahl der Mitglieder sei gestiegen.",),
        [("die Zahl der Mitglieder sei gestiegen", IND, "Verband", ORG)],
    ),
    18: (
        ("Auf der Homepage des Tierparks heißt es: „Alle Führungen fallen bis Ostern aus.“",),
        [("Alle Führungen fallen bis Ostern aus.", DIR, "Homepage des Tierparks", OTH)],
    ),
    19: (
        ("Im Juni hieß es, die Gespräche würden fortgesetzt.",),
        [("die Gespräche würden fortgesetzt", IND, "unbekannt", ANON)],
    ),
    # Source phrases: possessive, unnamed statements, own statements, a relative clause.
    27: (
        ("Nach offiziellen Angaben wurden drei Personen verletzt.",),
        [("wurden drei Personen verletzt", IND, "offizielle Angaben", OTH)],
    ),
    28: (
        ("Nach ersten Untersuchungen sei der Brand durch einen defekten Kühlschrank ausgelöst worden.",),
        [("sei der Brand durch einen defekten Kühlschrank ausgelöst worden", IND, "erste Untersuchungen", OTH)],
    ),
    # "Das/Dies gab … bekannt" points back; a source noun inside it is no source of its own.
    29: (
        ("Dies gab nach eingehenden Untersuchungen der Polizei die Sprecherin Anna Muster bekannt.",),
        [],
    ),
    30: (
        ("Die Firma Holzbau AG hat nach eigenen Angaben zwanzig Stellen geschaffen.",),
        [("Die Firma Holzbau AG hat … zwanzig Stellen geschaffen", IND, "Firma Holzbau AG", ORG)],
    ),
    31: (
        ("Es gibt ein Gutachten, laut dem die Brücke sicher ist.",),
        [("die Brücke sicher ist", IND, "Gutachten", OTH)],
    ),
    # A source phrase inside its clause: the report is the whole clause around it.
    36: (
        ("Die Brücke wird nach Angaben des Kantons «so rasch wie möglich» saniert.",),
        [
            ("Die Brücke wird nach Angaben des Kantons «so rasch wie möglich» saniert", MIX, "Kanton", ORG),
            ("so rasch wie möglich", DIR, "Kanton", ORG),
        ],
    ),
    # In a relative clause, the source phrase reports that clause only, not the main clause after it.
    37: (
        ("Der Damm, der nach Angaben der Behörde seit Jahren undicht war, musste am Montag gesperrt werden.",),
        [("der … seit Jahren undicht war", IND, "Behörde", ORG)],
    ),
    38: (
        ("Nachdem der Regen aufgehört hatte, sank der Pegel laut den Behörden wieder unter die Warnstufe.",),
        [
            (
                "Nachdem der Regen aufgehört hatte, sank der Pegel … wieder unter die Warnstufe",
                IND,
                "Behörden",
                OTH,
            )
        ],
    ),
    39: (
        ("Der Zug fuhr später ab, weil laut der Bahn ein Signal gestört war.",),
        [("weil … ein Signal gestört war", IND, "Bahn", ORG)],
    ),
    # `zufolge` after its noun inside the clause: the phrase is cut out of the report.
    66: (
        ("Das Dach stürzte ersten Schätzungen zufolge wegen der Schneelast ein.",),
        [("Das Dach stürzte … wegen der Schneelast ein", IND, "erste Schätzungen", OTH)],
    ),
    # a relative clause or an apposition on the source of an opening source phrase is not reported; a comma right
    # after the phrase, before the verb, ends nothing
    92: (
        ("Nach Angaben der Polizei, die den Fall untersucht, wurden drei Menschen verletzt.",),
        [("wurden drei Menschen verletzt", IND, "Polizei", ORG)],
    ),
    93: (
        ("Nach Angaben der Polizei, wurde der Mann in seinem Haus, wo er lebte, gefunden.",),
        [("wurde der Mann in seinem Haus, wo er lebte, gefunden", IND, "Polizei", ORG)],
    ),
    # a source phrase inside its clause is cut out of it, whatever stands before or after it
    94: (
        ("Ein Kessel, vermutlich ein alter Boiler, ist nach Angaben der Polizei im Keller geplatzt.",),
        [("Ein Kessel, vermutlich ein alter Boiler, ist … im Keller geplatzt", IND, "Polizei", ORG)],
    ),
    95: (
        ("Nun wäre der Umbau laut Huber bezugsbereit.",),
        [("Nun wäre der Umbau … bezugsbereit", IND, "Huber", PER)],
    ),
    96: (
        ("Nach Angaben der Feuerwehr aus Chur wurden zwei Scheunen zerstört.",),
        [("wurden zwei Scheunen zerstört", IND, "Feuerwehr", ORG)],
    ),
    97: (
        ("Nach Angaben der Polizei und der Feuerwehr sollen drei Menschen verletzt worden sein.",),
        [("sollen drei Menschen verletzt worden sein", IND, "Polizei", ORG)],
    ),
    # `nach` in time (`nach Abschluss der …`, `nach wie vor`) is no source phrase.
    110: (("Die Staatsanwaltschaft erhob nach Abschluss der Ermittlungen Anklage gegen den Fahrer.",), []),
    111: (("Es gibt nach wie vor günstige Ersatzteile für dieses Modell.",), []),
    112: (("Das Auto fährt mit einer Ladung 300 Kilometer weit, nach anderen Angaben sogar 350 Kilometer.",), []),
    # After a source phrase, a colon opening a sentence of its own ends the report; a list after `folgende` does not.
    117: (
        ("Nach Angaben der Stadt wird die Brücke gesperrt: Ab Montag fahren dort keine Busse mehr.",),
        [("wird die Brücke gesperrt", IND, "Stadt", ORG)],
    ),
    118: (
        ("Nach Angaben der Stadt gibt es folgende Umwege: Nordring und Südring.",),
        [("gibt es folgende Umwege: Nordring und Südring", IND, "Stadt", ORG)],
    ),
    # A document or a forecast is a statement noun after `nach`; a film named like one is not.
    119: (
        ("Nach einem internen Dokument der Behörde ist die Brücke marode.",),
        [("ist die Brücke marode", IND, "Behörde", ORG)],
    ),
    120: (("Nach dem Dokumentarfilm ging das Publikum nach Hause.",), []),
    # `In dem Bericht, der …, heißt es, …`: the report follows `heißt es`, the text is named before it.
    126: (
        ("In dem Bericht, der am Montag erschien, heißt es, die Kosten seien stark gestiegen.",),
        [("die Kosten seien stark gestiegen", IND, "Bericht", OTH)],
    ),
    # A source phrase after a semicolon reports the part after the semicolon.
    137: (
        (
            "Das Feuer sei am frühen Morgen in der Küche des Restaurants ausgebrochen; "
            "nach Angaben der Feuerwehr gab es keine Verletzten.",
        ),
        [("gab es keine Verletzten", IND, "Feuerwehr", ORG)],
    ),
    # `gemäß` names a source only when a speaker or a statement follows, not a rule.
    140: (("Die alte Fabrikhalle wurde gemäß der neuen Verordnung vollständig umgebaut.",), []),
    141: (
        ("Die Funken flogen gemäß einem Augenzeugen bis zum Nachbarhaus.",),
        [("Die Funken flogen … bis zum Nachbarhaus", IND, "Augenzeugen", OTH)],
    ),
    # `Dies geht aus X hervor`: a relative clause on X still leaves the sentence before as the report.
    146: (
        (
            "Die Stadtwerke erhöhen im Frühjahr die Gaspreise um zehn Prozent. "
            "Dies geht aus einem Schreiben an die Kunden hervor, das am Montag verschickt wurde.",
        ),
        [("Die Stadtwerke erhöhen im Frühjahr die Gaspreise um zehn Prozent", IND, "Schreiben", OTH)],
    ),
    147: (
        ("Die Brauerei schließt ihr Werk. Dies geht aus einem Bericht, den die Lokalzeitung druckte, hervor.",),
        [("Die Brauerei schließt ihr Werk", IND, "Bericht", OTH)],
    ),
    # An acronym ends a genitive chain: the next `der` phrase is the object of the verb.
    148: (
        ("Die Schule dient laut einer Mitteilung des BMBF der Förderung junger „Talente aus allen Schichten“.",),
        [
            (
                "Die Schule dient … der Förderung junger „Talente aus allen Schichten“",
                MIX,
                "BMBF",
                ORG,
            ),
            ("Talente aus allen Schichten", DIR, "BMBF", ORG),
        ],
    ),
    # An apposition between commas on the source names the speaker, as after a subject: the person speaks, and
    # the apposition is no part of the quote, inside the clause or before it; a relative clause names no one.
    177: (
        ("Die Sperrung der Brücke bleibt laut der Sprecherin der Stadtwerke, Lena Brandt, bis Ende Mai bestehen.",),
        [("Die Sperrung der Brücke bleibt … bis Ende Mai bestehen", IND, "Lena Brandt", PER)],
    ),
    178: (
        ("Der Neubau kostet nach Angaben des Sprechers der Gemeinde, Jonas Pfister, rund drei Millionen Franken.",),
        [("Der Neubau kostet … rund drei Millionen Franken", IND, "Jonas Pfister", PER)],
    ),
    179: (
        ("Nach Angaben von Ida Berg, einer Sprecherin der Feuerwehr, wurde niemand verletzt.",),
        [("wurde niemand verletzt", IND, "Ida Berg", PER)],
    ),
    180: (
        ("Nach Angaben der Polizei, die den Fall untersucht, wurde niemand verletzt.",),
        [("wurde niemand verletzt", IND, "Polizei", ORG)],
    ),
    # The same apposition between the source of `zufolge` and the postposition: the named person speaks; a source
    # phrase between commas without an apposition keeps its organisation.
    183: (
        ("Dem Leiter des Bauamts, Max Muster, zufolge steigen die Kosten um zehn Prozent.",),
        [("steigen die Kosten um zehn Prozent", IND, "Max Muster", PER)],
    ),
    184: (
        ("Die Kosten steigen der Sprecherin der Stadtwerke, Lena Brandt, zufolge um zehn Prozent.",),
        [("Die Kosten steigen … um zehn Prozent", IND, "Lena Brandt", PER)],
    ),
    185: (
        ("Das Dach brannte, der Feuerwehr zufolge, vollständig aus.",),
        [("Das Dach brannte", IND, "Feuerwehr", ORG)],
    ),
    # A relative clause on the source of a phrase inside its clause is no part of the report: the report runs
    # around it (or, after `und`, is the second clause alone); a clause after the phrase that opens with an
    # article and does not end with its verb is the report.
    197: (
        ("Die Kosten steigen laut Max Muster, der seit 2010 im Amt ist, um zehn Prozent.",),
        [("Die Kosten steigen … um zehn Prozent", IND, "Max Muster", PER)],
    ),
    198: (
        (
            "Der Mann soll die Frau bedroht haben und laut Medienberichten, die sich auf die Polizei berufen, auch "
            "geflohen sein.",
        ),
        [("auch geflohen sein", IND, "Medienberichten", OTH)],
    ),
    199: (
        ("Die Kosten steigen laut Max Muster, die Gebühren sinken.",),
        [("die Gebühren sinken", IND, "Max Muster", PER)],
    ),
}


@pytest.mark.parametrize(("paragraphs", "expected"), numbered(CASES))
def test_extract_cases(paragraphs: tuple[str, ...], expected: list[Expected]) -> None:
    assert [summary(q, paragraphs) for q in quotes_of(*paragraphs)] == expected


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "Ein Kessel, vermutlich ein alter Boiler, ist nach Angaben der Polizei im Keller geplatzt.",
            ["Ein Kessel, vermutlich ein alter Boiler, ist", "im Keller geplatzt"],
        ),
        ("Nun wäre der Umbau laut Huber bezugsbereit.", ["Nun wäre der Umbau", "bezugsbereit"]),
        (
            "In drei Wochen, so schätzen die Planer, soll die Brücke fertig sein.",
            ["In drei Wochen", "soll die Brücke fertig sein"],
        ),
        (
            "Die Stadtwerke haben Medienberichten zufolge die Rechnung nicht beglichen.",
            ["Die Stadtwerke haben", "die Rechnung nicht beglichen"],
        ),
        ("Sie stammen Zeitungsberichten zufolge aus dem Nachbardorf.", ["Sie stammen", "aus dem Nachbardorf"]),
        (
            "Die Kosten steigen laut dem Leiter des Bauamts, Max Muster, um zehn Prozent.",
            ["Die Kosten steigen", "um zehn Prozent"],
        ),
    ],
)
def test_source_phrase_inside_its_clause_is_cut_out(text: str, pieces: list[str]) -> None:
    """The quote is the clause on both sides of the phrase: two quote spans."""
    [quote] = quotes_of(text)
    assert [text[s.start : s.end] for s in quote.spans if s.role is SpanRole.QUOTE] == pieces


def test_relative_clause_on_a_source_is_its_frame() -> None:
    """The frame of a source phrase takes a relative clause on its source, with the comma closing it."""
    text = "Die Kosten steigen laut Max Muster, der seit 2010 im Amt ist, um zehn Prozent."
    [quote] = quotes_of(text)
    assert [text[s.start : s.end] for s in quote.spans if s.role is SpanRole.FRAME] == [
        "laut Max Muster, der seit 2010 im Amt ist,"
    ]
    assert [text[s.start : s.end] for s in quote.spans if s.role is SpanRole.SPEAKER] == ["Max Muster"]
