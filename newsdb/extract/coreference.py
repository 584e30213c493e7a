"""The people and sources named so far in one article, for surname, role and pronoun references."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdb.document import SourceKind, SourceRef
from newsdb.extract import lexicon
from newsdb.extract.chunking import (
    POSSESSIVES,
    PRONOUNS,
    WEEKDAYS,
    is_noun,
    org_head,
    particle_end,
    role_of,
    takes_particle,
)
from newsdb.extract.tokens import Token, phrase_tokens

# A capitalised word followed by two to four more: a role and a name, if the first word is a role. The
# lookbehind after the capital (not a `\b` before it) and the possessive quantifiers keep the scan fast.
_ROLE_AND_NAME = re.compile(r"([A-ZÄÖÜ](?<!\w.)[\w-]++)((?:\s++[A-ZÄÖÜ][\w'’.-]*+){2,4}+)")

_ARTICLES = lexicon.words("definite_leads") | lexicon.words("indefinite_articles")
_PLACE_LEADS = lexicon.words("place_leads")
# A capitalised word right after an article (`im Jahr`, `das Gesetz`: a common noun) or after `in` or `aus` (`in
# Serbien`: a place), found in one scan of the article's text; not inside an address (`twitter.com`).
_AFTER_LEAD = re.compile(
    r"(?<![\w.-])("
    + "|".join(f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in sorted(_ARTICLES | _PLACE_LEADS))
    + r")\s+([A-ZÄÖÜ][\w-]*)(?![\w-]|\.\w)"
)
_RELATIVE_BEFORE = re.compile(r",\s*(?:[a-zäöü]+\s+)?$")  # `…, die` or `…, in der`: a relative pronoun
# words that open a phrase and look like agent nouns (`der`, `unter`, `aber`), never a role before a name
_NO_ROLE = _ARTICLES | lexicon.words("determiners") | lexicon.words("prepositions") | lexicon.words("contrastive")
_GENDERED = tuple((noun, gender) for noun, gender in (line.split() for line in lexicon.lines("gendered_nouns")))


def gender_of(role: str | None) -> str:
    """What a person's role words say of them, for pronouns: `f` (`Sprecherin`, `Seine Frau`), `m` (`Herr`,
    `Ehemann`) or `?` (`Sprecher`: the masculine also names roles in general)."""
    last = role.split()[-1].casefold() if role else ""
    for noun, gender in _GENDERED:
        if last.endswith(noun):
            return gender
    return "f" if last.endswith("in") else "?"


@dataclass(slots=True, init=False, unsafe_hash=True)
class Speaker:
    """A resolved speaker and their role as written. Never modified once made (resolutions are cached); not
    frozen only so that the compiled build makes it with a compiled `__init__`, which runs per cue."""

    source: SourceRef
    role: str | None

    def __init__(self, source: SourceRef, role: str | None) -> None:
        self.source = source
        self.role = role


@dataclass(slots=True)
class _Person:
    name: str
    role: str | None
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
    texts: tuple[str, ...] = ()  # the article's paragraphs, for `common_noun` and `place`
    _common: set[str] | None = None  # built from `texts` when first needed
    _places: set[str] = field(default_factory=set)  # built with `_common`

    def common_noun(self, word: str) -> bool:
        """Whether the article writes the capitalised `word` after an article (`im Jahr`, `das Gesetz`, `der
        Hamas`): a common noun or the name of a thing, not a person. An article after a comma is a relative pronoun
        (`…, die Twitter erhielt`) and says nothing."""
        return word in self._scanned()

    def place(self, word: str) -> bool:
        """Whether the article writes the capitalised `word` after `in` or `aus`: a place (`in Serbien`)."""
        self._scanned()
        return word in self._places

    def _scanned(self) -> set[str]:
        """The common nouns, with `_places` filled, from one scan of the article's text when first asked."""
        if self._common is None:
            self._common = _common_words(self.texts, self._places)
        return self._common

    def note_text(self, text: str) -> None:
        """Register `Role First Last` mentions anywhere in a paragraph."""
        m = _ROLE_AND_NAME.search(text)
        while m is not None:
            lead = m.group(1).casefold()
            if lead in _NO_ROLE:  # `Unter Kanzler Olaf Scholz`: the role, if any, is the next word
                m = _ROLE_AND_NAME.search(text, m.start(2))
                continue
            if role_of(lead) or AGENT_NOUN.search(lead):
                names = _name_tokens(list(phrase_tokens(m.group(2))), 0)
                if len(names) >= 2:
                    self._add(" ".join(t.text for t in names), m.group(1))
            m = _ROLE_AND_NAME.search(text, m.end())

    def _add(self, name: str, role: str | None) -> _Person:
        p = self._by_name.get(name)
        if p is not None:
            if role and not p.role:
                p.role = role
            return p
        person = _Person(name, role)
        self.people.append(person)
        self._by_name[name] = person
        for part in person.parts[1:]:
            self._by_later_part[part] = person
        return person

    def person(self, name: str) -> _Person | None:
        """The person registered under `name`, if any."""
        return self._by_name.get(name)

    def register(self, people: tuple[tuple[str, str | None], ...]) -> None:
        """Learn the people a resolved phrase named (name, role): new ones, or the role of known ones."""
        for name, role in people:
            self._add(name, role)

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
        want = PRONOUNS.get(low) or POSSESSIVES.get(low, "any")
        for who, gender in reversed(self.recent.values()):
            if want == "m" and (gender == "f" or who.source.kind is not SourceKind.PERSON):
                continue
            if want == "f" and gender == "m":
                continue
            return who
        return None

    def spoke(self, who: Speaker, gender: str = "?") -> None:
        """`who` spoke last; a gender known from an earlier mention stays when this one says nothing."""
        _, known = self.recent.pop(who.source, (who, "?"))
        self.recent[who.source] = (who, known if gender == "?" else gender)


def _common_words(texts: tuple[str, ...], places: set[str]) -> set[str]:
    """The capitalised words `texts` write after an article, not a relative pronoun; `places` gets those they
    write after `in` or `aus`."""
    found: set[str] = set()
    for text in texts:
        for m in _AFTER_LEAD.finditer(text):
            lead, word = m.group(1).casefold(), m.group(2)
            if lead in _PLACE_LEADS:
                places.add(word)
            elif not _RELATIVE_BEFORE.search(text, max(0, m.start() - 24), m.start()):
                found.add(word)
    return found


def _name_tokens(tokens: list[Token], i: int) -> list[Token]:
    out: list[Token] = []
    while i < len(tokens) and is_noun(tokens[i]) and not role_of(tokens[i].text) and len(out) < 4:
        if org_head(tokens[i].text) or tokens[i].low in WEEKDAYS:
            break
        out.append(tokens[i])
        i += 1
        if i < len(tokens) and takes_particle(out, tokens[i]):
            k = particle_end(tokens, i)  # "Ursula von der Leyen"
            out.extend(tokens[i:k])
            i = k
    return out


AGENT_NOUN = re.compile(r"(?:er|or|ist|ent|ant|loge|eur|at|wirt|chef|in)$")
