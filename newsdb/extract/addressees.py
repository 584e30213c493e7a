"""Who a cue speaks to: the addressee of a cue verb, within the clause of the cue.

`sagte der Zeitung`, `warf dem Minister vor`, `forderte die Regierung auf` (an object right after the verb, or
after the speaker when the speaker follows the verb), `gegenüber der Zeitung`, `in einem Interview mit X`, `vor
Journalisten`.
"""

from __future__ import annotations

from newsdb.extract import lexicon
from newsdb.extract.chunking import noun_phrase
from newsdb.extract.grammar import DATIVE_ARTICLES, MONTHS, REFLEXIVES
from newsdb.extract.tokens import Token


def _verbs() -> tuple[frozenset[str], frozenset[str]]:
    """The cue forms that take a dative addressee, and those that take any object as the addressee."""
    dative: set[str] = set()
    any_object: set[str] = set()
    for line in lexicon.lines("addressed_cues"):
        kind, _, forms = line.partition(":")
        (dative if kind.strip() == "dative" else any_object).update(w.casefold() for w in forms.split())
    return frozenset(dative), frozenset(any_object)


_DATIVE_VERBS, _ANY_OBJECT_VERBS = _verbs()
_LINKS = lexicon.words("addressee_links")
_AUDIENCES = lexicon.words("audiences")
_CONVERSATIONS = lexicon.words("conversations")
_DATIVE_PRONOUNS = frozenset({"ihm", "ihr", "ihnen", "mir", "uns"})
_DATIVE = DATIVE_ARTICLES | _DATIVE_PRONOUNS | frozenset({"der", "einer", "einem", "den"})


def addressee(
    tokens: list[Token], verb: int, lo: int, hi: int, speaker: tuple[int, int] | None, *, named: bool
) -> tuple[int, int]:
    """The token span of the addressee of the cue verb at `verb` in the clause `tokens[lo:hi]` (`speaker`: the
    token span of the speaker phrase in it, skipped; `named`: whether the cue names its speaker at all), or
    `(0, 0)` when none is named."""
    for k in range(lo, hi - 1):
        low = tokens[k].low
        linked = (
            low in _LINKS
            or (low == "mit" and k > lo and tokens[k - 1].low in _CONVERSATIONS)
            or (low == "vor" and _audience(tokens, k + 1, hi))
        )
        if linked and (speaker is None or not speaker[0] <= k < speaker[1]):
            end = noun_phrase(tokens, k + 1)
            if k + 1 < end <= hi:
                return (k + 1, end)
    low = tokens[verb].low
    if low not in _DATIVE_VERBS and low not in _ANY_OBJECT_VERBS:
        return (0, 0)
    if speaker is not None and speaker[1] < verb and tokens[speaker[1]].low in _DATIVE - {"der"}:
        end = noun_phrase(tokens, speaker[1])  # "wie der Sprecher dem Sender mitteilte", "X hat ihm gesagt"
        if speaker[1] < end <= verb:
            return (speaker[1], end)
    at = verb + 1
    if at < hi and tokens[at].low in REFLEXIVES:
        at += 1
    if speaker is not None and speaker[0] == at:
        at = speaker[1]
    if at >= hi or tokens[at].low in MONTHS:
        return (0, 0)
    if low in _DATIVE_VERBS and tokens[at].low not in (_DATIVE if named else _DATIVE - {"der"}):
        return (0, 0)  # without a speaker named elsewhere, `sagte der Minister` names the speaker
    if tokens[at].low in _DATIVE_PRONOUNS:
        return (at, at + 1)
    end = noun_phrase(tokens, at)
    if end <= at or end > hi or (speaker is not None and end > speaker[0] >= at):
        return (0, 0)
    return (at, end)


def _audience(tokens: list[Token], k: int, hi: int) -> bool:
    """Whether the noun phrase at `tokens[k]` names an audience (`vor der Presse`, `vor Journalisten`)."""
    end = noun_phrase(tokens, k) if k < len(tokens) else k
    return k < end <= hi and tokens[end - 1].low in _AUDIENCES
