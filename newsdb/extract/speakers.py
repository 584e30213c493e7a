"""Speaker phrases: noun-phrase boundaries, roles, organisations, and coreference within one article."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsdb.document import SourceKind, SourceRef
from newsdb.extract import lexicon
from newsdb.extract.chunking import (
    DETERMINERS,
    GENITIVE_LINKS,
    NAME_PARTICLES,
    OPENING_MARKS,
    PARTITIVES,
    WEEKDAYS,
    is_adjective,
    is_media,
    is_noun,
    is_pronoun,
    is_source_noun,
    org_head,
    particle_end,
    role_of,
    takes_particle,
)
from newsdb.extract.coreference import AGENT_NOUN, Registry, Speaker
from newsdb.extract.grammar import CUE_FORMS
from newsdb.extract.tokens import SENTENCE_CACHE, Token, phrase_tokens

_GENITIVE_ARTICLES = lexicon.words("genitive_articles")
_VON_FORMS = lexicon.words("von_forms")
_AFFILIATION_LINKS = lexicon.words("affiliation_links")
# Words that, capitalised at a sentence's start, look like a name but never are one: pronouns in the dative or
# accusative (`Ihm wird vorgeworfen`), adverbs (`Erneut`), auxiliaries (`Sollte`) and the forms of cue verbs
# (`Kritisiert wird, dass …`, `Besorgt zeigte sich …`).
_NO_NAMES = (
    lexicon.words("object_pronouns")
    | lexicon.words("opening_adverbs")
    | lexicon.words("speaker_adverbs")
    | lexicon.words("aux_before_participle")
    | frozenset(CUE_FORMS)
)
_TIMES = lexicon.words("time_units") | lexicon.words("months") | lexicon.words("seasons") | WEEKDAYS
ANONYMOUS = SourceRef("unbekannt", SourceKind.ANONYMOUS)

# A capitalised name with a preposition inside, which no person's name has: "Ingenieure ohne Grenzen".
_ORGANIZATION_NAME = re.compile(
    r"[A-ZÄÖÜ][\w-]*(?: (?:ohne|für|gegen|of|for|the|sans|pour)(?: (?:die|der|das|den))?) [A-ZÄÖÜ][\w-]*"
)
_MEDIUM_NAME = re.compile(r'.*?(\w+)\s+[«»„“"]([^«»„“”"]+)[«»“”"]$')
_PARENTHESES = re.compile(r"\s*\([^()]*\)")


def _nominative_noun(word: str) -> str:
    """`Verteidigungsministeriums` -> `Verteidigungsministerium` when the shorter form is a known head."""
    heads = lexicon.org_heads()
    low = word.casefold()
    for cut in (2, 1):
        if low.endswith("es"[-cut:]) and any(low[:-cut].endswith(h) for h in heads):
            return word[:-cut]
    return word


def _nominative_adjective(adj: str, gender: str) -> str:
    stem = re.sub(r"(?:en|em|er|es|e)$", "", adj)
    return stem + {"m": "er", "f": "e", "n": "es"}.get(gender, "e")


@dataclass(frozen=True, slots=True)
class _Phrase:
    """What a speaker phrase says by its words alone; `resolve` adds what the article knows.

    `redirect` names another phrase to resolve instead: `apposition` (the whole, with commas), `pronoun` or `group`
    (`einer der Feuerwehrleute` -> `der Feuerwehrleute`). Otherwise the phrase splits into determiner, adjectives,
    roles, core nouns and the attachment after them.
    """

    redirect: str | None = None
    target: str = ""
    had_det: bool = False
    adjs: tuple[Token, ...] = ()
    roles: tuple[Token, ...] = ()
    core: tuple[Token, ...] = ()
    rest: tuple[Token, ...] = ()
    role: str | None = None  # the roles joined
    org_at: int | None = None  # the first core noun that heads an organisation's name


@lru_cache(maxsize=SENTENCE_CACHE)
def analyse(text: str) -> _Phrase | Speaker | None:
    """The word-level analysis of a speaker phrase, or its source when the words alone decide it."""
    if "(" in text:
        text = _PARENTHESES.sub("", text)  # "Günther Oettinger (CDU)"
    text = text.strip()
    if "," in text:
        return _Phrase("apposition", text)
    first, _, remainder = text.partition(" ")
    if first.casefold() in DETERMINERS and remainder[:1] in OPENING_MARKS:
        text = remainder
    if text[:1] in OPENING_MARKS and len(text) > 2:
        return Speaker(SourceRef(text.strip('«»„“”" '), SourceKind.ORGANIZATION), None)  # a medium
    if _ORGANIZATION_NAME.fullmatch(text):
        return Speaker(SourceRef(text, SourceKind.ORGANIZATION), None)  # "Ingenieure ohne Grenzen", "Brot für die Welt"
    medium = _MEDIUM_NAME.match(text)
    if medium and is_media(medium[1]):
        return Speaker(SourceRef(medium[2].strip(), SourceKind.ORGANIZATION), None)  # der Sender «Radio Nord»
    toks = [t for t in phrase_tokens(text) if t.is_word]
    if not toks:
        return None
    if len(toks) == 1 and is_pronoun(toks[0].text):
        return _Phrase("pronoun", toks[0].text)
    if len(toks) > 2 and toks[0].low in PARTITIVES and toks[1].low in _GENITIVE_ARTICLES:
        return _Phrase("group", text[toks[1].start :])  # "einer der Feuerwehrleute": the group
    had_det = toks[0].low in DETERMINERS
    if had_det:
        toks = toks[1:]
    adjs: list[Token] = []
    while toks and (is_adjective(toks[0]) or _is_name_adjective(toks) or (had_det and toks[0].text.isdigit())):
        adjs.append(toks.pop(0))
    core: list[Token] = []
    if toks and particle_end(toks, 0) == len(toks):
        core, toks = toks, []  # "von der Leyen": a surname with its particle
    while toks and is_noun(toks[0]):
        core.append(toks.pop(0))
        if toks and takes_particle(core, toks[0]):
            k = particle_end(toks, 0)  # "Ursula von der Leyen", "Thomas de Maizière"
            core.extend(toks[:k])
            del toks[:k]
    rest = _attachment(toks, core)
    if not core:
        return None
    if _CIRCLES.search(core[-1].low):
        return Speaker(ANONYMOUS, None)  # "aus Regierungskreisen"
    roles: list[Token] = []
    while core and _is_role(core, 0):
        roles.append(core.pop(0))
    role = " ".join(_genitive_role(t.text) if k == 0 else t.text for k, t in enumerate(roles)) or None
    org_at = next((k for k, t in enumerate(core) if org_head(t.text) is not None), None)
    return _Phrase(None, text, had_det, tuple(adjs), tuple(roles), tuple(core), tuple(rest), role, org_at)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a speaker phrase resolves to, and the people it names that the registry should learn (name, role)."""

    speaker: Speaker | None
    people: tuple[tuple[str, str | None], ...]


def lookup(text: str, registry: Registry) -> Resolution:
    """The source of the speaker phrase `text` as the registry knows it so far; changes nothing."""
    pending: list[tuple[str, str | None]] = []
    return Resolution(_resolve(text, registry, pending), tuple(pending))


def resolve(text: str, registry: Registry) -> Speaker | None:
    """`lookup`, then the people it names registered: the canonical source of the speaker phrase `text`."""
    pending: list[tuple[str, str | None]] = []
    speaker = _resolve(text, registry, pending)
    if pending:
        registry.register(tuple(pending))
    return speaker


def _resolve(
    text: str, registry: Registry, pending: list[tuple[str, str | None]], *, inner: bool = False
) -> Speaker | None:
    """The canonical source of the speaker phrase `text` (a noun phrase as found by `noun_phrase`); `inner` for an
    attachment naming whose a role or statement is (`ein Sprecher von Coop`), where a lone word is a name."""
    phrase = analyse(text)
    if phrase is None or isinstance(phrase, Speaker):
        return phrase
    if phrase.redirect == "apposition":
        return _apposition(phrase.target, registry, pending)
    if phrase.redirect == "pronoun":
        return registry.pronoun(phrase.target)
    if phrase.redirect == "group":
        return _resolve(phrase.target, registry, pending)
    had_det, adjs, core, roles = phrase.had_det, phrase.adjs, list(phrase.core), list(phrase.roles)
    rest, role, org_at = list(phrase.rest), phrase.role, phrase.org_at
    if core and not rest and not roles and core[-1].low in _TIMES:
        return None  # "Seit dem Jahr 2015 gab es Hinweise": a time speaks not
    if len(core) == 1 and not roles and not adjs and role_of(core[0].text):
        found = registry.by_role(core[0].text)  # "der Bundesrat" after "Bundesrat Beat Jans"
        if found is not None:
            return Speaker(SourceRef(found.name, SourceKind.PERSON), found.role)
    if rest and org_at is None and rest[0].low in _AFFILIATION_LINKS and core and (len(core) >= 2 or roles):
        rest = []  # "Ida Berg vom Institut": the person, not the institute
    if core and not rest and not roles and is_source_noun(core[-1].low) and org_at is None:
        words = [_nominative_adjective(a.text, "f") for a in adjs] + [t.text for t in core]
        return Speaker(SourceRef(" ".join(words), SourceKind.OTHER), None)  # "offizielle Angaben"
    if core and org_at is None and not rest and (not adjs or roles or len(core) >= 2):
        return _person(core, role, roles, had_det, registry, pending, inner=inner)
    if core and len(rest) > 1 and is_source_noun(core[-1].low) and rest[0].low in GENITIVE_LINKS:
        # "Angaben der Polizei", "einer Meldung von Xinhua": the source is the attachment
        skip = 1 if rest[0].low in _VON_FORMS else 0
        who = _resolve(" ".join(t.text for t in rest[skip:]), registry, pending, inner=True)
        if who is not None and who.source.kind is SourceKind.PERSON and " " not in who.source.name:
            return Speaker(SourceRef(who.source.name, SourceKind.ORGANIZATION), None)  # a medium: "von Xinhua"
        return who
    if not core:
        return _behind_role(rest, roles, role, registry, pending)
    if org_at is not None:
        named = core[org_at + 1 :]
        if named and not rest and _DESCRIBES_NAME.search(core[org_at].low) and not is_source_noun(named[-1].low):
            # "die Nachrichtenagentur Reuters", "die chinesische Presseagentur Xinhua": the name, one source
            return Speaker(SourceRef(" ".join(t.text for t in named), SourceKind.ORGANIZATION), role)
        gender = org_head(core[org_at].text) or "f"
        head = [t.text for t in core[:org_at]] + [_nominative_noun(core[org_at].text)]
        words = [_nominative_adjective(a.text, gender) for a in adjs] + head + [t.text for t in core[org_at + 1 :]]
        words += [t.text for t in rest]
        return Speaker(SourceRef(" ".join(words), SourceKind.ORGANIZATION), role)
    words = [a.text for a in adjs] + [t.text for t in core] + [t.text for t in rest]
    return Speaker(SourceRef(" ".join(words), SourceKind.OTHER), role)


_CIRCLES = re.compile(r"kreis(?:e|en)$")
# An organisation's head noun that describes the name after it (`Nachrichtenagentur Reuters`, `Fernsehsender CBS`,
# `Menschenrechtsorganisation Human Rights Watch`), unlike one the name after it completes (`Stadt Bern`).
_DESCRIBES_NAME = re.compile(r"(?:agentur|sender|zeitung|magazin|organisation)s?$")
# An adverb or participle opening a sentence, never a name: `Möglicherweise`, `Ursprünglich`, `Kritisiert`.
_NO_NAME_SHAPE = re.compile(r"..(?:lich|weise|iert)$")
_NAME_ADJECTIVE = re.compile(r"(?:isch|sch|lich|al|ig)(?:e|en|er|es|em)$")
_CAPITALS = re.compile(r"(?![IVXLC]+\b)[A-ZÄÖÜ]{2,}")  # a word in capitals, not a Roman numeral
_ACRONYM = re.compile(r"[A-ZÄÖÜ]{2,6}|[A-ZÄÖÜ][a-zäöü]+[A-ZÄÖÜ]\w+")  # "SVP", "UNICEF", "MeteoSchweiz"


def _is_name_adjective(toks: list[Token]) -> bool:
    """A capitalised adjective inside an organisation's name: `Schweizerische Post`, `Statistisches Landesamt`."""
    if len(toks) < 2 or not toks[0].is_cap or not _NAME_ADJECTIVE.search(toks[0].low):
        return False
    return org_head(toks[1].text) is not None


def _is_role(core: list[Token], i: int) -> bool:
    """Whether `core[i]` is a role: a known one, or an agent noun before a first and last name."""
    word = core[i].text
    if role_of(word) and (not org_head(word) or len(core) - i >= 3):
        return True
    names_follow = len(core) - i >= 3 and all(not role_of(t.text) and not org_head(t.text) for t in core[i + 1 :])
    # a role in the genitive before a first and last name: "des Mafiajägers Salvatore Boemi"
    low = _genitive_role(word).casefold() if i == 0 else word.casefold()
    return names_follow and (bool(AGENT_NOUN.search(low)) or role_of(low) is not None)


def _genitive_role(word: str) -> str:
    """A role noun in the genitive as its nominative (`Mafiajägers` -> `Mafiajäger`); other words as they are,
    also a medium or organisation (`des Senders France Info` names no role)."""
    stem = word[:-1]
    if not word.endswith("s") or role_of(word) or org_head(stem) or is_media(stem):
        return word
    return stem if role_of(stem) or AGENT_NOUN.search(stem.casefold()) else word


def _attachment(toks: list[Token], core: list[Token]) -> list[Token]:
    """The genitive or `von` attachment after the core nouns, up to a preposition or other trailing words."""
    for cut, tok in enumerate(toks):
        if tok.low == "für" and core and org_head(core[-1].text) is not None:
            continue
        if cut and not (tok.low in GENITIVE_LINKS or tok.low in DETERMINERS or is_noun(tok) or is_adjective(tok)):
            return toks[:cut]
    return toks


def _person(
    core: list[Token],
    role: str | None,
    roles: list[Token],
    had_det: bool,
    registry: Registry,
    pending: list[tuple[str, str | None]],
    *,
    inner: bool = False,
) -> Speaker | None:
    """A person named by `core` (first and last name, or a surname resolved against the article); a lone word the
    article writes in lower case or after an article names none (unless `inner`, see `_resolve`)."""
    if len(core) >= 2 and core[0].low in NAME_PARTICLES:
        found = registry.full_name(core[-1].text)  # "von der Leyen" after "Ursula von der Leyen"
        if found is not None:
            return Speaker(SourceRef(found.name, SourceKind.PERSON), role or found.role)
    if len(core) >= 2:
        return _named_person(" ".join(t.text for t in core), role, registry, pending)
    word = core[0].text
    found = registry.full_name(word)
    if found is not None:
        return Speaker(SourceRef(found.name, SourceKind.PERSON), role or found.role)
    organisation = SourceRef(word, SourceKind.ORGANIZATION)
    if _ACRONYM.fullmatch(word) or organisation in registry.recent:
        return Speaker(organisation, role)  # "die SVP", "UNICEF"; "Xinhua" after "die Nachrichtenagentur Xinhua"
    if had_det and not roles:
        return Speaker(SourceRef(word, SourceKind.OTHER), None)  # "die Gäste"
    if roles or inner:
        return _named_person(word, role, registry, pending)
    if registry.common_noun(word):
        return Speaker(SourceRef(word, SourceKind.OTHER), None)  # "Hilfswerke befürchten" after "die Hilfswerke"
    if word.casefold() in _NO_NAMES or _NO_NAME_SHAPE.search(word):
        return None  # "Erneut wurden Vorwürfe laut", "Möglicherweise handelt es sich", "Ihm wird vorgeworfen"
    if registry.place(word):
        return Speaker(SourceRef(word, SourceKind.ORGANIZATION), role)  # "Serbien erklärte" after "in Serbien"
    return _named_person(word, role, registry, pending)


def _named_person(name: str, role: str | None, registry: Registry, pending: list[tuple[str, str | None]]) -> Speaker:
    """A person named in full (or by a surname the article did not name before), to be registered; a name with a
    word in capitals (`BBC News`, `TÜV Nord`, not `Benedikt XVI.`) is an organisation's."""
    if " " in name and any(_CAPITALS.fullmatch(w) for w in name.split()):
        return Speaker(SourceRef(name, SourceKind.ORGANIZATION), role)
    pending.append((name, role))
    known = registry.person(name)
    return Speaker(SourceRef(name, SourceKind.PERSON), role or (known.role if known else None))


def _behind_role(
    rest: list[Token],
    roles: list[Token],
    role: str | None,
    registry: Registry,
    pending: list[tuple[str, str | None]],
) -> Speaker | None:
    """`ein Sprecher des Ministeriums` (the organisation) or `der Minister` (a person named before)."""
    if rest and rest[0].low in GENITIVE_LINKS:
        inner = _resolve(" ".join(t.text for t in rest[1:]), registry, pending, inner=True) if len(rest) > 1 else None
        if inner and inner.source.kind is SourceKind.ORGANIZATION:
            return Speaker(inner.source, role)
        one_word = inner is not None and inner.source.kind is SourceKind.PERSON and " " not in inner.source.name
        # "der Sprecher des Bürgermeisters": a role's role names no organisation and no one: the role speaks
        role_only = one_word and inner is not None and role_of(_genitive_role(inner.source.name)) is not None
        if inner and roles and one_word and not role_only:
            return Speaker(SourceRef(inner.source.name, SourceKind.ORGANIZATION), role)  # "ein Sprecher von Coop"
        if inner and roles and inner.source.kind is SourceKind.PERSON and not role_only:
            return inner
    if roles:
        found = registry.by_role(roles[-1].text)
        if found:
            return Speaker(SourceRef(found.name, SourceKind.PERSON), found.role)
        return Speaker(SourceRef(role or "", SourceKind.OTHER), role)
    return None


def _apposition(text: str, registry: Registry, pending: list[tuple[str, str | None]]) -> Speaker | None:
    """`Ein Sprecher der Feuerwehr, Jonas Pfister` or `Anna Muster, Sprecherin der Stadt`: the named person."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    resolved = [_resolve(part, registry, pending) for part in parts]
    named = [k for k, who in enumerate(resolved) if who and who.source.kind is SourceKind.PERSON]
    # a part with a role word names the role (`des Parteichefs Hanois, Pham Quang Nghi`): the other one the person
    named.sort(key=lambda k: _role_word(parts[k]) is not None)
    for k in named:
        part, who = parts[k], resolved[k]
        if who is None or " " not in who.source.name:
            continue
        role = next((w.role or w.source.name for w in resolved if w and w is not who), None)
        first = phrase_tokens(part)
        if role and first and role_of(first[0].text) is None and parts[0] != part:
            role = _role_word(parts[0]) or " ".join(t.text for t in phrase_tokens(parts[0])[1:2])
        return Speaker(who.source, who.role or role)
    return next((w for w in resolved if w), None)


def _role_word(part: str) -> str | None:
    """The first role word of an apposition's part, a genitive as its nominative (`des Sprechers` -> `Sprecher`)."""
    for t in phrase_tokens(part):
        if not t.is_cap:
            continue
        if role_of(t.text):
            return t.text
        if t.text.endswith("s") and not t.text.endswith("ss") and role_of(t.text[:-1]):
            return t.text[:-1]
    return None


def resolution(mention: str, who: Speaker | None) -> str:
    """How the speaker phrase `mention` came to be `who`, in words: `named`, `surname → full name`, `pronoun →
    referent`, `role → person`, `organisation`, `anonymous`, `other` or `unresolved`.

    Not cached: a cache key would hash the `Speaker` dataclass, which costs more than the work (`analyse` is
    cached)."""
    if who is None:
        return "unresolved"
    kind, name = who.source.kind, who.source.name
    phrase = analyse(mention)
    if isinstance(phrase, _Phrase) and phrase.redirect == "pronoun":
        return f"pronoun → {name}"
    if kind is SourceKind.ANONYMOUS:
        return "anonymous"
    if kind is SourceKind.ORGANIZATION:
        return "organisation"
    if kind is not SourceKind.PERSON:
        return "other"
    if name in mention:
        return "named"
    parts = name.split()
    if any(t.text in parts for t in phrase_tokens(mention)):
        return f"surname → {name}"
    return f"role → {name}"
