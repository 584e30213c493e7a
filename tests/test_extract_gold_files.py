"""The gold of `tests/gold/` is well-formed: every article annotated, the article files written like the seed,
every annotation in its paragraph exactly once and apart from the others, and the parser reading the articles
into the paragraphs the gold counts."""

from __future__ import annotations

from datetime import date

import pytest
from gold_scoring import (
    GOLD_DIR,
    HEADER,
    KINDS,
    SEED_DIR,
    SEED_ID,
    gold_ids,
    load_gold,
    read_gold_document,
    spans_overlap,
    split_paragraphs,
    text_path,
)

SOURCE_KINDS = ("person", "organization", "anonymous", "other")
QUOTE_KEYS = {"paragraph", "text", "kind", "source", "source_kind", "speaker_role", "cue"}
OPTIONAL_QUOTE_KEYS = {"tags", "nested_in", "speaker", "speaker_paragraph"}
NEGATIVE_KEYS = {"paragraph", "text"}
QUOTE_MARKS = "«»‹›„“”‚‘’\"'"
ARTICLE_MIN_BYTES, ARTICLE_MAX_BYTES = 1536, 4096


def test_gold_set_is_complete() -> None:
    ids = gold_ids()
    assert SEED_ID in ids
    assert len(ids) >= 13, "the seed and at least twelve written articles"
    for txt in GOLD_DIR.glob("*.txt"):
        assert (GOLD_DIR / f"{txt.stem}.json").exists(), f"{txt.name} has no gold annotation"
    for external_id in ids:
        written, seed = GOLD_DIR / f"{external_id}.txt", SEED_DIR / f"{external_id}.txt"
        assert written.exists() != seed.exists(), f"{external_id}: text must be in exactly one of gold/ and seeds/"


@pytest.mark.parametrize("external_id", gold_ids())
def test_gold_article_format(external_id: str) -> None:
    path = text_path(external_id)
    text = path.read_text(encoding="utf-8")
    header = HEADER.match(text.partition("\n")[0])
    assert header, "first line must read ' date YYYY[-MM[-DD]] <lede>'"
    date(int(header["year"]), int(header["month"] or 1), int(header["day"] or 1))
    assert "\r" not in text
    assert "\n\n\n" not in text, "paragraphs are separated by exactly one blank line"
    assert all(line == line.rstrip() for line in text.split("\n")), "no trailing whitespace"
    seed_text = (SEED_DIR / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    assert text.endswith("\n") == seed_text.endswith("\n"), "the file ends like the seed"
    if path.parent == GOLD_DIR:
        assert ARTICLE_MIN_BYTES <= path.stat().st_size <= ARTICLE_MAX_BYTES


@pytest.mark.parametrize("external_id", gold_ids())
def test_gold_annotations_are_well_formed(external_id: str) -> None:
    gold = load_gold(external_id)
    assert gold.raw["external_id"] == external_id
    assert set(gold.raw) <= {"external_id", "quotes", "negatives"}
    paragraphs = split_paragraphs(gold.text_path.read_text(encoding="utf-8"))
    taken: dict[int, list[tuple[int, int]]] = {}
    for raw, quote in zip(gold.raw["quotes"], gold.quotes, strict=True):
        where = f"{external_id} paragraph {quote.paragraph}: {quote.text[:40]!r}"
        assert QUOTE_KEYS <= set(raw) <= QUOTE_KEYS | OPTIONAL_QUOTE_KEYS, where
        assert quote.kind in KINDS, where
        assert quote.source_kind in SOURCE_KINDS, where
        assert (quote.source is None) == (quote.source_kind == "anonymous"), where
        assert 0 <= quote.paragraph < len(paragraphs), where
        paragraph = paragraphs[quote.paragraph]
        assert paragraph.count(quote.text) == 1, f"{where} must occur exactly once in its paragraph"
        assert quote.text == quote.text.strip(), where
        if quote.kind == "direct":
            assert quote.text[0] not in QUOTE_MARKS, f"{where}: direct quotes exclude their marks"
            assert quote.text[-1] not in QUOTE_MARKS, f"{where}: direct quotes exclude their marks"
        elif quote.kind in ("indirect", "mixed"):
            assert quote.text[-1] not in ".,;:", f"{where}: reported clauses exclude final punctuation"
        else:
            assert quote.text[-1] not in ",;", f"{where}: a sentence reported as a whole ends as the sentence does"
        start = paragraph.index(quote.text)
        span = (start, start + len(quote.text))
        if quote.nested_in is not None:
            assert quote.kind == "direct", f"{where}: only direct quotes nest"
            outer = [q for q in gold.quotes if quote.nested_in in q.text and q.nested_in is None]
            assert len(outer) == 1, f"{where}: nested_in names its one report"
            assert quote.text in outer[0].text, f"{where}: the nested quote lies in its report"
            continue
        assert not any(spans_overlap(span, other) for other in taken.get(quote.paragraph, [])), where
        taken.setdefault(quote.paragraph, []).append(span)
    for raw, negative in zip(gold.raw.get("negatives", []), gold.negatives, strict=True):
        where = f"{external_id} negative in paragraph {negative.paragraph}: {negative.text[:40]!r}"
        assert NEGATIVE_KEYS <= set(raw) <= NEGATIVE_KEYS | {"tags"}, where
        paragraph = paragraphs[negative.paragraph]
        assert paragraph.count(negative.text) == 1, where
        start = paragraph.index(negative.text)
        span = (start, start + len(negative.text))
        assert not any(spans_overlap(span, other) for other in taken.get(negative.paragraph, [])), where


@pytest.mark.parametrize("external_id", gold_ids())
def test_parser_agrees_with_gold_layout(external_id: str) -> None:
    path = text_path(external_id)
    parsed = [p.text for p in read_gold_document(path).paragraphs]
    assert parsed == split_paragraphs(path.read_text(encoding="utf-8"))
