"""German quote and source extraction: `extract(document)` returns the document with its quotes.

Per paragraph: pair the quotation marks (`quotes`), split sentences around them (`sentences`), find the cue of
each sentence (`cues`) and resolve its speaker against the people named so far in the article (`speakers`).
Sentences in the subjunctive right after a report continue it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from newsdb.document import Document, Paragraph, Quote, QuoteKind, SourceKind
from newsdb.extract import cues, quotes, sentences, speakers
from newsdb.extract.speakers import ANONYMOUS, Registry, Speaker
from newsdb.extract.tokens import Token, phrase_tokens, tokenize

__all__ = ["extract"]


@dataclass(slots=True)
class _State:
    """What carries over from sentence to sentence within one article."""

    registry: Registry
    active: Speaker | None = None  # the speaker a following subjunctive sentence continues
    last: Speaker | None = None  # the most recent speaker, for unattributed direct quotes
    last_paragraph: int = -1
    subject: Speaker | None = None  # the latest named person or organisation opening a plain sentence
    sentence: int = 0  # sentences seen so far, to tell which of `last` and `subject` is more recent
    last_at: int = -1
    subject_at: int = -1


def extract(document: Document) -> Document:
    """Return `document` with the direct, indirect and mixed quotes found in its paragraphs."""
    state = _State(Registry())
    found: list[Quote] = []
    for paragraph in document.paragraphs:
        state.registry.note_text(paragraph.text)
        found.extend(_paragraph(paragraph, state))
    return document.with_quotes(tuple(found))


def _mask(text: str, spans: list[quotes.QuoteSpan]) -> str:
    """`text` with the inside of each quote replaced by spaces (same length, marks kept)."""
    chars = list(text)
    for s in spans:
        for i in range(s.inner_start, s.inner_end):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)


def _trim(text: str, start: int, end: int, strip: str = " \t\n,;:.–-") -> tuple[int, int]:
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _quote(p: Paragraph, start: int, end: int, kind: QuoteKind, who: Speaker | None, cue: str | None) -> Quote:
    start, end = _trim(p.text, start, end, " \t\n" if kind is QuoteKind.DIRECT else " \t\n,;:.–-")
    return Quote(
        paragraph=p.position,
        start=start,
        end=end,
        text=p.text[start:end],
        kind=kind,
        source=who.source if who else None,
        cue=cue,
        speaker_role=who.role if who else None,
    )


_FIRST_PERSON = frozenset({"ich", "wir", "mir", "mich", "uns"})
_TITLE_GLUE = frozenset(
    [
        "und",
        "der",
        "die",
        "das",
        "des",
        "dem",
        "den",
        "von",
        "vom",
        "für",
        "im",
        "am",
        "in",
        "an",
        "auf",
        "of",
        "the",
        "and",
        "for",
        "de",
        "la",
        "le",
        "du",
    ]
)


def _looks_like_title(inner: str, *, single: bool = True) -> bool:
    """A short quote of capitalised words (`„Die Welt“`, `«Morning Star»`, `„Amt für Umwelt“`): a name.

    With `single` false a lone capitalised word (`„Gesindel“`) still counts as speech.
    """
    words = [t for t in phrase_tokens(inner) if t.is_word]
    if not words or len(words) > 5 or (len(words) == 1 and not single) or inner.rstrip()[-1:] in ".!?":
        return False
    return all(not t.is_lower or t.low in _TITLE_GLUE for t in words) and not words[0].is_lower


def _is_sentence_like(inner: str, strict: bool) -> bool:
    """Whether a quote reads like speech: closing punctuation, or six words (with `strict`) or two."""
    return inner.rstrip()[-1:] in ".!?…" or sum(1 for t in phrase_tokens(inner) if t.is_word) >= (6 if strict else 2)


def _words_outside(text: str, start: int, end: int, inside: list[quotes.QuoteSpan]) -> int:
    """How many words of `text[start:end]` stand outside the quotes `inside`."""
    count, at = 0, start
    for s in inside:
        count += sum(1 for t in tokenize(text, at, s.open) if t.is_word)
        at = s.close + 1
    return count + sum(1 for t in tokenize(text, at, end) if t.is_word)


def _speaker(p: Paragraph, att: cues.Attribution, state: _State) -> Speaker | None:
    if att.anonymous:
        return Speaker(ANONYMOUS, None)
    if att.previous:
        return state.last
    if att.speaker is None:
        return None
    text = p.text[att.speaker[0] : att.speaker[1]]
    who = speakers.resolve(text, state.registry)
    if who is not None:
        gender = "f" if who.role and who.role.casefold().endswith("in") else "?"
        state.registry.spoke(who, gender)
    return who


def _note_subject(p: Paragraph, toks: list[Token], state: _State) -> None:
    """Remember a person or organisation opening a sentence (`Die Polizei sucht …`) as a possible speaker."""
    j = speakers.noun_phrase(toks, 0)
    if not (0 < j < len(toks) and toks[j].is_lower) or speakers.is_pronoun(toks[0].text):
        return
    phrase = p.text[toks[0].start : toks[j - 1].end]
    if j == 1 and state.registry.full_name(phrase) is None and not speakers.org_head(phrase):
        return  # a lone capitalised word opening a sentence is as likely an adverb as a name
    who = speakers.resolve(phrase, state.registry)
    if who is not None and who.source.kind in (SourceKind.PERSON, SourceKind.ORGANIZATION):
        state.subject, state.subject_at = who, state.sentence


def _paragraph(p: Paragraph, state: _State) -> list[Quote]:
    text = p.text
    outer = [s for s in quotes.outer(quotes.pair_quotes(text)) if s.inner_end - s.inner_start > 1]
    masked = _mask(text, outer)
    spans = sentences.split(text, [(s.open, s.close) for s in outer])
    out: list[Quote] = []
    if state.last_paragraph != p.position - 1:
        state.last = None
    state.last_paragraph = p.position
    prev_sentence: tuple[int, int] | None = None
    prev_quoted = False
    continuing: Quote | None = None
    all_tokens = tokenize(masked)
    starts = [t.start for t in all_tokens]
    for a, b in spans:
        directs = [s for s in outer if a <= s.open < b]
        toks = all_tokens[bisect_left(starts, a) : bisect_left(starts, b)]
        att = cues.find_in(toks)
        emitted: list[Quote] = []
        if att is not None and att.backward:
            who = _speaker(p, att, state)
            if prev_sentence and not prev_quoted:
                pa, pb = prev_sentence
                emitted.append(_quote(p, pa, pb, QuoteKind.INDIRECT, who, att.cue))
            elif prev_quoted and out and who is not None:
                last = out[-1]
                out[-1] = Quote(
                    last.paragraph, last.start, last.end, last.text, last.kind, who.source, att.cue, who.role
                )
            for s in directs:
                emitted.append(_quote(p, s.inner_start, s.inner_end, QuoteKind.DIRECT, who, att.cue))
            state.active = state.last = who
            continuing = None
        elif att is not None:
            who = _speaker(p, att, state)
            if att.clause is not None:
                ca, cb = att.clause
                inside = [s for s in directs if ca <= s.open and s.close < cb + 1]
                if inside and _words_outside(text, ca, cb, inside) <= 1:
                    for s in directs:
                        emitted.append(_quote(p, s.inner_start, s.inner_end, QuoteKind.DIRECT, who, att.cue))
                else:
                    kind = QuoteKind.MIXED if inside else QuoteKind.INDIRECT
                    emitted.append(_quote(p, ca, cb, kind, who, att.cue))
                    for s in directs:
                        if s not in inside:
                            emitted.append(_quote(p, s.inner_start, s.inner_end, QuoteKind.DIRECT, who, att.cue))
            else:
                for s in directs:
                    if not _looks_like_title(text[s.inner_start : s.inner_end], single=False):
                        emitted.append(_quote(p, s.inner_start, s.inner_end, QuoteKind.DIRECT, who, att.cue))
            if who is not None:
                state.active = state.last = who
                state.last_at = state.sentence
            continuing = None
        else:
            first_person = any(t.low in _FIRST_PERSON for t in toks)  # unmarked direct speech, not a report
            reported = not first_person and cues.subjunctive(toks, strict=state.active is None)
            if reported and state.active is None:
                # Konjunktiv I reports even without a cue: the speaker is whoever spoke or acted last
                state.active = state.subject if state.subject_at > state.last_at else state.last
            if reported:
                # "Zu stark sei die Abhängigkeit: «…»": the quote after the colon stands on its own.
                introduced = [s for s in directs if text[a : s.open].rstrip().endswith(":")]
                if introduced:
                    colon = text.rindex(":", a, introduced[0].open)
                    for s in introduced:
                        emitted.append(_quote(p, s.inner_start, s.inner_end, QuoteKind.DIRECT, state.active, None))
                    directs = [s for s in directs if s.open < colon]
                    b = colon
                kind = QuoteKind.MIXED if directs else QuoteKind.INDIRECT
                if continuing is not None and out and out[-1] is continuing:
                    merged = _quote(
                        p, continuing.start, b, continuing.kind if not directs else kind, state.active, None
                    )
                    out[-1] = merged
                    continuing = merged
                else:
                    continuing = _quote(p, a, b, kind, state.active, None)
                    emitted.append(continuing)
            else:
                continuing = None
                _note_subject(p, toks, state)
                who = state.active or state.last
                directs = [s for s in directs if not _looks_like_title(text[s.inner_start : s.inner_end])]
                # without a cue in the sentence, single terms are scare quotes; without a speaker in sight,
                # only sentence-like quotes are speech
                directs = [s for s in directs if _is_sentence_like(text[s.inner_start : s.inner_end], who is None)]
                for s in directs:
                    emitted.append(_quote(p, s.inner_start, s.inner_end, QuoteKind.DIRECT, who, None))
                state.active = None
                if directs and who is not None:
                    state.active = who
        state.sentence += 1
        out.extend(q for q in emitted if q.end > q.start)
        prev_quoted = bool(emitted) or (continuing is not None)
        prev_sentence = (a, b)
    return out
