"""Text in Unicode NFD (`o` + combining diaeresis, as text copied from macOS or web pages has it) is stored in NFC:
one article however its file wrote it, for extraction, search on both backends and the duplicate check."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

import newsdb
from newsdb.errors import ParseError
from newsdb.extract import extract
from newsdb.parse import parse
from newsdb.render import content_sha256, render
from newsdb.store.models import ArticleRow, SourceRow

# written in NFC here; the tests decompose it
ARTICLE = (
    " date 2024-05-02 Die Gemeinde Zürich plant eine neue Brücke über die Limmat.\n\n"
    "Der Bürgermeister Jörg Bäumle sagte, die Lösung sei teuer, aber nötig.\n\n"
    "«Wir müssen jetzt handeln», sagte Bäumle am Donnerstag."
)
NFD = unicodedata.normalize("NFD", ARTICLE)


def test_the_fixture_really_differs_in_form() -> None:
    assert NFD != ARTICLE
    assert len(NFD) > len(ARTICLE)


def test_decomposed_text_is_stored_composed_and_hashed_as_its_composed_form() -> None:
    document = parse(NFD, external_id="nfd")
    assert render(document) == ARTICLE
    assert list(document.paragraphs)[1].text == "Der Bürgermeister Jörg Bäumle sagte, die Lösung sei teuer, aber nötig."
    assert content_sha256(document) == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()


def test_decomposed_text_gives_the_speaker_its_composed_form_gives() -> None:
    quotes = extract(parse(NFD, external_id="nfd")).quotes
    assert [(quote.kind, quote.source.name if quote.source else None) for quote in quotes] == [
        ("indirect", "Jörg Bäumle"),
        ("direct", "Jörg Bäumle"),
    ]


def test_an_error_column_counts_the_characters_of_the_file() -> None:
    text = NFD.replace("aber", "ab\x07er")
    line = text.split("\n")[2]
    with pytest.raises(ParseError) as error:
        parse(text, external_id="bad", source="bad.txt")
    assert (error.value.line, error.value.column) == (3, line.index("\x07") + 1)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_a_decomposed_file_is_found_by_search_and_is_the_duplicate_of_its_composed_copy(
    engine: Engine, empty_url: str, tmp_path: Path
) -> None:
    (tmp_path / "a_nfd.txt").write_text(NFD, encoding="utf-8")
    (tmp_path / "b_nfc.txt").write_text(ARTICLE, encoding="utf-8")
    report = newsdb.seed(tmp_path, url=empty_url)
    assert (report.inserted, len(report.duplicates)) == (1, 1)
    for query in ("Lösung", unicodedata.normalize("NFD", "Lösung"), "Zürich", "Bürgermeister"):
        assert [hit.external_id for hit in newsdb.search(query, url=empty_url)] == ["a_nfd"], query
    with engine.connect() as connection:
        assert connection.scalar(select(ArticleRow.lede)) == ARTICLE.split("\n")[0].removeprefix(" date 2024-05-02 ")
        assert connection.scalars(select(SourceRow.name)).all() == ["Jörg Bäumle"]
