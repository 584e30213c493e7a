"""Where a subjunctive sentence's report starts: after an introducing colon, or at a `weil` clause whose reason is
reported (`Die Stadt schloss die Brücke, weil sie einsturzgefährdet sei.`), and who gives that reason."""

from __future__ import annotations

import re

from newsdb.extract import grammar, lexicon, speakers, subjects
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


def reason_giver(s: Sentence, start: int, state: ArticleState) -> Speaker | None:
    """The resolved subject of the main clause before a reported `weil` clause at `start`."""
    toks = sentence_tokens(s.masked)
    k = next((i for i, t in enumerate(toks) if t.start >= start - s.start), len(toks))
    span = subjects.clause_subject(toks, k - 1)
    if span is None:
        return None
    return speakers.resolve(s.paragraph.text[s.start + span[0] : s.start + span[1]], state.registry)
