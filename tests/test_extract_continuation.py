"""Reports that go on past their sentence, on sentences written for these tests: free indirect speech in
Konjunktiv I or II, a report attributed by the next sentence, and what ends a report."""

from __future__ import annotations

import pytest
from extract_helpers import DIR, FREE, IND, ORG, OTH, PER, REP, Case, Expected, numbered, quotes_of, summary

CASES: dict[int, Case] = {
    # A report attributed by the next sentence, and its subjunctive continuation.
    20: (
        (
            "Die Armee hat mit dem Abzug der Truppen begonnen. Das meldet das polnische Verteidigungsministerium. "
            "Zudem habe man alle Stellungen geräumt.",
        ),
        [
            ("Die Armee hat mit dem Abzug der Truppen begonnen", IND, "polnisches Verteidigungsministerium", ORG),
            ("Zudem habe man alle Stellungen geräumt.", FREE, "polnisches Verteidigungsministerium", ORG),
        ],
    ),
    # Subjunctive sentences continue the speaker of the previous report.
    23: (
        ("Oppositionsführer Jan Meier kritisierte, das Gesetz sei verfassungswidrig. Seine Partei werde klagen.",),
        [
            ("das Gesetz sei verfassungswidrig", IND, "Jan Meier", PER),
            ("Seine Partei werde klagen.", FREE, "Jan Meier", PER),
        ],
    ),
    # A Konjunktiv I sentence reports on its own: the speaker is the one acting just before.
    33: (
        ("Die Kantonspolizei sucht Zeugen. Der Täter sei etwa 30 Jahre alt.",),
        [("Der Täter sei etwa 30 Jahre alt.", FREE, "Kantonspolizei", ORG)],
    ),
    # A sentence stating with `war`, `ist`, `hat` does not go on with the report, whatever conditional follows.
    54: (
        ("Eva Roth sagte, die Lage sei ernst. Der Schnee war nass, deshalb dürfte das Dach eingestürzt sein.",),
        [("die Lage sei ernst", IND, "Eva Roth", PER)],
    ),
    # A name that is no noun phrase (`ohne` inside), and Konjunktiv II continuing a cue without a clause.
    63: (
        ("Ingenieure ohne Grenzen teilte gestern mit, zwei Teams seien angekommen. Ein drittes sei noch unterwegs.",),
        [
            ("zwei Teams seien angekommen", IND, "Ingenieure ohne Grenzen", ORG),
            ("Ein drittes sei noch unterwegs.", FREE, "Ingenieure ohne Grenzen", ORG),
        ],
    ),
    64: (
        ("Die Regierung warnt vor Überschwemmungen. Die Pumpwerke befänden sich am Ende ihrer Leistung.",),
        [
            ("Die Regierung warnt vor Überschwemmungen.", REP, "Regierung", ORG),
            ("Die Pumpwerke befänden sich am Ende ihrer Leistung.", FREE, "Regierung", ORG),
        ],
    ),
    # A capitalised noun is no subjunctive verb (`Stelle`); first person after an interview label is no report.
    107: (
        ("«Wir sind bereit», sagte Trainerin Eva Roth. An erster Stelle steht für das Team jetzt das Training.",),
        [("Wir sind bereit", DIR, "Eva Roth", PER)],
    ),
    108: (
        ("Die Trainerin Eva Roth sagte, das Team sei bereit. Roth: Ich denke, wir könnten das Spiel gewinnen.",),
        [("das Team sei bereit", IND, "Eva Roth", PER)],
    ),
    # `könnte` alone after a report states a possibility, it does not continue the report.
    109: (
        ("Die Trainerin Eva Roth sagte, das Team sei bereit. Die Spiele im Winter könnten ausfallen.",),
        [("das Team sei bereit", IND, "Eva Roth", PER)],
    ),
    # A report goes on after `;` when the part after it is in Konjunktiv I.
    115: (
        ("Die Wirtin sagte, dass der Keller feucht war; der Schimmel an den Wänden sei schon alt.",),
        [("dass der Keller feucht war; der Schimmel an den Wänden sei schon alt", IND, "Wirtin", OTH)],
    ),
    116: (
        ("Die Wirtin sagte, dass der Keller feucht war; danach schloss sie die Tür.",),
        [("dass der Keller feucht war", IND, "Wirtin", OTH)],
    ),
    # A question put to someone (`Sie`, `Ihrer`) reports nothing; a reported question still continues the report.
    138: (("Interviewer: Welche Pläne der Regierung sind Ihrer Meinung nach verfehlt?",), []),
    139: (
        ("Die Ministerin sagte, das Gesetz sei fertig. Wie könne man da noch zweifeln?",),
        [
            ("das Gesetz sei fertig", IND, "Ministerin", OTH),
            ("Wie könne man da noch zweifeln?", FREE, "Ministerin", OTH),
        ],
    ),
}


@pytest.mark.parametrize(("paragraphs", "expected"), numbered(CASES))
def test_extract_cases(paragraphs: tuple[str, ...], expected: list[Expected]) -> None:
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
