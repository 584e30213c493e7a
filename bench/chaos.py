"""Chaos rounds for `newsdb seed`: kill it, stop it, run two at once, feed it bad files, then check the database.

usage: python bench/chaos.py [--rounds 20] [--docs 2000] [--url URL] [--bound 120] [--seed 0]

Each round changes the corpus (new articles, changed articles, now and then files that cannot be parsed) and
injects one fault into a real `newsdb seed` process: kill -9 or SIGTERM at a random moment, a second seeder
running at the same time, or two seeders on a new, empty database. After the fault it checks that no worker
process of a killed run is left and that the database holds only whole articles; then a plain run must finish
within `--bound` seconds, after which the database must hold exactly the corpus: one article per good file, each
the file's current version with all its sections, paragraphs and quotes, no orphan rows, no duplicate sources.
It prints the rounds, the faults injected, the invariants checked and the violations, which must be 0.
`--url` names a PostgreSQL server (a scratch database is created on it and dropped); the default is a SQLite file.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

from newsdb.config import connect
from newsdb.extract import extract
from newsdb.load import content_sha256
from newsdb.parse import decode, parse

_SCRATCH = "newsdb_chaos"
FAULTS = ("kill-9", "sigterm", "concurrent", "concurrent-on-new-database")
BAD_FILES = ("", "no date line, so this is not an article\n", " date 2023-13-45 a date that does not exist\n")


@dataclass(frozen=True, slots=True)
class Expected:
    """What the database must hold for one good file."""

    sha256: str
    sections: int
    paragraphs: int
    quotes: int


@dataclass
class Tally:
    rounds: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    checks: int = 0
    violations: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        self.checks += 1
        if not ok:
            self.violations.append(f"round {self.rounds}: {what}")


class Corpus:
    """The files on disk and what each good one must become in the database."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder = folder
        self.rng = rng
        self.expected: dict[str, Expected] = {}  # by stem: the file's current version
        self.versions: dict[str, dict[str, Expected]] = {}  # by stem and hash: every version the file has had
        self.bad: list[Path] = []
        self._cache: dict[str, Expected] = {}

    def add(self, count: int, generation: int) -> None:
        for external_id, body in synthetic.generate(count, seed=1_000 + generation):
            self._write(self.folder / f"g{generation:03d}_{external_id}.txt", body)

    def change(self, count: int, generation: int) -> None:
        """Give `count` stored files new content (the same stems): their articles must be replaced."""
        stems = self.rng.sample(sorted(self.expected), min(count, len(self.expected)))
        bodies = synthetic.generate(len(stems), seed=50_000 + generation)
        for stem, (_, body) in zip(stems, bodies, strict=True):
            self._write(self.folder / f"{stem}.txt", body)

    def add_bad(self, generation: int) -> None:
        for number, content in enumerate(BAD_FILES):
            path = self.folder / f"bad_{generation:03d}_{number}.txt"
            path.write_text(content, encoding="utf-8")
            self.bad.append(path)

    def _write(self, path: Path, body: str) -> None:
        path.write_text(body, encoding="utf-8")
        document = parse(decode(path.read_bytes(), path=path), external_id=path.stem, source=str(path))
        sha = content_sha256(document)
        if sha not in self._cache:
            paragraphs = sum(len(section.paragraphs) for section in document.sections)
            quotes = len(extract(document).quotes)
            self._cache[sha] = Expected(sha, len(document.sections), paragraphs, quotes)
        self.expected[path.stem] = self._cache[sha]
        self.versions.setdefault(path.stem, {})[sha] = self._cache[sha]


class Database:
    def __init__(self, url: str | None, folder: Path) -> None:
        self.server = make_url(url) if url else None
        if self.server is None:
            self.url = f"sqlite:///{folder / 'chaos.sqlite3'}"
        else:
            self._admin(f'DROP DATABASE IF EXISTS "{_SCRATCH}" WITH (FORCE)', f'CREATE DATABASE "{_SCRATCH}"')
            self.url = self.server.set(database=_SCRATCH).render_as_string(hide_password=False)

    def reset(self) -> None:
        """Back to a new, empty database."""
        if self.server is None:
            database = Path(self.url.removeprefix("sqlite:///"))
            for path in (
                database,
                database.with_name(database.name + "-wal"),
                database.with_name(database.name + "-shm"),
            ):
                path.unlink(missing_ok=True)
            return
        engine = connect(self.url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()

    def drop(self) -> None:
        if self.server is not None:
            self._admin(f'DROP DATABASE IF EXISTS "{_SCRATCH}" WITH (FORCE)')

    def _admin(self, *statements: str) -> None:
        assert self.server is not None
        admin = create_engine(self.server.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
        admin.dispose()


def seed_command(url: str, folder: Path) -> list[str]:
    return [sys.executable, "-m", "newsdb", "--url", url, "seed", "--quiet", "--batch-size", "50", str(folder)]


def start(url: str, folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(seed_command(url, folder), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    living = []
    for process in processes:
        try:
            if process.status() != psutil.STATUS_ZOMBIE:
                living.append(process)
        except psutil.NoSuchProcess:
            pass
    return living


def inject(fault: str, database: Database, corpus: Corpus, rng: random.Random, tally: Tally, bound: float) -> None:
    """Run seeders with `fault`; check what only the fault itself can break."""
    accepted = {0, 1} if corpus.bad else {0}
    if fault.startswith("concurrent"):
        if fault == "concurrent-on-new-database":
            database.reset()
        runs = [start(database.url, corpus.folder) for _ in range(2)]
        for run in runs:
            _, err = run.communicate(timeout=bound)
            tally.check(run.returncode in accepted, f"{fault}: a seeder exited {run.returncode}: {err[-300:]!r}")
            tally.check(b"Traceback" not in err, f"{fault}: a traceback: {err[-300:]!r}")
        return
    run = start(database.url, corpus.folder)
    time.sleep(rng.uniform(0.2, 5.0))
    try:
        workers = psutil.Process(run.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        workers = []
    run.send_signal(signal.SIGKILL if fault == "kill-9" else signal.SIGTERM)
    _, err = run.communicate(timeout=bound)
    if fault == "sigterm":
        # 130: stopped after a batch; -SIGTERM: ended by the signal before Python set up the command (nothing begun)
        stopped = accepted | {130, -signal.SIGTERM}
        tally.check(run.returncode in stopped, f"sigterm: exit {run.returncode}: {err[-300:]!r}")
        tally.check(b"Traceback" not in err, f"sigterm: a traceback: {err[-300:]!r}")
    psutil.wait_procs(alive(workers), timeout=10)
    tally.check(not alive(workers), f"{fault}: worker processes outlived the run: {alive(workers)}")


def check_database(database: Database, corpus: Corpus, tally: Tally, complete: bool) -> None:
    """Whole articles and no orphans always; with `complete`, exactly the corpus."""
    engine = connect(database.url)
    with engine.connect() as connection:
        if not connection.dialect.has_table(connection, "articles"):
            tally.check(not complete, "no articles table after a complete run")
            engine.dispose()
            return
        stored = {
            row.external_id: row
            for row in connection.execute(
                text(
                    "SELECT a.external_id, a.content_sha256,"
                    " (SELECT count(*) FROM sections s WHERE s.article_id = a.id) AS sections,"
                    " (SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id) AS paragraphs,"
                    " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes"
                    " FROM articles a"
                )
            )
        }
        orphans = connection.execute(
            text(
                "SELECT (SELECT count(*) FROM sections s WHERE NOT EXISTS"
                "         (SELECT 1 FROM articles a WHERE a.id = s.article_id))"
                "     + (SELECT count(*) FROM paragraphs p WHERE NOT EXISTS"
                "         (SELECT 1 FROM sections s WHERE s.id = p.section_id))"
                "     + (SELECT count(*) FROM quotes q WHERE NOT EXISTS"
                "         (SELECT 1 FROM paragraphs p WHERE p.id = q.paragraph_id))"
                "     + (SELECT count(*) FROM quotes q WHERE q.source_id IS NOT NULL AND NOT EXISTS"
                "         (SELECT 1 FROM sources o WHERE o.id = q.source_id))"
            )
        ).scalar_one()
        sources, distinct = connection.execute(
            text("SELECT count(*), count(DISTINCT normalized_key) FROM sources")
        ).one()
    engine.dispose()
    tally.check(orphans == 0, f"{orphans} orphan rows")
    tally.check(sources == distinct, f"{sources - distinct} duplicate sources")
    for external_id, row in stored.items():
        # an interrupted run may leave the previous version of a changed file, but a whole one
        version = corpus.versions.get(external_id, {}).get(row.content_sha256)
        if version is None:
            tally.check(False, f"{external_id}: an article that is no version of a good file")
            continue
        counts = (row.sections, row.paragraphs, row.quotes)
        tally.check(counts == (version.sections, version.paragraphs, version.quotes),
                    f"{external_id}: {counts} sections, paragraphs, quotes; expected {version}")  # fmt: skip
        tally.check(not complete or version == corpus.expected[external_id], f"{external_id}: an old version")
    if complete:
        tally.check(len(stored) == len(corpus.expected), f"{len(stored)} articles for {len(corpus.expected)} files")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--docs", type=int, default=2000, help="articles at the start")
    parser.add_argument("--url", default=None, help="PostgreSQL server (default: a new SQLite file)")
    parser.add_argument("--bound", type=float, default=120.0, help="seconds the run after a fault may take")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        corpus = Corpus(folder, rng)
        corpus.add(args.docs, 0)
        database = Database(args.url, Path(tmp))
        backend = make_url(database.url).get_backend_name()
        try:
            for round_number in range(1, args.rounds + 1):
                tally.rounds = round_number
                corpus.add(rng.randint(20, 200), round_number)
                corpus.change(rng.randint(5, 50), round_number)
                if rng.random() < 0.2:
                    corpus.add_bad(round_number)
                    tally.faults["bad files"] += 1
                fault = rng.choice(FAULTS)
                tally.faults[fault] += 1
                inject(fault, database, corpus, rng, tally, args.bound)
                check_database(database, corpus, tally, complete=False)
                started = time.monotonic()
                try:
                    rerun = subprocess.run(seed_command(database.url, folder), capture_output=True,
                                           timeout=args.bound, check=False)  # fmt: skip
                    expected_code = 1 if corpus.bad else 0
                    tally.check(rerun.returncode == expected_code, f"rerun exited {rerun.returncode}: "
                                f"{rerun.stderr[-300:]!r}")  # fmt: skip
                except subprocess.TimeoutExpired:
                    tally.check(False, f"the run after {fault} took more than {args.bound:.0f} s")
                check_database(database, corpus, tally, complete=True)
                print(f"round {round_number:>3}  {fault:<27} rerun {time.monotonic() - started:6.1f} s  "
                      f"files {len(corpus.expected) + len(corpus.bad):>5}  violations {len(tally.violations)}",
                      flush=True)  # fmt: skip
        finally:
            database.drop()

    print(f"backend {backend}: {tally.rounds} rounds, faults injected: "
          + ", ".join(f"{name} {count}" for name, count in sorted(tally.faults.items())))  # fmt: skip
    print(f"invariants checked {tally.checks}, violations {len(tally.violations)}")
    for violation in tally.violations[:20]:
        print("  " + violation)
    sys.exit(1 if tally.violations else 0)


if __name__ == "__main__":
    main()
