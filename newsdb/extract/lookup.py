"""Position tables of long sentences, so that what each cue verb looks up ahead or behind costs no rescan."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from newsdb.extract.grammar import (
    AGENT_PREPOSITIONS,
    ANY_SUBJUNCTIVE,
    AUX,
    CUE_FORMS,
    PASSIVE_AUX,
    SUBORDINATORS,
    subjunctive,
)
from newsdb.extract.tokens import Token

# Sentences longer than this (in tokens) get position tables (`_Index`), so that what each cue verb looks up
# ahead or behind costs no rescan of the sentence; shorter ones are scanned directly, which is cheaper for them.
LONG_SENTENCE = 48
ALL_PARTICLES = frozenset(p for entries in CUE_FORMS.values() for entry in entries for p in entry.particles)


_NONE: list[int] = []  # shared by the short sentences' `_Index`, never filled
_NO_PLACES: dict[str, list[int]] = {}


class _Index:
    """Where kinds of tokens stand in one sentence: the next stop, comma, `dass`, auxiliary … from a position.

    Every answer equals a direct scan of the tokens; in a long sentence it comes from tables built in one pass,
    so that extraction stays linear however long a sentence is (a paragraph without full stops).
    """

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.n = n = len(tokens)
        self.long = n > LONG_SENTENCE
        # the tables, filled by `_build` for a long sentence; a short one shares the empty ones and never reads them
        self._next_subordinator: list[int] = _NONE
        self._next_stop: list[int] = _NONE
        self._next_comma: list[int] = _NONE
        self._next_aux: list[int] = _NONE
        self._next_not_lower: list[int] = _NONE
        self._next_that: list[int] = _NONE
        self._passives: list[int] = _NONE  # passive auxiliaries in tokens[:i]
        self._subjunctives: list[int] = _NONE  # subjunctive forms in tokens[:i]
        self._reporting: list[int] = _NONE  # subjunctive forms and `zu` in tokens[:i]
        self._barrier: list[int] = _NONE  # the last passive auxiliary or punctuation before i, -1 if none
        self._closing_particles: dict[str, list[int]] = _NO_PLACES  # particle -> positions closing a clause
        self._particle_texts: dict[str, list[int]] = _NO_PLACES  # particle as written -> positions
        self._origins: list[int] = _NONE  # positions of `von`, `vom`, `seitens`
        self._words: list[int] = _NONE  # positions of words
        if self.long:
            self._build()

    def _build(self) -> None:
        tokens, n = self.tokens, self.n
        self._closing_particles, self._particle_texts, self._origins = {}, {}, []
        self._words = [i for i, t in enumerate(tokens) if t.is_word]
        nxt_sub, nxt_stop, nxt_comma, nxt_aux, nxt_lower = (
            [n] * (n + 1),
            [n] * (n + 1),
            [n] * (n + 1),
            [n] * (n + 1),
            [n] * (n + 1),
        )
        nxt_that = [0] * (n + 1)
        for i in range(n - 1, -1, -1):
            t = tokens[i]
            nxt_sub[i] = i if t.low in SUBORDINATORS else nxt_sub[i + 1]
            nxt_stop[i] = i if t.text in ",:;" else nxt_stop[i + 1]
            nxt_comma[i] = i if t.text == "," else nxt_comma[i + 1]
            nxt_aux[i] = i if t.low in AUX else nxt_aux[i + 1]
            nxt_lower[i] = nxt_lower[i + 1] if t.is_lower else i
            that = i < n - 1 and t.text == "," and tokens[i + 1].low in SUBORDINATORS
            nxt_that[i] = i if that else nxt_that[i + 1]
        passives, subjunctives, reporting, barrier = [0] * (n + 1), [0] * (n + 1), [0] * (n + 1), [-1] * (n + 1)
        for i, t in enumerate(tokens):
            passive = t.low in PASSIVE_AUX
            subjunctive_form = t.low in ANY_SUBJUNCTIVE
            passives[i + 1] = passives[i] + (1 if passive else 0)
            subjunctives[i + 1] = subjunctives[i] + (1 if subjunctive_form else 0)
            reporting[i + 1] = reporting[i] + (1 if subjunctive_form or t.low == "zu" else 0)
            barrier[i + 1] = i if passive or not t.is_word else barrier[i]
            if t.low in ALL_PARTICLES:
                self._particle_texts.setdefault(t.text, []).append(i)
                if i + 1 == n or not tokens[i + 1].is_word or tokens[i + 1].low in SUBORDINATORS:
                    self._closing_particles.setdefault(t.low, []).append(i)
            if t.low in AGENT_PREPOSITIONS:
                self._origins.append(i)
        self._next_subordinator, self._next_stop, self._next_comma = nxt_sub, nxt_stop, nxt_comma
        self._next_aux, self._next_not_lower, self._next_that = nxt_aux, nxt_lower, nxt_that
        self._passives, self._subjunctives, self._reporting, self._barrier = passives, subjunctives, reporting, barrier

    def last_words(self, i: int, count: int) -> list[Token]:
        """The last `count` words of `tokens[i:]` (fewer when it has fewer), the last one first."""
        if self.long:
            start = max(bisect_left(self._words, i), len(self._words) - count)
            return [self.tokens[k] for k in reversed(self._words[start:])]
        found: list[Token] = []
        for k in range(self.n - 1, i - 1, -1):
            if self.tokens[k].is_word:
                found.append(self.tokens[k])
                if len(found) == count:
                    break
        return found

    def next_subordinator(self, i: int) -> int:
        """The first `dass`, `daß` or `ob` at or after `i`, else `n`."""
        if self.long:
            return self._next_subordinator[i]
        return next((c for c in range(i, self.n) if self.tokens[c].low in SUBORDINATORS), self.n)

    def next_stop(self, i: int, limit: int) -> int:
        """The first `,`, `:` or `;` at or after `i` and before `limit`, else `limit`."""
        if self.long:
            return min(self._next_stop[i], limit)
        return next((c for c in range(i, limit) if self.tokens[c].text in ",:;"), limit)

    def next_comma(self, i: int, limit: int) -> int:
        """The first comma at or after `i` and before `limit`, else `limit`."""
        if self.long:
            return min(self._next_comma[i], limit)
        return next((c for c in range(i, limit) if self.tokens[c].text == ","), limit)

    def next_aux(self, i: int, limit: int) -> int:
        """The first auxiliary or modal verb (`AUX`) at or after `i` and before `limit`, else `limit`."""
        if self.long:
            return min(self._next_aux[i], limit)
        return next((c for c in range(i, limit) if self.tokens[c].low in AUX), limit)

    def lower_until(self, i: int, k: int) -> bool:
        """Whether every token of `tokens[i:k]` starts with a lower-case letter."""
        if self.long:
            return i >= k or self._next_not_lower[i] >= k
        return all(t.is_lower for t in self.tokens[i:k])

    def next_that(self, i: int) -> int:
        """The first comma at or after `i` followed by `dass`, `daß` or `ob`, else 0."""
        if self.long:
            return self._next_that[i] if i <= self.n else 0
        tokens = self.tokens
        return next(
            (c for c in range(i, self.n - 1) if tokens[c].text == "," and tokens[c + 1].low in SUBORDINATORS), 0
        )

    def passive_before(self, i: int) -> bool:
        """Whether a passive auxiliary stands in `tokens[:i]`."""
        if self.long:
            return self._passives[i] > 0
        return any(t.low in PASSIVE_AUX for t in self.tokens[:i])

    def subjunctive_before(self, i: int) -> bool:
        """Whether a subjunctive form stands in `tokens[:i]`."""
        if self.long:
            return self._subjunctives[i] > 0
        return subjunctive(self.tokens[:i])

    def reporting_from(self, i: int) -> bool:
        """Whether a subjunctive form or `zu` stands in `tokens[i:]`."""
        if self.long:
            return self._reporting[self.n] > self._reporting[i]
        rest = self.tokens[i:]
        return subjunctive(rest) or any(t.low == "zu" for t in rest)

    def closing_particle(self, k: int, particles: frozenset[str], limit: int) -> int:
        """The first of `particles` after `k` and before `limit` that closes its clause (`teilte … mit.`), or -1."""
        tokens, stop = self.tokens, min(limit, self.n)
        if not self.long:
            for j in range(k + 1, stop):
                closes = j + 1 == self.n or not tokens[j + 1].is_word or tokens[j + 1].low in SUBORDINATORS
                if tokens[j].low in particles and closes:
                    return j
            return -1
        best = stop
        for particle in particles:
            places = self._closing_particles.get(particle)
            if places:
                at = bisect_right(places, k)
                if at < len(places) and places[at] < best:
                    best = places[at]
        return best if best < stop else -1

    def first_text(self, i: int, text: str, limit: int) -> int:
        """The first particle written `text` at or after `i` and before `limit` (one is known to be there)."""
        if not self.long:
            return next(c for c in range(i, limit) if self.tokens[c].text == text)
        places = self._particle_texts[text]
        return places[bisect_left(places, i)]

    def origins_back(self, k: int) -> list[int]:
        """The `von`, `vom`, `seitens` before `k` and after the last passive auxiliary or punctuation before it
        (and after the first token), nearest first."""
        if not self.long:
            out: list[int] = []
            for a in range(k - 1, 0, -1):
                low = self.tokens[a].low
                if low in PASSIVE_AUX or not self.tokens[a].is_word:
                    break
                if low in AGENT_PREPOSITIONS:
                    out.append(a)
            return out
        low_end = max(self._barrier[k], 0)
        places = self._origins
        return [places[x] for x in range(bisect_left(places, k) - 1, -1, -1) if places[x] > low_end]


_LAST_INDEX: list[_Index] = []


def index_of(tokens: list[Token]) -> _Index:
    """The `_Index` of a sentence's tokens, kept for the sentence being analysed."""
    if _LAST_INDEX and _LAST_INDEX[0].tokens is tokens:
        return _LAST_INDEX[0]
    index = _Index(tokens)
    _LAST_INDEX[:] = [index]
    return index
