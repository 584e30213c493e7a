"""Throughput of `newsdb.parse.parse` alone on synthetic seed-like articles.

Usage: python bench/parse_bench.py [--docs N] [--repeat R]

The documents are generated in memory first; only the parse calls are timed. The best of R rounds is reported
in MB/s (UTF-8 bytes) and documents per second.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from newsdb.parse import parse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="number of documents (default 2000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds, best one reported (default 5)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    documents = list(generate(args.docs, seed=args.seed))
    size = sum(len(text.encode("utf-8")) for _, text in documents)
    best = min(_time_round(documents) for _ in range(args.repeat))
    print(
        f"parse: {len(documents)} documents, {size / 1e6:.2f} MB (mean {size / len(documents) / 1e3:.1f} KB) "
        f"in {best * 1e3:.1f} ms: {size / 1e6 / best:.1f} MB/s, {len(documents) / best:,.0f} docs/s"
    )
    return 0


def _time_round(documents: list[tuple[str, str]]) -> float:
    start = time.perf_counter()
    for external_id, text in documents:
        parse(text, external_id=external_id)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
