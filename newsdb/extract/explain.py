"""Why the extractor found what it found, sentence by sentence: the data behind `newsdb explain`."""

from __future__ import annotations

from dataclasses import dataclass

from newsdb.document import Document, Quote
from newsdb.extract import extract_traced, rules
from newsdb.extract.grammar import CLAIMS, CUE_FORMS, REASONS, SAY_IT
from newsdb.extract.state import SentenceTrace
from newsdb.extract.tokens import tokenize

# Words that make a sentence look reported: when one is there and no quote came of it, say why. Cue verbs that
# need no particle, and the words of source phrases that are hardly ever anything else.
_CUE_LIKE = (
    frozenset(form for form, entries in CUE_FORMS.items() if any(not e.particles for e in entries))
    | SAY_IT
    | REASONS
    | CLAIMS
    | rules.LAUT.triggers
    | rules.ZUFOLGE.triggers
    | rules.WONACH.triggers
)


@dataclass(frozen=True, slots=True)
class SentenceExplanation:
    """One sentence: where it is, how it was handled, the quotes that start in it, and why none did if it has a
    cue word but no quote."""

    paragraph: int
    start: int
    end: int
    text: str
    step: str  # attributed, back reference, continuation, unattributed
    rule: str | None  # the rule of the cue found in it, if any
    cue: str | None
    mention: str | None  # the speaker phrase of that cue, as written
    quotes: tuple[Quote, ...]
    why_not: str | None


def explain(document: Document) -> tuple[Document, list[SentenceExplanation]]:
    """`document` with its quotes, and every sentence of it explained."""
    trace: list[SentenceTrace] = []
    done = extract_traced(document, trace)
    texts = document.paragraph_texts()
    by_paragraph: dict[int, list[Quote]] = {}
    for q in done.quotes:
        by_paragraph.setdefault(q.paragraph, []).append(q)
    out: list[SentenceExplanation] = []
    for t in trace:
        text = texts[t.paragraph]
        inside = tuple(q for q in by_paragraph.get(t.paragraph, []) if t.start <= q.start < t.end)
        att = t.cue
        mention = text[att.speaker[0] : att.speaker[1]] if att is not None and att.speaker is not None else None
        why_not = None if inside else _why_not(text[t.start : t.end], t)
        rule, cue = (att.rule, att.cue) if att is not None else (None, None)
        out.append(
            SentenceExplanation(
                t.paragraph, t.start, t.end, text[t.start : t.end], t.step, rule, cue, mention, inside, why_not
            )
        )
    return done, out


def _why_not(sentence: str, t: SentenceTrace) -> str | None:
    """Why a sentence with a cue word yielded no quote (None when it has no cue word)."""
    att = t.cue
    if att is None:
        tokens = tokenize(sentence)
        # a capitalised cue form inside a sentence is a noun (`die Macht`)
        words = sorted({t.text for i, t in enumerate(tokens) if t.low in _CUE_LIKE and (t.is_lower or i == 0)})
        if not words:
            return None
        return f"cue word {', '.join(words)}, but no rule matched the shape of the sentence"
    if att.backward:
        return None  # its quote is the sentence before, or the quote before was given this speaker
    if att.clause is None:
        return f"{att.rule}: cue `{att.cue}` without a reported clause, and no direct quote it could attribute"
    return f"{att.rule}: cue `{att.cue}`, but the clause it reports was empty"
