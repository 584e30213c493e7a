"""Where a cue's words and its speaker stand in the sentence: the offsets behind a quote's cue and speaker spans.

The rules say which cue they found as text (`teilte mit`, `hatte gesagt`) and where it starts; `locate` turns
that into the offsets of each cue word, in the order written, so that a cue split by the speaker (`teilte die
Polizei mit`) becomes one span per word.
"""

from __future__ import annotations

from dataclasses import replace

from newsdb.document import Medium, Span, SpanRole
from newsdb.extract import lexicon, rules
from newsdb.extract.addressees import addressee
from newsdb.extract.chunking import DETERMINERS, noun_phrase
from newsdb.extract.coreference import Speaker
from newsdb.extract.grammar import CUE_FORMS, REFLEXIVES, RELATIVE, SUBJECT_PRONOUNS, Attribution
from newsdb.extract.sentence import Sentence
from newsdb.extract.state import ArticleState, ParagraphOutput
from newsdb.extract.tokens import Token

# Cues that are no words of the sentence: a colon introducing a quote is the frame's, not a cue.
_NO_WORDS = frozenset({":", ""})
_CLAUSE_ENDS = frozenset(",;:–()")
_AUXILIARIES = lexicon.words("cue_auxiliaries")
_CORRELATES = lexicon.words("cue_correlates")
_PREPOSITIONS_AFTER = lexicon.cue_prepositions()
_PARTICLES = lexicon.words("separable_prefixes")
_AND = frozenset({"und", "sowie"})
_OPENING_MARKS = frozenset('«„“"‹‚')
_CLOSING_MARKS = frozenset('»“”"›‘')
_PLACE_PREPOSITIONS = lexicon.words("speaker_places")
_NAME_WIDTH = 30  # characters a quoted name has at most
_ORIGINS = frozenset({"aus", "von", "vom"})
_MEDIA = lexicon.cue_media()
# The cue words of source phrases whose frame is the phrase alone (not `so X`: `…, so X, …` frames with its commas).
_PREPOSITIONS = rules.LAUT.triggers | rules.ZUFOLGE.triggers | rules.NACH_ANGABEN.triggers


def locate(tokens: list[Token], att: Attribution) -> Attribution:
    """`att` with `cues` filled from its cue text, unless its rule gave them (offsets relative to the tokens)."""
    cues = att.cues if att.cues or att.cue in _NO_WORDS else cue_spans(tokens, att)
    written = att.mention or att.speaker
    mention = written if written is None else speaker_extent(tokens, written, cues)
    to = _addressee(tokens, cues, mention)
    if cues == att.cues and mention == written and to is None:
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
        mention,
        to,
    )


def _addressee(
    tokens: list[Token], cues: tuple[tuple[int, int], ...], mention: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The offsets of the addressee of the cue verb among `cues` (`addressees.addressee`), or None."""
    starts = {a for a, _ in cues}
    at = [k for k, t in enumerate(tokens) if t.start in starts]
    verb = next((k for k in at if tokens[k].low in CUE_FORMS), None)
    if verb is None:
        return None
    lo, hi = _clause(tokens, at[0], at[-1])
    speaker = None
    if mention is not None:
        inside = [k for k in range(lo, hi) if mention[0] <= tokens[k].start < mention[1]]
        speaker = (inside[0], inside[-1] + 1) if inside else None
    a, b = addressee(tokens, verb, lo, hi, speaker, named=mention is not None)
    return (tokens[a].start, tokens[b - 1].end) if b > a else None


def _clause(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    """The clause around the tokens `first` to `last`: from after the mark before to the mark after."""
    lo = first
    while lo > 0 and tokens[lo - 1].text not in _CLAUSE_ENDS:
        lo -= 1
    hi = last + 1
    while hi < len(tokens) and tokens[hi].text not in _CLAUSE_ENDS:
        hi += 1
    return lo, hi


def cue_spans(tokens: list[Token], att: Attribution) -> tuple[tuple[int, int], ...]:
    """The offsets of the cue words of `att` in `tokens`: the words of `att.cue` (the first where the cue starts,
    at `position` or its first occurrence outside the reported clause and the speaker phrase, each next one
    after it), with the words of its clause that belong to the verb (`cue_words`)."""
    words = att.cue.casefold().split()
    first = _first_word(tokens, att, words[0])
    if first < 0:
        return ()
    found = [first]
    at = first + 1
    for word in words[1:]:
        while at < len(tokens) and tokens[at].low != word:
            at += 1
        if at == len(tokens):
            break
        found.append(at)
        at += 1
    if tokens[first].low in CUE_FORMS:
        found = cue_words(tokens, found)
    return tuple((tokens[k].start, tokens[k].end) for k in found)


def cue_words(tokens: list[Token], found: list[int]) -> list[int]:
    """The positions of the cue verb's words `found`, with what its clause adds to the verb: an auxiliary
    (`hatte … gesagt`, `mitgeteilt hatte`, `berichtet worden`), a reflexive (`äußerte sich`), a pronominal adverb
    announcing the clause (`geht davon aus`), the preposition of some verbs (`bezeichnete … als`, `sprach von`),
    and a separable particle closing the clause (`schätzte … ein`)."""
    verb, last = found[0], found[-1]
    lo, hi = _clause(tokens, verb, last)
    words = set(found)
    aux = next((j for j in range(verb - 1, lo - 1, -1) if tokens[j].low in _AUXILIARIES), None)
    if aux is not None:
        words.add(aux)
    j = last + 1
    while j < hi and j <= last + 2 and tokens[j].low in _AUXILIARIES:
        words.add(j)  # "wie die Polizei mitgeteilt hatte", "war berichtet worden"
        j += 1
    if verb + 1 < hi and tokens[verb + 1].low in REFLEXIVES:
        words.add(verb + 1)
    elif verb + 2 < hi and tokens[verb + 2].low in REFLEXIVES and tokens[verb + 1].low in SUBJECT_PRONOUNS:
        words.add(verb + 2)  # "äußerte er sich"
    correlate = next((j for j in range(verb + 1, hi) if tokens[j].low in _CORRELATES), None)
    if correlate is not None:
        words.add(correlate)
    preposition = _PREPOSITIONS_AFTER.get(tokens[verb].low)
    if preposition is not None:
        at = next((j for j in range(verb + 1, hi) if tokens[j].low == preposition), None)
        if at is not None:
            words.add(at)
    if len(found) == 1 and hi - 1 > verb + 1 and tokens[hi - 1].low in _PARTICLES and tokens[hi - 1].is_lower:
        words.add(hi - 1)  # "schätzte die Lage ein"
    return sorted(words)


def speaker_extent(tokens: list[Token], span: tuple[int, int], cues: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    """The speaker phrase `span` as a reader marks it: with what follows it and still names the speaker, an
    apposition (`Max Muster, der Sprecher der Stadt,`), a party in brackets (`Max Muster (SPD)`), a quoted name
    (`die Zeitung „Welt“`), a second speaker (`Muster und Beispiel sagten`) or a place right before the cue verb
    (`Ein Sprecher in Berlin sagte`)."""
    n = len(tokens)
    first = next((k for k, t in enumerate(tokens) if t.start >= span[0]), n)
    j = next((k for k in range(first, n) if tokens[k].start >= span[1]), n)
    if j == 0 or tokens[j - 1].end != span[1]:
        return span
    relative = _relative_clause(tokens, first, j)
    if relative is not None:
        return (span[0], tokens[relative - 1].end)  # "Ein Augenzeuge, der hinter uns fuhr": the speaker alone
    cue_at = {a for a, _ in cues}
    end = j
    for _ in range(3):
        if end >= n:
            break
        t = tokens[end]
        if t.text in _OPENING_MARKS and end + 1 < n and tokens[end + 1].text in _CLOSING_MARKS:
            if tokens[end + 1].start - t.end > _NAME_WIDTH:
                break  # what was said, not a name
            end += 2  # a quoted name, its inside blanked: `die Zeitung „Die Welt“`
            continue
        if t.text == "(":
            close = next((k for k in range(end + 1, min(n, end + 7)) if tokens[k].text == ")"), -1)
            if close > end + 1:
                end = close + 1
                continue
            break
        if end + 1 >= n:
            break
        if t.text == "," or t.low in _AND:
            m = noun_phrase(tokens, end + 1)
            after = tokens[m] if m < n else None
            closes = after is None or after.text in ",)" or after.start in cue_at or not after.is_word
            if m > end + 1 and closes and not any(tokens[k].start in cue_at for k in range(end + 1, m)):
                if t.text == "," and tokens[end + 1].low in RELATIVE and m == end + 2:
                    break  # a relative clause: "Max Muster, der …"
                end = m
                continue
            break
        if t.low in _PLACE_PREPOSITIONS:
            m = noun_phrase(tokens, end + 1)
            before_cue = m < n and tokens[m].start in cue_at
            # "sagt Landwirt Beat Zürcher aus dem Thurgau.": where the speaker is from, closing the sentence
            closing = t.low in _ORIGINS and (m == n or (m == n - 1 and not tokens[m].is_word))
            if m > end + 1 and (before_cue or closing):
                end = m
            break
        break
    return (span[0], tokens[end - 1].end)


def _relative_clause(tokens: list[Token], first: int, end: int) -> int | None:
    """Where a relative clause on the speaker starts within `tokens[first:end]` (at its comma), or None: a comma, a
    relative pronoun and, before the next comma or the end, a lower-case last word (its verb)."""
    for c in range(first + 1, end - 2):
        if tokens[c].text != "," or tokens[c + 1].low not in RELATIVE:
            continue
        stop = next((k for k in range(c + 2, end) if tokens[k].text == ","), end)
        if tokens[stop - 1].is_lower and tokens[stop - 1].low not in DETERMINERS:
            return c
    return None


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
        if any(a <= lo and hi <= b for a, b in regions) or _source_phrase(text, att, mention):
            return [(lo, hi)]
        start = max(start, text.rfind(";", start, lo) + 1, text.rfind(":", start, lo) + 1)
    return frame_spans(text, start, s.end, regions)


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
        if any(c.isalnum() for c in text[a:b]):
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
    if att.addressee is not None:
        said.append(Span(SpanRole.ADDRESSEE, p.position, *att.addressee))
    made = out.quotes[before:]
    regions = [
        (span.start, span.end) for q in made for span in q.spans_as(SpanRole.QUOTE) if span.paragraph == p.position
    ]
    said.extend(Span(SpanRole.FRAME, p.position, a, b) for a, b in _frame(p.text, s, att, mention, regions))
    if not said:
        return
    extra = tuple(said)
    medium = _medium(p.text, att)
    for i, q in enumerate(made, before):
        out.quotes[i] = replace(q, spans=q.spans + extra, medium=medium or q.medium)


def _medium(text: str, att: Attribution) -> Medium | None:
    """The medium its cue verb gives a quote (`schrieb`: writing, `hofft`: thought), if it says one plainly."""
    for a, b in att.cues:
        medium = _MEDIA.get(text[a:b].casefold())
        if medium is not None:
            return Medium(medium)
    return None
