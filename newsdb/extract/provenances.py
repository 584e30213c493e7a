"""How the extractor found each quote (`Provenance`): the rule, the speaker as mentioned and how it was resolved."""

from __future__ import annotations

from newsdb.document import Paragraph, Provenance
from newsdb.extract import speakers
from newsdb.extract.coreference import Speaker
from newsdb.extract.grammar import Attribution


def clear() -> None:
    """Forget the provenances made so far."""
    _MADE.clear()


def why(p: Paragraph, att: Attribution, who: Speaker | None) -> Provenance:
    """The provenance of the quotes of a cue: its rule, the speaker as mentioned, and how it was resolved."""
    if att.anonymous:
        return made(att.rule, None, "anonymous")
    if att.previous:
        return made(att.rule, None, f"the last speaker: {who.source.name}" if who else "no speaker before")
    if att.speaker is None:
        return made(att.rule, None, "no speaker")
    mention = p.text[att.speaker[0] : att.speaker[1]]
    return made(att.rule, mention, speakers.resolution(mention, who))


# The provenances made so far: many quotes share one, and making a frozen dataclass costs more than finding it.
_MADE: dict[tuple[str, str | None, str], Provenance] = {}
_MADE_KEPT = 65536


def made(rule: str, mention: str | None, resolution: str) -> Provenance:
    """`Provenance(rule, mention, resolution)`, shared with the quotes that had the same one before."""
    key = (rule, mention, resolution)
    found = _MADE.get(key)
    if found is None:
        if len(_MADE) >= _MADE_KEPT:
            _MADE.clear()
        found = _MADE[key] = Provenance(rule, mention, resolution)
    return found


def continues(who: Speaker | None) -> Provenance:
    """A subjunctive sentence without a cue continues (or, in Konjunktiv I, starts) a report."""
    return made("continuation", None, f"continues {who.source.name}" if who else "no speaker before")
