"""Cue detection: where a sentence reports speech, what the reported clause is, and where its speaker is.

The patterns run on the sentence with the inside of direct quotes blanked out, in this order:
back reference (`Das meldet X`), `heißt es`, a leading source phrase (`Laut X`, `X zufolge`,
`Nach Angaben der X`, `Wie X mitteilte`, `Demnach`), a trailing cue (`…, sagte X` / `…, so X`), and a cue
verb with its speaker before or after it followed by a `dass`, subjunctive or quoted clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from newsdb.extract import lexicon
from newsdb.extract.speakers import (
    DETERMINERS,
    is_media,
    is_pronoun,
    is_source_noun,
    noun_phrase,
    noun_phrase_before,
    org_head,
    role_of,
)
from newsdb.extract.tokens import SENTENCE_CACHE, Token, sentence_tokens


@dataclass(frozen=True, slots=True)
class Attribution:
    """A cue found in one sentence; offsets are paragraph offsets.

    `clause` is the reported clause (None when the cue only names a speaker for quotes in the sentence, or
    when `backward` says it attributes the previous sentence); `speaker` the speaker phrase (None for an
    unnamed source or when the speaker is the subject of the previous report).
    """

    clause: tuple[int, int] | None
    speaker: tuple[int, int] | None
    cue: str
    anonymous: bool = False
    backward: bool = False
    previous: bool = False  # the speaker is whoever was reported last (`Demnach ...`)
    position: int = 0  # where the cue starts, to choose between patterns


_ORIGINS = lexicon.words("origins")
_SAY_IT = lexicon.words("say_it")
_AUX = lexicon.words("finite_aux")
_ADVERBS = lexicon.words("speaker_adverbs")
_ADVERB_SHAPE = re.compile(r"(?:end|lich|isch|bar|weise|mals|falls|dings|erweise|ig|ell|gemäss)$")
_SUBORDINATORS = lexicon.words("subordinators")
_FRONTED_CLAUSE = lexicon.words("fronted_clause")
# Conjunctions that open a sentence with a subordinate clause, after which the verb (and its subject) follow.
_SUBORDINATE_OPENERS = _FRONTED_CLAUSE | lexicon.words("subordinate_openers")
# A sentence opening with one of these before `…, sagte X` has a fronted clause, not what was said.
_FRONTED_BEFORE_CUE = _FRONTED_CLAUSE | lexicon.words("fronted_before_cue")
_PREPOSITIONS = lexicon.words("prepositions")
_NOT_SPEAKERS = lexicon.words("not_speakers")
_PLACE_LINKS = lexicon.words("place_links")
_CONTRASTIVE = lexicon.words("contrastive")
_RELATIVE = lexicon.words("relative_pronouns")
_POSSESSIVE_OPENERS = lexicon.words("possessive_openers")
INDEFINITE = lexicon.words("indefinite_articles")
_OPENS_APPOSITION = _RELATIVE | INDEFINITE  # "Max Muster, der …," / "Max Muster, einer der …,"
_PASSIVE_AUX = lexicon.words("passive_aux")
# Words that open a clause after a cue verb's comma which is not what was said.
_NOT_REPORTING = lexicon.words("not_reporting")


_NEGATIONS = lexicon.words("negations")
_CUE_FORMS = lexicon.cue_verbs()
_CUE_WORDS = frozenset(_CUE_FORMS)
_GLUE = lexicon.words("adverbs")
_KONJUNKTIV_I = lexicon.words("subjunctive")
_ANY_SUBJUNCTIVE = _KONJUNKTIV_I | lexicon.words("conditional")
# Words without which a pattern cannot match, to skip it cheaply.
_SOURCE_WORDS = frozenset({"laut", "gemäß", "gemäss", "zufolge", "nach", "wie", "wonach", "demnach"})
_TRAILING_WORDS = _CUE_WORDS | {"so"}


def subjunctive(tokens: list[Token], *, strict: bool = False) -> bool:
    """Whether the tokens contain a subjunctive verb form (with `strict`, only Konjunktiv I counts)."""
    forms = _KONJUNKTIV_I if strict else _ANY_SUBJUNCTIVE
    return any(t.low in forms for t in tokens)


def subjunctive_in(words: frozenset[str], *, strict: bool = False) -> bool:
    """Whether the lower-cased `words` contain a subjunctive verb form (with `strict`, only Konjunktiv I)."""
    return not words.isdisjoint(_KONJUNKTIV_I if strict else _ANY_SUBJUNCTIVE)


_POSSIBILITY = lexicon.words("possibility")
_NOT_POSSIBILITY = _ANY_SUBJUNCTIVE - _POSSIBILITY


def only_possibility(words: frozenset[str]) -> bool:
    """Whether the only subjunctive forms among `words` are `könnte(n)`: a possibility, not a report by itself."""
    return not words.isdisjoint(_POSSIBILITY) and words.isdisjoint(_NOT_POSSIBILITY)


# Forms of address: capitalised inside a sentence, `Sie` and `Ihr…` speak to someone (`Wie sehen Sie …?`).
_ADDRESS = lexicon.words("address", fold=False)


def asks_addressee(tokens: list[Token]) -> bool:
    """Whether the sentence is a question put to someone (an interviewer's): it reports nothing."""
    return tokens[-1].text == "?" and any(t.text in _ADDRESS for t in tokens[1:])


# Sentences longer than this (in tokens) get position tables (`_Index`), so that what each cue verb looks up
# ahead or behind costs no rescan of the sentence; shorter ones are scanned directly, which is cheaper for them.
LONG_SENTENCE = 48
_ALL_PARTICLES = frozenset(p for entries in _CUE_FORMS.values() for entry in entries for p in entry.particles)
_ORIGIN_WORDS = frozenset({"von", "vom", "seitens"})


class _Index:
    """Where kinds of tokens stand in one sentence: the next stop, comma, `dass`, auxiliary … from a position.

    Every answer equals a direct scan of the tokens; in a long sentence it comes from tables built in one pass,
    so that extraction stays linear however long a sentence is (a paragraph without full stops).
    """

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.n = n = len(tokens)
        self.long = n > LONG_SENTENCE
        self._next_subordinator: list[int] = []
        self._next_stop: list[int] = []
        self._next_comma: list[int] = []
        self._next_aux: list[int] = []
        self._next_not_lower: list[int] = []
        self._next_that: list[int] = []
        self._passives: list[int] = []  # passive auxiliaries in tokens[:i]
        self._subjunctives: list[int] = []  # subjunctive forms in tokens[:i]
        self._reporting: list[int] = []  # subjunctive forms and `zu` in tokens[:i]
        self._barrier: list[int] = []  # the last passive auxiliary or punctuation before i, -1 if none
        self._closing_particles: dict[str, list[int]] = {}  # particle -> positions where it closes its clause
        self._particle_texts: dict[str, list[int]] = {}  # particle as written -> positions
        self._origins: list[int] = []  # positions of `von`, `vom`, `seitens`
        if self.long:
            self._build()

    def _build(self) -> None:
        tokens, n = self.tokens, self.n
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
            nxt_sub[i] = i if t.low in _SUBORDINATORS else nxt_sub[i + 1]
            nxt_stop[i] = i if t.text in ",:;" else nxt_stop[i + 1]
            nxt_comma[i] = i if t.text == "," else nxt_comma[i + 1]
            nxt_aux[i] = i if t.low in _AUX else nxt_aux[i + 1]
            nxt_lower[i] = nxt_lower[i + 1] if t.is_lower else i
            that = i < n - 1 and t.text == "," and tokens[i + 1].low in _SUBORDINATORS
            nxt_that[i] = i if that else nxt_that[i + 1]
        passives, subjunctives, reporting, barrier = [0] * (n + 1), [0] * (n + 1), [0] * (n + 1), [-1] * (n + 1)
        for i, t in enumerate(tokens):
            passive = t.low in _PASSIVE_AUX
            subjunctive_form = t.low in _ANY_SUBJUNCTIVE
            passives[i + 1] = passives[i] + (1 if passive else 0)
            subjunctives[i + 1] = subjunctives[i] + (1 if subjunctive_form else 0)
            reporting[i + 1] = reporting[i] + (1 if subjunctive_form or t.low == "zu" else 0)
            barrier[i + 1] = i if passive or not t.is_word else barrier[i]
            if t.low in _ALL_PARTICLES:
                self._particle_texts.setdefault(t.text, []).append(i)
                if i + 1 == n or not tokens[i + 1].is_word or tokens[i + 1].low in _SUBORDINATORS:
                    self._closing_particles.setdefault(t.low, []).append(i)
            if t.low in _ORIGIN_WORDS:
                self._origins.append(i)
        self._next_subordinator, self._next_stop, self._next_comma = nxt_sub, nxt_stop, nxt_comma
        self._next_aux, self._next_not_lower, self._next_that = nxt_aux, nxt_lower, nxt_that
        self._passives, self._subjunctives, self._reporting, self._barrier = passives, subjunctives, reporting, barrier

    def next_subordinator(self, i: int) -> int:
        """The first `dass`, `daß` or `ob` at or after `i`, else `n`."""
        if self.long:
            return self._next_subordinator[i]
        return next((c for c in range(i, self.n) if self.tokens[c].low in _SUBORDINATORS), self.n)

    def next_stop(self, i: int) -> int:
        """The first `,`, `:` or `;` at or after `i`, else `n`."""
        if self.long:
            return self._next_stop[i]
        return next((c for c in range(i, self.n) if self.tokens[c].text in ",:;"), self.n)

    def next_comma(self, i: int) -> int:
        """The first comma at or after `i`, else `n`."""
        if self.long:
            return self._next_comma[i]
        return next((c for c in range(i, self.n) if self.tokens[c].text == ","), self.n)

    def next_aux(self, i: int) -> int:
        """The first auxiliary or modal verb (`_AUX`) at or after `i`, else `n`."""
        if self.long:
            return self._next_aux[i]
        return next((c for c in range(i, self.n) if self.tokens[c].low in _AUX), self.n)

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
            (c for c in range(i, self.n - 1) if tokens[c].text == "," and tokens[c + 1].low in _SUBORDINATORS), 0
        )

    def passive_before(self, i: int) -> bool:
        """Whether a passive auxiliary stands in `tokens[:i]`."""
        if self.long:
            return self._passives[i] > 0
        return any(t.low in _PASSIVE_AUX for t in self.tokens[:i])

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
                closes = j + 1 == self.n or not tokens[j + 1].is_word or tokens[j + 1].low in _SUBORDINATORS
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
                if low in _PASSIVE_AUX or not self.tokens[a].is_word:
                    break
                if low in _ORIGIN_WORDS:
                    out.append(a)
            return out
        low_end = max(self._barrier[k], 0)
        places = self._origins
        return [places[x] for x in range(bisect_left(places, k) - 1, -1, -1) if places[x] > low_end]


_LAST_INDEX: list[_Index] = []


def _index(tokens: list[Token]) -> _Index:
    """The `_Index` of a sentence's tokens, kept for the sentence being analysed."""
    if _LAST_INDEX and _LAST_INDEX[0].tokens is tokens:
        return _LAST_INDEX[0]
    index = _Index(tokens)
    _LAST_INDEX[:] = [index]
    return index


def _verb_position(tokens: list[Token], k: int) -> bool:
    """Whether a cue form at `k` is used as a verb: not capitalised inside the sentence (`der Beschuldigte`), not
    an adjective between an article or preposition and a noun (`einer bestätigten Höchstgeschwindigkeit`)."""
    if k > 0 and tokens[k].is_cap and tokens[k - 1].text not in '«»„“":':
        return False
    if 0 < k < len(tokens) - 1 and tokens[k + 1].is_cap:
        return tokens[k - 1].low not in DETERMINERS and tokens[k - 1].low not in _PREPOSITIONS
    return True


def _cue_at(tokens: list[Token], k: int, limit: int) -> str | None:
    """The cue verb at `tokens[k]` with its particle (if it needs one, found before `limit`)."""
    entries = _CUE_FORMS.get(tokens[k].low)
    if not entries or not _verb_position(tokens, k):
        return None
    for entry in entries:
        if not entry.particles:
            return tokens[k].text
        # a separable particle closes its clause: "teilte … mit." / "gab … bekannt, dass"
        j = _index(tokens).closing_particle(k, entry.particles, limit)
        if j >= 0:
            return f"{tokens[k].text} {tokens[j].text}"
    return None


def _span(tokens: list[Token], i: int, j: int) -> tuple[int, int] | None:
    return (tokens[i].start, tokens[j - 1].end) if j > i else None


def _skip_adverbs(tokens: list[Token], i: int) -> int:
    while i < len(tokens) and (tokens[i].low in _ADVERBS or tokens[i].low in {"am", "im", "sich"}):
        i += 2 if tokens[i].low in {"am", "im"} else 1
    return i


_DEMONSTRATIVES = lexicon.words("demonstratives")


def _last_name_before(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """The last run of two or more capitalised words (a full name) before `tokens[i]`, not opening the sentence."""
    run_end = i
    for k in range(i - 1, -1, -1):
        if k > 0 and tokens[k].is_cap and tokens[k].low not in DETERMINERS:
            continue
        if run_end - (k + 1) >= 2:
            return _span(tokens, k + 1, run_end)
        run_end = k
    return None


def _speaker_after(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """A speaker noun phrase at `tokens[i]`, possibly behind adverbs (`sagte am Montag der Minister`)."""
    if i < len(tokens) and tokens[i].low in _CONTRASTIVE:
        return None  # "…, befürchtet aber weitere Tote": a second verb of the same subject
    if i + 1 < len(tokens) and tokens[i].low in _DEMONSTRATIVES and not tokens[i + 1].is_cap:
        # "Im Gespräch mit Max Muster sagte dieser, dass …": the person named last before it, else the pronoun
        return _last_name_before(tokens, i) or _span(tokens, i, i + 1)
    for start in (i, _skip_adverbs(tokens, i)):
        j = noun_phrase(tokens, start)
        if j > start:
            return _span(tokens, start, _apposition_end(tokens, j))
    return None


def _apposition_end(tokens: list[Token], j: int) -> int:
    """Extend a noun phrase ending at `j` by an apposition between commas (`der Sprecher, Max Muster,`)."""
    if j + 1 < len(tokens) and tokens[j].text == ",":
        m = noun_phrase(tokens, j + 1)
        if m > j + 1 and m < len(tokens) and tokens[m].text == "," and tokens[j + 1].is_cap:
            return m
    return j


def _clause(tokens: list[Token], i: int, j: int) -> tuple[int, int] | None:
    """The span of `tokens[i:j]` without punctuation at either end, cut before `, denn` and `;` unless Konjunktiv I
    follows (then the report goes on: "…; die Art, wie er spielte, habe ihn überrascht")."""
    for k in range(i + 1, j):
        if tokens[k].text == ";" or (tokens[k].low == "denn" and tokens[k - 1].text == ","):
            if not subjunctive(tokens[k + 1 : j], strict=True):
                j = k
            break
    while i < j and not tokens[i].is_word and tokens[i].text not in '«»„“"‹›':
        i += 1
    while j > i and not tokens[j - 1].is_word and tokens[j - 1].text not in '«»„“”"‹›':
        j -= 1
    words = sum(1 for t in tokens[i:j] if t.is_word)
    return _span(tokens, i, j) if words >= 2 or any(t.text in '«»„“"' for t in tokens[i:j]) else None


def _commas(tokens: list[Token]) -> list[int]:
    return [k for k, t in enumerate(tokens) if t.text in ",:;–"]


def _back_reference(tokens: list[Token]) -> Attribution | None:
    """`Das meldet das Ministerium.`: the previous sentence is the report."""
    if len(tokens) < 3 or tokens[0].low not in {"das", "dies", "dieses"}:
        return None
    cue = _cue_at(tokens, 1, len(tokens))
    if cue is None:
        return None
    start = 3 if len(tokens) > 3 and tokens[2].low == "aus" else 2  # "Dies geht aus dem Bericht hervor."
    speaker = _speaker_after(tokens, start)
    if speaker and any(
        t.text == "," and t.start > speaker[1] + 1 and not _relative_after(tokens, c) for c, t in enumerate(tokens)
    ):
        return None  # more than a speaker follows: not a back reference
    return Attribution(None, speaker, cue, backward=True) if speaker else None


def _relative_after(tokens: list[Token], c: int) -> bool:
    """Whether the comma at `c` opens a relative clause on the speaker or closes one before the last word (`Dies
    geht aus einer Meldung hervor, die …`, `Dies geht aus einer Meldung, die … wurde, hervor.`)."""
    after = tokens[c + 1 : c + 2]
    return bool(after) and (after[0].low in _RELATIVE or (c + 3 == len(tokens) and not tokens[-1].is_word))


def _say_it(tokens: list[Token], end: int) -> Attribution | None:
    """`…, hieß es.` and `In der Mitteilung heißt es, …`."""
    for k in range(len(tokens) - 1):
        if tokens[k].low in _SAY_IT and tokens[k + 1].low == "es":
            cue = f"{tokens[k].text} es"
            named = _said_from(tokens, k)
            commas = [c for c in _commas(tokens) if c < k]
            if (
                commas
                and named
                and tokens[0].low in {"in", "im"}
                and k + 3 < len(tokens)
                and tokens[k + 2].text in ",:"
            ):
                # "In dem Bericht, der …, heißt es, …": the text is named before, the report follows
                return Attribution(_clause(tokens, k + 3, len(tokens)), named, cue)
            if commas and named:
                return Attribution(_clause(tokens, 0, commas[-1]), named, cue)
            if commas:
                return Attribution(_clause(tokens, 0, commas[-1]), None, cue, anonymous=True)
            after = [c for c in _commas(tokens) if c > k]
            speaker = None
            if k > 1 and (tokens[0].low == "in" or _in_text(tokens, 0)):
                speaker = _span(tokens, 1, k)
            if after:
                speaker = speaker or named  # "So heißt es in dem Schreiben: «…»"
                clause = _clause(tokens, after[0] + 1, len(tokens))
                return Attribution(clause, speaker, cue, anonymous=speaker is None)
            if tokens[k + 1 :] and k + 2 < len(tokens):
                return Attribution(_clause(tokens, k + 2, len(tokens)), speaker, cue, anonymous=speaker is None)
    return None


def _quoted_name(tokens: list[Token], i: int) -> int:
    """The index after a quoted name at `tokens[i]` (`laut „Welt“`, its inside blanked), or 0."""
    if i + 1 < len(tokens) and tokens[i].text in '«»„“"' and tokens[i + 1].text in '«»“”"':
        return i + 2
    return 0


def _said_from(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The origin of a `hieß es`: `hieß es aus dem Ministerium`, `Von deutscher Seite hieß es`, or the text it is
    written in: `heißt es in einer Mitteilung des Vereins`, `Im Abschlussbericht heißt es`."""
    for at in (k + 2, 0):
        if at < len(tokens) and (
            tokens[at].low in {"aus", "von", "vom", "seitens", "bei", "beim"} or _in_text(tokens, at)
        ):
            j = noun_phrase(tokens, at + 1)
            if j > at + 1:
                return _span(tokens, at + 1, j)
    return None


_MONTHS = lexicon.words("months") | lexicon.words("seasons")


def _in_text(tokens: list[Token], at: int) -> bool:
    """`im Bericht`, `in einer Erklärung`, `auf der Homepage`: a place in a text (not `in Berlin`, `im Juni`)."""
    low, after = tokens[at].low, tokens[at + 1].low if at + 1 < len(tokens) else ""
    if low == "im":
        return after not in _MONTHS
    return low in {"in", "auf"} and after in DETERMINERS


def _source_phrase(tokens: list[Token]) -> Attribution | None:
    """`Laut X`, `Gemäß X`, `X zufolge`, `Nach Angaben der X`, `Wie X mitteilte,`, `Demnach` anywhere."""
    n = len(tokens)
    for k, tok in enumerate(tokens):
        low = tok.low
        relative = _RELATIVE if low == "laut" else {"denen", "welchem", "welcher", "welchen"}
        if low in {"laut", "nach"} and 0 < k < n - 2 and tokens[k - 1].text == "," and tokens[k + 1].low in relative:
            return _relative_source(tokens, k - 1, k + 2, tok.text)  # "ein Gutachten, laut dem …"
        if low in {"laut", "gemäß", "gemäss"}:
            j = _quoted_name(tokens, k + 1) or noun_phrase(tokens, k + 1)
            if j > k + 1 and (low == "laut" or _who_or_said(tokens[k + 1 : j])):
                return _around(tokens, k, j, _span(tokens, k + 1, j), tok.text)
        elif low == "zufolge" and k > 1 and tokens[k - 1].low in _RELATIVE and tokens[k - 2].text == ",":
            return _relative_source(tokens, k - 2, k + 1, tok.text)  # "…, denen zufolge …"
        elif low == "zufolge" and k > 0:
            start = noun_phrase_before(tokens, k)  # "neuesten Studien zufolge", "Dem Bericht der Polizei zufolge"
            if start < k:
                return _around(tokens, start, k + 1, _span(tokens, start, k), tok.text)
            if k <= 15 and not any(t.text == "," for t in tokens[:k]):
                return _around(tokens, 0, k + 1, _span(tokens, 0, k), tok.text)  # "Ersten Angaben (…) zufolge"
        elif low == "nach" and k + 1 < n:
            j = k + 1
            while j < n and tokens[j].is_word and j < k + 4 and (_modifier(tokens[j]) or _genitive_name(tokens, j)):
                j += 1  # determiners, adjectives and genitive names: "nach bisherigen", "Nach Grupps"
            # "nach anderen Angaben 110 Kilometer": another figure beside the one stated, not a report
            if j < n and is_source_noun(tokens[j].low) and not tokens[k + 1].low.startswith("andere"):
                end = max(noun_phrase(tokens, j), j + 1)
                first = j + 2 if j + 1 < end and tokens[j + 1].low in {"von", "vom"} else j + 1
                speaker = _span(tokens, first, end) if end > first else None  # "nach eigenen Angaben": none
                if speaker is None and is_pronoun(tokens[k + 1].text):
                    speaker = _span(tokens, k + 1, k + 2)  # "nach seinen Angaben"
                if speaker is None and tokens[k + 1].low.startswith("eigene"):
                    speaker = _own_statement_subject(tokens, k, end)  # "Russland hatte nach eigenen Angaben …"
                elif speaker is None:
                    speaker = _span(tokens, k + 1, j + 1)  # "nach offiziellen Angaben": the statement itself
                return _around(tokens, k, end, speaker, "nach " + tokens[j].text)
        if low == "nach" and k >= 2 and is_source_noun(tokens[k - 1].low) and tokens[k - 2].is_word:
            # "Seiner Meinung nach", "Ihrer Ansicht nach"
            return _around(tokens, k - 2, k + 1, _span(tokens, k - 2, k - 1), f"{tokens[k - 1].text} nach")
        if low == "wie" and k + 2 < n and (k == 0 or tokens[k - 1].text == ","):
            first = _skip_adverbs(tokens, k + 1)  # "Wie schon die WHO sagte"
            if tokens[first].low in _ORIGINS:
                first += 1  # "Wie aus dem Ministerium verlautete"
            j = noun_phrase(tokens, first)
            if j > first:
                for v in range(j, min(n, j + 12)):
                    if tokens[v].text in ".;:":
                        break
                    ends = v + 1 == n or tokens[v + 1].text in ",."
                    if ends and _CUE_FORMS.get(tokens[v].low):
                        who = _span(tokens, first, _apposition_end(tokens, j))
                        return _around(tokens, k, v + 1, who, f"wie {tokens[v].text}")
        if low == "wonach" and k >= 2 and tokens[k - 1].text == ",":
            start = noun_phrase_before(tokens, k - 1)
            speaker = _span(tokens, start, k - 1) if start < k - 1 else None
            clause = _clause(tokens, k + 1, n)
            if clause:
                return Attribution(clause, speaker, tok.text, previous=speaker is None, position=tok.start)
        elif low == "demnach" and k <= 1:
            return Attribution(_clause(tokens, k + 1, n), None, tok.text, previous=True, position=tok.start)
    return None


def _modifier(t: Token) -> bool:
    """A lower-case word between `nach` and a statement noun (`nach bisherigen`); not `nach wie vor`."""
    return t.is_lower and t.low != "wie"


def _genitive_name(tokens: list[Token], j: int) -> bool:
    """`Nach Grupps Angaben`: a name in the genitive right before a statement noun (not `nach Abschluss der …`)."""
    text = tokens[j].text
    return text.endswith("s") and not text.endswith("ss") and j + 1 < len(tokens) and is_source_noun(tokens[j + 1].low)


def _who_or_said(phrase: list[Token]) -> bool:
    """Whether a noun phrase names a speaker or a statement (`gemäß einem Sprecher`, `gemäß der Zeitung`), not the
    rule something follows (`gemäß der Verordnung`)."""
    for t in phrase:
        person = role_of(t.text) or (t.low.endswith(("n", "s")) and role_of(t.text[:-1]))  # "einem Augenzeugen"
        if t.is_cap and (person or org_head(t.text) or is_media(t.text) or is_source_noun(t.low)):
            return True
        if len(t.text) > 1 and t.text.isupper():
            return True  # an acronym: an organisation
    return sum(1 for t in phrase if t.is_cap and t.low not in DETERMINERS) >= 2  # a name: "gemäß Anna Muster"


def _own_statement_subject(tokens: list[Token], k: int, end: int) -> tuple[int, int] | None:
    """Who speaks in `nach eigenen Angaben`: the subject opening the sentence, or the one after the verb."""
    if k > 0:
        j = noun_phrase(tokens, 0)
        return _span(tokens, 0, j) if j > 0 and not is_pronoun(tokens[0].text) else None
    j = noun_phrase(tokens, end + 1)
    return _span(tokens, end + 1, j) if j > end + 1 else None


def _relative_source(tokens: list[Token], comma: int, after: int, cue: str) -> Attribution | None:
    """`X, laut dem …` / `X, denen zufolge …`: the relative clause reports, X is the source."""
    start = noun_phrase_before(tokens, comma)
    speaker = _span(tokens, start, comma) if start < comma else None
    clause = _clause(tokens, after, len(tokens))
    return Attribution(clause, speaker, cue, position=tokens[comma].start) if clause else None


def _around(tokens: list[Token], i: int, j: int, speaker: tuple[int, int] | None, cue: str) -> Attribution | None:
    """The reported clause around the source phrase `tokens[i:j]`: the larger side of its part of the sentence
    (a `;` separates parts: "…; nach Angaben der X sei …")."""
    lo = next((c + 1 for c in range(i - 1, -1, -1) if tokens[c].text == ";"), 0)
    before = _clause(tokens, lo, i)
    after = _clause(tokens, j, len(tokens))
    size_b = before[1] - before[0] if before else 0
    opening = _clause_opening(tokens, i)
    # "…: Zukünftig genügt …" is a sentence of its own, unless the phrase reports what stands before it
    colon = _new_clause_colon(tokens, j)
    cut = _clause(tokens, j, colon) if colon < len(tokens) else None
    if cut is not None and (opening is not None or cut[1] - cut[0] >= size_b):
        after = cut
    size_a = after[1] - after[0] if after else 0
    clause = after if size_a >= size_b else before
    if opening is not None and after is not None and tokens[j].text not in _BOUNDARIES:
        clause = (opening, after[1])
        if i > 1 and tokens[i - 1].low in _RELATIVE and tokens[i - 2].text == ",":
            clause = (opening, _relative_end(tokens, j, after[1]))
    if clause is None:
        return None
    return Attribution(clause, speaker, cue, position=tokens[i].start)


def _new_clause_colon(tokens: list[Token], j: int) -> int:
    """The first `:` from `tokens[j]` that opens a sentence of its own (`…: Zukünftig genügt …`), else the end.

    Not a time (`15:30`), a quote or a list announced by `folgende`."""
    for c in range(j, len(tokens) - 1):
        if tokens[c].low.startswith("folgend"):
            break
        if tokens[c].text == ":" and tokens[c + 1].is_cap and not tokens[c - 1].text[-1:].isdigit():
            return c
    return len(tokens)


def _relative_end(tokens: list[Token], j: int, end: int) -> int:
    """Where a relative clause from `tokens[j]` ends: at a comma before the main clause's verb (`Der Schaden, der
    laut X hoch war, musste …`), else at `end`."""
    for c in range(j, len(tokens) - 1):
        after = tokens[c + 1]
        if tokens[c].text == "," and after.is_lower and after.low not in _CLAUSE_ONGOING:
            return tokens[c - 1].end
    return end


_BOUNDARIES = frozenset({",", ";", ":", "–", "(", ")"})
# Conjunctions that open a subordinate clause right before a source phrase: "…, weil laut X …".
_CLAUSE_LINKS = _SUBORDINATORS | _FRONTED_CLAUSE | {"da", "wobei", "sodass", "damit"}
# Words after a comma that go on with a subordinate clause rather than return to the main clause.
_CLAUSE_ONGOING = _CLAUSE_LINKS | _RELATIVE | _NOT_REPORTING | {"wie", "zu", "um"}


def _clause_opening(tokens: list[Token], i: int) -> int | None:
    """`weil er sich nach Auffassung des Gerichts strafbar gemacht hat`: a source phrase inside its clause.

    The report then starts where that clause starts (the sentence or the last comma before the phrase), if
    words of the clause stand before the phrase; returns its first character offset.
    """
    start = i
    while start > 0 and tokens[start - 1].text not in _BOUNDARIES:
        start -= 1
    if start > 0 and tokens[0].low in _SUBORDINATE_OPENERS:
        start = 0  # "Nachdem …, ist es laut X zu … gekommen": the fronted clause belongs to the report
    left = [t for t in tokens[start:i] if t.is_word]
    if len(left) == 1 and start > 0 and (left[0].low in _CLAUSE_LINKS or left[0].low in _RELATIVE):
        return tokens[start].start  # "…, da nach Angaben der X …", "…, das nach Angaben der X …": that clause
    verb_like = any(t.is_lower and t.low not in DETERMINERS for t in left)  # not "Den Angaben der X zufolge"
    return tokens[start].start if len(left) >= 2 and verb_like else None


def _trailing(tokens: list[Token]) -> Attribution | None:
    """`…, sagte X.`, `…, so X.`, `…, teilte X mit.`, `…, wie X mitteilte.`."""
    if tokens and tokens[0].low in _FRONTED_BEFORE_CUE:
        verb = next((k for k, t in enumerate(tokens) if t.low in _TRAILING_WORDS), len(tokens))
        if not subjunctive(tokens[:verb], strict=True):
            return None  # "Nachdem …, sagte X …": a fronted adverbial clause, not what was said
        # "Während …, seien die Löhne gestiegen, sagte X": the fronted clause belongs to the report
    for c in _commas(tokens):
        if c == 0 or c + 1 >= len(tokens) or tokens[c].text in ":;":
            continue
        k = c + 1
        low = tokens[k].low
        speaker: tuple[int, int] | None = None
        cue: str | None = None
        if low == "so":
            j = noun_phrase(tokens, k + 1)
            follows = tokens[j] if j < len(tokens) else None
            if j > k + 1 and (follows is None or not follows.is_word or follows.low in _GLUE):
                speaker, cue = _span(tokens, k + 1, j), "so"
        elif low in _PERFECT_AUX and _reported(tokens, c) and (last := _closing_participle(tokens, k)) is not None:
            speaker, cue = _speaker_after(tokens, k + 1), f"{tokens[k].text} {tokens[last].text}"
        else:
            if low in {"das", "dies"} and k + 1 < len(tokens):
                k += 1  # "…, das teilte das Institut mit."
            cue = _cue_at(tokens, k, len(tokens))
            if cue is not None:
                speaker = _speaker_after(tokens, k + 1) or _before_particle(tokens, k, cue)
        if speaker and cue and _is_clause(tokens[:c]) and not _subject_only(tokens, c):
            return Attribution(_clause(tokens, 0, c), speaker, cue)
    return None


def _before_particle(tokens: list[Token], k: int, cue: str) -> tuple[int, int] | None:
    """`…, teilte die zur Universität gehörende Stiftung mit.`: the noun phrase closing a speaker phrase that
    opens with an article after the verb at `k` and runs up to the particle ending the sentence."""
    last = len(tokens) - 1 if tokens[-1].is_word else len(tokens) - 2
    if " " not in cue or last <= k + 2 or tokens[last].text != cue.split()[-1] or tokens[k + 1].low not in DETERMINERS:
        return None
    start = noun_phrase_before(tokens, last)
    while start < last and tokens[start].is_lower:
        start += 1  # not the participle: "gehörende"
    return _span(tokens, start, last) if start < last else None


_PERFECT_AUX = lexicon.words("perfect_aux")


def _reported(tokens: list[Token], c: int) -> bool:
    """Whether the clause `tokens[:c]` is marked as reported by itself: a direct quote or a subjunctive verb."""
    return tokens[0].text in '«»„“"' or _index(tokens).subjunctive_before(c)


def _closing_participle(tokens: list[Token], k: int) -> int | None:
    """`…, hatte der Minister am Montag gesagt.`: the cue participle closing the sentence after the auxiliary at `k`."""
    last = len(tokens) - 1
    while last > k and not tokens[last].is_word:
        last -= 1
    if last <= k + 1 or _index(tokens).next_stop(k + 1) < last:
        return None
    return last if _cue_at(tokens, last, len(tokens)) is not None else None


def _is_name_run(tokens: list[Token], k: int) -> bool:
    """Whether `tokens[:k]` read as one name: capitalised first and last, nothing but words between."""
    return tokens[0].is_cap and tokens[k - 1].is_cap and all(t.is_word for t in tokens[:k])


def _subject_only(tokens: list[Token], c: int) -> bool:
    """Whether `tokens[:c]` is a noun phrase with its apposition or relative clause (`Der Minister, Max Muster,
    sagte`, `Max Muster, einer der Unterzeichner, die …, verurteilte`): the subject of the verb, not a report."""
    j = noun_phrase(tokens, 0)
    if j > 0 and j + 1 < c and tokens[j].text == "," and tokens[j + 1].low in _OPENS_APPOSITION:
        return True
    return j > 0 and (j == c or _apposition_end(tokens, j) == c)


def _is_clause(tokens: list[Token]) -> bool:
    """Whether `tokens` can be a reported clause: some words, one of them lower-case and not a determiner."""
    words = [t for t in tokens if t.is_word]
    if tokens and tokens[0].text in '«»„“"' and tokens[-1].text in '«»“”"':
        return True  # a direct quote
    if words and any(t.text in '«»„“"' for t in tokens) and any(t.is_lower for t in words):
        return True  # partly quoted: "Die «…» hätten «…», so X"
    return len(words) >= 3 and any(t.is_lower and t.low not in DETERMINERS and t.low not in _GLUE for t in words)


def _opens_report(tokens: list[Token], i: int, *, question: bool = False) -> bool:
    """Whether the clause at `tokens[i]` after a cue verb's comma reports: not a relative or adverbial clause.

    `was` opens what was asked after a question verb (`fragte, was …`), elsewhere a relative clause."""
    first = tokens[i]
    if first.low in _NOT_REPORTING or (first.low == "was" and not question):
        return False
    return not (first.low in _RELATIVE and noun_phrase(tokens, i) == i)


def _leading(tokens: list[Token]) -> Attribution | None:
    """`X sagte, dass …`, `X sagte: «…»`, `Am Montag erklärte X, …`, `X sprach von «…»`."""
    n = len(tokens)
    index = _index(tokens)
    first: Attribution | None = None
    for k in [k for k, t in enumerate(tokens) if t.low in _CUE_FORMS]:
        until = index.next_subordinator(k + 1)
        cue = _cue_at(tokens, k, until)
        if cue is None:
            continue
        last = k
        if " " in cue:
            last = index.first_text(k + 1, cue.split()[-1], until)
        stop = index.next_stop(last)
        speaker = _subject(tokens, k)
        if speaker is not None and last > k and speaker[0] <= tokens[last].start < speaker[1]:
            speaker = None  # "… und ist der Meinung, dass": the noun belongs to the cue, not the speaker
        impersonal = speaker is None and (tokens[0].low == "es" or _passive(tokens, k))
        that = index.next_that(k + 1)
        if speaker is None and not impersonal and that:
            j = noun_phrase(tokens, 0)  # "Er rief die Polizei und teilte mit, dass …": the sentence subject
            if j > 0:
                speaker = _span(tokens, 0, j)
        if speaker is None and not impersonal and 1 < k <= 4 and _is_name_run(tokens, k):
            speaker = _span(tokens, 0, k)  # a name noun phrases do not cover: "Ärzte ohne Grenzen teilte mit"
        if speaker is None and not impersonal:
            continue
        clause = None
        if stop < n - 1:
            opens = _opens_report(tokens, stop + 1, question="frag" in tokens[k].low)
            if opens and (not impersonal or tokens[0].low == "es" or _reports(tokens, stop + 1)):
                clause = _clause(tokens, stop + 1, n)
            elif not impersonal and (end := _reported_relative(tokens, stop + 1)):
                clause = _clause(tokens, stop + 1, end)  # "kündigte einen Vorschlag an, der X untergraben werde"
        elif stop == n and tokens[k].low not in _KNOW_HOW and _infinitive_end(tokens, last + 1):
            clause = _clause(tokens, last + 1, n)  # no comma before it: "hatte angekündigt bald zurückzutreten"
        if impersonal and clause is None:
            continue
        if _denied(tokens, k) and clause is not None and tokens[stop + 1].low in _SUBORDINATORS:
            clause = None  # "wollte nicht bestätigen, dass …": what is denied or left open is not reported
        att = Attribution(clause, speaker, cue, anonymous=impersonal, position=tokens[k].start)
        if clause is not None:
            return att
        first = first or att
    return first


def _reported_relative(tokens: list[Token], i: int) -> int:
    """The end of a relative clause at `tokens[i]` whose verb is Konjunktiv I (the object of a cue described
    as the speaker put it), or 0."""
    if tokens[i].low not in _RELATIVE or (tokens[i].low in {"das", "die", "der"} and noun_phrase(tokens, i) > i + 1):
        return 0
    end = next((c for c in range(i + 1, len(tokens)) if tokens[c].text in ",;:"), len(tokens))
    return end if subjunctive(tokens[i:end], strict=True) else 0


_KNOW_HOW = lexicon.words("know_how")
_INFINITIVE_ZU = re.compile(r"(?:an|auf|aus|ein|mit|vor|zurück|ab|bei|her|hin|nach|weg|fest|frei|teil)zu\w+en$")


def _infinitive_end(tokens: list[Token], i: int) -> bool:
    """Whether `tokens[i:]` is an infinitive clause with `zu` (`bei der Wahl erneut anzutreten`)."""
    words = [t for t in tokens[i:] if t.is_word]
    if len(words) < 3 or not words[-1].is_lower:  # not "verlangen zu können": the cue is in the infinitive
        return False
    return words[-2].low == "zu" or _INFINITIVE_ZU.match(words[-1].low) is not None


def _colon_intro(tokens: list[Token]) -> Attribution | None:
    """`BKA-Präsident Ziercke: «…»`, `In der ARD zeigt sich der Trainer zufrieden: «…»`: who introduces a quote."""
    colon = next((c for c, t in enumerate(tokens) if t.text == ":"), None)
    if colon is None or colon + 1 >= len(tokens) or tokens[colon + 1].text not in '«»„“"':
        return None
    j = noun_phrase(tokens, 0)
    if 0 < j < colon and tokens[0].low in _POSSESSIVE_OPENERS and tokens[j].is_lower:
        return Attribution(None, None, ":", previous=True, position=tokens[colon].start)  # "Seine Zuversicht …: «…»"
    if j > 0 and tokens[0].low not in _NOT_SPEAKERS and (j == colon or tokens[j].is_lower):
        return Attribution(None, _span(tokens, 0, j), ":", position=tokens[colon].start)
    verb = next((v for v in range(1, colon) if tokens[v].is_lower and tokens[v - 1].is_cap), None)
    speaker = _speaker_after(tokens, verb + 1) if verb is not None else None
    return Attribution(None, speaker, ":", position=tokens[colon].start) if speaker else None


def _relative_cue(tokens: list[Token]) -> Attribution | None:
    """`ein Junge, der angab, missbraucht worden zu sein`: a cue verb closing a relative clause on the speaker."""
    n = len(tokens)
    for c in range(1, n - 3):
        if tokens[c].text != "," or tokens[c + 1].low not in _RELATIVE:
            continue
        end = next((e for e in range(c + 2, n) if tokens[e].text in ",;:"), n)
        if end >= n - 1 or _cue_at(tokens, end - 1, end) is None:
            continue
        start = noun_phrase_before(tokens, c)
        clause = _clause(tokens, end + 1, n)
        if start < c and clause and _opens_report(tokens, end + 1):
            return Attribution(clause, _span(tokens, start, c), tokens[end - 1].text, position=tokens[end - 1].start)
    return None


def _that_clause(tokens: list[Token]) -> Attribution | None:
    """`Die Ermittler schließen daraus, dass …`: a subject, any verb, and a `dass` clause that is reported."""
    comma = next((c for c, t in enumerate(tokens) if t.text in ",;:"), None)
    if comma is None or comma + 1 >= len(tokens) or tokens[comma + 1].low not in _SUBORDINATORS:
        return None
    j = noun_phrase(tokens, 0)
    if j == 0 or j >= comma or not tokens[j].is_lower or tokens[0].low in _NOT_SPEAKERS:
        return None
    nouns = [t for t in tokens[:j] if t.is_cap and t.low not in DETERMINERS]
    if not any(role_of(t.text) or org_head(t.text) for t in nouns) and len(nouns) < 2:
        return None  # only a person, an organisation or a name reports; "Die Lage zeigt, dass …" does not
    clause = _clause(tokens, comma + 1, len(tokens))
    return Attribution(clause, _span(tokens, 0, j), tokens[j].text, position=tokens[j].start) if clause else None


def _denied(tokens: list[Token], v: int) -> bool:
    """Whether the verb at `v` is negated: `wollte nicht bestätigen`, `hat nie gesagt`."""
    return v > 0 and tokens[v - 1].low in _NEGATIONS


def _reports(tokens: list[Token], i: int) -> bool:
    """Whether the clause `tokens[i:]` reads as reported speech on its own: a `dass` or `ob`, subjunctive or
    infinitive clause."""
    return tokens[i].low in _SUBORDINATORS or _index(tokens).reporting_from(i)


def _verb_follows(tokens: list[Token], j: int, k: int) -> bool:
    """Whether only adverbs stand between `tokens[j]` and the verb at `k`, or an auxiliary opens them."""
    while j < k and tokens[j].low in _GLUE:
        j += 1
    return j == k or (j < k and tokens[j].low in _AUX)


def _passive(tokens: list[Token], k: int) -> bool:
    """Whether the cue verb at `k` is passive: `wurde mitgeteilt`, `war berichtet worden`, `wurde bekannt`."""
    after = tokens[k + 1].low if k + 1 < len(tokens) else ""
    return _index(tokens).passive_before(k + 1) or after in {"worden", "werden"}


def _not_nominative(tokens: list[Token], i: int, j: int) -> bool:
    """Whether the noun phrase `tokens[i:j]` is no subject: `Dem Sender`, `Der deutschen Zeitung`, `Den Medien`."""
    first = tokens[i].low
    if first in {"dem", "den", "einem"}:
        return True
    return first in {"der", "einer"} and j - i > 2 and tokens[i + 1].low.endswith("en") and tokens[i + 1].is_lower


def _object_first(tokens: list[Token], i: int, j: int, k: int) -> bool:
    """Whether `tokens[i:j]`, before the verb at `k`, is its object: a thing (no role, organisation or name) while
    a pronoun or a bare name followed by `als` stands after the verb (`Die Pläne nannte er …`, `Die Pläne
    bezeichnete Stadtrat X als …`)."""
    if k + 1 >= len(tokens) or any(role_of(t.text) or org_head(t.text) for t in tokens[i:j]):
        return False
    if sum(1 for t in tokens[i:j] if t.is_cap and t.low not in DETERMINERS) >= 2 and tokens[i].low not in DETERMINERS:
        return False  # a name: "Anna Muster sagte"
    after = tokens[k + 1]
    if after.low in {"er", "sie"}:
        return True
    end = noun_phrase(tokens, k + 1)
    return after.is_cap and after.low not in DETERMINERS and end < len(tokens) and tokens[end].low == "als"


def _passive_agent(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """`wurde vom Verband aufgefordert`: the `von` phrase between a passive auxiliary and the cue verb at `k`.

    Not for `zitiert`: who is quoted is the subject, the `von` phrase names who quotes (`von der Zeitung`)."""
    index = _index(tokens)
    if tokens[k].low == "zitiert" or not index.passive_before(k):
        return None
    for a in index.origins_back(k):  # not past a passive auxiliary or punctuation
        if tokens[a - 1].low not in _PREPOSITIONS:
            j = noun_phrase(tokens, a + 1)
            # adverbs only between them: "vom Verband scharf kritisiert"
            if j > a + 1 and index.lower_until(j, k) and index.passive_before(a):
                return _span(tokens, a + 1, j)
    return None


def _closing_apposition(tokens: list[Token], verb: int) -> tuple[int, int] | None:
    """`Der Nachfolger des im Mai verstorbenen Gründers, Max Muster, sagte`: a subject whose noun phrase runs
    too long to follow, closed by a name between commas right before the verb; the span up to that name."""
    if verb < 4 or tokens[verb - 1].text != "," or not tokens[0].is_cap:
        return None
    c = next((c for c in range(verb - 2, 0, -1) if not tokens[c].is_word), 0)
    if tokens[c].text != "," or noun_phrase(tokens, c + 1) != verb - 1 or not tokens[c + 1].is_cap:
        return None
    return _span(tokens, 0, verb - 1)


def _subject(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The subject of the cue verb at `k`: a noun phrase opening the sentence or following the verb."""
    if (agent := _passive_agent(tokens, k)) is not None:
        return agent
    start = 0
    while start < k and tokens[start].low in {"auch", "doch", "aber", "und", "selbst", "sogar", "nur"}:
        start += 1
    if start == 0 and _ADVERB_SHAPE.search(tokens[0].low) and len(tokens) > 1 and tokens[1].is_lower:
        start = k  # "Unmissverständlich sagte …": an adverb, the subject follows the verb
    if tokens[0].low in _SUBORDINATE_OPENERS:
        return _speaker_after(tokens, k + 1)  # "Nachdem …, sagte ein Sprecher …": the subject follows the verb
    if tokens[start].low == "aus" and noun_phrase(tokens, start + 1) > start + 1:
        return _span(tokens, start + 1, noun_phrase(tokens, start + 1))  # "Aus dem Bericht geht hervor"
    if k == start + 1 and is_pronoun(tokens[start].text) and tokens[start].low in DETERMINERS:
        return _span(tokens, start, k)  # a demonstrative standing alone: "Dieser bestätigte, dass …"
    j = noun_phrase(tokens, start)
    while start < j < k and tokens[j].low in _PLACE_LINKS and noun_phrase(tokens, j + 1) > j + 1:
        j = noun_phrase(tokens, j + 1)  # "Ken Rice vom Institut für Astronomie in Edinburgh erklärte"
    subject_end = j
    if start < j < k and tokens[j].low in {"und", "sowie"} and _verb_follows(tokens, noun_phrase(tokens, j + 1), k):
        return _span(tokens, start, subject_end)  # "Die Kommission und die Regierung äußerten": the first of them
    while start < j < k and tokens[j].low in _GLUE:
        j += 1  # "Die Kanadier hingegen sagen"
    if j == k and subject_end > start and _not_nominative(tokens, start, subject_end):
        return _speaker_after(tokens, k + 1) or _span(tokens, start, subject_end)  # "Der Zeitung sagte X"
    if j == k and subject_end > start and _object_first(tokens, start, subject_end, k):
        return _speaker_after(tokens, k + 1)  # "Die Äußerungen bezeichnete er als …"
    if j == k and subject_end > start:
        return _span(tokens, start, subject_end)
    j = subject_end
    if j > start and (j == k or (j < k and tokens[j].low in _AUX)):
        return _span(tokens, start, j)
    if j > start and j < k and tokens[j].text == "," and not is_pronoun(tokens[start].text):
        # an apposition: "Der Sprecher, Max Muster, sagte" / "Max Muster, Sprecher der Stadt, wird zitiert"
        comma = _index(tokens).next_comma(j + 1)
        m = comma if comma < k else None
        if m is not None and (m + 1 == k or tokens[m + 1].low in _AUX):
            return _span(tokens, start, m)
        if m is None and noun_phrase(tokens, j + 1) == k:
            return _span(tokens, start, j)  # an apposition left open: "Max Muster, Sprecher der Stadt sagte"
        if tokens[k - 1].text == "," and tokens[j + 1].low in _OPENS_APPOSITION:
            return _span(tokens, start, j)  # "Max Muster, einer der Unterzeichner, die …, verurteilte"
    second = tokens[k - 1].low == "und" or (k > 1 and tokens[k - 2].low == "und" and tokens[k - 1].low in _AUX)
    if second and subject_end > start:
        end = _apposition_end(tokens, subject_end)  # "Max Muster, der Sprecher, dankte … und ergänzte"
        verb = end + 1 if end > subject_end else end
        if verb < k and tokens[verb].is_lower:
            return _span(tokens, start, end)  # "Er lehnte ab und bezeichnete …", "… und hatte gefragt"
    first_verb = min(_index(tokens).next_aux(start), k)
    if start == 0 and (closed := _closing_apposition(tokens, first_verb)) is not None:
        return closed
    if first_verb < k and tokens[first_verb].low in _PASSIVE_AUX:
        if tokens[k].low == "zitiert" and j > start and j == first_verb:
            return _span(tokens, start, j)  # "Der Minister wird mit den Worten zitiert": the one quoted
        if tokens[k].low == "zitiert" and noun_phrase(tokens, first_verb + 1) > first_verb + 1:
            return _span(tokens, first_verb + 1, noun_phrase(tokens, first_verb + 1))  # "Dazu wird X zitiert"
        return None  # "wurde bekannt gegeben": no speaker
    return _speaker_after(tokens, first_verb + 1)


def find(masked: str, start: int, end: int) -> Attribution | None:
    """The first cue in `masked[start:end]` (a sentence, direct quotes blanked), in pattern order."""
    return find_at(masked[start:end], start)


def find_at(sentence: str, start: int) -> Attribution | None:
    """`find` on a sentence already cut out of the masked paragraph at offset `start`."""
    att = find_cached(sentence)
    if att is None or start == 0:
        return att
    return Attribution(
        _shift(att.clause, start),
        _shift(att.speaker, start),
        att.cue,
        att.anonymous,
        att.backward,
        att.previous,
        att.position + start,
    )


@lru_cache(maxsize=SENTENCE_CACHE)
def find_cached(sentence: str) -> Attribution | None:
    """`find_in` on one sentence, offsets relative to it; sentences recur (`«…», sagte er.` with quotes blanked)."""
    return find_in(sentence_tokens(sentence))


def _shift(span: tuple[int, int] | None, by: int) -> tuple[int, int] | None:
    return None if span is None else (span[0] + by, span[1] + by)


def find_in(tokens: list[Token]) -> Attribution | None:
    """The first cue in the tokens of one sentence (direct quotes blanked), in pattern order."""
    if not tokens or asks_addressee(tokens):
        return None
    lows = {t.low for t in tokens}
    cue_verb = not lows.isdisjoint(_CUE_WORDS)
    att = _back_reference(tokens) if cue_verb else None
    if att is None and not lows.isdisjoint(_SAY_IT):
        att = _say_it_any(tokens)
    if att is None and not lows.isdisjoint(_TRAILING_WORDS):
        att = _trailing(tokens)
    if att is not None:
        return att
    # "Dies gab – nach Untersuchungen der Institute – X bekannt": the report is the sentence before
    refers_back = len(tokens) > 1 and tokens[0].low in {"das", "dies", "dieses"} and tokens[1].low in _CUE_WORDS
    phrase = _source_phrase(tokens) if not refers_back and not lows.isdisjoint(_SOURCE_WORDS) else None
    leading = _leading(tokens) if cue_verb else None
    if phrase is None and leading is None:
        if cue_verb and (att := _relative_cue(tokens)) is not None:
            return att
        if not lows.isdisjoint(_REASONS) and (att := _with_reason(tokens)) is not None:
            return att
        if not lows.isdisjoint(_CLAIMS) and (att := _claim_content(tokens)) is not None:
            return att
        if not lows.isdisjoint(_SUBORDINATORS) and (att := _that_clause(tokens)) is not None:
            return att
        return _colon_intro(tokens) if ":" in lows else None
    if phrase is None or leading is None:
        return phrase or leading
    return leading if leading.position < phrase.position else phrase


_REASONS = lexicon.words("reason_nouns")


def _with_reason(tokens: list[Token]) -> Attribution | None:
    """`X lehnte mit der Begründung ab, …`, `… war von X mit dem Hinweis abgelehnt worden, …`, `X trat dem mit
    den Worten entgegen, …`: the clause after the comma is what was given, by the passive agent or the subject."""
    n = len(tokens)
    for k in range(1, n - 4):
        if tokens[k].low != "mit" or tokens[k + 1].low not in DETERMINERS or tokens[k + 2].low not in _REASONS:
            continue
        c = next((c for c in range(k + 3, min(n - 1, k + 7)) if not tokens[c].is_lower), None)
        if c is None or tokens[c].text != "," or not _opens_report(tokens, c + 1):
            return None
        passive = any(t.low in _PASSIVE_AUX for t in tokens)
        agent = next((a for a in range(k - 2, 0, -1) if tokens[a].low in {"von", "vom"}), None)
        if passive and agent is not None and noun_phrase(tokens, agent + 1) == k:
            speaker = _span(tokens, agent + 1, k)  # "war von der Junta mit dem Hinweis abgelehnt worden"
        else:
            speaker = None if passive else clause_subject(tokens, k)  # a passive subject is what was refused
        cue = " ".join(t.text for t in tokens[k : k + 3])
        return Attribution(_clause(tokens, c + 1, n), speaker, cue, anonymous=speaker is None, position=tokens[k].start)
    return None


_CLAIMS = lexicon.words("claim_nouns")


def _claim_content(tokens: list[Token]) -> Attribution | None:
    """`Auf den Vorwurf der Partei, es handele sich um …, entgegnete …`: a claim noun whose content follows after a
    comma in Konjunktiv I is reported, by the genitive after the noun if there is one."""
    n = len(tokens)
    for k in range(n - 3):
        if tokens[k].low not in _CLAIMS:
            continue
        j = noun_phrase(tokens, k + 1) if tokens[k + 1].low in {"der", "des", "von", "vom"} else k + 1
        if j >= n - 1 or tokens[j].text != "," or not _opens_report(tokens, j + 1):
            continue
        end = next((c for c in range(j + 2, n) if tokens[c].text in ",;"), n)
        if not subjunctive(tokens[j + 1 : end], strict=True):
            continue
        while end < n - 1 and (tokens[end + 1].low in _RELATIVE or tokens[end + 1].low in _SUBORDINATORS):
            end = next((c for c in range(end + 2, n) if tokens[c].text in ",;"), n)  # "…, mit dem man …"
        first = k + 2 if j > k + 1 and tokens[k + 1].low in {"von", "vom"} else k + 1
        speaker = _span(tokens, first, j) if j > k + 1 else clause_subject(tokens, k)
        clause = _clause(tokens, j + 1, end)
        if clause:
            return Attribution(clause, speaker, tokens[k].text, anonymous=speaker is None, position=tokens[k].start)
    return None


def clause_subject(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The subject of a main clause before `tokens[k]`: a noun phrase before the verb (`Die Stadt lehnte …`) or
    right after it (`Am Montag lehnte die Stadt …`)."""
    j = noun_phrase(tokens, 0)
    if 0 < j < k and tokens[j].is_lower and tokens[0].low not in _NOT_SPEAKERS:
        return _span(tokens, 0, j)
    verb = next((v for v in range(1, k) if tokens[v].is_lower and tokens[v - 1].is_cap), None)
    speaker = _speaker_after(tokens, verb + 1) if verb is not None else None
    return speaker if speaker and speaker[1] <= tokens[k].start else None


def _say_it_any(tokens: list[Token]) -> Attribution | None:
    return _say_it(tokens, len(tokens))
