"""Helpers for the tests of odd files and paths: small articles written anywhere, folders nested past PATH_MAX,
the articles stored, and `newsdb seed` in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from newsdb.store.config import connect

RUN_TIMEOUT = 120  # seconds; a run that hangs on a FIFO is killed and fails the test instead of blocking it


def article(number: int) -> str:
    return (
        f" date 2023-05-{number % 28 + 1:02d} Der Stadtrat von Prüfstadt {number} hat getagt.\n\n"
        f"«Wir bleiben dran», sagte Stadtpräsidentin Anna Graf zum Geschäft {number}.\n"
    )


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


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
