"""Extraction as a whole: the seed article, offsets that hold for any text, determinism, quotes in the lede and
paragraphs that end on a cue verb."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_helpers import ANON, DIR, ORG, PER, document
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdb.document import Document, SourceKind
from newsdb.extract import extract
from newsdb.parse import read_document

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_30d5db4ca1753fdf.txt"


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


def test_extract_is_deterministic() -> None:
    doc = read_document(SEED)
    assert extract(doc) == extract(doc)
