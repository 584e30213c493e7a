"""Make the frozen SQLite database of a released schema revision, for tests/test_migration_assets.py.

    python tests/assets/make_schema_assets.py REVISION

writes tests/assets/schema/REVISION.sqlite3 (and refuses to replace one that exists: a frozen database is made
once, with the newsdb of its revision, and then never changes). It holds the articles of `ARTICLES`:

- at the revisions before newsdb wrote them itself (0001 to 0003), as plain rows at 0001 (tests/legacy_rows.py),
  migrated up to REVISION;
- at 0005, whose tables are those of 0006 (which changed a view), as the writer writes them into a database
  migrated to 0005;
- at a newer revision, which must be this checkout's head, as `newsdb.seed` writes them.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
sys.path.insert(0, str(TESTS))

from legacy_rows import write_old  # noqa: E402

import newsdb  # noqa: E402
from newsdb.extract import extract  # noqa: E402
from newsdb.parse import read_document  # noqa: E402
from newsdb.store.rows import article_rows  # noqa: E402
from newsdb.store.writer import ArticleWriter  # noqa: E402

ASSETS = TESTS / "assets" / "schema"
ARTICLES = [
    REPO / "seeds" / "000_30d5db4ca1753fdf.txt",
    TESTS / "documents" / "gemeinderat.txt",
    TESTS / "documents" / "hagel.txt",
]
WRITTEN_AS_ROWS = ("0001", "0002", "0003")
WRITTEN_BY_THE_WRITER = ("0005",)  # the columns of head


def make(revision: str) -> Path:
    target = ASSETS / f"{revision}.sqlite3"
    if target.exists():
        raise SystemExit(f"{target} exists: frozen databases are made once")
    url = f"sqlite:///{target}"
    engine = newsdb.connect(url)
    if revision in WRITTEN_AS_ROWS:
        newsdb.upgrade(engine, "0001")
        with engine.begin() as connection:
            for path in ARTICLES:
                write_old(connection, extract(read_document(path)))
        newsdb.upgrade(engine, revision)
    elif revision in WRITTEN_BY_THE_WRITER:
        newsdb.upgrade(engine, revision)
        with engine.begin() as connection:
            ArticleWriter(connection).write([article_rows(extract(read_document(p)), index=True) for p in ARTICLES])
    elif revision == newsdb.head():
        newsdb.seed(ARTICLES, url=engine, jobs=1)
    else:
        raise SystemExit(f"revision {revision} is neither an early one nor this checkout's head ({newsdb.head()})")
    engine.dispose()
    with sqlite3.connect(target) as connection:  # one self-contained file: no WAL beside it
        connection.execute("PRAGMA journal_mode = DELETE")
        # a path on the machine that made the file means nothing on another: stored without one, as 0001 stored
        connection.execute("UPDATE articles SET source_path = NULL")
    with sqlite3.connect(target) as connection:
        connection.execute("VACUUM")
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    print(make(sys.argv[1]))
