"""Start-up time of the `newsdb` command: `newsdb --help` and `newsdb parse FILE`, next to bare Python.

Usage: python bench/startup_bench.py [--runs N]

Each command runs N times (default 15) as a fresh process, the three alternating so that a busy machine slows
them alike; the median and the range are reported. The target is under 0.3 s for both newsdb commands. Also
prints the modules that `newsdb --help` imports which the command does not need (SQLAlchemy, Alembic, rich).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = next((REPO / "seeds").glob("*.txt"))
TARGET_S = 0.3


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    args = parser.parse_args(argv)

    newsdb = [sys.executable, "-m", "newsdb"]
    commands = {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        "newsdb --help": [*newsdb, "--help"],
        f"newsdb parse {SEED.name}": [*newsdb, "parse", str(SEED)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env={"COLUMNS": "100", "PATH": ""})
            times[name].append(time.perf_counter() - started)
    for name, measured in times.items():
        median = statistics.median(measured)
        verdict = "" if name.startswith("python") else ("  ok" if median < TARGET_S else f"  over {TARGET_S} s")
        spread = f"range {min(measured) * 1e3:.0f}–{max(measured) * 1e3:.0f}"
        print(f"{name:<40} median {median * 1e3:6.0f} ms  ({spread}){verdict}")
    check = (
        "import sys, newsdb.cli, newsdb.parse; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'rich', 'psycopg'}))"
    )
    loaded = subprocess.run([sys.executable, "-c", check], check=True, capture_output=True, text=True).stdout.strip()
    print(f"heavy modules loaded by importing the CLI and the parser: {loaded}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
