"""Full-text search (PostgreSQL tsvector + GIN, SQLite FTS5) and the views quote_details, article_overview.

On SQLite, the articles already stored are indexed with a frozen copy of the indexing rules of this revision
(below: words, stop words, Snowball German stems), not newsdb's live code, which may change.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped,unused-ignore]
import sqlalchemy as sa

from alembic import op

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


# Frozen copy of this revision's indexing rules (newsdb/fts.py, newsdb/document.py and the stop words of
# newsdb/data/german_stopwords.txt).
_STOP_WORDS_TEXT = """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern anderr
anders auch auf aus bei bin bis bist da damit dann der den des dem die das daß derselbe derselben denselben
desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich
dir du dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig einige einigem
einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures für gegen gewesen hab habe
haben hat hatte hatten hier hin hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede
jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte
machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mit muss musste nach nicht
nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie ihnen sind so solche
solchem solchen solcher solches soll sollte sondern sonst über um und uns unse unsem unsen unser unses unter viel
vom von vor während war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie
wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen
"""
_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_READER_WORD = re.compile(r"\w++(?:[-'’.,]\w++)*+")  # a word as a reader counts it: `10'000` is one
_WORD = re.compile(r"[^\W_]+")  # an index word: `10'000` is two
_STOP_PLACEHOLDER = "_"
_STEMMER = snowballstemmer.stemmer("german")
_INDEX_SQL = "INSERT INTO articles_fts(rowid, title, lede, body) VALUES (:id, :title, :lede, :body)"
_BATCH = 500


@lru_cache(maxsize=65_536)
def _token(word: str) -> str:
    """The index token of a reader's word: the stem of each part, `_` for a stop word."""
    parts = _WORD.findall(word.lower())
    return " ".join([_STOP_PLACEHOLDER if w in _STOP_WORDS else _STEMMER.stemWord(w) for w in parts])


def _index_text(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(filter(None, map(_token, _READER_WORD.findall(unicodedata.normalize("NFC", text)))))


def _index_stored_articles(bind: sa.Connection) -> None:
    """Index the articles already stored, in batches by id."""
    page = sa.text("SELECT id, title, lede, body FROM articles WHERE id > :after ORDER BY id LIMIT :n")
    after = -1
    while rows := bind.execute(page, {"after": after, "n": _BATCH}).all():
        values = [
            {"id": r.id, "title": _index_text(r.title), "lede": _index_text(r.lede), "body": _index_text(r.body)}
            for r in rows
        ]
        bind.execute(sa.text(_INDEX_SQL), values)
        after = rows[-1].id


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in [*(POSTGRESQL_FTS if dialect == "postgresql" else SQLITE_FTS), *VIEWS]:
        op.execute(statement)
    if dialect == "sqlite":
        # Existing articles must stay searchable: index them now.
        _index_stored_articles(op.get_bind())


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS article_overview")
    op.execute("DROP VIEW IF EXISTS quote_details")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_articles_search_vector")
        op.execute("ALTER TABLE articles DROP COLUMN search_vector")
    else:
        op.execute("DROP TRIGGER articles_fts_update")
        op.execute("DROP TRIGGER articles_fts_delete")
        op.execute("DROP TABLE articles_fts")
