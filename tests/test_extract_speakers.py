"""Who speaks, on sentences written for these tests: names, roles and appositions, the subject found around a cue
verb, and references back to a speaker named earlier (pronouns, surnames, roles)."""

from __future__ import annotations

import pytest
from extract_helpers import DIR, IND, MIX, ORG, OTH, PER, Case, Expected, numbered, quotes_of, summary

CASES: dict[int, Case] = {
    # Surname and pronoun references resolve to the full name named earlier.
    21: (
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
    # A speaker with an apposition, a party in parentheses, a place; a spokesperson for an organisation.
    24: (
        ("Der Sprecher der Stadtwerke, Tim Roth, sagte, die Leitung sei repariert.",),
        [("die Leitung sei repariert", IND, "Tim Roth", PER)],
    ),
    25: (
        ("Nationalrätin Ursula Brand (SP) hat angekündigt, das Referendum zu ergreifen.",),
        [("das Referendum zu ergreifen", IND, "Ursula Brand", PER)],
    ),
    26: (
        ("Ein Sprecher von Migros sagte, man prüfe die Vorwürfe.",),
        [("man prüfe die Vorwürfe", IND, "Migros", ORG)],
    ),
    # A role alone refers back to the person named with that role.
    34: (
        (
            "Bundesrat Beat Jans besuchte die Grenze.",
            "Der Bundesrat sagte, die Lage sei unter Kontrolle.",
        ),
        [("die Lage sei unter Kontrolle", IND, "Beat Jans", PER)],
    ),
    # A cue verb closing a relative clause on the speaker; a source noun phrase inside the sentence.
    35: (
        ("Die Polizei befragte einen Passanten, der angab, den Täter gesehen zu haben.",),
        [("den Täter gesehen zu haben", IND, "Passanten", OTH)],
    ),
    # A passive cue names its speaker with `von`; who is quoted stays the subject of `zitiert`.
    40: (
        ("Der Entscheid wurde vom Stadtrat Max Muster scharf kritisiert, er sei überstürzt.",),
        [("er sei überstürzt", IND, "Max Muster", PER)],
    ),
    41: (
        ("Dazu wird Anna Muster auf der Webseite von Radio Nord so zitiert: «Wir bleiben.»",),
        [("Wir bleiben.", DIR, "Anna Muster", PER)],
    ),
    # A subject too long to follow, closed by a name between commas before the verb.
    43: (
        ("Der Nachfolger des im Mai verstorbenen Gründers, Paul Meier, sagte, die Firma bleibe in Familienbesitz.",),
        [("die Firma bleibe in Familienbesitz", IND, "Paul Meier", PER)],
    ),
    # An apposition left open, a second verb of the same subject, a medium's name in quotes.
    44: (
        ("Der Gast saß im Zug, döste ein, manchmal wurde er wach und hatte gefragt: «Wo bin ich?»",),
        [("Wo bin ich?", DIR, "Gast", OTH)],
    ),
    45: (
        ("Anna Muster, Sprecherin der Stadtwerke kommentierte den Entscheid mit den Worten: «Wir sind enttäuscht.»",),
        [("Wir sind enttäuscht.", DIR, "Anna Muster", PER)],
    ),
    46: (
        ("Gemeinderat Peter Frei lehnte den Antrag ab und ist der Ansicht, dass die Kosten zu hoch seien.",),
        [("dass die Kosten zu hoch seien", IND, "Peter Frei", PER)],
    ),
    # A dative opening the sentence is the addressee; the subject follows the verb.
    47: (
        ("Der regionalen Zeitung sagte Bauer Hans Egli: «Wir haben alles verloren.»",),
        [("Wir haben alles verloren.", DIR, "Hans Egli", PER)],
    ),
    # A genitive belongs to the speaker; an apposition between commas is no reported clause.
    48: (
        ("Die Autoren des Berichts werfen der Stadt vor: «Niemand repariert die Wege.»",),
        [("Niemand repariert die Wege.", DIR, "Autoren des Berichts", OTH)],
    ),
    49: (
        ("Die Stadträtin, Eva Roth, charakterisierte den Entscheid als «Fehler mit Ansage».",),
        [("Fehler mit Ansage", DIR, "Eva Roth", PER)],
    ),
    50: (
        ("Dazu liess Gemeinderätin Ida Kunz verbreiten, die Schule bleibe offen.",),
        [("die Schule bleibe offen", IND, "Ida Kunz", PER)],
    ),
    # A fronted adverb is no speaker, also when spelt with ß.
    51: (
        ("Sinngemäß sagte Pilotin Eva Roth, der Start sei verschoben.", "Anschließend sagte sie, alles sei bereit."),
        [("der Start sei verschoben", IND, "Eva Roth", PER), ("alles sei bereit", IND, "Eva Roth", PER)],
    ),
    # A possessive opening the introduction of a quote refers back to the last speaker.
    55: (
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
    56: (
        ("Den Ärger der Anwohner brachte die Sprecherin des Vereins, Anna Muster, zum Ausdruck: «Es eilt nicht.»",),
        [("Es eilt nicht.", DIR, "Anna Muster", PER)],
    ),
    57: (
        ("Die Äußerungen des Ministers bezeichnete Stadtrat Beat Frei als «Schildbürgerstreich aus Bern».",),
        [("Schildbürgerstreich aus Bern", DIR, "Beat Frei", PER)],
    ),
    # A subject with a relative clause before its cue verb is no reported clause.
    60: (
        ("Anna Muster, eine der Autorinnen, die das Gutachten schrieben, kritisierte die Stadt: «Das reicht nicht.»",),
        [("Das reicht nicht.", DIR, "Anna Muster", PER)],
    ),
    # Particles belong to the name; a surname with its particle refers back to the full name.
    61: (
        (
            "Ministerin Ursula von der Leyen besuchte das Werk.",
            "Von der Leyen betonte, die Stellen seien sicher. De Maizière sagte, man prüfe alles.",
        ),
        [
            ("die Stellen seien sicher", IND, "Ursula von der Leyen", PER),
            ("man prüfe alles", IND, "De Maizière", PER),
        ],
    ),
    62: (
        ("Lena Brandt von Siemens sagte, die Lage sei ernst.",),
        [("die Lage sei ernst", IND, "Lena Brandt", PER)],
    ),
    # The one quoted in the passive, and a fronted adverbial clause that is not what was said.
    67: (
        ("Dazu wird Gemeindepräsident Rolf Suter so zitiert: «Wir bauen weiter.»",),
        [("Wir bauen weiter.", DIR, "Rolf Suter", PER)],
    ),
    68: (
        ("Nachdem der Bus verunfallt war, sagte ein Sprecher der Stadtpolizei, es gebe drei Verletzte.",),
        [("es gebe drei Verletzte", IND, "Stadtpolizei", ORG)],
    ),
    # Coordinated subjects (the first one speaks), an apposition before an auxiliary, a partly quoted clause.
    73: (
        ("Die Gemeinde und der Kanton äußerten jedoch Bedenken, ob der Plan genüge.",),
        [("ob der Plan genüge", IND, "Gemeinde", ORG)],
    ),
    74: (
        ("Der Leiter des Werks, Hans Keller, hat angekündigt, der Umbau werde ein Jahr dauern.",),
        [("der Umbau werde ein Jahr dauern", IND, "Hans Keller", PER)],
    ),
    75: (
        ("Die «müden Fahrer» hätten «viel zu schnell gebremst», so Gutachterin Eva Roth.",),
        [
            ("Die «müden Fahrer» hätten «viel zu schnell gebremst»", MIX, "Eva Roth", PER),
            ("müden Fahrer", DIR, "Eva Roth", PER),
            ("viel zu schnell gebremst", DIR, "Eva Roth", PER),
        ],
    ),
    # a speaker after the verb, with an apposition between commas: the clause starts after the apposition
    98: (
        ("Am Montag sagte der Sprecher der Polizei, Max Muster, dass der Täter gefasst sei.",),
        [("dass der Täter gefasst sei", IND, "Max Muster", PER)],
    ),
    99: (
        ("Nach der Lesung sagte Max Muster, Gründer des Verlags: «Wir drucken, was uns gefällt.»",),
        [("Wir drucken, was uns gefällt.", DIR, "Max Muster", PER)],
    ),
    # A demonstrative right before the cue verb is its subject.
    128: (
        ("Die Anwältin rief beim Gericht an. Diese bestätigte, dass die Frist abgelaufen sei.",),
        [("dass die Frist abgelaufen sei", IND, "Anwältin", OTH)],
    ),
    # A second verb of a subject with its apposition.
    133: (
        ("Einer der Veranstalter, Oberst Max Muster, dankte den Gästen und ergänzte, das Fest sei gelungen.",),
        [("das Fest sei gelungen", IND, "Max Muster", PER)],
    ),
    # `…, teilte X mit.` with a participle phrase inside X: the noun closing X before the particle is the speaker.
    161: (
        ("Die Malerin starb am Sonntag im Alter von 84 Jahren, teilte die zum Museum gehörende Stiftung mit.",),
        [("Die Malerin starb am Sonntag im Alter von 84 Jahren", IND, "Stiftung", ORG)],
    ),
    # `sagte dieser`: the person named last before it in the sentence, else whom the pronoun refers to.
    167: (
        ("Im Gespräch mit dem Anwalt der Familie – Peter Huber – sagte dieser, dass der Sohn krank sei.",),
        [("dass der Sohn krank sei", IND, "Peter Huber", PER)],
    ),
    168: (
        ("Der Richter Max Muster sprach lange. Am Ende sagte dieser, das Urteil sei gerecht.",),
        [("das Urteil sei gerecht", IND, "Max Muster", PER)],
    ),
    # An initial belongs to the name, which a surname refers back to; a lone capital before an article ends the
    # sentence, and the subject of the next one speaks.
    181: (
        (
            "Ähnlich äußerte sich der US-Präsident George W. Bush: „Die Lage ist im Griff.“",
            "Die Märkte seien stabil, sagte Bush.",
        ),
        [
            ("Die Lage ist im Griff.", DIR, "George W. Bush", PER),
            ("Die Märkte seien stabil", IND, "George W. Bush", PER),
        ],
    ),
    182: (
        ("Die Regel steht in Abschnitt B. Der Minister sagte, sie gelte ab Mai.",),
        [("sie gelte ab Mai", IND, "Minister", OTH)],
    ),
    # A lone capitalised word names a person only if nothing says that it is none: a word the article writes after
    # an article is a common noun (a thing or a group); an adverb, a cue verb form, a word with the shape of an
    # adverb or participle, or a unit of time opens the sentence and names no one. A surname after a relative
    # pronoun (`die Meyer gründete`) or alone stays a person.
    186: (
        ("Die Hilfswerke sind vor Ort.", "Hilfswerke befürchten, dass weit mehr Menschen gestorben sind."),
        [("dass weit mehr Menschen gestorben sind", IND, "Hilfswerke", OTH)],
    ),
    187: (
        ("Der Fahrgast stieg in Basel aus.", "Fahrgast: „Ich habe nichts gesehen.“"),
        [("Ich habe nichts gesehen.", DIR, "Fahrgast", OTH)],
    ),
    188: (
        ("Erneut wurden Vorwürfe laut, die Firma habe gelogen.",),
        [("die Firma habe gelogen", IND, None, None)],
    ),
    189: (
        ("Kritisiert wird vor allem, dass die Firma gelogen habe.",),
        [("dass die Firma gelogen habe", IND, None, None)],
    ),
    190: (
        ("Seit dem Jahr 2019 gab es Hinweise, dass die Firma gelogen habe.",),
        [("dass die Firma gelogen habe", IND, None, None)],
    ),
    208: (
        ("Verglichen mit dem Vorjahr stellte sich heraus, dass die Zahl gestiegen ist.",),
        [("dass die Zahl gestiegen ist", IND, None, None)],
    ),
    191: (
        ("Die Firma, die Meyer gründete, wächst.", "Meyer erklärte, die Firma werde verkauft."),
        [("die Firma werde verkauft", IND, "Meyer", PER)],
    ),
    192: (
        ("Hilfswerke befürchten, dass weit mehr Menschen gestorben sind.",),
        [("dass weit mehr Menschen gestorben sind", IND, "Hilfswerke", PER)],
    ),
    # `von` joins a name only after a first name, not after a statement or an abstract noun; a statement in the
    # plural (`Medienberichte`) is no person; a name with a word in capitals is an organisation's, not a person's
    # (an initial is no such word).
    193: (
        ("Einer Meldung von Xinhua zufolge ist die Brücke eingestürzt.",),
        [("ist die Brücke eingestürzt", IND, "Xinhua", ORG)],
    ),
    194: (
        ("Medienberichte meldeten, die Firma sei pleite.",),
        [("die Firma sei pleite", IND, "Medienberichte", OTH)],
    ),
    195: (
        ("Nach Informationen von NORD ONLINE ist die Brücke eingestürzt.",),
        [("ist die Brücke eingestürzt", IND, "NORD ONLINE", ORG)],
    ),
    196: (
        ("Laut George W. Bush ist die Lage ernst.", "Ursula von der Leyen sagte, die Brücke sei eingestürzt."),
        [
            ("ist die Lage ernst", IND, "George W. Bush", PER),
            ("die Brücke sei eingestürzt", IND, "Ursula von der Leyen", PER),
        ],
    ),
    # A medium or organisation named after a noun describing it is the name alone, however it is described (one
    # source, not one per description); a name that completes its head noun (`Staatsanwaltschaft Krefeld`) stays.
    200: (
        (
            "Die chinesische Nachrichtenagentur Xinhua berichtete, die Brücke sei eingestürzt.",
            "Wie Xinhua weiter meldete, wurde niemand verletzt.",
        ),
        [
            ("die Brücke sei eingestürzt", IND, "Xinhua", ORG),
            ("wurde niemand verletzt", IND, "Xinhua", ORG),
        ],
    ),
    201: (
        ("Laut der Menschenrechtsorganisation Human Rights Watch wurden drei Journalisten verhaftet.",),
        [("wurden drei Journalisten verhaftet", IND, "Human Rights Watch", ORG)],
    ),
    202: (
        ("Die Staatsanwaltschaft Krefeld teilte mit, der Mann sei gefasst.",),
        [("der Mann sei gefasst", IND, "Staatsanwaltschaft Krefeld", ORG)],
    ),
    # A role in the genitive before a first and last name is the role (in the nominative), not part of the name;
    # a medium in the genitive describes the name after it.
    203: (
        ("Nach Angaben des Priesters Samaan Ibrahim wurde die Kirche beschädigt.",),
        [("wurde die Kirche beschädigt", IND, "Samaan Ibrahim", PER)],
    ),
    204: (
        ("Nach Angaben des Senders Radio Nord wurde die Kirche beschädigt.",),
        [("wurde die Kirche beschädigt", IND, "Radio Nord", ORG)],
    ),
    # A pronoun in the dative opening the sentence is no one's name.
    205: (
        ("Ihm wird vorgeworfen, die Wahl gefälscht zu haben.",),
        [("die Wahl gefälscht zu haben", IND, None, None)],
    ),
    # A lone word the article writes after `in` or `aus` is a place: speaking, its government, an organisation.
    206: (
        ("Die Wahl in Serbien ist umstritten.", "Serbien erklärte, die Wahl sei gültig."),
        [("die Wahl sei gültig", IND, "Serbien", ORG)],
    ),
    207: (
        ("Meyer wohnt seit Jahren in Bern.", "Meyer erklärte, die Wahl sei gültig."),
        [("die Wahl sei gültig", IND, "Meyer", PER)],
    ),
    # A name in apposition after a role that a cue follows names the speaker; what the role belongs to does not.
    209: (
        ("«Wir bleiben offen», sagte der Sprecher der Stadtwerke, Urs Gerber.",),
        [("Wir bleiben offen", DIR, "Urs Gerber", PER)],
    ),
    210: (
        ("«Das Dorf ist abgeschnitten», sagte die Gemeindepräsidentin von Lauenen, Ida Zahnd.",),
        [("Das Dorf ist abgeschnitten", DIR, "Ida Zahnd", PER)],
    ),
    211: (
        ("«Wir helfen», erklärte der Sprecher, Tom Aebi, am Abend.",),
        [("Wir helfen", DIR, "Tom Aebi", PER)],
    ),
    # counter-examples: a clause after the comma is no apposition; the role's organisation stays the source
    212: (
        ("«Wir bleiben offen», sagte ein Sprecher der Stadtwerke, als die Leitung brach.",),
        [("Wir bleiben offen", DIR, "Stadtwerke", ORG)],
    ),
    # The spokesperson of a role (`des Bürgermeisters`) is no organisation: the role speaks, as a role alone does.
    215: (
        ("Der Sprecher des Bürgermeisters sagte, die Brücke sei sicher.",),
        [("die Brücke sei sicher", IND, "Sprecher", OTH)],
    ),
    216: (
        ("Ein Sprecher von Coop sagte, die Preise blieben stabil.",),
        [("die Preise blieben stabil", IND, "Coop", ORG)],
    ),
    # A noun for a person says whether a later `er` or `sie` can be them.
    213: (
        (
            "Trainer Ottmar Hitzfeld sagte, er vermisse nichts. Seine Frau Beatrix meinte, er sei ruhiger "
            "geworden. Früher habe er gegrübelt, sagte sie. Er habe ihr einmal gesagt: «Der Ball ist rund.»",
        ),
        [
            ("er vermisse nichts", IND, "Ottmar Hitzfeld", PER),
            ("er sei ruhiger geworden", IND, "Beatrix", PER),
            ("Früher habe er gegrübelt", IND, "Beatrix", PER),
            ("Der Ball ist rund.", DIR, "Ottmar Hitzfeld", PER),
        ],
    ),
    214: (
        (
            "Ministerin Anna Roth sagte, sie bleibe im Amt. Ihr Ehemann, Herr Peter Brand, meinte, sie habe recht. "
            "Sie habe ihm gesagt: «Wir schaffen das.»",
        ),
        [
            ("sie bleibe im Amt", IND, "Anna Roth", PER),
            ("sie habe recht", IND, "Peter Brand", PER),
            ("Wir schaffen das.", DIR, "Anna Roth", PER),
        ],
    ),
}


@pytest.mark.parametrize(("paragraphs", "expected"), numbered(CASES))
def test_extract_cases(paragraphs: tuple[str, ...], expected: list[Expected]) -> None:
    assert [summary(q, paragraphs) for q in quotes_of(*paragraphs)] == expected


def test_a_role_in_the_genitive_is_the_role_in_the_nominative() -> None:
    [quote] = quotes_of("Nach Angaben des Priesters Samaan Ibrahim wurde die Kirche beschädigt.")
    assert (quote.source.name if quote.source else None, quote.speaker_role) == ("Samaan Ibrahim", "Priester")


@pytest.mark.parametrize(
    ("opening", "said", "name", "role"),
    [
        (
            "Unter Kanzler Olaf Scholz wurde das Gesetz beschlossen.",
            "Scholz sagte, es sei gut.",
            "Olaf Scholz",
            "Kanzler",
        ),
        ("Aber Trainer Urs Fischer bleibt im Amt.", "Fischer sagte, er sei froh.", "Urs Fischer", "Trainer"),
    ],
)
def test_a_word_opening_a_sentence_is_no_role_before_the_role_and_name_after_it(
    opening: str, said: str, name: str, role: str
) -> None:
    (q,) = quotes_of(opening, said)
    assert (q.source.name if q.source else None, q.speaker_role) == (name, role)


def test_role_is_kept_apart_from_the_name() -> None:
    (q,) = quotes_of("«Wir sind bereit», sagte SRF-Korrespondentin Julia Frei.")
    assert q.source is not None
    assert q.source.name == "Julia Frei"
    assert q.speaker_role == "SRF-Korrespondentin"
    assert q.cue == "sagte"


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        # the role of an apposition is its role word, not the adjective before it
        (
            "Die innenpolitische Sprecherin der Partei, Anna Muster, sagte, die Lage sei ernst.",
            "Anna Muster",
            "Sprecherin",
        ),
        # a role in the genitive names the role, in the nominative; the other part is the person
        ("Nach den Worten des Parteichefs Berns, Max Muster, sei die Wahl verloren.", "Max Muster", "Parteichef"),
        (
            "Der Bau kostet nach Angaben des Sprechers der Gemeinde, Jonas Pfister, drei Millionen.",
            "Jonas Pfister",
            "Sprecher",
        ),
    ],
)
def test_an_apposition_names_the_person_and_the_role(sentence: str, name: str, role: str) -> None:
    (q,) = quotes_of(sentence)
    assert q.source is not None
    assert (q.source.name, q.speaker_role) == (name, role)


def test_same_surname_in_two_articles_stays_two_sources() -> None:
    a = quotes_of("«Ja», sagte Stadtrat Peter Huber.")
    b = quotes_of("«Nein», sagte Professorin Maria Huber.")
    assert a[0].source is not None
    assert b[0].source is not None
    assert a[0].source.key != b[0].source.key
