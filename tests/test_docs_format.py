"""docs/format.md stays true: its example parses into the sections it shows, each error it lists is the parser's,
and a file that is not in canonical form comes back in canonical form, as it says."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from newsdb.cli import main
from newsdb.document import DatePrecision
from newsdb.errors import ParseError
from newsdb.ingest.seed import seed
from newsdb.parse import decode, parse

REPO = Path(__file__).resolve().parent.parent
DOC = (REPO / "docs" / "format.md").read_text(encoding="utf-8")


def block(title: str) -> str:
    """The text of the fenced block with this title."""
    found = re.search(rf'^```\w+ title="{re.escape(title)}"\n(.*?)^```', DOC, flags=re.M | re.S)
    assert found is not None, title
    return found[1]


EXAMPLE = block("example.txt")
ERROR_ROW = re.compile(r"^\| (?:`(?P<text>[^`]*)`|\(nothing, or only blank lines\)) \| `(?P<error>[^`]+)` \|$", re.M)
ERRORS = [(row["text"] or "", row["error"]) for row in ERROR_ROW.finditer(DOC)]


def test_the_example_has_the_sections_the_doc_shows() -> None:
    document = parse(EXAMPLE, external_id="example", source="example.txt")
    assert (document.published_on, document.date_precision) == (date(2024, 3, 1), DatePrecision.MONTH)
    sections = [{"heading": s.heading, "paragraphs": [p.text for p in s.paragraphs]} for s in document.sections]
    assert sections == json.loads(block("the sections of example.txt"))


def test_the_doc_lists_the_header_errors() -> None:
    assert len(ERRORS) == 8


@pytest.mark.parametrize(("text", "error"), ERRORS)
def test_each_error_is_the_parsers(text: str, error: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse(text, external_id="example", source="example.txt")
    assert str(raised.value) == error


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b" date 2024 K\xe4se", "expected UTF-8 text, found byte 0xE4 at offset 12 (invalid continuation byte)"),
        (b" date 2024 a\x00b", "expected text, found binary content (NUL byte at offset 12)"),
        (b" date 2024 a\x07b", "expected text, found the control character U+0007"),
    ],
)
def test_the_errors_anywhere_in_the_file_are_the_parsers(data: bytes, said: str) -> None:
    assert f"`{said}`" in DOC
    with pytest.raises(ParseError) as raised:
        parse(decode(data, path="example.txt"), external_id="example", source="example.txt")
    assert raised.value.message.startswith(said)


def test_a_file_that_is_not_canonical_comes_back_canonical(engine: Engine, empty_url: str, tmp_path: Path) -> None:
    source = tmp_path / "in" / "example.txt"
    source.parent.mkdir()
    source.write_text(EXAMPLE, encoding="utf-8")
    assert EXAMPLE.endswith("Wahlgeschenk“.\n")
    assert seed([source], url=engine).inserted == 1
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["--url", empty_url, "export", str(out)]).exit_code == 0
    canonical = (out / "example.txt").read_bytes()
    assert canonical == EXAMPLE.removesuffix("\n").encode("utf-8")
    # the canonical form is the same article: with CRLF line ends and spaces at the line ends it still is
    source.write_bytes(canonical.replace(b"\n", b"  \r\n") + b"\r\n")
    assert seed([source], url=engine).unchanged == 1


def test_the_readme_links_the_format() -> None:
    assert "(docs/format.md)" in (REPO / "README.md").read_text(encoding="utf-8")
