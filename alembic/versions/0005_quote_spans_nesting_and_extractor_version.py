"""Quote spans, nested quotes, the kinds `reported` and `free_indirect`, the medium and the extractor version.

Adds the table `quote_spans` (the stretches of text that are a quote's words, its speaker mention, cue, frame and
addressee), `quotes.parent_id` (the quote a quote is nested in), `quotes.medium`, and `articles.extractor_version`
(which extractor wrote an article's quotes). `quotes.kind` is widened for `reported` and `free_indirect`, and the
view `quote_details` gains `parent_id` at its end. Every existing quote gets its `quote` span from its offsets;
existing articles are marked as written by extractor 1 (the one before spans), so that seeding and `newsdb
reextract` extract them again.

The downgrade deletes what the previous revision cannot hold: the spans, nested quotes and quotes of the new kinds
(newsdb's downgrade reports them and asks before it deletes anything).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen values of this revision (newsdb.document's enums may grow; this migration must not change with them).
_OLD_KINDS = "kind IN ('direct', 'indirect', 'mixed')"
_KINDS = "kind IN ('direct', 'indirect', 'mixed', 'reported', 'free_indirect')"
_MEDIA = "medium IN ('speech', 'thought', 'writing')"
_ROLES = "role IN ('quote', 'speaker', 'cue', 'frame', 'addressee')"
_PREVIOUS_EXTRACTOR = 1

_ARTICLE_OVERVIEW = """
    CREATE VIEW article_overview AS
    SELECT a.id AS article_id, a.external_id, a.title, a.published_on, a.date_precision, a.lede,
           a.word_count,
           (SELECT count(*) FROM sections AS s WHERE s.article_id = a.id) AS section_count,
           (SELECT count(*) FROM paragraphs AS p WHERE p.article_id = a.id) AS paragraph_count,
           (SELECT count(*) FROM quotes AS q WHERE q.article_id = a.id) AS quote_count,
           (SELECT count(DISTINCT q.source_id) FROM quotes AS q WHERE q.article_id = a.id) AS source_count,
           a.created_at, a.updated_at
    FROM articles AS a
"""
_QUOTE_DETAILS = """
    CREATE VIEW quote_details AS
    SELECT q.id AS quote_id, q.text, q.kind, q.cue, q.speaker_role,
           q.source_id, s.name AS source_name, s.kind AS source_kind,
           q.article_id, a.external_id, a.published_on,
           sec.heading, p.position AS paragraph_position{extra}
    FROM quotes AS q
    JOIN articles AS a ON a.id = q.article_id
    JOIN paragraphs AS p ON p.id = q.paragraph_id
    JOIN sections AS sec ON sec.id = p.section_id
    LEFT JOIN sources AS s ON s.id = q.source_id
"""
# the views before and after this revision: both read `quotes`, which neither backend alters under a view
_OLD_VIEWS = (_QUOTE_DETAILS.format(extra=""), _ARTICLE_OVERVIEW)
_NEW_VIEWS = (_QUOTE_DETAILS.format(extra=", q.parent_id"), _ARTICLE_OVERVIEW)


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _alter_quotes(change: Callable[[Any], None]) -> None:
    """Change `quotes`: on SQLite by rebuilding it (batch mode), on PostgreSQL in place."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("quotes") as batch:
            change(batch)
    else:
        change(op)


def _replace_views(views: tuple[str, ...], change: Callable[[], None]) -> None:
    op.execute("DROP VIEW IF EXISTS quote_details")
    op.execute("DROP VIEW IF EXISTS article_overview")
    change()
    for statement in views:
        op.execute(statement)


def _widen_quotes(target: Any) -> None:
    table = () if target is not op else ("quotes",)
    target.alter_column(*table, "kind", existing_type=sa.String(length=8), type_=sa.String(length=16))
    target.drop_constraint(op.f("ck_quotes_kind"), *table, type_="check")
    target.create_check_constraint(op.f("ck_quotes_kind"), *table, _KINDS)
    target.add_column(*table, sa.Column("parent_id", _id(), nullable=True))
    target.add_column(*table, sa.Column("medium", sa.String(length=8), nullable=True))
    target.create_check_constraint(op.f("ck_quotes_medium"), *table, _MEDIA)
    target.create_foreign_key(
        op.f("fk_quotes_parent_id_quotes"), *table, "quotes", ["parent_id"], ["id"], ondelete="CASCADE"
    )


def _narrow_quotes(target: Any) -> None:
    table = () if target is not op else ("quotes",)
    target.drop_constraint(op.f("fk_quotes_parent_id_quotes"), *table, type_="foreignkey")
    target.drop_constraint(op.f("ck_quotes_medium"), *table, type_="check")
    target.drop_column(*table, "medium")
    target.drop_column(*table, "parent_id")
    target.drop_constraint(op.f("ck_quotes_kind"), *table, type_="check")
    target.create_check_constraint(op.f("ck_quotes_kind"), *table, _OLD_KINDS)
    target.alter_column(*table, "kind", existing_type=sa.String(length=16), type_=sa.String(length=8))


def upgrade() -> None:
    def change() -> None:
        op.add_column("articles", sa.Column("extractor_version", sa.Integer(), nullable=True))
        op.execute(f"UPDATE articles SET extractor_version = {_PREVIOUS_EXTRACTOR}")
        _alter_quotes(_widen_quotes)
        op.create_index(op.f("ix_quotes_parent_id"), "quotes", ["parent_id"])

    _replace_views(_NEW_VIEWS, change)
    op.create_table(
        "quote_spans",
        sa.Column("id", _id(), nullable=False),
        sa.Column("quote_id", _id(), nullable=False),
        sa.Column("article_id", _id(), nullable=False),
        sa.Column("paragraph_id", _id(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.CheckConstraint(_ROLES, name=op.f("ck_quote_spans_role")),
        sa.CheckConstraint("start_offset >= 0 AND start_offset <= end_offset", name=op.f("ck_quote_spans_offsets")),
        sa.ForeignKeyConstraint(
            ["quote_id"], ["quotes.id"], name=op.f("fk_quote_spans_quote_id_quotes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_quote_spans_article_id_articles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["paragraph_id"], ["paragraphs.id"], name=op.f("fk_quote_spans_paragraph_id_paragraphs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_spans")),
    )
    for column in ("quote_id", "article_id", "paragraph_id"):
        op.create_index(op.f(f"ix_quote_spans_{column}"), "quote_spans", [column])
    # every stored quote is one stretch of its paragraph: its `quote` span
    op.execute(
        "INSERT INTO quote_spans (quote_id, article_id, paragraph_id, role, start_offset, end_offset)"
        " SELECT id, article_id, paragraph_id, 'quote', start_offset, end_offset FROM quotes ORDER BY id"
    )
    if op.get_bind().dialect.name == "postgresql":
        # the SELECT-only role of revision 0003 (where it could be created) reads the new table and the views made again
        op.execute(
            "DO $$ BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'newsdb_reader') THEN "
            "GRANT SELECT ON quote_spans, quote_details, article_overview TO newsdb_reader; END IF; END $$"
        )


def downgrade() -> None:
    """Deletes the spans, nested quotes and quotes of the kinds the previous revision does not know."""
    op.drop_table("quote_spans")
    # foreign keys may be off while migrating (SQLite): delete nested quotes explicitly, not by cascade
    op.execute("DELETE FROM quotes WHERE parent_id IS NOT NULL OR kind IN ('reported', 'free_indirect')")

    def change() -> None:
        op.drop_index(op.f("ix_quotes_parent_id"), table_name="quotes")
        _alter_quotes(_narrow_quotes)
        op.drop_column("articles", "extractor_version")

    _replace_views(_OLD_VIEWS, change)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DO $$ BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'newsdb_reader') THEN "
            "GRANT SELECT ON quote_details, article_overview TO newsdb_reader; END IF; END $$"
        )
