"""`newsdb show`: a whole article on the screen, or as JSON, CSV or TSV."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

import click

from newsdb.cli import State, url_option
from newsdb.cli.database import read_session
from newsdb.cli.options import TEXT
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
from newsdb.document import SpanRole, quote_words
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
@click.argument("external_id", type=TEXT)
@output_options
@click.pass_obj
def show_command(state: State, external_id: str, output: Output) -> None:
    """An article with its headings, its quotes highlighted, and a list of who said what.

    In the text, each quote's speaker mention as written is marked [like this] and its cue /like this/.

    --json and --nl print the article with its sections, quotes and sources (as `newsdb export --jsonl`);
    --csv and --tsv its quotes.
    """
    from newsdb import queries
    from newsdb.store.documents import document_json, readable_document

    with read_session(state.url) as db:
        article = queries.article_structure(db, external_id)
        if article is None:
            raise NewsdbError(f"no article with external id {external_id!r}")
        document = readable_document(article)
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
        texts = document.paragraph_texts()
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
                quote_words(q, texts),
            ]
            for number, q in enumerate(document.quotes, start=1)
        ]
        table = new_table(*columns, widths=fitted_widths(columns, cells, out.width))
        for row in cells:
            table.add_row(*row)
        out.print(table)


# How `show` marks a quote's speaker mention and cue in the text: brackets that stay readable without colour,
# and a style on a terminal. Quoted words are styled only (they mostly stand in quotation marks already).
_MARKS = {SpanRole.SPEAKER: ("[", "]", "bold magenta"), SpanRole.CUE: ("/", "/", "italic yellow")}
_QUOTE_STYLE = "bold cyan"


def _highlighted(document: Document, position: int, text: str) -> Text:
    """A paragraph's text with its quotes styled and the speaker mentions and cues of its quotes marked."""
    from rich.text import Text

    styled: set[tuple[int, int, str]] = set()
    marked: set[tuple[int, int, SpanRole]] = set()
    for q in document.quotes:
        styled.update((s.start, s.end, _QUOTE_STYLE) for s in q.spans_as(SpanRole.QUOTE) if s.paragraph == position)
        for role in _MARKS:
            marked.update((s.start, s.end, role) for s in q.spans_as(role) if s.paragraph == position)
    styled.update((start, end, _MARKS[role][2]) for start, end, role in marked)
    points = sorted({0, len(text)} | {p for start, end, _ in styled for p in (start, end) if 0 <= p <= len(text)})
    out = Text()
    for here, after in pairwise(points):
        _add_marks(out, marked, here)
        style = " ".join(sorted({s for start, end, s in styled if start <= here and after <= end}))
        out.append(text[here:after], style=style or None)
    _add_marks(out, marked, len(text))
    return out


def _add_marks(out: Text, marked: set[tuple[int, int, SpanRole]], point: int) -> None:
    """The closing marks of the spans that end at `point`, then the opening marks of those that start there, nested:
    a longer span opens first, and of two alike (`Demnach` as speaker and cue: `[/Demnach/]`) the speaker."""
    rank = {role: number for number, role in enumerate(_MARKS)}
    for start, end, role in sorted(marked, key=lambda m: (-m[0], -rank[m[2]])):
        if end == point and start != point:
            out.append(_MARKS[role][1], style="dim")
    for start, end, role in sorted(marked, key=lambda m: (-m[1], rank[m[2]])):
        if start == point:
            out.append(_MARKS[role][0], style="dim")
            if end == point:
                out.append(_MARKS[role][1], style="dim")
