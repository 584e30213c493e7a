"""Cue verbs, spans and reported clauses within the tokens of one sentence."""

from __future__ import annotations

from bisect import bisect_left

from newsdb.extract.chunking import DETERMINERS, noun_phrase
from newsdb.extract.grammar import (
    CUE_FORMS,
    GLUE,
    INFINITIVE_ZU,
    MONTHS,
    NEGATIONS,
    NOT_REPORTING,
    PREPOSITIONS,
    RELATIVE,
    SUBORDINATORS,
    TEXT_PREPOSITIONS,
    subjunctive,
)
from newsdb.extract.lookup import index_of
from newsdb.extract.tokens import Token


def _verb_position(tokens: list[Token], k: int) -> bool:
    """Whether a cue form at `k` is used as a verb: not capitalised inside the sentence (`der Beschuldigte`), not
    an adjective between an article or preposition and a noun (`einer gemessenen Wassertiefe`)."""
    if k > 0 and tokens[k].is_cap and tokens[k - 1].text not in '«»„“":':
        return False
    if 0 < k < len(tokens) - 1 and tokens[k + 1].is_cap:
        return tokens[k - 1].low not in DETERMINERS and tokens[k - 1].low not in PREPOSITIONS
    return True


def cue_at(tokens: list[Token], k: int, limit: int) -> str | None:
    """The cue verb at `tokens[k]` with its particle (if it needs one, found before `limit`)."""
    entries = CUE_FORMS.get(tokens[k].low)
    if not entries or not _verb_position(tokens, k):
        return None
    for entry in entries:
        if not entry.particles:
            return tokens[k].text
        # a separable particle closes its clause: "teilte … mit." / "gab … bekannt, dass"
        j = index_of(tokens).closing_particle(k, entry.particles, limit)
        if j >= 0:
            return f"{tokens[k].text} {tokens[j].text}"
    return None


def span_of(tokens: list[Token], i: int, j: int) -> tuple[int, int] | None:
    return (tokens[i].start, tokens[j - 1].end) if j > i else None


def clause_span(tokens: list[Token], i: int, j: int) -> tuple[int, int] | None:
    """The span of `tokens[i:j]` without punctuation at either end, cut before `, denn` and `;` unless Konjunktiv I
    follows (then the report goes on: "…; die Art, wie er spielte, habe ihn überrascht")."""
    for k in range(i + 1, j):
        if tokens[k].text == ";" or (tokens[k].low == "denn" and tokens[k - 1].text == ","):
            if not subjunctive(tokens[k + 1 : j], strict=True):
                j = k
            break
        if tokens[k].low == "und" and k + 1 < j and _speaker_goes_on(tokens, k + 1):
            j = k  # "…, dass X anhalte und warnte vor Y": the speaker's next statement is not reported
            break
    while i < j and not tokens[i].is_word and tokens[i].text not in '«»„“"‹›':
        i += 1
    while j > i and not tokens[j - 1].is_word and tokens[j - 1].text not in '«»„“”"‹›':
        j -= 1
    words = sum(1 for t in tokens[i:j] if t.is_word)
    return span_of(tokens, i, j) if words >= 2 or any(t.text in '«»„“"' for t in tokens[i:j]) else None


def _speaker_goes_on(tokens: list[Token], k: int) -> bool:
    """Whether `tokens[k]`, right after `und`, is a cue verb in the past tense (`und fügte hinzu`, `und warnte`):
    the subject of the sentence goes on speaking, outside the reported clause. A participle (`und gesagt`) or a
    present form (`und fordert`) may still belong to the clause."""
    t = tokens[k]
    return t.is_lower and t.low.endswith(("te", "ten")) and t.low in CUE_FORMS and _verb_position(tokens, k)


def comma_positions(tokens: list[Token]) -> list[int]:
    return [k for k, t in enumerate(tokens) if t.text in ",:;–"]


def quoted_name(tokens: list[Token], i: int) -> int:
    """The index after a quoted name at `tokens[i]` (`laut „Welt“`, its inside blanked), or 0."""
    if i + 1 < len(tokens) and tokens[i].text in '«»„“"' and tokens[i + 1].text in '«»“”"':
        return i + 2
    return 0


def in_text(tokens: list[Token], at: int) -> bool:
    """`im Bericht`, `in einer Erklärung`, `auf der Homepage`: a place in a text (not `in Berlin`, `im Juni`)."""
    low, after = tokens[at].low, tokens[at + 1].low if at + 1 < len(tokens) else ""
    if low == "im":
        return after not in MONTHS
    return low in TEXT_PREPOSITIONS and after in DETERMINERS


def is_clause(tokens: list[Token]) -> bool:
    """Whether `tokens` can be a reported clause: some words, one of them lower-case and not a determiner."""
    words = [t for t in tokens if t.is_word]
    if tokens and tokens[0].text in '«»„“"' and tokens[-1].text in '«»“”"':
        return True  # a direct quote
    if words and any(t.text in '«»„“"' for t in tokens) and any(t.is_lower for t in words):
        return True  # partly quoted: "Die «…» hätten «…», so X"
    return len(words) >= 3 and any(t.is_lower and t.low not in DETERMINERS and t.low not in GLUE for t in words)


def opens_report(tokens: list[Token], i: int, *, question: bool = False) -> bool:
    """Whether the clause at `tokens[i]` after a cue verb's comma reports: not a relative clause (also after a
    preposition: `…, auf die es X abgesehen hatte`) or an adverbial clause.

    `was` opens what was asked after a question verb (`fragte, was …`), elsewhere a relative clause."""
    first = tokens[i]
    if first.low in NOT_REPORTING or (first.low == "was" and not question):
        return False
    if first.low in PREPOSITIONS and i + 1 < len(tokens) and not infinitive_end(tokens, i):
        i += 1  # `…, mit dem die Bevölkerung … vorbereitet werden soll`: a relative clause after its preposition
    return not (tokens[i].low in RELATIVE and noun_phrase(tokens, i) == i)


def infinitive_end(tokens: list[Token], i: int) -> bool:
    """Whether `tokens[i:]` is an infinitive clause with `zu` (`bei der Wahl erneut anzutreten`)."""
    last = index_of(tokens).last_words(i, 3)  # the last word first
    if len(last) < 3 or not last[0].is_lower:  # not "verlangen zu können": the cue is in the infinitive
        return False
    return last[1].low == "zu" or INFINITIVE_ZU.match(last[0].low) is not None


def is_denied(tokens: list[Token], v: int) -> bool:
    """Whether the verb at `v` is negated: `wollte nicht bestätigen`, `hat nie gesagt`."""
    return v > 0 and tokens[v - 1].low in NEGATIONS


def reports_alone(tokens: list[Token], i: int) -> bool:
    """Whether the clause `tokens[i:]` reads as reported speech on its own: a `dass` or `ob`, subjunctive or
    infinitive clause."""
    return tokens[i].low in SUBORDINATORS or index_of(tokens).reporting_from(i)


def relative_end(tokens: list[Token], j: int) -> int:
    """After a relative clause between commas from `tokens[j]` on the source before it (`, die sich auf … stützen,`):
    the index after its closing comma; `j` when none stands there (no relative pronoun, or no comma closes it
    within the sentence's clause)."""
    if j + 2 >= len(tokens) or tokens[j].text != "," or tokens[j + 1].low not in RELATIVE:
        return j
    for c in range(j + 2, min(len(tokens) - 1, j + _RELATIVE_WIDTH)):
        text = tokens[c].text
        if text in ";:":
            return j
        if text == ",":
            # a relative clause ends with its verb (`…, die sich auf … berufen,`); not a clause of its own that
            # opens with an article (`…, die Lage sei unter Kontrolle,`)
            return c + 1 if tokens[c - 1].is_lower and tokens[c - 1].is_word else j
    return j


_RELATIVE_WIDTH = 30  # tokens a relative clause on a source may run, to its closing comma


def past_relative(tokens: list[Token], end: int) -> int:
    """The end of an attribution phrase ending at the offset `end` of the sentence `tokens`, past a relative clause
    on its speaker between commas (`laut X, der seit 2010 im Amt ist,`): that clause is no part of the report."""
    after = bisect_left(tokens, end, key=_token_start)
    closed = relative_end(tokens, after)
    return tokens[closed - 1].end if closed > after else end


def _token_start(t: Token) -> int:
    return t.start
