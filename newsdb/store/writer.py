"""Documents -> rows: the only code that writes articles.

`Loader.write(batch)` classifies each prepared article against the database (new, changed, unchanged, or a
duplicate of another article's content) and writes the batch with one bulk statement per table: COPY on
PostgreSQL, executemany on SQLite. Ids are allocated up front (a sequence range on PostgreSQL, past `max(id)`
under the write lock on SQLite), so no statement returns rows one at a time. The caller owns the transaction.

`Loader.write_rows(batch)` does the same for articles already turned into `ArticleRows` (by `article_rows`, in
`newsdb.store.rows`, re-exported here), which is what seeding's worker processes send.

An external id arriving from another path than the stored `source_path` is a conflict while the stored file
still exists (nothing is written), and a move when it is gone (`source_path` follows the file).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple

import psycopg
from sqlalchemy import Connection, String, any_, bindparam, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError

from newsdb.paths import is_gone, same_file
from newsdb.search import sqlite_index
from newsdb.sources.resolve import Resolved, Resolver, WrittenName
from newsdb.store.models import Article

# What is made of documents before they are written; re-exported, as callers have imported it from here.
from newsdb.store.rows import ArticleRows as ArticleRows
from newsdb.store.rows import PreparedArticle as PreparedArticle
from newsdb.store.rows import article_rows as article_rows
from newsdb.store.rows import prepare as prepare
from newsdb.store.types import utcnow

# Serializes newsdb writers on one PostgreSQL database (an arbitrary constant: "newsdb" in ASCII).
_PG_WRITE_LOCK = 0x6E657773_6462

ARTICLE_COLUMNS = (
    "id", "external_id", "title", "lede", "published_on", "date_precision", "language", "body",
    "content_sha256", "source_path", "word_count", "created_at", "updated_at",
)  # fmt: skip
SECTION_COLUMNS = ("id", "article_id", "position", "heading")
PARAGRAPH_COLUMNS = ("id", "article_id", "section_id", "position", "kind", "text")
QUOTE_COLUMNS = (
    "article_id", "paragraph_id", "source_id", "alias_id", "text", "kind", "cue", "speaker_role",
    "start_offset", "end_offset",
)  # fmt: skip


def lock_writers(connection: Connection) -> None:
    """On PostgreSQL, wait for and hold newsdb's write lock until the transaction ends (SQLite: BEGIN IMMEDIATE)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})


class Outcome(StrEnum):
    INSERTED = "inserted"
    UPDATED = "updated"
    MOVED = "moved"  # same content from a new path, the stored one gone: only `source_path` is rewritten
    UNCHANGED = "unchanged"
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


class _Stored(NamedTuple):
    id: int
    sha256: str
    source_path: str | None


@dataclass
class RowCounts:
    articles: int = 0
    sections: int = 0
    paragraphs: int = 0
    quotes: int = 0
    sources: int = 0

    def add(self, other: RowCounts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class _Rows:
    articles: list[tuple[Any, ...]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    sections: list[tuple[Any, ...]] = field(default_factory=list)
    paragraphs: list[tuple[Any, ...]] = field(default_factory=list)
    quotes: list[tuple[Any, ...]] = field(default_factory=list)
    index: list[dict[str, Any]] = field(default_factory=list)


class Loader:
    """Writes batches of prepared articles through one connection; the caller begins and ends transactions."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        self.rows_written = RowCounts()
        self._fts: bool | None = None
        self._column_types: dict[str, list[int]] = {}
        self._sequences: dict[str, str] = {}
        self._resolver = Resolver(connection)

    @property
    def _has_fts(self) -> bool:
        """Whether SQLite's full-text table exists (looked up once, inside the first write's transaction)."""
        if self._fts is None:
            self._fts = sqlite_index.has_index(self.connection)
        return self._fts

    def write(self, batch: Sequence[PreparedArticle]) -> list[Written]:
        """Insert new articles, replace changed ones, skip unchanged ones and duplicates of stored content."""
        return self.write_rows([article_rows(item) for item in batch])

    def write_rows(self, batch: Sequence[ArticleRows]) -> list[Written]:
        """`write` for articles already turned into rows."""
        lock_writers(self.connection)
        results, inserts, updates, moves = self._classify(batch)
        now = utcnow()
        if moves:
            self.move(moves, now)
        if not inserts and not updates:
            return results
        article_ids = self._allocate("articles", len(inserts))
        targets = [(item, new_id) for item, new_id in zip(inserts, article_ids, strict=True)] + updates
        replaced_aliases = self._clear([article_id for _, article_id in updates]) if updates else []
        sources = self._source_ids(item for item, _ in targets)
        rows = self._rows(targets, len(inserts), sources, now)
        self._insert("articles", ARTICLE_COLUMNS, rows.articles)
        if rows.updates:
            self.connection.execute(_UPDATE_ARTICLE, rows.updates)
        self._insert("sections", SECTION_COLUMNS, rows.sections)
        self._insert("paragraphs", PARAGRAPH_COLUMNS, rows.paragraphs)
        self._insert("quotes", QUOTE_COLUMNS, rows.quotes)
        sqlite_index.write(self.connection, rows.index)
        if replaced_aliases:
            self._resolver.forget(replaced_aliases)
        self.rows_written.add(
            RowCounts(
                articles=len(targets),
                sections=len(rows.sections),
                paragraphs=len(rows.paragraphs),
                quotes=len(rows.quotes),
            )
        )
        return results

    def move(self, moves: Sequence[tuple[str, str]], now: datetime | None = None) -> None:
        """Point stored articles at their files' new paths: (external_id, source_path) pairs."""
        lock_writers(self.connection)
        stamp = now or utcnow()
        self.connection.execute(
            update(Article).where(Article.external_id == bindparam("moved_id")),
            [{"moved_id": external_id, "source_path": path, "updated_at": stamp} for external_id, path in moves],
        )
        self.rows_written.articles += len(moves)

    def _classify(
        self, batch: Sequence[ArticleRows]
    ) -> tuple[list[Written], list[ArticleRows], list[tuple[ArticleRows, int]], list[tuple[str, str]]]:
        by_external_id, owner_of_sha = self._existing(batch)
        results: list[Written] = []
        inserts: list[ArticleRows] = []
        updates: list[tuple[ArticleRows, int]] = []
        moves: list[tuple[str, str]] = []
        for item in batch:
            external_id, sha, path = item.external_id, item.sha256, item.article[6]
            stored = by_external_id.get(external_id)
            owner = owner_of_sha.get(sha)
            moved = stored is not None and not _same_source(stored.source_path, path)
            if moved and stored is not None and stored.source_path is not None and not is_gone(stored.source_path):
                results.append(Written(external_id, Outcome.CONFLICT, stored_path=stored.source_path))
            elif stored is not None and stored.sha256 == sha:
                if moved and path is not None:
                    moves.append((external_id, path))
                    results.append(Written(external_id, Outcome.MOVED, stored_path=stored.source_path))
                else:
                    results.append(Written(external_id, Outcome.UNCHANGED))
            elif owner is not None and owner != external_id:
                results.append(Written(external_id, Outcome.DUPLICATE, owner))
            elif stored is not None:
                updates.append((item, stored.id))
                owner_of_sha[sha] = external_id
                results.append(Written(external_id, Outcome.UPDATED))
            else:
                inserts.append(item)
                owner_of_sha[sha] = external_id
                results.append(Written(external_id, Outcome.INSERTED))
        return results, inserts, updates, moves

    def _existing(self, batch: Sequence[ArticleRows]) -> tuple[dict[str, _Stored], dict[str, str]]:
        external_ids = [item.external_id for item in batch]
        shas = [item.sha256 for item in batch]
        if self.dialect == "postgresql":
            # one array parameter per list rather than one parameter per value: cheaper to send and to plan
            by_id = Article.external_id == any_(bindparam("ids", external_ids, ARRAY(String)))
            by_sha = Article.content_sha256 == any_(bindparam("shas", shas, ARRAY(String)))
        else:
            by_id, by_sha = Article.external_id.in_(external_ids), Article.content_sha256.in_(shas)
        found = self.connection.execute(
            select(Article.id, Article.external_id, Article.content_sha256, Article.source_path).where(by_id | by_sha)
        ).all()
        by_external_id = {row.external_id: _Stored(row.id, row.content_sha256, row.source_path) for row in found}
        owner_of_sha = {row.content_sha256: row.external_id for row in found}
        return by_external_id, owner_of_sha

    def _allocate(self, table: str, count: int) -> list[int]:
        """`count` fresh primary keys for `table`, without inserting anything."""
        if count == 0:
            return []
        if self.dialect == "postgresql":
            # All the ids in one array. The sequence is a parameter cast to regclass, which is converted once per
            # statement; looking it up by function (pg_get_serial_sequence) would run once per id.
            ids: list[int] = self.connection.execute(
                text("SELECT array_agg(nextval(CAST(:sequence AS regclass))) FROM generate_series(1, :count)"),
                {"sequence": self._sequence_of(table), "count": count},
            ).scalar_one()
            return ids
        # Safe on SQLite: the transaction holds the database's only write lock (BEGIN IMMEDIATE).
        top = self.connection.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()
        return list(range(top + 1, top + 1 + count))

    def _sequence_of(self, table: str) -> str:
        """The name of the sequence that numbers `table`."""
        if table not in self._sequences:
            found = self.connection.execute(text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table})
            self._sequences[table] = found.scalar_one()
        return self._sequences[table]

    def _clear(self, article_ids: list[int]) -> list[int]:
        """Remove the children of articles about to be rewritten; the aliases their quotes were written with."""
        ids = {"ids": article_ids}
        aliases = self.connection.execute(
            text("SELECT DISTINCT alias_id FROM quotes WHERE article_id IN :ids AND alias_id IS NOT NULL").bindparams(
                _ids()
            ),
            ids,
        )
        alias_ids = [int(row[0]) for row in aliases]
        self.connection.execute(text("DELETE FROM quotes WHERE article_id IN :ids").bindparams(_ids()), ids)
        self.connection.execute(text("DELETE FROM paragraphs WHERE article_id IN :ids").bindparams(_ids()), ids)
        self.connection.execute(text("DELETE FROM sections WHERE article_id IN :ids").bindparams(_ids()), ids)
        if self._has_fts:
            sqlite_index.delete(self.connection, article_ids)
        return alias_ids

    def _source_ids(self, batch: Iterable[ArticleRows]) -> dict[str | None, Resolved | None]:
        """The source and alias of every written name of the batch, by alias key (None: no source)."""
        wanted = [WrittenName(*source) for item in batch for source in item.sources]
        before = self._resolver.sources_created
        ids: dict[str | None, Resolved | None] = {None: None}
        ids.update(self._resolver.resolve(wanted))
        self.rows_written.sources += self._resolver.sources_created - before
        return ids

    def _rows(
        self,
        targets: list[tuple[ArticleRows, int]],
        inserts: int,
        sources: dict[str | None, Resolved | None],
        now: datetime,
    ) -> _Rows:
        """The rows of `targets`, whose first `inserts` are new articles and the rest stored ones."""
        rows = _Rows()
        section_ids = self._allocate("sections", sum(len(item.sections) for item, _ in targets))
        paragraph_ids = self._allocate("paragraphs", sum(len(item.paragraphs) for item, _ in targets))
        sqlite = self.dialect == "sqlite"
        stamp = self._timestamp(now)
        index = self._has_fts
        first_section = first_paragraph = 0
        for number, (item, article_id) in enumerate(targets):
            title, lede, published_on, precision, language, body, source_path, word_count = item.article
            if number < inserts:
                rows.articles.append(
                    (article_id, item.external_id, title, lede, published_on.isoformat() if sqlite else published_on,
                     precision, language, body, item.sha256, source_path, word_count, stamp, stamp)
                )  # fmt: skip
            else:
                rows.updates.append(
                    {"title": title, "lede": lede, "published_on": published_on, "date_precision": precision,
                     "language": language, "body": body, "content_sha256": item.sha256, "source_path": source_path,
                     "word_count": word_count, "article_id": article_id, "updated_at": now}
                )  # fmt: skip
            sids = section_ids[first_section : first_section + len(item.sections)]
            pids = paragraph_ids[first_paragraph : first_paragraph + len(item.paragraphs)]
            first_section += len(sids)
            first_paragraph += len(pids)
            rows.sections.extend(
                [
                    (sid, article_id, position, heading)
                    for sid, (position, heading) in zip(sids, item.sections, strict=True)
                ]
            )
            rows.paragraphs.extend(
                [
                    (pid, article_id, sids[section], position, kind, text)
                    for pid, (section, position, kind, text) in zip(pids, item.paragraphs, strict=True)
                ]
            )
            rows.quotes.extend(
                [
                    (article_id, pids[paragraph], *_source_and_alias(sources[key]), text, kind, cue, role, start, end)
                    for paragraph, key, text, kind, cue, role, start, end in item.quotes
                ]
            )
            if index and item.index_terms is not None:
                title_terms, lede_terms, body_terms = item.index_terms
                rows.index.append({"id": article_id, "title": title_terms, "lede": lede_terms, "body": body_terms})
        return rows

    def _insert(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        names = ", ".join(columns)
        if self.dialect == "postgresql":
            types = self._types_of(table, columns)
            driver = self.connection.connection.driver_connection
            assert driver is not None
            statement = f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)"
            try:
                # The binary format spares the server parsing and unescaping every value, most of all long texts.
                with driver.cursor() as cursor, cursor.copy(statement) as copy:
                    copy.set_types(types)
                    for row in rows:
                        copy.write_row(row)
            except psycopg.Error as exc:
                # the driver is used directly here: raise what SQLAlchemy raises for every other statement
                # (IntegrityError, DataError, ...), so that callers handle a rejected row the same on both backends
                raise DBAPIError.instance(statement, None, exc, psycopg.Error, dialect=self.connection.dialect) from exc
        else:
            marks = ", ".join("?" * len(columns))
            self.connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def _types_of(self, table: str, columns: tuple[str, ...]) -> list[int]:
        """The type oids of `columns` of `table`, as binary COPY needs them."""
        if table not in self._column_types:
            found = self.connection.execute(
                text(
                    "SELECT attname, atttypid FROM pg_attribute"
                    " WHERE attrelid = to_regclass(:table) AND attnum > 0 AND NOT attisdropped"
                ),
                {"table": table},
            ).all()
            oids = {name: int(oid) for name, oid in found}
            self._column_types[table] = [oids[column] for column in columns]
        return self._column_types[table]

    def _timestamp(self, value: datetime) -> Any:
        # The storage format of newsdb.store.types.UTCDateTime on SQLite: naive UTC with microseconds.
        return value if self.dialect == "postgresql" else value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _same_source(stored: str | None, seen: str | None) -> bool:
    """Whether an article comes from the file it was stored from (without a path on either side: yes)."""
    return stored is None or seen is None or same_file(stored, seen)


def _source_and_alias(resolved: Resolved | None) -> tuple[int | None, int | None]:
    return (None, None) if resolved is None else (resolved.source_id, resolved.alias_id)


def _ids() -> Any:
    return bindparam("ids", expanding=True)


_UPDATE_ARTICLE = update(Article).where(Article.id == bindparam("article_id"))
