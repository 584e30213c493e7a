"""Rules around a source phrase: `laut X`, `X zufolge`, `nach Angaben X`, `wie X mitteilte`, `mit der Begründung`."""

from __future__ import annotations

from dataclasses import replace

from newsdb.extract import lexicon
from newsdb.extract.chunking import (
    DETERMINERS,
    is_media,
    is_pronoun,
    is_source_noun,
    noun_phrase,
    noun_phrase_before,
    org_head,
    role_of,
)
from newsdb.extract.clauses import clause_span, opens_report, relative_end, span_of
from newsdb.extract.grammar import (
    ANNOUNCED,
    BOUNDARIES,
    CLAIM_INTENTS,
    CLAIMS,
    CLAUSE_LINKS,
    CLAUSE_ONGOING,
    COORDINATORS,
    CUE_FORMS,
    GENITIVE_ARTICLES,
    INFINITIVE_ZU,
    NO_REPORT,
    OPENS_APPOSITION,
    ORIGIN_PREPOSITIONS,
    ORIGINS,
    PASSIVE_AUX,
    PREPOSITIONS,
    REASONS,
    RELATIVE,
    SUBORDINATE_OPENERS,
    SUBORDINATORS,
    Attribution,
    subjunctive,
)
from newsdb.extract.subjects import apposition_end, clause_subject, skip_adverbs
from newsdb.extract.tokens import Token

_GENITIVE_OR_VON = GENITIVE_ARTICLES | ORIGIN_PREPOSITIONS  # what attaches a genitive to a claim noun
_WIE_CUES = lexicon.words("wie_cues")
_CUE_AUXILIARIES = lexicon.words("cue_auxiliaries")
# words opening a fronted clause or infinitive before the main clause (`Was …, ist laut X …`)
_FRONTED = lexicon.words("fronted_infinitives") | SUBORDINATORS


def nach_angaben(tokens: list[Token], k: int) -> Attribution | None:
    """`Nach Angaben der X`, `nach seinen Angaben`, `nach eigenen Angaben`, `nach offiziellen Angaben`."""
    n = len(tokens)
    if k + 1 >= n:
        return None
    j = k + 1
    while j < n and tokens[j].is_word and j < k + 4 and (_modifier(tokens[j]) or _genitive_name(tokens, j)):
        j += 1  # determiners, adjectives and genitive names: "nach bisherigen", "Nach Grupps"
    # "nach anderen Angaben 110 Kilometer": another figure beside the one stated, not a report
    if j >= n or not is_source_noun(tokens[j].low) or tokens[k + 1].low.startswith("andere"):
        return None
    end = max(noun_phrase(tokens, j), j + 1)
    # as written, the speaker runs over what is attached to the source: "Nach Angaben der Armee aus Khartum wurden …"
    wide = _attached(tokens, end) if k == 0 else end
    first = j + 2 if j + 1 < end and tokens[j + 1].low in ORIGIN_PREPOSITIONS else j + 1
    speaker = span_of(tokens, first, end) if end > first else None  # "nach eigenen Angaben": none
    if speaker is None and is_pronoun(tokens[k + 1].text):
        speaker = span_of(tokens, k + 1, k + 2)  # "nach seinen Angaben"
    if speaker is None and tokens[k + 1].low.startswith("eigene"):
        speaker = own_statement_subject(tokens, k, end)  # "Russland hatte nach eigenen Angaben …"
    elif speaker is None:
        speaker = span_of(tokens, k + 1, j + 1)  # "nach offiziellen Angaben": the statement itself
    att = around(tokens, k, end, speaker, "nach " + tokens[j].text)
    if att is None:
        return NO_REPORT
    # as written, the speaker is the whole phrase after `nach` (`Angaben der Polizei`), the cue `nach` alone
    return replace(att, cues=((tokens[k].start, tokens[k].end),), mention=span_of(tokens, k + 1, wide))


def wie_x_sagte(tokens: list[Token], k: int) -> Attribution | None:
    """`Wie X mitteilte, …`, `…, wie schon der Verband sagte`: a cue verb closing the `wie` clause."""
    n = len(tokens)
    if not (k + 2 < n and (k == 0 or tokens[k - 1].text == ",")):
        return None
    first = skip_adverbs(tokens, k + 1)  # "Wie schon der Verband sagte"
    if tokens[first].low in ORIGINS:
        first += 1  # "Wie aus dem Ministerium verlautete"
    j = noun_phrase(tokens, first)
    if j <= first:
        return _wie_bekannt(tokens, k, first)
    for v in range(j, min(n, j + 12)):
        if tokens[v].text in ";:":
            break  # (a `.` inside a sentence ends an abbreviation: "Wie Dr. Muster erklärte")
        after = v + 2 if v + 2 < n and tokens[v + 1].low in _CUE_AUXILIARIES else v + 1  # "bekanntgegeben hat"
        ends = after == n or tokens[after].text in ",."
        if ends and (CUE_FORMS.get(tokens[v].low) or tokens[v].low in _WIE_CUES):
            who = span_of(tokens, first, apposition_end(tokens, j))
            return around(tokens, k, after, who, f"wie {tokens[v].text}") or NO_REPORT
    return None


def _wie_bekannt(tokens: list[Token], k: int, first: int) -> Attribution | None:
    """`Wie gestern bekannt wurde, …`, `Wie berichtet wurde, …`: a `wie` clause of a passive cue without a source."""
    if first + 2 >= len(tokens) or tokens[first + 1].low not in PASSIVE_AUX or tokens[first + 2].text != ",":
        return None
    if tokens[first].low not in ANNOUNCED:
        return None  # "Wie erwartet wurde, …": an expectation, no statement
    att = around(tokens, k, first + 2, None, f"wie {tokens[first].text} {tokens[first + 1].text}")
    return NO_REPORT if att is None else replace(att, anonymous=True)


def wonach(tokens: list[Token], k: int) -> Attribution | None:
    """`X, wonach …`: the clause after `wonach` reports what X said (or, without X, the last report)."""
    if k < 2 or tokens[k - 1].text != ",":
        return None
    start = noun_phrase_before(tokens, k - 1)
    speaker = span_of(tokens, start, k - 1) if start < k - 1 else None
    clause = clause_span(tokens, k + 1, len(tokens))
    if clause:
        # without an antecedent, `wonach` itself stands for the speaker of the last report
        mention = None if speaker is not None else span_of(tokens, k, k + 1)
        return Attribution(
            clause, speaker, tokens[k].text, previous=speaker is None, position=tokens[k].start, mention=mention
        )
    return None


def demnach(tokens: list[Token], k: int) -> Attribution | None:
    """`Demnach …` opening a sentence, or right after its verb (`Die Zahl der Busse soll demnach verdoppelt werden`):
    the sentence goes on with the last report."""
    if k > 1 and not (tokens[k - 1].is_lower and tokens[k - 1].is_word and "," not in (t.text for t in tokens[:k])):
        return None
    if k > 1 and subjunctive(tokens[:k]):
        return None  # "Der Umweg wäre demnach zumutbar": the sentence goes on with the report as a whole
    clause = clause_span(tokens, k + 1, len(tokens)) if k <= 1 else clause_span(tokens, 0, len(tokens))
    here = span_of(tokens, k, k + 1)  # `Demnach` stands for the speaker of the last report, as written
    return Attribution(clause, None, tokens[k].text, previous=True, position=tokens[k].start, mention=here)


def _modifier(t: Token) -> bool:
    """A lower-case word between `nach` and a statement noun (`nach bisherigen`); not `nach wie vor`."""
    return t.is_lower and t.low != "wie"


def _genitive_name(tokens: list[Token], j: int) -> bool:
    """`Nach Grupps Angaben`: a name in the genitive right before a statement noun (not `nach Abschluss der …`)."""
    text = tokens[j].text
    return text.endswith("s") and not text.endswith("ss") and j + 1 < len(tokens) and is_source_noun(tokens[j + 1].low)


def who_or_said(phrase: list[Token]) -> bool:
    """Whether a noun phrase names a speaker or a statement (`gemäß einem Sprecher`, `gemäß der Zeitung`), not the
    rule something follows (`gemäß der Verordnung`)."""
    for t in phrase:
        person = role_of(t.text) or (t.low.endswith(("n", "s")) and role_of(t.text[:-1]))  # "einem Augenzeugen"
        if t.is_cap and (person or org_head(t.text) or is_media(t.text) or is_source_noun(t.low)):
            return True
        if len(t.text) > 1 and t.text.isupper():
            return True  # an acronym: an organisation
    return sum(1 for t in phrase if t.is_cap and t.low not in DETERMINERS) >= 2  # a name: "gemäß Anna Muster"


def own_statement_subject(tokens: list[Token], k: int, end: int) -> tuple[int, int] | None:
    """Who speaks in `nach eigenen Angaben`: the subject opening the sentence, or the one after the verb."""
    if k > 0:
        j = noun_phrase(tokens, 0)
        return span_of(tokens, 0, j) if j > 0 and not is_pronoun(tokens[0].text) else None
    j = noun_phrase(tokens, end + 1)
    return span_of(tokens, end + 1, j) if j > end + 1 else None


def relative_source(tokens: list[Token], comma: int, after: int, cue: str) -> Attribution | None:
    """`X, laut dem …` / `X, denen zufolge …`: the relative clause reports, X is the source."""
    start = noun_phrase_before(tokens, comma)
    speaker = span_of(tokens, start, comma) if start < comma else None
    clause = clause_span(tokens, after, len(tokens))
    return Attribution(clause, speaker, cue, position=tokens[comma].start) if clause else None


def around(tokens: list[Token], i: int, j: int, speaker: tuple[int, int] | None, cue: str) -> Attribution | None:
    """The reported clause around the source phrase `tokens[i:j]`: the larger side of its part of the sentence
    (a `;` separates parts: "…; nach Angaben der X sei …"). An apposition between commas on a speaker closing the
    phrase (`nach Angaben des Sprechers, Max Muster, …`) belongs to the speaker, not to the clause."""
    lo = next((c + 1 for c in range(i - 1, -1, -1) if tokens[c].text == ";"), 0)
    before = clause_span(tokens, lo, i)
    apposed = _apposition_end(tokens, j) if speaker is not None and speaker[1] == tokens[j - 1].end else j
    if apposed > j and speaker is not None:
        speaker = (speaker[0], tokens[apposed - 1].end)  # as a subject's apposition: it names the speaker
    # a relative clause on the speaker between commas is no part of the report after it: `… und laut X, die
    # sich auf … berufen, soll er …`
    on_speaker = speaker is not None and speaker[1] == tokens[j - 1].end
    resumed = relative_end(tokens, j) if on_speaker and i > lo and apposed == j else apposed
    after = clause_span(tokens, _after_insert(tokens, j) if i == lo else resumed, len(tokens))
    size_b = before[1] - before[0] if before else 0
    opening = _clause_opening(tokens, i)
    # "…: Künftig gilt …" is a sentence of its own, unless the phrase reports what stands before it
    colon = _new_clause_colon(tokens, j)
    cut = clause_span(tokens, j, colon) if colon < len(tokens) else None
    if cut is not None and (opening is not None or cut[1] - cut[0] >= size_b):
        after = cut
    size_a = after[1] - after[0] if after else 0
    clause = after if size_a >= size_b else before
    # after `und` the phrase opens a second clause: `… haben und laut X, die …, auch versucht haben`
    second = resumed > apposed and tokens[i - 1].low in COORDINATORS
    if second and after is not None:
        clause = after
    if opening is not None and after is None and j < len(tokens) and tokens[j].is_word:
        after = (tokens[j].start, tokens[j].end)  # one word after the phrase: "… wäre laut X unterschriftsreif."
    inserted = apposed > j or (resumed > apposed and not second)  # a phrase with its insert between commas
    if opening is not None and after is not None and (inserted or tokens[j].text not in BOUNDARIES):
        clause = (opening, after[1])
        if i > 1 and tokens[i - 1].low in RELATIVE and tokens[i - 2].text == ",":
            clause = (opening, _relative_end(tokens, j, after[1]))
    if clause is None:
        return None
    return Attribution(clause, speaker, cue, position=tokens[i].start)


def _after_insert(tokens: list[Token], j: int) -> int:
    """Where the clause after a source phrase opening the sentence starts: after a place or a medium attached to
    its source (`Nach Angaben der Armee aus Khartum wurden …`), or after an apposition or a relative clause on it
    between commas (`Nach Angaben der Polizei, die …, waren …`), where the verb follows."""
    j = _attached(tokens, j)
    if j + 2 >= len(tokens) or tokens[j].text != ",":
        return j
    first = tokens[j + 1]
    if first.is_lower and first.low not in OPENS_APPOSITION:
        return j  # "Nach Angaben der Polizei, wurde er …": a comma before the verb itself
    close = next((c for c in range(j + 2, min(len(tokens) - 1, j + 14)) if tokens[c].text in ",;:"), None)
    if close is None or tokens[close].text != "," or not tokens[close + 1].is_lower or not tokens[close + 1].is_word:
        return j
    verb = tokens[close + 1].low
    return close + 1 if verb not in SUBORDINATORS and verb not in RELATIVE and verb not in PREPOSITIONS else j


def _apposition_end(tokens: list[Token], j: int) -> int:
    """The comma closing an apposition between commas from `tokens[j]` (`, Max Muster,`, `, einem Manager der
    Firma,`, `, dem Dekan,`), or `j` when none stands there."""
    if j + 2 >= len(tokens) or tokens[j].text != ",":
        return j
    if not (tokens[j + 1].is_cap or tokens[j + 1].low in OPENS_APPOSITION):
        return j
    m = noun_phrase(tokens, j + 1)
    return m if j + 1 < m < len(tokens) and tokens[m].text == "," else j


def _attached(tokens: list[Token], j: int) -> int:
    """The end of prepositional phrases (`aus Khartum`, `in der Zeitung DIE WELT`, `vom November 2011`) or a second
    source (`und der Feuerwehr`) right after a fronted source phrase, when the verb follows them: in second
    position, the verb ends the phrase."""
    n = len(tokens)
    while j + 1 < n and (tokens[j].low in PREPOSITIONS or tokens[j].low in COORDINATORS):
        m = noun_phrase(tokens, j + 1)  # or a second source: "nach Angaben der Polizei und der Feuerwehr"
        while j + 1 < m < n and tokens[m].text.isdigit():
            m += 1  # "vom November 2011"
        if m <= j + 1 or m >= n or not (tokens[m].is_lower and tokens[m].is_word) or tokens[m].low in PREPOSITIONS:
            break
        j = m
    return j


def _new_clause_colon(tokens: list[Token], j: int) -> int:
    """The first `:` from `tokens[j]` that opens a sentence of its own (`…: Künftig gilt …`), else the end.

    Not a time (`15:30`), a quote or a list announced by `folgende`."""
    for c in range(j, len(tokens) - 1):
        if tokens[c].low.startswith("folgend"):
            break
        if tokens[c].text == ":" and tokens[c + 1].is_cap and not tokens[c - 1].text[-1:].isdigit():
            return c
    return len(tokens)


def _relative_end(tokens: list[Token], j: int, end: int) -> int:
    """Where a relative clause from `tokens[j]` ends: at a comma before the main clause's verb (`Der Schaden, der
    laut X hoch war, musste …`), else at `end`."""
    for c in range(j, len(tokens) - 1):
        after = tokens[c + 1]
        if tokens[c].text == "," and after.is_lower and after.low not in CLAUSE_ONGOING:
            return tokens[c - 1].end
    return end


def _clause_opening(tokens: list[Token], i: int) -> int | None:
    """`weil sie nach Auffassung des Gerichts zu schnell gefahren ist`: a source phrase inside its clause.

    The report then starts where that clause starts (the sentence or the last comma before the phrase), if
    words of the clause stand before the phrase; returns its first character offset.
    """
    start = i
    while start > 0 and tokens[start - 1].text not in BOUNDARIES:
        start -= 1
        if tokens[start].text == ")":  # "in Lund (Schweden) nach Angaben …": skip the brackets
            start = next((b for b in range(start - 1, -1, -1) if tokens[b].text == "("), start + 1)
    if start > 0 and tokens[0].low in SUBORDINATE_OPENERS:
        start = 0  # "Nachdem …, ist es laut X zu … gekommen": the fronted clause belongs to the report
    left = [t for t in tokens[start:i] if t.is_word]
    fronted = tokens[0].low in SUBORDINATE_OPENERS or tokens[0].low in _FRONTED
    if (
        len(left) == 1
        and start > 0
        and tokens[start - 1].text == ","
        and not fronted
        and _finite_after_subject(left[0])
    ):
        return tokens[0].start  # "Ein Sprengsatz, vermutlich eine Bombe, ist nach Angaben X …": the verb's clause
    if len(left) == 1 and start > 0 and (left[0].low in CLAUSE_LINKS or left[0].low in RELATIVE):
        return tokens[start].start  # "…, da nach Angaben der X …", "…, das nach Angaben der X …": that clause
    verb_like = any(t.is_lower and t.low not in DETERMINERS for t in left)  # not "Den Angaben der X zufolge"
    return tokens[start].start if len(left) >= 2 and verb_like else None


def _finite_after_subject(t: Token) -> bool:
    """Whether a lone word after a comma is the verb of the main clause (after a subject with an apposition or a
    relative clause), not an article, a conjunction or a relative pronoun opening a clause of its own."""
    return t.is_lower and t.low not in DETERMINERS and t.low not in CLAUSE_LINKS and t.low not in RELATIVE


def with_reason(tokens: list[Token]) -> Attribution | None:
    """`X lehnte mit der Begründung ab, …`, `… war von X mit dem Hinweis abgelehnt worden, …`, `X trat dem mit
    den Worten entgegen, …`: the clause after the comma is what was given, by the passive agent or the subject."""
    n = len(tokens)
    for k in range(1, n - 4):
        if tokens[k].low != "mit" or tokens[k + 1].low not in DETERMINERS or tokens[k + 2].low not in REASONS:
            continue
        c = next((c for c in range(k + 3, min(n - 1, k + 7)) if not tokens[c].is_lower), None)
        if c is None or tokens[c].text != "," or not opens_report(tokens, c + 1):
            return None
        passive = any(t.low in PASSIVE_AUX for t in tokens)
        agent = next((a for a in range(k - 2, 0, -1) if tokens[a].low in ORIGIN_PREPOSITIONS), None)
        if passive and agent is not None and noun_phrase(tokens, agent + 1) == k:
            speaker = span_of(tokens, agent + 1, k)  # "war vom Stadtrat mit dem Hinweis abgelehnt worden"
        else:
            speaker = None if passive else clause_subject(tokens, k)  # a passive subject is what was refused
        cue = " ".join(t.text for t in tokens[k : k + 3])
        return Attribution(
            clause_span(tokens, c + 1, n), speaker, cue, anonymous=speaker is None, position=tokens[k].start
        )
    return None


def _infinitive(tokens: list[Token]) -> bool:
    """Whether `tokens` (between commas) are an infinitive clause with `zu` (`sich zu stellen`, `anzuhalten`)."""
    words = [t for t in tokens if t.is_word]
    if len(words) < 2 or not words[-1].is_lower:
        return False
    return words[-2].low == "zu" or INFINITIVE_ZU.match(words[-1].low) is not None


def claim_content(tokens: list[Token]) -> Attribution | None:
    """`Auf den Vorwurf der Partei, der Plan sei zu teuer, reagierte …`, `die Forderung des Verbands, die Steuer zu
    senken`: a claim noun whose content follows after a comma (in Konjunktiv I, as a `dass` or `ob` clause or an
    infinitive with `zu`) is reported, by the genitive after the noun if there is one."""
    n = len(tokens)
    for k in range(n - 3):
        if tokens[k].low not in CLAIMS:
            continue
        j = k + 1
        if tokens[k + 1].low in _GENITIVE_OR_VON:
            # `des Verbands`, `von Politikern der Partei`: the preposition is not part of the noun phrase
            start = k + 2 if tokens[k + 1].low in ORIGIN_PREPOSITIONS else k + 1
            j = max(noun_phrase(tokens, start), k + 1)
        if tokens[k].low in CLAIM_INTENTS and j == k + 1 and not (k > 0 and is_pronoun(tokens[k - 1].text)):
            continue  # "Der Plan, die Brücke zu bauen, scheiterte": an intention without a speaker is a fact
        comma = _closing_comma(tokens, j)
        if comma >= n - 1 or not opens_report(tokens, comma + 1):
            continue
        end = next((c for c in range(comma + 2, n) if tokens[c].text in ",;"), n)
        if subjunctive(tokens[:k], strict=True):
            continue  # "So gebe es Hinweise, dass …": the sentence goes on with a report as a whole
        content = tokens[comma + 1].low in SUBORDINATORS or _infinitive(tokens[comma + 1 : end])
        if not content and not subjunctive(tokens[comma + 1 : end], strict=True):
            continue
        while end < n - 1 and (tokens[end + 1].low in RELATIVE or tokens[end + 1].low in SUBORDINATORS):
            end = next((c for c in range(end + 2, n) if tokens[c].text in ",;"), n)  # "…, mit dem man …"
        first = k + 2 if j > k + 1 and tokens[k + 1].low in ORIGIN_PREPOSITIONS else k + 1
        speaker = span_of(tokens, first, j) if j > k + 1 else clause_subject(tokens, k)
        clause = clause_span(tokens, comma + 1, end)
        if clause:
            return Attribution(clause, speaker, tokens[k].text, anonymous=speaker is None, position=tokens[k].start)
    return None


def _closing_comma(tokens: list[Token], j: int) -> int:
    """The comma at `tokens[j]`, or one after the verb or particle closing the clause of a claim noun (`hatte die
    These vertreten, …`, `herrschte die Meinung vor, …`); else past the end."""
    for c in range(j, min(j + 3, len(tokens))):
        if tokens[c].text == ",":
            return c if c == j or tokens[c - 1].is_lower else len(tokens)
        if not tokens[c].is_word:
            break
    return len(tokens)
