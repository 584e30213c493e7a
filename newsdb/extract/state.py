"""What the extractor carries from sentence to sentence: one object per article, one per paragraph."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdb.document import Quote, Span
from newsdb.extract.coreference import Registry, Speaker
from newsdb.extract.grammar import Attribution


@dataclass(slots=True)
class ArticleState:
    """What carries over from sentence to sentence within one article."""

    registry: Registry
    active: Speaker | None = None  # the speaker a following subjunctive sentence continues
    last: Speaker | None = None  # the most recent speaker, for unattributed direct quotes
    subject: Speaker | None = None  # the latest named person or organisation opening a plain sentence
    sentence: int = 0  # sentences seen so far, to tell which of `last` and `subject` is more recent
    last_at: int = -1
    subject_at: int = -1
    reported_at: int = -1  # `sentence` after the latest sentence that gave or extended a quote
    trace: list[SentenceTrace] | None = None  # what `newsdb explain` shows, when asked for
    # where each source (by key) was last named as the speaker of a cue: the speaker span of quotes without one
    mentions: dict[str, Span] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SentenceTrace:
    """One sentence as the extractor saw it: its span in its paragraph, the cue found (paragraph offsets) and the
    step that handled it (`attributed`, `back reference`, `continuation`, `unattributed`)."""

    paragraph: int
    start: int
    end: int
    cue: Attribution | None
    step: str


@dataclass(slots=True, init=False)
class ParagraphOutput:
    """The quotes of one paragraph so far, and whether the latest sentence was reported."""

    quotes: list[Quote]
    continuing: Quote | None  # the open continuation quote that a next subjunctive sentence extends
    previous: tuple[int, int] | None  # the span of the previous sentence
    previous_reported: bool

    # Written out: compiled, the `__init__` that `dataclass` generates stays interpreted, and it runs per paragraph.
    def __init__(self) -> None:
        self.quotes = []
        self.continuing = None
        self.previous = None
        self.previous_reported = False
