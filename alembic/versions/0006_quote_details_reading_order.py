"""The view quote_details gains date_precision, start_offset and end_offset, so readers need it alone.

`newsdb quotes` and `newsdb.queries.quotes` read the view: they filter by the article's date precision and list
quotes in reading order (by offset within the paragraph). The columns are added at the end, so queries naming
the existing ones are unaffected. PostgreSQL replaces the view in place (its grants stay); SQLite drops and
creates it. Downgrade restores the view of revision 0005 (and its grant to newsdb_reader).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SELECT = """
    SELECT q.id AS quote_id, q.text, q.kind, q.cue, q.speaker_role,
           q.source_id, s.name AS source_name, s.kind AS source_kind,
           q.article_id, a.external_id, a.published_on,
           sec.heading, p.position AS paragraph_position, q.parent_id{added}
    FROM quotes AS q
    JOIN articles AS a ON a.id = q.article_id
    JOIN paragraphs AS p ON p.id = q.paragraph_id
    JOIN sections AS sec ON sec.id = p.section_id
    LEFT JOIN sources AS s ON s.id = q.source_id
"""
NEW = _SELECT.format(added=",\n           a.date_precision, q.start_offset, q.end_offset")
OLD = _SELECT.format(added="")
_GRANT = (
    "DO $$ BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'newsdb_reader') THEN "
    "GRANT SELECT ON quote_details TO newsdb_reader; END IF; END $$"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE OR REPLACE VIEW quote_details AS {NEW}")
    else:
        op.execute("DROP VIEW IF EXISTS quote_details")
        op.execute(f"CREATE VIEW quote_details AS {NEW}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS quote_details")
    op.execute(f"CREATE VIEW quote_details AS {OLD}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_GRANT)
