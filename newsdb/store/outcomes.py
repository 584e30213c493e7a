"""What writing an article did, and the one place that decides it from what is stored.

An article arriving from another path than the stored `source_path` is a conflict while the stored file still
exists (nothing is written), and a move when it is gone (`source_path` follows the file).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from newsdb.paths import is_gone, same_file


class Outcome(StrEnum):
    INSERTED = "inserted"
    UPDATED = "updated"
    MOVED = "moved"  # same content from a new path, the stored one gone: only `source_path` is rewritten
    UNCHANGED = "unchanged"
    REEXTRACTED = "reextracted"  # unchanged content whose quotes an older extractor found: rewritten
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"  # the external id belongs to an article whose file still exists elsewhere: not written


@dataclass(frozen=True, slots=True)
class Written:
    """What happened to one article of a batch.

    `duplicate_of` names the article holding the same content; `stored_path` is the stored article's path for a
    conflict (the file that still exists) and a move (the file that is gone).
    """

    external_id: str
    outcome: Outcome
    duplicate_of: str | None = None
    stored_path: str | None = None


class Stored(NamedTuple):
    """The stored article of an external id: its row id, content hash, path, and whether an older (or unknown)
    extractor found its quotes."""

    id: int
    sha256: str
    source_path: str | None
    outdated: bool = False


def decide(
    external_id: str, sha256: str, path: str | None, stored: Stored | None, owner: str | None, *, rewrite: bool = False
) -> Written:
    """What to do with an arriving article, given the stored article of its external id and the external id
    of the stored article that holds the same content (`owner`), if any. Unchanged content is rewritten when an
    older extractor found its quotes, or whatever extractor did with `rewrite`."""
    moved = stored is not None and not _same_source(stored.source_path, path)
    if moved and stored is not None and stored.source_path is not None and not is_gone(stored.source_path):
        return Written(external_id, Outcome.CONFLICT, stored_path=stored.source_path)
    if stored is not None and stored.sha256 == sha256 and (rewrite or stored.outdated):
        return Written(external_id, Outcome.REEXTRACTED)
    if stored is not None and stored.sha256 == sha256:
        if moved and path is not None:
            return Written(external_id, Outcome.MOVED, stored_path=stored.source_path)
        return Written(external_id, Outcome.UNCHANGED)
    if owner is not None and owner != external_id:
        return Written(external_id, Outcome.DUPLICATE, owner)
    return Written(external_id, Outcome.UPDATED if stored is not None else Outcome.INSERTED)


def _same_source(stored: str | None, seen: str | None) -> bool:
    """Whether an article comes from the file it was stored from (without a path on either side: yes)."""
    return stored is None or seen is None or same_file(stored, seen)


@dataclass
class RowCounts:
    """Rows written, by table (the child tables the writer does not count here are left out)."""

    articles: int = 0
    sections: int = 0
    paragraphs: int = 0
    quotes: int = 0
    quote_spans: int = 0
    sources: int = 0

    def add(self, other: RowCounts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def add_tables(self, counts: dict[str, int]) -> None:
        for table, count in counts.items():
            if table in vars(self):
                setattr(self, table, getattr(self, table) + count)
