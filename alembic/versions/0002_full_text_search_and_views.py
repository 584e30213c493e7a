"""Full-text search (PostgreSQL tsvector + GIN, SQLite FTS5) and the views quote_details, article_overview.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op
from newsdb.fts import reindex_sqlite

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Title weighs most (A), then the lede (B), then the body (D, the default weight).
POSTGRESQL_FTS = [
    """
    ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', coalesce(title, '')), 'A')
        || setweight(to_tsvector('german', lede), 'B')
        || to_tsvector('german', body)
    ) STORED
    """,
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
]

# The index holds stems written by newsdb (newsdb.fts); `_` is a token so that stop words keep their position.
SQLITE_FTS = [
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, lede, body, tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
    )
    """,
    """
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id;
    END
    """,
    # Changed text makes the index row stale: drop it; newsdb indexes the new text again.
    """
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, lede, body ON articles
    WHEN old.title IS NOT new.title OR old.lede <> new.lede OR old.body <> new.body BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id;
    END
    """,
]

VIEWS = [
    """
    CREATE VIEW quote_details AS
    SELECT q.id AS quote_id, q.text, q.kind, q.cue, q.speaker_role,
           q.source_id, s.name AS source_name, s.kind AS source_kind,
           q.article_id, a.external_id, a.published_on,
           sec.heading, p.position AS paragraph_position
    FROM quotes AS q
    JOIN articles AS a ON a.id = q.article_id
    JOIN paragraphs AS p ON p.id = q.paragraph_id
    JOIN sections AS sec ON sec.id = p.section_id
    LEFT JOIN sources AS s ON s.id = q.source_id
    """,
    # Correlated counts use the article_id indexes and keep one row per article without a GROUP BY.
    """
    CREATE VIEW article_overview AS
    SELECT a.id AS article_id, a.external_id, a.title, a.published_on, a.date_precision, a.lede,
           a.word_count,
           (SELECT count(*) FROM sections AS s WHERE s.article_id = a.id) AS section_count,
           (SELECT count(*) FROM paragraphs AS p WHERE p.article_id = a.id) AS paragraph_count,
           (SELECT count(*) FROM quotes AS q WHERE q.article_id = a.id) AS quote_count,
           (SELECT count(DISTINCT q.source_id) FROM quotes AS q WHERE q.article_id = a.id) AS source_count,
           a.created_at, a.updated_at
    FROM articles AS a
    """,
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in [*(POSTGRESQL_FTS if dialect == "postgresql" else SQLITE_FTS), *VIEWS]:
        op.execute(statement)
    if dialect == "sqlite":
        # Existing articles must stay searchable: index them now.
        reindex_sqlite(op.get_bind())


def downgrade() -> None:
    op.execute("DROP VIEW article_overview")
    op.execute("DROP VIEW quote_details")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_articles_search_vector")
        op.execute("ALTER TABLE articles DROP COLUMN search_vector")
    else:
        op.execute("DROP TRIGGER articles_fts_update")
        op.execute("DROP TRIGGER articles_fts_delete")
        op.execute("DROP TABLE articles_fts")
