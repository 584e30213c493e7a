"""Helpers for the parser tests: text parsed as a document, and its headings and paragraph texts."""

from __future__ import annotations

import pytest

from newsdb.document import Document
from newsdb.errors import ParseError
from newsdb.parse import parse


def parse_text(text: str) -> Document:
    return parse(text, external_id="t", source="t.txt")


def headings(document: Document) -> list[str | None]:
    return [section.heading for section in document.sections]


def texts(document: Document) -> list[list[str]]:
    return [[paragraph.text for paragraph in section.paragraphs] for section in document.sections]


def parse_error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    return caught.value
