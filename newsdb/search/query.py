"""The search syntax: user input -> a small, safe AST -> FTS5 MATCH text or a PostgreSQL tsquery.

Syntax::

    Kasachstan Festnahmen          every word must occur (stemmed: `Festnahme` finds `Festnahmen`)
    "russische Truppen"            an exact phrase
    Almaty OR Astana               either (OR binds tighter than the implicit AND)
    Kasachstan -Russland           without articles containing `Russland`; `-"..."` excludes a phrase
    Ex-Sowjetrepublik, 10'000      words joined by punctuation are a phrase of their parts

Plurals in `-s`, which the stemmer leaves alone, are found both ways: `Kita` finds `Kitas` and `Kitas` finds
`Kita` (`newsdb.search.terms.plural_variants`).

Case and punctuation do not matter; `AND` between terms is allowed and changes nothing. German stop words
(`die`, `und`, ...) are ignored, inside phrases they stand for one word. Only the words reach the database:
each rendered term is a quoted stem (FTS5) or a quoted word (tsquery) of letters and digits, passed as a bound
parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdb.errors import NewsdbError
from newsdb.search import terms

# More words than anyone types; PostgreSQL runs out of stack on a tsquery of some 16,000.
MAX_WORDS = 1_000


class SearchQueryError(NewsdbError):
    """A search query that cannot be searched for (unbalanced quote, dangling OR, only stop words, ...)."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """Consecutive lower-cased words; stop words inside hold a position. A single word is a phrase of one."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Query:
    """Every group must match (a group matches when any of its phrases does); no excluded phrase may."""

    groups: tuple[tuple[Phrase, ...], ...]
    excluded: tuple[Phrase, ...]

    def stems(self) -> frozenset[str]:
        """The stems of the words being looked for (for highlighting)."""
        return frozenset(
            terms.stem(v)
            for group in self.groups
            for p in group
            for w in p.words
            if not terms.is_stop_word(w)
            for v in terms.plural_variants(w)
        )


@dataclass(frozen=True, slots=True)
class _Term:
    phrase: Phrase
    negated: bool


_OR, _AND = "OR", "AND"
_Token = _Term | str


def parse_query(text: str) -> Query:
    """Parse user input; raise SearchQueryError with a plain explanation when it cannot be searched."""
    if not isinstance(text, str):  # bytes would be read as numbers, one per byte
        raise TypeError(f"the search query must be a str, not {type(text).__name__}")
    tokens = _lex(text)
    groups: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i > 0 else None
        if isinstance(token, str):
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if not (isinstance(before, _Term) and isinstance(after, _Term)):
                raise SearchQueryError(f"{token} needs a search term on both sides")
            if token == _OR and (before.negated or after.negated):
                raise SearchQueryError("OR cannot join an exclusion (-word); write the exclusions separately")
        elif token.negated:
            excluded.append(token.phrase)
        elif before == _OR:
            groups[-1].append(token.phrase)
        else:
            groups.append([token.phrase])
    words = sum(len(phrase.words) for phrase in [*excluded, *(p for group in groups for p in group)])
    if words > MAX_WORDS:
        raise SearchQueryError(f"the query has {words:,} words, more than the {MAX_WORDS:,} a search takes: shorten it")
    return _without_stop_words(text, groups, excluded)


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-"
        start = i + 1 if negated else i
        if start < n and text[start] == '"':
            end = text.find('"', start + 1)
            if end < 0:
                raise SearchQueryError('unbalanced quote: close the phrase with "')
            raw, i = text[start + 1 : end], end + 1
        else:
            end = start
            while end < n and not text[end].isspace() and text[end] != '"':
                end += 1
            raw, i = text[start:end], end
            if raw in (_OR, _AND) and not negated:
                tokens.append(raw)
                continue
        words = terms.words(raw)
        if words:  # punctuation alone (`*`, `';`) is not a term
            tokens.append(_Term(Phrase(tuple(words)), negated))
    return tokens


def _strip_stop_words(phrase: Phrase) -> Phrase | None:
    words = list(phrase.words)
    while words and terms.is_stop_word(words[0]):
        words.pop(0)
    while words and terms.is_stop_word(words[-1]):
        words.pop()
    return Phrase(tuple(words)) if words else None


def _without_stop_words(text: str, groups: list[list[Phrase]], excluded: list[Phrase]) -> Query:
    # A phrase of stop words only matches nothing on PostgreSQL and is dropped there; drop it here as well.
    kept_groups = []
    for group in groups:
        kept = tuple(p for p in map(_strip_stop_words, group) if p is not None)
        if kept:
            kept_groups.append(kept)
    kept_excluded = tuple(p for p in map(_strip_stop_words, excluded) if p is not None)
    if not kept_groups:
        if not text.strip() or (not groups and not excluded):
            raise SearchQueryError("empty search query: give at least one word to search for")
        if groups:
            raise SearchQueryError("the query has only stop words (die, und, ...): add a word that carries meaning")
        raise SearchQueryError("the query only excludes (-word): add a word to search for")
    return Query(tuple(kept_groups), kept_excluded)


def to_fts5(query: Query) -> str:
    """FTS5 MATCH text: every phrase a double-quoted string of stems (stop words as the placeholder)."""
    matched = " AND ".join(f"({' OR '.join(map(_fts5_phrase, group))})" for group in query.groups)
    if not query.excluded:
        return matched
    return f"({matched}) NOT ({' OR '.join(map(_fts5_phrase, query.excluded))})"


# A phrase whose words have plural variants becomes one FTS5 phrase per combination, up to this many.
MAX_PHRASE_VARIANTS = 16


def _fts5_phrase(phrase: Phrase) -> str:
    # Words are letters and digits only (terms.WORD), so they cannot contain a double quote.
    variants: list[list[str]] = [[]]
    for word in phrase.words:
        if terms.is_stop_word(word):
            stems = [terms.STOP_PLACEHOLDER]
        else:
            stems = list(dict.fromkeys(terms.stem(v) for v in terms.plural_variants(word)))
        if len(variants) * len(stems) > MAX_PHRASE_VARIANTS:
            stems = stems[:1]
        variants = [[*done, stem] for done in variants for stem in stems]
    phrases = ['"' + " ".join(stems) + '"' for stems in variants]
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def to_tsquery(query: Query) -> str:
    """Text for `to_tsquery('german', :q)`: quoted words, PostgreSQL stems them; stop words set distances."""
    parts = [f"({' | '.join(map(_tsquery_phrase, group))})" for group in query.groups]
    parts += [f"!({_tsquery_phrase(p)})" for p in query.excluded]
    return " & ".join(parts)


def _tsquery_phrase(phrase: Phrase) -> str:
    # `'a' <2> 'b'`: b follows a two positions later, the stop word between takes one position.
    # A word with a plural variant is `('kita' | 'kitas')`, which phrases accept too. The variants are capped
    # as on SQLite (`MAX_PHRASE_VARIANTS`), so that both backends look for the same words.
    out, distance, combinations = "", 0, 1
    for word in phrase.words:
        distance += 1
        if terms.is_stop_word(word):
            continue
        variants = terms.plural_variants(word)
        if combinations * len(variants) > MAX_PHRASE_VARIANTS:
            variants = variants[:1]
        combinations *= len(variants)
        term = f"'{word}'" if len(variants) == 1 else "(" + " | ".join(f"'{v}'" for v in variants) + ")"
        out += term if not out else f" <{distance}> {term}"
        distance = 0
    return out
