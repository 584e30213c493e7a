"""`newsdb parse FILE...`: show how article files parse, without touching a database.

Printed with click alone (no rich), so that the command starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from newsdb.cli import EXIT_SOME_FAILED
from newsdb.cli.output import Format, Output, emit, emit_object, output_options, terminal_width
from newsdb.errors import ParseError
from newsdb.files import UnreadableFileError, cannot_read

if TYPE_CHECKING:
    from newsdb.document import Document

HEADING_COLUMN_MAX = 48
OPENING = "(opening)"
FIRST_WORDS = 8  # of each section, shown after its heading
FIELDS = ["external_id", "source_path", "published_on", "date_precision", "sections", "paragraphs", "word_count"]


@click.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@output_options
def parse_command(files: tuple[str, ...], output: Output) -> None:
    """Parse FILES and show the date, sections, headings and paragraphs found.

    Files that fail are reported on stderr as `path:line: message`; the others are still shown. Exit code 1 if
    any file failed. --json and --nl describe each file with its sections; --csv and --tsv give a row per file.
    """
    failed: list[bool] = []
    documents = _read_all(files, failed)
    if output.format is Format.JSON:
        described = [describe(document) for document in documents]
        click.echo(_json_list(described))
    elif output.format is Format.NL:
        for document in documents:
            emit_object(output, describe(document))
    elif output.format in (Format.CSV, Format.TSV):
        emit(output, FIELDS, (_row(document) for document in documents))
    else:
        for document in documents:
            _show(document)
    if failed:
        sys.exit(EXIT_SOME_FAILED)


def _read_all(files: tuple[str, ...], failed: list[bool]) -> Iterator[Document]:
    """The documents that parse, in order; failures go to stderr as they happen and are noted in `failed`."""
    from newsdb.parse import read_document

    for path in files:
        try:
            yield read_document(path)
        except ParseError as error:
            click.echo(str(error), err=True)
            failed.append(True)
        except (OSError, UnreadableFileError) as error:
            click.echo(cannot_read(path, error), err=True)
            failed.append(True)


def _json_list(described: list[dict[str, Any]]) -> str:
    import json

    return json.dumps(described, indent=2, ensure_ascii=False)


def _row(document: Document) -> tuple[object, ...]:
    paragraphs = sum(1 for _ in document.paragraphs)
    return (
        document.external_id,
        document.source_path,
        document.published_on,
        document.date_precision.value,
        len(document.sections),
        paragraphs,
        document.word_count,
    )


def _show(document: Document) -> None:
    from newsdb.render import format_date

    width = terminal_width()
    paragraphs = sum(1 for _ in document.paragraphs)
    click.echo(click.style(str(document.source_path), bold=True))
    counts = ", ".join(
        _count(number, noun)
        for number, noun in (
            (len(document.sections), "section"),
            (paragraphs, "paragraph"),
            (document.word_count, "word"),
        )
    )
    click.echo(f"  date {format_date(document)} ({document.date_precision.value}), {counts}")
    column = min(max(len(section.heading or OPENING) for section in document.sections), HEADING_COLUMN_MAX)
    for section in document.sections:
        if section.heading is None:
            heading = click.style(f"{OPENING:<{column}}", dim=True, italic=True)
        else:
            text = section.heading if len(section.heading) <= column else section.heading[: column - 1] + "…"
            heading = click.style(f"{text:<{column}}", fg="cyan")
        start = f"  §{section.position:<2} "
        middle = f" {len(section.paragraphs):>3} ¶  "
        room = width - len(start) - column - len(middle)
        words = first_words(section.paragraphs[0].text) if section.paragraphs else ""
        if len(words) > room:
            words = words[: max(room - 1, 0)] + "…"
        click.echo(click.style(start, dim=True) + heading + middle + click.style(words, dim=True))
    click.echo()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def describe(document: Document) -> dict[str, object]:
    """What the parser saw, as JSON-ready data (`--json`, `--nl`)."""
    return {
        "external_id": document.external_id,
        "source_path": document.source_path,
        "published_on": document.published_on.isoformat(),
        "date_precision": document.date_precision.value,
        "word_count": document.word_count,
        "sections": [
            {
                "position": section.position,
                "heading": section.heading,
                "paragraphs": len(section.paragraphs),
                "first_words": first_words(section.paragraphs[0].text) if section.paragraphs else None,
            }
            for section in document.sections
        ],
    }


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    """The first `count` words of `text` on one line, with ` …` if there are more."""
    words = text.split()
    head = " ".join(words[:count])
    return head + " …" if len(words) > count else head
