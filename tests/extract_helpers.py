"""Helpers for the extraction tests: a document made of written paragraphs, its quotes, a quote as a short summary,
and the tables of written sentences with the quotes expected from them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest

from newsdb.document import (
    DatePrecision,
    Document,
    Paragraph,
    ParagraphKind,
    Quote,
    QuoteKind,
    Section,
    SourceKind,
    SpanRole,
)
from newsdb.extract import extract

DIR, IND, MIX = QuoteKind.DIRECT, QuoteKind.INDIRECT, QuoteKind.MIXED
REP, FREE = QuoteKind.REPORTED, QuoteKind.FREE_INDIRECT
PER, ORG, ANON, OTH = SourceKind.PERSON, SourceKind.ORGANIZATION, SourceKind.ANONYMOUS, SourceKind.OTHER

# A quote as (text, kind, source name, source kind).
Expected = tuple[str, QuoteKind, str | None, SourceKind | None]
# Paragraphs and the quotes expected from them, in order of appearance.
Case = tuple[tuple[str, ...], list[Expected]]


def document(*paragraphs: str) -> Document:
    paras = tuple(
        Paragraph(i, ParagraphKind.LEDE if i == 0 else ParagraphKind.BODY, text) for i, text in enumerate(paragraphs)
    )
    return Document("t", date(2024, 5, 1), DatePrecision.DAY, (Section(0, None, paras),))


def quotes_of(*paragraphs: str) -> list[Quote]:
    return list(extract(document(*paragraphs)).quotes)


def summary(q: Quote, paragraphs: tuple[str, ...] = ()) -> Expected:
    """A quote as (text, kind, source name, source kind); with the `paragraphs`, a quote cut in pieces (an
    attribution inside it taken out) shows them joined by ` … `."""
    pieces = q.spans_as(SpanRole.QUOTE)
    text = " … ".join(paragraphs[s.paragraph][s.start : s.end] for s in pieces) if paragraphs else q.text
    return (text, q.kind, q.source.name if q.source else None, q.source.kind if q.source else None)


_numbers_taken: set[int] = set()


def numbered(cases: Mapping[int, Case]) -> list[Any]:
    """The cases as parameters named by their number (`paragraphs57-expected57`), so that a failing case is found
    by its number; a number is one case's across all the extraction test modules (the next free one is
    `max + 1` of them all)."""
    reused = _numbers_taken & cases.keys()
    if reused:
        raise ValueError(f"case numbers used twice: {sorted(reused)}")
    _numbers_taken.update(cases)
    return [pytest.param(p, e, id=f"paragraphs{n}-expected{n}") for n, (p, e) in cases.items()]
