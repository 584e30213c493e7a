"""Reported speech without a reported clause: claims passed on with `soll` (free indirect speech) and speech acts
summarised by their verb (reported speech).

`Der Mann soll geflohen sein.` reports what someone claims without saying who: the sentence is a `free_indirect`
quote. `Die Gewerkschaft forderte höhere Löhne.` summarises what was said: the sentence is a `reported` quote
of the speaker its cue names.
"""

from __future__ import annotations

from newsdb.extract import lexicon
from newsdb.extract.grammar import CLAUSE_OPENERS, FRAME_WORDS, Attribution
from newsdb.extract.tokens import Token

HEARSAY: frozenset[str] = lexicon.words("hearsay_modals")
_CLAIMED: frozenset[str] = lexicon.words("claimed_states")


def _summarising(closing: bool) -> dict[str, frozenset[str]]:
    """`data/summarising_cues.txt`: each verb form with the words of which one must follow it (none: any), or with
    `closing`, of a verb whose line gives particles after `|`, the particles of which one must close its clause."""
    table: dict[str, frozenset[str]] = {}
    for line in lexicon.lines("summarising_cues"):
        forms, bar, particles = line.partition("|")
        if bar and closing:
            table.update(
                (form.casefold(), frozenset(w.casefold() for w in particles.split())) for form in forms.split()
            )
        elif not bar and not closing:
            forms, _, after = line.partition(":")
            table.update((form.casefold(), frozenset(w.casefold() for w in after.split())) for form in forms.split())
    return table


_SUMMARISING: dict[str, frozenset[str]] = _summarising(closing=False)
_CLOSING: dict[str, frozenset[str]] = _summarising(closing=True)
SUMMARISING_FORMS: frozenset[str] = frozenset(_SUMMARISING) | frozenset(_CLOSING)
_LIVES: frozenset[str] = lexicon.words("claimed_lives")
_COSTING: frozenset[str] = lexicon.words("costing_verbs")
_PREPOSITIONS: frozenset[str] = lexicon.words("prepositions") | lexicon.words("time_contractions")
_DETERMINERS: frozenset[str] = lexicon.words("determiners")
_AFTER_WITHIN = 4  # how far after a summarising verb the word it needs may stand
_RELATIVES: frozenset[str] = lexicon.words("relative_pronouns") | lexicon.words("subordinators")


def hearsay(tokens: list[Token], after_report: bool = False) -> Attribution | None:
    """`X soll … haben`: a sentence whose main clause passes on a claim with `soll` or `sollen`; the whole sentence
    is the claim, its speaker unnamed (None if the sentence has no such verb, or it announces a plan). Right after
    a report (`after_report`) a plan is passed on too: `Der Zoo will sparen. Zwei Gehege sollen schließen.`"""
    k = next((i for i, t in enumerate(tokens) if t.low in HEARSAY and t.is_lower), -1)
    if k < 1 or _subordinate(tokens, k):
        return None
    end = next((i for i in range(k + 1, len(tokens)) if not tokens[i].is_word), len(tokens))
    if not after_report and tokens[end - 1].low not in _CLAIMED:
        return None  # `Die Brücke soll 2030 fertig werden`: what is planned, announced by the article itself
    first = _claim_start(tokens, k)
    return Attribution(
        (tokens[first].start, tokens[-1].end), None, tokens[k].text, position=tokens[k].start, rule="hearsay"
    )


def _claim_start(tokens: list[Token], k: int) -> int:
    """Where the claim of the `soll` at `k` starts: after a colon introducing it (`Nun kam heraus: Der Mann soll
    …`), after a main clause and its comma (`Ein Beamter wurde festgenommen, er soll …`), else at the sentence
    start. A comma right before `soll` closes an apposition or a relative clause of its subject: no cut."""
    colon = next((i for i in range(k - 1, 0, -1) if tokens[i].text == ":"), -1)
    if 0 < colon < k - 1:
        return colon + 1
    comma = next((i for i in range(k - 1, 0, -1) if tokens[i].text == ","), -1)
    if comma < FRAME_WORDS or comma >= k - 1 or tokens[0].low in CLAUSE_OPENERS:
        return 0
    if any(t.text == "," for t in tokens[:comma]):
        return 0  # more commas before: an apposition or an inserted clause may open the subject
    return comma + 1


def _subordinate(tokens: list[Token], k: int) -> bool:
    """Whether the verb at `k` ends a subordinate clause (`…, die aufspüren sollen`): a comma before it is followed
    by a relative pronoun or a conjunction (also after a preposition: `…, mit dem … soll`)."""
    j = k - 1
    while j >= 0 and tokens[j].text != ",":
        j -= 1
    if j < 0:
        return False
    head = tokens[j + 1 : j + 3]
    return any(t.low in _RELATIVES for t in head)


def summarises(att: Attribution, tokens: list[Token], offset: int) -> bool:
    """Whether a cue without a reported clause summarises what was said (`Sie forderte den Rücktritt.`): its verb
    names the content of a speech act by an object, and the sentence has a noun besides the speaker's (not `Der
    Richter sprach lange.`). `tokens` are the sentence's, `offset` where it starts in the paragraph."""
    if att.clause is not None or att.backward:
        return False
    verb = att.cue.split(" ", 1)[0].casefold()
    needs = _SUMMARISING.get(verb)
    if needs is None:
        particles = _CLOSING.get(verb)
        last = next((t for t in reversed(tokens) if t.is_word), None)
        if particles is None or last is None or last.low not in particles:
            return False  # `sagte Hilfe zu` promises, `sagte Regen voraus` predicts; `sagte` alone summarises nothing
        needs = frozenset()
    k = next((i for i, t in enumerate(tokens) if t.start + offset == att.position), len(tokens))
    if verb in _COSTING and _lives_lost(tokens, k):
        return False  # `Der Sturm forderte zwölf Todesopfer`: lives lost, not a demand
    if needs and all(t.low not in needs for t in tokens[k + 1 : k + 1 + _AFTER_WITHIN]):
        return False
    speaker = att.mention or att.speaker or (0, 0)
    return any(t.is_word and t.is_cap and not speaker[0] <= t.start + offset < speaker[1] for t in tokens[1:])


def _lives_lost(tokens: list[Token], k: int) -> bool:
    """Whether the object of the verb at `k` is a loss of lives: the first noun after it outside a prepositional
    phrase (`forderte am Wochenende zwölf Todesopfer`, not `forderte eine Entschädigung für die Opfer`), or a noun
    without an article right before it (`Zwölf Menschenleben forderte das Unglück`)."""
    if k >= 2 and tokens[k - 1].low in _LIVES and tokens[k - 2].low not in _DETERMINERS:
        return True
    in_phrase = False
    for t in tokens[k + 1 :]:
        if not t.is_word:
            return False
        if t.low in _PREPOSITIONS:
            in_phrase = True
        elif t.is_cap:
            if not in_phrase:
                return t.low in _LIVES
            in_phrase = False  # the noun closing `am Wochenende`
    return False
