"""Names are names: what the extractor calls a speaker, cleaned into a person's name and a role.

The extractor (`newsdb.extract`) names speakers as written: `Präsidenten Barack Obama`, `Niedersachsens
Ministerpräsident Christian Wulff`, `Merkel.Als` (a sentence boundary without a space), `Politischen Beobachtern`
(no person at all). `clean_speaker` turns such a name into the person's name and the role words written before
it, or says it is no person. `alias_key` is the identity of a written name: case, accents, umlaut spellings
(`Schroeder` = `Schröder`), hyphens and spacing do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from newsdb.document import SourceKind
from newsdb.extract import lexicon

# `Merkel.Als`: a word, a full stop and a capital letter without a space: the next sentence begins.
_FUSED_SENTENCE = re.compile(r"(?<=\w\w)\.(?=[A-ZÄÖÜ])")
_UMLAUT_SPELLINGS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
_SHORTEST_ROLE_SUFFIX = 4  # `Polizeichef` ends in a role; shorter ones (`dr`) match whole words only


def _data_lines(name: str) -> tuple[str, ...]:
    text = resources.files("newsdb").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return tuple(
        line.split("#", 1)[0].strip().casefold() for line in text.splitlines() if line.split("#", 1)[0].strip()
    )


@cache
def _not_person() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """Words that make a name no person, suffixes that do, and suffixes that do for any word but the last."""
    entries = _data_lines("not_person_words")
    words = frozenset(e for e in entries if not e.startswith("-"))
    suffixes = tuple(e[1:] for e in entries if e.startswith("-") and not e.startswith("--"))
    return words, suffixes, tuple(e[2:] for e in entries if e.startswith("--"))


@cache
def _particles() -> frozenset[str]:
    return frozenset(_data_lines("name_particles"))


@cache
def _honorifics() -> frozenset[str]:
    return frozenset(_data_lines("honorifics"))


@cache
def _roles() -> tuple[frozenset[str], tuple[str, ...]]:
    """Role words as whole words (with inflected forms), and as the ends of compounds (`Polizeichefs`)."""
    listed = set(lexicon.roles()) | set(_data_lines("person_roles"))
    whole: set[str] = set()
    for role in listed:
        whole.update((role, role + "en", role + "n", role + "s", role + "nen"))
    suffixes = tuple(r for r in listed if len(r) >= _SHORTEST_ROLE_SUFFIX and not r.endswith("."))
    return frozenset(whole), suffixes


def _is_role_word(word: str) -> bool:
    folded = word.casefold()
    whole, suffixes = _roles()
    if folded in whole:
        return True
    stems = {folded, *(folded.removesuffix(ending) for ending in ("en", "n", "s"))}
    return any(stem.endswith(s) and len(stem) > len(s) for stem in stems for s in suffixes)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A cleaned speaker: `name` (None: no person) and the role words written before it (None: none)."""

    name: str | None
    role: str | None


@lru_cache(maxsize=1 << 16)
def clean_speaker(name: str) -> Speaker:
    """The person's name in an extracted speaker name, and the role words before it.

    `Präsidenten Barack Obama` → (`Barack Obama`, `Präsidenten`); `Merkel.Als` → (`Merkel`, None);
    `Politische Beobachter` → (None, None): no person.
    """
    words = without_fused_sentence(name).split()
    # the name starts after the last role word, lower-case word or honorific before its last word; particles
    # (`von der` in `Ursula von der Leyen`) after a name word belong to the name
    start, in_name = 0, False
    for position, word in enumerate(words[:-1]):
        if word[:1].islower() and word.casefold() in _particles() and in_name:
            continue
        if position == 0 and word.casefold() in _particles() and words[1][:1].islower() and words[1] in _particles():
            in_name = True  # `Von der Leyen` opening a sentence
            continue
        if _is_role_word(word) or word[:1].islower() or _is_honorific(word):
            start, in_name = position + 1, False
        else:
            in_name = True
    role_words, name_words = words[:start], words[start:]
    role = " ".join(w for w in role_words if not _is_honorific(w) or _is_role_word(w)) or None
    if role_words and role_words[-1][:1].islower():
        return Speaker(None, role)  # `Polizeichef von Kandahar`: a place follows, not a name
    if len(name_words) == 1 and _is_role_word(name_words[0]):
        return Speaker(None, " ".join(words))  # `Papst`: a role without a name
    if not name_words or not _looks_like_person(name_words):
        return Speaker(None, role)
    return Speaker(" ".join(name_words), role)


def without_fused_sentence(name: str) -> str:
    """`name` without the next sentence fused to it by a missing space: `Merkel.Als` → `Merkel`."""
    return _FUSED_SENTENCE.split(name, maxsplit=1)[0]


def _is_honorific(word: str) -> bool:
    """`Herr`, `Frau`, `Dr.`, a capitalised `Von` opening a sentence: before a name, but not part of it."""
    return word[:1].isupper() and word.casefold() in _honorifics()


def _looks_like_person(words: list[str]) -> bool:
    listed, suffixes, before_last = _not_person()
    folded = [w.casefold() for w in words]
    if any(w in listed or w.endswith(suffixes) for w in folded):
        return False
    return not any(w.endswith(before_last) for w in folded[:-1] if w not in _particles())


def said_by_many(cue: str) -> bool:
    """Whether a cue is a verb of saying in the plural past (`sagten`, `erklärten`): a group speaks, no person.

    Participles (`gesagt`, `angegeben`) and present forms are left alone: only weak past plurals are certain.
    """
    word = cue.casefold()
    return " " not in word and word.endswith("ten") and "ge" not in word[:5] and word in lexicon.cue_verbs()


def full_name_in(text: str, surname: str) -> str | None:
    """The one full name `text` writes `surname` with (`Juan Williams` for `Williams`), if it writes exactly one.

    The extractor links a surname to a full name only when that full name is quoted too; an article that names
    `Juan Williams` once and then quotes `Williams` still says which Williams it means.
    """
    pattern = re.compile(rf"\b([A-ZÄÖÜ][\w-]+(?: [A-ZÄÖÜ]\.)?) {re.escape(surname)}\b")
    found = set()
    for match in pattern.finditer(text):
        speaker = clean_speaker(f"{match.group(1)} {surname}")
        if speaker.name is not None and " " in speaker.name and _may_be_first_name(speaker.name.split()[0]):
            found.add(speaker.name)
    return found.pop() if len(found) == 1 else None


def _may_be_first_name(word: str) -> bool:
    """Whether `word` before a surname may be a first name: no stop word (`Als Williams`), adverb, or noun that
    the word lists know (`Regierung Bush`, `Netzwerk Twitter`, `Laut Boudegast`)."""
    folded = word.casefold()
    nouns = lexicon.org_heads().keys() | set(lexicon.media()) | lexicon.words("source_nouns")
    if folded in _stop_words() or folded in lexicon.words("opening_adverbs") or folded.startswith(tuple(nouns)):
        return False
    return _looks_like_person([word, "X"])


@cache
def _stop_words() -> frozenset[str]:
    """German stop words: capitalised at a sentence start they are no first name."""
    return frozenset(_data_lines("german_stopwords"))


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """`name` without case, accents, umlaut spellings, hyphens and extra spaces: `Franz-Josef Jung` → `franz josef
    jung`, `Schröder` and `Schroeder` → `schroder`."""
    folded = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    for spelling, letter in _UMLAUT_SPELLINGS:
        plain = plain.replace(spelling, letter)
    return " ".join(plain.replace("-", " ").split())


def alias_key(name: str, kind: SourceKind | str) -> str:
    """The normalized key of a written name of a source: its kind and folded name (`person:angela merkel`)."""
    return f"{SourceKind(kind).value}:{fold(name)}"


def surname_of(key: str) -> str | None:
    """The folded surname of a person key with at least two words (`person:angela merkel` → `merkel`)."""
    kind, _, folded = key.partition(":")
    words = folded.split()
    return words[-1] if kind == SourceKind.PERSON.value and len(words) >= 2 else None


def single_name(key: str) -> str | None:
    """The folded name of a person key of one word (`person:merkel` → `merkel`), else None."""
    kind, _, folded = key.partition(":")
    return folded if kind == SourceKind.PERSON.value and " " not in folded else None
