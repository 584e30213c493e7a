"""Create the schema: articles, sections, paragraphs, sources, quotes.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.types.TypeEngine[int]:
    # 64-bit keys on PostgreSQL; SQLite's INTEGER PRIMARY KEY is already 64-bit and must stay spelled INTEGER.
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", _id(), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("lede", sa.Text(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("date_precision", sa.String(length=5), nullable=False),
        sa.Column("language", sa.String(length=16), server_default="de", nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=True),
        sa.Column("word_count", sa.Integer(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint("date_precision IN ('year', 'month', 'day')", name=op.f("ck_articles_date_precision")),
        sa.CheckConstraint("word_count >= 0", name=op.f("ck_articles_word_count")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("content_sha256", name=op.f("uq_articles_content_sha256")),
        sa.UniqueConstraint("external_id", name=op.f("uq_articles_external_id")),
    )
    op.create_index(op.f("ix_articles_published_on"), "articles", ["published_on"])

    op.create_table(
        "sources",
        sa.Column("id", _id(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("normalized_key", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('person', 'organization', 'anonymous', 'other')", name=op.f("ck_sources_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("normalized_key", name=op.f("uq_sources_normalized_key")),
    )

    op.create_table(
        "sections",
        sa.Column("id", _id(), nullable=False),
        sa.Column("article_id", _id(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("heading", sa.Text(), nullable=True),
        sa.CheckConstraint("position >= 0", name=op.f("ck_sections_position")),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_sections_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sections")),
        sa.UniqueConstraint("article_id", "position", name=op.f("uq_sections_article_id_position")),
    )

    op.create_table(
        "paragraphs",
        sa.Column("id", _id(), nullable=False),
        sa.Column("article_id", _id(), nullable=False),
        sa.Column("section_id", _id(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('lede', 'body')", name=op.f("ck_paragraphs_kind")),
        sa.CheckConstraint("position >= 0", name=op.f("ck_paragraphs_position")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_paragraphs_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["sections.id"],
            name=op.f("fk_paragraphs_section_id_sections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paragraphs")),
        sa.UniqueConstraint("article_id", "position", name=op.f("uq_paragraphs_article_id_position")),
    )
    op.create_index(op.f("ix_paragraphs_section_id"), "paragraphs", ["section_id"])

    op.create_table(
        "quotes",
        sa.Column("id", _id(), nullable=False),
        sa.Column("article_id", _id(), nullable=False),
        sa.Column("paragraph_id", _id(), nullable=False),
        sa.Column("source_id", _id(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.Column("speaker_role", sa.Text(), nullable=True),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('direct', 'indirect', 'mixed')", name=op.f("ck_quotes_kind")),
        sa.CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name=op.f("ck_quotes_offsets")),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_quotes_article_id_articles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["paragraphs.id"],
            name=op.f("fk_quotes_paragraph_id_paragraphs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_quotes_source_id_sources"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
    )
    op.create_index(op.f("ix_quotes_article_id"), "quotes", ["article_id"])
    op.create_index(op.f("ix_quotes_paragraph_id"), "quotes", ["paragraph_id"])
    op.create_index(op.f("ix_quotes_source_id"), "quotes", ["source_id"])


def downgrade() -> None:
    op.drop_table("quotes")
    op.drop_table("paragraphs")
    op.drop_table("sections")
    op.drop_table("sources")
    op.drop_table("articles")
