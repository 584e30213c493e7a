"""The cost of resolving sources across the archive while seeding: time in `Resolver` against the whole seed.

usage: python bench/source_resolution_bench.py [--docs 100000] [--url URL] [--jobs N]

Generates synthetic articles (bench/synthetic.py, plus one full name and one surname alone each from a pool of
thousands), seeds them with `newsdb.seed`, and times every call of
`Resolver.resolve` and `Resolver.forget` in the writing process (the resolution runs in the loader's writing
transaction, under the write lock). Resolution is incremental: each batch looks up its own aliases and decides
only the surnames it brings, so its share of the seed should stay small and flat as the archive grows. Prints the
time per tenth of the run to show that. Then seeds the same files again with every article changed, which
replaces every quote and so drops and re-decides every alias.
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

from newsdb.ingest.seed import seed
from newsdb.sources import resolve
from newsdb.store import migrate
from newsdb.store.config import connect

SPENT: list[tuple[float, float]] = []  # (when, seconds) per call

# Many people, so that the archive holds tens of thousands of aliases and shared surnames: 400 first names and
# 6,000 surnames from syllables; each article quotes one full name and one surname alone.
_SYLLABLES = ["ber", "lin", "mar", "ko", "sta", "wen", "dor", "hil", "gus", "ter", "mann", "rich", "bach", "feld", "au"]
_FIRST = [a.capitalize() + b + "o" for a in _SYLLABLES for b in _SYLLABLES][:400]
_LAST = [(a + b + c).capitalize() for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES][:6000]


def _with_people(text: str, rng: random.Random) -> str:
    full = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    alone = rng.choice(_LAST)
    return f"{text.rstrip()}\n\n«Das prüfen wir», sagte {full}.\n\n«Wir warten ab», sagte {alone}.\n"


def _timed(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            SPENT.append((start, time.perf_counter() - start))

    return wrapper


def _run(label: str, folder: Path, url: str, jobs: int | None) -> None:
    SPENT.clear()
    start = time.perf_counter()
    report = seed([folder], url=url, jobs=jobs)
    total = time.perf_counter() - start
    spent = sum(seconds for _, seconds in SPENT)
    print(f"{label}: {report.inserted} inserted, {report.updated} updated in {total:.1f} s;"
          f" resolving sources {spent:.2f} s ({100 * spent / total:.1f}%) in {len(SPENT)} calls")  # fmt: skip
    tenths = [0.0] * 10
    for when, seconds in SPENT:
        tenths[min(9, int(10 * (when - start) / total))] += seconds
    print("  per tenth of the run (s): " + " ".join(f"{t:.2f}" for t in tenths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--url")
    parser.add_argument("--jobs", type=int)
    args = parser.parse_args()
    resolve.Resolver.resolve = _timed(resolve.Resolver.resolve)  # type: ignore[method-assign]
    resolve.Resolver.forget = _timed(resolve.Resolver.forget)  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        rng = random.Random(17)
        for external_id, text in synthetic.generate(args.docs, seed=17):
            (folder / f"{external_id}.txt").write_text(_with_people(text, rng), encoding="utf-8")
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = connect(url)
        migrate.upgrade(engine)
        engine.dispose()
        _run("first seed", folder, url, args.jobs)
        for path in folder.glob("*.txt"):
            with path.open("a", encoding="utf-8") as file:
                file.write("\nEin Nachtrag folgt.\n")
        _run("every article changed", folder, url, args.jobs)
        engine = connect(url)
        with engine.connect() as connection:
            counts = [connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
                      for t in ("sources", "source_aliases", "quotes")]  # fmt: skip
        engine.dispose()
        print(f"sources {counts[0]}, aliases {counts[1]}, quotes {counts[2]}")


if __name__ == "__main__":
    main()
