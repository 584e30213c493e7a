"""Written names -> sources across the whole archive, the same whatever order articles arrive in.

Every written name (an alias, unique by its normalized key) belongs to one source; every quote remembers its
alias. Which source an alias belongs to is a function of the set of stored aliases and the stored curation
decisions, never of arrival order:

- a curated alias belongs to the source its decision names;
- a person's name of one word (`Merkel`) belongs to the one person whose name of two or more words ends in it
  (`Angela Merkel`); with none or several such persons (`Huber` beside `Judith Huber` and `Reto Huber`) it is a
  source of its own;
- any other name is a source of its own.

`Resolver.resolve` runs in the loader's writing transaction under newsdb's write lock, so concurrent seeders on
PostgreSQL take turns. It touches only the surnames of the batch: when a full name arrives, the alias of its
surname alone is decided again and its quotes follow in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, Connection, Executable, bindparam, delete, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from newsdb.sources.names import alias_key, single_name, surname_of
from newsdb.store.models import QuoteRow, SourceAliasRow, SourceCurationRow, SourceRow

_CHUNK = 500
_KEYS: BindParameter[list[str]] = bindparam("keys", expanding=True)
# Built once: a batch runs each of these at least once, and building statements costs more than running them.
_ALIASES = select(
    SourceAliasRow.normalized_key, SourceAliasRow.source_id, SourceAliasRow.id, SourceAliasRow.alias
).where(SourceAliasRow.normalized_key.in_(_KEYS))
_ALIAS_NAMES = select(
    SourceAliasRow.id, SourceAliasRow.source_id, SourceAliasRow.alias, SourceAliasRow.normalized_key
).where(SourceAliasRow.normalized_key.in_(_KEYS))
_CURATED = select(SourceCurationRow.normalized_key, SourceCurationRow.name).where(
    SourceCurationRow.normalized_key.in_(_KEYS)
)
_SOURCES = select(SourceRow.normalized_key, SourceRow.id).where(SourceRow.normalized_key.in_(_KEYS))
_CANDIDATES = (
    select(
        SourceAliasRow.surname, func.min(SourceAliasRow.source_id), func.count(func.distinct(SourceAliasRow.source_id))
    )
    .where(SourceAliasRow.surname.in_(_KEYS))
    .group_by(SourceAliasRow.surname)
)


class Resolved(NamedTuple):
    source_id: int
    alias_id: int


class WrittenName(NamedTuple):
    """A written name as the loader sees it: normalized key, the name as written, the kind."""

    key: str
    name: str
    kind: str


class Resolver:
    """Resolves written names to sources through one connection, inside the caller's transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.sources_created = 0

    def resolve(self, written: Iterable[WrittenName]) -> dict[str, Resolved]:
        """The source and alias of every written name, storing new ones and re-deciding the surnames they touch.

        A handful of set-wise statements per batch, whatever its size: lookups by key, one bulk insert each of
        sources and aliases for full names, then for surnames alone, then the surnames the batch touches.
        """
        wanted = {item.key: item for item in written}
        stored = self._chunked(_ALIASES, list(wanted))
        found = {row.normalized_key: Resolved(row.source_id, row.id) for row in stored}
        self._spell_first(stored, wanted)
        new = [item for key, item in sorted(wanted.items()) if key not in found]
        if not new:
            return found
        decided = self._curated([item.key for item in new])
        # full names (and curated names) first, so that a surname alone in the same batch sees them
        alone = [item for item in new if single_name(item.key) is not None and item.key not in decided]
        rest = [item for item in new if single_name(item.key) is None or item.key in decided]
        targets: dict[str, WrittenName] = {}
        for item in rest:
            name = decided.get(item.key)
            targets[item.key] = item if name is None else WrittenName(alias_key(name, item.kind), name, item.kind)
        self._insert_aliases(rest, targets)
        unique = self._surname_targets([item.key for item in alone])
        self._insert_aliases(alone, {item.key: item for item in alone if item.key not in unique}, unique)
        self.redecide({s for item in rest if (s := surname_of(item.key)) is not None})
        # read again: the new aliases, and stored surnames alone that the batch's full names moved
        return self._aliases(list(wanted))

    def redecide(self, surnames: Collection[str]) -> None:
        """Decide again the source of the alias of each surname alone; quotes follow their alias."""
        if not surnames:
            return
        keys = [f"person:{surname}" for surname in sorted(surnames)]
        curated = self._curated(keys)
        stored = [row for row in self._chunked(_ALIAS_NAMES, keys) if row.normalized_key not in curated]
        unique = self._surname_targets([row.normalized_key for row in stored])
        own = self._sources(
            [WrittenName(row.normalized_key, row.alias, "person") for row in stored if row.normalized_key not in unique]
        )
        left: list[int] = []
        for row in stored:
            target = unique.get(row.normalized_key) or own[row.normalized_key]
            if target != row.source_id:
                self.move_alias(row.id, target)
                left.append(row.source_id)
        self.remove_unquoted(left)

    def move_alias(self, alias_id: int, source_id: int) -> None:
        """Point an alias and every quote written with it at another source."""
        self.connection.execute(update(SourceAliasRow).where(SourceAliasRow.id == alias_id).values(source_id=source_id))
        self.connection.execute(update(QuoteRow).where(QuoteRow.alias_id == alias_id).values(source_id=source_id))

    def remove_unquoted(self, source_ids: Iterable[int]) -> list[int]:
        """Delete those of `source_ids` that neither a quote nor an alias refers to; the deleted ids.

        A source with an alias but no quote yet is one the batch being written is about to quote. A source with a
        `wikidata_id` is kept: that value is the user's, and the quotes of an article seeded again join it.
        """
        ids = sorted(set(source_ids))
        gone: list[int] = []
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            unquoted = select(SourceRow.id).where(
                SourceRow.id.in_(chunk),
                SourceRow.wikidata_id.is_(None),
                ~exists().where(QuoteRow.source_id == SourceRow.id),
                ~exists().where(SourceAliasRow.source_id == SourceRow.id),
            )
            found = list(self.connection.scalars(unquoted))
            if found:
                self.connection.execute(delete(SourceRow).where(SourceRow.id.in_(found)))
                gone.extend(found)
        return gone

    def forget(self, alias_ids: Iterable[int]) -> None:
        """After quotes were deleted: drop the aliases among `alias_ids` no quote uses any more, the sources left
        without quotes, and decide the surnames of the dropped full names again."""
        ids = sorted(set(alias_ids))
        surnames: set[str] = set()
        sources: set[int] = set()
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            unused = self.connection.execute(
                select(SourceAliasRow.id, SourceAliasRow.source_id, SourceAliasRow.surname).where(
                    SourceAliasRow.id.in_(chunk), ~exists().where(QuoteRow.alias_id == SourceAliasRow.id)
                )
            ).all()
            if unused:
                self.connection.execute(delete(SourceAliasRow).where(SourceAliasRow.id.in_([row.id for row in unused])))
                surnames.update(row.surname for row in unused if row.surname is not None)
                sources.update(row.source_id for row in unused)
        self.remove_unquoted(sources)
        self.redecide(surnames)

    # --- lookups and inserts ---------------------------------------------------------------------------------

    def _surname_targets(self, keys: list[str]) -> dict[str, int]:
        """For person keys of one word: the one person whose full name ends in it, where there is exactly one."""
        surnames = {single_name(key): key for key in keys}
        names = sorted(s for s in surnames if s is not None)
        rows = self._chunked(_CANDIDATES, names)
        return {surnames[surname]: int(first) for surname, first, count in rows if count == 1}

    def _sources(self, wanted: list[WrittenName]) -> dict[str, int]:
        """The ids of the sources with the keys of `wanted`, creating the missing ones with their names."""
        keys = sorted({item.key for item in wanted})
        ids = self._source_ids(keys)
        missing = {item.key: item for item in wanted if item.key not in ids}
        if missing:
            insert = pg_insert(SourceRow) if self.connection.dialect.name == "postgresql" else sqlite_insert(SourceRow)
            rows = [
                {"name": item.name, "kind": item.kind, "normalized_key": key} for key, item in sorted(missing.items())
            ]
            # newsdb's write lock keeps other newsdb writers out, but not other programs
            self.connection.execute(insert.on_conflict_do_nothing(index_elements=["normalized_key"]), rows)
            self.sources_created += len(rows)
            ids.update(self._source_ids(sorted(missing)))
        return ids

    def _source_ids(self, keys: list[str]) -> dict[str, int]:
        return {key: int(source_id) for key, source_id in self._chunked(_SOURCES, keys)}

    def _insert_aliases(
        self, items: list[WrittenName], own: dict[str, WrittenName], linked: dict[str, int] | None = None
    ) -> None:
        """Store `items` as aliases: of the source `linked` names, else of the source `own` names (created)."""
        if not items:
            return
        ids = self._sources(list(own.values()))
        targets = dict(linked or {})
        targets.update({key: ids[target.key] for key, target in own.items()})
        insert = (
            pg_insert(SourceAliasRow) if self.connection.dialect.name == "postgresql" else sqlite_insert(SourceAliasRow)
        )
        rows = [
            {
                "source_id": targets[item.key],
                "alias": item.name,
                "normalized_key": item.key,
                "surname": surname_of(item.key),
            }
            for item in items
        ]
        self.connection.execute(insert.on_conflict_do_nothing(index_elements=["normalized_key"]), rows)

    def _aliases(self, keys: list[str]) -> dict[str, Resolved]:
        return {row.normalized_key: Resolved(row.source_id, row.id) for row in self._chunked(_ALIASES, keys)}

    def _spell_first(self, stored: list[Any], wanted: dict[str, WrittenName]) -> None:
        """Of the spellings of one key (`Franz-Josef Jung`, `Franz Josef Jung`), keep the one that sorts first, as
        alias and as the name of a source called by it: the name then does not depend on arrival order."""
        for row in stored:
            better = wanted[row.normalized_key].name
            if better < row.alias:
                self.connection.execute(update(SourceAliasRow).where(SourceAliasRow.id == row.id).values(alias=better))
                self.connection.execute(
                    update(SourceRow)
                    .where(SourceRow.normalized_key == row.normalized_key, SourceRow.name == row.alias)
                    .values(name=better)
                )

    def _curated(self, keys: list[str]) -> dict[str, str]:
        return {row.normalized_key: row.name for row in self._chunked(_CURATED, keys)}

    def _chunked(self, statement: Executable, keys: list[str]) -> list[Any]:
        """The rows of `statement` for `keys`, bound to its `keys` parameter a chunk at a time."""
        out: list[Any] = []
        for start in range(0, len(keys), _CHUNK):
            out.extend(self.connection.execute(statement, {"keys": keys[start : start + _CHUNK]}))
        return out
