"""Seeding throughput: `newsdb seed` end to end and per phase, against the floor measured in the same run.

usage: python bench/seed_bench.py [--docs N] [--url URL] [--jobs N]

The floor is the same rows written with nothing but the driver: `sqlite3.executemany` on SQLite, psycopg
`COPY` on PostgreSQL, into a freshly migrated database, with foreign keys checked as newsdb's writer has them
checked; measured again without the quote spans, it shows what writing the span rows alone costs (each of the two
is the faster of two runs, alternating). Targets: end to end at least 1,000 docs/s on SQLite and
800 docs/s on PostgreSQL (2 cores, 10,000 documents); the load phase within 2x of the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
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
from newsdb.extract import compiled, extract
from newsdb.ingest.seed import DEFAULT_BATCH_SIZE
from newsdb.parse import parse
from newsdb.store.config import IMMEDIATE_OPTION, connect
from newsdb.store.rows import ArticleRows, ParagraphValues, QuoteValues, SectionValues, SpanValues, article_rows
from newsdb.store.types import utcnow
from newsdb.store.writer import ArticleWriter

TARGET_DOCS_PER_SECOND = {"sqlite": 1000, "postgresql": 800}
TARGET_LOAD_RATIO = 2.0


def write_corpus(folder: Path, count: int) -> int:
    size = 0
    for external_id, body in synthetic.generate(count):
        data = body.encode("utf-8")
        (folder / f"{external_id}.txt").write_bytes(data)
        size += len(data)
    return size


def seed_in_subprocess(folder: Path, url: str, jobs: int | None) -> dict[str, Any]:
    """Run `newsdb seed --json` as a user would; the parent then reads the peak memory of that run."""
    command = [sys.executable, "-m", "newsdb", "--url", url, "seed", "--json", str(folder)]
    if jobs:
        command += ["--jobs", str(jobs)]
    # run outside the repository, so that the installed newsdb is imported, not the sources beside it
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=folder.parent)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def fresh_database(url: str) -> str:
    """An empty, migrated database: a new SQLite file, or a new database on the PostgreSQL server."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database is not None
        path = Path(parsed.database).with_name("floor.sqlite3")  # beside the run's own file, removed with it
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        target = f"sqlite:///{path}"
    else:
        _on_server(url, f'DROP DATABASE IF EXISTS "{_SCRATCH}"', f'CREATE DATABASE "{_SCRATCH}"')
        target = parsed.set(database=_SCRATCH).render_as_string(hide_password=False)
    newsdb.upgrade(target)
    return target


# The database this run creates on a PostgreSQL server, and drops when it is done.
_SCRATCH = f"newsdb_floor_{os.getpid()}"


def _on_server(url: str, *statements: str) -> None:
    admin = connect(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    admin.dispose()


def prepared_corpus(folder: Path, url: str) -> list[ArticleRows]:
    """The corpus parsed, extracted and prepared as the workers would, outside any timed part."""
    index = make_url(url).get_backend_name() == "sqlite"
    return [
        article_rows(extract(parse(path.read_text("utf-8"), external_id=path.stem, source=str(path))), index=index)
        for path in sorted(folder.glob("*.txt"))
    ]


def measure_load(url: str, prepared: list[ArticleRows]) -> float:
    """newsdb's load phase alone: `ArticleWriter.write` in default-sized batches into a fresh database."""
    engine = connect(fresh_database(url))
    with engine.connect() as connection:
        writer = connection.execution_options(**{IMMEDIATE_OPTION: True})
        article_writer = ArticleWriter(writer)
        started = time.perf_counter()
        for first in range(0, len(prepared), DEFAULT_BATCH_SIZE):
            with writer.begin():
                article_writer.write(prepared[first : first + DEFAULT_BATCH_SIZE])
        elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def written_columns(url: str) -> dict[str, tuple[str, ...]]:
    """The columns newsdb's writer writes, by table, and the full-text index's on SQLite."""
    engine = connect(fresh_database(url))
    with engine.connect() as connection:
        columns = ArticleWriter(connection).columns
    engine.dispose()
    if make_url(url).get_backend_name() == "sqlite":
        columns["articles_fts"] = ("rowid", "title", "lede", "body")
    return columns


def floor_rows(
    prepared: list[ArticleRows], columns: dict[str, tuple[str, ...]], sqlite: bool
) -> dict[str, list[tuple[Any, ...]]]:
    """The rows newsdb writes for the corpus (sources aside), quote spans included, built outside the timed part,
    in the writer's column order."""
    named: dict[str, list[dict[str, Any]]] = {name: [] for name in columns}
    ids = dict.fromkeys(columns, 0)
    now = utcnow()
    stamp: Any = now.replace(tzinfo=None).isoformat(" ") if sqlite else now
    for item in prepared:
        ids["articles"] += 1
        article_id = ids["articles"]
        article = {**item.article._asdict(), "id": article_id, "external_id": item.external_id,
                   "content_sha256": item.content_sha256, "created_at": stamp, "updated_at": stamp}  # fmt: skip
        if sqlite:
            article["published_on"] = item.article.published_on.isoformat()
        named["articles"].append(article)
        if item.index_terms is not None:
            title, lede, body = item.index_terms
            named["articles_fts"].append({"rowid": article_id, "title": title, "lede": lede, "body": body})
        section_ids = []
        for section in map(SectionValues._make, item.sections):
            ids["sections"] += 1
            section_ids.append(ids["sections"])
            named["sections"].append({**section._asdict(), "id": ids["sections"], "article_id": article_id})
        paragraph_ids = []
        for paragraph in map(ParagraphValues._make, item.paragraphs):
            ids["paragraphs"] += 1
            paragraph_ids.append(ids["paragraphs"])
            values = {**paragraph._asdict(), "id": ids["paragraphs"], "article_id": article_id}
            named["paragraphs"].append({**values, "section_id": section_ids[paragraph.section]})
        quote_ids = [ids["quotes"] + number for number in range(1, len(item.quotes) + 1)]
        for quote_id, quote in zip(quote_ids, map(QuoteValues._make, item.quotes), strict=True):
            values = {**quote._asdict(), "id": quote_id, "article_id": article_id, "source_id": None, "alias_id": None}
            parent_id = None if quote.parent is None else quote_ids[quote.parent]
            named["quotes"].append({**values, "paragraph_id": paragraph_ids[quote.paragraph], "parent_id": parent_id})
        ids["quotes"] += len(quote_ids)
        for span in map(SpanValues._make, item.spans):
            ids["quote_spans"] += 1
            values = {**span._asdict(), "id": ids["quote_spans"], "article_id": article_id}
            named["quote_spans"].append(
                {**values, "quote_id": quote_ids[span.quote], "paragraph_id": paragraph_ids[span.paragraph]}
            )
    return {table: [tuple(row[c] for c in columns[table]) for row in rows] for table, rows in named.items()}


def measure_floor(url: str, rows: dict[str, list[tuple[Any, ...]]], columns: dict[str, tuple[str, ...]]) -> float:
    target = fresh_database(url)
    parsed = make_url(target)
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database is not None
        con = sqlite3.connect(parsed.database, isolation_level=None)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = ON")  # as newsdb's connections: SQLite checks them only when asked
        started = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        for table, names in columns.items():
            if not rows[table]:
                continue
            marks = ", ".join("?" * len(names))
            con.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows[table])
        con.execute("COMMIT")
        elapsed = time.perf_counter() - started
        con.close()
        return elapsed
    import psycopg

    with psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False)) as pg:
        started = time.perf_counter()
        with pg.cursor() as cursor:
            for table, names in columns.items():
                if not rows[table]:
                    continue
                with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(row)
        pg.commit()
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

        try:
            report = seed_in_subprocess(folder, target, args.jobs)
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            assert report["failures"] == [], report["failures"]
            assert report["inserted"] == args.docs, report
            rerun = seed_in_subprocess(folder, target, args.jobs)
            prepared = prepared_corpus(folder, url)
            load = measure_load(url, prepared)
            columns = written_columns(url)
            rows = floor_rows(prepared, columns, backend == "sqlite")
            # the same without the quote spans: what the span rows alone cost the driver. The two alternate,
            # twice, and each keeps its faster run, so that a busy moment does not land on one of them only.
            others = {table: names for table, names in columns.items() if table != "quote_spans"}
            floors = [(measure_floor(url, rows, columns), measure_floor(url, rows, others)) for _ in range(2)]
            floor, floor_without_spans = (min(runs) for runs in zip(*floors, strict=True))
        finally:
            if backend == "postgresql":
                _on_server(url, f'DROP DATABASE IF EXISTS "{_SCRATCH}" WITH (FORCE)')

    elapsed, seconds = report["elapsed"], report["seconds"]
    docs_per_second = args.docs / elapsed
    ratio = load / floor
    print(f"backend {backend}, {args.docs} documents, {size / 1e6:.1f} MB, jobs {args.jobs or os.cpu_count()}, "
          f"extractor {'compiled' if compiled() else 'pure Python'}")  # fmt: skip
    target = TARGET_DOCS_PER_SECOND[backend]
    verdict = "met" if docs_per_second >= target else "MISSED"
    print(f"end to end      {elapsed:8.2f} s  {docs_per_second:8.0f} docs/s  (target >= {target}: {verdict})")
    for phase in ("read", "parse", "extract"):
        spent = seconds[phase]
        print(f"  {phase:<13} {spent:8.2f} s  (summed over workers) {args.docs / max(spent, 1e-9):8.0f} docs/s")
    print(f"  load          {seconds['load']:8.2f} s  {args.docs / seconds['load']:8.0f} docs/s")
    print(f"load alone      {load:8.2f} s  {args.docs / load:8.0f} docs/s  (batches of {DEFAULT_BATCH_SIZE})")
    print(f"floor (driver)  {floor:8.2f} s  {args.docs / floor:8.0f} docs/s  "
          f"({'sqlite3.executemany' if backend == 'sqlite' else 'psycopg COPY'} of the same rows)")  # fmt: skip
    spans = floor - floor_without_spans
    print(f"  without spans {floor_without_spans:8.2f} s  {args.docs / floor_without_spans:8.0f} docs/s  "
          f"(the {report['rows'].get('quote_spans', 0):,} quote spans alone: {spans:.2f} s, "
          f"{spans / floor:.0%} of the floor)")  # fmt: skip
    print(f"load / floor    {ratio:8.2f} x  (target <= {TARGET_LOAD_RATIO}: "
          f"{'met' if ratio <= TARGET_LOAD_RATIO else 'MISSED'})")  # fmt: skip
    print(f"second run      {rerun['elapsed']:8.2f} s  ({rerun['unchanged']} unchanged)")
    print(f"peak memory     {peak_mb:8.0f} MB (largest process of the seed run)")
    print(f"rows written    {report['rows']}")


if __name__ == "__main__":
    main()
