"""The word lists under `data/`: one entry per line, `#` starts a comment; read when their modules are imported."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


def lines(name: str) -> tuple[str, ...]:
    """The non-empty, comment-free lines of `data/<name>.txt`."""
    text = resources.files("newsdb.extract").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


def words(name: str, *, fold: bool = True) -> frozenset[str]:
    """Every whitespace-separated entry of `data/<name>.txt`, case-folded as tokens are (`weiß` -> `weiss`), or
    as written with `fold` false (for the few classes compared with words as written: `Sie`, `Ich`)."""
    return frozenset(w.casefold() if fold else w for line in lines(name) for w in line.split())


@dataclass(frozen=True, slots=True)
class CueVerb:
    """A finite or participle form of a verb of saying; `particles` must follow it unless empty."""

    form: str
    particles: frozenset[str]


@cache
def cue_verbs() -> dict[str, tuple[CueVerb, ...]]:
    """Cue verb forms by lower-cased form (a form such as `gab` may belong to several particle verbs)."""
    table: dict[str, list[CueVerb]] = {}
    for line in lines("cue_verbs"):
        _, _, rest = line.partition(":")
        forms, _, particle_part = rest.partition("|")
        particles = frozenset(w.casefold() for w in particle_part.split())
        for form in forms.split():
            needed = frozenset() if any(form.casefold().startswith(p) for p in particles) else particles
            table.setdefault(form.casefold(), []).append(CueVerb(form, needed))
    return {k: tuple(v) for k, v in table.items()}


@cache
def cue_media() -> dict[str, str]:
    """The medium (`speech`, `thought`, `writing`) of the cue verb forms whose entry `cue_media.txt` lists, by
    lower-cased form."""
    media: dict[str, str] = {}
    for line in lines("cue_media"):
        medium, _, labels = line.partition(":")
        media.update((label.strip(), medium.strip()) for label in labels.split(","))
    table: dict[str, str] = {}
    for line in lines("cue_verbs"):
        label, _, rest = line.partition(":")
        said_as = media.get(label.strip())
        if said_as is not None:
            forms = rest.partition("|")[0]
            table.update((form.casefold(), said_as) for form in forms.split())
    return table


@cache
def cue_prepositions() -> dict[str, str]:
    """The preposition that belongs to the cue after a verb form (`bezeichnete … als`), by lower-cased form."""
    table: dict[str, str] = {}
    for line in lines("cue_prepositions"):
        preposition, _, forms = line.partition(":")
        table.update((form.casefold(), preposition.strip()) for form in forms.split())
    return table


@cache
def org_heads() -> dict[str, str]:
    """Organisation head nouns (lower-case) with their grammatical gender `m`, `f` or `n`."""
    return {w.casefold(): g for w, g in (line.split() for line in lines("org_heads"))}


@cache
def media() -> tuple[str, ...]:
    """Head nouns of media and publications, lower-case (suffixes for `str.endswith`)."""
    return tuple(sorted(words("media")))


@cache
def roles() -> tuple[str, ...]:
    """Role nouns, lower-case, with derived feminine forms, longest first (for suffix matching)."""
    out: set[str] = set()
    for w in words("roles"):
        out.add(w)
        if w.endswith("e"):
            out.add(w[:-1] + "in")  # Zeuge -> Zeugin
        elif not w.endswith((".", "in")):
            out.add(w + "in")
    return tuple(sorted(out, key=len, reverse=True))


@cache
def pronouns() -> dict[str, str]:
    """Referring pronouns (lower-case) with the referent they prefer: `m`, `f` or `any`."""
    return {w.casefold(): g for w, g in (line.split() for line in lines("pronouns"))}


@cache
def possessives() -> dict[str, str]:
    """Possessives that name a speaker (`nach seinen Angaben`) with the referent they prefer."""
    return {w.casefold(): g for w, g in (line.split() for line in lines("possessives"))}
