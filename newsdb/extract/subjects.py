"""Who speaks: the subject of a cue verb, before or after it, in active and passive sentences."""

from __future__ import annotations

from newsdb.extract.chunking import DETERMINERS, noun_phrase
from newsdb.extract.clauses import span_of
from newsdb.extract.grammar import (
    ADVERBS,
    CONTRASTIVE,
    DEMONSTRATIVES,
    NOT_SPEAKERS,
    PASSIVE_AUX_AFTER_CUE,
    REFLEXIVES,
    TIME_CONTRACTIONS,
)
from newsdb.extract.lookup import index_of
from newsdb.extract.tokens import Token


def skip_adverbs(tokens: list[Token], i: int) -> int:
    while i < len(tokens) and (
        tokens[i].low in ADVERBS or tokens[i].low in TIME_CONTRACTIONS or tokens[i].low in REFLEXIVES
    ):
        i += 2 if tokens[i].low in TIME_CONTRACTIONS else 1
    return i


def _last_name_before(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """The last run of two or more capitalised words (a full name) before `tokens[i]`, not opening the sentence."""
    run_end = i
    for k in range(i - 1, -1, -1):
        if k > 0 and tokens[k].is_cap and tokens[k].low not in DETERMINERS:
            continue
        if run_end - (k + 1) >= 2:
            return span_of(tokens, k + 1, run_end)
        run_end = k
    return None


def speaker_after(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """A speaker noun phrase at `tokens[i]`, possibly behind adverbs (`sagte am Montag der Minister`)."""
    if i < len(tokens) and tokens[i].low in CONTRASTIVE:
        return None  # "…, befürchtet aber weitere Tote": a second verb of the same subject
    if i + 1 < len(tokens) and tokens[i].low in DEMONSTRATIVES and not tokens[i + 1].is_cap:
        # "Im Gespräch mit Max Muster sagte dieser, dass …": the person named last before it, else the pronoun
        return _last_name_before(tokens, i) or span_of(tokens, i, i + 1)
    for start in (i, skip_adverbs(tokens, i)):
        j = noun_phrase(tokens, start)
        if j > start:
            return span_of(tokens, start, apposition_end(tokens, j))
    return None


def apposition_end(tokens: list[Token], j: int) -> int:
    """Extend a noun phrase ending at `j` by an apposition between commas (`der Sprecher, Max Muster,`)."""
    if j + 1 < len(tokens) and tokens[j].text == ",":
        m = noun_phrase(tokens, j + 1)
        if m > j + 1 and m < len(tokens) and tokens[m].text == "," and tokens[j + 1].is_cap:
            return m
    return j


def is_passive(tokens: list[Token], k: int) -> bool:
    """Whether the cue verb at `k` is passive: `wurde mitgeteilt`, `war berichtet worden`, `wurde bekannt`."""
    after = tokens[k + 1].low if k + 1 < len(tokens) else ""
    return index_of(tokens).passive_before(k + 1) or after in PASSIVE_AUX_AFTER_CUE


def clause_subject(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The subject of a main clause before `tokens[k]`: a noun phrase before the verb (`Die Stadt lehnte …`) or
    right after it (`Am Montag lehnte die Stadt …`)."""
    j = noun_phrase(tokens, 0)
    if 0 < j < k and tokens[j].is_lower and tokens[0].low not in NOT_SPEAKERS:
        return span_of(tokens, 0, j)
    verb = next((v for v in range(1, k) if tokens[v].is_lower and tokens[v - 1].is_cap), None)
    speaker = speaker_after(tokens, verb + 1) if verb is not None else None
    return speaker if speaker and speaker[1] <= tokens[k].start else None
