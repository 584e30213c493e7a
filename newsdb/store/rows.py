"""Documents -> the values of their rows: what seeding's worker processes compute and send to the writer.

`article_rows` derives what an article's rows need besides the document (content hash, body, word count,
SQLite's full-text terms) and turns it all into plain tuples, which cross a process boundary far cheaper
than `Document`s do and leave the writing process (`newsdb.store.writer`) little more to do than number them.

The fields of each `...Values` named tuple are named after the columns they fill; the writer matches them with the
table definitions by name. The rows of an article's child tables travel as plain tuples of those fields (`...Row`),
and `Values._make(row)` names one where wanted: pickling a named tuple runs Python code once per tuple on each side,
and the rows of quote-dense articles pickled in half the time as plain tuples.

A field holding an index into another list of the same article (a paragraph's `section`, a quote's `paragraph` and
`parent`, a span's `quote` and `paragraph`) becomes that row's id, and a quote's `source` (an alias key) its source
and alias ids. So a new column is one new field here (in its `...Values` tuple, its `...Row` alias and `article_rows`),
written with nothing else to change.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from newsdb.document import Document, Quote, SourceKind, Span, SpanRole
from newsdb.extract import EXTRACTOR_VERSION
from newsdb.render import content_sha256
from newsdb.search.terms import counted_index_text, index_text
from newsdb.sources.names import alias_key, clean_speaker, full_name_in, said_by_many, without_fused_sentence


class ArticleValues(NamedTuple):
    title: str | None
    lede: str
    published_on: date
    date_precision: str
    language: str
    body: str
    source_path: str | None
    word_count: int
    extractor_version: int  # the `newsdb.extract.EXTRACTOR_VERSION` that found the quotes


class SectionValues(NamedTuple):
    position: int
    heading: str | None


SectionRow = tuple[int, str | None]  # the fields of `SectionValues`, in order


class ParagraphValues(NamedTuple):
    section: int  # index of its section in `ArticleRows.sections`
    position: int
    kind: str
    text: str


ParagraphRow = tuple[int, int, str, str]  # the fields of `ParagraphValues`, in order


class QuoteValues(NamedTuple):
    paragraph: int  # index of its paragraph in `ArticleRows.paragraphs`
    source: str | None  # alias key of the source (`ArticleRows.sources`), None: no source
    text: str
    kind: str
    cue: str | None
    speaker_role: str | None
    start_offset: int
    end_offset: int
    parent: int | None  # index of the quote it is nested in, which comes before it in `ArticleRows.quotes`
    medium: str | None


QuoteRow = tuple[int, str | None, str, str, str | None, str | None, int, int, int | None, str | None]  # `QuoteValues`


class SpanValues(NamedTuple):
    quote: int  # index of its quote in `ArticleRows.quotes`
    paragraph: int  # index of its paragraph in `ArticleRows.paragraphs`
    role: str
    start_offset: int
    end_offset: int


SpanRow = tuple[int, int, str, int, int]  # the fields of `SpanValues`, in order


class SourceValues(NamedTuple):
    """A written name, as `newsdb.sources.resolve` resolves it."""

    key: str  # the alias key
    name: str  # as written, cleaned
    kind: str


SourceRow = tuple[str, str, str]  # the fields of `SourceValues`, in order


class ArticleRows(NamedTuple):
    """An article as the values of its rows, without ids and with enums as their values.

    Sections, paragraphs, quotes and spans refer to each other by index; `sources` lists the article's quoted sources
    once each, in order of first appearance; `index_terms` are SQLite's full-text columns (title, lede, body).
    """

    external_id: str
    content_sha256: str
    article: ArticleValues
    sections: tuple[SectionRow, ...]
    paragraphs: tuple[ParagraphRow, ...]
    quotes: tuple[QuoteRow, ...]
    sources: tuple[SourceRow, ...]
    index_terms: tuple[str, str, str] | None
    spans: tuple[SpanRow, ...] = ()


def article_rows(document: Document, *, index: bool = False) -> ArticleRows:
    """The values the writer writes for an extracted `document`; `index`: with SQLite's full-text terms."""
    body = document.body
    terms: tuple[str, str, str] | None = None
    if index:
        # the index scans lede and body word by word anyway: it counts the words on the way
        (lede_terms, lede_words), (body_terms, body_words) = counted_index_text(document.lede), counted_index_text(body)
        terms = (index_text(document.title), lede_terms, body_terms)
        word_count = lede_words + body_words
    else:
        word_count = document.word_count
    sections: list[SectionRow] = []
    paragraphs: list[ParagraphRow] = []
    paragraph_index: dict[int, int] = {}
    for section_index, section in enumerate(document.sections):
        sections.append((section.position, section.heading))
        for paragraph in section.paragraphs:
            paragraph_index[paragraph.position] = len(paragraphs)
            paragraphs.append((section_index, paragraph.position, paragraph.kind._value_, paragraph.text))
    quotes: list[QuoteRow] = []
    spans: list[SpanRow] = []
    sources: dict[str, SourceRow] = {}
    text = f"{document.lede}\n{body}"
    order = _parents_first(document.quotes)
    row_of = {position: number for number, position in enumerate(order)}
    for number, position in enumerate(order):
        quote = document.quotes[position]
        key, name, kind, role = stored_speaker(quote, text)
        if key is not None and key not in sources:
            sources[key] = (key, name, kind)
        quotes.append(
            (paragraph_index[quote.paragraph], key, quote.text, quote.kind._value_, quote.cue, role, quote.start,
             quote.end, None if quote.parent is None else row_of[quote.parent],
             None if quote.medium is None else quote.medium._value_)
        )  # fmt: skip
        # `_value_` rather than `value` of the enums, here and above: a plain attribute, where `value` is a property
        # that runs in Python, once per span
        spans += [
            (number, paragraph_index[span.paragraph], span.role._value_, span.start, span.end)
            for span in spans_to_write(quote)
        ]
    article = ArticleValues(document.title, document.lede, document.published_on, document.date_precision.value,
                            document.language, body, document.source_path, word_count, EXTRACTOR_VERSION)  # fmt: skip
    return ArticleRows(
        document.external_id,
        content_sha256(document),
        article,
        tuple(sections),
        tuple(paragraphs),
        tuple(quotes),
        tuple(sources.values()),
        terms,
        tuple(spans),
    )


def spans_to_write(quote: Quote) -> tuple[Span, ...]:
    """A quote's spans as stored: its `quote` spans (its own offsets when it has none recorded), then the others."""
    spans = quote.spans
    if spans and spans[0].role is SpanRole.QUOTE:
        for span in spans[1:]:
            if span.role is SpanRole.QUOTE:
                break
        else:
            return spans  # as the extractor makes most quotes: its one quote span first
    return quote.spans_as(SpanRole.QUOTE) + tuple(s for s in spans if s.role is not SpanRole.QUOTE)


def _parents_first(quotes: tuple[Quote, ...]) -> list[int]:
    """The positions of `quotes` in an order where each nested quote follows its parent, which the database checks
    row by row; a parent that is no other quote of the document is an error."""
    parents = [quote.parent for quote in quotes]
    for number, parent in enumerate(parents):
        if parent is not None and not (0 <= parent < len(quotes) and parent != number):
            raise ValueError(f"quote {number} is nested in quote {parent}, which the document does not have")
    if all(parent is None or parent < number for number, parent in enumerate(parents)):
        return list(range(len(quotes)))

    def depth(number: int) -> int:
        steps = 0
        while (parent := parents[number]) is not None:
            number, steps = parent, steps + 1
            if steps > len(quotes):
                raise ValueError("the document's quotes are nested in each other in a circle")
        return steps

    return sorted(range(len(quotes)), key=depth)


def stored_speaker(quote: Quote, text: str) -> tuple[str | None, str, str, str | None]:
    """The source key, name and kind of a quote's speaker (key None: no source) and its role, as stored for an
    article whose lede and body are `text` (before a surname joins a full name of another article).

    Unknown speakers have no source. A person's name is cleaned (`newsdb.sources.names`): role words written
    before it become the quote's role unless the extractor found one; a group or abstract noun (`Politische
    Beobachter`, `Fischer sagten`) is a source of kind `other`; role words alone (`Papst`, `Präsident`), whichever
    kind the extractor gave them, are a role without a source. A
    surname alone becomes the full name the article `text` writes it with, when it writes exactly one.
    """
    source, role = quote.source, quote.speaker_role
    if source is None or source.kind is SourceKind.ANONYMOUS:
        return None, "", "", role
    name, kind = source.name, source.kind
    if kind is SourceKind.OTHER:
        speaker = clean_speaker(name)
        if speaker.name is None and speaker.role == name:
            # `Präsident`, `Polizeisprecher`: one person per article, not one source across the archive
            return None, "", "", role or speaker.role
    elif kind is SourceKind.PERSON:
        speaker = clean_speaker(name)
        role = role or speaker.role
        if speaker.name is None and speaker.role is not None:
            return None, "", "", role
        if speaker.name is None:
            name, kind = without_fused_sentence(name), SourceKind.OTHER
        elif " " not in speaker.name and quote.cue is not None and said_by_many(quote.cue):
            name, kind = speaker.name, SourceKind.OTHER  # `Fischer sagten`: fishermen, not Joschka Fischer
        else:
            name = speaker.name if " " in speaker.name else full_name_in(text, speaker.name) or speaker.name
    return alias_key(name, kind), name, kind.value, role
