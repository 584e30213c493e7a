"""Typed declarative models: the tables of the SQL contract.

Table and column names here are stable and documented: SQL users rely on them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
    inspect,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, relationship

from newsdb.document import DatePrecision, Medium, ParagraphKind, QuoteKind, SourceKind, SpanRole, count_words
from newsdb.render import article_text, text_sha256
from newsdb.search import sqlite_index
from newsdb.store.types import StoredDate, UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# 64-bit keys on PostgreSQL; SQLite's INTEGER PRIMARY KEY is already 64-bit and must stay spelled INTEGER.
Id = BigInteger().with_variant(Integer(), "sqlite")


_Values = type[DatePrecision | Medium | ParagraphKind | QuoteKind | SourceKind | SpanRole]


def _in(column: str, values: _Values) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


def _any_of(column: str, values: _Values) -> str:
    """`_in` as `kind = 'direct' OR kind = 'indirect' OR ...`, for the CHECKs of rows written many times per
    article (quotes, spans): SQLite builds and clears a lookup table for every row that an IN list of three or
    more values checks, and compares an OR chain directly. Same meaning: NULL passes both (revision 0007)."""
    return " OR ".join(f"{column} = {v.value!r}" for v in values)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), int: Integer(), str: Text()}


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (
        CheckConstraint(_in("date_precision", DatePrecision), name="date_precision"),
        CheckConstraint("word_count >= 0", name="word_count"),
        Index(None, "published_on"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str | None]
    lede: Mapped[str]
    published_on: Mapped[date] = mapped_column(StoredDate)
    date_precision: Mapped[str] = mapped_column(String(5))
    language: Mapped[str] = mapped_column(String(16), default="de", server_default="de")
    body: Mapped[str]
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source_path: Mapped[str | None]
    word_count: Mapped[int]
    # the `newsdb.extract.EXTRACTOR_VERSION` that found the article's quotes (None: unknown, as old as any)
    extractor_version: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.current_timestamp()
    )

    sections: Mapped[list[SectionRow]] = relationship(
        back_populates="article",
        order_by="SectionRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )
    paragraphs: Mapped[list[ParagraphRow]] = relationship(
        back_populates="article",
        order_by="ParagraphRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise_on_sql",
    )
    quotes: Mapped[list[QuoteRow]] = relationship(
        back_populates="article",
        order_by="[QuoteRow.paragraph_id, QuoteRow.start_offset]",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class SectionRow(Base):
    __tablename__ = "sections"
    __table_args__ = (
        UniqueConstraint("article_id", "position"),
        CheckConstraint("position >= 0", name="position"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int]
    heading: Mapped[str | None]

    article: Mapped[ArticleRow] = relationship(back_populates="sections", lazy="raise_on_sql")
    paragraphs: Mapped[list[ParagraphRow]] = relationship(
        back_populates="section", order_by="ParagraphRow.position", passive_deletes=True, lazy="selectin"
    )


class ParagraphRow(Base):
    __tablename__ = "paragraphs"
    __table_args__ = (
        UniqueConstraint("article_id", "position"),
        CheckConstraint("position >= 0", name="position"),
        CheckConstraint(_in("kind", ParagraphKind), name="kind"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8))
    text: Mapped[str]

    article: Mapped[ArticleRow] = relationship(back_populates="paragraphs", lazy="raise_on_sql")
    section: Mapped[SectionRow] = relationship(back_populates="paragraphs", lazy="raise_on_sql")
    quotes: Mapped[list[QuoteRow]] = relationship(
        back_populates="paragraph", order_by="QuoteRow.start_offset", passive_deletes=True, lazy="raise_on_sql"
    )


class SourceRow(Base):
    __tablename__ = "sources"
    __table_args__ = (CheckConstraint(_in("kind", SourceKind), name="kind"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16))
    normalized_key: Mapped[str] = mapped_column(unique=True)
    wikidata_id: Mapped[str | None] = mapped_column(String(32))  # `Q567`: filled by users, never fetched

    quotes: Mapped[list[QuoteRow]] = relationship(back_populates="source", lazy="raise_on_sql")
    aliases: Mapped[list[SourceAliasRow]] = relationship(
        back_populates="source", order_by="SourceAliasRow.alias", passive_deletes=True, lazy="raise_on_sql"
    )


class SourceAliasRow(Base):
    """A name as written in articles that resolved to a source; quotes remember the one they were written with."""

    __tablename__ = "source_aliases"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str]
    normalized_key: Mapped[str] = mapped_column(unique=True)
    # the folded last word of a person's name of two or more words: the candidates for a surname alone
    surname: Mapped[str | None] = mapped_column(index=True)

    source: Mapped[SourceRow] = relationship(back_populates="aliases", lazy="raise_on_sql")


class SourceCurationRow(Base):
    """A decision of whoever curates the archive: the written name with this key belongs to the source `name`."""

    __tablename__ = "source_curation"
    __table_args__ = (CheckConstraint("action IN ('merge', 'rename', 'split')", name="action"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    normalized_key: Mapped[str] = mapped_column(unique=True)
    action: Mapped[str] = mapped_column(String(8))
    name: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.current_timestamp())


class QuoteRow(Base):
    __tablename__ = "quotes"
    __table_args__ = (
        CheckConstraint(_any_of("kind", QuoteKind), name="kind"),
        CheckConstraint(_any_of("medium", Medium), name="medium"),
        CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="offsets"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraphs.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"), index=True)
    alias_id: Mapped[int | None] = mapped_column(ForeignKey("source_aliases.id", ondelete="SET NULL"), index=True)
    # the quote this one is nested in (a quoted phrase inside an indirect quote)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), index=True)
    text: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16))
    medium: Mapped[str | None] = mapped_column(String(8))
    cue: Mapped[str | None]
    speaker_role: Mapped[str | None]
    # the first `quote` span; `spans` holds them all
    start_offset: Mapped[int]
    end_offset: Mapped[int]

    article: Mapped[ArticleRow] = relationship(back_populates="quotes", lazy="raise_on_sql")
    paragraph: Mapped[ParagraphRow] = relationship(back_populates="quotes", lazy="raise_on_sql")
    source: Mapped[SourceRow | None] = relationship(back_populates="quotes", lazy="selectin")
    spans: Mapped[list[QuoteSpanRow]] = relationship(
        back_populates="quote",
        order_by="[QuoteSpanRow.role, QuoteSpanRow.paragraph_id, QuoteSpanRow.start_offset, QuoteSpanRow.id]",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )
    parent: Mapped[QuoteRow | None] = relationship(
        back_populates="children", remote_side="QuoteRow.id", lazy="raise_on_sql"
    )
    children: Mapped[list[QuoteRow]] = relationship(
        back_populates="parent", order_by="QuoteRow.start_offset", passive_deletes=True, lazy="raise_on_sql"
    )


class QuoteSpanRow(Base):
    """A stretch of one paragraph's text that plays `role` in a quote: its words (one span or several), the speaker
    mention as written, the cue, the frame or the addressee. Offsets are characters of the paragraph's text, end
    exclusive."""

    __tablename__ = "quote_spans"
    __table_args__ = (
        CheckConstraint(_any_of("role", SpanRole), name="role"),
        CheckConstraint("start_offset >= 0 AND start_offset <= end_offset", name="offsets"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraphs.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    start_offset: Mapped[int]
    end_offset: Mapped[int]

    quote: Mapped[QuoteRow] = relationship(back_populates="spans", lazy="raise_on_sql")
    paragraph: Mapped[ParagraphRow] = relationship(lazy="raise_on_sql")


# --- articles added through the models ---------------------------------------------------------------------------
# Seeding derives an article's precision, word count and content hash from its file; an article made by hand gets
# them from its columns, as seeding would for the same text (so seeding that text later finds it unchanged).


@event.listens_for(ArticleRow, "before_insert")
def _derive_from_text(_mapper: Mapper[ArticleRow], _connection: Connection, article: ArticleRow) -> None:
    given = inspect(article).dict  # only what was set: a missing value is absent, not None
    if given.get("date_precision") is None:
        article.date_precision = DatePrecision.DAY.value
    if given.get("body") is None:
        article.body = ""
    if article.lede is None or article.published_on is None:
        return  # the NOT NULL constraint says what is missing
    _derive(article, derive_count=given.get("word_count") is None, derive_hash=given.get("content_sha256") is None)


@event.listens_for(ArticleRow, "before_update")
def _derive_again(_mapper: Mapper[ArticleRow], _connection: Connection, article: ArticleRow) -> None:
    """Lede or body changed through the models: the count and hash follow, unless they were set too (as seeding
    sets them), so that seeding the old file afterwards sees a change instead of an unchanged article."""
    state = inspect(article)
    changed = {name for name in ("lede", "body", "published_on", "date_precision") if state.attrs[name].history[0]}
    if not changed or article.lede is None or article.published_on is None:
        return
    derive_count = not state.attrs.word_count.history[0]
    derive_hash = not state.attrs.content_sha256.history[0]
    _derive(article, derive_count=derive_count and bool(changed & {"lede", "body"}), derive_hash=derive_hash)


def _derive(article: ArticleRow, *, derive_count: bool, derive_hash: bool) -> None:
    """The published date as the first day of its period (as parsing stores it), and what else is asked for."""
    period_start = {DatePrecision.MONTH.value: {"day": 1}, DatePrecision.YEAR.value: {"month": 1, "day": 1}}
    article.published_on = article.published_on.replace(**period_start.get(article.date_precision, {}))
    if derive_count:
        article.word_count = count_words(article.lede) + count_words(article.body)
    if derive_hash:
        text = article_text(article.published_on, article.date_precision, article.lede, article.body)
        article.content_sha256 = text_sha256(text)


# --- full-text index on SQLite ------------------------------------------------------------------------------------
# PostgreSQL computes `search_vector` itself. On SQLite, newsdb writes the stems (`newsdb.search.sqlite_index`): the
# writer does it in bulk, and these mapper events do it for articles added or changed through the models, in the
# same flush and so the same transaction. (A trigger already dropped the stale index row of a changed article.)


def _index_on_sqlite(connection: Connection, article: ArticleRow) -> None:
    if connection.dialect.name == "sqlite":
        sqlite_index.write(connection, [sqlite_index.index_row(article.id, article.title, article.lede, article.body)])


@event.listens_for(ArticleRow, "after_insert")
def _index_inserted(_mapper: Mapper[ArticleRow], connection: Connection, article: ArticleRow) -> None:
    _index_on_sqlite(connection, article)


@event.listens_for(ArticleRow, "after_update")
def _index_updated(_mapper: Mapper[ArticleRow], connection: Connection, article: ArticleRow) -> None:
    state = inspect(article)
    if any(state.attrs[name].history.has_changes() for name in ("title", "lede", "body")):
        _index_on_sqlite(connection, article)
