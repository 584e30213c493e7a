"""Throughput of `newsdb.parse.parse` alone on synthetic seed-like articles.

Usage: python bench/parse_bench.py [--docs N] [--repeat R] [--long MB]

The documents are generated in memory first; only the parse calls are timed. The best of R rounds is reported
in MB/s (UTF-8 bytes) and documents per second. `--long MB` times instead one document of a single line of
1, 2, 4, ... up to MB megabytes (decoding, parsing and counting words), to show that the time grows linearly.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from newsdb.parse import decode, parse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="number of documents (default 2000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds, best one reported (default 5)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--long", type=int, metavar="MB", help="time single-line documents of up to MB megabytes")
    args = parser.parse_args(argv)
    if args.long:
        return _time_long_lines(args.long, args.repeat)

    documents = list(generate(args.docs, seed=args.seed))
    size = sum(len(text.encode("utf-8")) for _, text in documents)
    best = min(_time_round(documents) for _ in range(args.repeat))
    print(
        f"parse: {len(documents)} documents, {size / 1e6:.2f} MB (mean {size / len(documents) / 1e3:.1f} KB) "
        f"in {best * 1e3:.1f} ms: {size / 1e6 / best:.1f} MB/s, {len(documents) / best:,.0f} docs/s"
    )
    return 0


def _time_long_lines(largest: int, repeat: int) -> int:
    sentence = "Noch ein Satz über das Budget von 10'000 Franken, sagte die SRF-Korrespondentin. "
    megabytes = 1
    while megabytes <= largest:
        body = sentence * (megabytes * 1_000_000 // len(sentence.encode()))
        data = f" date 2023-01-01 {body}\n".encode()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            parse(decode(data), external_id="long").word_count  # noqa: B018 (the work being timed)
            times.append(time.perf_counter() - start)
        best = min(times)
        print(f"single line of {len(data) / 1e6:5.1f} MB: {best:6.2f} s, {best / (len(data) / 1e6):.3f} s per MB")
        megabytes *= 2
    return 0


def _time_round(documents: list[tuple[str, str]]) -> float:
    start = time.perf_counter()
    for external_id, text in documents:
        parse(text, external_id=external_id)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
