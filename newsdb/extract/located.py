"""Where a cue's words, its speaker and its addressee stand in the sentence: the offsets behind a quote's cue,
speaker and addressee spans.

The rules say which cue they found as text (`teilte mit`, `hatte gesagt`) and where it starts; `locate` turns
that into the offsets of each cue word, in the order written, so that a cue split by the speaker (`teilte die
Polizei mit`) becomes one span per word, and widens the speaker phrase to the noun phrase a reader marks.
"""

from __future__ import annotations

from newsdb.extract import lexicon
from newsdb.extract.addressees import addressee
from newsdb.extract.chunking import DETERMINERS, noun_phrase
from newsdb.extract.grammar import CUE_FORMS, INDEFINITE, REFLEXIVES, RELATIVE, SUBJECT_PRONOUNS, Attribution
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


def locate(tokens: list[Token], att: Attribution) -> Attribution:
    """`att` with `cues` filled from its cue text, unless its rule gave them (offsets relative to the tokens)."""
    cues = att.cues if att.cues or att.cue in _NO_WORDS else cue_spans(tokens, att)
    written: tuple[int, int] | None = att.mention or att.speaker
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
    if att.anonymous and found[0] > 0 and tokens[found[0] - 1].low == "es":
        found = [found[0] - 1, *found]  # "Es wird vermutet, dass …": the impersonal subject belongs to the cue
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
    elif aux is not None:
        words.update(j for j in range(aux + 1, verb) if tokens[j].low in REFLEXIVES)  # "hat sich … geäußert"
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


def speaker_phrase(text: str, speaker: tuple[int, int], mention: tuple[int, int] | None) -> str:
    """The speaker phrase to resolve, with the apposition after it that the mention holds (`der Sprecher der
    Polizei, Max Muster`: the person, in the role), so that the role's attachment (`Polizei`) is not the source."""
    a, b = speaker
    if mention is not None and mention[0] == a and mention[1] > b and text.startswith(",", b):
        return text[a : mention[1]].rstrip(" ,")
    return text[a:b]


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
            # "sagt Landwirt Beat Zürcher aus dem Thurgau.", "…, sagte ein Sprecher in Bonn.": where the speaker
            # is, closing the sentence or its clause (not `in einem Interview`: a place is named, not described)
            closing = (
                (m == n or (m == n - 1 and not tokens[m].is_word))
                and tokens[end + 1].low not in INDEFINITE
                and first > 0
                and tokens[first - 1].low in CUE_FORMS  # after a cue verb; after `laut` the place is the clause's
            )
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
