"""Seeding in processes, on both backends: a killed run and Ctrl-C leave whole articles and a rerun completes,
two seeders on overlapping folders, and the worker pool."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from seed_corpus import article, counts, write
from sqlalchemy import text

from newsdb.ingest.seed import seed
from newsdb.store.config import connect


def seed_process(url: str, *paths: Path, batch_size: int = 10) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsdb", "--url", url, "seed", "--quiet", "--jobs", "1",
         "--batch-size", str(batch_size), *map(str, paths)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_a_killed_run_leaves_whole_articles_and_a_rerun_completes(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for number in range(300):
        write(corpus, f"doc{number:04d}.txt", article(number))
    import newsdb

    newsdb.upgrade(empty_url)
    process = seed_process(empty_url, corpus)
    deadline = time.monotonic() + 60
    while counts(empty_url)["articles"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = counts(empty_url)
    assert 0 < partial["articles"] < 300
    # Whole articles only: each has its two sections and three paragraphs (lede, body, body).
    assert (partial["sections"], partial["paragraphs"]) == (2 * partial["articles"], 3 * partial["articles"])

    report = seed([corpus], url=empty_url)
    assert report.ok
    assert report.inserted == 300 - partial["articles"]
    assert report.unchanged == partial["articles"]
    assert counts(empty_url)["articles"] == 300


def test_two_concurrent_seeders_on_overlapping_folders(empty_url: str, tmp_path: Path) -> None:
    for number in range(120):
        write(tmp_path / ("left" if number < 80 else "right"), f"doc{number:04d}.txt", article(number))
    # the overlap: the second seeder loads 40 of the first one's files too
    overlap = [tmp_path / "left" / f"doc{number:04d}.txt" for number in range(40, 80)]
    import newsdb

    newsdb.upgrade(empty_url)
    first = seed_process(empty_url, tmp_path / "left", batch_size=7)
    second = seed_process(empty_url, *overlap, tmp_path / "right", batch_size=5)
    for process in (first, second):
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    found = counts(empty_url)
    assert found["articles"] == 120
    assert found["sections"] == 240
    engine = connect(empty_url)
    with engine.connect() as connection:
        sources = connection.execute(text("SELECT count(*), count(DISTINCT normalized_key) FROM sources")).one()
    engine.dispose()
    assert sources[0] == sources[1]


def test_seed_runs_in_a_worker_pool(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for number in range(100):
        write(corpus, f"doc{number:04d}.txt", article(number))
    report = seed([corpus], url=empty_url, jobs=2, batch_size=16)
    assert (report.inserted, report.rows.articles) == (100, 100)


def test_ctrl_c_stops_cleanly_and_keeps_whole_articles(empty_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for number in range(300):
        write(corpus, f"doc{number:04d}.txt", article(number))
    import newsdb

    newsdb.upgrade(empty_url)
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdb", "--url", empty_url, "seed", "--jobs", "2", "--batch-size", "10", str(corpus)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while counts(empty_url)["articles"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted" in err
    assert "Traceback" not in err
    partial = counts(empty_url)
    assert (partial["sections"], partial["paragraphs"]) == (2 * partial["articles"], 3 * partial["articles"])
