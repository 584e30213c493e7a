"""Bytes to text and files to documents: undecodable bytes named with their offset and a likely fix, the byte order
mark, and `read_document` with its path in every error."""

from __future__ import annotations

from pathlib import Path

import pytest
from parse_helpers import headings

from newsdb.errors import ParseError
from newsdb.parse import decode, parse, read_document


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (" date 2022 Gr\xfcezi.".encode("latin-1"), "x.txt:1:14",
         "expected UTF-8 text, found byte 0xFC at offset 13 (invalid start byte); the file looks like "
         "Windows-1252 or Latin-1; convert it, e.g. `iconv -f cp1252 -t utf-8`"),
        (b" date 2022 Lede.\n\n" + "Ärger «gross».".encode() + b"\n\nSo \x93nicht\x94.", "x.txt:5:4",
         "expected UTF-8 text, found byte 0x93 at offset 40 (invalid start byte); the file looks like "
         "Windows-1252 or Latin-1; convert it, e.g. `iconv -f cp1252 -t utf-8`"),
        (b" date 2022 L\xc3", "x.txt:1:13",
         "expected UTF-8 text, found byte 0xC3 at offset 12 (unexpected end of data); the file looks like "
         "Windows-1252 or Latin-1; convert it, e.g. `iconv -f cp1252 -t utf-8`"),
        (b" date 2022 \x81\x8d", "x.txt:1:12",
         "expected UTF-8 text, found byte 0x81 at offset 11 (invalid start byte); convert the file to UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.txt:3:1",
         "expected text, found binary content (NUL byte at offset 8)"),
        ("\ufeff date 2022 Lede.".encode("utf-16-le"), "x.txt:1",
         "expected UTF-8 text, found a UTF-16 byte order mark; save the file as UTF-8"),
    ],
)  # fmt: skip
def test_decode_errors(data: bytes, where: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        decode(data, path="x.txt")
    assert str(caught.value) == f"{where}: {message}"


def test_decode_keeps_the_bom_for_parse_to_drop() -> None:
    text = decode("\ufeff date 2022 Grüezi.".encode())
    assert text == "\ufeff date 2022 Grüezi."
    assert parse(text, external_id="x").lede == "Grüezi."


def test_read_document(tmp_path: Path) -> None:
    path = tmp_path / "042_artikel.txt"
    path.write_bytes("\ufeff date 2021-07-01 Grüezi.\r\n\r\nTitel\r\n\r\nText.\r\n".encode())
    document = read_document(path)
    assert document.external_id == "042_artikel"
    assert document.source_path == str(path)
    assert headings(document) == [None, "Titel"]
    assert read_document(str(path)) == document


def test_read_document_errors_carry_the_path(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.txt"
    path.write_bytes(b" date 2022 Lede.\n\nZ\xfcrich.")
    with pytest.raises(ParseError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}:3:2: expected UTF-8 text, found byte 0xFC at offset 19")
    path.write_text(" date 2022-02-30 Lede.", encoding="utf-8")
    with pytest.raises(ParseError, match="impossible date") as caught:
        read_document(path)
    assert (caught.value.path, caught.value.line, caught.value.column) == (str(path), 1, 7)


def test_read_document_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_document(tmp_path / "fehlt.txt")
