"""Documents -> the values of their rows: what seeding's worker processes compute and send to the writer.

`prepare` derives what an article's rows need besides the document (content hash, body, word count, SQLite's
full-text terms); `article_rows` turns that into plain tuples, which cross a process boundary far cheaper than
`Document`s do and leave the writing process (`newsdb.store.writer`) little more to do than number them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from newsdb.document import Document, Quote, SourceKind
from newsdb.render import content_sha256
from newsdb.search.terms import counted_index_text, index_text
from newsdb.sources.names import alias_key, clean_speaker, full_name_in, said_by_many, without_fused_sentence


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """A parsed and extracted document with its derived values, ready to be written.

    Built by `prepare` where the document is extracted (in seeding's worker processes), so that the writing
    process only moves rows.
    """

    document: Document
    sha256: str
    body: str
    word_count: int
    index_terms: tuple[str, str, str] | None = None


def prepare(document: Document, index: bool = False) -> PreparedArticle:
    """`document` with its derived values; `index`: with the terms of SQLite's full-text index too."""
    body = document.body
    if not index:
        return PreparedArticle(document, content_sha256(document), body, document.word_count)
    # the index scans lede and body word by word anyway: it counts the words on the way
    (lede_terms, lede_words), (body_terms, body_words) = counted_index_text(document.lede), counted_index_text(body)
    terms = (index_text(document.title), lede_terms, body_terms)
    return PreparedArticle(document, content_sha256(document), body, lede_words + body_words, terms)


# (position, heading)
SectionValues = tuple[int, str | None]
# (index of its section in `ArticleRows.sections`, position, kind, text)
ParagraphValues = tuple[int, int, str, str]
# (index of its paragraph in `ArticleRows.paragraphs`, alias key of the source, text, kind, cue, speaker role,
# start, end)
QuoteValues = tuple[int, str | None, str, str, str | None, str | None, int, int]
# (alias key, name as written and cleaned, kind): see `newsdb.sources`
SourceValues = tuple[str, str, str]


class ArticleRows(NamedTuple):
    """A prepared article as the values of its rows, without ids and with enums as their values.

    `article` holds the `ARTICLE_COLUMNS` from `title` to `word_count`, `external_id` and `content_sha256` aside.
    Sections, paragraphs and quotes refer to each other by index; `sources` lists the article's quoted sources
    once each, in order of first appearance.
    """

    external_id: str
    sha256: str
    article: tuple[str | None, str, date, str, str, str, str | None, int]
    sections: tuple[SectionValues, ...]
    paragraphs: tuple[ParagraphValues, ...]
    quotes: tuple[QuoteValues, ...]
    sources: tuple[SourceValues, ...]
    index_terms: tuple[str, str, str] | None


def article_rows(item: PreparedArticle) -> ArticleRows:
    """The values `Loader.write_rows` writes for `item`."""
    doc = item.document
    sections: list[SectionValues] = []
    paragraphs: list[ParagraphValues] = []
    paragraph_index: dict[int, int] = {}
    for section_index, section in enumerate(doc.sections):
        sections.append((section.position, section.heading))
        for paragraph in section.paragraphs:
            paragraph_index[paragraph.position] = len(paragraphs)
            paragraphs.append((section_index, paragraph.position, paragraph.kind.value, paragraph.text))
    quotes: list[QuoteValues] = []
    sources: dict[str, SourceValues] = {}
    text = f"{doc.lede}\n{item.body}"
    for quote in doc.quotes:
        key, name, kind, role = _speaker(quote, text)
        if key is not None and key not in sources:
            sources[key] = (key, name, kind)
        quotes.append(
            (paragraph_index[quote.paragraph], key, quote.text, quote.kind.value, quote.cue, role,
             quote.start, quote.end)
        )  # fmt: skip
    article = (doc.title, doc.lede, doc.published_on, doc.date_precision.value, doc.language, item.body,
               doc.source_path, item.word_count)  # fmt: skip
    return ArticleRows(
        doc.external_id,
        item.sha256,
        article,
        tuple(sections),
        tuple(paragraphs),
        tuple(quotes),
        tuple(sources.values()),
        item.index_terms,
    )


def _speaker(quote: Quote, text: str) -> tuple[str | None, str, str, str | None]:
    """The source key, name and kind of a quote's speaker (key None: no source) and its role.

    Unknown speakers have no source. A person's name is cleaned (`newsdb.sources.names`): role words written
    before it become the quote's role unless the extractor found one; a group or abstract noun (`Beobachter`,
    `Fischer sagten`) is a source of kind `other`; role words alone (`Papst`) are a role without a source. A
    surname alone becomes the full name the article `text` writes it with, when it writes exactly one.
    """
    source, role = quote.source, quote.speaker_role
    if source is None or source.kind is SourceKind.ANONYMOUS:
        return None, "", "", role
    name, kind = source.name, source.kind
    if kind is SourceKind.PERSON:
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
