"""Full-text search latency on 100,000 synthetic articles: p50 and p95 of 100 one- and two-word queries.

    python bench/search_bench.py                          # SQLite file in the temp directory
    python bench/search_bench.py --url postgresql://...   # an empty PostgreSQL database

Articles come from `bench/synthetic.py`, are parsed, and are bulk-inserted as rows (articles and, on SQLite,
the FTS index; no quotes). A database that already holds articles is searched as it is. Each query asks for the
top 20 hits, ranked, with snippets, through `newsdb.search`. Target: p95 under 50 ms on both backends.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

import newsdb
from newsdb import fts
from newsdb.document import Document
from newsdb.models import Article
from newsdb.parse import parse

BATCH = 2_000
TARGET_P95_MS = 50.0


def _rows(documents: Iterator[Document], first_id: int) -> Iterator[dict[str, object]]:
    for number, doc in enumerate(documents, start=first_id):
        body = doc.body
        yield {
            "id": number,
            "external_id": doc.external_id,
            "title": doc.title,
            "lede": doc.lede,
            "published_on": doc.published_on,
            "date_precision": doc.date_precision.value,
            "body": body,
            "content_sha256": hashlib.sha256(f"{doc.external_id}\n{body}".encode()).hexdigest(),
            "word_count": doc.word_count,
        }


def load(engine: Engine, n: int) -> float:
    """Insert `n` synthetic articles; returns seconds taken."""
    started = time.perf_counter()
    documents = (parse(t, external_id=i) for i, t in generate(n, seed=0))
    rows = _rows(documents, first_id=1)
    sqlite = engine.dialect.name == "sqlite"
    while batch := list(islice(rows, BATCH)):
        with engine.begin() as connection:
            connection.execute(insert(Article), batch)
            if sqlite:
                index = [fts.index_row(r["id"], r["title"], r["lede"], r["body"]) for r in batch]  # type: ignore[arg-type]
                connection.execute(text(fts.SQLITE_INDEX_SQL), index)
        print(f"\r  loaded {batch[-1]['id']:,} articles", end="", file=sys.stderr)
    print(file=sys.stderr)
    if not sqlite:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE articles")
    return time.perf_counter() - started


def queries(engine: Engine, count: int) -> list[str]:
    """Half one-word, half two-word queries of words from the stored articles (two words of one article)."""
    rng = random.Random(1)
    with engine.connect() as connection:
        texts = [r[0] for r in connection.execute(text("SELECT body FROM articles ORDER BY id LIMIT 300"))]
    out = []
    for i in range(count):
        words = [
            w
            for w in fts.WORD.findall(rng.choice(texts))
            if len(w) > 4 and w.isalpha() and not fts.is_stop_word(w.lower())
        ]
        if i % 2 == 0:
            out.append(rng.choice(words))
        else:
            out.append(" ".join(rng.sample(words, 2)))
    return out


def measure(engine: Engine, texts: list[str]) -> tuple[list[float], list[int]]:
    for query in texts[:10]:  # warm caches
        newsdb.search(query, url=engine)
    latencies, hits = [], []
    for query in texts:
        started = time.perf_counter()
        found = newsdb.search(query, url=engine, limit=20)
        latencies.append((time.perf_counter() - started) * 1000)
        hits.append(len(found))
    return latencies, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=f"sqlite:///{Path(tempfile.gettempdir()) / 'newsdb-search-bench.sqlite3'}")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()

    engine = newsdb.connect(args.url)
    newsdb.upgrade(engine)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(Article)).scalar_one()
    if stored == 0:
        seconds = load(engine, args.articles)
        print(f"loaded {args.articles:,} articles in {seconds:.1f} s ({args.articles / seconds:,.0f}/s)")
        stored = args.articles
    else:
        print(f"searching the {stored:,} articles already stored")
    latencies, hits = measure(engine, queries(engine, args.queries))
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=100)[94]
    print(f"backend {engine.dialect.name}, {stored:,} articles, {len(latencies)} queries (top 20, ranked, snippets)")
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   max {max(latencies):.1f} ms", end="")
    print(f"   mean hits {statistics.mean(hits):.1f}")
    print(f"  target p95 < {TARGET_P95_MS:.0f} ms: {'met' if p95 < TARGET_P95_MS else 'MISSED'}")
    engine.dispose()


if __name__ == "__main__":
    main()
