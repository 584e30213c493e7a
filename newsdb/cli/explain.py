"""`newsdb explain FILE...`: the quotes of article files sentence by sentence, with the rule that found each one
and how its speaker was resolved; for sentences with a cue word but no quote, why not. Touches no database.

Each quote's source is the one `newsdb seed` stores for the file (`newsdb.store.rows.stored_speaker`), and the
extractor's own finding where it differs (role words moved to the role, a role alone that is no source); across
an archive a surname alone may further join a full name that another article writes."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from newsdb.cli import EXIT_SOME_FAILED
from newsdb.document import Document, Quote, SourceKind, Span, SpanRole, quote_words
from newsdb.errors import ParseError
from newsdb.extract.explain import SentenceExplanation, explain
from newsdb.parse import read_document
from newsdb.store.rows import stored_speaker

QUOTE_MAX_CHARS = 160
KIND_WIDTH = 10  # the kind of a quote and a space (`free_indirect` is longer, and pushes its quote right)
ROLE_STYLES = {
    SpanRole.QUOTE: "",
    SpanRole.SPEAKER: "bold",
    SpanRole.CUE: "blue",
    SpanRole.FRAME: "dim",
    SpanRole.ADDRESSEE: "cyan",
}
KIND_STYLES = {"direct": "green", "indirect": "cyan", "mixed": "magenta", "reported": "yellow", "free_indirect": "blue"}


@click.command("explain")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list with every sentence of every file.")
@click.option("--all", "show_all", is_flag=True, help="Show every sentence, also those without a cue or quote.")
def explain_command(files: tuple[str, ...], as_json: bool, show_all: bool) -> None:
    """Show, sentence by sentence, the quotes found in FILES: the rule, the cue, the speaker as mentioned and how
    it was resolved; and, for sentences with a cue word but no quote, why not.

    Files that fail are reported on stderr as `path:line: message`; the others are still shown. Exit code 1 if
    any file failed.
    """
    console = Console(highlight=False)
    explained: list[dict[str, Any]] = []
    failed = False
    for path in files:
        try:
            document, sentences = explain(read_document(path))
        except ParseError as error:
            click.echo(str(error), err=True)
            failed = True
        except OSError as error:
            click.echo(f"{path}: {error.strerror or error}", err=True)
            failed = True
        else:
            if as_json:
                at, texts, article = _positions(document), document.paragraph_texts(), _article_text(document)
                sentence_rows = [_sentence_json(s, at, texts, article) for s in sentences]
                explained.append({"file": path, "sentences": sentence_rows})
            else:
                _show(console, path, document, sentences, show_all=show_all)
    if as_json:
        click.echo(json.dumps(explained, indent=2, ensure_ascii=False))
    if failed:
        sys.exit(EXIT_SOME_FAILED)


def _show(
    console: Console, path: str, document: Document, sentences: list[SentenceExplanation], *, show_all: bool
) -> None:
    with_quotes = sum(1 for s in sentences if s.quotes)
    missed = sum(1 for s in sentences if s.why_not)
    head = Text(path, style="bold")
    head.append(f"  {len(document.quotes)} quotes in {with_quotes} of {len(sentences)} sentences", style="dim")
    if missed:
        head.append(f", {missed} with a cue word but no quote", style="yellow")
    console.print(head, soft_wrap=True)
    at, texts, article = _positions(document), document.paragraph_texts(), _article_text(document)
    width = len(str(max(len(document.quotes) - 1, 0)))  # of the quote numbers, so that the columns line up
    for s in sentences:
        if not (show_all or s.quotes or s.why_not or s.step == "back reference"):
            continue
        console.print()
        line = Text(f"¶{s.paragraph:<3}", style="dim")
        line.append(s.text, style="" if s.quotes else "dim")
        console.print(line)
        for q in s.quotes:
            _show_quote(console, q, at, texts, article, width)
        if s.step == "back reference":
            note = Text(f"     ↑ {s.rule} · cue {s.cue} · {s.mention}: attributes the sentence before", style="blue")
            console.print(note)
        if s.why_not:
            console.print(Text(f"     ✗ no quote: {s.why_not}", style="yellow"))
    console.print()


def _positions(document: Document) -> dict[int, int]:
    """Each quote's position in `document.quotes` (by identity): what `Quote.parent` refers to."""
    return {id(q): i for i, q in enumerate(document.quotes)}


def _article_text(document: Document) -> str:
    """Lede and body, as the writer reads them for a surname's full name."""
    return f"{document.lede}\n{document.body}"


def _show_quote(
    console: Console, q: Quote, at: dict[int, int], texts: dict[int, str], article: str, width: int
) -> None:
    """A quote's line (`  #3 indirect  „…“`, `↳ #4 direct  „…“` when nested, numbers padded to `width` digits),
    then who said it, the rule that found it and its spans, indented to where the quoted words start."""
    # a quote with an attribution cut out of it shows its pieces: `Die Firma hat … 100 Stellen gestrichen`
    whole = quote_words(q, texts)
    text = whole if len(whole) <= QUOTE_MAX_CHARS else whole[: QUOTE_MAX_CHARS - 1] + "…"
    # a nested quote's arrow takes the place of the indent, so that its quoted words stand where the others' do
    line = Text(f"{'  ' if q.parent is None else '↳ '}#{at.get(id(q), 0):<{width}} ")
    line.append(f"{q.kind.value:<{KIND_WIDTH - 1}} ", style=KIND_STYLES.get(q.kind.value, ""))
    line.append(f"„{text}“")
    if q.parent is not None:
        line.append(f" inside #{q.parent}", style="dim")
    console.print(line)
    indent = " " * (len(f"  #{'':<{width}} ") + KIND_WIDTH)
    who = Text(f"{indent}→ ")
    key, name, kind, role = stored_speaker(q, article)
    unknown = q.source is not None and q.source.kind is SourceKind.ANONYMOUS
    if key is None:
        who.append("unknown speaker" if unknown else "no source", style="red")
        who.append(f" ({role})" if role else "", style="dim")
    else:
        who.append(name, style="bold")
        who.append(f" ({kind}{', ' + role if role else ''})", style="dim")
    if q.source is not None and not unknown and (q.source.name, q.source.kind.value) != (name, kind):
        who.append(f" · found „{q.source.name}“ ({q.source.kind.value})", style="dim")
    console.print(who)
    why = q.provenance
    if why is not None:
        how = Text(f"{indent}  ")
        how.append(why.rule, style="blue")
        if q.cue:
            how.append(f" · cue {q.cue}", style="dim")
        if why.mention:
            how.append(f" · „{why.mention}“", style="dim")
        if why.resolution:
            how.append(f": {why.resolution}", style="dim")
        console.print(how)
    roles = [span for span in q.spans if span.role is not SpanRole.QUOTE]
    if roles or q.medium is not None:
        marked = Text(f"{indent}  ")
        for i, span in enumerate(roles):
            marked.append(" · " if i else "", style="dim")
            marked.append(span.role.value, style=ROLE_STYLES[span.role])
            marked.append(f" „{_span_text(span, texts)}“ {_where(span, q)}", style="dim")
        if q.medium is not None:
            marked.append(f"{' · ' if roles else ''}medium {q.medium.value}", style="dim")
        console.print(marked)


def _span_text(span: Span, texts: dict[int, str]) -> str:
    return texts.get(span.paragraph, "")[span.start : span.end]


def _where(span: Span, q: Quote) -> str:
    """Offsets of a span, with its paragraph when it lies in another than its quote's (a speaker named before)."""
    return f"{span.start}:{span.end}" if span.paragraph == q.paragraph else f"¶{span.paragraph} {span.start}:{span.end}"


def _sentence_json(s: SentenceExplanation, at: dict[int, int], texts: dict[int, str], article: str) -> dict[str, Any]:
    return {
        "paragraph": s.paragraph,
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "step": s.step,
        "rule": s.rule,
        "cue": s.cue,
        "mention": s.mention,
        "quotes": [_quote_json(q, at, texts, article) for q in s.quotes],
        "why_not": s.why_not,
    }


def _quote_json(q: Quote, at: dict[int, int], texts: dict[int, str], article: str) -> dict[str, Any]:
    why = q.provenance
    key, name, kind, role = stored_speaker(q, article)
    return {
        "position": at.get(id(q)),
        "parent": q.parent,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "kind": q.kind.value,
        "cue": q.cue,
        "source": None if key is None else name,  # as stored
        "source_kind": None if key is None else kind,
        "speaker_role": role,
        "found_source": q.source.name if q.source else None,  # as the extractor found it
        "found_source_kind": q.source.kind.value if q.source else None,
        "rule": why.rule if why else None,
        "mention": why.mention if why else None,
        "resolution": why.resolution if why else None,
        "medium": q.medium.value if q.medium else None,
        "spans": [
            {
                "role": span.role.value,
                "paragraph": span.paragraph,
                "start": span.start,
                "end": span.end,
                "text": _span_text(span, texts),
            }
            for span in q.spans
        ],
    }


COMMANDS = [explain_command]
