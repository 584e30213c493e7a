"""German quote and source extraction: `extract(document)` returns the document with its quotes.

Per paragraph: pair the quotation marks (`quotes`), split sentences around them (`sentences`), find the cue of
each sentence (`cues`) and resolve its speaker against the people named so far in the article (`speakers`).
Each sentence then falls into one of four cases, handled in this order:

1. a back reference (`Das meldet X.`) attributes the sentence before it;
2. a cue with a reported clause or with quotes in the sentence (`X sagte, …`, `…, so X`, `Laut X …`);
3. a subjunctive sentence continues the last report, or, in Konjunktiv I, reports on its own;
4. any other sentence: its direct quotes (if they read like speech) go to the speaker in sight.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsdb.document import Document, Paragraph, Provenance, Quote, QuoteKind, SourceKind, Span, SpanRole
from newsdb.extract import chunking, cues, grammar, lexicon, quotes, sentences, speakers, subjects
from newsdb.extract.chunking import DETERMINERS
from newsdb.extract.coreference import Registry, Speaker
from newsdb.extract.quotes import QuoteSpan
from newsdb.extract.sentence import Sentence, opening_of, words_of
from newsdb.extract.speakers import ANONYMOUS
from newsdb.extract.state import ArticleState, ParagraphOutput, SentenceTrace
from newsdb.extract.tokens import phrase_tokens, sentence_tokens

__all__ = ["EXTRACTOR_VERSION", "clear_caches", "compiled", "extract", "extract_traced"]

# Which extractor produced an article's quotes, stored with the article (`articles.extractor_version`): raise it
# whenever a release changes what is extracted, so that `newsdb seed` and `newsdb reextract` renew older articles.
# 1 was the extractor without spans, nesting and the kinds `reported` and `free_indirect`.
EXTRACTOR_VERSION = 2

# unmarked direct speech, not a report (capitalised after an interview label: "Pau: Mir sind …")
_FIRST_PERSON = lexicon.words("first_person", fold=False)


def extract(document: Document) -> Document:
    """Return `document` with the direct, indirect and mixed quotes found in its paragraphs."""
    return extract_traced(document, None)


def extract_traced(document: Document, trace: list[SentenceTrace] | None) -> Document:
    """`extract`, noting each sentence with its cue and the step that handled it in `trace` (unless None)."""
    state = ArticleState(Registry(), trace=trace)
    found: list[Quote] = []
    for paragraph in document.paragraphs:
        state.registry.note_text(paragraph.text)
        found.extend(_paragraph(paragraph, state))
    return document.with_quotes(tuple(found))


def compiled() -> bool:
    """Whether the extractor runs compiled (a wheel built with mypyc, see `hatch_build.py`) or as pure Python."""
    return not __file__.endswith(".py")


def clear_caches() -> None:
    """Forget the per-sentence and per-phrase analyses kept between calls (for cold-start measurements)."""
    caches = (
        sentence_tokens,
        phrase_tokens,
        cues.find_cached,
        speakers.analyse,
        words_of,
        opening_of,
    )
    for cached in caches:
        cached.cache_clear()
    _PROVENANCES.clear()


def _paragraph(p: Paragraph, state: ArticleState) -> list[Quote]:
    outer = [s for s in quotes.outer(quotes.pair_quotes(p.text)) if s.inner_end - s.inner_start > 1]
    masked = quotes.mask(p.text, outer)
    out = ParagraphOutput()
    at = 0  # the first quote not before the current sentence (`outer` is sorted)
    for a, b in sentences.split(p.text, [(s.open, s.close) for s in outer]):
        while at < len(outer) and outer[at].open < a:
            at += 1
        upto = at
        while upto < len(outer) and outer[upto].open < b:
            upto += 1
        sentence = Sentence(p, a, b, masked[a:b], _speech(p, outer[at:upto]))
        att = cues.find_at(sentence.masked, a)
        before = len(out.quotes)
        if att is not None and att.backward:
            _back_reference(sentence, att, state, out)
            step = "back reference"
        elif att is not None:
            _attributed(sentence, att, state, out)
            step = "attributed"
        elif _continuation(sentence, state, out):
            step = "continuation"
        else:
            _unattributed(sentence, state, out)
            step = "unattributed"
        if state.trace is not None:
            state.trace.append(SentenceTrace(p.position, a, b, att, step))
        state.sentence += 1
        out.previous_reported = len(out.quotes) > before or out.continuing is not None
        out.previous = (a, b)
    return [q for q in out.quotes if q.end > q.start]


def _back_reference(s: Sentence, att: grammar.Attribution, state: ArticleState, out: ParagraphOutput) -> None:
    """`Das meldet das Ministerium.`: the previous sentence (or its quote) is this speaker's."""
    who = _speaker(s.paragraph, att, state)
    why = _why(s.paragraph, att, who)
    if out.previous and not out.previous_reported:
        out.quotes.append(_quote(s.paragraph, *out.previous, QuoteKind.INDIRECT, who, att.cue, why))
    elif out.previous_reported and out.quotes and who is not None:
        out.quotes[-1] = replace(out.quotes[-1], source=who.source, cue=att.cue, speaker_role=who.role, provenance=why)
    for q in s.directs:
        out.quotes.append(_direct(s.paragraph, q, who, att.cue, why))
    state.active = state.last = who
    out.continuing = None


def _attributed(s: Sentence, att: grammar.Attribution, state: ArticleState, out: ParagraphOutput) -> None:
    """A cue in the sentence: its reported clause, and its direct quotes, go to the speaker."""
    p = s.paragraph
    who = _speaker(p, att, state)
    why = _why(p, att, who)
    if att.speaker is not None and s.directs:
        # a short quote inside the speaker phrase names the speaker: `Wie die „Aktion X“ mitteilte`, `Laut „x.de“`
        a, b = att.speaker
        s = Sentence(p, s.start, s.end, s.masked, [q for q in s.directs if not (a <= q.open < b and _short(p, q))])
    if att.clause is None:
        for q in s.directs:
            if not _named(p, q):
                out.quotes.append(_direct(p, q, who, att.cue, why))
    else:
        ca, cb = att.clause
        inside = [q for q in s.directs if ca <= q.open and q.close < cb + 1]
        within = set(inside)
        if inside and quotes.words_outside(p.text, ca, cb, inside) <= 1:
            # `X sagte: «…»`; a name elsewhere in the sentence is no quote (`der Sender «Radio Nord» sagte: «…»`)
            out.quotes.extend(_direct(p, q, who, att.cue, why) for q in s.directs if q in within or not _named(p, q))
        else:
            # a direct quote inside the reported clause makes the clause one mixed quote
            out.quotes.append(_quote(p, ca, cb, QuoteKind.MIXED if inside else QuoteKind.INDIRECT, who, att.cue, why))
            out.quotes.extend(
                _direct(p, q, who, att.cue, why) for q in s.directs if q not in within and not _named(p, q)
            )
    if who is not None:
        state.active = state.last = who
        state.last_at = state.sentence
    out.continuing = None


def _continuation(s: Sentence, state: ArticleState, out: ParagraphOutput) -> bool:
    """A subjunctive sentence without a cue: it continues the active speaker's report (True if it did)."""
    p = s.paragraph
    words = s.words
    if not words.isdisjoint(_FIRST_PERSON) or not grammar.subjunctive_in(words, strict=state.active is None):
        return False
    if grammar.only_possibility(words):
        return False  # "Die Einzelteile könnten sich …": what could happen, said by the article itself
    if s.masked.rstrip().endswith("?") and grammar.asks_addressee(sentence_tokens(s.masked)):
        return False
    if s.opening.then_indicative:
        return False  # "Das Ministerium wandte sich gegen Versuche, die … könnten": the report is elsewhere
    if state.active is None:
        # Konjunktiv I reports even without a cue: the speaker is whoever spoke or acted last
        state.active = state.subject if state.subject_at > state.last_at else state.last
    state.active = _named_subject(s, state) or state.active
    end, directs = s.end, s.directs
    # "Zu stark sei die Abhängigkeit: «…»": the quote after the colon stands on its own.
    introduced = [q for q in directs if _after_colon(p.text, s.start, q.open)]
    if introduced:
        end = p.text.rindex(":", s.start, introduced[0].open)
        why = _continues(state.active)
        out.quotes.extend(_direct(p, q, state.active, None, why) for q in introduced)
        directs = [q for q in directs if q.open < end]
    start = _reason_start(s)
    if start >= end:
        start = s.start
    if start > s.start:
        directs = [q for q in directs if q.open >= start]
    kind = QuoteKind.MIXED if directs else QuoteKind.INDIRECT
    if start > s.start:
        # the reason is given by the subject of the main clause, if one is named
        giver = _reason_giver(s, start, state)
        who = giver or state.active
        why = _provenance("reason-clause", None, "subject of the main clause") if giver else _continues(who)
        out.continuing = _quote(p, start, end, kind, who, None, why)
        out.quotes.append(out.continuing)
    elif out.continuing is not None and out.quotes and out.quotes[-1] is out.continuing:
        kind = kind if directs else out.continuing.kind
        merged = _quote(p, out.continuing.start, end, kind, state.active, None, _continues(state.active))
        out.quotes[-1] = out.continuing = merged
    else:
        out.continuing = _quote(p, s.start, end, kind, state.active, None, _continues(state.active))
        out.quotes.append(out.continuing)
    return True


def _after_colon(text: str, start: int, at: int) -> bool:
    """Whether the last non-space character of `text[start:at]` is a colon (without copying the text)."""
    k = at - 1
    while k >= start and text[k].isspace():
        k -= 1
    return k >= start and text[k] == ":"


_REASON = re.compile(r",\s+(" + "|".join(sorted(lexicon.words("reason_conjunctions"))) + r")\s")


def _reason_start(s: Sentence) -> int:
    """`Die Stadt schloss die Brücke, weil sie einsturzgefährdet sei.`: where the report starts when only a `weil`
    or `da` clause after an indicative main clause is in the subjunctive (else the sentence start)."""
    m = _REASON.search(s.masked)
    if m is None or grammar.subjunctive_in(words_of(s.masked[: m.start()])):
        return s.start
    return s.start + m.start(1)


def _reason_giver(s: Sentence, start: int, state: ArticleState) -> Speaker | None:
    """The resolved subject of the main clause before a reported `weil` clause at `start`."""
    toks = sentence_tokens(s.masked)
    k = next((i for i, t in enumerate(toks) if t.start >= start - s.start), len(toks))
    span = subjects.clause_subject(toks, k - 1)
    if span is None:
        return None
    return speakers.resolve(s.paragraph.text[s.start + span[0] : s.start + span[1]], state.registry)


def _unattributed(s: Sentence, state: ArticleState, out: ParagraphOutput) -> None:
    """No cue, no subjunctive: direct quotes that read like speech go to the speaker in sight."""
    p = s.paragraph
    out.continuing = None
    _note_subject(s, state)
    who = state.active or state.last
    # without a cue, titles and single terms in quotes are names and scare quotes, not speech;
    # without a speaker in sight, only sentence-like quotes count
    directs = [
        q
        for q in s.directs
        if not quotes.looks_like_title(p.text[q.inner_start : q.inner_end])
        and not _after_noun(p, q)
        and quotes.is_sentence_like(p.text[q.inner_start : q.inner_end], strict=who is None)
    ]
    if directs:
        why = _provenance("speaker-in-sight", None, f"the last speaker: {who.source.name}" if who else "none in sight")
        out.quotes.extend(_direct(p, q, who, None, why) for q in directs)
    state.active = who if directs else None


def _speaker(p: Paragraph, att: grammar.Attribution, state: ArticleState) -> Speaker | None:
    """The resolved speaker of a cue, remembered for later pronouns."""
    if att.anonymous:
        return Speaker(ANONYMOUS, None)
    if att.previous:
        return state.last
    if att.speaker is None:
        return None
    who = speakers.resolve(p.text[att.speaker[0] : att.speaker[1]], state.registry)
    if who is not None:
        state.registry.spoke(who, "f" if who.role and who.role.casefold().endswith("in") else "?")
    return who


def _why(p: Paragraph, att: grammar.Attribution, who: Speaker | None) -> Provenance:
    """The provenance of the quotes of a cue: its rule, the speaker as mentioned, and how it was resolved."""
    if att.anonymous:
        return _provenance(att.rule, None, "anonymous")
    if att.previous:
        return _provenance(att.rule, None, f"the last speaker: {who.source.name}" if who else "no speaker before")
    if att.speaker is None:
        return _provenance(att.rule, None, "no speaker")
    mention = p.text[att.speaker[0] : att.speaker[1]]
    return _provenance(att.rule, mention, speakers.resolution(mention, who))


# The provenances made so far: many quotes share one, and making a frozen dataclass costs more than finding it.
_PROVENANCES: dict[tuple[str, str | None, str], Provenance] = {}
_PROVENANCES_KEPT = 65536


def _provenance(rule: str, mention: str | None, resolution: str) -> Provenance:
    """`Provenance(rule, mention, resolution)`, shared with the quotes that had the same one before."""
    key = (rule, mention, resolution)
    found = _PROVENANCES.get(key)
    if found is None:
        if len(_PROVENANCES) >= _PROVENANCES_KEPT:
            _PROVENANCES.clear()
        found = _PROVENANCES[key] = Provenance(rule, mention, resolution)
    return found


def _continues(who: Speaker | None) -> Provenance:
    """A subjunctive sentence without a cue continues (or, in Konjunktiv I, starts) a report."""
    return _provenance("continuation", None, f"continues {who.source.name}" if who else "no speaker before")


def _named_subject(s: Sentence, state: ArticleState) -> Speaker | None:
    """A fully named person opening a sentence with an indicative verb (`Minister Max Muster zeigte sich …`).

    In a subjunctive sentence such a person is the new speaker, unless the subjunctive verb follows the name
    right away (`Präsident Max Muster habe …`: then the person is what is reported about).
    """
    o = s.opening
    if not o.then_lower or o.then_subjunctive:
        return None
    who = speakers.resolve(s.opening_text, state.registry)
    if who is None or who.source.kind is not SourceKind.PERSON or " " not in who.source.name:
        return None
    return who


def _note_subject(s: Sentence, state: ArticleState) -> None:
    """Remember a person or organisation opening a sentence (`Die Polizei sucht …`) as a possible speaker."""
    o = s.opening
    if not (o.then_lower or o.then_comma) or o.pronoun:
        return
    phrase = s.opening_text
    if o.size == 1 and state.registry.full_name(phrase) is None and not chunking.org_head(phrase):
        return  # a lone capitalised word opening a sentence is as likely an adverb as a name
    who = speakers.resolve(phrase, state.registry)
    if who is None or who.source.kind not in (SourceKind.PERSON, SourceKind.ORGANIZATION):
        return
    if o.then_lower or (who.source.kind is SourceKind.PERSON and " " in who.source.name):
        state.subject, state.subject_at = who, state.sentence  # "Minister Max Muster (XY), hat …"


def _direct(p: Paragraph, q: QuoteSpan, who: Speaker | None, cue: str | None, why: Provenance) -> Quote:
    return _quote(p, q.inner_start, q.inner_end, QuoteKind.DIRECT, who, cue, why)


_CALLED = lexicon.words("called_leads")


def _named(p: Paragraph, q: QuoteSpan) -> bool:
    """Whether a quote beside a cue is a name (`im Magazin «Golem»`), not a word someone used.

    A lone capitalised word is speech only as what something was called (`bezeichnete sie als «Gesindel»`,
    `berichtete über erste «Landnahmen»`), not after an article, a preposition or a noun (`das Magazin «Golem»`).
    """
    before = p.text[max(0, q.open - 20) : q.open].split()[-1:]
    word = before[0].casefold() if before else ""
    adjective = word[:1].islower() and word.endswith(("e", "en")) and word not in DETERMINERS  # "erste"
    if word in grammar.INDEFINITE:
        return False  # "nannte dies einen «Putsch»", "sprach von einer «Gefahr für Leib und Leben»": a word used
    called = word in _CALLED or adjective
    return quotes.looks_like_title(p.text[q.inner_start : q.inner_end], single=not called)


def _short(p: Paragraph, q: QuoteSpan) -> bool:
    """Whether a quote has at most four words: short enough to be a name."""
    return len(p.text[q.inner_start : q.inner_end].split()) <= 4


def _after_noun(p: Paragraph, q: QuoteSpan) -> bool:
    """Whether a quote follows an article or a noun other than a statement (`dem Motto „…“`, not `den Worten „…“`):
    without a cue, that quotes a name, a title or a slogan."""
    noun = quotes.noun_before(p.text, q)
    return noun is not None and not chunking.is_source_noun(noun.casefold())


def _speech(p: Paragraph, directs: list[QuoteSpan]) -> list[QuoteSpan]:
    """The direct quotes that are not quoted names (`die Zeitung „Die Welt“`)."""
    return [q for q in directs if not quotes.is_name(p.text, q)]


def _quote(
    p: Paragraph, start: int, end: int, kind: QuoteKind, who: Speaker | None, cue: str | None, why: Provenance
) -> Quote:
    """A quote over `p.text[start:end]`, trimmed of spaces (and, outside direct quotes, of punctuation)."""
    strip = " \t\n" if kind is QuoteKind.DIRECT else " \t\n,;:.–-"
    while start < end and p.text[start] in strip:
        start += 1
    while end > start and p.text[end - 1] in strip:
        end -= 1
    return Quote(
        paragraph=p.position,
        start=start,
        end=end,
        text=p.text[start:end],
        kind=kind,
        source=who.source if who else None,
        cue=cue,
        speaker_role=who.role if who else None,
        spans=(Span(SpanRole.QUOTE, p.position, start, end),),
        provenance=why,
    )
