"""`seed(paths)`: read, parse and extract documents in worker processes, load them in batches.

Each batch is one transaction, so an interrupted run leaves only whole articles and a second run completes it.
A document that cannot be read or parsed is reported and skipped; with `strict=True` the whole run is one
transaction that is rolled back if any document fails.
"""

from __future__ import annotations

import glob
import math
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from newsdb import dberrors, migrate, workers
from newsdb.config import IMMEDIATE_OPTION, connect
from newsdb.errors import DatabaseError, NewsdbError, ParseError
from newsdb.extract import extract
from newsdb.load import ArticleRows, Loader, Outcome, RowCounts, article_rows, content_sha256, prepare
from newsdb.models import Article
from newsdb.parse import decode, parse
from newsdb.session import open_connection

DEFAULT_BATCH_SIZE = 500
_CHUNK = 32  # documents per task sent to a worker process


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    message: str

    def __str__(self) -> str:
        return self.message if self.message.startswith(self.path) else f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class Duplicate:
    path: str
    external_id: str
    duplicate_of: str


@dataclass
class PhaseTimes:
    """Seconds spent per phase; read, parse and extract are summed over the worker processes."""

    read: float = 0.0
    parse: float = 0.0
    extract: float = 0.0
    load: float = 0.0

    def add_worker_times(self, read: float, parse: float, extract: float) -> None:
        self.read += read
        self.parse += parse
        self.extract += extract


@dataclass
class SeedReport:
    files: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    rows: RowCounts = field(default_factory=RowCounts)
    seconds: PhaseTimes = field(default_factory=PhaseTimes)
    elapsed: float = 0.0
    rolled_back: bool = False
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        rows = ", ".join(f"{n} {name}" for name, n in asdict(self.rows).items())
        line = (
            f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.duplicates)} duplicates, {len(self.failures)} failed "
            f"({self.files} files in {self.elapsed:.2f} s; rows written: {rows})"
        )
        if self.interrupted:
            line += "; interrupted"
        return line + ("; nothing written (--strict)" if self.rolled_back else "")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["duplicates"] = [asdict(d) for d in self.duplicates]
        data["failures"] = [{"path": f.path, "error": str(f)} for f in self.failures]
        return data


def discover(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The `*.txt` files named by `paths`: files as given, folders recursively, glob patterns expanded."""
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.update(dict.fromkeys(sorted(p for p in path.rglob("*.txt") if p.is_file())))
        elif path.exists():
            found[path] = None
        elif glob.has_magic(str(raw)):
            matches = sorted(Path(p) for p in glob.glob(str(raw), recursive=True))  # noqa: PTH207 (absolute patterns)
            for match in matches:
                found.update(dict.fromkeys(discover([match]) if match.is_dir() else [match]))
            if not matches:
                raise NewsdbError(f"no files match {str(raw)!r}")
        else:
            raise NewsdbError(f"{raw}: no such file or directory")
    return list(found)


class _Prepared(NamedTuple):
    path: str
    article: ArticleRows | None
    failure: str | None
    seconds: tuple[float, float, float]
    unchanged: bool = False


@dataclass(frozen=True, slots=True)
class _Job:
    """What a worker needs for a chunk: how to index for search, and the stored content hashes of its stems."""

    index: bool  # with the terms of SQLite's full-text index
    stored: dict[str, str]

    def for_chunk(self, paths: Sequence[Path]) -> _Job:
        """The part of this job that a chunk of files needs (its files' stems are their external ids)."""
        return _Job(self.index, {p.stem: self.stored[p.stem] for p in paths if p.stem in self.stored})


_job = _Job(False, {})


def _prepare(path: Path) -> _Prepared:
    """Read, parse and extract one file; stored, unchanged articles skip extraction."""
    started = time.perf_counter()
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _Prepared(str(path), None, f"{path}: cannot read: {exc.strerror or exc}", (0.0, 0.0, 0.0))
    read_done = time.perf_counter()
    try:
        document = parse(decode(data, path=path), external_id=path.stem, source=str(path))
    except ParseError as exc:
        now = time.perf_counter()
        return _Prepared(str(path), None, str(exc), (read_done - started, now - read_done, 0.0))
    parsed = time.perf_counter()
    stored = _job.stored.get(document.external_id)
    if stored is not None and stored == content_sha256(document):
        return _Prepared(str(path), None, None, (read_done - started, parsed - read_done, 0.0), unchanged=True)
    article = article_rows(prepare(extract(document), _job.index))
    done = time.perf_counter()
    return _Prepared(str(path), article, None, (read_done - started, parsed - read_done, done - parsed))


def _prepare_chunk(paths: Sequence[Path], job: _Job) -> list[_Prepared]:
    global _job
    _job = job
    return [_prepare(path) for path in paths]


def _prepared(
    files: Sequence[Path], pool: ProcessPoolExecutor | None, jobs: int, job: _Job, batch_size: int
) -> Iterator[_Prepared]:
    """Prepared files in input order. Few tasks are in flight at once, so memory stays flat on any corpus.

    The workers go on preparing while the caller writes a batch (which on PostgreSQL mostly waits for the
    server), so the tasks in flight cover a whole batch and then some.
    """
    chunks = [files[i : i + _CHUNK] for i in range(0, len(files), _CHUNK)]
    if pool is None:
        for chunk in chunks:
            yield from _prepare_chunk(chunk, job)
        return
    in_flight = 4 * jobs + math.ceil(batch_size / _CHUNK)
    pending: deque[Future[list[_Prepared]]] = deque()
    queued = iter(chunks)
    for chunk in queued:
        pending.append(pool.submit(_prepare_chunk, chunk, job.for_chunk(chunk)))
        if len(pending) >= in_flight:
            break
    while pending:
        yield from pending.popleft().result()
        for chunk in queued:
            pending.append(pool.submit(_prepare_chunk, chunk, job.for_chunk(chunk)))
            break


def seed(
    paths: Iterable[str | os.PathLike[str]],
    url: str | URL | Engine | None = None,
    *,
    strict: bool = False,
    jobs: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> SeedReport:
    """Load the article files under `paths` into the database; see the module docstring for the guarantees.

    `progress`, if given, is called with the number of files just handled and the number of files in all.
    `stop`, if given, is asked after every batch; when it returns true the run ends there (`report.interrupted`),
    keeping the batches written so far (with `strict`, nothing).
    """
    started = time.perf_counter()
    files = discover(paths)
    report = SeedReport(files=len(files))
    engine = url if isinstance(url, Engine) else connect(url)
    try:
        processes = jobs or os.cpu_count() or 1
        parallel = processes > 1 and len(files) > _CHUNK
        # The workers start before any connection is opened, so that none of them holds one (see newsdb.workers).
        with workers.pool(processes) if parallel else nullcontext() as pool, open_connection(engine) as connection:
            # On SQLite, every transaction of the run takes the write lock at BEGIN, the check for a new database
            # included: of two runs on a new file, one migrates it and the other then finds it migrated.
            writer = connection.execution_options(**{IMMEDIATE_OPTION: True})
            with writer.begin():
                migrate.prepare(writer)
            with writer.begin():
                rows = writer.execute(select(Article.external_id, Article.content_sha256))
                stored: dict[str, str] = dict(rows.all())
            # SQLite's full-text index holds stemmed text that newsdb computes; PostgreSQL stems by itself
            job = _Job(connection.dialect.name == "sqlite", stored)
            options = _Options(strict, pool, processes, batch_size, progress, stop or (lambda: False))
            _run(writer, files, report, options, job)
    except dberrors.USER_CAUSED as exc:
        raise DatabaseError(_failed_run(report, strict, exc)) from exc
    finally:
        if engine is not url:
            engine.dispose()
    report.elapsed = time.perf_counter() - started
    return report


def _failed_run(report: SeedReport, strict: bool, error: DBAPIError) -> str:
    """What a run that the database stopped has written, and why it stopped."""
    written = report.inserted + report.updated
    if strict or not written:
        kept = "nothing was written"
    else:
        kept = f"the {written} articles written before are complete, run the command again to finish"
    return f"seeding stopped: {dberrors.describe(error)} ({kept})"


@dataclass(frozen=True, slots=True)
class _Options:
    strict: bool
    pool: ProcessPoolExecutor | None
    jobs: int
    batch_size: int
    progress: Callable[[int, int], None] | None
    stop: Callable[[], bool]


def _run(connection: Connection, files: Sequence[Path], report: SeedReport, options: _Options, job: _Job) -> None:
    progress = options.progress
    seeder = _Seeder(connection, report, options.strict, lambda n: progress(n, len(files)) if progress else None)
    # The first and the last batch's worth of files are written in smaller batches: the database starts working
    # sooner, and little is left to write after the workers are done.
    small = max(1, options.batch_size // 4)
    first_stretch, last_stretch = options.batch_size, len(files) - options.batch_size
    with connection.begin() if options.strict else nullcontext() as outer:
        for taken, item in enumerate(_prepared(files, options.pool, options.jobs, job, options.batch_size), start=1):
            seeder.take(item)
            limit = options.batch_size if first_stretch < taken <= last_stretch else small
            if len(seeder.batch) >= limit:
                seeder.flush()
                if options.stop():
                    report.interrupted = True
                    break
        else:
            seeder.flush()
        if options.strict and (report.failures or report.interrupted) and outer is not None:
            outer.rollback()
            report.rolled_back = True
            report.inserted = report.updated = report.unchanged = 0
            report.duplicates.clear()
            return
    report.rows = seeder.loader.rows_written


class _Seeder:
    """Collects prepared files into batches and writes each batch in a transaction of its own."""

    def __init__(
        self, connection: Connection, report: SeedReport, strict: bool, progress: Callable[[int], None]
    ) -> None:
        self.connection = connection
        self.loader = Loader(connection)
        self.report = report
        self.strict = strict
        self.progress = progress
        self.batch: list[ArticleRows] = []
        self.paths: list[str] = []
        self.seen: dict[str, str] = {}

    def take(self, item: _Prepared) -> None:
        self.report.seconds.add_worker_times(*item.seconds)
        external_id = item.article.external_id if item.article else Path(item.path).stem
        if item.failure is None and external_id in self.seen:
            self._fail(
                item.path, f"{item.path}: external id {external_id!r} is already taken by {self.seen[external_id]}"
            )
        elif item.failure is not None:
            self._fail(item.path, item.failure)
        elif item.article is None:
            self.seen[external_id] = item.path
            self.report.unchanged += 1
            self.progress(1)
        else:
            self.seen[external_id] = item.path
            self.batch.append(item.article)
            self.paths.append(item.path)

    def flush(self) -> None:
        batch, paths = self.batch, self.paths
        self.batch, self.paths = [], []
        if not batch or (self.strict and self.report.failures):
            return
        started = time.perf_counter()
        try:
            self._write(batch, paths)
        except (IntegrityError, DataError):
            if self.strict or len(batch) == 1:
                raise
            # One article the database rejects must not cost the rest of its batch.
            for article, path in zip(batch, paths, strict=True):
                try:
                    self._write([article], [path])
                except (IntegrityError, DataError) as exc:
                    self._fail(path, f"{path}: the database rejected the article: {_first_line(exc)}")
        self.report.seconds.load += time.perf_counter() - started
        self.progress(len(batch))

    def _write(self, batch: list[ArticleRows], paths: list[str]) -> None:
        with nullcontext() if self.strict else self.connection.begin():
            written = self.loader.write_rows(batch)
        for path, result in zip(paths, written, strict=True):
            if result.outcome is Outcome.DUPLICATE:
                assert result.duplicate_of is not None
                self.report.duplicates.append(Duplicate(path, result.external_id, result.duplicate_of))
            else:
                setattr(self.report, result.outcome.value, getattr(self.report, result.outcome.value) + 1)

    def _fail(self, path: str, message: str) -> None:
        self.report.failures.append(Failure(path, message))
        self.progress(1)


def _first_line(error: DBAPIError) -> str:
    return str(error.orig if error.orig is not None else error).strip().splitlines()[0]
