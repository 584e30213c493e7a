"""Speaker phrases: noun-phrase boundaries, roles, organisations, and coreference within one article."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from newsdb.document import SourceKind, SourceRef
from newsdb.extract import lexicon
from newsdb.extract.tokens import SENTENCE_CACHE, Token, phrase_tokens

ANONYMOUS = SourceRef("unbekannt", SourceKind.ANONYMOUS)

DETERMINERS = lexicon.words("determiners")
_OPENING_MARKS = frozenset('«»„“"')
_CLOSING_MARKS = frozenset('«»“”"')
# A capitalised name with a preposition inside, which no person's name has: "Ärzte ohne Grenzen".
_ORGANIZATION_NAME = re.compile(
    r"[A-ZÄÖÜ][\w-]*(?: (?:ohne|für|gegen|of|for|the|sans|pour)(?: (?:die|der|das|den))?) [A-ZÄÖÜ][\w-]*"
)
_MEDIUM_NAME = re.compile(r'.*?(\w+)\s+[«»„“"]([^«»„“”"]+)[«»“”"]$')
_PARTITIVES = lexicon.words("partitives")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
# Particles inside a person's name: "Ursula von der Leyen", "Thomas de Maizière", "Rafael van der Vaart".
_NAME_PARTICLES = lexicon.words("name_particles")
_WEEKDAYS = lexicon.words("times_of_day")
# Nouns that name a statement rather than who made it: "nach Angaben der Polizei", "einem Bericht zufolge".
SOURCE_NOUNS = re.compile("(?:" + "|".join(sorted(lexicon.words("source_nouns"), key=len, reverse=True)) + ")$")


@lru_cache(maxsize=65536)
def is_source_noun(low: str) -> bool:
    """Whether the lower-cased word names a statement (`SOURCE_NOUNS`); cached, the pattern is a long alternation."""
    return SOURCE_NOUNS.search(low) is not None


_ADJ_ENDINGS = ("e", "en", "er", "es", "em")
_GENITIVE_LINKS = lexicon.words("genitive_links")


_GLUE = lexicon.words("adverbs")
_PRONOUNS = lexicon.pronouns()
_POSSESSIVES = lexicon.possessives()


def is_pronoun(word: str) -> bool:
    """A personal pronoun (`er`) or a possessive (`seinen`) that can refer to a speaker."""
    low = word.casefold()
    return low in _PRONOUNS or low in _POSSESSIVES


def _is_adjective(tok: Token) -> bool:
    if not (tok.is_lower and tok.is_word and len(tok.text) >= 4 and tok.text.endswith(_ADJ_ENDINGS)):
        return False
    return tok.low not in _GLUE and tok.low not in DETERMINERS


_NAME_LIKE = re.compile(r"\w*[\d\-.A-ZÄÖÜ]")  # lower-case brands and names: "n-tv", "n24", "eBay", "faz.net"


def _is_noun(tok: Token) -> bool:
    if not tok.is_word or tok.low in _GLUE or tok.low in DETERMINERS:
        return False
    return tok.is_cap or (tok.is_lower and bool(_NAME_LIKE.match(tok.text)) and tok.text[-1] != "-")


def particle_end(tokens: Sequence[Token], j: int) -> int:
    """The index past a name particle run starting at `j` (`von der Leyen`, `de Maizière`), or `j`."""
    if j >= len(tokens) or tokens[j].low not in _NAME_PARTICLES:
        return j
    k = j + 1
    if k < len(tokens) and tokens[k].low in {"der", "den", "dem", "la", "le"}:
        k += 1
    if k < len(tokens) and tokens[k].is_cap and tokens[k].is_word and not org_head(tokens[k].text):
        return k + 1
    return j


def _takes_particle(words: Sequence[Token], particle: Token) -> bool:
    """Whether the name words so far can go on with `particle`: after a person's name, not a role or an
    organisation; `von` only after a first name ("Ursula von der Leyen", but "Thomas Enders von Airbus")."""
    if particle.low not in _NAME_PARTICLES:
        return False
    last = words[-1]
    if not last.is_cap or role_of(last.text) or org_head(last.text):
        return False
    return particle.low != "von" or sum(1 for t in words if not role_of(t.text)) == 1


def noun_phrase(tokens: list[Token], i: int, *, attachments: bool = True) -> int:
    """The index after the noun phrase that starts at `tokens[i]`, or `i` when none starts there."""
    n = len(tokens)
    j = i
    if j + 2 < n and tokens[j].low in _PARTITIVES and tokens[j + 1].low in {"der", "des"}:
        k = noun_phrase(tokens, j + 1, attachments=False)  # "Einer der beteiligten Feuerwehrleute"
        return k if k > j + 1 else i
    if j < n and tokens[j].low in DETERMINERS:
        j += 1
    if j + 1 < n and j > i and tokens[j].text.isdigit():
        j += 1  # "die 13 beteiligten Feuerwehrleute"
    while j + 1 < n and _is_adjective(tokens[j]) and (_is_adjective(tokens[j + 1]) or _is_noun(tokens[j + 1])):
        j += 1
    if j < n and tokens[j].low in _PRONOUNS and j == i:
        return j + 1
    if j + 1 < n and j > i and tokens[j].text in _OPENING_MARKS and tokens[j + 1].text in _CLOSING_MARKS:
        return j + 2  # a quoted name, its inside blanked: der „Deutsche Fußball-Bund“
    if j == i and tokens[j].is_cap and particle_end(tokens, j) > j:
        return particle_end(tokens, j)  # "Von der Leyen sagte"
    if j >= n or not _is_noun(tokens[j]) or tokens[j].low in _WEEKDAYS:
        return i
    first = j
    while j < n and _is_noun(tokens[j]) and tokens[j].low not in _WEEKDAYS:
        j += 1
        if j < n and _takes_particle(tokens[first:j], tokens[j]):
            j = particle_end(tokens, j)
    if (
        j + 1 < n
        and tokens[j].text in _OPENING_MARKS
        and tokens[j + 1].text in _CLOSING_MARKS
        and is_media(tokens[j - 1].text)
    ):
        j += 2  # a name in quotes after its noun: der Fernsehsender „Channel 10“
    if j + 2 < n and tokens[j].text == "(":  # "Günther Oettinger (CDU)"
        close = next((c for c in range(j + 1, min(n, j + 8)) if tokens[c].text == ")"), None)
        if close is not None:
            j = close + 1
    if attachments and j + 1 < n and _is_adjective(tokens[j]) and tokens[j].low.endswith("er"):
        k = noun_phrase(tokens, j, attachments=False)  # a plural genitive: "Angaben libanesischer Kreise"
        if k > j + 1:
            return k
    if j + 1 < n and tokens[j].low == "für" and org_head(tokens[j - 1].text) is not None:
        k = noun_phrase(tokens, j + 1, attachments=False)  # "Bundesamt für Statistik"
        if k > j + 1:
            j = k
    if not attachments:
        return j
    core = [t for t in tokens[i:j] if t.is_cap and t.low not in DETERMINERS]
    name_like = len(core) >= 2 and not any(role_of(t.text) or org_head(t.text) for t in core[-2:])
    for _ in range(0 if name_like else 3):  # "der Leiter des Programms der WHO"
        if not (j + 1 < n and tokens[j].low in _GENITIVE_LINKS):
            break
        if tokens[j - 1].text.isupper() and tokens[j].low in {"der", "des"}:
            break  # an acronym ends the chain: "laut einer Mitteilung des BMI der Verbesserung …"
        k = noun_phrase(tokens, j + 1 if tokens[j].low in {"von", "vom"} else j, attachments=False)
        if k <= j + 1:
            break
        j = k
    return j


def noun_phrase_before(tokens: list[Token], end: int) -> int:
    """The start index of a noun phrase that ends exactly before `tokens[end]`, or `end` when none does.

    Of the phrases ending there, the longest one that opens at a phrase boundary (an article, the sentence
    start, punctuation or a preposition) wins; else the shortest one with the adjectives right before it.
    """
    starts = [s for s in range(max(0, end - 8), end) if noun_phrase(tokens, s) == end]
    if not starts:
        return end
    for s in starts:
        before = tokens[s - 1] if s > 0 else None
        if tokens[s].low in DETERMINERS or before is None or not before.is_word:
            return s
        if before.low in _GLUE and not _is_adjective(before):
            return s
    s = starts[-1]
    while s > 0 and _is_adjective(tokens[s - 1]) and not tokens[s - 1].low.endswith("te"):
        s -= 1
    return s


# A capitalised word followed by two to four more: a role and a name, if the first word is a role. The
# lookbehind after the capital (not a `\b` before it) and the possessive quantifiers keep the scan fast.
_ROLE_AND_NAME = re.compile(r"([A-ZÄÖÜ](?<!\w.)[\w-]++)((?:\s++[A-ZÄÖÜ][\w'’.-]*+){2,4}+)")


@dataclass(frozen=True, slots=True)
class Speaker:
    source: SourceRef
    role: str | None


@dataclass(slots=True)
class _Person:
    name: str
    role: str | None
    gender: str  # "m", "f" or "?"
    parts: list[str] = field(init=False)  # the words of `name`

    def __post_init__(self) -> None:
        self.parts = self.name.split()


@dataclass(slots=True)
class Registry:
    """The people and sources named so far in one article, for surname and pronoun references."""

    people: list[_Person] = field(default_factory=list)
    recent: dict[SourceRef, tuple[Speaker, str]] = field(default_factory=dict)  # (speaker, gender), oldest first
    # `people` by name, and the latest person by each word of their name after the first: lookups that stay
    # cheap however many people a long text names
    _by_name: dict[str, _Person] = field(default_factory=dict)
    _by_later_part: dict[str, _Person] = field(default_factory=dict)

    def note_text(self, text: str) -> None:
        """Register `Role First Last` mentions anywhere in a paragraph."""
        for m in _ROLE_AND_NAME.finditer(text):
            if role_of(m.group(1)) or _AGENT_NOUN.search(m.group(1).casefold()):
                names = _name_tokens(list(phrase_tokens(m.group(2))), 0)
                if len(names) >= 2:
                    self._add(" ".join(t.text for t in names), m.group(1))

    def _add(self, name: str, role: str | None) -> _Person:
        p = self._by_name.get(name)
        if p is not None:
            if role and not p.role:
                p.role = role
            return p
        person = _Person(name, role, _gender(role))
        self.people.append(person)
        self._by_name[name] = person
        for part in person.parts[1:]:
            self._by_later_part[part] = person
        return person

    def full_name(self, surname: str) -> _Person | None:
        """The latest person with two or more names, one of them after the first `surname`."""
        return self._by_later_part.get(surname)

    def by_role(self, role: str) -> _Person | None:
        low = role.casefold()
        for p in reversed(self.people):
            if p.role and p.role.casefold().endswith(low):
                return p
        return None

    def pronoun(self, word: str) -> Speaker | None:
        """The latest speaker a pronoun can refer to: `er` a man or unknown, `sie` a woman or a group."""
        low = word.casefold()
        want = _PRONOUNS.get(low) or _POSSESSIVES.get(low, "any")
        for who, gender in reversed(self.recent.values()):
            if want == "m" and (gender == "f" or who.source.kind is not SourceKind.PERSON):
                continue
            if want == "f" and gender == "m":
                continue
            return who
        return None

    def spoke(self, who: Speaker, gender: str = "?") -> None:
        self.recent.pop(who.source, None)
        self.recent[who.source] = (who, gender)


def _gender(role: str | None) -> str:
    if not role:
        return "?"
    low = role.casefold()
    return "f" if low.endswith(("in", "frau")) else "m"


_ROLES = frozenset(lexicon.roles())


@lru_cache(maxsize=65536)
def role_of(word: str) -> str | None:
    """The role entry `word` ends with (`Regierungssprecherin` -> `sprecherin`), if any."""
    low = word.casefold()
    for k in range(len(low)):  # the longest suffix first
        if low[k:] in _ROLES and (k == 0 or len(low) - k >= 4):
            return low[k:]
    return None


@lru_cache(maxsize=65536)
def is_media(word: str) -> bool:
    """Whether `word` is (or ends with) the head noun of a medium: `Sender`, `Tageszeitung`, `Website`."""
    low = word.casefold()
    return low.endswith(lexicon.media())


@lru_cache(maxsize=65536)
def org_head(word: str) -> str | None:
    """The gender of the organisation head noun `word` ends with, also in the genitive (`Ministeriums`)."""
    heads = lexicon.org_heads()
    low = word.casefold()
    for form in (low, low[:-1] if low.endswith("s") else None, low[:-2] if low.endswith("es") else None):
        if not form:
            continue
        for k in range(len(form)):
            if form[k:] in heads and (k == 0 or len(form) - k >= 3):
                return heads[form[k:]]
    return None


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


def _name_tokens(tokens: list[Token], i: int) -> list[Token]:
    out: list[Token] = []
    while i < len(tokens) and _is_noun(tokens[i]) and not role_of(tokens[i].text) and len(out) < 4:
        if org_head(tokens[i].text) or tokens[i].low in _WEEKDAYS:
            break
        out.append(tokens[i])
        i += 1
        if i < len(tokens) and _takes_particle(out, tokens[i]):
            k = particle_end(tokens, i)  # "Ursula von der Leyen"
            out.extend(tokens[i:k])
            i = k
    return out


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
    if first.casefold() in DETERMINERS and remainder[:1] in _OPENING_MARKS:
        text = remainder
    if text[:1] in _OPENING_MARKS and len(text) > 2:
        return Speaker(SourceRef(text.strip('«»„“”" '), SourceKind.ORGANIZATION), None)  # a medium
    if _ORGANIZATION_NAME.fullmatch(text):
        return Speaker(SourceRef(text, SourceKind.ORGANIZATION), None)  # "Ärzte ohne Grenzen", "Brot für die Welt"
    medium = _MEDIUM_NAME.match(text)
    if medium and is_media(medium[1]):
        return Speaker(SourceRef(medium[2].strip(), SourceKind.ORGANIZATION), None)  # der Sender «Radio Nord»
    toks = [t for t in phrase_tokens(text) if t.is_word]
    if not toks:
        return None
    if len(toks) == 1 and is_pronoun(toks[0].text):
        return _Phrase("pronoun", toks[0].text)
    if len(toks) > 2 and toks[0].low in _PARTITIVES and toks[1].low in {"der", "des"}:
        return _Phrase("group", text[toks[1].start :])  # "einer der Feuerwehrleute": the group
    had_det = toks[0].low in DETERMINERS
    if had_det:
        toks = toks[1:]
    adjs: list[Token] = []
    while toks and (_is_adjective(toks[0]) or _is_name_adjective(toks) or (had_det and toks[0].text.isdigit())):
        adjs.append(toks.pop(0))
    core: list[Token] = []
    if toks and particle_end(toks, 0) == len(toks):
        core, toks = toks, []  # "von der Leyen": a surname with its particle
    while toks and _is_noun(toks[0]):
        core.append(toks.pop(0))
        if toks and _takes_particle(core, toks[0]):
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
    role = " ".join(t.text for t in roles) or None
    org_at = next((k for k, t in enumerate(core) if org_head(t.text) is not None), None)
    return _Phrase(None, text, had_det, tuple(adjs), tuple(roles), tuple(core), tuple(rest), role, org_at)


def resolve(text: str, registry: Registry) -> Speaker | None:
    """The canonical source of the speaker phrase `text` (a noun phrase as found by `noun_phrase`)."""
    phrase = analyse(text)
    if phrase is None or isinstance(phrase, Speaker):
        return phrase
    if phrase.redirect == "apposition":
        return _apposition(phrase.target, registry)
    if phrase.redirect == "pronoun":
        return registry.pronoun(phrase.target)
    if phrase.redirect == "group":
        return resolve(phrase.target, registry)
    had_det, adjs, core, roles = phrase.had_det, phrase.adjs, list(phrase.core), list(phrase.roles)
    rest, role, org_at = list(phrase.rest), phrase.role, phrase.org_at
    if len(core) == 1 and not roles and not adjs and role_of(core[0].text):
        found = registry.by_role(core[0].text)  # "der Bundesrat" after "Bundesrat Beat Jans"
        if found is not None:
            return Speaker(SourceRef(found.name, SourceKind.PERSON), found.role)
    if rest and org_at is None and rest[0].low in {"von", "vom", "aus"} and core and (len(core) >= 2 or roles):
        rest = []  # "Ken Rice vom Institut": the person, not the institute
    if core and not rest and not roles and is_source_noun(core[-1].low) and org_at is None:
        words = [_nominative_adjective(a.text, "f") for a in adjs] + [t.text for t in core]
        return Speaker(SourceRef(" ".join(words), SourceKind.OTHER), None)  # "offizielle Angaben"
    if core and org_at is None and not rest and (not adjs or roles or len(core) >= 2):
        return _person(core, role, roles, had_det, registry)
    if core and len(rest) > 1 and is_source_noun(core[-1].low) and rest[0].low in _GENITIVE_LINKS:
        # "Angaben der Polizei", "einer Meldung von Xinhua": the source is the attachment
        skip = 1 if rest[0].low in {"von", "vom"} else 0
        who = resolve(" ".join(t.text for t in rest[skip:]), registry)
        if who is not None and who.source.kind is SourceKind.PERSON and " " not in who.source.name:
            return Speaker(SourceRef(who.source.name, SourceKind.ORGANIZATION), None)  # a medium: "von Xinhua"
        return who
    if not core:
        return _behind_role(rest, roles, role, registry)
    if org_at is not None:
        gender = org_head(core[org_at].text) or "f"
        head = [t.text for t in core[:org_at]] + [_nominative_noun(core[org_at].text)]
        words = [_nominative_adjective(a.text, gender) for a in adjs] + head + [t.text for t in core[org_at + 1 :]]
        words += [t.text for t in rest]
        return Speaker(SourceRef(" ".join(words), SourceKind.ORGANIZATION), role)
    words = [a.text for a in adjs] + [t.text for t in core] + [t.text for t in rest]
    return Speaker(SourceRef(" ".join(words), SourceKind.OTHER), role)


_CIRCLES = re.compile(r"kreis(?:e|en)$")
_NAME_ADJECTIVE = re.compile(r"(?:isch|sch|lich|al|ig)(?:e|en|er|es|em)$")
_AGENT_NOUN = re.compile(r"(?:er|or|ist|ent|ant|loge|eur|at|wirt|chef|in)$")
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
    return names_follow and bool(_AGENT_NOUN.search(word.casefold()))


def _attachment(toks: list[Token], core: list[Token]) -> list[Token]:
    """The genitive or `von` attachment after the core nouns, up to a preposition or other trailing words."""
    for cut, tok in enumerate(toks):
        if tok.low == "für" and core and org_head(core[-1].text) is not None:
            continue
        if cut and not (tok.low in _GENITIVE_LINKS or tok.low in DETERMINERS or _is_noun(tok) or _is_adjective(tok)):
            return toks[:cut]
    return toks


def _person(
    core: list[Token], role: str | None, roles: list[Token], had_det: bool, registry: Registry
) -> Speaker | None:
    """A person named by `core` (first and last name, or a surname resolved against the article)."""
    if len(core) >= 2 and core[0].low in _NAME_PARTICLES:
        found = registry.full_name(core[-1].text)  # "von der Leyen" after "Ursula von der Leyen"
        if found is not None:
            return Speaker(SourceRef(found.name, SourceKind.PERSON), role or found.role)
    if len(core) >= 2:
        person = registry._add(" ".join(t.text for t in core), role)
        return Speaker(SourceRef(person.name, SourceKind.PERSON), role or person.role)
    word = core[0].text
    found = registry.full_name(word)
    if found is not None:
        return Speaker(SourceRef(found.name, SourceKind.PERSON), role or found.role)
    if _ACRONYM.fullmatch(word):
        return Speaker(SourceRef(word, SourceKind.ORGANIZATION), role)  # "die SVP", "UNICEF"
    if had_det and not roles:
        return Speaker(SourceRef(word, SourceKind.OTHER), None)  # "die Kanadier"
    person = registry._add(word, role)
    return Speaker(SourceRef(person.name, SourceKind.PERSON), role or person.role)


def _behind_role(rest: list[Token], roles: list[Token], role: str | None, registry: Registry) -> Speaker | None:
    """`ein Sprecher des Ministeriums` (the organisation) or `der Minister` (a person named before)."""
    if rest and rest[0].low in _GENITIVE_LINKS:
        inner = resolve(" ".join(t.text for t in rest[1:]), registry) if len(rest) > 1 else None
        if inner and inner.source.kind is SourceKind.ORGANIZATION:
            return Speaker(inner.source, role)
        if inner and roles and inner.source.kind is SourceKind.PERSON and " " not in inner.source.name:
            return Speaker(SourceRef(inner.source.name, SourceKind.ORGANIZATION), role)  # "ein Sprecher von Coop"
        if inner and roles and inner.source.kind is SourceKind.PERSON:
            return inner
    if roles:
        found = registry.by_role(roles[-1].text)
        if found:
            return Speaker(SourceRef(found.name, SourceKind.PERSON), found.role)
        return Speaker(SourceRef(role or "", SourceKind.OTHER), role)
    return None


def _apposition(text: str, registry: Registry) -> Speaker | None:
    """`Ein Sprecher der Polizei, Lars Beringer` or `Anna Muster, Sprecherin der Stadt`: the named person."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    resolved = [resolve(part, registry) for part in parts]
    for part, who in zip(parts, resolved, strict=True):
        if who and who.source.kind is SourceKind.PERSON and " " in who.source.name:
            role = next((w.role or w.source.name for w in resolved if w and w is not who), None)
            first = phrase_tokens(part)
            if role and first and role_of(first[0].text) is None:
                role = " ".join(t.text for t in phrase_tokens(parts[0])[1:2]) if parts[0] != part else role
            return Speaker(who.source, who.role or role)
    return next((w for w in resolved if w), None)
