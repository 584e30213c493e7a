"""Finding and reading article files, without a database: deep folders walked without recursion, symlinked
folders followed once, files in order, paths too long, FIFOs and devices never read, names shown escaped."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from odd_files import RUN_TIMEOUT, article, make_nested, write

from newsdb.files import UnreadableFileError, discover, read_article_file, shown

pytestmark = pytest.mark.usefixtures("no_deep_folders_left")


def test_discover_walks_1000_nested_folders_without_recursion(tmp_path: Path) -> None:
    deepest = make_nested(tmp_path, 1_500)
    found = discover([tmp_path])
    assert (found.files, found.failures) == ([Path(os.fsdecode(deepest))], [])


@pytest.mark.parametrize("tail", ["x" * 300 + ".txt", "d/" * 2100 + "x.txt"], ids=["name", "path"])
def test_discover_reports_a_path_too_long_given_directly(tmp_path: Path, tail: str) -> None:
    too_long = f"{tmp_path}/{tail}"
    found = discover([too_long])
    assert found.files == []
    assert [f.message for f in found.failures] == [
        f"{too_long}: cannot read: File name too long: the path is longer than the system allows; "
        "move or rename to shorten it"
    ]


def test_discover_follows_symlinked_folders_once(tmp_path: Path) -> None:
    shared = write(tmp_path / "shared" / "one.txt", article(1)).parent
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "link").symlink_to(shared)
    write(tmp_path / "feed" / "two.txt", article(2))
    found = discover([tmp_path / "feed", shared, tmp_path / "feed"])
    assert found.failures == []
    assert found.files == [tmp_path / "feed" / "link" / "one.txt", tmp_path / "feed" / "two.txt"]


def test_discover_orders_files_by_folder_and_name(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.txt", "a-b/y.txt", "a/c/x.txt", "notes.md"):
        write(tmp_path / name, article(1))
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == ["a/c/x.txt", "a/z.txt", "a-b/y.txt", "b.txt"]


def test_a_missing_path_or_an_empty_glob_is_still_a_usage_error(tmp_path: Path) -> None:
    from newsdb.errors import NewsdbError

    with pytest.raises(NewsdbError, match="no such file or directory"):
        discover([tmp_path / "nowhere"])
    with pytest.raises(NewsdbError, match="no files match"):
        discover([str(tmp_path / "**" / "*.txt")])


def test_reading_a_fifo_does_not_block(tmp_path: Path) -> None:
    # a FIFO swapped in after discovery: opening it must neither wait for a writer nor read from it
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException | bytes] = []
    reader = threading.Thread(target=lambda: outcome.append(_read_or_error(fifo)), daemon=True)
    reader.start()
    reader.join(RUN_TIMEOUT)
    if reader.is_alive():  # unblock the reader so that the test ends, then fail
        os.close(os.open(fifo, os.O_WRONLY))
        pytest.fail("reading a FIFO blocked")
    [error] = outcome
    assert isinstance(error, UnreadableFileError)
    assert str(error) == f"{fifo}: not a regular file (a FIFO)"


def _read_or_error(path: Path) -> BaseException | bytes:
    try:
        return read_article_file(path)
    except (UnreadableFileError, OSError) as exc:
        return exc


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/dev/zero", "/dev/zero: not a regular file (a character device)"),
     ("/dev/null", "/dev/null: not a regular file (a character device)")],
)  # fmt: skip
def test_devices_are_not_read(path: str, expected: str) -> None:
    with pytest.raises(UnreadableFileError) as error:
        read_article_file(path)
    assert str(error.value) == expected


def test_shown_escapes_what_a_terminal_cannot_print() -> None:
    assert shown("plain/ä.txt") == "plain/ä.txt"
    assert shown(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert shown("two\nlines.txt") == "two\\nlines.txt"
