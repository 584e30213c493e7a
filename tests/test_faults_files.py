"""Odd files and paths: FIFOs, devices, unreadable folders, undecodable names, deep and long paths, symlink loops,
files over the size limit. Each is one reported failure naming the path; nothing hangs, nothing else is lost."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from newsdb.files import (
    DEFAULT_MAX_FILE_SIZE,
    UnreadableFileError,
    cannot_read,
    discover,
    format_size,
    parse_size,
    read_article_file,
    shown,
)
from newsdb.ingest.seed import SeedReport, seed
from newsdb.store.config import connect

RUN_TIMEOUT = 120  # seconds; a run that hangs on a FIFO is killed and fails the test instead of blocking it
PATH_MAX = 4096


def article(number: int) -> str:
    return (
        f" date 2023-05-{number % 28 + 1:02d} Der Stadtrat von Prüfstadt {number} hat getagt.\n\n"
        f"«Wir bleiben dran», sagte Stadtpräsidentin Anna Graf zum Geschäft {number}.\n"
    )


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def write_bytes_path(path: bytes, content: str) -> None:
    """Write a file whose path is given as bytes (not valid UTF-8), creating its folder."""
    os.makedirs(os.path.dirname(path), exist_ok=True)  # noqa: PTH103, PTH120 (bytes paths)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(descriptor, content.encode())
    os.close(descriptor)


def stored_ids(url: str) -> set[str]:
    engine = connect(url)
    with engine.connect() as connection:
        found = set(connection.execute(text("SELECT external_id FROM articles")).scalars())
    engine.dispose()
    return found


def run_seed(url: str, *args: str) -> tuple[int, str, str]:
    """`newsdb seed` in a process of its own, so that a run that would hang is killed after `RUN_TIMEOUT`."""
    command = [sys.executable, "-m", "newsdb", "--url", url, "seed", "--jobs", "1", *args]
    result = subprocess.run(command, capture_output=True, timeout=RUN_TIMEOUT, check=False)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def make_nested(top: Path, depth: int, name: str = "d") -> bytes:
    """`depth` folders nested in `top`, created relative to each other; returns the deepest path as bytes.

    Paths longer than PATH_MAX cannot be named, so each folder is made inside an open handle of its parent.
    """
    top.mkdir(parents=True, exist_ok=True)
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            child = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        file = os.open("deepest.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(file, article(depth).encode())
        os.close(file)
    finally:
        os.close(fd)
    return os.fsencode(top) + (b"/" + name.encode()) * depth + b"/deepest.txt"


def remove_nested(top: Path) -> None:
    """Delete `top` however deep it is: `shutil.rmtree` recurses, and pytest's clean-up of old runs would fail."""
    if not top.exists():
        return
    names: list[str] = []
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    while True:
        with os.scandir(fd) as entries:
            listed = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
        child = next((name for name, is_dir in listed if is_dir), None)
        if child is not None:  # go down, one open folder at a time
            names.append(child)
            below = os.open(child, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = below
            continue
        for name, _ in listed:
            os.unlink(name, dir_fd=fd)
        if not names:
            os.close(fd)
            break
        above = os.open("..", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = above
        os.rmdir(names.pop(), dir_fd=fd)
    top.rmdir()


@pytest.fixture(autouse=True)
def _no_deep_folders_left(tmp_path: Path) -> Iterator[None]:
    yield
    remove_nested(tmp_path)
    tmp_path.mkdir()


def failure_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line]


# --- a messy corpus, end to end on both backends ---


def test_a_messy_corpus_loads_every_good_file_and_names_every_bad_path(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    good = {f"good{n}": write(corpus / f"good{n}.txt", article(n)) for n in range(3)}
    os.mkfifo(corpus / "fifo.txt")
    os.mkfifo(tmp_path / "named_fifo.txt")
    write_bytes_path(os.fsencode(corpus) + b"/caf\xe9.txt", article(7))
    write_bytes_path(os.fsencode(corpus) + b"/d\xf6rfer/inside.txt", article(8))
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (corpus / "self.txt").symlink_to(corpus / "self.txt")
    write(corpus / "big.txt", article(9) + "Ein langer Absatz. " * 200)
    deep = make_nested(corpus / "deep", 1_100)
    good["deepest"] = Path(os.fsdecode(deep))
    make_nested(corpus / "long", PATH_MAX // 5, name="long")

    code, out, err = run_seed(
        empty_url, "--max-file-size", "3KB", str(corpus), str(tmp_path / "named_fifo.txt"), "/dev/zero", "/dev/null"
    )
    assert "Traceback" not in err
    assert code == 1
    lines = failure_lines(err)
    expected = {
        f"{corpus}/fifo.txt: not a regular file (a FIFO)",
        f"{tmp_path}/named_fifo.txt: not a regular file (a FIFO)",
        "/dev/zero: not a regular file (a character device)",
        "/dev/null: not a regular file (a character device)",
        f"{corpus}/caf\\xe9.txt: the name is not valid UTF-8; rename it (e.g. `convmv -f latin1 -t utf-8`)",
        f"{corpus}/d\\xf6rfer: the name is not valid UTF-8; rename it (e.g. `convmv -f latin1 -t utf-8`)",
        f"{corpus}/dangling.txt: a dangling symlink (its target does not exist)",
        f"{corpus}/self.txt: cannot read: Too many levels of symbolic links: a symlink loop",
        f"{corpus}/big.txt: larger than the limit of 3 KB (--max-file-size)",
    }
    assert expected <= set(lines)
    [long_line] = set(lines) - expected
    assert long_line.startswith(f"{corpus}/long/long/long/")
    assert "File name too long" in long_line
    assert len(lines) == len(expected) + 1  # one line per bad path
    assert out.startswith(f"{len(good)} inserted, 0 updated, 0 unchanged, 0 duplicates, {len(lines)} failed")
    assert stored_ids(empty_url) == set(good)


def test_json_report_shows_undecodable_names_escaped(empty_url: str, tmp_path: Path) -> None:
    write(tmp_path / "ok.txt", article(1))
    write_bytes_path(os.fsencode(tmp_path) + b"/caf\xe9.txt", article(2))
    code, out, err = run_seed(empty_url, "--json", str(tmp_path))
    assert code == 1
    assert "Traceback" not in err
    report = json.loads(out)
    assert report["inserted"] == 1
    assert [f["path"] for f in report["failures"]] == [f"{tmp_path}/caf\\xe9.txt"]


def test_a_fifo_under_strict_writes_nothing_and_holds_no_lock(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for number in range(4):
        write(corpus / f"ok{number}.txt", article(number))
    os.mkfifo(tmp_path / "pipe.txt")
    code, out, err = run_seed(empty_url, "--strict", str(corpus), str(tmp_path / "pipe.txt"))
    assert (code, failure_lines(err)) == (1, [f"{tmp_path}/pipe.txt: not a regular file (a FIFO)"])
    assert "nothing written (--strict)" in out
    assert stored_ids(empty_url) == set()
    # the database is free for the next run
    assert run_seed(empty_url, "--strict", str(corpus))[0] == 0
    assert stored_ids(empty_url) == {f"ok{number}" for number in range(4)}


def test_a_symlink_loop_under_a_double_star_glob_is_reported_once(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "top.txt", article(1))
    write(corpus / "a" / "b" / "low.txt", article(2))
    (corpus / "a" / "b" / "up").symlink_to(corpus)
    (corpus / "a" / "again").symlink_to(corpus / "a" / "b")  # the same folder twice, but no loop
    code, out, err = run_seed(empty_url, str(corpus / "**" / "*.txt"))
    assert "Traceback" not in err
    assert code == 1
    assert failure_lines(err) == [f"{corpus}/a/b/up: a symlink loop (it leads back to a folder above it), not followed"]
    assert out.startswith("2 inserted, 0 updated, 0 unchanged, 0 duplicates, 1 failed")
    assert stored_ids(empty_url) == {"top", "low"}


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _drop_permission_override() -> None:
    """Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the calling thread (Linux credentials are per thread):
    root then meets file permissions like anyone else, while the other threads keep their rights."""
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        pytest.fail(f"capget: {os.strerror(ctypes.get_errno())}")
    keep = ~((1 << 1) | (1 << 2))  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
    data[0].effective &= keep
    data[0].permitted &= keep
    if libc.capset(ctypes.byref(header), data) != 0:
        pytest.fail(f"capset: {os.strerror(ctypes.get_errno())}")


def seed_as_an_ordinary_user(corpus: Path, engine: Engine, locked: Path) -> SeedReport:
    """`seed` in a thread that permissions apply to; the engine's pooled connection is made beforehand, since
    PostgreSQL's socket may sit in a folder only the server's user may enter."""
    with engine.connect():
        pass
    outcome: list[SeedReport | BaseException] = []

    def run() -> None:
        try:
            if os.geteuid() == 0:
                _drop_permission_override()
            with pytest.raises(PermissionError):  # the simulation holds: the folder is unreadable here
                list(locked.iterdir())
            outcome.append(seed([corpus], url=engine, jobs=1))
        except BaseException as exc:  # handed to the test's thread
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(RUN_TIMEOUT)
    assert not thread.is_alive()
    [result] = outcome
    if isinstance(result, BaseException):
        raise result
    return result


def test_an_unreadable_folder_is_reported_and_the_rest_loaded(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "ok.txt", article(1))
    write(corpus / "locked" / "hidden.txt", article(2))
    write(corpus / "closed.txt", article(3))
    (corpus / "locked").chmod(0)
    (corpus / "closed.txt").chmod(0)
    engine = connect(empty_url)
    try:
        report = seed_as_an_ordinary_user(corpus, engine, corpus / "locked")
    finally:
        (corpus / "locked").chmod(0o755)
        engine.dispose()
    assert sorted(map(str, report.failures)) == [
        f"{corpus}/closed.txt: cannot read: Permission denied: check the permissions",
        f"{corpus}/locked: cannot read the folder: Permission denied: check the permissions; its files are not loaded",
    ]
    assert (report.inserted, report.files) == (1, 3)
    assert stored_ids(empty_url) == {"ok"}


def test_the_size_limit_of_the_library(empty_url: str, tmp_path: Path) -> None:
    small = write(tmp_path / "small.txt", article(1))
    large = write(tmp_path / "large.txt", article(2) + "Noch ein Satz. " * 100)
    report = seed([tmp_path], url=empty_url, max_file_size=small.stat().st_size, jobs=1)
    assert report.inserted == 1
    assert [str(f) for f in report.failures] == [f"{large}: larger than the limit of {small.stat().st_size} bytes"
                                                 " (--max-file-size)"]  # fmt: skip
    assert stored_ids(empty_url) == {"small"}


# --- discovery and reading, without a database ---


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


def test_shown_escapes_what_a_terminal_cannot_print() -> None:
    assert shown("plain/ä.txt") == "plain/ä.txt"
    assert shown(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert shown("two\nlines.txt") == "two\\nlines.txt"


def test_an_oversized_option_value_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run_seed(f"sqlite:///{tmp_path / 'db.sqlite3'}", "--max-file-size", "lots", str(tmp_path))
    assert code == 2
    assert "expected a size such as 10MB" in err
