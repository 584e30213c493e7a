"""Quote and source extraction on sentences written for these tests, on the seed article, and invariants."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdb.document import (
    DatePrecision,
    Document,
    Paragraph,
    ParagraphKind,
    Quote,
    QuoteKind,
    Section,
    SourceKind,
    SpanRole,
)
from newsdb.extract import extract, quotes, sentences
from newsdb.parse import read_document

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_30d5db4ca1753fdf.txt"

DIR, IND, MIX = QuoteKind.DIRECT, QuoteKind.INDIRECT, QuoteKind.MIXED
REP, FREE = QuoteKind.REPORTED, QuoteKind.FREE_INDIRECT
PER, ORG, ANON, OTH = SourceKind.PERSON, SourceKind.ORGANIZATION, SourceKind.ANONYMOUS, SourceKind.OTHER


def document(*paragraphs: str) -> Document:
    paras = tuple(
        Paragraph(i, ParagraphKind.LEDE if i == 0 else ParagraphKind.BODY, text) for i, text in enumerate(paragraphs)
    )
    return Document("t", date(2024, 5, 1), DatePrecision.DAY, (Section(0, None, paras),))


def quotes_of(*paragraphs: str) -> list[Quote]:
    return list(extract(document(*paragraphs)).quotes)


def summary(q: Quote, paragraphs: tuple[str, ...] = ()) -> tuple[str, QuoteKind, str | None, SourceKind | None]:
    """A quote as (text, kind, source name, source kind); with the `paragraphs`, a quote cut in pieces (an
    attribution inside it taken out) shows them joined by ` … `."""
    pieces = q.spans_as(SpanRole.QUOTE)
    text = " … ".join(paragraphs[s.paragraph][s.start : s.end] for s in pieces) if paragraphs else q.text
    return (text, q.kind, q.source.name if q.source else None, q.source.kind if q.source else None)


# (paragraphs, expected quotes as (text, kind, source name, source kind)), in order of appearance.
CASES: list[tuple[tuple[str, ...], list[tuple[str, QuoteKind, str | None, SourceKind | None]]]] = [
    # Direct quotes: attribution after, before, with a colon, in each kind of quotation marks.
    (
        ("«Wir bauen die Brücke bis 2026 fertig», sagte Baudirektorin Petra Sommer.",),
        [("Wir bauen die Brücke bis 2026 fertig", DIR, "Petra Sommer", PER)],
    ),
    (
        ("Gemeinderat Urs Lehmann sagte: „Das Budget reicht nicht aus.“",),
        [("Das Budget reicht nicht aus.", DIR, "Urs Lehmann", PER)],
    ),
    (
        ('"Die Lage ist ruhig", erklärte ein Sprecher der Stadtpolizei.',),
        [("Die Lage ist ruhig", DIR, "Stadtpolizei", ORG)],
    ),
    (
        ("»Wir sind zufrieden«, sagte Trainerin Lea Roth.",),
        [("Wir sind zufrieden", DIR, "Lea Roth", PER)],
    ),
    (
        ("«Er rief ‹Feuer!› und rannte weg», sagte Zeugin Anna Keller.",),
        [("Er rief ‹Feuer!› und rannte weg", DIR, "Anna Keller", PER)],
    ),
    # A quote running over several sentences.
    (
        ("«Das ist ein guter Tag. Wir haben lange gewartet. Jetzt geht es los», sagte Bürgermeister Max Frei.",),
        [("Das ist ein guter Tag. Wir haben lange gewartet. Jetzt geht es los", DIR, "Max Frei", PER)],
    ),
    # A partial quote inside a sentence, attributed by the cue of that sentence.
    (
        ("Ministerin Eva Brunner sprach von einem «historischen Durchbruch».",),
        [("historischen Durchbruch", DIR, "Eva Brunner", PER)],
    ),
    # Indirect speech: dass-clause, subjunctive clause, cue before or after.
    (
        ("Polizeisprecher Marco Graf sagte, dass der Fahrer verletzt worden sei.",),
        [("dass der Fahrer verletzt worden sei", IND, "Marco Graf", PER)],
    ),
    (
        ("Die Brücke werde im Herbst eröffnet, teilte das kantonale Baudepartement mit.",),
        [("Die Brücke werde im Herbst eröffnet", IND, "kantonales Baudepartement", ORG)],
    ),
    (
        ("Die Preise würden weiter steigen, warnte Ökonomin Sara Vogt.",),
        [("Die Preise würden weiter steigen", IND, "Sara Vogt", PER)],
    ),
    (
        ("Laut der Regierung Boliviens ist die Wahl gültig.",),
        [("ist die Wahl gültig", IND, "Regierung Boliviens", ORG)],
    ),
    (
        ("Den Angaben der Feuerwehr zufolge brannte das Dach vollständig aus.",),
        [("brannte das Dach vollständig aus", IND, "Feuerwehr", ORG)],
    ),
    (
        ("Nach Angaben des Bundesamtes für Statistik stieg die Zahl der Geburten.",),
        [("stieg die Zahl der Geburten", IND, "Bundesamt für Statistik", ORG)],
    ),
    (
        ("Wie die Kantonspolizei mitteilte, wurde niemand verletzt.",),
        [("wurde niemand verletzt", IND, "Kantonspolizei", ORG)],
    ),
    (
        ("Die Verhandlungen seien gescheitert, hiess es in Bern.",),
        [("Die Verhandlungen seien gescheitert", IND, "unbekannt", ANON)],
    ),
    (
        ("Die Verhandlungen seien gescheitert, hieß es.",),
        [("Die Verhandlungen seien gescheitert", IND, "unbekannt", ANON)],
    ),
    # `heißt es` with the text it stands in, before or after it; a month or a town is no such text.
    (
        ("„Wir senken die Gebühren ab Januar“, heißt es in einer Mitteilung der Stadtverwaltung.",),
        [("Wir senken die Gebühren ab Januar", DIR, "Stadtverwaltung", ORG)],
    ),
    (
        ("So heißt es im Jahresbericht des Verbandes, die Zahl der Mitglieder sei gestiegen.",),
        [("die Zahl der Mitglieder sei gestiegen", IND, "Verband", ORG)],
    ),
    (
        ("Auf der Homepage des Tierparks heißt es: „Alle Führungen fallen bis Ostern aus.“",),
        [("Alle Führungen fallen bis Ostern aus.", DIR, "Homepage des Tierparks", OTH)],
    ),
    (
        ("Im Juni hieß es, die Gespräche würden fortgesetzt.",),
        [("die Gespräche würden fortgesetzt", IND, "unbekannt", ANON)],
    ),
    # A report attributed by the next sentence, and its subjunctive continuation.
    (
        (
            "Die Armee hat mit dem Abzug der Truppen begonnen. Das meldet das polnische Verteidigungsministerium. "
            "Zudem habe man alle Stellungen geräumt.",
        ),
        [
            ("Die Armee hat mit dem Abzug der Truppen begonnen", IND, "polnisches Verteidigungsministerium", ORG),
            ("Zudem habe man alle Stellungen geräumt.", FREE, "polnisches Verteidigungsministerium", ORG),
        ],
    ),
    # Surname and pronoun references resolve to the full name named earlier.
    (
        (
            "Die Zinsen würden bald sinken, erklärt Finanzexpertin Nora Kunz.",
            "Die Inflation sei unter Kontrolle, so Kunz.",
            "Ein Risiko bleibe der Ölpreis, betonte sie.",
        ),
        [
            ("Die Zinsen würden bald sinken", IND, "Nora Kunz", PER),
            ("Die Inflation sei unter Kontrolle", IND, "Nora Kunz", PER),
            ("Ein Risiko bleibe der Ölpreis", IND, "Nora Kunz", PER),
        ],
    ),
    # A direct partial quote inside reported speech is one mixed quote.
    (
        ("Der Präsident sagte, die Reform sei «ein Gebot der Stunde».",),
        [
            ("die Reform sei «ein Gebot der Stunde»", MIX, "Präsident", OTH),
            ("ein Gebot der Stunde", DIR, "Präsident", OTH),
        ],
    ),
    # Subjunctive sentences continue the speaker of the previous report.
    (
        ("Oppositionsführer Jan Meier kritisierte, das Gesetz sei verfassungswidrig. Seine Partei werde klagen.",),
        [
            ("das Gesetz sei verfassungswidrig", IND, "Jan Meier", PER),
            ("Seine Partei werde klagen.", FREE, "Jan Meier", PER),
        ],
    ),
    # A speaker with an apposition, a party in parentheses, a place; a spokesperson for an organisation.
    (
        ("Der Sprecher der Stadtwerke, Tim Roth, sagte, die Leitung sei repariert.",),
        [("die Leitung sei repariert", IND, "Tim Roth", PER)],
    ),
    (
        ("Nationalrätin Ursula Brand (SP) hat angekündigt, das Referendum zu ergreifen.",),
        [("das Referendum zu ergreifen", IND, "Ursula Brand", PER)],
    ),
    (
        ("Ein Sprecher von Migros sagte, man prüfe die Vorwürfe.",),
        [("man prüfe die Vorwürfe", IND, "Migros", ORG)],
    ),
    # Source phrases: possessive, unnamed statements, own statements, a relative clause.
    (
        ("Nach offiziellen Angaben wurden drei Personen verletzt.",),
        [("wurden drei Personen verletzt", IND, "offizielle Angaben", OTH)],
    ),
    (
        ("Nach ersten Untersuchungen sei der Brand durch einen defekten Kühlschrank ausgelöst worden.",),
        [("sei der Brand durch einen defekten Kühlschrank ausgelöst worden", IND, "erste Untersuchungen", OTH)],
    ),
    # "Das/Dies gab … bekannt" points back; a source noun inside it is no source of its own.
    (
        ("Dies gab nach eingehenden Untersuchungen der Polizei die Sprecherin Anna Muster bekannt.",),
        [],
    ),
    (
        ("Die Firma Holzbau AG hat nach eigenen Angaben zwanzig Stellen geschaffen.",),
        [("Die Firma Holzbau AG hat … zwanzig Stellen geschaffen", IND, "Firma Holzbau AG", ORG)],
    ),
    (
        ("Es gibt ein Gutachten, laut dem die Brücke sicher ist.",),
        [("die Brücke sicher ist", IND, "Gutachten", OTH)],
    ),
    # A colon introduces the quote without a verb of saying.
    (
        ("Stadtpräsidentin Corine Mauch: «Wir lassen niemanden im Stich.»",),
        [("Wir lassen niemanden im Stich.", DIR, "Corine Mauch", PER)],
    ),
    # A Konjunktiv I sentence reports on its own: the speaker is the one acting just before.
    (
        ("Die Kantonspolizei sucht Zeugen. Der Täter sei etwa 30 Jahre alt.",),
        [("Der Täter sei etwa 30 Jahre alt.", FREE, "Kantonspolizei", ORG)],
    ),
    # A role alone refers back to the person named with that role.
    (
        (
            "Bundesrat Beat Jans besuchte die Grenze.",
            "Der Bundesrat sagte, die Lage sei unter Kontrolle.",
        ),
        [("die Lage sei unter Kontrolle", IND, "Beat Jans", PER)],
    ),
    # A cue verb closing a relative clause on the speaker; a source noun phrase inside the sentence.
    (
        ("Die Polizei befragte einen Passanten, der angab, den Täter gesehen zu haben.",),
        [("den Täter gesehen zu haben", IND, "Passanten", OTH)],
    ),
    # A source phrase inside its clause: the report is the whole clause around it.
    (
        ("Die Brücke wird nach Angaben des Kantons «so rasch wie möglich» saniert.",),
        [
            ("Die Brücke wird nach Angaben des Kantons «so rasch wie möglich» saniert", MIX, "Kanton", ORG),
            ("so rasch wie möglich", DIR, "Kanton", ORG),
        ],
    ),
    # In a relative clause, the source phrase reports that clause only, not the main clause after it.
    (
        ("Der Damm, der nach Angaben der Behörde seit Jahren undicht war, musste am Montag gesperrt werden.",),
        [("der … seit Jahren undicht war", IND, "Behörde", ORG)],
    ),
    (
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
    (
        ("Der Zug fuhr später ab, weil laut der Bahn ein Signal gestört war.",),
        [("weil … ein Signal gestört war", IND, "Bahn", ORG)],
    ),
    # A passive cue names its speaker with `von`; who is quoted stays the subject of `zitiert`.
    (
        ("Der Entscheid wurde vom Stadtrat Max Muster scharf kritisiert, er sei überstürzt.",),
        [("er sei überstürzt", IND, "Max Muster", PER)],
    ),
    (
        ("Dazu wird Anna Muster auf der Webseite von Radio Nord so zitiert: «Wir bleiben.»",),
        [("Wir bleiben.", DIR, "Anna Muster", PER)],
    ),
    # A trailing cue in the perfect: `…, hatte X gesagt.`
    (
        ("Es drohe eine Krise, hatte der Minister bei seinem Besuch in Bern gesagt.",),
        [("Es drohe eine Krise", IND, "Minister", OTH)],
    ),
    # A subject too long to follow, closed by a name between commas before the verb.
    (
        ("Der Nachfolger des im Mai verstorbenen Gründers, Paul Meier, sagte, die Firma bleibe in Familienbesitz.",),
        [("die Firma bleibe in Familienbesitz", IND, "Paul Meier", PER)],
    ),
    # An apposition left open, a second verb of the same subject, a medium's name in quotes.
    (
        ("Der Gast saß im Zug, döste ein, manchmal wurde er wach und hatte gefragt: «Wo bin ich?»",),
        [("Wo bin ich?", DIR, "Gast", OTH)],
    ),
    (
        ("Anna Muster, Sprecherin der Stadtwerke kommentierte den Entscheid mit den Worten: «Wir sind enttäuscht.»",),
        [("Wir sind enttäuscht.", DIR, "Anna Muster", PER)],
    ),
    (
        ("Gemeinderat Peter Frei lehnte den Antrag ab und ist der Ansicht, dass die Kosten zu hoch seien.",),
        [("dass die Kosten zu hoch seien", IND, "Peter Frei", PER)],
    ),
    # A dative opening the sentence is the addressee; the subject follows the verb.
    (
        ("Der regionalen Zeitung sagte Bauer Hans Egli: «Wir haben alles verloren.»",),
        [("Wir haben alles verloren.", DIR, "Hans Egli", PER)],
    ),
    # A genitive belongs to the speaker; an apposition between commas is no reported clause.
    (
        ("Die Autoren des Berichts werfen der Stadt vor: «Niemand repariert die Wege.»",),
        [("Niemand repariert die Wege.", DIR, "Autoren des Berichts", OTH)],
    ),
    (
        ("Die Stadträtin, Eva Roth, charakterisierte den Entscheid als «Fehler mit Ansage».",),
        [("Fehler mit Ansage", DIR, "Eva Roth", PER)],
    ),
    (
        ("Dazu liess Gemeinderätin Ida Kunz verbreiten, die Schule bleibe offen.",),
        [("die Schule bleibe offen", IND, "Ida Kunz", PER)],
    ),
    # A fronted adverb is no speaker, also when spelt with ß.
    (
        ("Sinngemäß sagte Pilotin Eva Roth, der Start sei verschoben.", "Anschließend sagte sie, alles sei bereit."),
        [("der Start sei verschoben", IND, "Eva Roth", PER), ("alles sei bereit", IND, "Eva Roth", PER)],
    ),
    # Names in quotes next to a reported clause are no speech, in any language.
    (
        ("Kolumnist Max Muster bemängelt im Magazin «Stadtblick», der Umbau gleiche einer «Baustelle ohne Ende».",),
        [
            ("der Umbau gleiche einer «Baustelle ohne Ende»", MIX, "Max Muster", PER),
            ("Baustelle ohne Ende", DIR, "Max Muster", PER),
        ],
    ),
    (
        ("Die Auslosung des «Grand Prix de Lausanne» ergab folgende Gruppen.",),
        [],
    ),
    # A sentence stating with `war`, `ist`, `hat` does not go on with the report, whatever conditional follows.
    (
        ("Eva Roth sagte, die Lage sei ernst. Der Schnee war nass, deshalb dürfte das Dach eingestürzt sein.",),
        [("die Lage sei ernst", IND, "Eva Roth", PER)],
    ),
    # A possessive opening the introduction of a quote refers back to the last speaker.
    (
        (
            "Gemeinderat Urs Kunz sagte, er sei zuversichtlich.",
            "Seine Ruhe beruht auf einer alten Regel: «Die Fähre kommt immer zu spät.»",
        ),
        [
            ("er sei zuversichtlich", IND, "Urs Kunz", PER),
            ("Die Fähre kommt immer zu spät.", DIR, "Urs Kunz", PER),
        ],
    ),
    # An object opening the sentence: the speaker follows the verb.
    (
        ("Den Ärger der Anwohner brachte die Sprecherin des Vereins, Anna Muster, zum Ausdruck: «Es eilt nicht.»",),
        [("Es eilt nicht.", DIR, "Anna Muster", PER)],
    ),
    (
        ("Die Äußerungen des Ministers bezeichnete Stadtrat Beat Frei als «Schildbürgerstreich aus Bern».",),
        [("Schildbürgerstreich aus Bern", DIR, "Beat Frei", PER)],
    ),
    # A lone capitalised word in quotes: a name after a noun, speech as what something was called.
    (
        ("Das Magazin «Golem» berichtete, der Dienst sei ausgefallen.",),
        [("der Dienst sei ausgefallen", IND, "Golem", ORG)],
    ),
    (
        ("Die Bauern berichteten über erste «Landnahmen» im Norden.",),
        [("Landnahmen", DIR, "Bauern", OTH)],
    ),
    # A subject with a relative clause before its cue verb is no reported clause.
    (
        ("Anna Muster, eine der Autorinnen, die das Gutachten schrieben, kritisierte die Stadt: «Das reicht nicht.»",),
        [("Das reicht nicht.", DIR, "Anna Muster", PER)],
    ),
    # Particles belong to the name; a surname with its particle refers back to the full name.
    (
        (
            "Ministerin Ursula von der Leyen besuchte das Werk.",
            "Von der Leyen betonte, die Stellen seien sicher. De Maizière sagte, man prüfe alles.",
        ),
        [
            ("die Stellen seien sicher", IND, "Ursula von der Leyen", PER),
            ("man prüfe alles", IND, "De Maizière", PER),
        ],
    ),
    (
        ("Lena Brandt von Siemens sagte, die Lage sei ernst.",),
        [("die Lage sei ernst", IND, "Lena Brandt", PER)],
    ),
    # A name that is no noun phrase (`ohne` inside), and Konjunktiv II continuing a cue without a clause.
    (
        ("Ingenieure ohne Grenzen teilte gestern mit, zwei Teams seien angekommen. Ein drittes sei noch unterwegs.",),
        [
            ("zwei Teams seien angekommen", IND, "Ingenieure ohne Grenzen", ORG),
            ("Ein drittes sei noch unterwegs.", FREE, "Ingenieure ohne Grenzen", ORG),
        ],
    ),
    (
        ("Die Regierung warnt vor Überschwemmungen. Die Pumpwerke befänden sich am Ende ihrer Leistung.",),
        [
            ("Die Regierung warnt vor Überschwemmungen.", REP, "Regierung", ORG),
            ("Die Pumpwerke befänden sich am Ende ihrer Leistung.", FREE, "Regierung", ORG),
        ],
    ),
    (
        ("Der Sender «Radio Nord» berichtete, die Brücke sei gesperrt worden.",),
        [("die Brücke sei gesperrt worden", IND, "Radio Nord", ORG)],
    ),
    (
        ("Das Dach stürzte ersten Schätzungen zufolge wegen der Schneelast ein.",),
        [("Das Dach stürzte … wegen der Schneelast ein", IND, "erste Schätzungen", OTH)],
    ),
    # The one quoted in the passive, and a fronted adverbial clause that is not what was said.
    (
        ("Dazu wird Gemeindepräsident Rolf Suter so zitiert: «Wir bauen weiter.»",),
        [("Wir bauen weiter.", DIR, "Rolf Suter", PER)],
    ),
    (
        ("Nachdem der Bus verunfallt war, sagte ein Sprecher der Stadtpolizei, es gebe drei Verletzte.",),
        [("es gebe drei Verletzte", IND, "Stadtpolizei", ORG)],
    ),
    # Adverbs between cue and speaker, and an impersonal passive cue before a `dass` clause.
    (
        ("Am Abend meldete dann die Kantonspolizei, die Strasse sei wieder offen.",),
        [("die Strasse sei wieder offen", IND, "Kantonspolizei", ORG)],
    ),
    (
        ("Wie schon die Gemeinde mitteilte, bleibt das Hallenbad bis Juni geschlossen.",),
        [("bleibt das Hallenbad bis Juni geschlossen", IND, "Gemeinde", ORG)],
    ),
    (
        ("Am Morgen war berichtet worden, dass der Bahnhof geräumt werden musste.",),
        [("dass der Bahnhof geräumt werden musste", IND, "unbekannt", ANON)],
    ),
    (("Im Winter wurde das Dach erneuert, danach die Fassade.",), []),
    # Coordinated subjects (the first one speaks), an apposition before an auxiliary, a partly quoted clause.
    (
        ("Die Gemeinde und der Kanton äußerten jedoch Bedenken, ob der Plan genüge.",),
        [("ob der Plan genüge", IND, "Gemeinde", ORG)],
    ),
    (
        ("Der Leiter des Werks, Hans Keller, hat angekündigt, der Umbau werde ein Jahr dauern.",),
        [("der Umbau werde ein Jahr dauern", IND, "Hans Keller", PER)],
    ),
    (
        ("Die «müden Fahrer» hätten «viel zu schnell gebremst», so Gutachterin Eva Roth.",),
        [
            ("Die «müden Fahrer» hätten «viel zu schnell gebremst»", MIX, "Eva Roth", PER),
            ("müden Fahrer", DIR, "Eva Roth", PER),
            ("viel zu schnell gebremst", DIR, "Eva Roth", PER),
        ],
    ),
    # Further verbs of saying, asking and demanding.
    (
        ("Stadtpräsidentin Eva Roth hob hervor, die Schule werde rechtzeitig fertig.",),
        [("die Schule werde rechtzeitig fertig", IND, "Eva Roth", PER)],
    ),
    (
        ("Die Gemeinde wurde vom Verband aufgefordert, die Gebühren zu senken.",),
        [("die Gebühren zu senken", IND, "Verband", ORG)],
    ),
    (
        ("Die Abgeordnete Lea Frei fragte, wer die Kosten trage.",),
        [("wer die Kosten trage", IND, "Lea Frei", PER)],
    ),
    (
        ("Der Ingenieur Paul Stamm erläuterte, die Brücke trage das Gewicht problemlos.",),
        [("die Brücke trage das Gewicht problemlos", IND, "Paul Stamm", PER)],
    ),
    (
        ("Der Richter konstatierte, die Frist sei abgelaufen.",),
        [("die Frist sei abgelaufen", IND, "Richter", OTH)],
    ),
    (
        ("Anna Muster erwähnte, die Anlage werde bald erweitert.",),
        [("die Anlage werde bald erweitert", IND, "Anna Muster", PER)],
    ),
    (
        ("Die Gewerkschaft plädierte dafür, die Löhne zu erhöhen.",),
        [("die Löhne zu erhöhen", IND, "Gewerkschaft", ORG)],
    ),
    (
        ("Der Kanton hat zugesagt, die Kosten zu übernehmen.",),
        [("die Kosten zu übernehmen", IND, "Kanton", ORG)],
    ),
    (
        ("Die Ärztin Mia Kern regte an, die Impfung früher anzubieten.",),
        [("die Impfung früher anzubieten", IND, "Mia Kern", PER)],
    ),
    (
        ("Der Bürgermeister Max Muster hat versprochen, die Straße bis Juni zu sanieren.",),
        [("die Straße bis Juni zu sanieren", IND, "Max Muster", PER)],
    ),
    (
        ("Mehrere Zeitungen vermelden, der Hafen sei seit Montag geschlossen.",),
        [("der Hafen sei seit Montag geschlossen", IND, "Zeitungen", OTH)],
    ),
    (
        ("Beide Parteien hatten vereinbart, die Verhandlungen im Mai fortzusetzen.",),
        [("die Verhandlungen im Mai fortzusetzen", IND, "Parteien", OTH)],
    ),
    # verbs of asking, urging and weighing take what is asked or weighed as an infinitive clause; commissioning and
    # agreeing are acts, what they name was not said
    (
        ("Der Bürgermeister hat die Eltern gebeten, ihre Kinder früher zu holen.",),
        [("ihre Kinder früher zu holen", IND, "Bürgermeister", OTH)],
    ),
    (("Die Stadt beauftragte eine Firma, die Brücke zu sanieren.",), []),
    (("Die Vereine einigten sich darauf, das Turnier im Mai auszutragen.",), []),
    (("Die Stadt einigte sich mit dem Verein auf einen neuen Vertrag.",), []),
    # a relative clause or an apposition on the source of an opening source phrase is not reported; a comma right
    # after the phrase, before the verb, ends nothing
    (
        ("Nach Angaben der Polizei, die den Fall untersucht, wurden drei Menschen verletzt.",),
        [("wurden drei Menschen verletzt", IND, "Polizei", ORG)],
    ),
    (
        ("Nach Angaben der Polizei, wurde der Mann in seinem Haus, wo er lebte, gefunden.",),
        [("wurde der Mann in seinem Haus, wo er lebte, gefunden", IND, "Polizei", ORG)],
    ),
    # a source phrase inside its clause is cut out of it, whatever stands before or after it
    (
        ("Ein Kessel, vermutlich ein alter Boiler, ist nach Angaben der Polizei im Keller geplatzt.",),
        [("Ein Kessel, vermutlich ein alter Boiler, ist … im Keller geplatzt", IND, "Polizei", ORG)],
    ),
    (
        ("Nun wäre der Umbau laut Huber bezugsbereit.",),
        [("Nun wäre der Umbau … bezugsbereit", IND, "Huber", PER)],
    ),
    (
        ("Nach Angaben der Feuerwehr aus Chur wurden zwei Scheunen zerstört.",),
        [("wurden zwei Scheunen zerstört", IND, "Feuerwehr", ORG)],
    ),
    (
        ("Nach Angaben der Polizei und der Feuerwehr sollen drei Menschen verletzt worden sein.",),
        [("sollen drei Menschen verletzt worden sein", IND, "Polizei", ORG)],
    ),
    # a speaker after the verb, with an apposition between commas: the clause starts after the apposition
    (
        ("Am Montag sagte der Sprecher der Polizei, Max Muster, dass der Täter gefasst sei.",),
        [("dass der Täter gefasst sei", IND, "Max Muster", PER)],
    ),
    (
        ("Nach der Lesung sagte Max Muster, Gründer des Verlags: «Wir drucken, was uns gefällt.»",),
        [("Wir drucken, was uns gefällt.", DIR, "Max Muster", PER)],
    ),
    # `und` with a cue verb in the past tense: the speaker goes on, outside the reported clause
    (
        ("Der Wetterdienst teilte mit, dass der Regen anhalte und warnte vor neuen Überschwemmungen.",),
        [("dass der Regen anhalte", IND, "Wetterdienst", ORG)],
    ),
    (
        ("Die Ministerin sagte, sie habe den Bericht gelesen und gesagt bekommen, dass er stimme.",),
        [("sie habe den Bericht gelesen und gesagt bekommen, dass er stimme", IND, "Ministerin", OTH)],
    ),
    (
        ("Die Forscherin Eva Roth verglich die Lage mit einem Sturm, der «alles mit sich reißt».",),
        # a relative pronoun is no reported word: the quote stays direct
        [("alles mit sich reißt", DIR, "Eva Roth", PER)],
    ),
    (
        ("Die Forscherin Eva Roth sagte, ihre «Gedanken sind bei den Opfern».",),
        # one other word outside the marks makes the clause a mixed quote, the quoted words nested in it
        [
            ("ihre «Gedanken sind bei den Opfern»", MIX, "Eva Roth", PER),
            ("Gedanken sind bei den Opfern", DIR, "Eva Roth", PER),
        ],
    ),
    # Without a cue, a quote after an article or a noun is a name or a title, after a statement noun speech.
    (
        ("«Wir sind bereit», sagte Trainerin Eva Roth. Dann sang das Team das Lied «Wir sind die Größten im Land».",),
        [("Wir sind bereit", DIR, "Eva Roth", PER)],
    ),
    (
        ("«Wir sind bereit», sagte Trainerin Eva Roth. Am Abend war sie Gast beim «großen Forum der Wirtschaft».",),
        [("Wir sind bereit", DIR, "Eva Roth", PER)],
    ),
    (
        ("«Wir sind bereit», sagte Trainerin Eva Roth. Sie schloss mit den Worten «Morgen wird ein guter Tag».",),
        [("Wir sind bereit", DIR, "Eva Roth", PER), ("Morgen wird ein guter Tag", DIR, "Eva Roth", PER)],
    ),
    # A capitalised noun is no subjunctive verb (`Stelle`); first person after an interview label is no report.
    (
        ("«Wir sind bereit», sagte Trainerin Eva Roth. An erster Stelle steht für das Team jetzt das Training.",),
        [("Wir sind bereit", DIR, "Eva Roth", PER)],
    ),
    (
        ("Die Trainerin Eva Roth sagte, das Team sei bereit. Roth: Ich denke, wir könnten das Spiel gewinnen.",),
        [("das Team sei bereit", IND, "Eva Roth", PER)],
    ),
    # `könnte` alone after a report states a possibility, it does not continue the report.
    (
        ("Die Trainerin Eva Roth sagte, das Team sei bereit. Die Spiele im Winter könnten ausfallen.",),
        [("das Team sei bereit", IND, "Eva Roth", PER)],
    ),
    # `nach` in time (`nach Abschluss der …`, `nach wie vor`) is no source phrase.
    (("Die Staatsanwaltschaft erhob nach Abschluss der Ermittlungen Anklage gegen den Fahrer.",), []),
    (("Es gibt nach wie vor günstige Ersatzteile für dieses Modell.",), []),
    (("Das Auto fährt mit einer Ladung 300 Kilometer weit, nach anderen Angaben sogar 350 Kilometer.",), []),
    # A short quote inside the speaker phrase is the speaker's name.
    (
        ("Wie die „Aktion Hilfe jetzt“ am Montag mitteilte, seien die Spenden eingetroffen.",),
        [("seien die Spenden eingetroffen", IND, "Aktion Hilfe jetzt", ORG)],
    ),
    (("Laut „beispiel.de“ wurde das Spiel abgesagt.",), [("wurde das Spiel abgesagt", IND, "beispiel.de", ORG)]),
    # A report goes on after `;` when the part after it is in Konjunktiv I.
    (
        ("Die Wirtin sagte, dass der Keller feucht war; der Schimmel an den Wänden sei schon alt.",),
        [("dass der Keller feucht war; der Schimmel an den Wänden sei schon alt", IND, "Wirtin", OTH)],
    ),
    (
        ("Die Wirtin sagte, dass der Keller feucht war; danach schloss sie die Tür.",),
        [("dass der Keller feucht war", IND, "Wirtin", OTH)],
    ),
    # After a source phrase, a colon opening a sentence of its own ends the report; a list after `folgende` does not.
    (
        ("Nach Angaben der Stadt wird die Brücke gesperrt: Ab Montag fahren dort keine Busse mehr.",),
        [("wird die Brücke gesperrt", IND, "Stadt", ORG)],
    ),
    (
        ("Nach Angaben der Stadt gibt es folgende Umwege: Nordring und Südring.",),
        [("gibt es folgende Umwege: Nordring und Südring", IND, "Stadt", ORG)],
    ),
    # A document or a forecast is a statement noun after `nach`; a film named like one is not.
    (
        ("Nach einem internen Dokument der Behörde ist die Brücke marode.",),
        [("ist die Brücke marode", IND, "Behörde", ORG)],
    ),
    (("Nach dem Dokumentarfilm ging das Publikum nach Hause.",), []),
    # An indicative main clause before the first comma frames a subjunctive report: the quote starts after it.
    (
        ("Die Prüfgruppe kam zu dem Ergebnis, dass die Brücke sicher sei.",),
        [("dass die Brücke sicher sei", IND, "Prüfgruppe", OTH)],
    ),
    # A clause opened by `da`, `während` or `warum` before `…, verb X` is fronted, not what was said.
    (("Da der Zug ausgefallen war, entschied sich der Fahrer für den Bus.",), []),
    (("Während die Regierung die Reform lobte, kritisierte die Opposition den Entwurf.",), []),
    # `begründete … mit` summarises a statement: the whole sentence is reported, the fronted clause no quote of its own.
    (
        ("Warum die Sitzung so lange dauerte, begründete der Sprecher mit dem Streit.",),
        [("Warum die Sitzung so lange dauerte, begründete der Sprecher mit dem Streit.", REP, "Sprecher", OTH)],
    ),
    (
        ("Während die Preise stiegen, seien die Löhne gleich geblieben, sagte die Gewerkschaft.",),
        [("Während die Preise stiegen, seien die Löhne gleich geblieben", IND, "Gewerkschaft", ORG)],
    ),
    # `In dem Bericht, der …, heißt es, …`: the report follows `heißt es`, the text is named before it.
    (
        ("In dem Bericht, der am Montag erschien, heißt es, die Kosten seien stark gestiegen.",),
        [("die Kosten seien stark gestiegen", IND, "Bericht", OTH)],
    ),
    # What a speaker does not confirm is not reported.
    (
        ("Ein Sprecher der Reederei wollte nicht bestätigen, dass Matrosen verletzt wurden.",),
        [],
    ),
    # A demonstrative right before the cue verb is its subject.
    (
        ("Die Anwältin rief beim Gericht an. Diese bestätigte, dass die Frist abgelaufen sei.",),
        [("dass die Frist abgelaufen sei", IND, "Anwältin", OTH)],
    ),
    # A quoted name may hold articles and prepositions (`zur`, `ein`, `gegen`).
    (
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
    (
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
    (
        ("Der Verein (Motto: „Wir helfen allen“) erklärte, die Spenden seien eingetroffen.",),
        [("die Spenden seien eingetroffen", IND, "Verein", ORG)],
    ),
    (
        ("Die unter dem Spitznamen „Rotfuchs“ bekannte Sprayerin gab an, die Mauer sei frei zugänglich gewesen.",),
        [("die Mauer sei frei zugänglich gewesen", IND, "Sprayerin", PER)],
    ),
    # A second verb of a subject with its apposition.
    (
        ("Einer der Veranstalter, Oberst Max Muster, dankte den Gästen und ergänzte, das Fest sei gelungen.",),
        [("das Fest sei gelungen", IND, "Max Muster", PER)],
    ),
    # An infinitive clause after a cue verb without a comma; `wusste zu` is no report.
    (
        ("Der Bürgermeister hat am Montag angekündigt bei der nächsten Wahl nicht mehr anzutreten.",),
        [("bei der nächsten Wahl nicht mehr anzutreten", IND, "Bürgermeister", OTH)],
    ),
    (
        ("Die Ärztin rät den Patienten bei Hitze viel Wasser zu trinken.",),
        [("den Patienten bei Hitze viel Wasser zu trinken", IND, "Ärztin", OTH)],
    ),
    (("Die Sängerin wusste das Publikum mit ihrer Stimme zu überzeugen.",), []),
    # A source phrase after a semicolon reports the part after the semicolon.
    (
        (
            "Das Feuer sei am frühen Morgen in der Küche des Restaurants ausgebrochen; "
            "nach Angaben der Feuerwehr gab es keine Verletzten.",
        ),
        [("gab es keine Verletzten", IND, "Feuerwehr", ORG)],
    ),
    # A question put to someone (`Sie`, `Ihrer`) reports nothing; a reported question still continues the report.
    (("Interviewer: Welche Pläne der Regierung sind Ihrer Meinung nach verfehlt?",), []),
    (
        ("Die Ministerin sagte, das Gesetz sei fertig. Wie könne man da noch zweifeln?",),
        [
            ("das Gesetz sei fertig", IND, "Ministerin", OTH),
            ("Wie könne man da noch zweifeln?", FREE, "Ministerin", OTH),
        ],
    ),
    # `gemäß` names a source only when a speaker or a statement follows, not a rule.
    (("Die alte Fabrikhalle wurde gemäß der neuen Verordnung vollständig umgebaut.",), []),
    (
        ("Die Funken flogen gemäß einem Augenzeugen bis zum Nachbarhaus.",),
        [("Die Funken flogen … bis zum Nachbarhaus", IND, "Augenzeugen", OTH)],
    ),
    # A purpose, contrast or relative `was` clause after a cue verb's comma is not what was said.
    (
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
    (("Die Schule hält an der Reform des Stundenplans fest, dennoch will sie keine Fächer streichen.",), []),
    (("Die Gewerkschaft kritisierte den Beschluss des Stadtrats, was eine lange Debatte im Parlament auslöste.",), []),
    (
        ("Die Reporterin fragte den Trainer, was er „nach dieser Niederlage“ ändern wolle.",),
        [
            ("was er „nach dieser Niederlage“ ändern wolle", MIX, "Reporterin", OTH),
            ("nach dieser Niederlage", DIR, "Reporterin", OTH),
        ],
    ),
    # `Dies geht aus X hervor`: a relative clause on X still leaves the sentence before as the report.
    (
        (
            "Die Stadtwerke erhöhen im Frühjahr die Gaspreise um zehn Prozent. "
            "Dies geht aus einem Schreiben an die Kunden hervor, das am Montag verschickt wurde.",
        ),
        [("Die Stadtwerke erhöhen im Frühjahr die Gaspreise um zehn Prozent", IND, "Schreiben", OTH)],
    ),
    (
        ("Die Brauerei schließt ihr Werk. Dies geht aus einem Bericht, den die Lokalzeitung druckte, hervor.",),
        [("Die Brauerei schließt ihr Werk", IND, "Bericht", OTH)],
    ),
    # An acronym ends a genitive chain: the next `der` phrase is the object of the verb.
    (
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
    # `mit der Begründung`, `mit dem Hinweis`, `mit den Worten`, `mit der Aufforderung`: the clause after the comma
    # is what was given.
    (
        ("Die Stadt lehnte den Antrag mit der Begründung ab, das Geld fehle.",),
        [("das Geld fehle", IND, "Stadt", ORG)],
    ),
    (
        ("Am Montag zog die Firma ihr Angebot mit dem Argument zurück, der Preis sei zu hoch.",),
        [("der Preis sei zu hoch", IND, "Firma", ORG)],
    ),
    (
        ("Der Antrag war vom Stadtrat mit dem Hinweis abgelehnt worden, die Kasse sei leer.",),
        [("die Kasse sei leer", IND, "Stadtrat", ORG)],
    ),
    (
        ("Der Antrag wurde mit dem Hinweis abgelehnt, es gebe kein Geld.",),
        [("es gebe kein Geld", IND, "unbekannt", ANON)],
    ),
    (
        ("Der Trainer trat der Kritik mit den Worten entgegen, die Mannschaft habe gut gespielt.",),
        [("die Mannschaft habe gut gespielt", IND, "Trainer", OTH)],
    ),
    # A claim noun (`Vorwurf`, `Meinung`) with its content after a comma in Konjunktiv I: the content is reported.
    (
        ("Auf den Vorwurf der Opposition, der Plan sei zu teuer, reagierte die Regierung gelassen.",),
        [("der Plan sei zu teuer", IND, "Opposition", ORG)],
    ),
    (
        ("Viele Bürger teilen die Meinung, die Steuern seien zu hoch.",),
        [("die Steuern seien zu hoch", IND, "Bürger", OTH)],
    ),
    # After an indefinite article a quote beside a cue is a word the speaker used, not a name.
    (
        ("Der Präsident nannte dies einen „Militärputsch“.",),
        [("Militärputsch", DIR, "Präsident", OTH)],
    ),
    (
        ("Die Ärztin sprach von einer „Zumutung für alle Anwohner“.",),
        [("Zumutung für alle Anwohner", DIR, "Ärztin", OTH)],
    ),
    # Only a `weil`/`da` clause in Konjunktiv I after an indicative main clause: the reason its subject gives.
    (
        ("Die Polizei sagte, die Lage sei ruhig. Die Stadt schloss die Brücke, weil sie einsturzgefährdet sei.",),
        [("die Lage sei ruhig", IND, "Polizei", ORG), ("weil sie einsturzgefährdet sei", IND, "Stadt", ORG)],
    ),
    (
        ("Die Polizei sagte, die Lage sei ruhig. Am Abend sperrte die Stadt den Park, da er überschwemmt sei.",),
        [("die Lage sei ruhig", IND, "Polizei", ORG), ("da er überschwemmt sei", IND, "Stadt", ORG)],
    ),
    # A web address in quotes is a name.
    (
        (
            "Die Sprecherin kommentierte den Umzug laut „nachrichten.example.org“ mit folgenden Worten: "
            "„Das ist ein guter Tag für die Stadt.“",
        ),
        [("Das ist ein guter Tag für die Stadt.", DIR, "Sprecherin", OTH)],
    ),
    # `…, teilte X mit.` with a participle phrase inside X: the noun closing X before the particle is the speaker.
    (
        ("Die Malerin starb am Sonntag im Alter von 84 Jahren, teilte die zum Museum gehörende Stiftung mit.",),
        [("Die Malerin starb am Sonntag im Alter von 84 Jahren", IND, "Stiftung", ORG)],
    ),
    # `hält es für möglich/unwahrscheinlich, dass …` is a cue, also after a pronoun.
    (
        ("Die Forscherin Eva Roth sagte, das Eis schmelze. Sie hält es für möglich, dass der Gletscher bleibt.",),
        [
            ("das Eis schmelze", IND, "Eva Roth", PER),
            ("dass der Gletscher bleibt", IND, "Eva Roth", PER),
        ],
    ),
    (
        ("Trainer Max Muster lobte das Team. Er hielt es für unwahrscheinlich, dass der Stürmer am Samstag spielt.",),
        [("dass der Stürmer am Samstag spielt", IND, "Max Muster", PER)],
    ),
    # A relative clause in Konjunktiv I on the object of a cue verb is reported.
    (
        ("Der Bürgermeister kündigte einen neuen Plan an, der die Innenstadt beleben werde, und lud die Presse ein.",),
        [("der die Innenstadt beleben werde", IND, "Bürgermeister", OTH)],
    ),
    # `beeilten sich, … zu erklären` (plural) is a cue like `beeilte sich`.
    (
        ("Die Sprecher der Stadt beeilten sich, gegenüber den Anwohnern zu versichern, das Fest finde statt.",),
        [("gegenüber den Anwohnern zu versichern, das Fest finde statt", IND, "Stadt", ORG)],
    ),
    (
        ("Der Verband schloss die Versammlung mit der Aufforderung, am Montag geschlossen zu streiken.",),
        [("am Montag geschlossen zu streiken", IND, "Verband", ORG)],
    ),
    # `sagte dieser`: the person named last before it in the sentence, else whom the pronoun refers to.
    (
        ("Im Gespräch mit dem Anwalt der Familie – Peter Huber – sagte dieser, dass der Sohn krank sei.",),
        [("dass der Sohn krank sei", IND, "Peter Huber", PER)],
    ),
    (
        ("Der Richter Max Muster sprach lange. Am Ende sagte dieser, das Urteil sei gerecht.",),
        [("das Urteil sei gerecht", IND, "Max Muster", PER)],
    ),
    # No speech: plain narration, a title in quotes, unbalanced marks.
    (("Am 3. Januar fuhr der Zug um 10.30 Uhr ab. Es regnete.",), []),
    (("Er las die Zeitung «Neue Post» im Zug.",), []),
    (("Der Minister sagte dem «Tages-Anzeiger», die Reform komme.",), [("die Reform komme", IND, "Minister", OTH)]),
    (("Der Begriff «Wutbürger» machte die Runde.",), []),
    (("Ich habe das nie gesagt, sei es aus Angst oder aus Scham.",), []),
    (("Der Film «Das Boot lief im Kino. Danach gingen alle nach Hause.",), []),
]


@pytest.mark.parametrize(("paragraphs", "expected"), CASES)
def test_extract_cases(
    paragraphs: tuple[str, ...], expected: list[tuple[str, QuoteKind, str | None, SourceKind | None]]
) -> None:
    assert [summary(q, paragraphs) for q in quotes_of(*paragraphs)] == expected


# A sentence whose only Konjunktiv I form is one of these regular verbs continues the report before it.
@pytest.mark.parametrize(
    "sentence",
    [
        "Hinter dem Angriff stecke eine kriminelle Bande.",
        "Ob ein Verstoß vorliege, prüft nun das Amt.",
        "Wer die Polizei angreife, verliert jedes Verständnis.",
        "Dass sich die Stadt dem Bündnis anschließe, gilt als sicher.",
        "Der Betrieb ruhe bis zum Ende der Ermittlungen.",
        "Der Schaden beschränke sich auf das Dach.",
        "Wenn die Stadt mehr Busse einsetze, sinkt der Verkehr.",
        "Die Partei kämpfe um jede Stimme.",
        "Kein Wasser gelange in den Fluss.",
        "Das neue Buch erscheine im Herbst.",
        "Die Zahlung erfolge im Mai.",
        "Jeder Mieter bekomme einen Brief.",
        "Das Gesetz umgehe die Verfassung.",
        "Die Zahl basiere auf einer Umfrage.",
        "Der Verlust resultiere aus dem Brand.",
        "Am Wochenende passiere nichts mehr.",
        "Der Verein akzeptiere das Urteil.",
        "Der Bau behindere den Verkehr.",
        "Die Stadt kümmere sich um die Opfer.",
        "Die Entwicklung beunruhige die Anwohner.",
        "Die Mehrheit wünsche sich mehr Radwege.",
    ],
)
def test_konjunktiv_i_of_regular_verbs_continues_the_report(sentence: str) -> None:
    qs = quotes_of(f"Die Sprecherin der Firma erklärte, die Lage sei ruhig. {sentence}")
    assert [summary(q)[:3] for q in qs[1:]] == [(sentence, FREE, "Firma")]


def test_role_is_kept_apart_from_the_name() -> None:
    (q,) = quotes_of("«Wir sind bereit», sagte SRF-Korrespondentin Julia Frei.")
    assert q.source is not None
    assert q.source.name == "Julia Frei"
    assert q.speaker_role == "SRF-Korrespondentin"
    assert q.cue == "sagte"


def test_same_surname_in_two_articles_stays_two_sources() -> None:
    a = quotes_of("«Ja», sagte Stadtrat Peter Huber.")
    b = quotes_of("«Nein», sagte Professorin Maria Huber.")
    assert a[0].source is not None
    assert b[0].source is not None
    assert a[0].source.key != b[0].source.key


def test_quotes_in_the_lede_count_and_offsets_hold() -> None:
    doc = extract(document("«Alles bleibt offen», sagte Direktor Paul Amsler.", "Es schneite."))
    assert [q.paragraph for q in doc.quotes] == [0]
    assert_offsets(doc)


def test_seed_article() -> None:
    doc = extract(read_document(SEED))
    assert_offsets(doc)
    by_text = {q.text: q for q in doc.quotes}

    def source_of(fragment: str) -> tuple[str, SourceKind, str | None]:
        hits = [q for text, q in by_text.items() if fragment in text]
        assert hits, f"no quote contains {fragment!r}"
        q = hits[0]
        assert q.source is not None
        return q.source.name, q.source.kind, q.speaker_role

    huber = ("Judith Huber", PER, "SRF-Auslandredaktorin")
    assert source_of("habe die Unruhen dazu genutzt") == huber
    assert source_of("noch nicht absehbar") == huber
    assert source_of("werfe ein schräges Licht") == huber
    assert source_of("Druck Russlands wahrscheinlich zu gross") == huber
    assert source_of("Doch vermutlich wollte der Kreml") == huber
    assert source_of("terroristischer Banden")[:2] == ("Kassym-Schomart Tokajew", PER)
    assert source_of("nun der Präsident sei")[:2] == ("Kassym-Schomart Tokajew", PER)
    ministry = ("russisches Verteidigungsministerium", ORG)
    assert source_of("Russland hat offenbar damit begonnen")[:2] == ministry
    assert source_of("Zudem habe man")[:2] == ministry
    assert source_of("Es liefen zudem Vorbereitungen")[:2] == ("unbekannt", ANON)
    direct = [q for q in doc.quotes if q.text.startswith("Doch vermutlich")]
    assert direct
    assert direct[0].kind is DIR


def assert_offsets(doc: Document) -> None:
    texts = {p.position: p.text for p in doc.paragraphs}
    for q in doc.quotes:
        assert texts[q.paragraph][q.start : q.end] == q.text
        assert q.text
        assert q.text == q.text.strip()


_PIECES = st.sampled_from(
    [
        "«",
        "»",
        "„",
        "“",
        '"',
        "‹",
        "›",
        "‚",
        "‘",
        ", sagte Anna Muster",
        " so Muster.",
        " Laut der Polizei ",
        " hieß es. ",
        " dass ",
        " sei ",
        " habe ",
        "Das meldet die Stadt. ",
        "Der Minister erklärte: ",
        " Er ",
        "z. B. ",
        "3. Januar ",
        "10'000 ",
        " Wort ",
        ". ",
        ", ",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=25).map("".join), min_size=1, max_size=4))
def test_offsets_invariant(paragraphs: list[str]) -> None:
    texts = [p.strip() or "Leer." for p in paragraphs]
    assert_offsets(extract(document(*texts)))


@pytest.mark.parametrize(
    "text",
    ["in dem es Mängel anprangerte und schilderte", "Nun sagte", "Bericht: in dem es Fehler anprangerte"],
)
def test_paragraph_ending_on_a_cue_verb_without_punctuation(text: str) -> None:
    """A paragraph that ends on a cue verb, without a full stop, leaves nothing after the verb to read."""
    assert extract(document(text)).quotes == ()


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
    ],
)
def test_source_phrase_inside_its_clause_is_cut_out(text: str, pieces: list[str]) -> None:
    """The quote is the clause on both sides of the phrase: two quote spans."""
    [quote] = quotes_of(text)
    assert [text[s.start : s.end] for s in quote.spans if s.role is SpanRole.QUOTE] == pieces


def test_extract_is_deterministic() -> None:
    doc = read_document(SEED)
    assert extract(doc) == extract(doc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Am 3. Januar kam Dr. Meier an. Es regnete.", ["Am 3. Januar kam Dr. Meier an.", "Es regnete."]),
        (
            "Er zahlte z. B. 12,5 Franken bzw. 10'000 Franken. Gut.",
            ["Er zahlte z. B. 12,5 Franken bzw. 10'000 Franken.", "Gut."],
        ),
        (
            "Das war im Jahr 2005. Dann kam Nr. 5 an die Reihe.",
            ["Das war im Jahr 2005.", "Dann kam Nr. 5 an die Reihe."],
        ),
        ("Er sagte: «Ja. Nein.» Dann ging er.", ["Er sagte: «Ja. Nein.»", "Dann ging er."]),
        ("Was nun? Niemand weiss es! Ende.", ["Was nun?", "Niemand weiss es!", "Ende."]),
        # a space lost after the full stop still ends the sentence; an abbreviation or a lower-case host does not
        ("Er sprach von einer Wahl.Danach ging er.", ["Er sprach von einer Wahl.", "Danach ging er."]),
        ("Siehe www.example.org und usw.Die Liste.", ["Siehe www.example.org und usw.Die Liste."]),
    ],
)
def test_sentence_splitter(text: str, expected: list[str]) -> None:
    protected = [(s.open, s.close) for s in quotes.outer(quotes.pair_quotes(text))]
    assert [text[a:b] for a, b in sentences.split(text, protected)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er sagte: «Das ist ‹gut›.» Fertig.", ["Das ist ‹gut›."]),
        ("Sie nannte es »Unsinn« und „Quatsch“.", ["Unsinn", "Quatsch"]),
        ('Er rief "Halt" und "Stopp".', ["Halt", "Stopp"]),
        ("Das war “schlimm” für alle.", ["schlimm"]),
        ("Der Film «Das Boot lief lange.", []),
        ("Peters Hund, Annas Katze und die ’90er Jahre.", []),
    ],
)
def test_quote_pairing(text: str, expected: list[str]) -> None:
    assert [text[s.inner_start : s.inner_end] for s in quotes.outer(quotes.pair_quotes(text))] == expected
