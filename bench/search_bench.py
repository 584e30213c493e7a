"""Full-text search latency on 100,000 synthetic articles: p50 and p95 of one- and two-word queries.

    python bench/search_bench.py                          # SQLite file in the temp directory
    python bench/search_bench.py --url postgresql://...   # an empty PostgreSQL database

Corpus. Articles come from `bench/synthetic.py` (templated sentences: a vocabulary of a few hundred words, so
each of its words occurs in a large share of all articles). To give word frequencies the shape of real text,
every article is enriched with words of a Zipf-distributed vocabulary:

- the vocabulary: 50,000 pseudo-German words (`VOCABULARY_SIZE`), built deterministically from syllables
  (`VOCABULARY_SEED`), each with a Snowball stem of its own that is neither a stop word nor a stem of the
  template text;
- word of rank r (1 = most frequent) is drawn with probability proportional to (r + 100) ** -1.1 (Zipf-Mandelbrot,
  s = `ZIPF_S`, offset `ZIPF_OFFSET`): the offset stands for the function words that head a real frequency list,
  which the template sentences already supply. The most frequent pseudo-word then occurs in about a fifth of
  the articles, the 1,000th in about 2 %, the 10,000th in about 0.15 %;
- each article (ids 1..n) gets a title of 3 to 6 such words and a closing body paragraph of 80 to 150 of them,
  in sentences of 6 to 14 words; the words of article `id` depend on `id` alone (`enrichment`).

Articles are parsed and bulk-inserted as rows (articles and, on SQLite, the FTS index; no quotes). A database
that already holds articles is searched as it is, so point `--url` at an empty database or at one this script
filled.

Queries, each for the top 20 hits, ranked, with snippets, through `newsdb.search`:

- realistic set (`--queries`, default 100): half one-word, half two-word queries. Each draws an article at random
  (seeded) and takes one, or two with different stems, of the words of its enrichment at random: a
  frequency-weighted sample of the Zipf words, restricted to words that occur (and two words that occur together).
  Stop words never occur among them. Over 100,000 articles the median query matches 0.23 % of the articles,
  the 95th percentile 13 %; the script prints the measured shares.
- worst-case set (same size): only the 20 most frequent content words (no stop words, one per stem) of the
  whole corpus, counted by document frequency over its first 2,000 articles, template words included; they
  match most of the corpus. One-word queries cycle through them, two-word queries pair two of them at random.

Both sets report p50, p95 and max latency after 10 warm-up queries. Target: p95 under 50 ms on both backends for
the realistic set; the worst-case set is printed so that the cost of very common words stays visible.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, islice
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

import newsdb
from newsdb.document import Document
from newsdb.parse import parse
from newsdb.search import sqlite_index, terms
from newsdb.search.query import parse_query, to_fts5, to_tsquery
from newsdb.store.models import ArticleRow

BATCH = 2_000
TARGET_P95_MS = 50.0
VOCABULARY_SIZE = 50_000
VOCABULARY_SEED = 20_261_124
ZIPF_S = 1.1
ZIPF_OFFSET = 100
WORST_CASE_WORDS = 20
WORST_CASE_SAMPLE = 2_000

_ONSETS = ("b", "br", "d", "dr", "f", "fl", "g", "gr", "h", "k", "kl", "l", "m", "n", "p", "pf", "r", "s", "sch",
           "schw", "sp", "st", "str", "t", "tr", "w", "z")  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "au", "ei", "ie", "eu")
_CODAS = ("", "", "n", "r", "l", "m", "s", "ch", "ck", "ft", "ld", "nd", "ng", "nk", "rt", "st", "tz")


@lru_cache(maxsize=1)
def vocabulary() -> tuple[str, ...]:
    """`VOCABULARY_SIZE` pseudo-German words, most frequent first; every one has a stem of its own."""
    rng = random.Random(VOCABULARY_SEED)
    taken = {terms.stem(w) for _, article in generate(300, seed=0) for w in terms.words(article)}
    out: list[str] = []
    while len(out) < VOCABULARY_SIZE:
        syllables = rng.choices((2, 3, 4), weights=(5, 4, 1))[0]
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables))
        if len(word) < 5 or terms.is_stop_word(word):
            continue
        stem = terms.stem(word)
        if stem in taken:
            continue
        taken.add(stem)
        out.append(word.capitalize())
    return tuple(out)


@lru_cache(maxsize=1)
def _cumulative_weights() -> list[float]:
    return list(accumulate((rank + ZIPF_OFFSET) ** -ZIPF_S for rank in range(1, VOCABULARY_SIZE + 1)))


def enrichment(article_id: int) -> tuple[str, str]:
    """The title and the closing body paragraph of Zipf words that article `article_id` gets."""
    rng = random.Random(f"zipf-{article_id}")
    words, weights = vocabulary(), _cumulative_weights()
    title = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(3, 6)))
    remaining, sentences = rng.randint(80, 150), []
    while remaining > 0:
        n = min(remaining, rng.randint(6, 14))
        drawn = rng.choices(words, cum_weights=weights, k=n)
        sentences.append(" ".join([drawn[0], *(w.lower() if rng.random() < 0.3 else w for w in drawn[1:])]) + ".")
        remaining -= n
    return title, " ".join(sentences)


def articles(n: int) -> Iterator[tuple[int, Document, str, str]]:
    """`(id, parsed synthetic article, title, body)` for ids 1..n: the synthetic text plus its enrichment."""
    for number, (external_id, raw) in enumerate(generate(n, seed=0), start=1):
        doc = parse(raw, external_id=external_id)
        title, paragraph = enrichment(number)
        yield number, doc, title, f"{doc.body}\n\n{paragraph}"


def _rows(n: int) -> Iterator[dict[str, object]]:
    for number, doc, title, body in articles(n):
        yield {
            "id": number,
            "external_id": doc.external_id,
            "title": title,
            "lede": doc.lede,
            "published_on": doc.published_on,
            "date_precision": doc.date_precision.value,
            "body": body,
            "content_sha256": hashlib.sha256(f"{doc.external_id}\n{body}".encode()).hexdigest(),
            "word_count": len(terms.words(f"{title} {doc.lede} {body}")),
        }


def load(engine: Engine, n: int) -> float:
    """Insert `n` enriched synthetic articles; returns seconds taken."""
    started = time.perf_counter()
    rows = _rows(n)
    sqlite = engine.dialect.name == "sqlite"
    while batch := list(islice(rows, BATCH)):
        with engine.begin() as connection:
            connection.execute(insert(ArticleRow), batch)
            if sqlite:
                index = [sqlite_index.index_row(r["id"], r["title"], r["lede"], r["body"]) for r in batch]  # type: ignore[arg-type]
                sqlite_index.write(connection, index)
        print(f"\r  loaded {batch[-1]['id']:,} articles", end="", file=sys.stderr)
    print(file=sys.stderr)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("ANALYZE" if sqlite else "VACUUM ANALYZE articles")
    return time.perf_counter() - started


def realistic_queries(stored: int, count: int) -> list[str]:
    """Half one-word, half two-word queries: words of the enrichment of random articles (see the docstring)."""
    rng = random.Random(1)
    out = []
    for i in range(count):
        words = terms.words(enrichment(rng.randint(1, stored))[1])
        first = rng.choice(words)
        if i % 2 == 0:
            out.append(first)
            continue
        second = rng.choice([w for w in words if terms.stem(w) != terms.stem(first)])
        out.append(f"{first} {second}")
    return out


def most_frequent_words(count: int) -> list[str]:
    """The `count` content words occurring in most of the first `WORST_CASE_SAMPLE` articles, one per stem."""
    frequency: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for _, doc, title, body in articles(WORST_CASE_SAMPLE):
        stems = set()
        for word in terms.words(f"{title} {doc.lede} {body}"):
            if word.isalpha() and len(word) > 2 and not terms.is_stop_word(word):
                stems.add(terms.stem(word))
                spelling.setdefault(terms.stem(word), word)
        frequency.update(stems)
    return [spelling[stem] for stem, _ in frequency.most_common(count)]


def worst_case_queries(count: int) -> list[str]:
    words = most_frequent_words(WORST_CASE_WORDS)
    rng = random.Random(2)
    return [words[(i // 2) % len(words)] if i % 2 == 0 else " ".join(rng.sample(words, 2)) for i in range(count)]


def match_shares(engine: Engine, queries: Sequence[str], stored: int) -> list[float]:
    """The share of all articles each query matches."""
    sqlite = engine.dialect.name == "sqlite"
    sql = text(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q"
        if sqlite
        else "SELECT count(*) FROM articles WHERE search_vector @@ to_tsquery('german', :q)"
    )
    with engine.connect() as connection:
        return [
            connection.execute(sql, {"q": (to_fts5 if sqlite else to_tsquery)(parse_query(q))}).scalar_one() / stored
            for q in queries
        ]


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


def report(engine: Engine, name: str, queries: list[str], stored: int) -> float:
    """Run and print one query set; returns its p95 in ms."""
    latencies, hits = measure(engine, queries)
    shares = sorted(match_shares(engine, queries, stored))
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=100)[94]
    print(f"{name}: {len(queries)} queries, e.g. {', '.join(repr(q) for q in queries[:4])}")
    print(f"  articles matched: median {statistics.median(shares):.2%}, p95 {shares[int(len(shares) * 0.95)]:.2%}")
    worst, mean_hits = max(latencies), statistics.mean(hits)
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   max {worst:.1f} ms   mean hits {mean_hits:.1f}")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = Path(tempfile.gettempdir()) / "newsdb-search-bench-zipf.sqlite3"
    parser.add_argument("--url", default=f"sqlite:///{default}")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()

    engine = newsdb.connect(args.url)
    newsdb.upgrade(engine)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(ArticleRow)).scalar_one()
    if stored == 0:
        seconds = load(engine, args.articles)
        print(f"loaded {args.articles:,} articles in {seconds:.1f} s ({args.articles / seconds:,.0f}/s)")
        stored = args.articles
    else:
        print(f"searching the {stored:,} articles already stored")
    print(f"backend {engine.dialect.name}, {stored:,} articles, top 20, ranked, with snippets")
    p95 = report(engine, "realistic set", realistic_queries(stored, args.queries), stored)
    report(engine, "worst-case set (the 20 most frequent content words)", worst_case_queries(args.queries), stored)
    print(f"target p95 < {TARGET_P95_MS:.0f} ms on the realistic set: {'met' if p95 < TARGET_P95_MS else 'MISSED'}")
    engine.dispose()


if __name__ == "__main__":
    main()
