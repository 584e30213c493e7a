"""The invariants the chaos bench checks after every round, read straight from the tables with SQL.

Each check returns the problems it found (empty when the invariant holds), at most one line per kind of
problem, with a few examples. What the database should hold comes from the files, not from newsdb: the
SHA-256 of each good (canonical) file, and the file's text, which the article's stored sections and
paragraphs must rebuild exactly. Only the number of quotes per article is newsdb's own extraction of the file.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from newsdb.extract import extract
from newsdb.parse import parse
from newsdb.store.config import connect

EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class Expected:
    """What the database should hold after a clean run over the corpus."""

    good: dict[str, Path]  # stem -> good file
    sha256: dict[str, str]  # stem -> SHA-256 of the file
    bad: set[str]  # stems of files newsdb must not load
    gone: set[str]  # stems of deleted files, whose articles a pruning run removes
    pruned: bool  # whether the run that just ended could prune


Check = Callable[[Connection, Expected], list[str]]


def _problem(what: str, examples: Sequence[Any]) -> list[str]:
    if not examples:
        return []
    shown = ", ".join(str(e) for e in list(examples)[:EXAMPLES])
    return [f"{len(examples)} {what} (e.g. {shown})"]


def _ids(connection: Connection, sql: str) -> list[Any]:
    return list(connection.execute(text(sql)).scalars())


def whole_articles(connection: Connection, expected: Expected) -> list[str]:
    """Every article has its lede paragraph, and positions without gaps in sections and paragraphs."""
    return [
        *_problem("articles without a lede paragraph at position 0", _ids(connection, """
            SELECT a.external_id FROM articles AS a WHERE NOT EXISTS (
                SELECT 1 FROM paragraphs AS p WHERE p.article_id = a.id AND p.position = 0 AND p.kind = 'lede')
            ORDER BY 1""")),
        *_problem("articles without section 0", _ids(connection, """
            SELECT a.external_id FROM articles AS a WHERE NOT EXISTS (
                SELECT 1 FROM sections AS s WHERE s.article_id = a.id AND s.position = 0)
            ORDER BY 1""")),
        *_problem("articles with gaps in their paragraph positions", _ids(connection, """
            SELECT article_id FROM paragraphs GROUP BY article_id HAVING count(*) <> max(position) + 1
            ORDER BY 1""")),
        *_problem("articles with gaps in their section positions", _ids(connection, """
            SELECT article_id FROM sections GROUP BY article_id HAVING count(*) <> max(position) + 1
            ORDER BY 1""")),
    ]  # fmt: skip


def no_orphans(connection: Connection, expected: Expected) -> list[str]:
    """No row points to a missing or foreign parent."""
    return [
        *_problem("sections without their article", _ids(connection, """
            SELECT s.id FROM sections AS s LEFT JOIN articles AS a ON a.id = s.article_id
            WHERE a.id IS NULL ORDER BY 1""")),
        *_problem("paragraphs without their article", _ids(connection, """
            SELECT p.id FROM paragraphs AS p LEFT JOIN articles AS a ON a.id = p.article_id
            WHERE a.id IS NULL ORDER BY 1""")),
        *_problem("paragraphs whose section is missing or another article's", _ids(connection, """
            SELECT p.id FROM paragraphs AS p LEFT JOIN sections AS s ON s.id = p.section_id
            WHERE s.id IS NULL OR s.article_id <> p.article_id ORDER BY 1""")),
        *_problem("quotes whose paragraph is missing or another article's", _ids(connection, """
            SELECT q.id FROM quotes AS q LEFT JOIN paragraphs AS p ON p.id = q.paragraph_id
            WHERE p.id IS NULL OR p.article_id <> q.article_id ORDER BY 1""")),
        *_problem("quotes without their article", _ids(connection, """
            SELECT q.id FROM quotes AS q LEFT JOIN articles AS a ON a.id = q.article_id
            WHERE a.id IS NULL ORDER BY 1""")),
        *_problem("quotes whose source is missing", _ids(connection, """
            SELECT q.id FROM quotes AS q LEFT JOIN sources AS s ON s.id = q.source_id
            WHERE q.source_id IS NOT NULL AND s.id IS NULL ORDER BY 1""")),
        *_problem("quotes reaching past the end of their paragraph", _ids(connection, """
            SELECT q.id FROM quotes AS q JOIN paragraphs AS p ON p.id = q.paragraph_id
            WHERE q.end_offset > length(p.text) ORDER BY 1""")),
    ]  # fmt: skip


def no_duplicates(connection: Connection, expected: Expected) -> list[str]:
    """One source per normalized key, one article per external id and per content."""
    found = []
    for what, column, table in (
        ("sources sharing a normalized_key", "normalized_key", "sources"),
        ("articles sharing an external_id", "external_id", "articles"),
        ("articles sharing a content_sha256", "content_sha256", "articles"),
    ):
        sql = f"SELECT {column} FROM {table} GROUP BY {column} HAVING count(*) > 1 ORDER BY 1"
        found += _problem(what, _ids(connection, sql))
    return found


def search_index(connection: Connection, expected: Expected) -> list[str]:
    """SQLite: exactly one FTS row per article. PostgreSQL: every article has its search vector."""
    if connection.dialect.name != "sqlite":
        return _problem("articles without a search_vector", _ids(connection, """
            SELECT external_id FROM articles WHERE search_vector IS NULL ORDER BY 1"""))  # fmt: skip
    return [
        *_problem("articles without a full-text row", _ids(connection, """
            SELECT a.external_id FROM articles AS a WHERE NOT EXISTS (
                SELECT 1 FROM articles_fts AS f WHERE f.rowid = a.id) ORDER BY 1""")),
        *_problem("full-text rows without their article", _ids(connection, """
            SELECT f.rowid FROM articles_fts AS f LEFT JOIN articles AS a ON a.id = f.rowid
            WHERE a.id IS NULL ORDER BY 1""")),
    ]  # fmt: skip


def articles_match_files(connection: Connection, expected: Expected) -> list[str]:
    """Every good file is loaded once, with its content; nothing else is stored (once deleted files are pruned)."""
    rows = connection.execute(text("SELECT external_id, content_sha256, source_path FROM articles")).all()
    stored = {row.external_id: row for row in rows}
    missing = sorted(set(expected.good) - set(stored))
    stale = sorted(s for s, row in stored.items() if s in expected.sha256 and row.content_sha256 != expected.sha256[s])
    moved = sorted(s for s, row in stored.items() if s in expected.good and row.source_path != str(expected.good[s]))
    extra = set(stored) - set(expected.good)
    loaded_bad = sorted(extra & expected.bad)
    not_pruned = sorted(extra & expected.gone)
    unknown = sorted(extra - expected.bad - expected.gone)
    pruning = "not removed by the pruning run" if expected.pruned else "still stored (newsdb seed has no --prune)"
    return [
        *_problem("good files not loaded", missing),
        *_problem("articles whose content differs from their file", stale),
        *_problem("articles whose source_path is not their file", moved),
        *_problem("bad files loaded", loaded_bad),
        *_problem(f"articles of deleted files {pruning}", not_pruned),
        *_problem("articles of no file the bench wrote", unknown),
    ]


def rebuilt_text(connection: Connection, expected: Expected) -> list[str]:
    """Each article's stored headings and paragraphs, in order, rebuild its file; it has its file's quotes."""
    articles = {
        row.id: row
        for row in connection.execute(
            text("SELECT id, external_id, published_on, date_precision, content_sha256 FROM articles")
        )
        if row.external_id in expected.good
    }
    sections = defaultdict(list)
    for row in connection.execute(text("SELECT id, article_id, heading FROM sections ORDER BY article_id, position")):
        sections[row.article_id].append(row)
    paragraphs = defaultdict(list)
    for row in connection.execute(text("SELECT section_id, text FROM paragraphs ORDER BY article_id, position")):
        paragraphs[row.section_id].append(row.text)
    quotes: dict[int, int] = dict(
        connection.execute(text("SELECT article_id, count(*) FROM quotes GROUP BY article_id")).all()
    )
    differ, wrong_quotes = [], []
    for article_id, article in articles.items():
        blocks = []
        for section in sections[article_id]:
            blocks += [section.heading] if section.heading is not None else []
            blocks += paragraphs[section.id]
        day = str(article.published_on)[:10]
        date = day[: {"day": 10, "month": 7, "year": 4}[article.date_precision]]
        rebuilt = f" date {date} " + "\n\n".join(blocks)
        path = expected.good[article.external_id]
        data = path.read_bytes()
        if rebuilt.encode("utf-8") != data:
            differ.append(article.external_id)
        elif quotes.get(article_id, 0) != _quote_count(data):
            wrong_quotes.append(article.external_id)
    return [
        *_problem("articles whose stored sections and paragraphs do not rebuild their file", sorted(differ)),
        *_problem("articles without the quotes extracted from their file", sorted(wrong_quotes)),
    ]


@functools.cache
def _quote_count(data: bytes) -> int:
    return len(extract(parse(data.decode("utf-8"), external_id="chaos")).quotes)


CHECKS: dict[str, Check] = {
    "whole articles": whole_articles,
    "no orphan rows": no_orphans,
    "no duplicate sources or articles": no_duplicates,
    "search index matches articles": search_index,
    "articles match the files": articles_match_files,
    "stored rows rebuild each file": rebuilt_text,
}


def check(url: str, expected: Expected) -> dict[str, list[str]]:
    """Run every check on the database at `url`: the problems found, by check name."""
    engine = connect(url)
    try:
        with engine.connect() as connection:
            return {name: run(connection, expected) for name, run in CHECKS.items()}
    finally:
        engine.dispose()


_QUOTELESS = "SELECT count(*) FROM sources AS s WHERE NOT EXISTS (SELECT 1 FROM quotes AS q WHERE q.source_id = s.id)"


def quoteless_sources(url: str) -> int:
    """Sources no quote refers to (not an invariant: replaced articles leave their sources behind)."""
    engine = connect(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(_QUOTELESS)).scalar_one())
    finally:
        engine.dispose()
