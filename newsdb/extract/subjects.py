"""Who speaks: the subject of a cue verb, before or after it, in active and passive sentences."""

from __future__ import annotations

from newsdb.extract.chunking import DETERMINERS, is_pronoun, noun_phrase, org_head, role_of
from newsdb.extract.clauses import span_of
from newsdb.extract.grammar import (
    ADVERB_SHAPE,
    ADVERBS,
    AUX,
    CONTRASTIVE,
    COORDINATORS,
    DATIVE_ARTICLES,
    DEMONSTRATIVES,
    GLUE,
    NOT_SPEAKERS,
    OBLIQUE_ARTICLES,
    OPENS_APPOSITION,
    PASSIVE_AUX,
    PASSIVE_AUX_AFTER_CUE,
    PLACE_LINKS,
    PREPOSITIONS,
    REFLEXIVES,
    SUBJECT_PARTICLES,
    SUBJECT_PRONOUNS,
    SUBORDINATE_OPENERS,
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


def _verb_follows(tokens: list[Token], j: int, k: int) -> bool:
    """Whether only adverbs stand between `tokens[j]` and the verb at `k`, or an auxiliary opens them."""
    while j < k and tokens[j].low in GLUE:
        j += 1
    return j == k or (j < k and tokens[j].low in AUX)


def is_passive(tokens: list[Token], k: int) -> bool:
    """Whether the cue verb at `k` is passive: `wurde mitgeteilt`, `war berichtet worden`, `wurde bekannt`."""
    after = tokens[k + 1].low if k + 1 < len(tokens) else ""
    return index_of(tokens).passive_before(k + 1) or after in PASSIVE_AUX_AFTER_CUE


def _not_nominative(tokens: list[Token], i: int, j: int) -> bool:
    """Whether the noun phrase `tokens[i:j]` is no subject: `Dem Sender`, `Der deutschen Zeitung`, `Den Medien`."""
    first = tokens[i].low
    if first in DATIVE_ARTICLES:
        return True
    return first in OBLIQUE_ARTICLES and j - i > 2 and tokens[i + 1].low.endswith("en") and tokens[i + 1].is_lower


def _object_first(tokens: list[Token], i: int, j: int, k: int) -> bool:
    """Whether `tokens[i:j]`, before the verb at `k`, is its object: a thing (no role, organisation or name) while
    a pronoun or a bare name followed by `als` stands after the verb (`Die Pläne nannte er …`, `Die Pläne
    bezeichnete Stadtrat X als …`)."""
    if k + 1 >= len(tokens) or any(role_of(t.text) or org_head(t.text) for t in tokens[i:j]):
        return False
    if sum(1 for t in tokens[i:j] if t.is_cap and t.low not in DETERMINERS) >= 2 and tokens[i].low not in DETERMINERS:
        return False  # a name: "Anna Muster sagte"
    after = tokens[k + 1]
    if after.low in SUBJECT_PRONOUNS:
        return True
    end = noun_phrase(tokens, k + 1)
    return after.is_cap and after.low not in DETERMINERS and end < len(tokens) and tokens[end].low == "als"


def _passive_agent(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """`wurde vom Verband aufgefordert`: the `von` phrase between a passive auxiliary and the cue verb at `k`.

    Not for `zitiert`: who is quoted is the subject, the `von` phrase names who quotes (`von der Zeitung`)."""
    index = index_of(tokens)
    if tokens[k].low == "zitiert" or (index.long and not index.passive_before(k)):
        return None  # (in a long sentence, without a passive auxiliary before the verb no search is needed)
    for a in index.origins_back(k):  # not past a passive auxiliary or punctuation
        if tokens[a - 1].low not in PREPOSITIONS:
            j = noun_phrase(tokens, a + 1)
            # adverbs only between them: "vom Verband scharf kritisiert"
            if j > a + 1 and index.lower_until(j, k) and index.passive_before(a):
                return span_of(tokens, a + 1, j)
    return None


def _closing_apposition(tokens: list[Token], verb: int) -> tuple[int, int] | None:
    """`Der Nachfolger des im Mai verstorbenen Gründers, Max Muster, sagte`: a subject whose noun phrase runs
    too long to follow, closed by a name between commas right before the verb; the span up to that name."""
    if verb < 4 or tokens[verb - 1].text != "," or not tokens[0].is_cap:
        return None
    c = next((c for c in range(verb - 2, 0, -1) if not tokens[c].is_word), 0)
    if tokens[c].text != "," or noun_phrase(tokens, c + 1) != verb - 1 or not tokens[c + 1].is_cap:
        return None
    return span_of(tokens, 0, verb - 1)


def verb_subject(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The subject of the cue verb at `k`: a noun phrase opening the sentence or following the verb."""
    if (agent := _passive_agent(tokens, k)) is not None:
        return agent
    start = 0
    while start < k and tokens[start].low in SUBJECT_PARTICLES:
        start += 1
    if start == 0 and ADVERB_SHAPE.search(tokens[0].low) and len(tokens) > 1 and tokens[1].is_lower:
        start = k  # "Unmissverständlich sagte …": an adverb, the subject follows the verb
    if tokens[0].low in SUBORDINATE_OPENERS:
        return speaker_after(tokens, k + 1)  # "Nachdem …, sagte ein Sprecher …": the subject follows the verb
    if tokens[start].low == "aus" and noun_phrase(tokens, start + 1) > start + 1:
        return span_of(tokens, start + 1, noun_phrase(tokens, start + 1))  # "Aus dem Bericht geht hervor"
    if k == start + 1 and is_pronoun(tokens[start].text) and tokens[start].low in DETERMINERS:
        return span_of(tokens, start, k)  # a demonstrative standing alone: "Dieser bestätigte, dass …"
    j = noun_phrase(tokens, start)
    while start < j < k and tokens[j].low in PLACE_LINKS and noun_phrase(tokens, j + 1) > j + 1:
        j = noun_phrase(tokens, j + 1)  # "Ken Rice vom Institut für Astronomie in Edinburgh erklärte"
    subject_end = j
    if start < j < k and tokens[j].low in COORDINATORS and _verb_follows(tokens, noun_phrase(tokens, j + 1), k):
        return span_of(tokens, start, subject_end)  # "Die Kommission und die Regierung äußerten": the first of them
    while start < j < k and tokens[j].low in GLUE:
        j += 1  # "Die Kanadier hingegen sagen"
    if j == k and subject_end > start and _not_nominative(tokens, start, subject_end):
        return speaker_after(tokens, k + 1) or span_of(tokens, start, subject_end)  # "Der Zeitung sagte X"
    if j == k and subject_end > start and _object_first(tokens, start, subject_end, k):
        return speaker_after(tokens, k + 1)  # "Die Äußerungen bezeichnete er als …"
    if j == k and subject_end > start:
        return span_of(tokens, start, subject_end)
    j = subject_end
    if j > start and (j == k or (j < k and tokens[j].low in AUX)):
        return span_of(tokens, start, j)
    if j > start and j < k and tokens[j].text == "," and not is_pronoun(tokens[start].text):
        # an apposition: "Der Sprecher, Max Muster, sagte" / "Max Muster, Sprecher der Stadt, wird zitiert"
        comma = index_of(tokens).next_comma(j + 1, k)
        m = comma if comma < k else None
        if m is not None and (m + 1 == k or tokens[m + 1].low in AUX):
            return span_of(tokens, start, m)
        if m is None and noun_phrase(tokens, j + 1) == k:
            return span_of(tokens, start, j)  # an apposition left open: "Max Muster, Sprecher der Stadt sagte"
        if tokens[k - 1].text == "," and tokens[j + 1].low in OPENS_APPOSITION:
            return span_of(tokens, start, j)  # "Max Muster, einer der Unterzeichner, die …, verurteilte"
    second = tokens[k - 1].low == "und" or (k > 1 and tokens[k - 2].low == "und" and tokens[k - 1].low in AUX)
    if second and subject_end > start:
        end = apposition_end(tokens, subject_end)  # "Max Muster, der Sprecher, dankte … und ergänzte"
        verb = end + 1 if end > subject_end else end
        if verb < k and tokens[verb].is_lower:
            return span_of(tokens, start, end)  # "Er lehnte ab und bezeichnete …", "… und hatte gefragt"
    first_verb = index_of(tokens).next_aux(start, k)
    if start == 0 and (closed := _closing_apposition(tokens, first_verb)) is not None:
        return closed
    if first_verb < k and tokens[first_verb].low in PASSIVE_AUX:
        if tokens[k].low == "zitiert" and j > start and j == first_verb:
            return span_of(tokens, start, j)  # "Der Minister wird mit den Worten zitiert": the one quoted
        if tokens[k].low == "zitiert" and noun_phrase(tokens, first_verb + 1) > first_verb + 1:
            return span_of(tokens, first_verb + 1, noun_phrase(tokens, first_verb + 1))  # "Dazu wird X zitiert"
        return None  # "wurde bekannt gegeben": no speaker
    return speaker_after(tokens, first_verb + 1)


def clause_subject(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The subject of a main clause before `tokens[k]`: a noun phrase before the verb (`Die Stadt lehnte …`) or
    right after it (`Am Montag lehnte die Stadt …`)."""
    j = noun_phrase(tokens, 0)
    if 0 < j < k and tokens[j].is_lower and tokens[0].low not in NOT_SPEAKERS:
        return span_of(tokens, 0, j)
    verb = next((v for v in range(1, k) if tokens[v].is_lower and tokens[v - 1].is_cap), None)
    speaker = speaker_after(tokens, verb + 1) if verb is not None else None
    return speaker if speaker and speaker[1] <= tokens[k].start else None
