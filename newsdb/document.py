"""The pure data model of an article: what `parse` produces, `extract` enriches and `load` writes.

Everything here is an immutable value: no I/O, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache


class DatePrecision(StrEnum):
    """How much of `published_on` the document actually states."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class ParagraphKind(StrEnum):
    LEDE = "lede"
    BODY = "body"


class QuoteKind(StrEnum):
    """The kind of reported speech.

    `direct`: the words as said, in quotation marks; `indirect`: a reported clause (`Er sagte, sie sei …`);
    `mixed`: an indirect report with quoted words in it; `reported`: a speech act summarised without its content
    (`Sie forderte höhere Löhne`, `bezeichnete X als Y`); `free_indirect`: subjunctive sentences that go on
    reporting without a cue of their own.
    """

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"
    REPORTED = "reported"
    FREE_INDIRECT = "free_indirect"


class SpanRole(StrEnum):
    """What a span of text is to its quote: the quoted words, or who said them, the cue word(s), the frame
    (`am Montag in Berlin`) or the addressee."""

    QUOTE = "quote"
    SPEAKER = "speaker"
    CUE = "cue"
    FRAME = "frame"
    ADDRESSEE = "addressee"


class Medium(StrEnum):
    """How the reported words were produced."""

    SPEECH = "speech"
    THOUGHT = "thought"
    WRITING = "writing"


class SourceKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    ANONYMOUS = "anonymous"
    OTHER = "other"


# A word as a reader counts it: `10'000`, `12,5` and `SRF-Auslandredaktorin` are one word each.
READER_WORD = re.compile(r"\w++(?:[-'’.,]\w++)*+")  # possessive: nothing to backtrack into


def reader_words(text: str) -> list[str]:
    """The words of `text` as a reader counts them (`READER_WORD`), found in its NFC form."""
    return READER_WORD.findall(unicodedata.normalize("NFC", text))


_COUNT_STRETCH = 1 << 16  # characters whose words are listed at once when counting
_SPACE = re.compile(r"\s")


def count_words(text: str) -> int:
    """How many words `text` has (`reader_words`): the full-text index counts the same words.

    A long text is counted in stretches that end at white space (which no word contains), so that memory stays
    flat: listing the words of a 5 MB paragraph at once would take ten times its size.
    """
    text = unicodedata.normalize("NFC", text)
    if len(text) <= _COUNT_STRETCH:
        return len(READER_WORD.findall(text))
    count, start = 0, 0
    while start < len(text):
        space = _SPACE.search(text, start + _COUNT_STRETCH)
        end = len(text) if space is None else space.start()
        count += len(READER_WORD.findall(text, start, end))
        start = end
    return count


@lru_cache(maxsize=1 << 16)
def source_key(name: str, kind: SourceKind) -> str:
    """The normalized identity of a source: kind plus case-, accent- and spacing-insensitive name."""
    folded = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return f"{kind.value}:{' '.join(plain.split())}"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Who is quoted, by canonical name (`Judith Huber`, `russisches Verteidigungsministerium`)."""

    name: str
    kind: SourceKind

    # Written out, as the other values made per quote: compiled (mypyc), `object.__setattr__` of a field becomes a
    # plain store, while the `__init__` that `dataclass` generates stays interpreted and costs twenty times as much.
    def __init__(self, name: str, kind: SourceKind) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "kind", kind)

    @property
    def key(self) -> str:
        return source_key(self.name, self.kind)


@dataclass(frozen=True, slots=True)
class Provenance:
    """How the extractor found a quote: the rule (`newsdb.extract.rules`), the speaker as the text mentions it,
    and how that mention was resolved (`named`, `surname → full name`, `pronoun → referent`, …)."""

    rule: str
    mention: str | None = None
    resolution: str = ""

    def __init__(self, rule: str, mention: str | None = None, resolution: str = "") -> None:
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "mention", mention)
        object.__setattr__(self, "resolution", resolution)


@dataclass(frozen=True, slots=True)
class Span:
    """One stretch of text that plays `role` in a quote: character offsets into the text of the paragraph at
    article-level position `paragraph` (end exclusive)."""

    role: SpanRole
    paragraph: int
    start: int
    end: int

    def __init__(self, role: SpanRole, paragraph: int, start: int, end: int) -> None:
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "paragraph", paragraph)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)


@dataclass(frozen=True, slots=True)
class Quote:
    """A stretch of one paragraph that reports speech.

    `paragraph` is the article-level position of the paragraph; `start` and `end` are character offsets in its
    text (end exclusive), so `paragraph_text[start:end] == text`. They are the quote's first `quote` span; `spans`
    holds all of them (a quote interrupted by `sagte er`, or running on) and the speaker mention, cue, frame and
    addressee as written. `parent` is the position in `Document.quotes` of the quote this one is nested in.
    """

    paragraph: int
    start: int
    end: int
    text: str
    kind: QuoteKind
    source: SourceRef | None = None
    cue: str | None = None
    speaker_role: str | None = None
    parent: int | None = None
    medium: Medium | None = None
    # not part of the quote's identity: two quotes with the same text, offsets and source are equal
    spans: tuple[Span, ...] = field(default=(), compare=False)
    provenance: Provenance | None = field(default=None, compare=False)

    def __init__(
        self,
        paragraph: int,
        start: int,
        end: int,
        text: str,
        kind: QuoteKind,
        source: SourceRef | None = None,
        cue: str | None = None,
        speaker_role: str | None = None,
        parent: int | None = None,
        medium: Medium | None = None,
        spans: tuple[Span, ...] = (),
        provenance: Provenance | None = None,
    ) -> None:
        object.__setattr__(self, "paragraph", paragraph)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "cue", cue)
        object.__setattr__(self, "speaker_role", speaker_role)
        object.__setattr__(self, "parent", parent)
        object.__setattr__(self, "medium", medium)
        object.__setattr__(self, "spans", spans)
        object.__setattr__(self, "provenance", provenance)

    def spans_as(self, role: SpanRole) -> tuple[Span, ...]:
        """The spans of `role`; for `quote`, the quote's own offsets when no spans were recorded."""
        found = tuple(s for s in self.spans if s.role is role)
        if not found and role is SpanRole.QUOTE:
            return (Span(SpanRole.QUOTE, self.paragraph, self.start, self.end),)
        return found


# Between the pieces of a quote that an attribution interrupts, as a reader writes them: `Russland hatte … ausgeflogen`.
PIECE_SEPARATOR = " … "


def quote_words(quote: Quote, texts: Mapping[int, str]) -> str:
    """All the words of `quote`, its pieces (`quote` spans) joined by ` … `; `texts` are the paragraphs' texts by
    position (pieces in a paragraph not among them are left out)."""
    pieces = quote.spans_as(SpanRole.QUOTE)
    if len(pieces) == 1:
        return quote.text
    return PIECE_SEPARATOR.join(texts[s.paragraph][s.start : s.end] for s in pieces if s.paragraph in texts)


@dataclass(frozen=True, slots=True)
class Paragraph:
    position: int
    kind: ParagraphKind
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A run of paragraphs; section 0 is the untitled opening and holds the lede."""

    position: int
    heading: str | None
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Document:
    external_id: str
    published_on: date
    date_precision: DatePrecision
    sections: tuple[Section, ...]
    title: str | None = None
    language: str = "de"
    quotes: tuple[Quote, ...] = ()
    source_path: str | None = field(default=None, compare=False)

    @property
    def lede(self) -> str:
        return self.sections[0].paragraphs[0].text

    @property
    def paragraphs(self) -> Iterator[Paragraph]:
        for section in self.sections:
            yield from section.paragraphs

    def paragraph_texts(self) -> dict[int, str]:
        """Each paragraph's text by its position: what the spans of quotes point into."""
        return {p.position: p.text for p in self.paragraphs}

    @property
    def body(self) -> str:
        """Everything after the lede, headings included, blank-line separated."""
        blocks: list[str] = []
        for section in self.sections:
            if section.heading is not None:
                blocks.append(section.heading)
            blocks.extend(p.text for p in section.paragraphs if p.kind is ParagraphKind.BODY)
        return "\n\n".join(blocks)

    @property
    def word_count(self) -> int:
        return count_words(self.lede) + count_words(self.body)

    def with_quotes(self, quotes: tuple[Quote, ...]) -> Document:
        return replace(self, quotes=quotes)
