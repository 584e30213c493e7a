"""Where a cue's words and its speaker stand in the sentence: the offsets behind a quote's cue and speaker spans.

The rules say which cue they found as text (`teilte mit`, `hatte gesagt`) and where it starts; `locate` turns
that into the offsets of each cue word, in the order written, so that a cue split by the speaker (`teilte die
Polizei mit`) becomes one span per word.
"""

from __future__ import annotations

from dataclasses import replace

from newsdb.document import Span, SpanRole
from newsdb.extract.coreference import Speaker
from newsdb.extract.grammar import Attribution
from newsdb.extract.sentence import Sentence
from newsdb.extract.state import ArticleState, ParagraphOutput
from newsdb.extract.tokens import Token

# Cues that are no words of the sentence: a colon introducing a quote is the frame's, not a cue.
_NO_WORDS = frozenset({":", ""})


def locate(tokens: list[Token], att: Attribution) -> Attribution:
    """`att` with `cues` filled from its cue text, unless its rule gave them (offsets relative to the tokens)."""
    if att.cues or att.cue in _NO_WORDS:
        return att
    cues = cue_spans(tokens, att)
    if not cues:
        return att
    return Attribution(
        att.clause,
        att.speaker,
        att.cue,
        att.anonymous,
        att.backward,
        att.previous,
        att.position,
        att.rule,
        cues,
        att.mention,
    )


def cue_spans(tokens: list[Token], att: Attribution) -> tuple[tuple[int, int], ...]:
    """The offsets of the words of `att.cue` in `tokens`: the first word where the cue starts (at `position`, or
    its first occurrence outside the reported clause and the speaker phrase), each next word after it."""
    words = att.cue.casefold().split()
    first = _first_word(tokens, att, words[0])
    if first < 0:
        return ()
    found = [(tokens[first].start, tokens[first].end)]
    at = first + 1
    for word in words[1:]:
        while at < len(tokens) and tokens[at].low != word:
            at += 1
        if at == len(tokens):
            break
        found.append((tokens[at].start, tokens[at].end))
        at += 1
    return tuple(found)


def _first_word(tokens: list[Token], att: Attribution, word: str) -> int:
    """The position of the token opening the cue, or -1."""
    fallback = -1
    for k, t in enumerate(tokens):
        if t.low != word:
            continue
        if att.position and t.start == att.position:
            return k
        if _inside(t, att.clause) or _inside(t, att.speaker):
            fallback = k if fallback < 0 else fallback
            continue
        if not att.position:
            return k
        fallback = k if fallback < 0 else fallback
    return fallback


def _inside(t: Token, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= t.start < span[1]


# Marks that open or close a direct quote: the corpus counts them to the quote, so they are never frame.
_QUOTE_MARKS = frozenset('«»„“”"‹›‚‘’')
_FINAL = frozenset(".!?")


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
        if any(a <= lo and hi <= b for a, b in regions):
            return [(lo, hi)]
        start = max(start, text.rfind(";", start, lo) + 1, text.rfind(":", start, lo) + 1)
    return frame_spans(text, start, s.end, regions)


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
        if any(c.isalnum() for c in text[a:b]):
            out.append((a, b))
    return out


def mentioned(who: Speaker | None, state: ArticleState) -> tuple[Span, ...]:
    """The speaker span of a quote without a cue of its own: where its speaker was last named as one."""
    if who is None:
        return ()
    span = state.mentions.get(who.source.key)
    return () if span is None else (span,)


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
    said.extend(Span(SpanRole.CUE, p.position, a, b) for a, b in att.cues)
    made = out.quotes[before:]
    regions = [
        (span.start, span.end) for q in made for span in q.spans_as(SpanRole.QUOTE) if span.paragraph == p.position
    ]
    said.extend(Span(SpanRole.FRAME, p.position, a, b) for a, b in _frame(p.text, s, att, mention, regions))
    if not said:
        return
    extra = tuple(said)
    for i, q in enumerate(made, before):
        out.quotes[i] = replace(q, spans=q.spans + extra)
