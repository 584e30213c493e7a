"""Making again the objects of the newest schema that someone dropped: views, SQLite's full-text table and
triggers, and on PostgreSQL the read-only role with its grants (`newsdb.store.reader_role`).

These are the definitions the migrations leave at head (views of revisions 0005 and 0006, full-text objects of
0002). Revisions keep their own frozen copies and never read these; when a new revision changes a view, it
changes the definition here as well (tests compare both on a freshly migrated database). Tables are not
repaired: their rows cannot be made again, and a missing table is a problem for a person to look at.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

from newsdb.search.sqlite_index import FTS_TABLE, reindex
from newsdb.store.reader_role import Repairs, repair_reader

# view name -> its SELECT, as revision 0006 (quote_details) and 0005 (article_overview) create it
VIEWS = {
    "quote_details": """
    SELECT q.id AS quote_id, q.text, q.kind, q.cue, q.speaker_role,
           q.source_id, s.name AS source_name, s.kind AS source_kind,
           q.article_id, a.external_id, a.published_on,
           sec.heading, p.position AS paragraph_position, q.parent_id,
           a.date_precision, q.start_offset, q.end_offset
    FROM quotes AS q
    JOIN articles AS a ON a.id = q.article_id
    JOIN paragraphs AS p ON p.id = q.paragraph_id
    JOIN sections AS sec ON sec.id = p.section_id
    LEFT JOIN sources AS s ON s.id = q.source_id
""",
    "article_overview": """
    SELECT a.id AS article_id, a.external_id, a.title, a.published_on, a.date_precision, a.lede,
           a.word_count,
           (SELECT count(*) FROM sections AS s WHERE s.article_id = a.id) AS section_count,
           (SELECT count(*) FROM paragraphs AS p WHERE p.article_id = a.id) AS paragraph_count,
           (SELECT count(*) FROM quotes AS q WHERE q.article_id = a.id) AS quote_count,
           (SELECT count(DISTINCT q.source_id) FROM quotes AS q WHERE q.article_id = a.id) AS source_count,
           a.created_at, a.updated_at
    FROM articles AS a
""",
}

# SQLite's full-text table and the triggers that keep it from going stale, as revision 0002 creates them
SQLITE_FTS_TABLE = f"""
    CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        title, lede, body, tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
    )
"""
SQLITE_TRIGGERS = {
    "articles_fts_delete": """
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id;
    END
""",
    "articles_fts_update": """
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, lede, body ON articles
    WHEN old.title IS NOT new.title OR old.lede <> new.lede OR old.body <> new.body BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id;
    END
""",
}


def repair(connection: Connection, tables: list[str]) -> Repairs:
    """Create what is missing of the head schema's views (and full-text objects; on PostgreSQL the reader role and
    its grants on `tables` and the views); say what was done, a line each (`recreated view quote_details`). Call
    it in the migration's transaction, at head."""
    missing = _missing_views(connection)
    for name in missing:
        connection.exec_driver_sql(f"CREATE VIEW {name} AS {VIEWS[name]}")
    made = [f"recreated view {name}" for name in missing]
    if connection.dialect.name == "sqlite":
        return Repairs(made + _repair_full_text(connection))
    reader = repair_reader(connection, [*tables, *VIEWS], quiet=missing)
    return Repairs(made + reader.made, reader.warnings)


def _missing_views(connection: Connection) -> list[str]:
    present = set(inspect(connection).get_view_names())
    return [name for name in VIEWS if name not in present]


def _repair_full_text(connection: Connection) -> list[str]:
    """SQLite: the FTS5 table (indexing the stored articles again) and its triggers."""
    made = []
    if not inspect(connection).has_table(FTS_TABLE):
        connection.exec_driver_sql(SQLITE_FTS_TABLE)
        count = reindex(connection)
        made.append(f"recreated full-text table {FTS_TABLE} (indexed {count} articles again)")
    present = set(
        connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'"))
        .scalars()
        .all()
    )
    for name, statement in SQLITE_TRIGGERS.items():
        if name not in present:
            connection.exec_driver_sql(statement)
            made.append(f"recreated trigger {name}")
    return made
