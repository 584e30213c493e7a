"""Rules around a verb of saying: before or after what was said, in a relative clause, `hieß es`, back references."""

from __future__ import annotations

from newsdb.extract.chunking import DETERMINERS, noun_phrase, noun_phrase_before, org_head, role_of
from newsdb.extract.clauses import (
    clause_span,
    comma_positions,
    cue_at,
    in_text,
    infinitive_end,
    is_clause,
    is_denied,
    opens_report,
    reports_alone,
    span_of,
)
from newsdb.extract.grammar import (
    ANNOUNCED,
    ARTICLE_RELATIVES,
    BACK_REFERRING,
    CUE_FORMS,
    FRONTED_BEFORE_CUE,
    GLUE,
    KNOW_HOW,
    NOT_SPEAKERS,
    OPENS_APPOSITION,
    ORIGIN_PREPOSITIONS,
    PASSIVE_AUX,
    PERFECT_AUX,
    PLACE_OPENERS,
    POSSESSIVE_OPENERS,
    PREPOSITIONS,
    RELATIVE,
    RESUMPTIVE_PRONOUNS,
    SAID_FROM,
    SAY_IT,
    SUBORDINATORS,
    TRAILING_WORDS,
    Attribution,
    subjunctive,
)
from newsdb.extract.lookup import index_of
from newsdb.extract.subjects import apposition_end, is_passive, speaker_after
from newsdb.extract.tokens import Token
from newsdb.extract.verb_subject import verb_subject


def back_reference(tokens: list[Token]) -> Attribution | None:
    """`Das meldet das Ministerium.`: the previous sentence is the report."""
    if len(tokens) < 3 or tokens[0].low not in BACK_REFERRING:
        return None
    if tokens[1].low in PASSIVE_AUX:
        return _passive_back_reference(tokens)
    cue = cue_at(tokens, 1, len(tokens))
    if cue is None:
        return None
    start = 3 if len(tokens) > 3 and tokens[2].low == "aus" else 2  # "Dies geht aus dem Bericht hervor."
    speaker = speaker_after(tokens, start)
    if speaker and any(
        t.text == "," and t.start > speaker[1] + 1 and not _relative_after(tokens, c) for c, t in enumerate(tokens)
    ):
        return None  # more than a speaker follows: not a back reference
    return Attribution(None, speaker, cue, backward=True) if speaker else None


def _passive_back_reference(tokens: list[Token]) -> Attribution | None:
    """`Das wurde vom Presseamt am Montag bekannt gegeben.`: a cue participle closing a passive clause on `Das`; the
    agent after `von` said the sentence before, or else someone unnamed."""
    last = len(tokens) - 1
    while last > 2 and not tokens[last].is_word:
        last -= 1
    if any(t.text in ",;:" for t in tokens[2:last]):
        return None  # one clause, nothing else said in it
    made_known = tokens[last].low == "gegeben" and tokens[last - 1].low in ANNOUNCED
    if not made_known and (tokens[last].low not in ANNOUNCED or cue_at(tokens, last, len(tokens)) is None):
        return None  # "Das wurde von der Stadt beschlossen.": a decision, no statement
    agent = next((a for a in range(2, last) if tokens[a].low in ORIGIN_PREPOSITIONS), None)
    end = noun_phrase(tokens, agent + 1) if agent is not None else 0
    speaker = span_of(tokens, agent + 1, end) if agent is not None and end > agent + 1 else None
    cue = f"{tokens[1].text} {'bekannt ' if made_known else ''}{tokens[last].text}"
    return Attribution(None, speaker, cue, anonymous=speaker is None, backward=True, position=tokens[1].start)


def _relative_after(tokens: list[Token], c: int) -> bool:
    """Whether the comma at `c` opens a relative clause on the speaker or closes one before the last word (`Dies
    geht aus einem Schreiben hervor, das …`, `Dies geht aus einem Schreiben, das … wurde, hervor.`)."""
    after = tokens[c + 1 : c + 2]
    return bool(after) and (after[0].low in RELATIVE or (c + 3 == len(tokens) and not tokens[-1].is_word))


def say_it(tokens: list[Token]) -> Attribution | None:
    """`…, hieß es.` and `In der Mitteilung heißt es, …`."""
    for k in range(len(tokens) - 1):
        if tokens[k].low in SAY_IT and tokens[k + 1].low == "es":
            cue = f"{tokens[k].text} es"
            named = _said_from(tokens, k)
            commas = [c for c in comma_positions(tokens) if c < k]
            if (
                commas
                and named
                and tokens[0].low in PLACE_OPENERS
                and k + 3 < len(tokens)
                and tokens[k + 2].text in ",:"
            ):
                # "In dem Bericht, der …, heißt es, …": the text is named before, the report follows
                return Attribution(clause_span(tokens, k + 3, len(tokens)), named, cue)
            if commas and named:
                return Attribution(clause_span(tokens, 0, commas[-1]), named, cue)
            if commas:
                return Attribution(clause_span(tokens, 0, commas[-1]), None, cue, anonymous=True)
            after = [c for c in comma_positions(tokens) if c > k]
            speaker = None
            if k > 1 and (tokens[0].low == "in" or in_text(tokens, 0)):
                speaker = span_of(tokens, 1, k)
            if after:
                speaker = speaker or named  # "So heißt es in dem Protokoll: «…»"
                clause = clause_span(tokens, after[0] + 1, len(tokens))
                return Attribution(clause, speaker, cue, anonymous=speaker is None)
            if tokens[k + 1 :] and k + 2 < len(tokens):
                return Attribution(clause_span(tokens, k + 2, len(tokens)), speaker, cue, anonymous=speaker is None)
    return None


def _said_from(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The origin of a `hieß es`: `hieß es aus dem Ministerium`, `Von deutscher Seite hieß es`, or the text it is
    written in: `heißt es in einer Mitteilung des Vereins`, `Im Abschlussbericht heißt es`."""
    for at in (k + 2, 0):
        if at < len(tokens) and (tokens[at].low in SAID_FROM or in_text(tokens, at)):
            j = noun_phrase(tokens, at + 1)
            if j > at + 1:
                return span_of(tokens, at + 1, j)
    return None


def trailing(tokens: list[Token]) -> Attribution | None:
    """`…, sagte X.`, `…, so X.`, `…, teilte X mit.`, `…, wie X mitteilte.`."""
    if tokens and tokens[0].low in FRONTED_BEFORE_CUE:
        verb = next((k for k, t in enumerate(tokens) if t.low in TRAILING_WORDS), len(tokens))
        if not subjunctive(tokens[:verb], strict=True):
            return None  # "Nachdem …, sagte X …": a fronted adverbial clause, not what was said
        # "Während …, seien die Löhne gestiegen, sagte X": the fronted clause belongs to the report
    for c in comma_positions(tokens):
        if c == 0 or c + 1 >= len(tokens) or tokens[c].text in ":;":
            continue
        k = c + 1
        low = tokens[k].low
        speaker: tuple[int, int] | None = None
        cue: str | None = None
        if low == "so" and k + 2 < len(tokens) and (said := cue_at(tokens, k + 1, len(tokens))) is not None:
            inserted = _inserted(tokens, k + 2)
            if inserted is not None and is_clause(tokens[:c] + tokens[inserted[1] + 1 :]):
                # "X, so vermutet der Verband, dürfte …": the report on both sides, the insert cut out of it
                return Attribution(clause_span(tokens, 0, len(tokens)), inserted[0], f"so {said}", rule="so-x")
        if low == "so":
            j = noun_phrase(tokens, k + 1)
            follows = tokens[j] if j < len(tokens) else None
            if j > k + 1 and (follows is None or not follows.is_word or follows.low in GLUE):
                speaker, cue = span_of(tokens, k + 1, j), "so"
        elif low in PERFECT_AUX and _reported(tokens, c) and (last := _closing_participle(tokens, k)) is not None:
            speaker, cue = speaker_after(tokens, k + 1), f"{tokens[k].text} {tokens[last].text}"
        else:
            if low in RESUMPTIVE_PRONOUNS and k + 1 < len(tokens):
                k += 1  # "…, das teilte das Institut mit."
            cue = cue_at(tokens, k, len(tokens))
            if cue is not None:
                speaker = speaker_after(tokens, k + 1) or _before_particle(tokens, k, cue)
        if speaker and cue and is_clause(tokens[:c]) and not _subject_only(tokens, c):
            rule = "so-x" if cue == "so" else "trailing-cue"
            return Attribution(clause_span(tokens, 0, c), speaker, cue, rule=rule)
    return None


def _inserted(tokens: list[Token], i: int) -> tuple[tuple[int, int], int] | None:
    """The speaker of an insert `so <cue verb> X,` from `tokens[i]` on, closed by a comma with more of the sentence
    after it: the speaker's span and the index of that comma."""
    speaker = speaker_after(tokens, i)
    if speaker is None:
        return None
    after = next((e for e in range(i, len(tokens)) if tokens[e].start >= speaker[1]), len(tokens))
    comma = after
    while comma < len(tokens) and tokens[comma].is_word:
        comma += 1  # "so schrieb er in seinem Blog,": what follows the speaker in the insert
    if comma + 1 < len(tokens) and tokens[comma].text == "," and tokens[comma + 1].is_word and comma - after <= 5:
        return speaker, comma
    return None


def _before_particle(tokens: list[Token], k: int, cue: str) -> tuple[int, int] | None:
    """`…, teilte die zur Universität gehörende Stiftung mit.`: the noun phrase closing a speaker phrase that
    opens with an article after the verb at `k` and runs up to the particle ending the sentence."""
    last = len(tokens) - 1 if tokens[-1].is_word else len(tokens) - 2
    if " " not in cue or last <= k + 2 or tokens[last].text != cue.split()[-1] or tokens[k + 1].low not in DETERMINERS:
        return None
    start = noun_phrase_before(tokens, last)
    while start < last and tokens[start].is_lower:
        start += 1  # not the participle: "gehörende"
    return span_of(tokens, start, last) if start < last else None


def _reported(tokens: list[Token], c: int) -> bool:
    """Whether the clause `tokens[:c]` is marked as reported by itself: a direct quote or a subjunctive verb."""
    return tokens[0].text in '«»„“"' or index_of(tokens).subjunctive_before(c)


def _closing_participle(tokens: list[Token], k: int) -> int | None:
    """`…, hatte der Minister am Montag gesagt.`: the cue participle closing the sentence after the auxiliary at `k`."""
    last = len(tokens) - 1
    while last > k and not tokens[last].is_word:
        last -= 1
    if last <= k + 1 or index_of(tokens).next_stop(k + 1, last) < last:
        return None
    return last if cue_at(tokens, last, len(tokens)) is not None else None


def _is_name_run(tokens: list[Token], k: int) -> bool:
    """Whether `tokens[:k]` read as one name: capitalised first and last, nothing but words between."""
    return tokens[0].is_cap and tokens[k - 1].is_cap and all(t.is_word for t in tokens[:k])


def _subject_only(tokens: list[Token], c: int) -> bool:
    """Whether `tokens[:c]` is a noun phrase with its apposition or relative clause (`Der Minister, Max Muster,
    sagte`, `Max Muster, einer der Unterzeichner, die …, verurteilte`): the subject of the verb, not a report; or a
    prepositional phrase with its relative clause (`In einer Botschaft, die …, sagte`)."""
    j = noun_phrase(tokens, 0)
    if j > 0 and j + 1 < c and tokens[j].text == "," and tokens[j + 1].low in OPENS_APPOSITION:
        return True
    if j > 0 and (j == c or apposition_end(tokens, j) == c):
        return True
    # "In einem Brief, der … verlesen wurde, sagte X": a phrase and its relative clause, no report
    start = 1 if tokens[0].low in PREPOSITIONS else 0
    j = noun_phrase(tokens, start)
    return (
        j > start
        and j + 1 < c
        and tokens[j].text == ","
        and tokens[j + 1].low in RELATIVE
        and all(t.text != "," for t in tokens[j + 2 : c])
    )


def leading_cue(tokens: list[Token]) -> Attribution | None:
    """`X sagte, dass …`, `X sagte: «…»`, `Am Montag erklärte X, …`, `X sprach von «…»`."""
    n = len(tokens)
    index = index_of(tokens)
    first: Attribution | None = None
    for k in [k for k, t in enumerate(tokens) if t.low in CUE_FORMS]:
        until = index.next_subordinator(k + 1)
        cue = cue_at(tokens, k, until)
        if cue is None:
            continue
        last = k
        if " " in cue:
            last = index.first_text(k + 1, cue.split()[-1], until)
        stop = index.next_stop(last, n)
        speaker = verb_subject(tokens, k)
        if speaker is not None and last > k and speaker[0] <= tokens[last].start < speaker[1]:
            speaker = None  # "… und ist der Meinung, dass": the noun belongs to the cue, not the speaker
        impersonal = speaker is None and (tokens[0].low == "es" or is_passive(tokens, k))
        that = index.next_that(k + 1)
        if speaker is None and not impersonal and that:
            # "Sie öffnete den Brief und teilte mit, dass …": the subject of the sentence, or of its part after a `;`
            part = next((i + 1 for i in range(k - 1, -1, -1) if tokens[i].text == ";"), 0)
            j = noun_phrase(tokens, part)
            if j > part:
                speaker = span_of(tokens, part, j)
        if speaker is None and not impersonal and 1 < k <= 4 and _is_name_run(tokens, k):
            speaker = span_of(tokens, 0, k)  # a name noun phrases do not cover: "Ingenieure ohne Grenzen teilte mit"
        if speaker is None and not impersonal:
            continue
        if speaker is not None and stop < n and tokens[k].start < speaker[0] and tokens[stop].start < speaker[1]:
            stop = _after_speaker(tokens, stop, speaker[1])  # "sagte der Sprecher, Max Muster, dass …"
        if speaker is not None and stop < n - 1 and tokens[stop].text == ",":
            stop = _apposition_colon(tokens, stop)  # "sagte Max Muster, Gründer der Band: «…»"
        clause = None
        if stop < n - 1:
            opens = opens_report(tokens, stop + 1, question="frag" in tokens[k].low)
            if opens and (not impersonal or tokens[0].low == "es" or reports_alone(tokens, stop + 1)):
                clause = clause_span(tokens, stop + 1, n)
            elif not impersonal and (end := _reported_relative(tokens, stop + 1)):
                clause = clause_span(tokens, stop + 1, end)  # "legte einen Entwurf vor, der X schwächen werde"
        elif stop == n and tokens[k].low not in KNOW_HOW and infinitive_end(tokens, last + 1):
            clause = clause_span(tokens, last + 1, n)  # no comma before it: "hatte angekündigt bald zurückzutreten"
        if impersonal and clause is None:
            continue
        if is_denied(tokens, k) and clause is not None and tokens[stop + 1].low in SUBORDINATORS:
            clause = None  # "wollte nicht bestätigen, dass …": what is denied or left open is not reported
        att = Attribution(clause, speaker, cue, anonymous=impersonal, position=tokens[k].start)
        if clause is not None:
            return att
        first = first or att
    return first


def _after_speaker(tokens: list[Token], stop: int, end: int) -> int:
    """The first stop after a speaker phrase ending at offset `end` that holds the stop at `stop` (its apposition
    between commas): the reported clause starts after it."""
    index = index_of(tokens)
    while stop < len(tokens) and tokens[stop].start < end:
        stop = index.next_stop(stop + 1, len(tokens))
    return stop


def _apposition_colon(tokens: list[Token], stop: int) -> int:
    """The colon closing an apposition after the comma at `stop` and introducing a quote (`…, Gründer der Band:
    «…»`), else `stop`."""
    m = noun_phrase(tokens, stop + 1)
    if m > stop + 1 and m + 1 < len(tokens) and tokens[m].text == ":" and tokens[m + 1].text in '«»„“"':
        return m
    return stop


def _reported_relative(tokens: list[Token], i: int) -> int:
    """The end of a relative clause at `tokens[i]` whose verb is Konjunktiv I (the object of a cue described
    as the speaker put it), or 0."""
    if tokens[i].low not in RELATIVE or (tokens[i].low in ARTICLE_RELATIVES and noun_phrase(tokens, i) > i + 1):
        return 0
    end = next((c for c in range(i + 1, len(tokens)) if tokens[c].text in ",;:"), len(tokens))
    return end if subjunctive(tokens[i:end], strict=True) else 0


def colon_intro(tokens: list[Token]) -> Attribution | None:
    """`BKA-Präsident Ziercke: «…»`, `Im Radio zeigt sich die Trainerin zufrieden: «…»`: who introduces a quote."""
    colon = next((c for c, t in enumerate(tokens) if t.text == ":"), None)
    if colon is None or colon + 1 >= len(tokens) or tokens[colon + 1].text not in '«»„“"':
        return None
    j = noun_phrase(tokens, 0)
    if 0 < j < colon and tokens[0].low in POSSESSIVE_OPENERS and tokens[j].is_lower:
        return Attribution(None, None, ":", previous=True, position=tokens[colon].start)  # "Seine Zuversicht …: «…»"
    if j > 0 and tokens[0].low not in NOT_SPEAKERS and (j == colon or tokens[j].is_lower):
        return Attribution(None, span_of(tokens, 0, j), ":", position=tokens[colon].start)
    verb = next((v for v in range(1, colon) if tokens[v].is_lower and tokens[v - 1].is_cap), None)
    speaker = speaker_after(tokens, verb + 1) if verb is not None else None
    return Attribution(None, speaker, ":", position=tokens[colon].start) if speaker else None


def relative_cue(tokens: list[Token]) -> Attribution | None:
    """`ein Passant, der angab, bedroht worden zu sein`: a cue verb closing a relative clause on the speaker."""
    n = len(tokens)
    for c in range(1, n - 3):
        if tokens[c].text != "," or tokens[c + 1].low not in RELATIVE:
            continue
        end = next((e for e in range(c + 2, n) if tokens[e].text in ",;:"), n)
        if end >= n - 1:
            continue
        # the cue closes the relative clause, or its participle does before an auxiliary ("der erklärt hat")
        verb = end - 2 if end - 2 > c + 1 and tokens[end - 1].low in PERFECT_AUX else end - 1
        if cue_at(tokens, verb, end) is None:
            continue
        start = noun_phrase_before(tokens, c)
        stop = _content_end(tokens, end + 1)
        clause = clause_span(tokens, end + 1, stop or n)
        if clause and opens_report(tokens, end + 1) and (start < c or stop):
            # the antecedent is who speaks (else the relative pronoun alone, "…anwesend, der vorwarf, … zu …");
            # as written, the relative pronoun names them in the clause of the cue
            return Attribution(
                clause,
                span_of(tokens, start, c) if start < c else span_of(tokens, c + 1, c + 2),
                tokens[verb].text,
                position=tokens[verb].start,
                mention=span_of(tokens, c + 1, c + 2),
            )
    return None


def _content_end(tokens: list[Token], i: int) -> int:
    """Where an infinitive with `zu` from `tokens[i]` ends (its next comma or the sentence end: `…, die erklärt
    hat, den Antrag ablehnen zu wollen, bleibt …`), or 0 when the clause there is none."""
    end = next((e for e in range(i, len(tokens)) if tokens[e].text in ",;:."), len(tokens))
    words = [t for t in tokens[i:end] if t.is_word]
    return end if len(words) > 1 and words[-2].low == "zu" and words[-1].is_lower else 0


def that_clause(tokens: list[Token]) -> Attribution | None:
    """`Die Ermittler schließen daraus, dass …`: a subject, any verb, and a `dass` clause that is reported."""
    comma = next((c for c, t in enumerate(tokens) if t.text in ",;:"), None)
    if comma is None or comma + 1 >= len(tokens) or tokens[comma + 1].low not in SUBORDINATORS:
        return None
    j = noun_phrase(tokens, 0)
    if j == 0 or j >= comma or not tokens[j].is_lower or tokens[0].low in NOT_SPEAKERS:
        return None
    nouns = [t for t in tokens[:j] if t.is_cap and t.low not in DETERMINERS]
    if not any(role_of(t.text) or org_head(t.text) for t in nouns) and len(nouns) < 2:
        return None  # only a person, an organisation or a name reports; "Die Lage zeigt, dass …" does not
    clause = clause_span(tokens, comma + 1, len(tokens))
    return Attribution(clause, span_of(tokens, 0, j), tokens[j].text, position=tokens[j].start) if clause else None
