"""One sentence of a paragraph as the extractor reads it: its span, its text with quotes blanked, its opening."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from newsdb.document import Paragraph
from newsdb.extract import chunking, grammar, lexicon
from newsdb.extract.quotes import QuoteSpan
from newsdb.extract.tokens import SENTENCE_CACHE, sentence_tokens


@dataclass(slots=True, init=False)
class Sentence:
    """One sentence of a paragraph: its span, its text with quotes blanked and the direct quotes in it."""

    paragraph: Paragraph
    start: int
    end: int
    masked: str  # the sentence with quotes blanked
    directs: list[QuoteSpan]

    # Written out: compiled, the `__init__` that `dataclass` generates stays interpreted, and it runs per sentence.
    def __init__(self, paragraph: Paragraph, start: int, end: int, masked: str, directs: list[QuoteSpan]) -> None:
        self.paragraph = paragraph
        self.start = start
        self.end = end
        self.masked = masked
        self.directs = directs

    @property
    def opening(self) -> Opening:
        """The noun phrase opening the sentence."""
        return opening_of(self.masked)

    @property
    def words(self) -> frozenset[str]:
        """The words and marks of the sentence, quotes blanked: lower-cased, except capitalised nouns inside it."""
        return words_of(self.masked)

    @property
    def opening_text(self) -> str:
        """The paragraph text of the noun phrase opening the sentence."""
        o = self.opening
        return self.paragraph.text[self.start + o.start : self.start + o.end]


class Opening(NamedTuple):
    """The noun phrase opening a sentence: `size` tokens (0 if none) over `start:end` (sentence offsets)."""

    size: int
    start: int
    end: int
    then_lower: bool  # a lower-case word follows it
    then_subjunctive: bool  # and it is a subjunctive form
    pronoun: bool  # the sentence opens with a pronoun
    then_comma: bool = False  # a comma follows it (an apposition or a relative clause)
    then_indicative: bool = False  # `ist`, `war`, `hat` follows it: the main clause states, it does not report


# Indicative forms of `sein` and `haben` in second position: the sentence itself states, it does not report.
_INDICATIVE = lexicon.words("stating_aux")


@lru_cache(maxsize=SENTENCE_CACHE)
def words_of(masked: str) -> frozenset[str]:
    """The words and marks of a sentence (quotes blanked): lower-cased, except capitalised nouns inside it."""
    # a capitalised word inside the sentence is a noun, never a verb form: it stays as written ("an dritter Stelle")
    return frozenset(t.text if t.is_cap and i else t.low for i, t in enumerate(sentence_tokens(masked)))


@lru_cache(maxsize=SENTENCE_CACHE)
def opening_of(masked: str) -> Opening:
    """The noun phrase opening a sentence (quotes blanked) and what follows it."""
    toks = sentence_tokens(masked)
    j = chunking.noun_phrase(toks, 0)
    if not 0 < j < len(toks):
        return Opening(0 if j == 0 else j, 0, 0, False, False, False)
    pronoun = chunking.is_pronoun(toks[0].text)
    subjunctive = grammar.subjunctive(toks[j : j + 1])
    verb = toks[j].low
    indicative = toks[j].is_lower and not subjunctive and verb in _INDICATIVE
    return Opening(
        j, toks[0].start, toks[j - 1].end, toks[j].is_lower, subjunctive, pronoun, toks[j].text == ",", indicative
    )
