"""`newsdb search | quotes | sources | stats`: listings from the database, in any output format.

Heavy modules (SQLAlchemy, rich) are imported inside the commands, so that loading this module costs little.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from newsdb.cli import State, url_option
from newsdb.cli.database import read_session
from newsdb.cli.options import TEXT, Period, date_range_options, first_day, last_day, paging_options
from newsdb.cli.output import Column, Format, Output, emit, emit_object, output_options, records
from newsdb.errors import NewsdbError

if TYPE_CHECKING:
    from rich.text import Text

QUOTE_KINDS = ("direct", "indirect", "mixed", "reported", "free_indirect")
SOURCE_KINDS = ("person", "organization", "anonymous", "other")


class QueryWordsCommand(click.Command):
    """A command whose arguments, apart from its own options, are all query words, `-word` included.

    Click would read `-Bundesliga` as the options `-B -u ...`, and everything after `--` as arguments; here
    only the command's options are options, wherever they stand, and a `--` is ignored.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options, words = _split(self, ctx, args)
        return super().parse_args(ctx, [*options, "--", *words])


def _split(command: click.Command, ctx: click.Context, args: list[str]) -> tuple[list[str], list[str]]:
    """The command's options (with their values) and everything else, in order."""
    takes_value: dict[str, bool] = {}
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            for name in (*param.opts, *param.secondary_opts):
                takes_value[name] = not param.is_flag and not param.count
    options: list[str] = []
    words: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        i += 1
        if arg == "--":
            continue
        if name not in takes_value:
            words.append(arg)
            continue
        options.append(arg)
        if takes_value[name] and "=" not in arg and i < len(args):
            options.append(args[i])
            i += 1
    return options, words


SEARCH_HELP_EPILOG = """\b
Examples:
  newsdb search Festnahme                  finds Festnahme, Festnahmen (German stemming)
  newsdb search Kita                       finds Kita and Kitas (plurals in -s, both ways)
  newsdb search Fußball -Bundesliga        without articles that mention Bundesliga
  newsdb search '"russische Truppen"'      an exact phrase (quote it for the shell)
  newsdb search Almaty OR Astana --since 2022 --sort date --limit 5
"""


@click.command("search", cls=QueryWordsCommand, epilog=SEARCH_HELP_EPILOG)
@url_option
@click.argument("query", nargs=-1, required=True, type=TEXT)
@date_range_options
@click.option(
    "--sort",
    type=click.Choice(["rank", "date"]),
    default="rank",
    show_default=True,
    help="Best hits first, or newest first.",
)
@paging_options(default_limit=20)
@output_options
@click.pass_obj
def search_command(
    state: State,
    query: tuple[str, ...],
    since: Period | None,
    until: Period | None,
    sort: str,
    limit: int,
    offset: int,
    output: Output,
) -> None:
    """Full-text search: words (all must occur), "a phrase", -excluded, A OR B.

    Words starting with `-` need no quoting: every argument that is not an option is part of the query.
    """
    from newsdb.search.full_text import search_connection
    from newsdb.search.query import parse_query

    text = " ".join(query)
    parsed = parse_query(text)
    with read_session(state.url) as db:
        hits = search_connection(
            db.connection(),
            parsed,
            limit=limit,
            offset=offset,
            since=first_day(since),
            until=last_day(until),
            order=sort,
        )
    fields = ["article_id", "external_id", "title", "published_on", "date_precision", "rank", "snippet"]
    columns = [
        Column("rank", lambda r: f"{r['rank']:.3g}", numeric=True),
        Column("article", _dated_article),
        Column("snippet", lambda r: _marked(r["snippet"]), wide=True),
    ]
    emit(output, fields, records(hits, fields), columns, nothing_found=repr(text))


def _dated_article(row: Mapping[str, Any]) -> str:
    """The date to its precision over the external id: two narrow lines instead of one wide one."""
    from newsdb.render import format_period

    return f"{format_period(row['published_on'], row['date_precision'])}\n{row['external_id']}"


def _speaker_and_kind(row: Mapping[str, Any]) -> Text:
    from rich.text import Text

    out = Text(speaker(row["source_name"], row["speaker_role"]))
    out.append(f"\n{row['kind']}", style="dim")
    return out


def _marked(snippet: str) -> Text:
    """The snippet with its matches highlighted inside their `[...]` marks: the marks stay, so that the matches
    still show in a pipe or a file, where a table has no colours (as `show` marks speakers)."""
    from rich.text import Text

    from newsdb.search.snippet import MARK_END, MARK_START

    out = Text()
    rest = snippet
    while (start := rest.find(MARK_START)) >= 0 and (end := rest.find(MARK_END, start)) >= 0:
        out.append(rest[:start])
        out.append(MARK_START, style="dim")
        out.append(rest[start + 1 : end], style="bold yellow")
        out.append(MARK_END, style="dim")
        rest = rest[end + 1 :]
    out.append(rest)
    return out


def speaker(name: str | None, role: str | None) -> str:
    return ", ".join(part for part in (name or "(unknown)", role) if part)


QUOTE_FIELDS = [
    "quote_id",
    "external_id",
    "published_on",
    "date_precision",
    "source_name",
    "source_kind",
    "speaker_role",
    "kind",
    "cue",
    "heading",
    "paragraph_position",
    "text",
]


@click.command("quotes")
@url_option
@click.option("--source", type=TEXT, help="Part of the speaker's name (case and accents do not matter).")
@click.option("--article", type=TEXT, help="The article's external id.")
@click.option("--kind", type=click.Choice(QUOTE_KINDS), help="Kind of quote.")
@date_range_options
@click.option(
    "--sort",
    type=click.Choice(["date", "source"]),
    default="date",
    show_default=True,
    help="Oldest article first, or by speaker.",
)
@paging_options(default_limit=None)
@output_options
@click.pass_obj
def quotes_command(
    state: State,
    source: str | None,
    article: str | None,
    kind: str | None,
    since: Period | None,
    until: Period | None,
    sort: str,
    limit: int | None,
    offset: int,
    output: Output,
) -> None:
    """Quotes with their speakers, oldest article first; long lists go through a pager on a terminal."""
    from newsdb import queries

    with read_session(state.url) as db:
        if article is not None and not queries.article_exists(db, article):
            raise NewsdbError(f"no article with external id {article!r}")
        found = queries.quotes(
            db,
            source=source,
            article=article,
            kind=kind,
            since=first_day(since),
            until=last_day(until),
            order=sort,
            limit=limit,
            offset=offset,
        )
        fields, rows = QUOTE_FIELDS, records(found, QUOTE_FIELDS)
        if output.format in (Format.JSON, Format.NL):
            # JSON has room for what a flat row has not: the quote it is nested in, its medium and its spans
            spans = queries.spans_of_quotes(db, [q.quote_id for q in found])
            fields = [*QUOTE_FIELDS, "parent_id", "medium", "spans"]
            listed = zip(rows, found, strict=True)
            rows = iter(
                [(*row, q.parent_id, q.medium, [asdict(s) for s in spans.get(q.quote_id, [])]) for row, q in listed]
            )
        # a table shows all of a quote in pieces (`text` is its first piece, as in quote_details)
        whole = queries.quote_words(db, [q.quote_id for q in found]) if output.format is Format.TABLE else {}
    columns = [
        Column("article", _dated_article),
        Column("speaker", _speaker_and_kind, wrap=True),
        Column("quote", lambda row: whole.get(row["quote_id"], row["text"]), wide=True),
    ]
    filters = {"source": source, "article": article, "kind": kind, "since": since, "until": until}
    emit(output, fields, rows, columns, nothing_found=_described(filters))


def _described(given: Mapping[str, Any]) -> str:
    """The filters a listing was given, as they were typed: `--source 'x' --kind direct`."""
    shown = []
    for name in ("source", "article", "kind", "since", "until"):
        value = given.get(name)
        if value is not None:
            shown.append(f"--{name} {value.text if isinstance(value, Period) else repr(value)}")
    return " ".join(shown) or "the whole database"


def list_sources(state: State, kind: str | None, sort: str, limit: int | None, offset: int, output: Output) -> None:
    """Sources with their numbers of quotes and of articles quoting them, and the other names they were written
    as (`newsdb sources`)."""
    from newsdb import queries

    with read_session(state.url) as db:
        found = queries.sources_with_counts(db, kind=kind, order=sort, limit=limit, offset=offset)
    fields = ["source_id", "name", "kind", "quote_count", "article_count", "aliases"]
    columns = [
        Column("source", "name", wrap=True),
        Column("aliases", "aliases", wrap=True),
        Column("kind", "kind"),
        Column("quotes", "quote_count", numeric=True),
        Column("articles", "article_count", numeric=True),
    ]
    # other spellings joined by "; " in every format, so that CSV and TSV keep one value per field
    rows = ((*row[:-1], "; ".join(row[-1])) for row in records(found, fields))
    emit(output, fields, rows, columns, nothing_found=_described({"kind": kind}))


@click.command("stats")
@url_option
@output_options
@click.pass_obj
def stats_command(state: State, output: Output) -> None:
    """Counts of articles, sections, paragraphs, quotes and sources; words; the date range."""
    from newsdb import queries

    with read_session(state.url) as db:
        stats = asdict(queries.corpus_stats(db))
    if output.format in (Format.JSON, Format.NL):
        emit_object(output, stats)
        return
    rows = [(name, value) for name, value in stats.items()]
    if output.is_table:
        rows = [(name.replace("_", " "), _figure(value)) for name, value in rows]
    emit(output, ["figure", "value"], rows, [Column("figure", "figure"), Column("value", "value", numeric=True)])


def _figure(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{name} {count:,}" for name, count in value.items()) or "none"
    if isinstance(value, int):
        return f"{value:,}"
    return "none" if value is None else str(value)
