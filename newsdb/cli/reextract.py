"""`newsdb reextract`: find the quotes of stored articles again, from their stored text."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from newsdb.cli import EXIT_INTERRUPTED, EXIT_SOME_FAILED, State, url_option
from newsdb.cli.seed import first_ctrl_c_finishes_the_batch
from newsdb.ingest.reextract import DEFAULT_BATCH_SIZE, ReextractReport, reextract


@click.command("reextract")
@url_option
@click.option("--all", "everything", is_flag=True, help="Every article, not only those an older extractor wrote.")
@click.option("--batch-size", type=click.IntRange(min=1, max=10_000), default=DEFAULT_BATCH_SIZE, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary line.")
@click.pass_obj
def reextract_command(state: State, everything: bool, batch_size: int, as_json: bool, quiet: bool) -> None:
    """Extract the quotes of the articles in the database again, from their stored text (no files needed).

    Only articles whose quotes an older extractor found, unless --all. Sources are resolved and curated as
    seeding does. Each batch is written in a transaction of its own: Ctrl-C stops after the current batch
    (exit code 130) and keeps the batches written; running the command again does the rest.
    """
    with first_ctrl_c_finishes_the_batch() as stop:
        try:
            report = _run(state, everything, batch_size, stop.is_set, show_progress=not quiet and not as_json)
        except KeyboardInterrupt:
            report = None
    if report is not None:
        for reason in report.skipped:
            click.echo(f"newsdb: not re-extracted: {reason}", err=True)
        _print(report, as_json, quiet)
    if report is None or report.interrupted:
        click.echo(
            "newsdb: interrupted; the articles re-extracted so far are complete: run it again to finish", err=True
        )
        sys.exit(EXIT_INTERRUPTED)
    if report.skipped:
        sys.exit(EXIT_SOME_FAILED)


def _run(
    state: State, everything: bool, batch_size: int, stop: Callable[[], bool], show_progress: bool
) -> ReextractReport:
    """`reextract`, behind a progress bar on a terminal."""
    console = Console(stderr=True)
    if show_progress and console.is_terminal:
        with Progress(
            TextColumn("re-extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=console, transient=True,
        ) as bar:  # fmt: skip
            task = bar.add_task("reextract", total=None)
            return reextract(
                state.url, everything=everything, batch_size=batch_size, stop=stop,
                progress=lambda n, total: bar.update(task, advance=n, total=total),
            )  # fmt: skip
    return reextract(url=state.url, everything=everything, batch_size=batch_size, stop=stop)


def _print(report: ReextractReport, as_json: bool, quiet: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    elif not quiet:
        click.echo(report.summary())


COMMANDS = [reextract_command]
