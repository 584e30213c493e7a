"""Faults around the seeding process: killed runs, SIGTERM, concurrent runs, locks held too long, a schema
dropped underneath a run. Every test runs real `newsdb seed` processes against real databases.

`timeout=` on subprocess calls only guards against a hang (the faults these tests are about); no test asserts
how long anything took.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import text

import newsdb
from newsdb.store.config import connect

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = 600
HANG_GUARD = 180  # seconds; a run that takes this long is hanging, not slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated articles, enough that a run with small batches is still going when a test interrupts it."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import synthetic
    finally:
        sys.path.remove(str(REPO / "bench"))
    folder = tmp_path_factory.mktemp("corpus")
    for external_id, body in synthetic.generate(DOCUMENTS, seed=13):
        (folder / f"{external_id}.txt").write_text(body, encoding="utf-8")
    return folder


def newsdb_command(url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "newsdb", "--url", url, *args]


def start_seed(url: str, corpus: Path, *, jobs: int = 2, batch_size: int = 20) -> subprocess.Popen[str]:
    command = newsdb_command(url, "seed", "--quiet", "--jobs", str(jobs), "--batch-size", str(batch_size), str(corpus))
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def article_count(url: str) -> int:
    engine = connect(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM articles")).scalar_one())
    finally:
        engine.dispose()


def wait_for_first_articles(url: str, process: subprocess.Popen[str]) -> None:
    """Return once the run has written a batch; fail if it ended before."""
    deadline = time.monotonic() + HANG_GUARD
    while article_count(url) == 0:
        assert process.poll() is None, f"the run ended before a test could interrupt it: {process.communicate()}"
        assert time.monotonic() < deadline, "the run wrote nothing"
        time.sleep(0.02)


def living(processes: list[psutil.Process]) -> list[psutil.Process]:
    """The processes that still run (a killed orphan may linger as a zombie until it is reaped: that one is dead)."""
    alive = []
    for process in processes:
        try:
            if process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except psutil.NoSuchProcess:
            pass
    return alive


def assert_whole_articles(url: str) -> None:
    """No article without paragraphs, no paragraph without its article."""
    missing = "SELECT count(*) FROM {0} x WHERE NOT EXISTS (SELECT 1 FROM {1} y WHERE {2})"
    engine = connect(url)
    with engine.connect() as connection:
        found = [
            connection.execute(text(missing.format(*tables))).scalar_one()
            for tables in (
                ("articles", "paragraphs", "y.article_id = x.id"),
                ("paragraphs", "articles", "y.id = x.article_id"),
            )
        ]
    engine.dispose()
    assert found == [0, 0]


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("newsdb: error: "), stderr
    return lines[0]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_a_killed_run_leaves_no_worker_behind_and_the_rerun_completes(
    empty_url: str, corpus: Path, how: signal.Signals
) -> None:
    newsdb.upgrade(empty_url)
    process = start_seed(empty_url, corpus)
    wait_for_first_articles(empty_url, process)
    workers = psutil.Process(process.pid).children(recursive=True)
    assert len(workers) >= 2  # the pool of --jobs 2

    process.send_signal(how)
    _, err = process.communicate(timeout=HANG_GUARD)
    if how == signal.SIGTERM:  # like Ctrl-C: the open batch is finished, the run says so and exits 130
        assert process.returncode == 130, err
        assert "Traceback" not in err
        assert "interrupted" in err
    psutil.wait_procs(living(workers), timeout=HANG_GUARD)
    assert living(workers) == []
    assert_whole_articles(empty_url)

    rerun = subprocess.run(newsdb_command(empty_url, "seed", "--json", str(corpus)), capture_output=True,
                           text=True, timeout=HANG_GUARD, check=False)  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    assert article_count(empty_url) == DOCUMENTS
    assert_whole_articles(empty_url)


def test_two_seeders_on_a_new_empty_database_both_succeed(empty_url: str, corpus: Path, tmp_path: Path) -> None:
    small = tmp_path / "small"
    small.mkdir()
    files = sorted(corpus.iterdir())[:40]
    for path in files:
        (small / path.name).write_bytes(path.read_bytes())
    runs = [start_seed(empty_url, small, jobs=1, batch_size=5) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=HANG_GUARD)
        assert run.returncode == 0, err
    assert newsdb.current(empty_url) == newsdb.head()
    assert article_count(empty_url) == len(files)


def test_a_sqlite_writer_that_waits_past_the_busy_timeout_fails_in_one_line(tmp_path: Path, corpus: Path) -> None:
    database = tmp_path / "busy.sqlite3"
    newsdb.upgrade(f"sqlite:///{database}")
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock for the whole run
    try:
        done = subprocess.run(newsdb_command(f"sqlite:///{database}?timeout=0.2", "seed", str(corpus)),
                              capture_output=True, text=True, timeout=HANG_GUARD, check=False)  # fmt: skip
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert done.returncode == 2
    line = one_line_error(done.stderr)
    assert "database is locked" in line
    assert "nothing was written" in line
    assert article_count(f"sqlite:///{database}") == 0


def test_a_downgrade_during_a_run_stops_the_seeder_with_one_line(empty_url: str, corpus: Path) -> None:
    newsdb.upgrade(empty_url)
    # One process, so that the writer leaves the SQLite lock free while it extracts the next batch.
    process = start_seed(empty_url, corpus, jobs=1)
    wait_for_first_articles(empty_url, process)
    waiting_url = empty_url + ("?timeout=60" if empty_url.startswith("sqlite") else "")
    newsdb.downgrade(waiting_url, "base", allow_data_loss=True)
    _, err = process.communicate(timeout=HANG_GUARD)
    assert process.returncode == 2, err
    line = one_line_error(err)
    assert "seeding stopped" in line
    assert "run `newsdb upgrade`" in line


def _busy(process: subprocess.Popen[str], in_workers: bool) -> list[psutil.Process]:
    """The run's workers, once the run is busy extracting: a worker, or the run itself without workers, has spent
    a few seconds of CPU (start-up takes one); fail if the run ended before."""
    deadline = time.monotonic() + HANG_GUARD
    run = psutil.Process(process.pid)
    while True:
        assert process.poll() is None, f"the run ended before a test could interrupt it: {process.communicate()}"
        assert time.monotonic() < deadline, "the run did not get busy"
        workers = run.children(recursive=True)
        busy = [w for w in living(workers) if w.cpu_times().user >= 1.0] if in_workers else []
        if busy or (not in_workers and run.cpu_times().user >= 3.0):
            return workers
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("how", "jobs"), [(signal.SIGINT, 1), (signal.SIGTERM, 2)], ids=["ctrl-c-in-process", "sigterm-workers"]
)
def test_a_signal_while_nothing_is_written_stops_at_once(
    empty_url: str, tmp_path: Path, how: signal.Signals, jobs: int
) -> None:
    """A run extracting a very long article stops at the first signal: nothing is being written, so there is no
    batch to finish, and the workers are not waited for."""
    newsdb.upgrade(empty_url)
    folder = tmp_path / "long"
    folder.mkdir()
    sentence = "Finanzvorsteherin Petra Meier sagte, die Lage sei angespannt. «Wir müssen sparen», sagte Meier. "
    text = f" date 2024-01-01 Ein langer Bericht.\n\n{sentence * 85_000}\n"
    (folder / "a_long.txt").write_text(text, encoding="utf-8")  # first in its chunk: the run waits for it
    for number in range(40 if jobs > 1 else 0):  # enough files for two chunks, so that workers start
        (folder / f"b{number:03d}.txt").write_text(f" date 2024-01-01 Kurz {number}.\n\nText.\n", encoding="utf-8")
    process = start_seed(empty_url, folder, jobs=jobs)
    try:
        workers = _busy(process, in_workers=jobs > 1)
        process.send_signal(how)
        _, err = process.communicate(timeout=HANG_GUARD)
    finally:
        if process.poll() is None:  # a run that failed the test must not go on extracting after it
            process.kill()
            process.communicate()
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert "stopping after the current batch" not in err  # it did not wait to finish anything
    assert "interrupted" in err
    psutil.wait_procs(living(workers), timeout=HANG_GUARD)
    assert living(workers) == []
    assert article_count(empty_url) == 0
