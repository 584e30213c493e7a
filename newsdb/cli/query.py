"""`newsdb search | quotes | sources | stats | show | sql | export`: reading the database."""

from __future__ import annotations

import csv
import json
import os
import sys
import textwrap
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text
from sqlalchemy.orm import Session

from newsdb import queries
from newsdb.cli import State, url_option
from newsdb.config import connect
from newsdb.document import Document, QuoteKind, SourceKind
from newsdb.errors import NewsdbError
from newsdb.migrate import require_head
from newsdb.readonly import DEFAULT_TIMEOUT, SqlRows, stream_readonly
from newsdb.render import format_date, render
from newsdb.rows import document_from_article, document_json
from newsdb.search import MARK_END, MARK_START, search_connection
from newsdb.search_query import parse_query
from newsdb.session import open_connection

_DATE = click.DateTime(formats=["%Y-%m-%d"])
_PIPE_WIDTH = 200
# A table is laid out after all its rows are known: `newsdb sql` shows at most this many (CSV and JSON stream).
_TABLE_ROWS = 1_000
EXIT_INTERRUPTED = 130
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


@contextmanager
def _session(state: State) -> Iterator[Session]:
    """A read session on a database at the newest schema."""
    engine = connect(state.url)
    try:
        with open_connection(engine) as connection:
            require_head(connection)
            with Session(bind=connection) as db:
                yield db
    finally:
        engine.dispose()


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _print_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=_json_default))


def _table(*columns: str) -> Table:
    table = Table(header_style="bold")
    for name in columns:
        table.add_column(name, overflow="fold")  # wrap long values, never cut them
    return table


def _console() -> Console:
    # Piped output is read by programs and people alike: wide, so that tables keep a line per row.
    return Console(highlight=False, width=None if sys.stdout.isatty() else _PIPE_WIDTH)


def _day(value: datetime | None) -> date | None:
    return None if value is None else value.date()


@click.command("search")
@url_option
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Most hits to show.")
@click.option("--since", type=_DATE, help="Only articles from this day on (YYYY-MM-DD).")
@click.option("--until", type=_DATE, help="Only articles up to this day (YYYY-MM-DD).")
@json_option
@click.pass_obj
def search_command(
    state: State, query: tuple[str, ...], limit: int, since: datetime | None, until: datetime | None, as_json: bool
) -> None:
    """Full-text search: words (all must occur), "a phrase", -excluded, A OR B; best hits first."""
    parsed = parse_query(" ".join(query))
    with _session(state) as db:
        hits = search_connection(db.connection(), parsed, limit=limit, since=_day(since), until=_day(until))
    if as_json:
        _print_json([asdict(hit) for hit in hits])
        return
    table = _table("rank", "date", "article", "snippet")
    for hit in hits:
        table.add_row(f"{hit.rank:.3f}", hit.published_on.isoformat(), hit.external_id, _marked(hit.snippet))
    _console().print(table)


def _marked(snippet: str) -> Text:
    """The snippet with its `[...]` marks shown as highlighting."""
    out = Text()
    rest = snippet
    while (start := rest.find(MARK_START)) >= 0 and (end := rest.find(MARK_END, start)) >= 0:
        out.append(rest[:start])
        out.append(rest[start + 1 : end], style="bold yellow")
        rest = rest[end + 1 :]
    out.append(rest)
    return out


@click.command("quotes")
@url_option
@click.option("--source", help="Part of the speaker's name (case and accents do not matter).")
@click.option("--article", help="The article's external id.")
@click.option("--kind", type=click.Choice([k.value for k in QuoteKind]), help="Kind of quote.")
@json_option
@click.pass_obj
def quotes_command(state: State, source: str | None, article: str | None, kind: str | None, as_json: bool) -> None:
    """Quotes with their speakers, oldest article first."""
    with _session(state) as db:
        found = queries.quotes(db, source=source, article=article, kind=kind)
    if as_json:
        _print_json([asdict(q) for q in found])
        return
    table = _table("date", "article", "speaker", "kind", "quote")
    for q in found:
        table.add_row(
            q.published_on.isoformat(), q.external_id, _speaker(q.source_name, q.speaker_role), q.kind, q.text
        )
    _console().print(table)


def _speaker(name: str | None, role: str | None) -> str:
    return ", ".join(part for part in (name or "(unknown)", role) if part)


@click.command("sources")
@url_option
@click.option("--kind", type=click.Choice([k.value for k in SourceKind]), help="Kind of source.")
@json_option
@click.pass_obj
def sources_command(state: State, kind: str | None, as_json: bool) -> None:
    """Sources with the number of quotes and articles, most quoted first."""
    with _session(state) as db:
        found = queries.sources_with_counts(db, kind=kind)
    if as_json:
        _print_json([asdict(s) for s in found])
        return
    table = _table("source", "kind", "quotes", "articles")
    for s in found:
        table.add_row(s.name, s.kind, str(s.quote_count), str(s.article_count))
    _console().print(table)


@click.command("stats")
@url_option
@json_option
@click.pass_obj
def stats_command(state: State, as_json: bool) -> None:
    """Counts of articles, sections, paragraphs, quotes and sources; words; the date range."""
    with _session(state) as db:
        stats = queries.corpus_stats(db)
    if as_json:
        _print_json(asdict(stats))
        return
    table = _table("", "")
    for name, value in asdict(stats).items():
        shown = ", ".join(f"{k} {n}" for k, n in value.items()) if isinstance(value, dict) else str(value)
        table.add_row(name.replace("_", " "), shown)
    _console().print(table)


@click.command("show")
@url_option
@click.argument("external_id")
@click.pass_obj
def show_command(state: State, external_id: str) -> None:
    """An article with its headings, its quotes highlighted, and a list of who said what."""
    with _session(state) as db:
        article = queries.article_structure(db, external_id)
        if article is None:
            raise NewsdbError(f"no article with external id {external_id!r}")
        document = document_from_article(article)
    console = _console()
    console.print(Text(document.title or document.external_id, style="bold underline"))
    console.print(Text(f"{format_date(document)}  ·  {document.external_id}", style="dim"))
    for section in document.sections:
        if section.heading is not None:
            console.print()
            console.print(Text(section.heading, style="bold"))
        for paragraph in section.paragraphs:
            console.print()
            console.print(_highlighted(document, paragraph.position, paragraph.text))
    if document.quotes:
        console.print()
        table = _table("#", "speaker", "kind", "cue", "quote")
        for number, q in enumerate(document.quotes, start=1):
            name = q.source.name if q.source else None
            table.add_row(str(number), _speaker(name, q.speaker_role), q.kind.value, q.cue or "", q.text)
        console.print(table)


def _highlighted(document: Document, position: int, text: str) -> Text:
    out = Text(text)
    for q in document.quotes:
        if q.paragraph == position:
            out.stylize("bold cyan", q.start, q.end)
    return out


@click.command("sql")
@url_option
@click.argument("statement")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@json_option
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query once it has kept the database busy this long.",
)
@click.pass_obj
def sql_command(state: State, statement: str, as_csv: bool, as_json: bool, timeout: float) -> None:
    """Run one read-only SQL statement (as a SELECT-only role on PostgreSQL; see docs/sql.md). Rows stream."""
    try:
        with stream_readonly(state.url, statement, timeout=timeout) as result, _stdout_may_close():
            _print_rows(result, as_csv, as_json)
    except KeyboardInterrupt:
        click.echo("newsdb: interrupted; the query was stopped", err=True)
        sys.exit(EXIT_INTERRUPTED)


def _print_rows(result: SqlRows, as_csv: bool, as_json: bool) -> None:
    if as_json:
        _stream_json(result.columns, result)
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result)
    else:
        rows = list(islice(result, _TABLE_ROWS + 1))
        table = _table(*result.columns)
        for row in rows[:_TABLE_ROWS]:
            table.add_row(*("" if v is None else str(v) for v in row))
        _console().print(table)
        if len(rows) > _TABLE_ROWS:
            click.echo(f"newsdb: showed the first {_TABLE_ROWS:,} rows; --csv or --json print them all", err=True)


def _stream_json(columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """The same JSON as `_print_json` of the list of row objects, written one row at a time."""
    opening = "[\n"
    for row in rows:
        item = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, indent=2, default=_json_default)
        sys.stdout.write(opening + textwrap.indent(item, "  "))
        opening = ",\n"
    sys.stdout.write("[]\n" if opening == "[\n" else "\n]\n")


@contextmanager
def _stdout_may_close() -> Iterator[None]:
    """End quietly when the reader of the output goes away (`newsdb sql ... | head`)."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit; point it at /dev/null so that this flush cannot fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@click.command("export")
@url_option
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--jsonl", type=click.Path(dir_okay=False, path_type=Path), help="Write JSON Lines to this file.")
@click.pass_obj
def export_command(state: State, directory: Path | None, jsonl: Path | None) -> None:
    """Write every article back as DIRECTORY/<external_id>.txt, or as one JSON object a line (--jsonl)."""
    if (directory is None) == (jsonl is None):
        raise click.UsageError("give either DIRECTORY or --jsonl FILE")
    count = 0
    with _session(state) as db:
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
    name = f"{document.external_id}.txt"
    if Path(name).name != name or name.startswith("."):
        raise NewsdbError(f"external id {document.external_id!r} is not usable as a file name")
    (directory / name).write_bytes(render(document).encode("utf-8"))


COMMANDS: list[Any] = [
    search_command,
    quotes_command,
    sources_command,
    stats_command,
    show_command,
    sql_command,
    export_command,
]
