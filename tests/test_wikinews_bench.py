"""The WikiNews benchmark (bench/wikinews_official.py) maps each paragraph onto the corpus's text, also where
parsing changed its white space (spaces dropped at the ends of lines)."""

from __future__ import annotations

import sys

from conftest import REPO

from newsdb.parse import parse

sys.path.insert(0, str(REPO / "bench"))
from wikinews_official import _paragraph_offsets

# an article as the corpus gives it: a heading line ending in a space, a paragraph with a double space
ORIGINAL = "Die Wahl hat begonnen. \n\nWahlverlauf \nDer Leiter sagte, die Beteiligung sei hoch.\n\nEs  regnet."


def test_paragraphs_map_onto_the_original_text_despite_white_space() -> None:
    document = parse(f" date 2020-01-01 {ORIGINAL}", external_id="x")
    offsets = _paragraph_offsets(ORIGINAL, document)
    paragraphs = list(document.paragraphs)
    assert sorted(offsets) == [p.position for p in paragraphs]
    for paragraph in paragraphs:
        mapped = offsets[paragraph.position]
        assert len(mapped) == len(paragraph.text)
        for i, char in enumerate(paragraph.text):
            if not char.isspace():
                assert ORIGINAL[mapped[i]] == char
    heading = next(p for p in document.paragraphs if p.text.startswith("Wahlverlauf"))
    said = heading.text.index("die Beteiligung")
    assert ORIGINAL[offsets[heading.position][said] :].startswith("die Beteiligung sei hoch.")


def test_a_paragraph_not_in_the_original_text_is_left_out() -> None:
    document = parse(" date 2020-01-01 Ganz anderer Text.", external_id="x")
    assert _paragraph_offsets(ORIGINAL, document) == {}
