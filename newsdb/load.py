"""Documents -> rows: the only code that writes articles.

`Loader.write(batch)` classifies each prepared article against the database (new, changed, unchanged, or a
duplicate of another article's content) and writes the batch with one bulk statement per table: COPY on
PostgreSQL, executemany on SQLite. Ids are allocated up front (a sequence range on PostgreSQL, past `max(id)`
under the write lock on SQLite), so no statement returns rows one at a time. The caller owns the transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, bindparam, inspect, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from newsdb.document import Document, SourceRef
from newsdb.fts import FTS_TABLE, SQLITE_INDEX_SQL
from newsdb.models import Article, Source
from newsdb.render import render
from newsdb.types import utcnow

# Serializes newsdb writers on one PostgreSQL database (an arbitrary constant: "newsdb" in ASCII).
_PG_WRITE_LOCK = 0x6E657773_6462

ARTICLE_COLUMNS = (
    "id", "external_id", "title", "lede", "published_on", "date_precision", "language", "body",
    "content_sha256", "source_path", "word_count", "created_at", "updated_at",
)  # fmt: skip
SECTION_COLUMNS = ("id", "article_id", "position", "heading")
PARAGRAPH_COLUMNS = ("id", "article_id", "section_id", "position", "kind", "text")
QUOTE_COLUMNS = (
    "article_id", "paragraph_id", "source_id", "text", "kind", "cue", "speaker_role",
    "start_offset", "end_offset",
)  # fmt: skip


def content_sha256(document: Document) -> str:
    """The identity of an article's content: the hash of its canonical text."""
    return hashlib.sha256(render(document).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """A parsed and extracted document with its derived values, ready to be written.

    Built by `prepare` in worker processes, so that the writing process only moves rows.
    """

    document: Document
    sha256: str
    body: str
    word_count: int
    index_terms: tuple[str, str, str] | None = None


def prepare(
    document: Document, index_terms: Callable[[str | None, str, str], tuple[str, str, str]] | None = None
) -> PreparedArticle:
    body = document.body
    terms = index_terms(document.title, document.lede, body) if index_terms is not None else None
    return PreparedArticle(document, content_sha256(document), body, document.word_count, terms)


class Outcome(StrEnum):
    INSERTED = "inserted"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class Written:
    """What happened to one article of a batch; `duplicate_of` names the article holding the same content."""

    external_id: str
    outcome: Outcome
    duplicate_of: str | None = None


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

    @property
    def _has_fts(self) -> bool:
        """Whether SQLite's full-text table exists (looked up once, inside the first write's transaction)."""
        if self._fts is None:
            self._fts = self.dialect == "sqlite" and inspect(self.connection).has_table(FTS_TABLE)
        return self._fts

    def write(self, batch: Sequence[PreparedArticle]) -> list[Written]:
        """Insert new articles, replace changed ones, skip unchanged ones and duplicates of stored content."""
        if self.dialect == "postgresql":
            self.connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})
        results, inserts, updates = self._classify(batch)
        if not inserts and not updates:
            return results
        now = utcnow()
        article_ids = self._allocate("articles", len(inserts))
        targets = [(item, new_id) for item, new_id in zip(inserts, article_ids, strict=True)] + updates
        if updates:
            self._clear([article_id for _, article_id in updates])
        sources = self._source_ids(item.document for item, _ in targets)
        rows = self._rows(targets, {id(i) for i in inserts}, sources, now)
        self._insert("articles", ARTICLE_COLUMNS, rows.articles)
        if rows.updates:
            self.connection.execute(_UPDATE_ARTICLE, rows.updates)
        self._insert("sections", SECTION_COLUMNS, rows.sections)
        self._insert("paragraphs", PARAGRAPH_COLUMNS, rows.paragraphs)
        self._insert("quotes", QUOTE_COLUMNS, rows.quotes)
        if self._has_fts and rows.index:
            self.connection.execute(text(SQLITE_INDEX_SQL), rows.index)
        self.rows_written.add(
            RowCounts(
                articles=len(targets),
                sections=len(rows.sections),
                paragraphs=len(rows.paragraphs),
                quotes=len(rows.quotes),
            )
        )
        return results

    def _classify(
        self, batch: Sequence[PreparedArticle]
    ) -> tuple[list[Written], list[PreparedArticle], list[tuple[PreparedArticle, int]]]:
        by_external_id, owner_of_sha = self._existing(batch)
        results: list[Written] = []
        inserts: list[PreparedArticle] = []
        updates: list[tuple[PreparedArticle, int]] = []
        for item in batch:
            external_id, sha = item.document.external_id, item.sha256
            stored = by_external_id.get(external_id)
            owner = owner_of_sha.get(sha)
            if stored is not None and stored[1] == sha:
                results.append(Written(external_id, Outcome.UNCHANGED))
            elif owner is not None and owner != external_id:
                results.append(Written(external_id, Outcome.DUPLICATE, owner))
            elif stored is not None:
                updates.append((item, stored[0]))
                owner_of_sha[sha] = external_id
                results.append(Written(external_id, Outcome.UPDATED))
            else:
                inserts.append(item)
                owner_of_sha[sha] = external_id
                results.append(Written(external_id, Outcome.INSERTED))
        return results, inserts, updates

    def _existing(self, batch: Sequence[PreparedArticle]) -> tuple[dict[str, tuple[int, str]], dict[str, str]]:
        external_ids = [item.document.external_id for item in batch]
        shas = [item.sha256 for item in batch]
        found = self.connection.execute(
            select(Article.id, Article.external_id, Article.content_sha256).where(
                Article.external_id.in_(external_ids) | Article.content_sha256.in_(shas)
            )
        ).all()
        by_external_id = {row.external_id: (row.id, row.content_sha256) for row in found}
        owner_of_sha = {row.content_sha256: row.external_id for row in found}
        return by_external_id, owner_of_sha

    def _allocate(self, table: str, count: int) -> list[int]:
        """`count` fresh primary keys for `table`, without inserting anything."""
        if count == 0:
            return []
        if self.dialect == "postgresql":
            return list(
                self.connection.execute(
                    text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
                    {"table": table, "count": count},
                ).scalars()
            )
        # Safe on SQLite: the transaction holds the database's only write lock (BEGIN IMMEDIATE).
        top = self.connection.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()
        return list(range(top + 1, top + 1 + count))

    def _clear(self, article_ids: list[int]) -> None:
        """Remove the children of articles about to be rewritten (paragraphs and quotes cascade)."""
        ids = {"ids": article_ids}
        self.connection.execute(text("DELETE FROM quotes WHERE article_id IN :ids").bindparams(_ids()), ids)
        self.connection.execute(text("DELETE FROM paragraphs WHERE article_id IN :ids").bindparams(_ids()), ids)
        self.connection.execute(text("DELETE FROM sections WHERE article_id IN :ids").bindparams(_ids()), ids)
        if self._has_fts:
            self.connection.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN :ids").bindparams(_ids()), ids)

    def _source_ids(self, documents: Iterable[Document]) -> dict[str, int]:
        """Upsert the batch's sources and return their ids by normalized key."""
        wanted: dict[str, SourceRef] = {}
        for document in documents:
            for quote in document.quotes:
                if quote.source is not None:
                    wanted.setdefault(quote.source.key, quote.source)
        if not wanted:
            return {}
        values = [{"name": s.name, "kind": s.kind.value, "normalized_key": key} for key, s in wanted.items()]
        insert = pg_insert(Source) if self.dialect == "postgresql" else sqlite_insert(Source)
        before = self._count_sources()
        self.connection.execute(insert.on_conflict_do_nothing(index_elements=["normalized_key"]), values)
        self.rows_written.sources += self._count_sources() - before
        found = self.connection.execute(
            select(Source.normalized_key, Source.id).where(Source.normalized_key.in_(list(wanted)))
        ).all()
        return {row.normalized_key: row.id for row in found}

    def _count_sources(self) -> int:
        return int(self.connection.execute(text("SELECT count(*) FROM sources")).scalar_one())

    def _rows(
        self,
        targets: list[tuple[PreparedArticle, int]],
        new: set[int],
        sources: dict[str, int],
        now: datetime,
    ) -> _Rows:
        rows = _Rows()
        section_ids = iter(self._allocate("sections", sum(len(i.document.sections) for i, _ in targets)))
        paragraph_ids = iter(
            self._allocate("paragraphs", sum(len(s.paragraphs) for i, _ in targets for s in i.document.sections))
        )
        for item, article_id in targets:
            doc = item.document
            values = {
                "title": doc.title, "lede": doc.lede, "published_on": doc.published_on,
                "date_precision": doc.date_precision.value, "language": doc.language, "body": item.body,
                "content_sha256": item.sha256, "source_path": doc.source_path, "word_count": item.word_count,
            }  # fmt: skip
            if id(item) in new:
                stamp = self._timestamp(now)
                rows.articles.append(
                    (article_id, doc.external_id, doc.title, doc.lede, self._date(doc.published_on),
                     doc.date_precision.value, doc.language, item.body, item.sha256, doc.source_path,
                     item.word_count, stamp, stamp)
                )  # fmt: skip
            else:
                rows.updates.append({**values, "article_id": article_id, "updated_at": now})
            paragraph_id_at: dict[int, int] = {}
            for section in doc.sections:
                section_id = next(section_ids)
                rows.sections.append((section_id, article_id, section.position, section.heading))
                for paragraph in section.paragraphs:
                    paragraph_id = paragraph_id_at[paragraph.position] = next(paragraph_ids)
                    rows.paragraphs.append(
                        (
                            paragraph_id,
                            article_id,
                            section_id,
                            paragraph.position,
                            paragraph.kind.value,
                            paragraph.text,
                        )
                    )
            for quote in doc.quotes:
                source_id = sources[quote.source.key] if quote.source is not None else None
                rows.quotes.append(
                    (article_id, paragraph_id_at[quote.paragraph], source_id, quote.text, quote.kind.value,
                     quote.cue, quote.speaker_role, quote.start, quote.end)
                )  # fmt: skip
            if self._has_fts and item.index_terms is not None:
                title, lede, body = item.index_terms
                rows.index.append({"id": article_id, "title": title, "lede": lede, "body": body})
        return rows

    def _insert(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        names = ", ".join(columns)
        if self.dialect == "postgresql":
            driver = self.connection.connection.driver_connection
            assert driver is not None
            with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            self.connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def _date(self, value: date) -> Any:
        return value if self.dialect == "postgresql" else value.isoformat()

    def _timestamp(self, value: datetime) -> Any:
        # The storage format of newsdb.types.UTCDateTime on SQLite: naive UTC with microseconds.
        return value if self.dialect == "postgresql" else value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _ids() -> Any:
    return bindparam("ids", expanding=True)


_UPDATE_ARTICLE = update(Article).where(Article.id == bindparam("article_id"))
