"""Curation: a person who curates the archive fixes what the rules got wrong, and the fix lasts.

Every decision is stored in `source_curation` as "the written name with this key belongs to the source named
N", for each alias concerned; `newsdb.sources.resolve` applies the stored decisions whenever an alias is written
again, so re-seeding or re-extracting never undoes them. Each function runs in the caller's transaction under
newsdb's write lock and returns a one-line description of what it did.
"""

from __future__ import annotations

import re
import shlex
from typing import Any, NamedTuple

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from newsdb.errors import NewsdbError
from newsdb.sources.names import alias_key, fold
from newsdb.sources.resolve import Resolver
from newsdb.store.locks import lock_writers
from newsdb.store.models import QuoteRow, SourceAliasRow, SourceCurationRow, SourceRow


class CurationError(NewsdbError):
    """A curation command that cannot be carried out as asked (nothing was changed)."""


class _Found(NamedTuple):
    id: int
    name: str
    kind: str
    normalized_key: str


# `Name (kind)`, as `newsdb sources` and the message about a name of several sources list them
_WITH_KIND = re.compile(r"(?P<name>.+?)\s*\((?P<kind>person|organization|other)\)\s*")


def find_source(connection: Connection, name: str) -> _Found:
    """The one source called `name` (or written so: its aliases count), case, accents and hyphens ignored; a kind
    in brackets after the name (`BBC News (organization)`) chooses among sources of one name."""
    given = _WITH_KIND.fullmatch(name)
    kind = given["kind"] if given else None
    name = given["name"] if given else name
    folded = fold(name)
    by_alias = select(SourceAliasRow.source_id).where(SourceAliasRow.normalized_key.like(f"%:{_escaped(folded)}", "\\"))
    rows = connection.execute(
        select(SourceRow.id, SourceRow.name, SourceRow.kind, SourceRow.normalized_key)
        .where(SourceRow.normalized_key.like(f"%:{_escaped(folded)}", "\\") | SourceRow.id.in_(by_alias))
        .order_by(SourceRow.id)
    ).all()
    exact = [row for row in rows if row.normalized_key.split(":", 1)[1] == folded] or rows
    exact = [row for row in exact if kind is None or row.kind == kind]
    if not exact:
        raise CurationError(f"no source is called {name!r}{f' ({kind})' if kind else ''} (see `newsdb sources`)")
    if len(exact) > 1:
        listed = ", ".join(f"{row.name} ({row.kind})" for row in exact)
        raise CurationError(f"{name!r} names {len(exact)} sources: {listed}; write one as listed here, with its kind")
    return _Found(*exact[0])


def merge(connection: Connection, name: str, into: str) -> str:
    """Make the source `name` part of the source `into`: its aliases and quotes move, it is removed."""
    lock_writers(connection)
    source, target = find_source(connection, name), find_source(connection, into)
    if source.id == target.id:
        raise CurationError(f"{name!r} and {into!r} are the same source ({target.name})")
    keys = _alias_keys(connection, source.id) | {source.normalized_key}
    _decide(connection, keys, "merge", target.name)
    _redirect_decisions(connection, source.name, source.kind, target.name)
    _move_source(connection, source.id, target.id)
    return f"merged {source.name} into {target.name}"


def rename(connection: Connection, name: str, new_name: str) -> str:
    """Give the source `name` the name `new_name` (a source already called so takes its quotes)."""
    lock_writers(connection)
    source = find_source(connection, name)
    if not new_name.strip():
        raise CurationError("the new name is empty")
    new_name = " ".join(new_name.split())
    key = alias_key(new_name, source.kind)
    _refuse_namesakes(connection, source, new_name)
    keys = _alias_keys(connection, source.id) | {source.normalized_key}
    _decide(connection, keys, "rename", new_name)
    _redirect_decisions(connection, source.name, source.kind, new_name)
    other = connection.scalar(select(SourceRow.id).where(SourceRow.normalized_key == key, SourceRow.id != source.id))
    if other is not None:
        connection.execute(update(SourceRow).where(SourceRow.id == other).values(name=new_name))
        _move_source(connection, source.id, int(other))
        return f"renamed {source.name} to {new_name}, merging it with the source already called so"
    connection.execute(update(SourceRow).where(SourceRow.id == source.id).values(name=new_name, normalized_key=key))
    return f"renamed {source.name} to {new_name}"


def _refuse_namesakes(connection: Connection, source: _Found, new_name: str) -> None:
    """Refuse a new name that another source answers to: the name of a source of another kind (a source of the
    same kind and name takes the renamed one's quotes, see `rename`) or a name another source was written as."""
    pattern = f"%:{_escaped(fold(new_name))}"
    named = select(SourceRow.name, SourceRow.kind, SourceRow.id).where(
        SourceRow.id != source.id, SourceRow.normalized_key.like(pattern, "\\"), SourceRow.kind != source.kind
    )
    written = (
        select(SourceRow.name, SourceRow.kind, SourceRow.id)
        .join(SourceAliasRow, SourceAliasRow.source_id == SourceRow.id)
        .where(SourceRow.id != source.id, SourceAliasRow.normalized_key.like(pattern, "\\"))
        .where(SourceRow.normalized_key != alias_key(new_name, source.kind))  # the namesake `rename` merges into
    )
    other = connection.execute(named.union(written)).first()
    if other is not None:  # two sources would answer to one name
        names = (f"{source.name} ({source.kind})", f"{other[0]} ({other[1]})")
        merge = f"newsdb sources merge {shlex.join(names)}"
        raise CurationError(f"{new_name!r} is already a name of {other[0]} ({other[1]}): `{merge}` makes them one")


def split(connection: Connection, name: str, alias: str) -> str:
    """Take the written name `alias` (and its quotes) out of the source `name` into a source of its own."""
    lock_writers(connection)
    source = find_source(connection, name)
    key = alias_key(alias, source.kind)
    row = connection.execute(
        select(SourceAliasRow.id, SourceAliasRow.alias).where(
            SourceAliasRow.normalized_key == key, SourceAliasRow.source_id == source.id
        )
    ).first()
    if row is None:
        raise CurationError(f"{source.name} was never written as {alias!r} (see `newsdb sources`)")
    if key == source.normalized_key:
        raise CurationError(f"{alias!r} is the name of {source.name} itself: rename the source instead")
    taken = connection.scalar(select(SourceRow.id).where(SourceRow.normalized_key == key))
    if taken is None:
        connection.execute(_insert(connection, SourceRow).values(name=row.alias, kind=source.kind, normalized_key=key))
        taken = connection.scalar(select(SourceRow.id).where(SourceRow.normalized_key == key))
    assert taken is not None
    _decide(connection, {key}, "split", row.alias)
    Resolver(connection).move_alias(row.id, int(taken))
    return f"split {row.alias} from {source.name} into a source of its own"


def _alias_keys(connection: Connection, source_id: int) -> set[str]:
    return set(connection.scalars(select(SourceAliasRow.normalized_key).where(SourceAliasRow.source_id == source_id)))


def _decide(connection: Connection, keys: set[str], action: str, name: str) -> None:
    """Store (or replace) the decision that the written names with `keys` belong to the source `name`."""
    rows = [{"normalized_key": key, "action": action, "name": name} for key in sorted(keys)]
    insert = _insert(connection, SourceCurationRow)
    connection.execute(
        insert.on_conflict_do_update(
            index_elements=["normalized_key"], set_={"action": insert.excluded.action, "name": insert.excluded.name}
        ),
        rows,
    )


def _redirect_decisions(connection: Connection, old_name: str, kind: str, new_name: str) -> None:
    """Earlier decisions that sent names to `old_name` now send them to `new_name`."""
    old_key = alias_key(old_name, kind)
    stored = connection.execute(select(SourceCurationRow.id, SourceCurationRow.name)).all()
    ids = [row.id for row in stored if alias_key(row.name, kind) == old_key]
    if ids:
        connection.execute(update(SourceCurationRow).where(SourceCurationRow.id.in_(ids)).values(name=new_name))


def _move_source(connection: Connection, source_id: int, target_id: int) -> None:
    connection.execute(update(SourceAliasRow).where(SourceAliasRow.source_id == source_id).values(source_id=target_id))
    connection.execute(update(QuoteRow).where(QuoteRow.source_id == source_id).values(source_id=target_id))
    Resolver(connection).remove_unquoted([source_id])


def _insert(connection: Connection, table: type[SourceRow] | type[SourceCurationRow]) -> Any:
    return pg_insert(table) if connection.dialect.name == "postgresql" else sqlite_insert(table)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
