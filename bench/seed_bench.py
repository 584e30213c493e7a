"""Seeding throughput: `newsdb seed` end to end and per phase, against the floor measured in the same run.

usage: python bench/seed_bench.py [--docs N] [--url URL] [--jobs N]

The floor is the same rows written with nothing but the driver: `sqlite3.executemany` on SQLite, psycopg
`COPY` on PostgreSQL, into a freshly migrated database. Targets: end to end at least 1,000 docs/s on SQLite and
800 docs/s on PostgreSQL (2 cores, 10,000 documents); the load phase within 2x of the floor.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

import newsdb
from newsdb.config import connect
from newsdb.extract import extract
from newsdb.load import (
    ARTICLE_COLUMNS,
    PARAGRAPH_COLUMNS,
    QUOTE_COLUMNS,
    SECTION_COLUMNS,
    content_sha256,
)
from newsdb.parse import parse
from newsdb.seed import seed
from newsdb.types import utcnow

TARGET_DOCS_PER_SECOND = {"sqlite": 1000, "postgresql": 800}
TARGET_LOAD_RATIO = 2.0


def write_corpus(folder: Path, count: int) -> int:
    size = 0
    for external_id, body in synthetic.generate(count):
        data = body.encode("utf-8")
        (folder / f"{external_id}.txt").write_bytes(data)
        size += len(data)
    return size


def fresh_database(url: str) -> str:
    """An empty, migrated database: a new SQLite file, or a new database on the PostgreSQL server."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(tempfile.mkdtemp()) / "floor.sqlite3"
        target = f"sqlite:///{path}"
    else:
        name = f"newsdb_floor_{os.getpid()}"
        admin = connect(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        target = parsed.set(database=name).render_as_string(hide_password=False)
    newsdb.upgrade(target)
    return target


def floor_rows(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The rows newsdb writes for the corpus, built outside the timed part."""
    rows: dict[str, list[tuple[Any, ...]]] = {"articles": [], "sections": [], "paragraphs": [], "quotes": []}
    section_id = paragraph_id = 0
    now = utcnow().replace(tzinfo=None).isoformat(" ")
    for article_id, path in enumerate(sorted(folder.glob("*.txt")), start=1):
        doc = extract(parse(path.read_text("utf-8"), external_id=path.stem))
        rows["articles"].append(
            (article_id, doc.external_id, doc.title, doc.lede, doc.published_on.isoformat(),
             doc.date_precision.value, doc.language, doc.body, content_sha256(doc), str(path), doc.word_count,
             now, now)
        )  # fmt: skip
        by_position: dict[int, int] = {}
        for section in doc.sections:
            section_id += 1
            rows["sections"].append((section_id, article_id, section.position, section.heading))
            for paragraph in section.paragraphs:
                paragraph_id += 1
                by_position[paragraph.position] = paragraph_id
                rows["paragraphs"].append(
                    (
                        paragraph_id,
                        article_id,
                        section_id,
                        paragraph.position,
                        paragraph.kind.value,
                        paragraph.text,
                    )
                )
        for quote in doc.quotes:
            rows["quotes"].append(
                (article_id, by_position[quote.paragraph], None, quote.text, quote.kind.value, quote.cue,
                 quote.speaker_role, quote.start, quote.end)
            )  # fmt: skip
    return rows


COLUMNS = {
    "articles": ARTICLE_COLUMNS,
    "sections": SECTION_COLUMNS,
    "paragraphs": PARAGRAPH_COLUMNS,
    "quotes": QUOTE_COLUMNS,
}


def measure_floor(url: str, rows: dict[str, list[tuple[Any, ...]]]) -> float:
    target = fresh_database(url)
    parsed = make_url(target)
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database is not None
        con = sqlite3.connect(parsed.database, isolation_level=None)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        started = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        for table, columns in COLUMNS.items():
            marks = ", ".join("?" * len(columns))
            con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows[table])
        con.execute("COMMIT")
        elapsed = time.perf_counter() - started
        con.close()
        return elapsed
    import psycopg

    with psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False)) as con:
        started = time.perf_counter()
        with con.cursor() as cursor:
            for table, columns in COLUMNS.items():
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(row)
        con.commit()
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--url", default=None, help="database server/file (default: a new SQLite file)")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        size = write_corpus(folder, args.docs)
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        target = fresh_database(url) if args.url else url
        backend = make_url(target).get_backend_name()

        report = seed([folder], target, jobs=args.jobs)
        assert report.ok, report.summary()
        assert report.inserted == args.docs, report.summary()
        rerun = seed([folder], target, jobs=args.jobs)
        floor = measure_floor(url, floor_rows(folder))

    docs_per_second = args.docs / report.elapsed
    ratio = report.seconds.load / floor
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"backend {backend}, {args.docs} documents, {size / 1e6:.1f} MB, jobs {args.jobs or os.cpu_count()}")
    target = TARGET_DOCS_PER_SECOND[backend]
    verdict = "met" if docs_per_second >= target else "MISSED"
    print(f"end to end      {report.elapsed:8.2f} s  {docs_per_second:8.0f} docs/s  (target >= {target}: {verdict})")
    for phase in ("read", "parse", "extract"):
        seconds = getattr(report.seconds, phase)
        print(f"  {phase:<13} {seconds:8.2f} s  (summed over workers) {args.docs / max(seconds, 1e-9):8.0f} docs/s")
    print(f"  load          {report.seconds.load:8.2f} s  {args.docs / report.seconds.load:8.0f} docs/s")
    print(f"floor (driver)  {floor:8.2f} s  {args.docs / floor:8.0f} docs/s  "
          f"({'sqlite3.executemany' if backend == 'sqlite' else 'psycopg COPY'} of the same rows)")  # fmt: skip
    print(f"load / floor    {ratio:8.2f} x  (target <= {TARGET_LOAD_RATIO}: "
          f"{'met' if ratio <= TARGET_LOAD_RATIO else 'MISSED'})")  # fmt: skip
    print(f"second run      {rerun.elapsed:8.2f} s  ({rerun.unchanged} unchanged)")
    print(f"peak memory     {peak_mb:8.0f} MB (this process)")
    print(f"rows written    {report.rows}")


if __name__ == "__main__":
    main()
