"""Long paragraphs and long sentences: the same results as short ones, by the same rules.

Speed is measured by `bench/extract_bench.py --scaling`; these tests check the results of the paths that keep
extraction linear (quote pairing, sentence splitting around quotes, the position tables of long sentences).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_helpers import quotes_of

from newsdb.document import Quote, QuoteKind, SourceKind
from newsdb.extract import clear_caches, extract, lookup, quotes, sentences
from newsdb.parse import parse

ROOT = Path(__file__).resolve().parent.parent
FILLER = "am Montag und am Dienstag und am Mittwoch " * 6  # 42 tokens: the sentences below are long


@pytest.mark.parametrize(
    ("text", "protected", "expected"),
    [
        ("Er kam. Sie ging. Wir blieben. Ihr auch.", [], [(0, 7), (8, 17), (18, 30), (31, 40)]),
        ("Er kam. Sie ging. Wir blieben. Ihr auch.", [(5, 9)], [(0, 17), (18, 30), (31, 40)]),
        ("Er kam. Sie ging. Wir blieben. Ihr auch.", [(8, 18), (0, 8)], [(0, 30), (31, 40)]),  # unsorted
        ("Er kam. Sie ging. Wir blieben. Ihr auch.", [(0, 3), (2, 25)], [(0, 30), (31, 40)]),  # overlapping
        # a cut on the edge of a span is not inside it; an empty or reversed span protects nothing
        ("Er kam. Sie ging. Wir blieben. Ihr auch.", [(7, 8), (18, 17)], [(0, 7), (8, 17), (18, 30), (31, 40)]),
    ],
)
def test_no_sentence_boundary_inside_protected_spans(
    text: str, protected: list[tuple[int, int]], expected: list[tuple[int, int]]
) -> None:
    assert sentences.split(text, protected) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«a «b › c» d", [(3, 9, 1)]),  # `›` closes nothing open; `»` the innermost `«`
        ("„x‚y‘ z“ ›w‹", [(0, 7, 0), (2, 4, 1)]),
        ("«a «a «a › › › » ", [(6, 15, 2)]),
        # 2,000 open marks, 2,000 that close none of them, then the last open one closed and a new one beside it
        ("«a " * 2000 + "› " * 2000 + "» «b»", [(5997, 10000, 1999), (10002, 10004, 1999)]),
        # the outermost mark, opened before there were enough open marks to index them, is still found
        ("„a " + "«a " * 20 + "“", [(0, 63, 0)]),
    ],
)
def test_marks_that_close_nothing_are_skipped(text: str, expected: list[tuple[int, int, int]]) -> None:
    assert [(s.open, s.close, s.depth) for s in quotes.pair_quotes(text)] == expected


def _summary(q: Quote) -> tuple[str, QuoteKind, str | None, SourceKind | None, str | None]:
    return (q.text, q.kind, q.source.name if q.source else None, q.source.kind if q.source else None, q.cue)


@pytest.mark.parametrize(
    ("sentence", "expected", "cue"),
    [
        (  # the particle of `teilte … mit` 45 tokens after the verb
            "Die Stadt teilte " + FILLER + "mit, dass die Brücke bis zum Sommer gesperrt bleibe.",
            ("dass die Brücke bis zum Sommer gesperrt bleibe", QuoteKind.INDIRECT, "Stadt", SourceKind.ORGANIZATION),
            "teilte mit",
        ),
        (  # the first cue verb has no clause; the second has, with the same subject
            "Gemeinderätin Anna Muster sagte " + FILLER + "und erklärte, dass die Schule renoviert werde.",
            ("dass die Schule renoviert werde", QuoteKind.INDIRECT, "Anna Muster", SourceKind.PERSON),
            "sagte",
        ),
    ],
)
def test_cues_in_long_sentences(sentence: str, expected: tuple[str, QuoteKind, str, SourceKind], cue: str) -> None:
    assert len(sentence.split()) > lookup.LONG_SENTENCE
    assert [_summary(q) for q in quotes_of(sentence)] == [(*expected, cue)]


def _project_articles() -> list[Path]:
    folders = [ROOT / "seeds", ROOT / "tests" / "documents", ROOT / "tests" / "gold"]
    return sorted(p for folder in folders for p in folder.glob("*.txt"))


def test_position_tables_answer_as_the_scans_do(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sentence read through the position tables of long sentences gives what the direct scans give."""
    documents = [parse(p.read_text(encoding="utf-8"), external_id=p.stem) for p in _project_articles()]
    sentence = "Der Plan wurde " + FILLER + "vom Verband kritisiert, der sagte, er sei zu teuer."
    documents.append(parse(f" date 2024 Lede.\n\n{sentence}\n", external_id="long"))
    clear_caches()
    scanned = [extract(d).quotes for d in documents]
    monkeypatch.setattr(lookup, "LONG_SENTENCE", 0)
    clear_caches()
    tabled = [extract(d).quotes for d in documents]
    clear_caches()
    assert sum(map(len, scanned)) > 30
    assert tabled == scanned
