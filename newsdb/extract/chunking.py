"""Noun phrases: where one starts and ends in a sentence's tokens, and the word classes that decide it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from newsdb.extract import lexicon
from newsdb.extract.tokens import Token

DETERMINERS = lexicon.words("determiners")


OPENING_MARKS = frozenset('«»„“"')


_CLOSING_MARKS = frozenset('«»“”"')


PARTITIVES = lexicon.words("partitives")


# Particles inside a person's name: "Ursula von der Leyen", "Thomas de Maizière", "Rafael van der Vaart".
NAME_PARTICLES = lexicon.words("name_particles")


WEEKDAYS = lexicon.words("times_of_day")


# Nouns that name a statement rather than who made it: "nach Angaben der Polizei", "einem Bericht zufolge".
SOURCE_NOUNS = re.compile("(?:" + "|".join(sorted(lexicon.words("source_nouns"), key=len, reverse=True)) + ")$")


@lru_cache(maxsize=65536)
def is_source_noun(low: str) -> bool:
    """Whether the lower-cased word names a statement (`SOURCE_NOUNS`); cached, the pattern is a long alternation."""
    return SOURCE_NOUNS.search(low) is not None


_ADJ_ENDINGS = ("e", "en", "er", "es", "em")


GENITIVE_LINKS = lexicon.words("genitive_links")
_GENITIVE_ARTICLES = lexicon.words("genitive_articles")
_VON_FORMS = lexicon.words("von_forms")
_PARTICLE_ARTICLES = lexicon.words("particle_articles")


GLUE = lexicon.words("opening_adverbs")


PRONOUNS = lexicon.pronouns()


POSSESSIVES = lexicon.possessives()


def is_pronoun(word: str) -> bool:
    """A personal pronoun (`er`) or a possessive (`seinen`) that can refer to a speaker."""
    low = word.casefold()
    return low in PRONOUNS or low in POSSESSIVES


_FINITE_VERBS = lexicon.words("finite_verbs")


def is_adjective(tok: Token) -> bool:
    if not (tok.is_lower and tok.is_word and len(tok.text) >= 4 and tok.text.endswith(_ADJ_ENDINGS)):
        return False
    return tok.low not in GLUE and tok.low not in DETERMINERS and tok.low not in _FINITE_VERBS


_NAME_LIKE = re.compile(r"\w*[\d\-.A-ZÄÖÜ]")  # lower-case brands and names: "n-tv", "n24", "eBay", "faz.net"


def is_noun(tok: Token) -> bool:
    if not tok.is_word or tok.low in GLUE or tok.low in DETERMINERS:
        return False
    return tok.is_cap or (tok.is_lower and bool(_NAME_LIKE.match(tok.text)) and tok.text[-1] != "-")


def particle_end(tokens: Sequence[Token], j: int) -> int:
    """The index past a name particle run starting at `j` (`von der Leyen`, `de Maizière`), or `j`."""
    if j >= len(tokens) or tokens[j].low not in NAME_PARTICLES:
        return j
    k = j + 1
    if k < len(tokens) and tokens[k].low in _PARTICLE_ARTICLES:
        k += 1
    if k < len(tokens) and tokens[k].is_cap and tokens[k].is_word and not org_head(tokens[k].text):
        return k + 1
    return j


def takes_particle(words: Sequence[Token], particle: Token) -> bool:
    """Whether the name words so far can go on with `particle`: after a person's name, not a role or an
    organisation; `von` only after a first name ("Ursula von der Leyen", but "Lena Brandt von Siemens")."""
    if particle.low not in NAME_PARTICLES:
        return False
    last = words[-1]
    if not last.is_cap or role_of(last.text) or org_head(last.text):
        return False
    if particle.low != "von":
        return True
    # a statement or an abstract noun is no first name: "Einer Meldung von Xinhua", "Die Speicherung von Daten"
    return sum(1 for t in words if not role_of(t.text)) == 1 and not (
        is_source_noun(last.low) or _ABSTRACT_NOUN.search(last.low)
    )


# More adjectives than any noun phrase has before its noun; a longer run is scanned no further (from each of its
# words, scanning it to its end would make a long run quadratic).
_MOST_ADJECTIVES = 8
_ABSTRACT_NOUN = re.compile(r"..(?:ung|heit|keit|schaft|tion|tät|nis|ismus|ment)$")


def noun_phrase(tokens: list[Token], i: int, *, attachments: bool = True) -> int:
    """The index after the noun phrase that starts at `tokens[i]`, or `i` when none starts there."""
    n = len(tokens)
    j = i
    if j + 2 < n and tokens[j].low in PARTITIVES and tokens[j + 1].low in _GENITIVE_ARTICLES:
        k = noun_phrase(tokens, j + 1, attachments=False)  # "Einer der beteiligten Feuerwehrleute"
        return k if k > j + 1 else i
    if j < n and tokens[j].low in DETERMINERS:
        j += 1
    if j + 1 < n and j > i and tokens[j].text.isdigit():
        j += 1  # "die 13 beteiligten Feuerwehrleute"
    adjectives = j
    while j + 1 < n and is_adjective(tokens[j]) and (is_adjective(tokens[j + 1]) or is_noun(tokens[j + 1])):
        j += 1
        if j - adjectives > _MOST_ADJECTIVES:
            return i  # a run of lower-case words (`sagte habe sagte habe …`), no adjectives of one noun
    if j < n and tokens[j].low in PRONOUNS and j == i:
        return j + 1
    if j + 1 < n and j > i and tokens[j].text in OPENING_MARKS and tokens[j + 1].text in _CLOSING_MARKS:
        return j + 2  # a quoted name, its inside blanked: der „Deutsche Fußball-Bund“
    if j == i < n and tokens[j].is_cap and particle_end(tokens, j) > j:
        return particle_end(tokens, j)  # "Von der Leyen sagte"
    if j >= n or not is_noun(tokens[j]) or tokens[j].low in WEEKDAYS:
        return i
    first = j
    while j < n and is_noun(tokens[j]) and tokens[j].low not in WEEKDAYS:
        j += 1
        # the particle first: the words so far are copied only before one (a run of 100,000 nouns stays linear)
        if j < n and tokens[j].low in NAME_PARTICLES and takes_particle(tokens[first:j], tokens[j]):
            j = particle_end(tokens, j)
    if (
        j + 1 < n
        and tokens[j].text in OPENING_MARKS
        and tokens[j + 1].text in _CLOSING_MARKS
        and is_media(tokens[j - 1].text)
    ):
        j += 2  # a name in quotes after its noun: der Fernsehsender „Channel 10“
    if j + 2 < n and tokens[j].text == "(":  # "Günther Oettinger (CDU)"
        close = next((c for c in range(j + 1, min(n, j + 8)) if tokens[c].text == ")"), None)
        if close is not None:
            j = close + 1
    if attachments and j + 1 < n and is_adjective(tokens[j]) and tokens[j].low.endswith("er"):
        k = noun_phrase(tokens, j, attachments=False)  # a plural genitive: "Angaben libanesischer Kreise"
        if k > j + 1:
            return k
    if j + 1 < n and tokens[j].low == "für" and org_head(tokens[j - 1].text) is not None:
        k = noun_phrase(tokens, j + 1, attachments=False)  # "Bundesamt für Statistik"
        if k > j + 1:
            j = k
    if not attachments:
        return j
    core = [t for t in tokens[i:j] if t.is_cap and t.low not in DETERMINERS]
    name_like = len(core) >= 2 and not any(role_of(t.text) or org_head(t.text) for t in core[-2:])
    for _ in range(0 if name_like else 3):  # "der Leiter des Programms der WHO"
        if not (j + 1 < n and tokens[j].low in GENITIVE_LINKS):
            break
        if tokens[j - 1].text.isupper() and tokens[j].low in _GENITIVE_ARTICLES:
            break  # an acronym ends the chain: "laut einer Mitteilung des BMI der Verbesserung …"
        k = noun_phrase(tokens, j + 1 if tokens[j].low in _VON_FORMS else j, attachments=False)
        if k <= j + 1:
            break
        j = k
    return j


def noun_phrase_before(tokens: list[Token], end: int) -> int:
    """The start index of a noun phrase that ends exactly before `tokens[end]`, or `end` when none does.

    Of the phrases ending there, the longest one that opens at a phrase boundary (an article, the sentence
    start, punctuation or a preposition) wins; else the shortest one with the adjectives right before it.
    """
    starts = [s for s in range(max(0, end - 8), end) if noun_phrase(tokens, s) == end]
    # "Sie stammen Zeitungsberichten zufolge …": right after the sentence's subject stands its verb
    verb = noun_phrase(tokens, 0) if starts and starts[0] > 0 and tokens[starts[0]].is_lower else -1
    starts = [s for s in starts if s > verb]
    if not starts:
        return end
    for s in starts:
        before = tokens[s - 1] if s > 0 else None
        if tokens[s].low in DETERMINERS or before is None or not before.is_word:
            return s
        if before.low in GLUE and not is_adjective(before):
            return s
    s = starts[-1]
    while s - 1 > verb and is_adjective(tokens[s - 1]) and not tokens[s - 1].low.endswith("te"):
        s -= 1
    return s


_ROLES = frozenset(lexicon.roles())


@lru_cache(maxsize=65536)
def role_of(word: str) -> str | None:
    """The role entry `word` ends with (`Regierungssprecherin` -> `sprecherin`), if any."""
    low = word.casefold()
    for k in range(len(low)):  # the longest suffix first
        if low[k:] in _ROLES and (k == 0 or len(low) - k >= 4):
            return low[k:]
    return None


@lru_cache(maxsize=65536)
def is_media(word: str) -> bool:
    """Whether `word` is (or ends with) the head noun of a medium: `Sender`, `Tageszeitung`, `Website`."""
    low = word.casefold()
    return low.endswith(lexicon.media())


@lru_cache(maxsize=65536)
def org_head(word: str) -> str | None:
    """The gender of the organisation head noun `word` ends with, also in the genitive (`Ministeriums`)."""
    heads = lexicon.org_heads()
    low = word.casefold()
    for form in (low, low[:-1] if low.endswith("s") else None, low[:-2] if low.endswith("es") else None):
        if not form:
            continue
        for k in range(len(form)):
            if form[k:] in heads and (k == 0 or len(form) - k >= 3):
                return heads[form[k:]]
    return None
