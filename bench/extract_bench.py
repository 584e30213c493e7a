"""Throughput of `newsdb.extract.extract` alone on parsed articles.

Usage: python bench/extract_bench.py [--docs N] [--repeat R] [FOLDER]
       python bench/extract_bench.py --scaling [--source seed|synthetic] [--sizes MB,MB,...]

Without FOLDER the articles come from `bench/synthetic.py`; with FOLDER every `*.txt` below it is read.
Articles are parsed first; only the extract calls are timed. Each round starts with empty extraction caches, as
a seed run that sees every article once does. The best of R rounds is reported in MB/s (UTF-8 bytes of the source
text) and documents per second.

`--scaling` extracts single paragraphs of 0.5, 1, 2 and 5 MB of realistic sentences (`long_paragraphs.py`) and
prints the seconds, the peak memory of the extraction (traced in a second, untimed run) and the growth of both per
doubling of the size: 2.0 for time means linear, 4.0 quadratic.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from newsdb.document import Document
from newsdb.extract import clear_caches, compiled, extract
from newsdb.parse import parse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from long_paragraphs import SOURCES, long_paragraph
from synthetic import generate


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="read *.txt articles from here instead")
    parser.add_argument("--docs", type=int, default=1000, help="number of synthetic documents (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds, best one reported (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scaling", action="store_true", help="time single paragraphs of growing size instead")
    parser.add_argument("--source", choices=SOURCES, default="seed", help="what --scaling repeats (default seed)")
    parser.add_argument("--sizes", default="0.5,1,2,5", help="paragraph sizes for --scaling in MB (default 0.5,1,2,5)")
    args = parser.parse_args(argv)
    if args.scaling:
        return _scaling(args.source, [float(mb) for mb in args.sizes.split(",")])

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


def _scaling(source: str, sizes: list[float]) -> int:
    print(f"extract ({'compiled' if compiled() else 'pure Python'}), one paragraph built from {source}:")
    previous: tuple[float, float, float] | None = None
    for mb in sizes:
        document = parse(long_paragraph(source, int(mb * 1e6)), external_id=f"long-{mb}")
        clear_caches()
        start = time.perf_counter()
        quotes = len(extract(document).quotes)
        seconds = time.perf_counter() - start
        clear_caches()
        tracemalloc.start()
        extract(document)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        line = f"  {mb:5.1f} MB: {seconds:7.2f} s, {mb / seconds:5.2f} MB/s, peak {peak:7.1f} MB, {quotes} quotes"
        if previous is not None:
            doublings = math.log2(mb / previous[0])
            time_growth = (seconds / previous[1]) ** (1 / doublings)
            memory_growth = (peak / previous[2]) ** (1 / doublings)
            line += f"; per doubling: time x{time_growth:.2f}, memory x{memory_growth:.2f}"
        print(line, flush=True)
        previous = (mb, seconds, peak)
    return 0


def _time_round(documents: list[Document]) -> float:
    clear_caches()
    start = time.perf_counter()
    for document in documents:
        extract(document)
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
