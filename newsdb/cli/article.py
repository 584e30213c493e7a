"""`newsdb show | export`: whole articles, on the screen or back as files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from newsdb.cli import State, url_option
from newsdb.cli.database import read_session
from newsdb.cli.output import (
    Column,
    Format,
    Output,
    console,
    emit,
    emit_object,
    fitted_widths,
    new_table,
    output_options,
)
from newsdb.cli.pager import paged
from newsdb.errors import NewsdbError

if TYPE_CHECKING:
    from rich.text import Text

    from newsdb.document import Document

QUOTE_FIELDS = [
    "number",
    "paragraph",
    "start",
    "end",
    "source_name",
    "source_kind",
    "speaker_role",
    "kind",
    "cue",
    "text",
]


@click.command("show")
@url_option
@click.argument("external_id")
@output_options
@click.pass_obj
def show_command(state: State, external_id: str, output: Output) -> None:
    """An article with its headings, its quotes highlighted, and a list of who said what.

    --json and --nl print the article with its sections, quotes and sources (as `newsdb export --jsonl`);
    --csv and --tsv its quotes.
    """
    from newsdb import queries
    from newsdb.store.documents import document_from_article, document_json

    with read_session(state.url) as db:
        article = queries.article_structure(db, external_id)
        if article is None:
            raise NewsdbError(f"no article with external id {external_id!r}")
        document = document_from_article(article)
    if output.format in (Format.JSON, Format.NL):
        emit_object(output, document_json(document))
    elif output.format in (Format.CSV, Format.TSV):
        rows = [
            (
                number,
                q.paragraph,
                q.start,
                q.end,
                q.source.name if q.source else None,
                q.source.kind.value if q.source else None,
                q.speaker_role,
                q.kind.value,
                q.cue,
                q.text,
            )
            for number, q in enumerate(document.quotes, start=1)
        ]
        emit(output, QUOTE_FIELDS, rows)
    else:
        with paged(output.pager) as stream:
            _print_article(document, stream)


def _print_article(document: Document, stream: object) -> None:
    from rich.text import Text

    from newsdb.cli.query import speaker
    from newsdb.render import format_date

    out = console(stream)  # type: ignore[arg-type]
    out.print(Text(document.title or document.external_id, style="bold underline"))
    out.print(Text(f"{format_date(document)}  ·  {document.external_id}", style="dim"))
    for section in document.sections:
        if section.heading is not None:
            out.print()
            out.print(Text(section.heading, style="bold"))
        for paragraph in section.paragraphs:
            out.print()
            out.print(_highlighted(document, paragraph.position, paragraph.text))
    if document.quotes:
        out.print()
        columns = [
            Column("#", "", numeric=True),
            Column("speaker", "", wrap=True),
            Column("kind", ""),
            Column("cue", "", wrap=True),
            Column("quote", "", wide=True),
        ]
        cells: list[list[Any]] = [
            [
                str(number),
                speaker(q.source.name if q.source else None, q.speaker_role),
                q.kind.value,
                q.cue or "",
                q.text,
            ]
            for number, q in enumerate(document.quotes, start=1)
        ]
        table = new_table(*columns, widths=fitted_widths(columns, cells, out.width))
        for row in cells:
            table.add_row(*row)
        out.print(table)


def _highlighted(document: Document, position: int, text: str) -> Text:
    from rich.text import Text

    out = Text(text)
    for q in document.quotes:
        if q.paragraph == position:
            out.stylize("bold cyan", q.start, q.end)
    return out


@click.command("export")
@url_option
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--jsonl", type=click.Path(dir_okay=False, path_type=Path), help="Write JSON Lines to this file.")
@click.pass_obj
def export_command(state: State, directory: Path | None, jsonl: Path | None) -> None:
    """Write every article back as DIRECTORY/<external_id>.txt, or as one JSON object a line (--jsonl)."""
    from newsdb import queries
    from newsdb.store.documents import document_from_article, document_json

    if (directory is None) == (jsonl is None):
        raise click.UsageError("give either DIRECTORY or --jsonl FILE")
    count = 0
    with read_session(state.url) as db:
        if jsonl is not None:
            with jsonl.open("w", encoding="utf-8", newline="\n") as out:
                for article in queries.iter_articles(db):
                    out.write(json.dumps(document_json(document_from_article(article)), ensure_ascii=False) + "\n")
                    count += 1
            click.echo(f"exported {count} articles to {jsonl}")
            return
        assert directory is not None
        directory.mkdir(parents=True, exist_ok=True)
        for article in queries.iter_articles(db):
            _write_text(directory, document_from_article(article))
            count += 1
    click.echo(f"exported {count} articles to {directory}")


def _write_text(directory: Path, document: Document) -> None:
    from newsdb.render import render

    name = f"{document.external_id}.txt"
    if Path(name).name != name or name.startswith("."):
        raise NewsdbError(f"external id {document.external_id!r} is not usable as a file name")
    (directory / name).write_bytes(render(document).encode("utf-8"))
