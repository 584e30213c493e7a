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

from dataclasses import replace

from newsdb.document import Document, Paragraph, Quote, QuoteKind, SourceKind
from newsdb.extract import (
    build,
    chunking,
    claims,
    cues,
    grammar,
    kinds,
    lexicon,
    located,
    nesting,
    quoted,
    quotes,
    reasons,
    roles,
    rules,
    sentences,
    speakers,
)
from newsdb.extract.build import direct as _direct
from newsdb.extract.build import quote as _quote
from newsdb.extract.clauses import past_relative
from newsdb.extract.coreference import Registry, Speaker, gender_of
from newsdb.extract.provenances import clear as _clear_provenances
from newsdb.extract.provenances import continues as _continues
from newsdb.extract.provenances import made as _provenance
from newsdb.extract.provenances import why as _why
from newsdb.extract.sentence import Sentence, opening_of, words_of
from newsdb.extract.speakers import ANONYMOUS
from newsdb.extract.state import ArticleState, ParagraphOutput, SentenceTrace
from newsdb.extract.tokens import Token, phrase_tokens, sentence_tokens

__all__ = ["EXTRACTOR_VERSION", "clear_caches", "compiled", "extract", "extract_traced"]

# Which extractor produced an article's quotes, stored with the article (`articles.extractor_version`): raise it
# whenever a release changes what is extracted, so that `newsdb seed` and `newsdb reextract` renew older articles.
# 1 was the extractor without spans, nesting and the kinds `reported` and `free_indirect`; 2 its first version with
# them; 3 adds claim nouns, `wie` findings, `soll` plans continuing a report and quotes cut around inserted source
# phrases; 4 stores a role word alone as the quote's role without a source also where the extractor called the speaker a
# group (`Der Präsident sagte`: no archive-wide source `Präsident`), and a report whose only words in quote marks are a
# name (`die Aktion „Sauberer See“`) is indirect, not mixed; 5 keeps initials in names (`George W. Bush`), ends a
# sentence at a lone capital before an article (`Abschnitt B. Die …`), reads the colon of a time (`11:40`) as no clause
# boundary and gives an apposition on a source phrase's speaker (`nach Angaben des Sprechers, Max Muster, …`) to the
# speaker, not to the quote; 6 reads such an apposition before `zufolge` (`Dem Sprecher, Max Muster, zufolge …`), cuts a
# relative clause on a source phrase's speaker out of the report, and stores fewer false or split sources: no person for
# a lone word the article shows to be none (`das Gesetz`, `erneut`, `Möglicherweise`, `Jahr`, `Ihm`), a place as an
# organisation, no `von` after a statement (`Meldung von Xinhua`), a name in capitals as an organisation, a medium
# without its description (`Nachrichtenagentur Reuters` -> `Reuters`), a role in the genitive as the role (`des
# Priesters X Y`) and a name in apposition after a cue's role as the speaker (`sagte der Sprecher der Polizei, Max
# Muster`); 7 roles with umlauts, genders from nouns; 8 cue words a space apart as one cue span.
EXTRACTOR_VERSION = 8

# unmarked direct speech, not a report (capitalised after an interview label: "Pau: Mir sind …")
_FIRST_PERSON = lexicon.words("first_person", fold=False)


def extract(document: Document) -> Document:
    """Return `document` with the direct, indirect and mixed quotes found in its paragraphs."""
    return extract_traced(document, None)


def extract_traced(document: Document, trace: list[SentenceTrace] | None) -> Document:
    """`extract`, noting each sentence with its cue and the step that handled it in `trace` (unless None)."""
    state = ArticleState(Registry(texts=tuple(p.text for p in document.paragraphs)), trace=trace)
    found: list[Quote] = []
    for paragraph in document.paragraphs:
        state.registry.note_text(paragraph.text)
        found.extend(nesting.placed(_paragraph(paragraph, state), len(found)))
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
    _clear_provenances()


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
        sentence = Sentence(p, a, b, masked[a:b], quoted.speech(p, outer[at:upto]))
        att = cues.find_at(sentence.masked, a)
        if att is not None and _conclusion(att, state):
            att = None
        before = len(out.quotes)
        latest = out.quotes[-1] if out.quotes else None
        if att is not None and att.backward:
            _back_reference(sentence, att, state, out)
            step = "back reference"
        elif att is not None:
            _attributed(sentence, att, state, out)
            step = "attributed"
        elif _continuation(sentence, state, out):
            step = "continuation"
        elif claims.hearsay(sentence, state, out):
            step = "hearsay"
        else:
            _unattributed(sentence, state, out)
            step = "unattributed"
        if state.trace is not None:
            state.trace.append(SentenceTrace(p.position, a, b, att, step))
        state.sentence += 1
        # reported: a quote was added, or the latest one extended over this sentence (consecutive claims)
        out.previous_reported = (
            len(out.quotes) > before
            or out.continuing is not None
            or (latest is not None and out.quotes[-1] is not latest)
        )
        out.previous = (a, b)
        if out.previous_reported:
            state.reported_at = state.sentence
    return nesting.nest(p, quoted.speech(p, outer), out.quotes)


def _back_reference(s: Sentence, att: grammar.Attribution, state: ArticleState, out: ParagraphOutput) -> None:
    """`Das meldet das Ministerium.`: the previous sentence (or its quote) is this speaker's."""
    who = _speaker(s.paragraph, att, state)
    why = _why(s.paragraph, att, who)
    before = len(out.quotes)
    if out.previous and not out.previous_reported:
        out.quotes.append(_quote(s.paragraph, *out.previous, QuoteKind.INDIRECT, who, att.cue, why))
    elif out.previous_reported and out.quotes and who is not None:
        out.quotes[-1] = replace(out.quotes[-1], source=who.source, cue=att.cue, speaker_role=who.role, provenance=why)
    for q in s.directs:
        out.quotes.append(_direct(s.paragraph, q, who, att.cue, why))
    roles.attach(s, att, who, state, out, before)
    state.active = state.last = who
    out.continuing = None


def _attributed(s: Sentence, att: grammar.Attribution, state: ArticleState, out: ParagraphOutput) -> None:
    """A cue in the sentence: its reported clause, and its direct quotes, go to the speaker."""
    p = s.paragraph
    who = _speaker(p, att, state)
    why = _why(p, att, who)
    before = len(out.quotes)
    if att.speaker is not None and s.directs:
        # a short quote inside the speaker phrase names the speaker: `Wie die „Aktion X“ mitteilte`, `Laut „x.de“`
        a, b = att.speaker
        s = Sentence(
            p, s.start, s.end, s.masked, [q for q in s.directs if not (a <= q.open < b and quoted.short(p, q))]
        )
    if att.clause is None:
        for q in s.directs:
            if not quoted.named(p, q):
                out.quotes.append(_direct(p, q, who, att.cue, why))
    else:
        ca, cb = att.clause
        inside = [q for q in s.directs if ca <= q.open and q.close < cb + 1]
        within = set(inside)
        if inside and _all_quoted(p.text, ca, cb, inside):
            # `X sagte: «…»`; a name elsewhere in the sentence is no quote (`der Sender «Radio Nord» sagte: «…»`)
            out.quotes.extend(
                _direct(p, q, who, att.cue, why) for q in s.directs if q in within or not quoted.named(p, q)
            )
        else:
            # a direct quote inside the reported clause makes the clause one mixed quote
            report = _quote(p, ca, cb, _report_kind(p, inside, QuoteKind.INDIRECT), who, att.cue, why)
            phrase = _phrase(s, att)
            if (
                phrase is not None
                and report.start < phrase[0]
                and phrase[1] < report.end
                and not any(phrase[0] < q.close and q.open < phrase[1] for q in inside)
            ):
                # `… ist laut Huber noch offen`: two quote spans; a relative clause on its speaker goes with it
                end = past_relative(sentence_tokens(s.masked), phrase[1] - s.start) + s.start
                report = build.without(report, p, phrase[0], end)
            out.quotes.append(report)
            out.quotes.extend(
                _direct(p, q, who, att.cue, why) for q in s.directs if q not in within and not quoted.named(p, q)
            )
    roles.attach(s, att, who, state, out, before)
    if len(out.quotes) == before and att.clause is None:
        claims.without_clause(s, att, who, why, state, out)
    if who is not None:
        state.active = state.last = who
        state.last_at = state.sentence
    out.continuing = None


def _phrase(s: Sentence, att: grammar.Attribution) -> tuple[int, int] | None:
    """The stretch of the attribution phrase: from its first cue word or speaker word to its last, with the
    articles and adjectives before it (`eigenen Angaben zufolge`, `ersten Schätzungen zufolge`)."""
    parts = [*att.cues, *(x for x in (att.mention or att.speaker,) if x is not None)]
    if not parts:
        return None
    start, end = min(a for a, _ in parts), max(b for _, b in parts)
    named = att.mention or att.speaker
    if named is None or named[0] != start:
        return start, end  # the phrase opens with its cue word: `nach Angaben der Polizei`, `laut Huber`
    tokens = sentence_tokens(s.masked)
    k = next((i for i, t in enumerate(tokens) if t.start + s.start >= start), 0)
    verb = chunking.noun_phrase(tokens, 0)  # right after the sentence's subject stands its verb, no adjective
    while k > 0 and k - 1 != verb and _attributive(tokens[k - 1]):
        k -= 1
    return min(start, tokens[k].start + s.start), end


def _attributive(t: Token) -> bool:
    """An inflected adjective before a noun (`eigenen`, `ersten`, `offiziellen`), not a verb form (`stürzte`,
    `waren`, `sollen`)."""
    return (
        t.low.endswith(_INFLECTED)
        and t.low not in chunking.DETERMINERS
        and t.low not in _AUXILIARIES
        and chunking.is_adjective(t)
    )


_INFLECTED = ("en", "em", "er", "es")
_AUXILIARIES = lexicon.words("aux_before_participle") | lexicon.words("cue_auxiliaries") | kinds.HEARSAY


def _continuation(s: Sentence, state: ArticleState, out: ParagraphOutput) -> bool:
    """A subjunctive sentence without a cue: it continues the active speaker's report (True if it did)."""
    p = s.paragraph
    words = s.words
    # Konjunktiv II goes on with a report in sight: a speaker's, or the sentence before (`Demnach …`, no speaker)
    strict = state.active is None and not out.previous_reported
    if not words.isdisjoint(_FIRST_PERSON) or not grammar.subjunctive_in(words, strict=strict):
        return False
    if grammar.only_possibility(words):
        return False  # "Die Einzelteile könnten sich …": what could happen, said by the article itself
    if s.masked.rstrip().endswith("?") and grammar.asks_addressee(sentence_tokens(s.masked)):
        return False
    if s.opening.then_indicative:
        return False  # "Der Verband sprach sich gegen Pläne aus, die … könnten": the report is elsewhere
    if state.active is None:
        # Konjunktiv I reports even without a cue: the speaker is whoever spoke or acted last
        state.active = state.subject if state.subject_at > state.last_at else state.last
    state.active = _named_subject(s, state) or state.active
    end, directs = s.end, s.directs
    # "Zu stark sei die Abhängigkeit: «…»": the quote after the colon stands on its own.
    introduced = [q for q in directs if reasons.after_colon(p.text, s.start, q.open)]
    if introduced:
        end = p.text.rindex(":", s.start, introduced[0].open)
        why = _continues(state.active)
        said = roles.mentioned(state.active, state)
        out.quotes.extend(_direct(p, q, state.active, None, why, said) for q in introduced)
        directs = [q for q in directs if q.open < end]
    start = reasons.reason_start(s)
    framed = start == s.start
    if framed:
        start = reasons.framed_start(s)
    if start >= end:
        start = s.start
    if start > s.start:
        directs = [q for q in directs if q.open >= start]
    # a sentence going on with a report is free indirect speech; a reported reason clause is indirect
    kind = _report_kind(p, directs, QuoteKind.INDIRECT if start > s.start else QuoteKind.FREE_INDIRECT)
    if start > s.start:
        # the reason is given by the subject of the main clause, if one is named
        giver = reasons.reason_giver(s, start, state)
        who = giver or state.active
        rule = "framed-clause" if framed else "reason-clause"
        why = _provenance(rule, None, "subject of the main clause") if giver else _continues(who)
        out.continuing = _quote(p, start, end, kind, who, None, why, roles.mentioned(who, state))
        out.quotes.append(out.continuing)
    elif out.continuing is not None and out.quotes and out.quotes[-1] is out.continuing:
        kind = kind if directs else out.continuing.kind
        said = roles.mentioned(state.active, state)
        merged = _quote(p, out.continuing.start, end, kind, state.active, None, _continues(state.active), said)
        out.quotes[-1] = out.continuing = merged
    else:
        said = roles.mentioned(state.active, state)
        out.continuing = _quote(p, s.start, end, kind, state.active, None, _continues(state.active), said)
        out.quotes.append(out.continuing)
    return True


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
        and not quoted.after_noun(p, q)
        and quotes.is_sentence_like(p.text[q.inner_start : q.inner_end], strict=who is None)
    ]
    if directs:
        why = _provenance("speaker-in-sight", None, f"the last speaker: {who.source.name}" if who else "none in sight")
        said = roles.mentioned(who, state)
        out.quotes.extend(_direct(p, q, who, None, why, said) for q in directs)
    state.active = who if directs else None


def _all_quoted(text: str, start: int, end: int, inside: list[quotes.QuoteSpan]) -> bool:
    """Whether the clause `text[start:end]` is all quoted but for a relative pronoun opening it (`…, der «alles mit
    sich reißt»`): any other word outside the marks makes it mixed (`ihre «Gedanken …»`)."""
    outside = quotes.words_outside(text, start, end, inside)
    if outside == 0:
        return True
    lead = text[start : inside[0].open].split()
    return outside == 1 and len(lead) == 1 and lead[0].casefold() in grammar.RELATIVE


def _conclusion(att: grammar.Attribution, state: ArticleState) -> bool:
    """`demnach` after the verb with no report before it: "Das Spiel ist demnach verloren." concludes, it reports
    nothing (opening a sentence, `Demnach …` refers to a source in any case)."""
    after_verb = att.clause is not None and att.clause[0] < att.position
    return att.rule == rules.DEMNACH.name and after_verb and state.last is None


def _speaker(p: Paragraph, att: grammar.Attribution, state: ArticleState) -> Speaker | None:
    """The resolved speaker of a cue, remembered for later pronouns."""
    if att.anonymous:
        return Speaker(ANONYMOUS, None)
    if att.previous:
        return state.last
    if att.speaker is None:
        return None
    who = speakers.resolve(located.speaker_phrase(p.text, att.speaker, att.mention), state.registry)
    if who is not None:
        state.registry.spoke(who, gender_of(who.role))
    return who


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
    roles.note_subject(s, who, state)
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


def _report_kind(p: Paragraph, inside: list[quotes.QuoteSpan], otherwise: QuoteKind) -> QuoteKind:
    """Mixed when words in quote marks inside a report are speech, which `nesting` makes its nested quotes; a name
    or title in quote marks (`die Aktion „Sauberer See“`) leaves the report `otherwise`."""
    if any(not quotes.looks_like_title(p.text[q.inner_start : q.inner_end]) for q in inside):
        return QuoteKind.MIXED
    return otherwise
