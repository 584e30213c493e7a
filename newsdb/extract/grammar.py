"""What the cue rules share: the `Attribution` they return and the word classes and verb forms they test."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdb.extract import lexicon
from newsdb.extract.tokens import Token


@dataclass(slots=True, init=False, unsafe_hash=True)
class Attribution:
    """A cue found in one sentence; offsets are paragraph offsets. Never modified once made (cached results
    share it); not frozen only so that the compiled build can make it with a compiled `__init__`.

    `clause` is the reported clause (None when the cue only names a speaker for quotes in the sentence, or
    when `backward` says it attributes the previous sentence); `speaker` the speaker phrase that is resolved
    (None for an unnamed source or when the speaker is the subject of the previous report); `mention` the
    speaker as a reader marks it when that is more than `speaker` (`Angaben der Polizei` in `nach Angaben der
    Polizei`, `eigenen Angaben`); `cues` the offsets of the cue words.
    """

    clause: tuple[int, int] | None
    speaker: tuple[int, int] | None
    cue: str
    anonymous: bool = False
    backward: bool = False
    previous: bool = False  # the speaker is whoever was reported last (`Demnach ...`)
    position: int = 0  # where the cue starts, to choose between patterns
    rule: str = ""  # the name of the rule that found it (see `rules.py`)
    cues: tuple[tuple[int, int], ...] = ()  # each cue word as written (`teilte`, `mit`); `located.locate` fills it
    mention: tuple[int, int] | None = None  # the speaker as written, where it differs from `speaker`
    addressee: tuple[int, int] | None = None  # who the cue speaks to (`sagte der Zeitung`); `located.locate` fills it

    # Written out: compiled, the `__init__` that `dataclass` generates stays interpreted, and it runs per cue.
    def __init__(
        self,
        clause: tuple[int, int] | None,
        speaker: tuple[int, int] | None,
        cue: str,
        anonymous: bool = False,
        backward: bool = False,
        previous: bool = False,
        position: int = 0,
        rule: str = "",
        cues: tuple[tuple[int, int], ...] = (),
        mention: tuple[int, int] | None = None,
        addressee: tuple[int, int] | None = None,
    ) -> None:
        self.clause = clause
        self.speaker = speaker
        self.cue = cue
        self.anonymous = anonymous
        self.backward = backward
        self.previous = previous
        self.position = position
        self.rule = rule
        self.cues = cues
        self.mention = mention
        self.addressee = addressee


BACK_REFERRING = lexicon.words("back_referring")
RELATIVE_AFTER_NACH = lexicon.words("relative_after_nach")
ORIGIN_PREPOSITIONS = lexicon.words("von_forms")
GENITIVE_ARTICLES = lexicon.words("genitive_articles")
AGENT_PREPOSITIONS = lexicon.words("agent_prepositions")
SUBJECT_PARTICLES = lexicon.words("subject_particles")
COORDINATORS = lexicon.words("coordinators")
SAID_FROM = lexicon.words("said_from")
SUBJECT_PRONOUNS = lexicon.words("subject_pronouns")
DATIVE_ARTICLES = lexicon.words("dative_articles")

# What a phrase rule returns when its phrase is there but reports nothing: no rule is tried after it.
NO_REPORT = Attribution(None, None, "", rule="no report")


ORIGINS = lexicon.words("origins")


SAY_IT = lexicon.words("say_it")


AUX = lexicon.words("aux_before_participle")


ADVERBS = lexicon.words("speaker_adverbs")


ADVERB_SHAPE = re.compile(r"(?:end|lich|isch|bar|weise|mals|falls|dings|erweise|ig|ell|gemäss)$")


SUBORDINATORS = lexicon.words("subordinators")


_FRONTED_CLAUSE = lexicon.words("fronted_clause")


# Conjunctions that open a sentence with a subordinate clause, after which the verb (and its subject) follow.
SUBORDINATE_OPENERS = _FRONTED_CLAUSE | lexicon.words("subordinate_openers")
# Words opening a fronted subordinate clause or infinitive (`Als der Zug hielt, …`, `Um … zu …, …`): the main
# clause, with a frame or a claim, comes after its comma.
CLAUSE_OPENERS = SUBORDINATE_OPENERS | SUBORDINATORS | lexicon.words("fronted_infinitives")
FRAME_WORDS = 3  # a main clause before a report's comma has at least this many tokens: not a name and apposition


# A sentence opening with one of these before `…, sagte X` has a fronted clause, not what was said.
FRONTED_BEFORE_CUE = _FRONTED_CLAUSE | lexicon.words("fronted_before_cue")


PREPOSITIONS = lexicon.words("prepositions")


NOT_SPEAKERS = lexicon.words("not_speakers")


PLACE_LINKS = lexicon.words("place_links")


CONTRASTIVE = lexicon.words("contrastive")


RELATIVE = lexicon.words("relative_pronouns")


POSSESSIVE_OPENERS = lexicon.words("possessive_openers")


INDEFINITE = lexicon.words("indefinite_articles")


OPENS_APPOSITION = RELATIVE | INDEFINITE  # "Max Muster, der …," / "Max Muster, einer der …,"


PASSIVE_AUX = lexicon.words("passive_aux_before_cue")


# Words that open a clause after a cue verb's comma which is not what was said.
NOT_REPORTING = lexicon.words("not_reporting")


NEGATIONS = lexicon.words("negations")


CUE_FORMS = lexicon.cue_verbs()


CUE_WORDS = frozenset(CUE_FORMS)


GLUE = lexicon.words("opening_adverbs")


_KONJUNKTIV_I = lexicon.words("subjunctive")


ANY_SUBJUNCTIVE = _KONJUNKTIV_I | lexicon.words("conditional")


# Words without which a pattern cannot match, to skip it cheaply.


TRAILING_WORDS = CUE_WORDS | lexicon.words("verbless_cues")


def subjunctive(tokens: list[Token], *, strict: bool = False) -> bool:
    """Whether the tokens contain a subjunctive verb form (with `strict`, only Konjunktiv I counts)."""
    forms = _KONJUNKTIV_I if strict else ANY_SUBJUNCTIVE
    return any(t.low in forms for t in tokens)


def subjunctive_in(words: frozenset[str], *, strict: bool = False) -> bool:
    """Whether the lower-cased `words` contain a subjunctive verb form (with `strict`, only Konjunktiv I)."""
    return not words.isdisjoint(_KONJUNKTIV_I if strict else ANY_SUBJUNCTIVE)


_POSSIBILITY = lexicon.words("possibility")


_NOT_POSSIBILITY = ANY_SUBJUNCTIVE - _POSSIBILITY


def only_possibility(words: frozenset[str]) -> bool:
    """Whether the only subjunctive forms among `words` are `könnte(n)`: a possibility, not a report by itself."""
    return not words.isdisjoint(_POSSIBILITY) and words.isdisjoint(_NOT_POSSIBILITY)


# Forms of address: capitalised inside a sentence, `Sie` and `Ihr…` speak to someone (`Wie sehen Sie …?`).
_ADDRESS = lexicon.words("address", fold=False)


def asks_addressee(tokens: list[Token]) -> bool:
    """Whether the sentence is a question put to someone (an interviewer's): it reports nothing."""
    return tokens[-1].text == "?" and any(t.text in _ADDRESS for t in tokens[1:])


DEMONSTRATIVES = lexicon.words("demonstratives")


MONTHS = lexicon.words("months") | lexicon.words("seasons")


BOUNDARIES = frozenset({",", ";", ":", "–", "(", ")"})


# Conjunctions that open a subordinate clause right before a source phrase: "…, weil laut X …".
CLAUSE_LINKS = SUBORDINATORS | _FRONTED_CLAUSE | lexicon.words("clause_links")


# Words after a comma that go on with a subordinate clause rather than return to the main clause.
CLAUSE_ONGOING = CLAUSE_LINKS | RELATIVE | NOT_REPORTING | lexicon.words("clause_ongoing")


PERFECT_AUX = lexicon.words("perfect_aux")
PASSIVE_AUX_AFTER_CUE = lexicon.words("passive_aux_after_cue")
TEXT_PREPOSITIONS = lexicon.words("text_prepositions")
TIME_CONTRACTIONS = lexicon.words("time_contractions")
REFLEXIVES = lexicon.words("reflexives")
OBLIQUE_ARTICLES = lexicon.words("oblique_articles")
PLACE_OPENERS = lexicon.words("place_openers")
RESUMPTIVE_PRONOUNS = lexicon.words("resumptive_pronouns")
ARTICLE_RELATIVES = lexicon.words("article_relatives")


KNOW_HOW = lexicon.words("know_how")


INFINITIVE_ZU = re.compile("(?:" + "|".join(sorted(lexicon.words("separable_prefixes"))) + r")zu\w+en$")


REASONS = lexicon.words("reason_nouns")


ANNOUNCED = lexicon.words("announced")  # passive cues that report without a speaker
CLAIM_INTENTS = lexicon.words("claim_intents")  # reported only with a speaker
CLAIMS = lexicon.words("claim_nouns") | CLAIM_INTENTS
