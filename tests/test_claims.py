"""Claims passed on with `soll` (free indirect quotes): where the claim starts, and when a planned `soll` is one;
relative clauses after a cue that report nothing."""

from __future__ import annotations

import pytest
from extract_helpers import quotes_of

from newsdb.document import QuoteKind, SourceKind

FREE = QuoteKind.FREE_INDIRECT


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        # a colon introduces the claim: what stands before it is the article's own
        (
            "Bei der Prüfung kam Neues zu Tage: Der Kassier soll Geld unterschlagen haben.",
            "Der Kassier soll Geld unterschlagen haben.",
        ),
        # a colon in a time is no introduction: the claim is the whole sentence
        (
            "Am Freitag um 11:40 Uhr soll ein Mann seine Frau erschossen haben.",
            "Am Freitag um 11:40 Uhr soll ein Mann seine Frau erschossen haben.",
        ),
        # a main clause and its comma before the claim
        (
            "Ein Koch wurde am Montag entlassen, er soll dem Konkurrenten die Rezepte verraten haben.",
            "er soll dem Konkurrenten die Rezepte verraten haben.",
        ),
        # a comma right before `soll` closes the subject's apposition: the whole sentence is the claim
        (
            "Der Kassier des Vereins, ein pensionierter Lehrer, soll Geld unterschlagen haben.",
            "Der Kassier des Vereins, ein pensionierter Lehrer, soll Geld unterschlagen haben.",
        ),
        # a fronted subordinate clause belongs to the claim
        (
            "Als der Zug im Bahnhof hielt, sollen mehrere Schüsse gefallen sein.",
            "Als der Zug im Bahnhof hielt, sollen mehrere Schüsse gefallen sein.",
        ),
    ],
)
def test_claim_starts_after_its_introduction(text: str, claim: str) -> None:
    assert [(q.text, q.kind) for q in quotes_of(text)] == [(claim, FREE)]


def test_a_plan_right_after_a_report_is_the_source_s_free_indirect_quote() -> None:
    report, plan = "Der Sprecher sagte, der Konzern baue um.", "Bis zum Herbst sollen zwei Filialen schließen."
    qs = quotes_of(f"{report} {plan}")
    assert [(q.text, q.kind) for q in qs] == [("der Konzern baue um", QuoteKind.INDIRECT), (plan, FREE)]
    assert qs[1].source == qs[0].source
    assert qs[1].cue == "sollen"


def test_a_plan_without_a_report_before_it_is_no_quote() -> None:
    assert quotes_of("Die Stadt baut eine neue Brücke. Sie soll im Herbst eröffnet werden.") == []
    # a report reaches no plan over a paragraph break, not even one closing the paragraph before
    report, plan = "Die Ministerin sagte, die Lage sei ernst.", "Die neue Schule soll im Herbst eröffnen."
    assert [q.kind for q in quotes_of(f"{report} {plan}")] == [QuoteKind.INDIRECT, FREE]
    assert [q.kind for q in quotes_of(report, plan)] == [QuoteKind.INDIRECT]
    assert [q.kind for q in quotes_of(f"{report} Die Arbeiten ruhen.", plan)] == [QuoteKind.INDIRECT]


def test_a_relative_clause_after_a_preposition_is_no_reported_clause() -> None:
    """`spricht von drei Tresoren, auf die …`: the relative clause describes the object; the sentence summarises
    what was said (a reported quote), while an infinitive after a preposition still reports (`…, für die Armee
    spioniert zu haben`)."""
    text = "Die Zeitung spricht von drei Tresoren, auf die es die Einbrecher abgesehen hatten."
    assert [(q.text, q.kind) for q in quotes_of(text)] == [(text, QuoteKind.REPORTED)]
    accused = "Die Rebellen warfen dem Mann vor, für die fremde Armee spioniert zu haben."
    assert [(q.text, q.kind) for q in quotes_of(accused)] == [
        ("für die fremde Armee spioniert zu haben", QuoteKind.INDIRECT)
    ]


def test_consecutive_claims_after_a_report_are_one_quote_however_many() -> None:
    plans = "Die Steuer soll steigen. Die Einnahmen sollen der Bildung dienen. Die Mehrwertsteuer soll bleiben."
    qs = quotes_of(f"Die Partei sagte, sie wolle umverteilen. {plans}")
    assert [(q.text, q.kind) for q in qs] == [("sie wolle umverteilen", QuoteKind.INDIRECT), (plans, FREE)]


def test_a_konjunktiv_ii_sentence_right_after_a_report_without_a_speaker_goes_on_with_it() -> None:
    """`Demnach …` names no speaker; the next sentence in Konjunktiv II still continues its report."""
    going_on = "Er hätte das Spiel viel zu früh abgepfiffen."
    qs = quotes_of(f"Demnach steht der Schiedsrichter in der Kritik. {going_on}")
    assert [(q.text, q.kind) for q in qs][1:] == [(going_on, FREE)]
    # without a report before it, Konjunktiv II is a plain conditional
    assert quotes_of(f"Der Schiedsrichter steht in der Kritik. {going_on}") == []


def test_a_preterite_that_looks_like_konjunktiv_ii_does_not_go_on_with_a_report() -> None:
    qs = quotes_of("Der Sprecher sagte, die Lage sei ruhig. Am Abend gingen in der Stadt die Lichter aus.")
    assert [q.text for q in qs] == ["die Lage sei ruhig"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Was die Bürger wirklich wollten, sei eine schnelle Lösung.",
        "Beim Sturm im Winter 2011, dessen Stärke kleiner war, seien 40 Helfer unterwegs gewesen.",
    ],
)
def test_a_fronted_w_clause_or_a_relative_clause_is_no_frame(sentence: str) -> None:
    """The comma closes a fronted `was` clause or opens a relative clause: the whole sentence goes on with the
    report, nothing before the comma frames it."""
    qs = quotes_of(f"Der Sprecher sagte, man sei vorbereitet. {sentence}")
    assert [(q.text, q.kind) for q in qs][1:] == [(sentence, FREE)]


def test_consecutive_claims_keep_the_first_claim_s_source() -> None:
    """Two claims after a paragraph break: anonymous, even though a speaker was active in the paragraph before."""
    claims = "Ein Teil der Kosten soll schon gedeckt sein. Die Investoren sollen aus dem Tourismus stammen."
    qs = quotes_of("Der Präsident sagte, das Projekt sei bekannt.", claims)
    assert [(q.text, q.kind) for q in qs][1:] == [(claims, FREE)]
    assert qs[1].source is not None
    assert qs[1].source.kind is SourceKind.ANONYMOUS
