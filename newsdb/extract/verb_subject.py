"""The subject of a cue verb (`X sagte`, `sagte X`, `wurde von X mitgeteilt`): ordered steps in `STEPS`.

Each step looks at the sentence as the steps before it left it (`_Scan`) and either decides (the speaker span,
or `None` for no speaker) or returns `UNDECIDED` to hand over to the next step. The order matters: a later step
may rely on an earlier one having ruled its case out.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Final, Literal

from newsdb.extract.chunking import DETERMINERS, is_pronoun, noun_phrase, org_head, role_of
from newsdb.extract.clauses import span_of
from newsdb.extract.grammar import (
    ADVERB_SHAPE,
    AUX,
    COORDINATORS,
    DATIVE_ARTICLES,
    GLUE,
    OBLIQUE_ARTICLES,
    OPENS_APPOSITION,
    PASSIVE_AUX,
    PLACE_LINKS,
    PREPOSITIONS,
    SUBJECT_PARTICLES,
    SUBJECT_PRONOUNS,
    SUBORDINATE_OPENERS,
)
from newsdb.extract.lookup import index_of
from newsdb.extract.subjects import apposition_end, speaker_after
from newsdb.extract.tokens import Token

Span = tuple[int, int] | None


class _Undecided(Enum):
    UNDECIDED = 0


UNDECIDED: Final = _Undecided.UNDECIDED
Outcome = Span | Literal[_Undecided.UNDECIDED]


class _Scan:
    """What the steps found so far about the sentence `tokens` with its cue verb at `k`."""

    __slots__ = ("first_verb", "k", "start", "subject_end", "tokens")

    def __init__(self, tokens: list[Token], k: int) -> None:
        self.tokens = tokens
        self.k = k
        self.start = 0  # where the subject may start (after particles)
        self.subject_end = 0  # the end of the noun phrase at `start` (with place attachments)
        self.first_verb = k  # the first auxiliary (or the cue verb) from `start`


def _passive_agent_step(s: _Scan) -> Outcome:
    """`wurde vom Verband aufgefordert`: the agent of a passive cue verb speaks."""
    agent = _passive_agent(s.tokens, s.k)
    return UNDECIDED if agent is None else agent


def _skip_particles(s: _Scan) -> Outcome:
    """Skip particles before the subject; an opening adverb (`Unmissverständlich sagte …`) puts it after the verb."""
    tokens, k = s.tokens, s.k
    start = 0
    while start < k and tokens[start].low in SUBJECT_PARTICLES:
        start += 1
    if start == 0 and ADVERB_SHAPE.search(tokens[0].low) and len(tokens) > 1 and tokens[1].is_lower:
        start = k
    s.start = start
    return UNDECIDED


def _fronted_clause(s: _Scan) -> Outcome:
    """`Nachdem …, sagte ein Sprecher …`: after a fronted subordinate clause the subject follows the verb."""
    if s.tokens[0].low in SUBORDINATE_OPENERS:
        return speaker_after(s.tokens, s.k + 1)
    return UNDECIDED


def _aus_source(s: _Scan) -> Outcome:
    """`Aus dem Bericht geht hervor`: the text after `aus` is the source."""
    tokens, start = s.tokens, s.start
    if tokens[start].low == "aus" and noun_phrase(tokens, start + 1) > start + 1:
        return span_of(tokens, start + 1, noun_phrase(tokens, start + 1))
    return UNDECIDED


def _lone_demonstrative(s: _Scan) -> Outcome:
    """A demonstrative standing alone before the verb: `Dieser bestätigte, dass …`."""
    tokens, start = s.tokens, s.start
    if s.k == start + 1 and is_pronoun(tokens[start].text) and tokens[start].low in DETERMINERS:
        return span_of(tokens, start, s.k)
    return UNDECIDED


def _chunk_subject(s: _Scan) -> Outcome:
    """The noun phrase at `start` with its places: `Ida Berg vom Institut für Geologie in Basel erklärte`."""
    tokens, start, k = s.tokens, s.start, s.k
    j = noun_phrase(tokens, start)
    while start < j < k and tokens[j].low in PLACE_LINKS and noun_phrase(tokens, j + 1) > j + 1:
        j = noun_phrase(tokens, j + 1)
    s.subject_end = j
    return UNDECIDED


def _coordinated_subjects(s: _Scan) -> Outcome:
    """`Die Kommission und die Regierung äußerten`: the first of coordinated subjects."""
    tokens, start, j, k = s.tokens, s.start, s.subject_end, s.k
    if start < j < k and tokens[j].low in COORDINATORS and _verb_follows(tokens, noun_phrase(tokens, j + 1), k):
        return span_of(tokens, start, j)
    return UNDECIDED


def _right_before_verb(s: _Scan) -> Outcome:
    """A noun phrase right before the verb (adverbs aside: `Die Gäste hingegen sagen`): the subject, unless
    it is dative (`Der Zeitung sagte X`) or a fronted object (`Die Äußerungen bezeichnete er als …`)."""
    tokens, start, end, k = s.tokens, s.start, s.subject_end, s.k
    j = end
    while start < j < k and tokens[j].low in GLUE:
        j += 1
    if j != k or end <= start:
        return UNDECIDED
    if _not_nominative(tokens, start, end):
        return speaker_after(tokens, k + 1) or span_of(tokens, start, end)
    if _object_first(tokens, start, end, k):
        return speaker_after(tokens, k + 1)
    return span_of(tokens, start, end)


def _before_auxiliary(s: _Scan) -> Outcome:
    """A noun phrase right before the verb or an auxiliary: `Der Minister hat gesagt`."""
    tokens, start, j, k = s.tokens, s.start, s.subject_end, s.k
    if j > start and (j == k or (j < k and tokens[j].low in AUX)):
        return span_of(tokens, start, j)
    return UNDECIDED


def _apposition(s: _Scan) -> Outcome:
    """An apposition: `Der Sprecher, Max Muster, sagte`, `Max Muster, Sprecher der Stadt, wird zitiert`."""
    tokens, start, j, k = s.tokens, s.start, s.subject_end, s.k
    if not (j > start and j < k and tokens[j].text == "," and not is_pronoun(tokens[start].text)):
        return UNDECIDED
    comma = index_of(tokens).next_comma(j + 1, k)
    m = comma if comma < k else None
    if m is not None and (m + 1 == k or tokens[m + 1].low in AUX):
        return span_of(tokens, start, m)
    if m is None and noun_phrase(tokens, j + 1) == k:
        return span_of(tokens, start, j)  # an apposition left open: "Max Muster, Sprecher der Stadt sagte"
    if tokens[k - 1].text == "," and tokens[j + 1].low in OPENS_APPOSITION:
        return span_of(tokens, start, j)  # "Max Muster, einer der Unterzeichner, die …, verurteilte"
    return UNDECIDED


def _second_verb(s: _Scan) -> Outcome:
    """The second of coordinated verbs: `Er lehnte ab und bezeichnete …`, `… und hatte gefragt`."""
    tokens, start, end, k = s.tokens, s.start, s.subject_end, s.k
    second = tokens[k - 1].low == "und" or (k > 1 and tokens[k - 2].low == "und" and tokens[k - 1].low in AUX)
    if second and end > start:
        close = apposition_end(tokens, end)  # "Max Muster, der Sprecher, dankte … und ergänzte"
        verb = close + 1 if close > end else close
        if verb < k and tokens[verb].is_lower:
            return span_of(tokens, start, close)
    return UNDECIDED


def _closing_apposition_step(s: _Scan) -> Outcome:
    """A subject too long to follow, closed by a name between commas before the first verb."""
    s.first_verb = index_of(s.tokens).next_aux(s.start, s.k)
    if s.start == 0 and (closed := _closing_apposition(s.tokens, s.first_verb)) is not None:
        return closed
    return UNDECIDED


def _passive_without_agent(s: _Scan) -> Outcome:
    """A passive auxiliary first: `wurde bekannt gegeben` has no speaker, `Der Minister wird … zitiert` does."""
    tokens, start, j, k, first_verb = s.tokens, s.start, s.subject_end, s.k, s.first_verb
    if not (first_verb < k and tokens[first_verb].low in PASSIVE_AUX):
        return UNDECIDED
    if tokens[k].low == "zitiert" and j > start and j == first_verb:
        return span_of(tokens, start, j)  # "Der Minister wird mit den Worten zitiert": the one quoted
    if tokens[k].low == "zitiert" and noun_phrase(tokens, first_verb + 1) > first_verb + 1:
        return span_of(tokens, first_verb + 1, noun_phrase(tokens, first_verb + 1))  # "Dazu wird X zitiert"
    return None


def _after_first_verb(s: _Scan) -> Outcome:
    """Otherwise the subject follows the first verb: `Am Montag sagte der Minister`."""
    return speaker_after(s.tokens, s.first_verb + 1)


# The steps in the order they are tried; the first that decides gives the subject.
STEPS: tuple[Callable[[_Scan], Outcome], ...] = (
    _passive_agent_step,
    _skip_particles,
    _fronted_clause,
    _aus_source,
    _lone_demonstrative,
    _chunk_subject,
    _coordinated_subjects,
    _right_before_verb,
    _before_auxiliary,
    _apposition,
    _second_verb,
    _closing_apposition_step,
    _passive_without_agent,
    _after_first_verb,
)


def verb_subject(tokens: list[Token], k: int) -> Span:
    """The subject of the cue verb at `k`: a noun phrase opening the sentence or following the verb."""
    scan = _Scan(tokens, k)
    for step in STEPS:
        outcome = step(scan)
        if outcome is not UNDECIDED:
            return outcome
    return None  # not reached: the last step always decides


def _verb_follows(tokens: list[Token], j: int, k: int) -> bool:
    """Whether only adverbs stand between `tokens[j]` and the verb at `k`, or an auxiliary opens them."""
    while j < k and tokens[j].low in GLUE:
        j += 1
    return j == k or (j < k and tokens[j].low in AUX)


def _not_nominative(tokens: list[Token], i: int, j: int) -> bool:
    """Whether the noun phrase `tokens[i:j]` is no subject: `Dem Sender`, `Der deutschen Zeitung`, `Den Medien`."""
    first = tokens[i].low
    if first in DATIVE_ARTICLES:
        return True
    return first in OBLIQUE_ARTICLES and j - i > 2 and tokens[i + 1].low.endswith("en") and tokens[i + 1].is_lower


def _object_first(tokens: list[Token], i: int, j: int, k: int) -> bool:
    """Whether `tokens[i:j]`, before the verb at `k`, is its object: a thing (no role, organisation or name) while
    a pronoun or a bare name followed by `als` stands after the verb (`Die Pläne nannte er …`, `Die Pläne
    bezeichnete Stadtrat X als …`)."""
    if k + 1 >= len(tokens) or any(role_of(t.text) or org_head(t.text) for t in tokens[i:j]):
        return False
    if sum(1 for t in tokens[i:j] if t.is_cap and t.low not in DETERMINERS) >= 2 and tokens[i].low not in DETERMINERS:
        return False  # a name: "Anna Muster sagte"
    after = tokens[k + 1]
    if after.low in SUBJECT_PRONOUNS:
        return True
    end = noun_phrase(tokens, k + 1)
    return after.is_cap and after.low not in DETERMINERS and end < len(tokens) and tokens[end].low == "als"


def _passive_agent(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """`wurde vom Verband aufgefordert`: the `von` phrase between a passive auxiliary and the cue verb at `k`.

    Not for `zitiert`: who is quoted is the subject, the `von` phrase names who quotes (`von der Zeitung`)."""
    index = index_of(tokens)
    if tokens[k].low == "zitiert" or (index.long and not index.passive_before(k)):
        return None  # (in a long sentence, without a passive auxiliary before the verb no search is needed)
    for a in index.origins_back(k):  # not past a passive auxiliary or punctuation
        if tokens[a - 1].low not in PREPOSITIONS:
            j = noun_phrase(tokens, a + 1)
            # adverbs only between them: "vom Verband scharf kritisiert"
            if j > a + 1 and index.lower_until(j, k) and index.passive_before(a):
                return span_of(tokens, a + 1, j)
    return None


def _closing_apposition(tokens: list[Token], verb: int) -> tuple[int, int] | None:
    """`Der Nachfolger des im Mai verstorbenen Gründers, Max Muster, sagte`: a subject whose noun phrase runs
    too long to follow, closed by a name between commas right before the verb; the span up to that name."""
    if verb < 4 or tokens[verb - 1].text != "," or not tokens[0].is_cap:
        return None
    c = next((c for c in range(verb - 2, 0, -1) if not tokens[c].is_word), 0)
    if tokens[c].text != "," or noun_phrase(tokens, c + 1) != verb - 1 or not tokens[c + 1].is_cap:
        return None
    return span_of(tokens, 0, verb - 1)
