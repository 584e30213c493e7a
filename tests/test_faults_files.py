"""Odd files and paths in a seed run, on both backends: FIFOs, devices, unreadable folders, undecodable names,
deep and long paths, symlink loops, files over the size limit. Each is one reported failure naming the path;
nothing hangs, nothing else is lost."""

from __future__ import annotations

import ctypes
import json
import os
import threading
from pathlib import Path

import pytest
from odd_files import RUN_TIMEOUT, article, make_nested, run_seed, stored_ids, write
from sqlalchemy import Engine

from newsdb.ingest.seed import SeedReport, seed
from newsdb.store.config import connect

PATH_MAX = 4096

pytestmark = pytest.mark.usefixtures("no_deep_folders_left")


def write_bytes_path(path: bytes, content: str) -> None:
    """Write a file whose path is given as bytes (not valid UTF-8), creating its folder."""
    os.makedirs(os.path.dirname(path), exist_ok=True)  # noqa: PTH103, PTH120 (bytes paths)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(descriptor, content.encode())
    os.close(descriptor)


def failure_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line]


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


def test_a_file_name_with_a_control_character_is_refused(empty_url: str, tmp_path: Path) -> None:
    """An article's id is its file name, shown as it is by tables and terminals: an escape sequence in it would be
    a command to the terminal of whoever lists the articles."""
    corpus = tmp_path / "corpus"
    write(corpus / "ok.txt", article(1))
    write(corpus / "\x1b]0;owned\x07\x1b[31mred.txt", article(2))
    write(corpus / "two\nlines.txt", article(3))
    write(tmp_path / "bell\x07.txt", article(4))
    code, _out, err = run_seed(empty_url, str(corpus), str(tmp_path / "bell\x07.txt"))
    assert (code, "Traceback" in err) == (1, False)
    assert set(failure_lines(err)) == {
        f"{corpus}/\\x1b]0;owned\\x07\\x1b[31mred.txt: the name has the control character U+001B; rename the file "
        "without it",
        f"{corpus}/two\\nlines.txt: the name has the control character U+000A; rename the file without it",
        f"{tmp_path}/bell\\x07.txt: the name has the control character U+0007; rename the file without it",
    }
    assert "\x1b" not in err
    assert stored_ids(empty_url) == {"ok"}


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
