"""How many worker processes a seed starts, on both backends: never more than there are chunks of files to
hand out, and a system that refuses to start them stops the run before anything is written."""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from privileges import CAP_SYS_ADMIN, CAP_SYS_RESOURCE, drop_capabilities
from seed_corpus import article, write

import newsdb
from newsdb.ingest.seed import seed

NOBODY = 65534


def corpus_of(folder: Path, files: int) -> Path:
    for number in range(files):
        write(folder, f"doc{number:04d}.txt", article(number))
    return folder


@pytest.mark.parametrize(("files", "jobs", "workers"), [(3, 64, 0), (33, 64, 2), (70, 64, 3), (70, 2, 2)])
def test_no_more_workers_than_chunks_of_32_files(
    empty_url: str, tmp_path: Path, files: int, jobs: int, workers: int
) -> None:
    running: list[int] = []  # the worker processes alive, seen from the writing process as the files come in
    report = seed(
        [corpus_of(tmp_path / "corpus", files)],
        url=empty_url,
        jobs=jobs,
        progress=lambda _n, _total: running.append(len(multiprocessing.active_children())),
    )
    assert report.inserted == files
    assert report.workers == workers
    assert max(running) == workers


def test_the_json_report_says_how_many_workers_ran(empty_url: str, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "newsdb", "--url", empty_url, "seed", "--json", "--jobs", "64"]
    done = subprocess.run([*command, str(corpus_of(tmp_path / "corpus", 70))], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["workers"] == 3


def _no_new_processes(allowed: int = 0) -> None:
    """In the child, before it runs newsdb: the system refuses it every further process but `allowed` more
    (RLIMIT_NPROC: the processes its real user has, and `allowed`).

    The limit binds any user but root, and any process without CAP_SYS_ADMIN and CAP_SYS_RESOURCE: as root, the
    child gives up both and runs with `nobody` as its real user (files are still opened as root), so that
    forking fails with EAGAIN as it does for a user who has too many processes.
    """
    if os.geteuid() == 0:
        drop_capabilities(CAP_SYS_ADMIN, CAP_SYS_RESOURCE)
        os.setresuid(NOBODY, 0, 0)
    limit = 1 if not allowed else _processes_of(os.getuid()) + allowed
    resource.setrlimit(resource.RLIMIT_NPROC, (limit, limit))


def _processes_of(uid: int) -> int:
    """How many processes (threads included, as the limit counts them) have `uid` as their real user."""
    count = 0
    for task_status in Path("/proc").glob("[0-9]*/task/*/status"):
        try:
            real_uid = next(line for line in task_status.read_text().splitlines() if line.startswith("Uid:"))
        except OSError:  # ended meanwhile
            continue
        count += int(real_uid.split()[1]) == uid
    return count


def test_workers_the_system_refuses_stop_the_run_before_anything_is_written(empty_url: str, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "newsdb", "--url", empty_url, "seed", "--jobs", "2"]
    done = subprocess.run(
        [*command, str(corpus_of(tmp_path / "corpus", 40))],
        capture_output=True, text=True, timeout=120, preexec_fn=_no_new_processes,
    )  # fmt: skip
    assert done.stderr == (
        "newsdb: error: cannot start 2 worker processes (Resource temporarily unavailable): ask for fewer with "
        "--jobs; nothing was written\n"
    )
    assert done.returncode == 2
    assert done.stdout == ""
    if empty_url.startswith("sqlite"):
        assert not (tmp_path / "newsdb.sqlite3").exists()
    else:
        assert newsdb.current(url=empty_url) is None  # not even the schema


def test_workers_started_before_the_system_refused_more_are_stopped(tmp_path: Path) -> None:
    """Two workers start, the third is refused: the library stops the two instead of leaving them waiting."""
    corpus = corpus_of(tmp_path / "corpus", 8 * 32)
    code = (
        "import multiprocessing, newsdb, sys\n"
        "try:\n"
        f"    newsdb.seed({str(corpus)!r}, url={f'sqlite:///{tmp_path}/new.sqlite3'!r}, jobs=8)\n"
        "except newsdb.NewsdbError as exc:\n"
        "    print(type(exc).__name__, exc)\n"
        "print(len(multiprocessing.active_children()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        preexec_fn=lambda: _no_new_processes(allowed=2),
    )  # fmt: skip
    assert done.stdout.splitlines() == [
        "WorkersError cannot start 8 worker processes (Resource temporarily unavailable): ask for fewer with --jobs; "
        "nothing was written",
        "0",
    ], done.stderr
    assert not (tmp_path / "new.sqlite3").exists()
