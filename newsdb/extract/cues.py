"""Cue detection: the rules of `rules.py` tried on one sentence in their declared order, with the results cached.

The sentence has the inside of its direct quotes blanked out; the attribution found says where the reported
clause and the speaker phrase are, the cue words, and the name of the rule that found them.
"""

from __future__ import annotations

from functools import lru_cache

from newsdb.extract import located, rules
from newsdb.extract.grammar import (
    BACK_REFERRING,
    CUE_WORDS,
    NO_REPORT,
    Attribution,
    asks_addressee,
)
from newsdb.extract.tokens import SENTENCE_CACHE, Token, sentence_tokens


def find_at(sentence: str, start: int) -> Attribution | None:
    """The cue of a sentence (direct quotes blanked) cut out of the masked paragraph at offset `start`, with
    paragraph offsets."""
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
        att.rule,
        tuple((a + start, b + start) for a, b in att.cues),
        _shift(att.mention, start),
        _shift(att.addressee, start),
    )


@lru_cache(maxsize=SENTENCE_CACHE)
def find_cached(sentence: str) -> Attribution | None:
    """`find_in` on one sentence, offsets relative to it, with the cue words located (`located.locate`); sentences
    recur (`«…», sagte er.` with quotes blanked)."""
    tokens = sentence_tokens(sentence)
    att = find_in(tokens)
    return None if att is None else located.locate(tokens, att)


def _shift(span: tuple[int, int] | None, by: int) -> tuple[int, int] | None:
    return None if span is None else (span[0] + by, span[1] + by)


def find_in(tokens: list[Token]) -> Attribution | None:
    """The cue of one sentence (direct quotes blanked) by the first rule that finds one, in the declared order."""
    if not tokens or asks_addressee(tokens):
        return None
    lows = {t.low for t in tokens}
    for rule in rules.FIRST:
        if lows.isdisjoint(rule.triggers):
            continue
        att = _run(rule, tokens)
        if att is not None:
            return att
    phrase = source_phrase(tokens) if not lows.isdisjoint(rules.SOURCE_WORDS) else None
    leading = _run(rules.LEADING_CUE, tokens) if not lows.isdisjoint(rules.LEADING_CUE.triggers) else None
    if phrase is not None and leading is not None:
        if leading.clause is None and phrase.clause is not None:
            return phrase  # "X meidet laut Y den Zug": a cue without a clause does not hide the source phrase
        return leading if leading.position < phrase.position else phrase
    if phrase is not None or leading is not None:
        return phrase or leading
    for rule in rules.FALLBACK:
        if not lows.isdisjoint(rule.triggers) and (att := _run(rule, tokens)) is not None:
            return att
    return None


def _run(rule: rules.Rule, tokens: list[Token]) -> Attribution | None:
    """A sentence rule's attribution, named after the rule unless it names a sub-case itself (`so-x`)."""
    assert rule.find is not None
    att = rule.find(tokens)
    if att is None or att.rule:
        return att
    return _named(att, rule.name)


def _named(att: Attribution, rule: str) -> Attribution:
    """`att` found by `rule` (a copy made directly: `dataclasses.replace` costs several times as much)."""
    return Attribution(
        att.clause,
        att.speaker,
        att.cue,
        att.anonymous,
        att.backward,
        att.previous,
        att.position,
        rule,
        att.cues,
        att.mention,
        att.addressee,
    )


def source_phrase(tokens: list[Token]) -> Attribution | None:
    """The first source phrase of a sentence: at each trigger word, its phrase rules in their order."""
    if len(tokens) > 1 and tokens[0].low in BACK_REFERRING and tokens[1].low in CUE_WORDS:
        return None  # "Dies gab – nach Untersuchungen der Institute – X bekannt": the report is the sentence before
    at_word = rules.SOURCE_PHRASES_AT
    for k, token in enumerate(tokens):
        phrase_rules = at_word.get(token.low)
        if phrase_rules is None:
            continue
        for rule in phrase_rules:
            assert rule.find_at is not None
            att = rule.find_at(tokens, k)
            if att is NO_REPORT:
                return None  # the phrase is there, but reports nothing
            if att is not None:
                return _named(att, rule.name)
    return None
