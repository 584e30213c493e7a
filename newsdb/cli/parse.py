"""`newsdb parse FILE...`: show how article files parse, without touching a database."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.text import Text

from newsdb.document import Document
from newsdb.errors import ParseError
from newsdb.files import UnreadableFileError, cannot_read
from newsdb.parse import describe, first_words, read_document
from newsdb.render import format_date

EXIT_FAILED_FILES = 1
HEADING_COLUMN_MAX = 48
OPENING = "(opening)"


@click.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list with one description per parsed file.")
def parse_command(files: tuple[str, ...], as_json: bool) -> None:
    """Parse FILES and show the date, sections, headings and paragraphs found.

    Files that fail are reported on stderr as `path:line: message`; the others are still shown. Exit code 1 if
    any file failed.
    """
    console = Console(highlight=False)
    described: list[dict[str, object]] = []
    failed = False
    for path in files:
        try:
            document = read_document(path)
        except ParseError as error:
            click.echo(str(error), err=True)
            failed = True
        except (OSError, UnreadableFileError) as error:
            click.echo(cannot_read(path, error), err=True)
            failed = True
        else:
            if as_json:
                described.append(describe(document))
            else:
                _show(console, document)
    if as_json:
        click.echo(json.dumps(described, indent=2, ensure_ascii=False))
    if failed:
        sys.exit(EXIT_FAILED_FILES)


def _show(console: Console, document: Document) -> None:
    paragraphs = sum(1 for _ in document.paragraphs)
    console.print(Text(str(document.source_path), style="bold"), soft_wrap=True)
    counts = ", ".join(
        _count(number, noun)
        for number, noun in (
            (len(document.sections), "section"),
            (paragraphs, "paragraph"),
            (document.word_count, "word"),
        )
    )
    console.print(f"  date {format_date(document)} ({document.date_precision.value}), {counts}", soft_wrap=True)
    width = min(max(len(section.heading or OPENING) for section in document.sections), HEADING_COLUMN_MAX)
    for section in document.sections:
        line = Text(f"  §{section.position:<2} ", style="dim")
        if section.heading is None:
            line.append(f"{OPENING:<{width}}", style="dim italic")
        else:
            heading = section.heading if len(section.heading) <= width else section.heading[: width - 1] + "…"
            line.append(f"{heading:<{width}}", style="cyan")
        line.append(f" {len(section.paragraphs):>3} ¶  ")
        if section.paragraphs:
            line.append(first_words(section.paragraphs[0].text), style="dim")
        console.print(line, no_wrap=True, overflow="ellipsis")
    console.print()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


COMMANDS = [parse_command]
