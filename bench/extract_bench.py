"""Throughput of `newsdb.extract.extract` alone on parsed articles.

Usage: python bench/extract_bench.py [--docs N] [--repeat R] [FOLDER]

Without FOLDER the articles come from `bench/synthetic.py`; with FOLDER every `*.txt` below it is read.
Articles are parsed first; only the extract calls are timed. Each round starts with empty extraction caches, as
a seed run that sees every article once does. The best of R rounds is reported in MB/s (UTF-8 bytes of the source
text) and documents per second.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from newsdb.document import Document
from newsdb.extract import clear_caches, compiled, extract
from newsdb.parse import parse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="read *.txt articles from here instead")
    parser.add_argument("--docs", type=int, default=1000, help="number of synthetic documents (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds, best one reported (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    if args.folder is not None:
        paths = sorted(args.folder.rglob("*.txt"))
        sources = [(p.stem, p.read_text(encoding="utf-8")) for p in paths]
    else:
        sources = list(generate(args.docs, seed=args.seed))
    documents = [parse(text, external_id=ext) for ext, text in sources]
    size = sum(len(text.encode("utf-8")) for _, text in sources)
    best = min(_time_round(documents) for _ in range(args.repeat))
    quotes = sum(len(extract(d).quotes) for d in documents)
    print(
        f"extract ({'compiled' if compiled() else 'pure Python'}): {len(documents)} documents, "
        f"{size / 1e6:.2f} MB, {quotes} quotes, in {best * 1e3:.1f} ms: "
        f"{size / 1e6 / best:.2f} MB/s, {len(documents) / best:,.0f} docs/s"
    )
    return 0


def _time_round(documents: list[Document]) -> float:
    clear_caches()
    start = time.perf_counter()
    for document in documents:
        extract(document)
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
