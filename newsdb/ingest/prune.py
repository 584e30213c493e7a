"""`prune(connection, paths)`: remove the articles whose files are gone from the folders, files and globs seeded.

An article is pruned only when its `source_path` lies within what `paths` name (a folder and everything under it,
a file, or what a glob pattern matches) and nothing exists at that path any more. Articles loaded from anywhere
else are never touched. Paths are compared after resolving (symbolic links, `..`, the working directory against
which relative stored paths are read); a file that cannot be looked at (no permission) is not gone.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from sqlalchemy import Connection, delete, select

from newsdb.paths import is_gone
from newsdb.sources.resolve import Resolver
from newsdb.store.locks import lock_writers
from newsdb.store.models import ArticleRow, QuoteRow

_DELETE_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Pruned:
    """An article removed because its file is gone."""

    external_id: str
    source_path: str


@dataclass
class Scope:
    """The places a seed run named: folders (with everything under them), files, and glob patterns."""

    folders: list[str] = field(default_factory=list)
    files: set[str] = field(default_factory=set)
    patterns: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (resolved literal prefix, the rest)

    @classmethod
    def of(cls, paths: Iterable[str | os.PathLike[str]]) -> Scope:
        scope = cls()
        for raw in paths:
            name = os.fspath(raw)
            if Path(name).is_dir():
                scope.folders.append(os.path.realpath(name))
            elif glob.has_magic(name):
                parts = Path(os.path.abspath(name)).parts  # noqa: PTH100 (keeps the pattern's own spelling)
                literal = next(i for i, part in enumerate(parts) if glob.has_magic(part))
                scope.patterns.append((os.path.realpath(os.path.join(*parts[:literal])), parts[literal:]))  # noqa: PTH118
            else:
                scope.files.add(os.path.realpath(name))
        return scope

    def covers(self, path: str) -> bool:
        """Whether `path` (as stored) lies within the scope."""
        resolved = os.path.realpath(path)
        if resolved in self.files:
            return True
        if any(resolved.startswith(folder.rstrip(os.sep) + os.sep) for folder in self.folders):
            return True
        for prefix, pattern in self.patterns:
            if resolved.startswith(prefix.rstrip(os.sep) + os.sep):
                parts = Path(resolved[len(prefix.rstrip(os.sep)) + 1 :]).parts
                # the pattern names the file itself, or a folder above it (folders are seeded whole)
                if any(_matches(pattern, parts[:end]) for end in range(1, len(parts) + 1)):
                    return True
        return False


def _matches(pattern: Sequence[str], parts: Sequence[str]) -> bool:
    """Whether path components `parts` match the glob components `pattern` as `glob(recursive=True)` matches."""
    if not pattern:
        return not parts
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        hidden = next((i for i, part in enumerate(parts) if part.startswith(".")), len(parts))
        return any(_matches(rest, parts[skip:]) for skip in range(hidden + 1))
    if not parts or (parts[0].startswith(".") and not head.startswith(".")):
        return False
    return fnmatchcase(parts[0], head) and _matches(rest, parts[1:])


def prune(connection: Connection, paths: Iterable[str | os.PathLike[str]]) -> list[Pruned]:
    """Delete the articles within `paths` whose files are gone (with their sections, paragraphs and quotes).

    Runs in the caller's transaction, holding newsdb's write lock. Returns what was deleted.
    """
    scope = Scope.of(paths)
    lock_writers(connection)
    stored = connection.execute(
        select(ArticleRow.id, ArticleRow.external_id, ArticleRow.source_path)
        .where(ArticleRow.source_path.is_not(None))
        .order_by(ArticleRow.source_path)
    ).all()
    gone = [row for row in stored if is_gone(row.source_path) and scope.covers(row.source_path)]
    aliases: set[int] = set()
    for start in range(0, len(gone), _DELETE_CHUNK):
        chunk = [row.id for row in gone[start : start + _DELETE_CHUNK]]
        used = (
            select(QuoteRow.alias_id).where(QuoteRow.article_id.in_(chunk), QuoteRow.alias_id.is_not(None)).distinct()
        )
        aliases.update(int(alias_id) for alias_id in connection.scalars(used) if alias_id is not None)
        connection.execute(delete(ArticleRow).where(ArticleRow.id.in_(chunk)))
    Resolver(connection).forget(aliases)  # sources left without quotes go too
    return [Pruned(row.external_id, row.source_path) for row in gone]
