"""The views of the SQL contract, as tables to select from (created by the migrations, not by these definitions).

They live in a `MetaData` of their own, so that Alembic's comparison of models and database leaves them out.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, Text

from newsdb.store.types import StoredDate

VIEWS = MetaData()

quote_details = Table(
    "quote_details",
    VIEWS,
    Column("quote_id", BigInteger),
    Column("text", Text),
    Column("kind", String),
    Column("cue", Text),
    Column("speaker_role", Text),
    Column("source_id", BigInteger),
    Column("source_name", Text),
    Column("source_kind", String),
    Column("article_id", BigInteger),
    Column("external_id", String),
    Column("published_on", StoredDate),
    Column("heading", Text),
    Column("paragraph_position", Integer),
    Column("parent_id", BigInteger),
    Column("date_precision", String),
    Column("start_offset", Integer),
    Column("end_offset", Integer),
)
