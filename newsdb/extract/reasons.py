"""Where a subjunctive sentence's report starts: after an introducing colon, at a `weil` clause whose reason is
reported (`Die Stadt schloss die Brücke, weil sie einsturzgefährdet sei.`), or after an indicative main clause that
frames it (`Die Prüfer kamen zu dem Ergebnis, dass die Brücke sicher sei.`), and who gives that report."""

from __future__ import annotations

import re

from newsdb.extract import chunking, grammar, lexicon, speakers, subjects
from newsdb.extract.coreference import Speaker
from newsdb.extract.sentence import Sentence, words_of
from newsdb.extract.state import ArticleState
from newsdb.extract.tokens import sentence_tokens


def after_colon(text: str, start: int, at: int) -> bool:
    """Whether the last non-space character of `text[start:at]` is a colon (without copying the text)."""
    k = at - 1
    while k >= start and text[k].isspace():
        k -= 1
    return k >= start and text[k] == ":"


_REASON = re.compile(r",\s+(" + "|".join(sorted(lexicon.words("reason_conjunctions"))) + r")\s")


def reason_start(s: Sentence) -> int:
    """`Die Stadt schloss die Brücke, weil sie einsturzgefährdet sei.`: where the report starts when only a `weil`
    or `da` clause after an indicative main clause is in the subjunctive (else the sentence start)."""
    m = _REASON.search(s.masked)
    if m is None or grammar.subjunctive_in(words_of(s.masked[: m.start()])):
        return s.start
    return s.start + m.start(1)


_GENITIVE_RELATIVES: frozenset[str] = lexicon.words("genitive_relatives")


def framed_start(s: Sentence) -> int:
    """`Die Prüfer kamen zu dem Ergebnis, dass die Brücke sicher sei.`: where the report starts when only what
    follows the first comma is in the subjunctive and the main clause before it states, in the indicative, who
    reports or why (else the sentence start). A fronted clause (`Wenn …,`) is part of the report."""
    comma = s.masked.find(",")
    if comma < 0:
        return s.start
    before = sentence_tokens(s.masked[:comma])
    if len(before) < grammar.FRAME_WORDS or before[0].low in grammar.CLAUSE_OPENERS:
        return s.start
    if not any(t.is_lower and t.low not in chunking.DETERMINERS for t in before[1:]):
        return s.start  # "Die Zahlen des Amtes, die …": a noun phrase, no clause
    if grammar.subjunctive_in(words_of(s.masked[:comma])):
        return s.start
    after = comma + 1
    while after < len(s.masked) and s.masked[after].isspace():
        after += 1
    rest = sentence_tokens(s.masked[after:])
    relative = bool(rest) and rest[0].low in grammar.RELATIVE and chunking.noun_phrase(rest, 0) == 0
    if relative or (rest and rest[0].low in _GENITIVE_RELATIVES):
        return s.start  # "Beim Sturm 2011, dessen Stärke …, seien …": a relative clause, no frame before it
    return s.start + after if after < len(s.masked) else s.start


def reason_giver(s: Sentence, start: int, state: ArticleState) -> Speaker | None:
    """The resolved subject of the main clause before a reported `weil` clause at `start`."""
    toks = sentence_tokens(s.masked)
    k = next((i for i, t in enumerate(toks) if t.start >= start - s.start), len(toks))
    span = subjects.clause_subject(toks, k - 1)
    if span is None:
        return None
    return speakers.resolve(s.paragraph.text[s.start + span[0] : s.start + span[1]], state.registry)
