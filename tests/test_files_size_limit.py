"""The file size limit (`--max-file-size`): sizes as written and as shown, reading stopped at the limit, the
library's limit on both backends, and a value that is no size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from odd_files import article, run_seed, stored_ids, write

from newsdb.files import (
    DEFAULT_MAX_FILE_SIZE,
    UnreadableFileError,
    cannot_read,
    format_size,
    parse_size,
    read_article_file,
)
from newsdb.ingest.seed import seed
from newsdb.store.migrate import current


def test_the_size_limit_of_the_library(empty_url: str, tmp_path: Path) -> None:
    small = write(tmp_path / "small.txt", article(1))
    large = write(tmp_path / "large.txt", article(2) + "Noch ein Satz. " * 100)
    report = seed([tmp_path], url=empty_url, max_file_size=small.stat().st_size, jobs=1)
    assert report.inserted == 1
    assert [str(f) for f in report.failures] == [f"{large}: larger than the limit of {small.stat().st_size} bytes"
                                                 " (--max-file-size)"]  # fmt: skip
    assert stored_ids(empty_url) == {"small"}


@pytest.mark.parametrize("limit", [0, -1])
def test_a_limit_below_one_byte_is_refused_before_anything_is_written(
    empty_url: str, tmp_path: Path, limit: int
) -> None:
    write(tmp_path / "a.txt", article(1))
    with pytest.raises(ValueError, match=rf"^max_file_size must be at least 1 byte, not {limit}$"):
        seed([tmp_path], url=empty_url, max_file_size=limit, jobs=1)
    if empty_url.startswith("sqlite"):
        assert not (tmp_path / "newsdb.sqlite3").exists()
    else:
        assert current(url=empty_url) is None  # not even the schema was created


@pytest.mark.parametrize(
    ("argument", "expected"),
    [({"jobs": 0}, "jobs must be at least 1 (or None: one per core), not 0"),
     ({"jobs": -2}, "jobs must be at least 1 (or None: one per core), not -2"),
     ({"batch_size": 0}, "batch_size must be at least 1, not 0")],
)  # fmt: skip
def test_other_counts_below_one_are_refused_too(
    empty_url: str, tmp_path: Path, argument: dict[str, int], expected: str
) -> None:
    write(tmp_path / "a.txt", article(1))
    with pytest.raises(ValueError, match=rf"^{re.escape(expected)}$"):
        seed([tmp_path], url=empty_url, **argument)
    if empty_url.startswith("sqlite"):
        assert not (tmp_path / "newsdb.sqlite3").exists()
    else:
        assert current(url=empty_url) is None


def test_reading_stops_at_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"x" * 1000)
    assert read_article_file(path, 1000) == b"x" * 1000
    with pytest.raises(UnreadableFileError, match=r"a\.txt: larger than the limit of 999 bytes \(--max-file-size\)"):
        read_article_file(path, 999)
    with pytest.raises(FileNotFoundError) as missing:
        read_article_file(tmp_path / "missing.txt")
    expected = f"{tmp_path}/missing.txt: cannot read: No such file or directory"
    assert cannot_read(tmp_path / "missing.txt", missing.value) == expected


@pytest.mark.parametrize(
    ("written", "size"),
    [("10MB", 10_000_000), ("500KB", 500_000), ("500kb", 500_000), ("2MiB", 2_097_152), ("1048576", 1_048_576),
     ("1.5 MB", 1_500_000), ("7b", 7), ("1GB", 10**9), ("3k", 3000)],
)  # fmt: skip
def test_parse_size(written: str, size: int) -> None:
    assert parse_size(written) == size


@pytest.mark.parametrize("written", ["", "MB", "10XB", "-1", "0", "ten", "1e6"])
def test_parse_size_refuses(written: str) -> None:
    with pytest.raises(ValueError, match="expected a size"):
        parse_size(written)


@pytest.mark.parametrize(
    ("size", "written"),
    [(10_000_000, "10 MB"), (DEFAULT_MAX_FILE_SIZE, "10 MB"), (3000, "3 KB"), (2_097_152, "2 MiB"),
     (1536, "1536 bytes"), (2048, "2 KiB"), (1234, "1234 bytes"), (10**9, "1 GB")],
)  # fmt: skip
def test_format_size(size: int, written: str) -> None:
    assert format_size(size) == written


@pytest.mark.parametrize(("value", "expected"), [("lots", "expected a size such as 10MB"),
                                               ("0", "expected a size of at least one byte, found '0'")])  # fmt: skip
def test_an_option_value_that_is_no_size_is_a_usage_error(tmp_path: Path, value: str, expected: str) -> None:
    write(tmp_path / "a.txt", article(1))
    code, out, err = run_seed(f"sqlite:///{tmp_path / 'db.sqlite3'}", "--max-file-size", value, str(tmp_path))
    assert code == 2
    assert "Invalid value for '--max-file-size'" in err
    assert expected in err
    assert out == ""
    assert not (tmp_path / "db.sqlite3").exists()
