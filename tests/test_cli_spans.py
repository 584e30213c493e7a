"""`newsdb show` marks speaker mentions and cues; `show --json` and `quotes --json` carry spans and nesting."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner, Result
from spans_corpus import spans_document
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from newsdb import queries
from newsdb.cli import main
from newsdb.cli.article import _highlighted
from newsdb.document import Quote, QuoteKind, Span, SpanRole
from newsdb.parse import parse
from newsdb.store.rows import article_rows
from newsdb.store.writer import ArticleWriter


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--url", url, *args], catch_exceptions=False)


def _store(engine: Engine) -> None:
    with engine.begin() as connection:
        ArticleWriter(connection).write([article_rows(spans_document())])


def test_show_marks_speaker_mentions_and_cues_readably_without_colour(engine: Engine, empty_url: str) -> None:
    _store(engine)
    result = run(empty_url, "show", "spans")
    assert result.exit_code == 0, result.output
    assert "[SRF-Auslandredaktorin Judith Huber] /sagte/ am Montag in Bern den Journalisten," in result.output
    assert "«Wir kommen», /sagte/ [Huber], «bestimmt wieder.» [Sie] /bezeichnete/ die Lösung" in result.output
    assert "Das Projekt sei gescheitert. Niemand habe zugehört." in result.output  # no speaker, no cue: no marks


def test_show_styles_the_marks_on_a_terminal() -> None:
    document = spans_document()
    text = _highlighted(document, 2, document.sections[0].paragraphs[2].text)
    styled = {(text.plain[s.start : s.end], str(s.style)) for s in text.spans}
    assert ("Huber", "bold magenta") in styled
    assert ("sagte", "italic yellow") in styled
    assert ("Wir kommen", "bold cyan") in styled
    assert ("[", "dim") in styled


def test_show_json_has_spans_with_their_text_and_the_parent(engine: Engine, empty_url: str) -> None:
    _store(engine)
    shown = json.loads(run(empty_url, "show", "spans", "--json").output)
    first, nested = shown["quotes"][0], shown["quotes"][1]
    assert [(s["role"], s["text"]) for s in first["spans"]] == [
        ("quote", "die Lage sei «völlig unklar» und man müsse warten"),
        ("speaker", "SRF-Auslandredaktorin Judith Huber"),
        ("cue", "sagte"),
        ("frame", "am Montag in Bern"),
        ("addressee", "den Journalisten"),
    ]
    assert (first["parent"], first["medium"], nested["parent"], nested["kind"]) == (None, "speech", 0, "direct")
    running_on = shown["quotes"][2]["spans"]
    assert [(s["paragraph"], s["text"]) for s in running_on if s["role"] == "quote"] == [
        (2, "Wir kommen"),
        (2, "bestimmt wieder."),
        (3, "Niemand habe zugehört"),
    ]


def test_quotes_json_has_spans_and_parent_ids_and_csv_stays_flat(engine: Engine, empty_url: str) -> None:
    _store(engine)
    found = json.loads(run(empty_url, "quotes", "--json").output)
    by_text = {q["text"]: q for q in found}
    outer, inner = by_text["die Lage sei «völlig unklar» und man müsse warten"], by_text["völlig unklar"]
    assert (outer["parent_id"], inner["parent_id"]) == (None, outer["quote_id"])
    assert (outer["medium"], inner["medium"]) == ("speech", "speech")  # `sagte`, for the quoted words too
    assert {"role": "cue", "paragraph": 1, "start": 35, "end": 40, "text": "sagte"} in outer["spans"]
    assert [s["role"] for s in inner["spans"]] == ["quote"]
    lines = [json.loads(line) for line in run(empty_url, "quotes", "--nl").output.splitlines()]
    assert [q["spans"] for q in lines] == [q["spans"] for q in found]
    header = next(csv.reader(io.StringIO(run(empty_url, "quotes", "--csv").output)))
    assert "spans" not in header
    reported = json.loads(run(empty_url, "quotes", "--kind", "reported", "--json").output)
    assert [q["text"] for q in reported] == ["die Lösung als Irrweg"]


def test_marks_of_one_word_that_is_speaker_and_cue_nest() -> None:
    """`Demnach` is the speaker mention and the cue of the quote after it: one pair of marks inside the other."""
    text = "Die Polizei veröffentlichte einen Bericht. Demnach sei der Fahrer zu schnell gefahren."
    word = (text.index("Demnach"), text.index("Demnach") + len("Demnach"))
    start, end = text.index("sei der"), len(text) - 1
    spans = (Span(SpanRole.QUOTE, 1, start, end), Span(SpanRole.SPEAKER, 1, *word), Span(SpanRole.CUE, 1, *word))
    quote = Quote(1, start, end, text[start:end], QuoteKind.INDIRECT, cue="demnach", spans=spans)
    document = parse(f" date 2024-05-01 Ein Bericht liegt vor.\n\n{text}\n", external_id="bericht").with_quotes(
        (quote,)
    )
    assert _highlighted(document, 1, text).plain == (
        "Die Polizei veröffentlichte einen Bericht. [/Demnach/] sei der Fahrer zu schnell gefahren."
    )


PIECES = "Wir kommen … bestimmt wieder. … Niemand habe zugehört"  # one quote in three pieces over two paragraphs


def test_quote_words_joins_the_pieces_of_quotes_in_several_pieces_only(engine: Engine) -> None:
    _store(engine)
    with Session(engine) as session:
        ids = {q.text: q.quote_id for q in queries.quotes(session)}
        assert queries.quote_words(session, list(ids.values())) == {ids["Wir kommen"]: PIECES}
        assert queries.quote_words(session, [ids["völlig unklar"]]) == {}


def test_tables_of_quotes_show_all_pieces_of_a_quote_and_csv_its_first(engine: Engine, empty_url: str) -> None:
    _store(engine)
    for command in (["quotes"], ["show", "spans"]):
        result = CliRunner().invoke(main, ["--url", empty_url, *command], env={"COLUMNS": "300"})
        assert result.exit_code == 0, result.output
        assert PIECES in result.output
    flat = run(empty_url, "quotes", "--csv").output
    assert [row["text"] for row in csv.DictReader(io.StringIO(flat)) if row["text"].startswith("Wir")] == ["Wir kommen"]
