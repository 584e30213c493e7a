"""`newsdb seed PATH...`: load article files into the database."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import FrameType
from typing import NamedTuple

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from newsdb.cli import EXIT_INTERRUPTED, EXIT_SOME_FAILED, State, url_option
from newsdb.files import DEFAULT_MAX_FILE_SIZE, format_size, parse_size, shown
from newsdb.ingest.seed import DEFAULT_BATCH_SIZE, SeedReport, seed
from newsdb.ingest.writing import is_writing


class _SeedOptions(NamedTuple):
    strict: bool
    prune: bool
    jobs: int | None
    batch_size: int
    max_file_size: int


def _byte_size(_ctx: click.Context, _param: click.Parameter, value: str) -> int:
    """`--max-file-size`: `10MB`, `500KB`, `2MiB` or a number of bytes."""
    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("seed")
@url_option
@click.argument("paths", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Write nothing at all if any file fails.")
@click.option(
    "--prune",
    is_flag=True,
    help="After loading, delete the articles whose files are gone from PATHS (listed; none from elsewhere).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes for parsing (default: CPU count; at most one per 32 files).",
)
@click.option("--batch-size", type=click.IntRange(min=1, max=10_000), default=DEFAULT_BATCH_SIZE, show_default=True)
@click.option(
    "--max-file-size",
    callback=_byte_size,
    metavar="SIZE",
    default=format_size(DEFAULT_MAX_FILE_SIZE).replace(" ", ""),
    show_default=True,
    help="Larger files are reported as failed, not read (e.g. 10MB, 500KB, 2MiB, bytes).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary line.")
@click.pass_obj
def seed_command(
    state: State,
    paths: tuple[str, ...],
    strict: bool,
    prune: bool,
    jobs: int | None,
    batch_size: int,
    max_file_size: int,
    as_json: bool,
    quiet: bool,
) -> None:
    """Load the articles in PATHS (files, folders searched for *.txt, globs) into the database.

    Unchanged articles are skipped, changed ones replaced, identical content under another name reported as a
    duplicate. Files that fail to parse are reported as `path:line: message` and skipped (exit code 1), as is
    every path that cannot be read (not a regular file, too large, an unreadable folder, an undecodable name)
    and a file whose name (external id) belongs to an article loaded from another file that still exists;
    when that file is gone, the article is counted as moved and keeps the new path.
    """
    with first_ctrl_c_finishes_the_batch() as stop:
        try:
            options = _SeedOptions(strict, prune, jobs, batch_size, max_file_size)
            report = _seed(state, paths, options, stop, show_progress=not quiet and not as_json)
        except KeyboardInterrupt:
            report = None
    if report is None or report.interrupted:
        if report is not None:
            _print(report, as_json, quiet)
        click.echo(
            "newsdb: interrupted; the articles loaded so far are complete: run the command again to finish", err=True
        )
        sys.exit(EXIT_INTERRUPTED)
    _print(report, as_json, quiet)
    if not report.ok:
        sys.exit(EXIT_SOME_FAILED)


@contextmanager
def first_ctrl_c_finishes_the_batch() -> Iterator[threading.Event]:
    """The first Ctrl-C or SIGTERM asks the run to stop after the batch being written; a second stops at once, and
    so does the first while nothing is being written (the workers still reading and extracting).

    Stopping at once rolls back the batch being written; either way the command exits 130.
    """
    stop = threading.Event()

    def ask_to_stop(signum: int, frame: FrameType | None) -> None:
        if stop.is_set() or not is_writing():
            raise KeyboardInterrupt
        stop.set()
        again = "Ctrl-C" if signum == signal.SIGINT else "SIGTERM"
        click.echo(f"newsdb: stopping after the current batch ({again} again to stop at once)", err=True)

    previous = {signum: signal.signal(signum, ask_to_stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _seed(
    state: State,
    paths: tuple[str, ...],
    options: _SeedOptions,
    stop: threading.Event,
    show_progress: bool,
) -> SeedReport:
    """`seed` with `options`, behind a progress bar on a terminal."""
    run = partial(
        seed, paths, url=state.url, strict=options.strict, prune=options.prune, jobs=options.jobs,
        batch_size=options.batch_size, max_file_size=options.max_file_size, stop=stop.is_set,
    )  # fmt: skip
    console = Console(stderr=True)
    if show_progress and console.is_terminal:
        with Progress(
            TextColumn("seeding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=console, transient=True,
        ) as bar:  # fmt: skip
            task = bar.add_task("seed", total=None)
            return run(progress=lambda n, total: bar.update(task, advance=n, total=total))
    return run()


def _print(report: SeedReport, as_json: bool, quiet: bool) -> None:
    for failure in report.failures:
        click.echo(str(failure), err=True)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return
    if quiet:
        return
    for duplicate in report.duplicates:
        line = f"{duplicate.path}: same content as {duplicate.duplicate_of}, skipped"
        if duplicate.original_gone:  # renamed or moved: pruning where the original was loads it under its new name
            gone, folder = duplicate.duplicate_of, shown(Path(duplicate.original_path or "").parent)
            line += f" ({gone}'s file is gone: a seed with --prune over {folder} loads this one and deletes {gone})"
        click.echo(line, err=True)
    for pruned in report.pruned or ():
        click.echo(f"{pruned.source_path}: file is gone, article {pruned.external_id!r} deleted", err=True)
    click.echo(report.summary())


COMMANDS = [seed_command]
