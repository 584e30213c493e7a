"""The spans of a quote's roles: its speaker as written, its cue words, its frame and addressee, and its medium.

`attach` gives the quotes of a cue their spans (`located` found where the cue's words and speaker stand);
quotes without a cue of their own name their speaker where it was last named (`mentioned`).
"""

from __future__ import annotations

import re

from newsdb.document import Medium, Quote, Span, SpanRole
from newsdb.extract import lexicon
from newsdb.extract.clauses import past_relative
from newsdb.extract.coreference import Speaker
from newsdb.extract.grammar import Attribution
from newsdb.extract.sentence import Sentence
from newsdb.extract.state import ArticleState, ParagraphOutput
from newsdb.extract.tokens import sentence_tokens

_MEDIA = {form: Medium(medium) for form, medium in lexicon.cue_media().items()}
_PREPOSITIONS = lexicon.words("source_prepositions")
# Marks that open or close a direct quote: the corpus counts them to the quote, so they are never frame.
_QUOTE_MARKS = frozenset('«»„“”"‹›‚‘’')
_FINAL = frozenset(".!?")
_ALNUM = re.compile(r"[^\W_]")  # a letter or digit: a stretch without one is punctuation only


def _frame(
    text: str, s: Sentence, att: Attribution, mention: tuple[int, int] | None, regions: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The frame of the quotes of a cue: a source phrase inside a quote (`Der Schaden sei nach Angaben der Polizei
    hoch`) is its own frame; otherwise what the sentence says around the quotes, from the clause of the cue on (a
    `;` or `:` before the cue ends another clause)."""
    anchor = [*att.cues, mention] if mention is not None else list(att.cues)
    start = s.start
    if anchor:
        lo, hi = min(a for a, _ in anchor), max(b for _, b in anchor)
        if any(a <= lo and hi <= b for a, b in regions) or _source_phrase(text, att, mention):
            return [(lo, _closing_comma(text, s, mention) if mention is not None and hi == mention[1] else hi)]
        start = max(start, text.rfind(";", start, lo) + 1, _after_colon(text, start, lo))
    return frame_spans(text, start, s.end, regions)


def _closing_comma(text: str, s: Sentence, mention: tuple[int, int]) -> int:
    """The end of a speaker `mention`, past the comma closing the apposition it ends with (`nach Angaben des
    Sprechers, Max Muster,`) or a relative clause on it (`laut Medienberichten, die sich auf … berufen,`): the
    source phrase's frame takes them, as the corpus marks it (the relative clause as the report leaves it out)."""
    a, b = mention
    relative = past_relative(sentence_tokens(s.masked), b - s.start) + s.start
    if relative > b:
        return relative
    return b + 1 if text.startswith(",", b) and text.find(",", a, b) >= 0 else b


def _after_colon(text: str, start: int, end: int) -> int:
    """The offset after the last colon of `text[start:end]` that ends a clause, not one in a time (`11:40`), or 0."""
    at = text.rfind(":", start, end)
    while at > start and text[at - 1].isdigit() and text[at + 1 : at + 2].isdigit():
        at = text.rfind(":", start, at)
    return at + 1


def _source_phrase(text: str, att: Attribution, mention: tuple[int, int] | None) -> bool:
    """Whether the cue is a source phrase, a preposition next to its speaker (`laut X`, `X zufolge`, `nach
    Angaben X`): then it is its own frame wherever it stands, not the rest of the sentence."""
    if mention is None or len(att.cues) != 1:
        return False
    a, b = att.cues[0]
    if text[a:b].casefold() not in _PREPOSITIONS:
        return False
    gap = text[b : mention[0]] if b <= mention[0] else text[mention[1] : a]
    return gap.isspace()


def frame_spans(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The frame of the quotes of one sentence `text[start:end]`: what the sentence says around them (who, the cue,
    when, to whom), as the stretches outside the quotes and their marks, without the final punctuation."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in _FINAL):
        end -= 1
    pieces: list[tuple[int, int]] = []
    at = start
    for a, b in sorted(quotes):
        while a > at and text[a - 1] in _QUOTE_MARKS:
            a -= 1
        while b < end and text[b] in _QUOTE_MARKS:
            b += 1
        if a > at:
            pieces.append((at, a))
        at = max(at, b)
    if at < end:
        pieces.append((at, end))
    out = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if _ALNUM.search(text, a, b) is not None:
            out.append((a, b))
    return out


def mentioned(who: Speaker | None, state: ArticleState) -> tuple[Span, ...]:
    """The speaker span of a quote without a cue of its own: where its speaker was last named as one."""
    if who is None:
        return ()
    span = state.mentions.get(who.source.key)
    return () if span is None else (span,)


def note_subject(s: Sentence, who: Speaker, state: ArticleState) -> None:
    """Remember the noun phrase opening `s` as where `who` was named, unless a cue named them before: a report
    that goes on without a cue then has a speaker span even when its speaker was only the subject of a sentence."""
    o = s.opening
    span = Span(SpanRole.SPEAKER, s.paragraph.position, s.start + o.start, s.start + o.end)
    state.mentions[who.source.key] = span


# A frame has a piece between each two of the sentence's quotes, and every quote of the cue carries all of them:
# beyond this many pieces (a sentence of hundreds of quotes) the quotes carry those nearest the cue.
_MOST_FRAME_PIECES = 16


def attach(
    s: Sentence, att: Attribution, who: Speaker | None, state: ArticleState, out: ParagraphOutput, before: int
) -> None:
    """Give the quotes that the cue `att` of sentence `s` produced (`out.quotes[before:]`) their speaker, cue and
    frame spans, and remember the speaker's mention for later quotes without a cue."""
    p = s.paragraph
    said: list[Span] = []
    mention = att.mention or att.speaker
    if mention is not None:
        speaker = Span(SpanRole.SPEAKER, p.position, *mention)
        said.append(speaker)
        if who is not None:
            state.mentions[who.source.key] = speaker
    elif who is not None and att.previous:
        said.extend(mentioned(who, state))
    said.extend(Span(SpanRole.CUE, p.position, a, b) for a, b in _runs(p.text, att.cues))
    if att.addressee is not None:
        said.append(Span(SpanRole.ADDRESSEE, p.position, *att.addressee))
    made = out.quotes[before:]
    regions = [
        (span.start, span.end) for q in made for span in q.spans_as(SpanRole.QUOTE) if span.paragraph == p.position
    ]
    frame = _frame(p.text, s, att, mention, regions)
    if len(frame) > _MOST_FRAME_PIECES:  # every quote of the cue gets the frame: keep it to the pieces near the cue
        frame = sorted(sorted(frame, key=lambda piece: abs(piece[0] - att.position))[:_MOST_FRAME_PIECES])
    said.extend(Span(SpanRole.FRAME, p.position, a, b) for a, b in frame)
    if not said:
        return
    extra = tuple(said)
    medium = _medium(p.text, att)
    for i, q in enumerate(made, before):
        # made directly: `dataclasses.replace` costs several times as much, and every quote of a cue comes here
        out.quotes[i] = Quote(
            q.paragraph,
            q.start,
            q.end,
            q.text,
            q.kind,
            q.source,
            q.cue,
            q.speaker_role,
            q.parent,
            medium or q.medium,
            q.spans + extra,
            q.provenance,
        )


def _runs(text: str, words: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Cue words as spans: words only a space apart are one span (`geht davon aus`), others stay apart
    (`teilte` … `mit`)."""
    runs: list[tuple[int, int]] = []
    for start, end in sorted(words):
        if runs and start > runs[-1][1] and text[runs[-1][1] : start].isspace():
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def _medium(text: str, att: Attribution) -> Medium | None:
    """The medium its cue verb gives a quote (`schrieb`: writing, `hofft`: thought), if it says one plainly."""
    for a, b in att.cues:
        medium = _MEDIA.get(text[a:b].casefold())
        if medium is not None:
            return medium
    return None
