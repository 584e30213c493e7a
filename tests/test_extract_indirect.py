"""Reported speech on sentences written for these tests: cue verbs and the clause each introduces, where that
clause begins and ends, and clauses after a cue that are not what was said."""

from __future__ import annotations

import pytest
from extract_helpers import ANON, DIR, IND, MIX, ORG, OTH, PER, REP, Case, Expected, numbered, quotes_of, summary

CASES: dict[int, Case] = {
    # Indirect speech: dass-clause, subjunctive clause, cue before or after.
    7: (
        ("Polizeisprecher Marco Graf sagte, dass der Fahrer verletzt worden sei.",),
        [("dass der Fahrer verletzt worden sei", IND, "Marco Graf", PER)],
    ),
    8: (
        ("Die Brücke werde im Herbst eröffnet, teilte das kantonale Baudepartement mit.",),
        [("Die Brücke werde im Herbst eröffnet", IND, "kantonales Baudepartement", ORG)],
    ),
    9: (
        ("Die Preise würden weiter steigen, warnte Ökonomin Sara Vogt.",),
        [("Die Preise würden weiter steigen", IND, "Sara Vogt", PER)],
    ),
    10: (
        ("Laut der Regierung Boliviens ist die Wahl gültig.",),
        [("ist die Wahl gültig", IND, "Regierung Boliviens", ORG)],
    ),
    11: (
        ("Den Angaben der Feuerwehr zufolge brannte das Dach vollständig aus.",),
        [("brannte das Dach vollständig aus", IND, "Feuerwehr", ORG)],
    ),
    12: (
        ("Nach Angaben des Bundesamtes für Statistik stieg die Zahl der Geburten.",),
        [("stieg die Zahl der Geburten", IND, "Bundesamt für Statistik", ORG)],
    ),
    13: (
        ("Wie die Kantonspolizei mitteilte, wurde niemand verletzt.",),
        [("wurde niemand verletzt", IND, "Kantonspolizei", ORG)],
    ),
    14: (
        ("Die Verhandlungen seien gescheitert, hiess es in Bern.",),
        [("Die Verhandlungen seien gescheitert", IND, "unbekannt", ANON)],
    ),
    15: (
        ("Die Verhandlungen seien gescheitert, hieß es.",),
        [("Die Verhandlungen seien gescheitert", IND, "unbekannt", ANON)],
    ),
    # A trailing cue in the perfect: `…, hatte X gesagt.`
    42: (
        ("Es drohe eine Krise, hatte der Minister bei seinem Besuch in Bern gesagt.",),
        [("Es drohe eine Krise", IND, "Minister", OTH)],
    ),
    # Adverbs between cue and speaker, and an impersonal passive cue before a `dass` clause.
    69: (
        ("Am Abend meldete dann die Kantonspolizei, die Strasse sei wieder offen.",),
        [("die Strasse sei wieder offen", IND, "Kantonspolizei", ORG)],
    ),
    70: (
        ("Wie schon die Gemeinde mitteilte, bleibt das Hallenbad bis Juni geschlossen.",),
        [("bleibt das Hallenbad bis Juni geschlossen", IND, "Gemeinde", ORG)],
    ),
    71: (
        ("Am Morgen war berichtet worden, dass der Bahnhof geräumt werden musste.",),
        [("dass der Bahnhof geräumt werden musste", IND, "unbekannt", ANON)],
    ),
    72: (("Im Winter wurde das Dach erneuert, danach die Fassade.",), []),
    # Further verbs of saying, asking and demanding.
    76: (
        ("Stadtpräsidentin Eva Roth hob hervor, die Schule werde rechtzeitig fertig.",),
        [("die Schule werde rechtzeitig fertig", IND, "Eva Roth", PER)],
    ),
    77: (
        ("Die Gemeinde wurde vom Verband aufgefordert, die Gebühren zu senken.",),
        [("die Gebühren zu senken", IND, "Verband", ORG)],
    ),
    78: (
        ("Die Abgeordnete Lea Frei fragte, wer die Kosten trage.",),
        [("wer die Kosten trage", IND, "Lea Frei", PER)],
    ),
    79: (
        ("Der Ingenieur Paul Stamm erläuterte, die Brücke trage das Gewicht problemlos.",),
        [("die Brücke trage das Gewicht problemlos", IND, "Paul Stamm", PER)],
    ),
    80: (
        ("Der Richter konstatierte, die Frist sei abgelaufen.",),
        [("die Frist sei abgelaufen", IND, "Richter", OTH)],
    ),
    81: (
        ("Anna Muster erwähnte, die Anlage werde bald erweitert.",),
        [("die Anlage werde bald erweitert", IND, "Anna Muster", PER)],
    ),
    82: (
        ("Die Gewerkschaft plädierte dafür, die Löhne zu erhöhen.",),
        [("die Löhne zu erhöhen", IND, "Gewerkschaft", ORG)],
    ),
    83: (
        ("Der Kanton hat zugesagt, die Kosten zu übernehmen.",),
        [("die Kosten zu übernehmen", IND, "Kanton", ORG)],
    ),
    84: (
        ("Die Ärztin Mia Kern regte an, die Impfung früher anzubieten.",),
        [("die Impfung früher anzubieten", IND, "Mia Kern", PER)],
    ),
    85: (
        ("Der Bürgermeister Max Muster hat versprochen, die Straße bis Juni zu sanieren.",),
        [("die Straße bis Juni zu sanieren", IND, "Max Muster", PER)],
    ),
    86: (
        ("Mehrere Zeitungen vermelden, der Hafen sei seit Montag geschlossen.",),
        [("der Hafen sei seit Montag geschlossen", IND, "Zeitungen", OTH)],
    ),
    87: (
        ("Beide Parteien hatten vereinbart, die Verhandlungen im Mai fortzusetzen.",),
        [("die Verhandlungen im Mai fortzusetzen", IND, "Parteien", OTH)],
    ),
    # verbs of asking, urging and weighing take what is asked or weighed as an infinitive clause; commissioning and
    # agreeing are acts, what they name was not said
    88: (
        ("Der Bürgermeister hat die Eltern gebeten, ihre Kinder früher zu holen.",),
        [("ihre Kinder früher zu holen", IND, "Bürgermeister", OTH)],
    ),
    89: (("Die Stadt beauftragte eine Firma, die Brücke zu sanieren.",), []),
    90: (("Die Vereine einigten sich darauf, das Turnier im Mai auszutragen.",), []),
    91: (("Die Stadt einigte sich mit dem Verein auf einen neuen Vertrag.",), []),
    # `und` with a cue verb in the past tense: the speaker goes on, outside the reported clause
    100: (
        ("Der Wetterdienst teilte mit, dass der Regen anhalte und warnte vor neuen Überschwemmungen.",),
        [("dass der Regen anhalte", IND, "Wetterdienst", ORG)],
    ),
    101: (
        ("Die Ministerin sagte, sie habe den Bericht gelesen und gesagt bekommen, dass er stimme.",),
        [("sie habe den Bericht gelesen und gesagt bekommen, dass er stimme", IND, "Ministerin", OTH)],
    ),
    102: (
        ("Die Forscherin Eva Roth verglich die Lage mit einem Sturm, der «alles mit sich reißt».",),
        # a relative pronoun is no reported word: the quote stays direct
        [("alles mit sich reißt", DIR, "Eva Roth", PER)],
    ),
    103: (
        ("Die Forscherin Eva Roth sagte, ihre «Gedanken sind bei den Opfern».",),
        # one other word outside the marks makes the clause a mixed quote, the quoted words nested in it
        [
            ("ihre «Gedanken sind bei den Opfern»", MIX, "Eva Roth", PER),
            ("Gedanken sind bei den Opfern", DIR, "Eva Roth", PER),
        ],
    ),
    175: (
        ("Die Sprecherin Eva Roth sagte, die Aktion „Sauberer See“ werde verlängert.",),
        # a name in quote marks is no quoted speech: the report stays indirect, nothing is nested in it
        [("die Aktion „Sauberer See“ werde verlängert", IND, "Eva Roth", PER)],
    ),
    176: (
        ("Die Sprecherin Eva Roth sagte, die Aktion „Sauberer See“ sei «ein voller Erfolg» gewesen.",),
        # beside the name, quoted words make it mixed, and only they are nested
        [
            ("die Aktion „Sauberer See“ sei «ein voller Erfolg» gewesen", MIX, "Eva Roth", PER),
            ("ein voller Erfolg", DIR, "Eva Roth", PER),
        ],
    ),
    # An indicative main clause before the first comma frames a subjunctive report: the quote starts after it.
    121: (
        ("Die Prüfgruppe kam zu dem Ergebnis, dass die Brücke sicher sei.",),
        [("dass die Brücke sicher sei", IND, "Prüfgruppe", OTH)],
    ),
    # A clause opened by `da`, `während` or `warum` before `…, verb X` is fronted, not what was said.
    122: (("Da der Zug ausgefallen war, entschied sich der Fahrer für den Bus.",), []),
    123: (("Während die Regierung die Reform lobte, kritisierte die Opposition den Entwurf.",), []),
    # `begründete … mit` summarises a statement: the whole sentence is reported, the fronted clause no quote of its own.
    124: (
        ("Warum die Sitzung so lange dauerte, begründete der Sprecher mit dem Streit.",),
        [("Warum die Sitzung so lange dauerte, begründete der Sprecher mit dem Streit.", REP, "Sprecher", OTH)],
    ),
    125: (
        ("Während die Preise stiegen, seien die Löhne gleich geblieben, sagte die Gewerkschaft.",),
        [("Während die Preise stiegen, seien die Löhne gleich geblieben", IND, "Gewerkschaft", ORG)],
    ),
    # What a speaker does not confirm is not reported.
    127: (
        ("Ein Sprecher der Reederei wollte nicht bestätigen, dass Matrosen verletzt wurden.",),
        [],
    ),
    # An infinitive clause after a cue verb without a comma; `wusste zu` is no report.
    134: (
        ("Der Bürgermeister hat am Montag angekündigt bei der nächsten Wahl nicht mehr anzutreten.",),
        [("bei der nächsten Wahl nicht mehr anzutreten", IND, "Bürgermeister", OTH)],
    ),
    135: (
        ("Die Ärztin rät den Patienten bei Hitze viel Wasser zu trinken.",),
        [("den Patienten bei Hitze viel Wasser zu trinken", IND, "Ärztin", OTH)],
    ),
    136: (("Die Sängerin wusste das Publikum mit ihrer Stimme zu überzeugen.",), []),
    # A purpose, contrast or relative `was` clause after a cue verb's comma is not what was said.
    142: (
        ("Die Ministerin kündigte Neuwahlen für den Herbst an, um die Regierungskrise zu beenden.",),
        [
            (
                "Die Ministerin kündigte Neuwahlen für den Herbst an, um die Regierungskrise zu beenden.",
                REP,
                "Ministerin",
                OTH,
            )
        ],
    ),
    143: (("Die Schule hält an der Reform des Stundenplans fest, dennoch will sie keine Fächer streichen.",), []),
    144: (
        ("Die Gewerkschaft kritisierte den Beschluss des Stadtrats, was eine lange Debatte im Parlament auslöste.",),
        [],
    ),
    145: (
        ("Die Reporterin fragte den Trainer, was er „nach dieser Niederlage“ ändern wolle.",),
        [
            ("was er „nach dieser Niederlage“ ändern wolle", MIX, "Reporterin", OTH),
            ("nach dieser Niederlage", DIR, "Reporterin", OTH),
        ],
    ),
    # `mit der Begründung`, `mit dem Hinweis`, `mit den Worten`, `mit der Aufforderung`: the clause after the comma
    # is what was given.
    149: (
        ("Die Stadt lehnte den Antrag mit der Begründung ab, das Geld fehle.",),
        [("das Geld fehle", IND, "Stadt", ORG)],
    ),
    150: (
        ("Am Montag zog die Firma ihr Angebot mit dem Argument zurück, der Preis sei zu hoch.",),
        [("der Preis sei zu hoch", IND, "Firma", ORG)],
    ),
    151: (
        ("Der Antrag war vom Stadtrat mit dem Hinweis abgelehnt worden, die Kasse sei leer.",),
        [("die Kasse sei leer", IND, "Stadtrat", ORG)],
    ),
    152: (
        ("Der Antrag wurde mit dem Hinweis abgelehnt, es gebe kein Geld.",),
        [("es gebe kein Geld", IND, "unbekannt", ANON)],
    ),
    153: (
        ("Der Trainer trat der Kritik mit den Worten entgegen, die Mannschaft habe gut gespielt.",),
        [("die Mannschaft habe gut gespielt", IND, "Trainer", OTH)],
    ),
    # A claim noun (`Vorwurf`, `Meinung`) with its content after a comma in Konjunktiv I: the content is reported.
    154: (
        ("Auf den Vorwurf der Opposition, der Plan sei zu teuer, reagierte die Regierung gelassen.",),
        [("der Plan sei zu teuer", IND, "Opposition", ORG)],
    ),
    155: (
        ("Viele Bürger teilen die Meinung, die Steuern seien zu hoch.",),
        [("die Steuern seien zu hoch", IND, "Bürger", OTH)],
    ),
    # Only a `weil`/`da` clause in Konjunktiv I after an indicative main clause: the reason its subject gives.
    158: (
        ("Die Polizei sagte, die Lage sei ruhig. Die Stadt schloss die Brücke, weil sie einsturzgefährdet sei.",),
        [("die Lage sei ruhig", IND, "Polizei", ORG), ("weil sie einsturzgefährdet sei", IND, "Stadt", ORG)],
    ),
    159: (
        ("Die Polizei sagte, die Lage sei ruhig. Am Abend sperrte die Stadt den Park, da er überschwemmt sei.",),
        [("die Lage sei ruhig", IND, "Polizei", ORG), ("da er überschwemmt sei", IND, "Stadt", ORG)],
    ),
    # `hält es für möglich/unwahrscheinlich, dass …` is a cue, also after a pronoun.
    162: (
        ("Die Forscherin Eva Roth sagte, das Eis schmelze. Sie hält es für möglich, dass der Gletscher bleibt.",),
        [
            ("das Eis schmelze", IND, "Eva Roth", PER),
            ("dass der Gletscher bleibt", IND, "Eva Roth", PER),
        ],
    ),
    163: (
        ("Trainer Max Muster lobte das Team. Er hielt es für unwahrscheinlich, dass der Stürmer am Samstag spielt.",),
        [("dass der Stürmer am Samstag spielt", IND, "Max Muster", PER)],
    ),
    # A relative clause in Konjunktiv I on the object of a cue verb is reported.
    164: (
        ("Der Bürgermeister kündigte einen neuen Plan an, der die Innenstadt beleben werde, und lud die Presse ein.",),
        [("der die Innenstadt beleben werde", IND, "Bürgermeister", OTH)],
    ),
    # `beeilten sich, … zu erklären` (plural) is a cue like `beeilte sich`.
    165: (
        ("Die Sprecher der Stadt beeilten sich, gegenüber den Anwohnern zu versichern, das Fest finde statt.",),
        [("gegenüber den Anwohnern zu versichern, das Fest finde statt", IND, "Stadt", ORG)],
    ),
    166: (
        ("Der Verband schloss die Versammlung mit der Aufforderung, am Montag geschlossen zu streiken.",),
        [("am Montag geschlossen zu streiken", IND, "Verband", ORG)],
    ),
}


@pytest.mark.parametrize(("paragraphs", "expected"), numbered(CASES))
def test_extract_cases(paragraphs: tuple[str, ...], expected: list[Expected]) -> None:
    assert [summary(q, paragraphs) for q in quotes_of(*paragraphs)] == expected
