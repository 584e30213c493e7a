"""Quotation marks on sentences written for these tests: direct and partial quotes, mixed quotes, and quoted
words that are names, titles or terms rather than speech."""

from __future__ import annotations

import pytest
from extract_helpers import DIR, IND, MIX, ORG, OTH, PER, REP, Case, Expected, numbered, quotes_of, summary

CASES: dict[int, Case] = {
    # Direct quotes: attribution after, before, with a colon, in each kind of quotation marks.
    0: (
        ("«Wir bauen die Brücke bis 2026 fertig», sagte Baudirektorin Petra Sommer.",),
        [("Wir bauen die Brücke bis 2026 fertig", DIR, "Petra Sommer", PER)],
    ),
    1: (
        ("Gemeinderat Urs Lehmann sagte: „Das Budget reicht nicht aus.“",),
        [("Das Budget reicht nicht aus.", DIR, "Urs Lehmann", PER)],
    ),
    2: (
        ('"Die Lage ist ruhig", erklärte ein Sprecher der Stadtpolizei.',),
        [("Die Lage ist ruhig", DIR, "Stadtpolizei", ORG)],
    ),
    3: (
        ("»Wir sind zufrieden«, sagte Trainerin Lea Roth.",),
        [("Wir sind zufrieden", DIR, "Lea Roth", PER)],
    ),
    4: (
        ("«Er rief ‹Feuer!› und rannte weg», sagte Zeugin Anna Keller.",),
        [("Er rief ‹Feuer!› und rannte weg", DIR, "Anna Keller", PER)],
    ),
    # A quote running over several sentences.
    5: (
        ("«Das ist ein guter Tag. Wir haben lange gewartet. Jetzt geht es los», sagte Bürgermeister Max Frei.",),
        [("Das ist ein guter Tag. Wir haben lange gewartet. Jetzt geht es los", DIR, "Max Frei", PER)],
    ),
    # A partial quote inside a sentence, attributed by the cue of that sentence.
    6: (
        ("Ministerin Eva Brunner sprach von einem «historischen Durchbruch».",),
        [("historischen Durchbruch", DIR, "Eva Brunner", PER)],
    ),
    # A direct partial quote inside reported speech is one mixed quote.
    22: (
        ("Der Präsident sagte, die Reform sei «ein Gebot der Stunde».",),
        [
            ("die Reform sei «ein Gebot der Stunde»", MIX, "Präsident", OTH),
            ("ein Gebot der Stunde", DIR, "Präsident", OTH),
        ],
    ),
    # A colon introduces the quote without a verb of saying.
    32: (
        ("Stadtpräsidentin Corine Mauch: «Wir lassen niemanden im Stich.»",),
        [("Wir lassen niemanden im Stich.", DIR, "Corine Mauch", PER)],
    ),
    # Names in quotes next to a reported clause are no speech, in any language.
    52: (
        ("Kolumnist Max Muster bemängelt im Magazin «Stadtblick», der Umbau gleiche einer «Baustelle ohne Ende».",),
        [
            ("der Umbau gleiche einer «Baustelle ohne Ende»", MIX, "Max Muster", PER),
            ("Baustelle ohne Ende", DIR, "Max Muster", PER),
        ],
    ),
    53: (
        ("Die Auslosung des «Grand Prix de Lausanne» ergab folgende Gruppen.",),
        [],
    ),
    # A lone capitalised word in quotes: a name after a noun, speech as what something was called.
    58: (
        ("Das Magazin «Golem» berichtete, der Dienst sei ausgefallen.",),
        [("der Dienst sei ausgefallen", IND, "Golem", ORG)],
    ),
    59: (
        ("Die Bauern berichteten über erste «Landnahmen» im Norden.",),
        [("Landnahmen", DIR, "Bauern", OTH)],
    ),
    # A broadcaster's name in quotes before the cue verb is the speaker's name.
    65: (
        ("Der Sender «Radio Nord» berichtete, die Brücke sei gesperrt worden.",),
        [("die Brücke sei gesperrt worden", IND, "Radio Nord", ORG)],
    ),
    # Without a cue, a quote after an article or a noun is a name or a title, after a statement noun speech.
    104: (
        ("«Wir sind bereit», sagte Trainerin Eva Roth. Dann sang das Team das Lied «Wir sind die Größten im Land».",),
        [("Wir sind bereit", DIR, "Eva Roth", PER)],
    ),
    105: (
        ("«Wir sind bereit», sagte Trainerin Eva Roth. Am Abend war sie Gast beim «großen Forum der Wirtschaft».",),
        [("Wir sind bereit", DIR, "Eva Roth", PER)],
    ),
    106: (
        ("«Wir sind bereit», sagte Trainerin Eva Roth. Sie schloss mit den Worten «Morgen wird ein guter Tag».",),
        [("Wir sind bereit", DIR, "Eva Roth", PER), ("Morgen wird ein guter Tag", DIR, "Eva Roth", PER)],
    ),
    # A short quote inside the speaker phrase is the speaker's name.
    113: (
        ("Wie die „Aktion Hilfe jetzt“ am Montag mitteilte, seien die Spenden eingetroffen.",),
        [("seien die Spenden eingetroffen", IND, "Aktion Hilfe jetzt", ORG)],
    ),
    114: (("Laut „beispiel.de“ wurde das Spiel abgesagt.",), [("wurde das Spiel abgesagt", IND, "beispiel.de", ORG)]),
    # A quoted name may hold articles and prepositions (`zur`, `ein`, `gegen`).
    129: (
        ("Die „Allianz zur Rettung der Wälder“ berichtete über neue Rodungen im Süden.",),
        [
            (
                "Die „Allianz zur Rettung der Wälder“ berichtete über neue Rodungen im Süden.",
                REP,
                "Allianz zur Rettung der Wälder",
                ORG,
            )
        ],
    ),
    # A quote after `so genannt`, `Motto` or `Spitznamen` is a term, a slogan or a name, not speech.
    130: (
        ("Die Polizei sprach von einer so genannten „Bande aus dem Norden der Stadt“ und nannte keine Namen.",),
        [
            (
                "Die Polizei sprach von einer so genannten „Bande aus dem Norden der Stadt“ und nannte keine Namen.",
                REP,
                "Polizei",
                ORG,
            )
        ],
    ),
    131: (
        ("Der Verein (Motto: „Wir helfen allen“) erklärte, die Spenden seien eingetroffen.",),
        [("die Spenden seien eingetroffen", IND, "Verein", ORG)],
    ),
    132: (
        ("Die unter dem Spitznamen „Rotfuchs“ bekannte Sprayerin gab an, die Mauer sei frei zugänglich gewesen.",),
        [("die Mauer sei frei zugänglich gewesen", IND, "Sprayerin", PER)],
    ),
    # After an indefinite article a quote beside a cue is a word the speaker used, not a name.
    156: (
        ("Der Präsident nannte dies einen „Militärputsch“.",),
        [("Militärputsch", DIR, "Präsident", OTH)],
    ),
    157: (
        ("Die Ärztin sprach von einer „Zumutung für alle Anwohner“.",),
        [("Zumutung für alle Anwohner", DIR, "Ärztin", OTH)],
    ),
    # A web address in quotes is a name.
    160: (
        (
            "Die Sprecherin kommentierte den Umzug laut „nachrichten.example.org“ mit folgenden Worten: "
            "„Das ist ein guter Tag für die Stadt.“",
        ),
        [("Das ist ein guter Tag für die Stadt.", DIR, "Sprecherin", OTH)],
    ),
    # No speech: plain narration, a title in quotes, unbalanced marks.
    169: (("Am 3. Januar fuhr der Zug um 10.30 Uhr ab. Es regnete.",), []),
    170: (("Er las die Zeitung «Neue Post» im Zug.",), []),
    171: (
        ("Der Minister sagte dem «Tages-Anzeiger», die Reform komme.",),
        [("die Reform komme", IND, "Minister", OTH)],
    ),
    172: (("Der Begriff «Wutbürger» machte die Runde.",), []),
    173: (("Ich habe das nie gesagt, sei es aus Angst oder aus Scham.",), []),
    174: (("Der Film «Das Boot lief im Kino. Danach gingen alle nach Hause.",), []),
}


@pytest.mark.parametrize(("paragraphs", "expected"), numbered(CASES))
def test_extract_cases(paragraphs: tuple[str, ...], expected: list[Expected]) -> None:
    assert [summary(q, paragraphs) for q in quotes_of(*paragraphs)] == expected
