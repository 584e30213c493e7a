"""Tests of `newsdb.render`: the canonical form, and parse and render as inverses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from newsdb.document import DatePrecision, Document, Paragraph, ParagraphKind, Section
from newsdb.errors import ParseError
from newsdb.parse import decode, parse
from newsdb.render import format_date, render

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_30d5db4ca1753fdf.txt"
DOCUMENTS = Path(__file__).resolve().parent / "documents"
CANONICAL = ["gemeinderat.txt", "hagel.txt", "rueckblick.txt", "schaltjahr_canonical.txt"]


def body(position: int, text: str) -> Paragraph:
    return Paragraph(position, ParagraphKind.BODY, text)


def test_seed_renders_back_byte_for_byte() -> None:
    data = SEED.read_bytes()
    assert render(parse(data.decode("utf-8"), external_id=SEED.stem)).encode("utf-8") == data


@pytest.mark.parametrize("name", CANONICAL)
def test_canonical_documents_render_back_byte_for_byte(name: str) -> None:
    data = (DOCUMENTS / name).read_bytes()
    assert render(parse(decode(data), external_id="x")).encode("utf-8") == data


def test_sloppy_input_renders_canonically() -> None:
    messy = decode((DOCUMENTS / "schaltjahr_messy.txt").read_bytes())
    canonical = (DOCUMENTS / "schaltjahr_canonical.txt").read_text(encoding="utf-8")
    assert render(parse(messy, external_id="x")) == canonical


def test_render_layout() -> None:
    document = Document(
        external_id="x",
        published_on=date(2022, 1, 5),
        date_precision=DatePrecision.DAY,
        sections=(
            Section(0, None, (Paragraph(0, ParagraphKind.LEDE, "Der Lede."), body(1, "Eins.\nNoch eins."))),
            Section(1, "Hintergrund", ()),
            Section(2, "Wie weiter?", (body(2, "Zwei."), body(3, "Drei."))),
        ),
    )
    assert render(document) == (
        " date 2022-01-05 Der Lede.\n\nEins.\nNoch eins.\n\nHintergrund\n\nWie weiter?\n\nZwei.\n\nDrei."
    )


@pytest.mark.parametrize(
    ("published_on", "precision", "header"),
    [
        (date(2022, 1, 1), DatePrecision.YEAR, " date 2022 "),
        (date(2022, 1, 1), DatePrecision.MONTH, " date 2022-01 "),
        (date(2022, 1, 1), DatePrecision.DAY, " date 2022-01-01 "),
        (date(2022, 11, 30), DatePrecision.DAY, " date 2022-11-30 "),
        (date(2022, 11, 30), DatePrecision.MONTH, " date 2022-11 "),
        (date(2022, 11, 30), DatePrecision.YEAR, " date 2022 "),
        (date(987, 3, 4), DatePrecision.DAY, " date 0987-03-04 "),
        (date(5, 1, 1), DatePrecision.YEAR, " date 0005 "),
    ],
)
def test_date_by_precision(published_on: date, precision: DatePrecision, header: str) -> None:
    lede = Section(0, None, (Paragraph(0, ParagraphKind.LEDE, "Lede."),))
    document = Document("x", published_on, precision, (lede,))
    assert render(document) == header + "Lede."
    assert format_date(document) == header.strip().removeprefix("date ")


# --- parse(render(d)) == d for generated canonical documents ---

LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßéè"
WORD = st.text(LETTERS, min_size=1, max_size=10)
CAPITALIZED = WORD.map(lambda word: word[0].upper() + word[1:])
NUMBER = st.one_of(
    st.integers(1000, 10**7).map(lambda n: f"{n:,}".replace(",", "'")),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda pair: f"{pair[0]},{pair[1]}"),
    st.integers(0, 2100).map(str),
)
QUOTED = st.tuples(st.sampled_from(["«»", "„“", '""', "‹›", "‚‘"]), WORD).map(lambda q: q[0][0] + q[1] + q[0][1])
TOKEN = st.one_of(WORD, WORD, CAPITALIZED, NUMBER, QUOTED, st.sampled_from(["–", "-", "(sda)", "10%", "usw.", "z.B."]))
# Separators inside a paragraph: spaces of several kinds, tabs, and line breaks (with indentation).
SEPARATOR = st.sampled_from([" ", " ", " ", " ", "\u00a0", "\u202f", "\t", "  ", "\n", "\n  "])
SENTENCE_END = st.sampled_from([".", "!", "?", "…", ".»", "?“", '."', ":", ""])
# The last sentence of a paragraph never ends like a heading.
PARAGRAPH_END = st.sampled_from([".", "!", ".»", "!«", ".“", '."', "…", ".)"])


@st.composite
def sentences(draw: st.DrawFn, end: st.SearchStrategy[str]) -> str:
    words: list[str] = [draw(CAPITALIZED), *draw(st.lists(TOKEN, max_size=12))]
    text = words[0]
    for word in words[1:]:
        text += draw(SEPARATOR) + word
    return text + draw(end)


@st.composite
def paragraph_texts(draw: st.DrawFn, *, indent: bool = True) -> str:
    parts = [draw(sentences(SENTENCE_END)) for _ in range(draw(st.integers(0, 3)))]
    parts.append(draw(sentences(PARAGRAPH_END)))
    text = parts[0]
    for part in parts[1:]:
        text += draw(SEPARATOR) + part
    return (draw(st.sampled_from(["", "", "", " ", "  "])) if indent else "") + text


# Heading words are chosen so that every heading reads as one: a capitalized first word, no sentence break,
# no clause, at most four words before a final colon.
HEADING_FIRST = st.sampled_from(
    ["Mehr", "Wie", "Armenien", "Streitpunkt", "Über", "Ärger", "Zürich", "Neue", "Kritik", "Plan", "Wahlen",
     "Reaktionen", "Hintergrund", "Machtdemonstration", "Was", "«Wir", "„Tag", "…", "EU", "Eine"]
)  # fmt: skip
HEADING_WORD = st.one_of(
    st.sampled_from(["als", "in", "der", "Zwickmühle", "um", "10'000", "12,5", "Franken", "geht", "es", "weiter",
                     "bleiben»", "Wahrheit“", "und", "B", "St. Gallen", "Dr. Meier", "–", "2014", "Russlands"]),
    WORD,
)  # fmt: skip


# The finite auxiliaries that make a line ending in `:` a clause introducing a list (`Die Gründe sind:`).
COLON_CLAUSE_VERBS = frozenset(
    {"ist", "sind", "war", "waren", "wird", "werden", "wurde", "wurden", "hat", "haben", "hatte", "hatten",
     "gibt", "gab"}
)  # fmt: skip


@st.composite
def headings(draw: st.DrawFn) -> str:
    words = [draw(HEADING_FIRST), *draw(st.lists(HEADING_WORD, min_size=1, max_size=5))]
    if words[0] == "…":
        words[0] = "… " + draw(WORD)  # an ellipsis needs a letter after it
    if words[-1][-1] in "»“–":  # a heading never ends in a quote or dash
        words.append("Ende")
    end = draw(st.sampled_from(["", "", "?", ":"]))
    if end == ":" and (sum(len(word.split()) for word in words) > 4 or COLON_CLAUSE_VERBS & set(words)):
        end = ""  # a line ending in `:` with more words, or a finite auxiliary, introduces a list
    return " ".join(words) + end


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """Canonical documents: what `parse` can produce, with text as `render` writes it."""
    precision = draw(st.sampled_from(DatePrecision))
    day = draw(st.dates(date(1, 1, 1), date(9999, 12, 31)))
    if precision is not DatePrecision.DAY:
        day = day.replace(day=1)
    if precision is DatePrecision.YEAR:
        day = day.replace(month=1)

    lede = draw(st.one_of(paragraph_texts(indent=False), headings(), sentences(SENTENCE_END)))
    paragraphs = [Paragraph(0, ParagraphKind.LEDE, lede)]
    for _ in range(draw(st.integers(0, 3))):
        paragraphs.append(body(len(paragraphs), draw(paragraph_texts())))
    sections = [Section(0, None, tuple(paragraphs))]
    position = len(paragraphs)
    count = draw(st.integers(0, 4))
    for index in range(1, count + 1):
        # No two empty sections in a row (three headings in a row are a list), and the last one has text.
        must_have_text = index == count or not sections[-1].paragraphs
        texts = draw(st.lists(paragraph_texts(), min_size=1 if must_have_text else 0, max_size=3))
        paragraphs = [body(position + offset, text) for offset, text in enumerate(texts)]
        position += len(paragraphs)
        sections.append(Section(index, draw(headings()), tuple(paragraphs)))
    return Document(external_id="doc", published_on=day, date_precision=precision, sections=tuple(sections))


@given(documents())
def test_parse_inverts_render(document: Document) -> None:
    assert parse(render(document), external_id="doc") == document


# --- render(parse(text)) is a fixed point for any text that parses ---

MESSY = st.text(st.sampled_from(list("abcXYZäÖ ß.,:;?!…«»„“‹›\"'-–()0123456789\n\n\n\r\t\f\u00a0\ufeff")), max_size=200)


@given(st.sampled_from([" date 2022 ", "date 2022-05 ", "  date 2022-05-06   ", "\n\ndate 1900 "]), MESSY)
def test_render_is_canonical_for_any_parsed_text(header: str, rest: str) -> None:
    try:
        document = parse(header + "Lede" + rest, external_id="x")
    except ParseError:
        reject()  # not a document: hypothesis draws another text
    canonical = render(document)
    assert parse(canonical, external_id="x") == document
    assert render(parse(canonical, external_id="x")) == canonical
