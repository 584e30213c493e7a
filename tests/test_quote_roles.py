"""The spans of a quote's roles: speaker as written, cue words, frame, addressee, and the medium its cue gives.

Each case is a sentence written for the purpose, with the spans a reader marks, and counter-examples where a
span must not appear. Spans are compared as text (the words of the cue in order, joined by spaces).
"""

from __future__ import annotations

import pytest
from extract_helpers import document, quotes_of

from newsdb.document import Medium, Quote, SpanRole
from newsdb.extract import extract, lexicon


def texts(paragraphs: tuple[str, ...], quote: Quote, role: SpanRole) -> list[str]:
    return [paragraphs[s.paragraph][s.start : s.end] for s in quote.spans_as(role)]


def first_quote(*paragraphs: str) -> Quote:
    found = quotes_of(*paragraphs)
    assert found, paragraphs
    return found[0]


# (sentence, the speaker as written, the cue words)
SPEAKER_AND_CUE = [
    (
        "Der Sprecher der Stadt, Max Muster, sagte, die Busse seien bestellt.",
        "Der Sprecher der Stadt, Max Muster",
        "sagte",
    ),
    ("Die Stadt hat am Montag mitgeteilt, die Busse seien bestellt.", "Die Stadt", "hat mitgeteilt"),
    ("Die Stadt teilte am Montag mit, die Busse seien bestellt.", "Die Stadt", "teilte mit"),
    ("Die Stadt geht davon aus, dass die Busse im Mai kommen.", "Die Stadt", "geht davon aus"),
    ("Die Ministerin äußerte sich zuversichtlich, dass die Busse im Mai kommen.", "Die Ministerin", "äußerte sich"),
    ("Nach Angaben der Polizei wurden drei Personen verletzt.", "Angaben der Polizei", "Nach"),
    ("Nach eigenen Angaben hat die Firma 100 Stellen gestrichen.", "eigenen Angaben", "Nach"),
    ("Laut der Regierung Boliviens ist die Wahl gültig.", "der Regierung Boliviens", "Laut"),
    ("Den Angaben der Feuerwehr zufolge brannte das Dach vollständig aus.", "Den Angaben der Feuerwehr", "zufolge"),
    ("Seiner Meinung nach ist die Reform gescheitert.", "Seiner Meinung", "nach"),
    ("Die Brücke sei sicher, so Bauingenieurin Anna Beispiel.", "Bauingenieurin Anna Beispiel", "so"),
    (
        "Die Brücke sei sicher, hatte Bauingenieurin Anna Beispiel gesagt.",
        "Bauingenieurin Anna Beispiel",
        "hatte gesagt",
    ),
    ("Wie die Kantonspolizei mitteilte, wurde niemand verletzt.", "die Kantonspolizei", "Wie mitteilte"),
    (
        "Ein Sprecher des Ministeriums in Berlin sagte, die Lage sei ruhig.",
        "Ein Sprecher des Ministeriums in Berlin",
        "sagte",
    ),
    ("Max Muster (SPD) sagte, die Lage sei ruhig.", "Max Muster (SPD)", "sagte"),
    ("Die Lage sei ruhig, sagte ein Sprecher der Polizei in Bonn.", "ein Sprecher der Polizei in Bonn", "sagte"),
    ("Die Lage sei ruhig, sagte der Minister in einem Interview.", "der Minister", "sagte"),
    ("Eine Fassung mit Untertiteln ist laut der Verleihfirma in Vorbereitung.", "der Verleihfirma", "laut"),
    ("Ein Augenzeuge, der hinter dem Bus fuhr, sagte, der Fahrer sei zu schnell gewesen.", "Ein Augenzeuge", "sagte"),
    (
        "Der Neubau kostet nach Angaben des Sprechers der Gemeinde, Jonas Pfister, rund drei Millionen Franken.",
        "Angaben des Sprechers der Gemeinde, Jonas Pfister",
        "nach",
    ),
]


@pytest.mark.parametrize(("sentence", "speaker", "cue"), SPEAKER_AND_CUE)
def test_speaker_and_cue_as_written(sentence: str, speaker: str, cue: str) -> None:
    quote = first_quote(sentence)
    assert texts((sentence,), quote, SpanRole.SPEAKER) == [speaker]
    assert " ".join(texts((sentence,), quote, SpanRole.CUE)) == cue


def test_a_cue_split_by_its_speaker_is_one_span_per_word() -> None:
    sentence = "Bei dem Brand wurde niemand verletzt, teilte die Feuerwehr am Abend mit."
    quote = first_quote(sentence)
    assert texts((sentence,), quote, SpanRole.CUE) == ["teilte", "mit"]


@pytest.mark.parametrize(
    ("sentence", "spans"),
    [
        ("Die Stadt geht davon aus, dass die Busse im Mai kommen.", ["geht davon aus"]),
        ("Die Ministerin sprach von einer «Lohnrunde der Enttäuschung».", ["sprach von"]),
        ("Die Stadt hat am Montag mitgeteilt, die Busse seien bestellt.", ["hat", "mitgeteilt"]),
        ("Die Ministerin äußerte sich zuversichtlich, dass die Busse im Mai kommen.", ["äußerte sich"]),
    ],
)
def test_cue_words_only_a_space_apart_are_one_span(sentence: str, spans: list[str]) -> None:
    assert texts((sentence,), first_quote(sentence), SpanRole.CUE) == spans


@pytest.mark.parametrize(
    ("sentence", "addressee"),
    [
        ("Der Minister sagte der Zeitung, die Verhandlungen seien gescheitert.", "der Zeitung"),
        ("Die Ärztin erklärte gegenüber dem Sender, die Lage sei ernst.", "dem Sender"),
        ("Die Gewerkschaft forderte die Regierung auf, die Löhne zu erhöhen.", "die Regierung"),
        ("Die Trainerin sagte in einem Interview mit dem Radio, das Team sei bereit.", "dem Radio"),
    ],
)
def test_addressee(sentence: str, addressee: str) -> None:
    assert texts((sentence,), first_quote(sentence), SpanRole.ADDRESSEE) == [addressee]


@pytest.mark.parametrize(
    "sentence",
    [
        "Am Montag sagte der Minister, die Verhandlungen seien gescheitert.",  # the subject, not an addressee
        "Der Minister kritisierte den Entscheid, die Verhandlungen seien gescheitert.",
        "«Wir sind bereit», sagte die Trainerin am Abend.",
    ],
)
def test_no_addressee(sentence: str) -> None:
    assert texts((sentence,), first_quote(sentence), SpanRole.ADDRESSEE) == []


def test_frame_is_the_cue_sentence_around_its_quote() -> None:
    sentence = "«Wir sind bereit», sagte die Trainerin am Abend in Bern."
    quote = first_quote(sentence)
    assert texts((sentence,), quote, SpanRole.FRAME) == [", sagte die Trainerin am Abend in Bern"]


def test_frame_of_a_source_phrase_is_the_phrase() -> None:
    sentence = "Ein Risiko bestehe nach Angaben der Staatsanwaltschaft nicht mehr."
    assert texts((sentence,), first_quote(sentence), SpanRole.FRAME) == ["nach Angaben der Staatsanwaltschaft"]


def test_frame_of_a_source_phrase_takes_the_comma_closing_its_apposition() -> None:
    sentence = "Der Neubau kostet laut dem Sprecher der Gemeinde, Jonas Pfister, rund drei Millionen Franken."
    assert texts((sentence,), first_quote(sentence), SpanRole.FRAME) == [
        "laut dem Sprecher der Gemeinde, Jonas Pfister,"
    ]


def test_frame_starts_after_a_semicolon_before_the_cue() -> None:
    sentence = "Das Haus brannte ab; die Feuerwehr sagte am Abend, dass niemand verletzt worden sei."
    quote = first_quote(sentence)
    assert texts((sentence,), quote, SpanRole.SPEAKER) == ["die Feuerwehr"]
    assert texts((sentence,), quote, SpanRole.FRAME) == ["die Feuerwehr sagte am Abend,"]


def test_a_time_before_the_cue_is_in_the_frame() -> None:
    """The colon of `10:05` ends no clause, as a `:` or `;` before the cue does."""
    sentence = "Um 10:05 Uhr meldete der Sender, die Straße sei gesperrt."
    assert texts((sentence,), first_quote(sentence), SpanRole.FRAME) == ["Um 10:05 Uhr meldete der Sender,"]


def test_a_continuation_names_its_speaker_where_the_report_did() -> None:
    paragraphs = (
        "Bürgermeisterin Anna Beispiel sagte am Montag, die Stadt baue eine neue Schule.",
        "Sie werde im Herbst 2026 eröffnet.",
    )
    found = quotes_of(*paragraphs)
    continued = [q for q in found if q.paragraph == 1]
    assert continued
    spans = continued[0].spans_as(SpanRole.SPEAKER)
    assert [(s.paragraph, paragraphs[s.paragraph][s.start : s.end]) for s in spans] == [
        (0, "Bürgermeisterin Anna Beispiel")
    ]
    assert continued[0].spans_as(SpanRole.CUE) == ()
    assert continued[0].spans_as(SpanRole.FRAME) == ()


@pytest.mark.parametrize(
    ("sentence", "medium"),
    [
        ("Die Ministerin schrieb, die Reform sei gescheitert.", Medium.WRITING),
        ("Die Ministerin hofft, dass die Reform gelingt.", Medium.THOUGHT),
        ("Die Ministerin sagte, die Reform sei gescheitert.", Medium.SPEECH),
        ("Laut der Ministerin ist die Reform gescheitert.", None),  # a source phrase does not say how
    ],
)
def test_medium_from_the_cue_verb(sentence: str, medium: Medium | None) -> None:
    assert first_quote(sentence).medium is medium


def test_cue_media_name_entries_of_the_cue_verbs() -> None:
    labels = {line.partition(":")[0].strip() for line in lexicon.lines("cue_verbs")}
    for line in lexicon.lines("cue_media"):
        medium, _, names = line.partition(":")
        assert medium.strip() in {m.value for m in Medium}, line
        for name in names.split(","):
            assert name.strip() in labels, f"cue_media.txt: {name.strip()!r} is no entry of cue_verbs.txt"


def test_spans_lie_within_their_paragraphs() -> None:
    paragraphs = (
        "«Wir sind bereit», sagte die Trainerin. Sie hoffe auf einen Sieg.",
        "Nach Angaben des Verbands kamen 10.000 Zuschauer, sagte ein Sprecher der Gegenseite.",
    )
    for quote in extract(document(*paragraphs)).quotes:
        for span in quote.spans:
            assert 0 <= span.start < span.end <= len(paragraphs[span.paragraph])
            assert span.paragraph <= quote.paragraph
