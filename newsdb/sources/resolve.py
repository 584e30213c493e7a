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
from typing import NamedTuple

from sqlalchemy import Connection, delete, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from newsdb.models import Quote, Source, SourceAlias, SourceCuration
from newsdb.sources.names import alias_key, single_name, surname_of

_CHUNK = 500


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
        """The source and alias of every written name, storing new ones and re-deciding the surnames they touch."""
        wanted = {item.key: item for item in written}
        found = self._aliases(list(wanted))
        new = [item for key, item in sorted(wanted.items()) if key not in found]
        if new:
            decided = self._curated([item.key for item in new])
            # full names first, so that a surname alone in the same batch sees them as candidates
            new.sort(key=lambda item: single_name(item.key) is not None)
            for item in new:
                target = self._target(item, decided.get(item.key))
                self._insert_alias(item, target)
            found.update(self._aliases([item.key for item in new]))
            self.redecide({s for item in new if (s := surname_of(item.key)) is not None})
            found.update(self._aliases([item.key for item in new if single_name(item.key) is not None]))
        return found

    def redecide(self, surnames: Collection[str]) -> None:
        """Decide again the source of the alias of each surname alone; quotes follow their alias."""
        if not surnames:
            return
        keys = [f"person:{surname}" for surname in sorted(surnames)]
        curated = self._curated(keys)
        for key in keys:
            alias = self.connection.execute(
                select(SourceAlias.id, SourceAlias.source_id, SourceAlias.alias).where(
                    SourceAlias.normalized_key == key
                )
            ).first()
            if alias is None or key in curated:
                continue
            target = self._surname_target(key) or self._source(key, alias.alias, "person")
            if target != alias.source_id:
                self.move_alias(alias.id, target)
                self.remove_unquoted([alias.source_id])

    def move_alias(self, alias_id: int, source_id: int) -> None:
        """Point an alias and every quote written with it at another source."""
        self.connection.execute(update(SourceAlias).where(SourceAlias.id == alias_id).values(source_id=source_id))
        self.connection.execute(update(Quote).where(Quote.alias_id == alias_id).values(source_id=source_id))

    def remove_unquoted(self, source_ids: Iterable[int]) -> list[int]:
        """Delete those of `source_ids` that no quote refers to (their aliases go with them); the deleted ids."""
        ids = sorted(set(source_ids))
        gone: list[int] = []
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            unquoted = select(Source.id).where(Source.id.in_(chunk), ~exists().where(Quote.source_id == Source.id))
            found = list(self.connection.scalars(unquoted))
            if found:
                self.connection.execute(delete(Source).where(Source.id.in_(found)))
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
                select(SourceAlias.id, SourceAlias.source_id, SourceAlias.surname).where(
                    SourceAlias.id.in_(chunk), ~exists().where(Quote.alias_id == SourceAlias.id)
                )
            ).all()
            if unused:
                self.connection.execute(delete(SourceAlias).where(SourceAlias.id.in_([row.id for row in unused])))
                surnames.update(row.surname for row in unused if row.surname is not None)
                sources.update(row.source_id for row in unused)
        self.remove_unquoted(sources)
        self.redecide(surnames)

    # --- lookups and inserts ---------------------------------------------------------------------------------

    def _target(self, item: WrittenName, decided: str | None) -> int:
        if decided is not None:
            return self._source(alias_key(decided, item.kind), decided, item.kind)
        if single_name(item.key) is not None:
            found = self._surname_target(item.key)
            if found is not None:
                return found
        return self._source(item.key, item.name, item.kind)

    def _surname_target(self, key: str) -> int | None:
        """The one person whose full name ends in the surname of `key`, if there is exactly one."""
        surname = single_name(key)
        candidates = select(func.min(SourceAlias.source_id), func.count(func.distinct(SourceAlias.source_id))).where(
            SourceAlias.surname == surname
        )
        row = self.connection.execute(candidates).one()
        return int(row[0]) if row[1] == 1 else None

    def _source(self, key: str, name: str, kind: str) -> int:
        """The id of the source with normalized key `key`, created with `name` when missing."""
        found = self.connection.scalar(select(Source.id).where(Source.normalized_key == key))
        if found is not None:
            return int(found)
        insert = pg_insert(Source) if self.connection.dialect.name == "postgresql" else sqlite_insert(Source)
        statement = insert.values(name=name, kind=kind, normalized_key=key)
        self.connection.execute(statement.on_conflict_do_nothing(index_elements=["normalized_key"]))
        self.sources_created += 1
        return int(self.connection.scalar(select(Source.id).where(Source.normalized_key == key)))  # type: ignore[arg-type]

    def _insert_alias(self, item: WrittenName, source_id: int) -> None:
        insert = pg_insert(SourceAlias) if self.connection.dialect.name == "postgresql" else sqlite_insert(SourceAlias)
        values = {
            "source_id": source_id,
            "alias": item.name,
            "normalized_key": item.key,
            "surname": surname_of(item.key),
        }
        self.connection.execute(insert.values(values).on_conflict_do_nothing(index_elements=["normalized_key"]))

    def _aliases(self, keys: list[str]) -> dict[str, Resolved]:
        out: dict[str, Resolved] = {}
        for start in range(0, len(keys), _CHUNK):
            rows = self.connection.execute(
                select(SourceAlias.normalized_key, SourceAlias.source_id, SourceAlias.id).where(
                    SourceAlias.normalized_key.in_(keys[start : start + _CHUNK])
                )
            )
            out.update({row.normalized_key: Resolved(row.source_id, row.id) for row in rows})
        return out

    def _curated(self, keys: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for start in range(0, len(keys), _CHUNK):
            rows = self.connection.execute(
                select(SourceCuration.normalized_key, SourceCuration.name).where(
                    SourceCuration.normalized_key.in_(keys[start : start + _CHUNK])
                )
            )
            out.update({row.normalized_key: row.name for row in rows})
        return out
