"""`seed(paths)`: read, parse and extract documents in worker processes, load them in batches.

Files whose content is stored unchanged are skipped, unless an older extractor found the stored article's
quotes: those are extracted again and rewritten (`reextracted`). Each batch is one transaction, so an
interrupted run leaves only whole articles and a second run completes it.
A document that cannot be read or parsed is reported and skipped; with `strict=True` the whole run is one
transaction that is rolled back if any document fails. A file whose stem names an article loaded from another
file that still exists is a failure too (the stored article is kept); when that other file is gone, the article
follows its file (`moved`). With `prune=True`, articles whose files are gone from the seeded places are removed
after loading (`pruned`).
"""

from __future__ import annotations

import math
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import Connection, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from newsdb.errors import DatabaseError, ParseError
from newsdb.extract import extract
from newsdb.files import DEFAULT_MAX_FILE_SIZE, Failure, UnreadableFileError, cannot_read, discover, read_article_file
from newsdb.ingest import workers
from newsdb.ingest.prune import Pruned, prune
from newsdb.ingest.report import Duplicate as Duplicate
from newsdb.ingest.report import PhaseTimes as PhaseTimes
from newsdb.ingest.report import SeedReport as SeedReport
from newsdb.ingest.writing import writing
from newsdb.parse import decode, parse
from newsdb.paths import conflict_message, is_gone, stored_path
from newsdb.render import content_sha256
from newsdb.store import dberrors, migrate
from newsdb.store.config import IMMEDIATE_OPTION, Database, engine_for
from newsdb.store.models import ArticleRow
from newsdb.store.outcomes import Outcome, Stored, decide
from newsdb.store.rows import ArticleRows, article_rows
from newsdb.store.session import open_connection
from newsdb.store.writer import ArticleWriter, outdated

DEFAULT_BATCH_SIZE = 500
_CHUNK = 32  # documents per task sent to a worker process


class _FileResult(NamedTuple):
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
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    outdated: frozenset[str] = frozenset()  # stored articles an older extractor wrote: extracted again

    def for_chunk(self, paths: Sequence[Path]) -> _Job:
        """The part of this job that a chunk of files needs (its files' stems are their external ids)."""
        stored = {p.stem: self.stored[p.stem] for p in paths if p.stem in self.stored}
        return _Job(self.index, stored, self.max_file_size, frozenset(p.stem for p in paths) & self.outdated)


_job = _Job(False, {})


def _read(path: Path) -> _FileResult:
    """Read, parse and extract one file: its rows, or why it failed; stored, unchanged articles skip extraction."""
    started = time.perf_counter()
    try:
        data = read_article_file(path, _job.max_file_size)
    except (OSError, UnreadableFileError) as exc:
        return _FileResult(str(path), None, cannot_read(path, exc), (0.0, 0.0, 0.0))
    read_done = time.perf_counter()
    try:
        document = parse(decode(data, path=path), external_id=path.stem, source=str(path))
    except ParseError as exc:
        now = time.perf_counter()
        return _FileResult(str(path), None, str(exc), (read_done - started, now - read_done, 0.0))
    parsed = time.perf_counter()
    stored = _job.stored.get(document.external_id)
    if stored is not None and stored == content_sha256(document) and document.external_id not in _job.outdated:
        return _FileResult(str(path), None, None, (read_done - started, parsed - read_done, 0.0), unchanged=True)
    # stored in full, so that a run from another folder finds the file (newsdb.paths); errors name it as given
    located = replace(document, source_path=stored_path(str(path)))
    article = article_rows(extract(located), index=_job.index)
    done = time.perf_counter()
    return _FileResult(str(path), article, None, (read_done - started, parsed - read_done, done - parsed))


def _read_chunk(paths: Sequence[Path], job: _Job) -> list[_FileResult]:
    global _job
    _job = job
    return [_read(path) for path in paths]


def _file_results(
    files: Sequence[Path], pool: ProcessPoolExecutor | None, jobs: int, job: _Job, batch_size: int
) -> Iterator[_FileResult]:
    """Prepared files in input order. Few tasks are in flight at once, so memory stays flat on any corpus.

    The workers go on preparing while the caller writes a batch (which on PostgreSQL mostly waits for the
    server), so the tasks in flight cover a whole batch and then some.
    """
    chunks = [files[i : i + _CHUNK] for i in range(0, len(files), _CHUNK)]
    if pool is None:
        for chunk in chunks:
            yield from _read_chunk(chunk, job)
        return
    in_flight = 4 * jobs + math.ceil(batch_size / _CHUNK)
    pending: deque[Future[list[_FileResult]]] = deque()
    queued = iter(chunks)
    for chunk in queued:
        pending.append(pool.submit(_read_chunk, chunk, job.for_chunk(chunk)))
        if len(pending) >= in_flight:
            break
    while pending:
        yield from pending.popleft().result()
        for chunk in queued:
            pending.append(pool.submit(_read_chunk, chunk, job.for_chunk(chunk)))
            break


def seed(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    url: Database = None,
    strict: bool = False,
    prune: bool = False,
    jobs: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
) -> SeedReport:
    """Load the article files under `paths` (one path, or several) into the database; see the module docstring
    for the guarantees.

    `jobs`: worker processes that read, parse and extract (default: one per core), at most one per chunk of 32
    files; WorkersError when the system refuses to start them, before anything is written.
    `progress`, if given, is called with the number of files just handled and the number of files in all.
    `stop`, if given, is asked after every batch; when it returns true the run ends there (`report.interrupted`),
    keeping the batches written so far (with `strict`, nothing).
    `prune`: after loading, in a transaction of its own (with `strict`, the run's), delete the articles whose
    `source_path` lies under `paths` but whose file is gone; not after an interrupted or rolled-back run.
    A file larger than `max_file_size` bytes, and every path that cannot be read, is a failure in the report;
    a `max_file_size` below one byte, like `jobs` or `batch_size` below one, is refused with ValueError before
    anything is opened.
    """
    if max_file_size < 1:
        raise ValueError(f"max_file_size must be at least 1 byte, not {max_file_size!r}")
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1 (or None: one per core), not {jobs!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size!r}")
    started = time.perf_counter()
    # one path given as it is, not as the characters of its name
    places = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    discovered = discover(places)
    files = discovered.files
    report = SeedReport(
        files=len(files) + len(discovered.failures), failures=discovered.failures, pruned=[] if prune else None
    )
    # A worker takes a chunk at a time: more workers than chunks would start only to wait.
    processes = max(1, min(jobs or os.cpu_count() or 1, math.ceil(len(files) / _CHUNK)))
    parallel = processes > 1
    try:
        # The workers start before any connection is opened, so that none of them holds one (newsdb.ingest.workers).
        with (
            workers.collecting_less(),
            engine_for(url, creating=True) as engine,
            workers.pool(processes) if parallel else nullcontext() as pool,
            open_connection(engine) as connection,
        ):
            report.workers = workers.started(pool) if pool is not None else 0
            # On SQLite, every transaction of the run takes the write lock at BEGIN, the check for a new database
            # included: of two runs on a new file, one migrates it and the other then finds it migrated.
            writing = connection.execution_options(**{IMMEDIATE_OPTION: True})
            with writing.begin():
                migrate.ready_for_writing(writing)
            with writing.begin():
                columns = (ArticleRow.id, ArticleRow.external_id, ArticleRow.content_sha256, ArticleRow.source_path)
                stored = {
                    row.external_id: Stored(
                        row.id, row.content_sha256, row.source_path, outdated(row.extractor_version)
                    )
                    for row in writing.execute(select(*columns, ArticleRow.extractor_version))
                }
            # SQLite's full-text index holds stemmed text that newsdb computes; PostgreSQL stems by itself
            shas = {external_id: article.sha256 for external_id, article in stored.items()}
            again = frozenset(external_id for external_id, article in stored.items() if article.outdated)
            job = _Job(connection.dialect.name == "sqlite", shas, max_file_size, again)
            options = _Options(strict, pool, processes, batch_size, progress, stop or (lambda: False), stored)
            _run(writing, files, report, options, job, places if prune else None)
    except dberrors.USER_CAUSED as exc:
        raise DatabaseError(_failed_run(report, strict, exc)) from exc
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
    stored: dict[str, Stored]  # the articles stored when the run began, by external id


def _run(
    connection: Connection,
    files: Sequence[Path],
    report: SeedReport,
    options: _Options,
    job: _Job,
    prune_places: list[str | os.PathLike[str]] | None,
) -> None:
    """Load `files`; then, unless the run failed under `strict` or was interrupted, prune `prune_places`."""
    progress = options.progress
    seeder = _Seeder(connection, report, options, lambda n: progress(n, len(files)) if progress else None)
    # The first and the last batch's worth of files are written in smaller batches: the database starts working
    # sooner, and little is left to write after the workers are done.
    small = max(1, options.batch_size // 4)
    first_stretch, last_stretch = options.batch_size, len(files) - options.batch_size
    with connection.begin() if options.strict else nullcontext() as outer:
        for taken, item in enumerate(
            _file_results(files, options.pool, options.jobs, job, options.batch_size), start=1
        ):
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
            report.inserted = report.updated = report.moved = report.unchanged = report.reextracted = 0
            report.duplicates.clear()
            return
        if prune_places is not None and report.pruned is not None and not report.interrupted:
            with writing(), nullcontext() if options.strict else connection.begin():
                report.pruned.extend(prune(connection, prune_places))
            _load_renamed(seeder, job, report.pruned)
    report.rows = seeder.writer.rows_written


def _load_renamed(seeder: _Seeder, job: _Job, pruned: list[Pruned]) -> None:
    """Load the files skipped as duplicates of articles just pruned: renamed files, whose old name is gone."""
    gone = {article.external_id for article in pruned}
    report = seeder.report
    renamed = [duplicate for duplicate in report.duplicates if duplicate.duplicate_of in gone]
    if not renamed:
        return
    report.duplicates = [duplicate for duplicate in report.duplicates if duplicate.duplicate_of not in gone]
    for duplicate in renamed:
        del seeder.seen[duplicate.external_id]
    for item in _file_results([Path(duplicate.path) for duplicate in renamed], None, 1, job, len(renamed)):
        seeder.take(item)
    seeder.flush()


class _Seeder:
    """Collects prepared files into batches and writes each batch in a transaction of its own."""

    def __init__(
        self, connection: Connection, report: SeedReport, options: _Options, progress: Callable[[int], None]
    ) -> None:
        self.connection = connection
        self.writer = ArticleWriter(connection)
        self.report = report
        self.strict = options.strict
        self.stored = options.stored
        self.progress = progress
        self.batch: list[ArticleRows] = []
        self.paths: list[str] = []
        self.moves: list[tuple[str, str]] = []  # unchanged articles whose file moved: (external_id, new path)
        self.relative: list[tuple[str, str]] = []  # unchanged articles an older newsdb stored with a relative path
        self.seen: dict[str, str] = {}

    def take(self, item: _FileResult) -> None:
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
            self._take_unchanged(external_id, item.path)
        else:
            self.seen[external_id] = item.path
            self.batch.append(item.article)
            self.paths.append(item.path)

    def _take_unchanged(self, external_id: str, path: str) -> None:
        """A file the worker found unchanged: unchanged, or moved or a conflict when stored from another file."""
        stored = self.stored[external_id]
        result = decide(external_id, stored.sha256, path, stored, None)
        if result.outcome is Outcome.UNCHANGED:
            self.report.unchanged += 1
            self.progress(1)
            if stored.source_path is not None and not Path(stored.source_path).is_absolute():
                self.relative.append((external_id, path))  # stored in full from now on: see newsdb.paths
        elif result.outcome is Outcome.CONFLICT:
            self._fail(path, conflict_message(path, external_id, stored.source_path or path))
        else:
            self.moves.append((external_id, path))

    def flush(self) -> None:
        batch, paths, moves, relative = self.batch, self.paths, self.moves, self.relative
        self.batch, self.paths, self.moves, self.relative = [], [], [], []
        if self.strict and self.report.failures:
            return
        started = time.perf_counter()
        if moves or relative:
            with writing(), nullcontext() if self.strict else self.connection.begin():
                self.writer.move(moves + relative)
            self.report.moved += len(moves)
            self.progress(len(moves))
        if not batch:
            self.report.seconds.load += time.perf_counter() - started
            return
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
        with writing(), nullcontext() if self.strict else self.connection.begin():
            written = self.writer.write(batch)
        for path, result in zip(paths, written, strict=True):
            if result.outcome is Outcome.DUPLICATE:
                assert result.duplicate_of is not None
                original = self.stored.get(result.duplicate_of)
                gone = original is not None and original.source_path is not None and is_gone(original.source_path)
                where = None if original is None else original.source_path
                self.report.duplicates.append(Duplicate(path, result.external_id, result.duplicate_of, gone, where))
            elif result.outcome is Outcome.CONFLICT:
                assert result.stored_path is not None
                message = conflict_message(path, result.external_id, result.stored_path)
                self.report.failures.append(Failure(path, message))
            else:
                setattr(self.report, result.outcome.value, getattr(self.report, result.outcome.value) + 1)

    def _fail(self, path: str, message: str) -> None:
        self.report.failures.append(Failure(path, message))
        self.progress(1)


def _first_line(error: DBAPIError) -> str:
    return str(error.orig if error.orig is not None else error).strip().splitlines()[0]
