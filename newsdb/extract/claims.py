"""Sentences that report without a reported clause: a claim passed on with `soll` (free indirect) and a speech act
summarised by its cue verb (reported). `kinds` decides what a sentence is; this module makes its quote."""

from __future__ import annotations

from dataclasses import replace

from newsdb.document import Provenance, QuoteKind, Span, SpanRole
from newsdb.extract import grammar, kinds, roles
from newsdb.extract.build import quote
from newsdb.extract.coreference import Speaker
from newsdb.extract.provenances import made as provenance
from newsdb.extract.sentence import Sentence
from newsdb.extract.speakers import ANONYMOUS
from newsdb.extract.state import ArticleState, ParagraphOutput
from newsdb.extract.tokens import sentence_tokens


def without_clause(
    s: Sentence,
    att: grammar.Attribution,
    who: Speaker | None,
    why: Provenance,
    state: ArticleState,
    out: ParagraphOutput,
) -> None:
    """A cue without a reported clause and no quote: a claim passed on (`Er soll … geschrieben haben`) or a speech
    act summarised (`Sie forderte den Rücktritt.`) makes the sentence a quote of its own."""
    p = s.paragraph
    if hearsay(s, state, out):
        return
    if kinds.summarises(att, sentence_tokens(s.masked), s.start):
        mention = att.mention or att.speaker
        said = () if mention is None else (Span(SpanRole.SPEAKER, p.position, *mention),)
        out.quotes.append(
            quote(
                p,
                s.start,
                s.end,
                QuoteKind.REPORTED,
                who,
                att.cue,
                provenance("reported", why.mention, why.resolution),
                said,
            )
        )


def hearsay(s: Sentence, state: ArticleState, out: ParagraphOutput) -> bool:
    """`Der Mann soll geflohen sein.`: a claim passed on without a cue, a free indirect quote (True if it is one)."""
    if s.words.isdisjoint(kinds.HEARSAY):
        # no lower-case `soll` or `sollen` (the cached words hold every lower-case word): spares tokenising again
        return False
    # a plan passes on what was reported right before in this paragraph (after a break, `Die neue Schule soll im
    # Herbst eröffnen.` is the article's own news)
    after_report = out.previous_reported
    att = kinds.hearsay(sentence_tokens(s.masked), after_report)
    if att is None:
        return False
    p = s.paragraph
    start = s.start + att.clause[0] if att.clause is not None else s.start
    last = out.quotes[-1] if out.quotes and out.previous_reported else None
    if start == s.start and last is not None and last.provenance is not None and last.provenance.rule == "hearsay":
        # the claims of consecutive sentences are one quote, of the first one's source
        merged = quote(p, last.start, s.end, last.kind, None, last.cue, last.provenance, last.spans[1:])
        out.quotes[-1] = replace(merged, source=last.source, speaker_role=last.speaker_role)
        return True
    # `soll` passes on what someone else claims: the source reported just before in this paragraph, or else an
    # unnamed one
    if out.previous_reported and state.active is not None:
        who: Speaker = state.active
        why = provenance("hearsay", None, f"continues {who.source.name}")
        said = roles.mentioned(who, state)
    else:
        who, why, said = Speaker(ANONYMOUS, None), provenance("hearsay", None, "anonymous"), ()
    # the modal is the cue: it marks the claim as someone else's
    out.quotes.append(quote(p, start, s.end, QuoteKind.FREE_INDIRECT, who, att.cue, why, said))
    out.continuing = None
    return True
