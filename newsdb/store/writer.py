"""Articles -> rows: the only code that writes articles, one backend per database behind one small interface.

`ArticleWriter.write(batch)` decides for each article what to do against the database (`newsdb.store.outcomes`:
new, changed, unchanged, moved, a conflict, or a duplicate of another article's content) and writes the batch
with bulk statements per table: binary COPY on PostgreSQL, INSERTs of a few hundred rows each on SQLite
(`postgresql_writer`, `sqlite_writer`). Unchanged content is rewritten when an older extractor found its quotes
(`REEXTRACTED`). Ids are allocated up front (a sequence range on PostgreSQL, past `max(id)` under the write lock
on SQLite), so no statement returns rows one at a time. The caller owns the transaction.

Which columns are written comes from the table definitions (`newsdb.store.models`) and the fields of the values
in `newsdb.store.rows`, matched by name once per writer: `TABLES` lists the child tables in the order they are
written, and a new column costs nothing here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from sqlalchemy import ColumnElement, Connection, Table, bindparam, select, text, update
from sqlalchemy.orm import InstrumentedAttribute

from newsdb.errors import SchemaError
from newsdb.extract import EXTRACTOR_VERSION
from newsdb.paths import stored_path
from newsdb.sources.resolve import Resolved, Resolver, WrittenName
from newsdb.store.kept import kept_structure
from newsdb.store.models import ArticleRow, Base
from newsdb.store.outcomes import Outcome, RowCounts, Stored, Written, decide
from newsdb.store.postgresql_writer import PostgreSQLBackend
from newsdb.store.rows import ArticleRows, ArticleValues, ParagraphValues, QuoteValues, SectionValues, SpanValues
from newsdb.store.sqlite_writer import SQLiteBackend
from newsdb.store.types import utcnow

KeyColumn = ColumnElement[str] | InstrumentedAttribute[str]


class Backend(Protocol):
    """What differs between the databases when writing articles."""

    def lock(self) -> None: ...
    def one_of(self, column: KeyColumn, values: Sequence[str]) -> ColumnElement[bool]: ...
    def allocate(self, table: str, count: int) -> list[int]: ...
    def insert(self, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None: ...
    def converters(self, table: Table, columns: Sequence[str]) -> list[tuple[int, Callable[[Any], Any]]]: ...
    def index(self, rows: Sequence[dict[str, Any]]) -> None: ...
    def unindex(self, article_ids: Sequence[int]) -> None: ...


class Child(NamedTuple):
    """A child table of `articles`: where its values are in `ArticleRows`, and which fields are references.

    `references` maps a field holding an index into another child list to (column, that child's table); the
    index may be None (no such row: NULL).
    """

    table: str
    values: str  # the `ArticleRows` attribute
    fields: tuple[str, ...]  # of the values
    references: dict[str, tuple[str, str]]


TABLES = (
    Child("sections", "sections", SectionValues._fields, {}),
    Child("paragraphs", "paragraphs", ParagraphValues._fields, {"section": ("section_id", "sections")}),
    Child(
        "quotes",
        "quotes",
        QuoteValues._fields,
        {"paragraph": ("paragraph_id", "paragraphs"), "parent": ("parent_id", "quotes")},
    ),
    Child(
        "quote_spans",
        "spans",
        SpanValues._fields,
        {"quote": ("quote_id", "quotes"), "paragraph": ("paragraph_id", "paragraphs")},
    ),
)
_QUOTE_TABLES = TABLES[2:]  # what re-extracting unchanged content rewrites: its sections and paragraphs stay
SOURCE_FIELD = "source"  # a quote's alias key, written as its source and alias ids
SOURCE_COLUMNS = ("source_id", "alias_id")
WRITER_ARTICLE_COLUMNS = ("id", "external_id", "content_sha256", "created_at", "updated_at")


@dataclass
class _Plan:
    """How one table's rows are put together: the columns in order, the tables its references point into."""

    table: Table
    columns: tuple[str, ...]
    references: list[str] = field(default_factory=list)  # the referenced tables, in `rows_of`'s order
    converters: list[tuple[int, Callable[[Any], Any]]] = field(default_factory=list)
    rows_of: RowMaker | None = None  # one article's rows: see `_row_maker`


# (row ids, article id, values, ids of each referenced table's rows, source and alias ids by key) -> rows
RowMaker = Callable[[list[int], int, Sequence[tuple[Any, ...]], list[list[int]], dict[Any, Any]], list[tuple[Any, ...]]]


def _row_maker(
    table: Table, leading: tuple[str, ...], fields: tuple[str, ...], child: Child, plain: list[int]
) -> RowMaker:
    """A function that makes one article's rows of `table` in one list comprehension, written for the table's
    columns (as `collections.namedtuple` writes its methods): the ids, the references (NULL where a nullable
    reference is None), source and alias, then the plain fields."""
    parts = ["row_id", "article_id"][: len(leading)]
    for number, name in enumerate(child.references):
        at = fields.index(name)
        nullable = table.c[child.references[name][0]].nullable
        parts.append(f"(None if v[{at}] is None else ids{number}[v[{at}]])" if nullable else f"ids{number}[v[{at}]]")
    if SOURCE_FIELD in fields:
        parts.append(f"*sources[v[{fields.index(SOURCE_FIELD)}]]")
    parts += [f"v[{at}]" for at in plain]
    bind = "".join(f"    ids{number} = references[{number}]\n" for number in range(len(child.references)))
    source = (
        "def rows_of(own, article_id, values, references, sources):\n"
        f"{bind}    return [({', '.join(parts)},) for row_id, v in zip(own, values)]\n"
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<rows of {table.name}>", "exec"), namespace)
    maker: RowMaker = namespace["rows_of"]
    return maker


def _check(table: Table, columns: Sequence[str]) -> None:
    """The columns written must be the table's columns, exactly (less what the database computes)."""
    expected = {c.name for c in table.columns if c.computed is None}
    if set(columns) != expected:
        missing, extra = sorted(expected - set(columns)), sorted(set(columns) - expected)
        raise SchemaError(
            f"the writer's values for {table.name} do not match the table: missing {missing}, extra {extra}"
        )


def _child_plan(backend: Backend, child: Child) -> _Plan:
    """How the rows of `child` are put together, checked against its table."""
    fields = child.fields
    table = Base.metadata.tables[child.table]
    leading = ("id", "article_id") if "article_id" in table.c else ("id",)
    special = {*child.references, SOURCE_FIELD}
    plain = [i for i, name in enumerate(fields) if name not in special]
    columns = (
        *leading,
        *(column for column, _ in child.references.values()),
        *(SOURCE_COLUMNS if SOURCE_FIELD in fields else ()),
        *(fields[i] for i in plain),
    )
    _check(table, columns)
    rows_of = _row_maker(table, leading, fields, child, plain)
    targets = [target for _, target in child.references.values()]
    return _Plan(table, columns, targets, backend.converters(table, columns), rows_of)


def _article_plan(backend: Backend) -> _Plan:
    table = Base.metadata.tables["articles"]
    columns = (*WRITER_ARTICLE_COLUMNS, *ArticleValues._fields)
    _check(table, columns)
    return _Plan(table, columns, converters=backend.converters(table, columns))


class ArticleWriter:
    """Writes batches of articles through one connection; the caller begins and ends transactions."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.backend: Backend = (
            PostgreSQLBackend(connection) if connection.dialect.name == "postgresql" else SQLiteBackend(connection)
        )
        self.rows_written = RowCounts()
        self._resolver = Resolver(connection)
        self._articles = _article_plan(self.backend)
        self._children = [_child_plan(self.backend, child) for child in TABLES]

    @property
    def columns(self) -> dict[str, tuple[str, ...]]:
        """The columns written, by table, in the order of the values of each row."""
        return {plan.table.name: plan.columns for plan in (self._articles, *self._children)}

    def write(self, batch: Sequence[ArticleRows], *, rewrite: bool = False) -> list[Written]:
        """Insert new articles, replace changed ones, skip unchanged ones and duplicates of stored content.

        Unchanged content that an older extractor wrote is rewritten (`REEXTRACTED`); with `rewrite`, whatever
        extractor wrote it.
        """
        self.backend.lock()
        results, inserts, updates, requotes, moves = self._decide(batch, rewrite)
        now = utcnow()
        if moves:
            self.move(moves, now)
        kept: dict[str, list[list[int]]] = {}
        if requotes:  # an article whose stored sections or paragraphs were changed by hand is rewritten whole
            requotes, kept, changed = kept_structure(self.connection, requotes)
            updates += changed
        if not inserts and not updates and not requotes:
            return results
        article_ids = self.backend.allocate("articles", len(inserts))
        targets = [*zip(inserts, article_ids, strict=True), *updates]
        replaced_aliases = self._clear([article_id for _, article_id in updates]) if updates else []
        if requotes:
            replaced_aliases += self._clear([article_id for _, article_id in requotes], _QUOTE_TABLES)
        sources = self._source_ids(item for item, _ in [*targets, *requotes])
        self._insert_articles(list(zip(inserts, article_ids, strict=True)), now)
        if updates:
            self.connection.execute(
                _UPDATE_ARTICLE, [_update_values(item, article_id, now) for item, article_id in updates]
            )
        written = self._insert_children(targets, sources)
        if requotes:
            self.connection.execute(
                _UPDATE_ARTICLE, [_requote_values(item, article_id, now) for item, article_id in requotes]
            )
            self.rows_written.add_tables(self._insert_children(requotes, sources, kept))
        self.backend.index(
            [{"id": article_id, "title": t[0], "lede": t[1], "body": t[2]}
             for item, article_id in targets if (t := item.index_terms) is not None]
        )  # fmt: skip
        if replaced_aliases:
            self._resolver.forget(replaced_aliases)
        self.rows_written.articles += len(targets) + len(requotes)
        self.rows_written.add_tables(written)
        return results

    def move(self, moves: Sequence[tuple[str, str]], now: datetime | None = None) -> None:
        """Point stored articles at their files' new paths: (external_id, source_path) pairs."""
        self.backend.lock()
        stamp = now or utcnow()
        self.connection.execute(
            update(ArticleRow).where(ArticleRow.external_id == bindparam("moved_id")),
            [{"moved_id": id_, "source_path": stored_path(path), "updated_at": stamp} for id_, path in moves],
        )
        self.rows_written.articles += len(moves)

    def _decide(self, batch: Sequence[ArticleRows], rewrite: bool) -> tuple[
        list[Written], list[ArticleRows], list[tuple[ArticleRows, int]], list[tuple[ArticleRows, int]],
        list[tuple[str, str]],
    ]:  # fmt: skip
        """The outcome of each article; the ones to insert, to update, to re-extract (keeping their sections and
        paragraphs), and the moves."""
        by_external_id, owner_of_sha = self._stored(batch)
        results: list[Written] = []
        inserts: list[ArticleRows] = []
        updates: list[tuple[ArticleRows, int]] = []
        requotes: list[tuple[ArticleRows, int]] = []
        moves: list[tuple[str, str]] = []
        for item in batch:
            stored = by_external_id.get(item.external_id)
            path = item.article.source_path
            owner = owner_of_sha.get(item.content_sha256)
            result = decide(item.external_id, item.content_sha256, path, stored, owner, rewrite=rewrite)
            results.append(result)
            if result.outcome is Outcome.MOVED and path is not None:
                moves.append((item.external_id, path))
            elif result.outcome is Outcome.REEXTRACTED and stored is not None:
                requotes.append((item, stored.id))
            elif result.outcome is Outcome.UPDATED and stored is not None:
                updates.append((item, stored.id))
                owner_of_sha[item.content_sha256] = item.external_id
            elif result.outcome is Outcome.INSERTED:
                inserts.append(item)
                owner_of_sha[item.content_sha256] = item.external_id
        return results, inserts, updates, requotes, moves

    def _stored(self, batch: Sequence[ArticleRows]) -> tuple[dict[str, Stored], dict[str, str]]:
        """The stored articles with the batch's external ids or content: by external id, and owner by hash."""
        by_id = self.backend.one_of(ArticleRow.external_id, [item.external_id for item in batch])
        by_sha = self.backend.one_of(ArticleRow.content_sha256, [item.content_sha256 for item in batch])
        columns = (ArticleRow.id, ArticleRow.external_id, ArticleRow.content_sha256, ArticleRow.source_path)
        found = self.connection.execute(select(*columns, ArticleRow.extractor_version).where(by_id | by_sha)).all()
        by_external_id = {
            row.external_id: Stored(row.id, row.content_sha256, row.source_path, outdated(row.extractor_version))
            for row in found
        }
        return by_external_id, {row.content_sha256: row.external_id for row in found}

    def _clear(self, article_ids: list[int], tables: tuple[Child, ...] = TABLES) -> list[int]:
        """Remove the rows of `tables` of articles about to be rewritten (all: also their full-text index rows);
        return the aliases their quotes were written with."""
        ids = {"ids": article_ids}
        aliases = self.connection.execute(_ALIASES_OF, ids)
        alias_ids = [int(row[0]) for row in aliases]
        for child in reversed(tables):
            self.connection.execute(_delete_children(child.table), ids)
        if tables == TABLES:
            self.backend.unindex(article_ids)
        return alias_ids

    def _source_ids(self, batch: Iterable[ArticleRows]) -> dict[str | None, tuple[int | None, int | None]]:
        """The source and alias ids of every written name of the batch, by alias key (None: no source)."""
        wanted = [WrittenName(*source) for item in batch for source in item.sources]
        before = self._resolver.sources_created
        resolved: dict[str, Resolved] = self._resolver.resolve(wanted)
        self.rows_written.sources += self._resolver.sources_created - before
        ids: dict[str | None, tuple[int | None, int | None]] = {None: (None, None)}
        ids.update({key: (r.source_id, r.alias_id) for key, r in resolved.items()})
        return ids

    def _insert_articles(self, inserts: list[tuple[ArticleRows, int]], now: datetime) -> None:
        plan = self._articles
        rows = [
            (article_id, item.external_id, item.content_sha256, now, now, *item.article) for item, article_id in inserts
        ]
        self.backend.insert(plan.table, plan.columns, _converted(rows, plan.converters))

    def _insert_children(
        self,
        targets: list[tuple[ArticleRows, int]],
        sources: dict[str | None, tuple[int | None, int | None]],
        kept: dict[str, list[list[int]]] | None = None,
    ) -> dict[str, int]:
        """Number and write the child rows of `targets`, table by table, except the `kept` ones (the ids of each
        target's stored rows by table); the number of rows of each table written."""
        ids_of: dict[str, list[list[int]]] = dict(kept or {})  # table -> the ids of each target's rows
        counts: dict[str, int] = {}
        for child, plan in zip(TABLES, self._children, strict=True):
            if child.table in ids_of:
                continue
            lists: list[tuple[Any, ...]] = [getattr(item, child.values) for item, _ in targets]
            fresh = iter(self.backend.allocate(child.table, sum(map(len, lists))))
            own = ids_of[child.table] = [[next(fresh) for _ in values] for values in lists]
            assert plan.rows_of is not None
            rows: list[tuple[Any, ...]] = []
            for number, ((_, article_id), values) in enumerate(zip(targets, lists, strict=True)):
                referenced = [ids_of[target][number] for target in plan.references]
                rows.extend(plan.rows_of(own[number], article_id, values, referenced, sources))
            self.backend.insert(plan.table, plan.columns, _converted(rows, plan.converters))
            counts[child.table] = len(rows)
        return counts


def outdated(extractor_version: int | None) -> bool:
    """Whether quotes found by `extractor_version` are older than this newsdb's extractor.

    None is unknown, and so is what is not a number (text SQLite keeps in the column when it is changed by hand):
    either way the quotes are found again, and the version written anew.
    """
    return not isinstance(extractor_version, int) or extractor_version < EXTRACTOR_VERSION


def _converted(
    rows: list[tuple[Any, ...]], converters: list[tuple[int, Callable[[Any], Any]]]
) -> list[tuple[Any, ...]]:
    if not converters:
        return rows
    out = []
    for row in rows:
        values = list(row)
        for position, convert in converters:
            values[position] = convert(values[position])
        out.append(tuple(values))
    return out


def _update_values(item: ArticleRows, article_id: int, now: datetime) -> dict[str, Any]:
    return {
        **item.article._asdict(),
        "content_sha256": item.content_sha256,
        "article_id": article_id,
        "updated_at": now,
    }


def _requote_values(item: ArticleRows, article_id: int, now: datetime) -> dict[str, Any]:
    """What re-extracting unchanged content changes in its article row: the extractor, the time, and the path (a
    file found moved while its article is re-extracted takes its new path)."""
    values = {"extractor_version": item.article.extractor_version, "source_path": item.article.source_path}
    return {**values, "article_id": article_id, "updated_at": now}


def _ids() -> Any:
    return bindparam("ids", expanding=True)


def _delete_children(table: str) -> Any:
    return text(f"DELETE FROM {table} WHERE article_id IN :ids").bindparams(_ids())


_ALIASES_OF = text("SELECT DISTINCT alias_id FROM quotes WHERE article_id IN :ids AND alias_id IS NOT NULL").bindparams(
    _ids()
)
_UPDATE_ARTICLE = update(ArticleRow).where(ArticleRow.id == bindparam("article_id"))
