"""Frozen databases of every released schema revision upgrade to head and then work like new ones.

tests/assets/schema/REVISION.sqlite3 was made once, at its revision (tests/assets/make_schema_assets.py), and
holds three articles: the seed and two test documents. Each copy is upgraded and then read, searched and
exported; the exported text must be the original file's, byte for byte.
"""

from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

import newsdb
from newsdb import queries
from newsdb.render import render
from newsdb.store import migrate
from newsdb.store.documents import document_from_article

TESTS = Path(__file__).resolve().parent
ASSETS = TESTS / "assets" / "schema"
VERSIONS = migrate.script_location() / "versions"
ARTICLES = {
    "000_30d5db4ca1753fdf": TESTS.parent / "seeds" / "000_30d5db4ca1753fdf.txt",
    "gemeinderat": TESTS / "documents" / "gemeinderat.txt",
    "hagel": TESTS / "documents" / "hagel.txt",
}
# what the extractor of each revision found in the three articles (from 0007 on: nested quotes, the new kinds)
QUOTES = {"0001": 23, "0002": 23, "0003": 23, "0004": 23, "0005": 23, "0006": 23, "0007": 26}


def _revisions() -> list[str]:
    scripts = ScriptDirectory(str(migrate.script_location()))
    return sorted(script.revision for script in scripts.walk_revisions())


def test_every_released_revision_has_a_frozen_database() -> None:
    assert sorted(path.stem for path in ASSETS.glob("*.sqlite3")) == _revisions()


@pytest.mark.parametrize("revision", sorted(path.stem for path in ASSETS.glob("*.sqlite3")))
def test_a_frozen_database_upgrades_to_head_and_is_read_searched_and_exported(revision: str, tmp_path: Path) -> None:
    database = tmp_path / f"{revision}.sqlite3"
    shutil.copyfile(ASSETS / f"{revision}.sqlite3", database)
    url = f"sqlite:///{database}"
    assert newsdb.current(url=url) == revision

    newsdb.upgrade(url=url)

    assert newsdb.current(url=url) == newsdb.head()
    assert [hit.external_id for hit in newsdb.search("Festnahme", url=url)] == ["000_30d5db4ca1753fdf"]
    with newsdb.session(url) as db:
        assert len(queries.quotes(db)) == QUOTES[revision]
        assert db.execute(text("SELECT count(*) FROM quote_details")).scalar_one() == QUOTES[revision]
        assert (
            db.execute(text("SELECT count(*) FROM quote_spans WHERE role = 'quote'")).scalar_one() >= QUOTES[revision]
        )
        assert queries.corpus_stats(db).articles == len(ARTICLES)
        for external_id, path in ARTICLES.items():
            article = queries.article_structure(db, external_id)
            assert article is not None
            assert render(document_from_article(article)) == path.read_text(encoding="utf-8")
    report = newsdb.seed([*ARTICLES.values()], url=url, jobs=1)  # the upgraded database takes new writes
    assert report.failures == []
    assert report.inserted + report.updated + report.unchanged + report.reextracted == len(ARTICLES)
    assert report.inserted == report.updated == 0


# --- revisions never change --------------------------------------------------------------------------------------

# What a revision may import besides the standard library (alembic/README): libraries, and newsdb code frozen by
# design.
ALLOWED_IMPORTS = ("alembic", "sqlalchemy", "snowballstemmer", "newsdb.store.sqlite_rebuild")


@pytest.mark.parametrize("script", sorted(VERSIONS.glob("*.py")), ids=lambda path: path.name)
def test_revisions_import_no_live_newsdb_code(script: Path) -> None:
    imported: list[str] = []
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            imported.append(node.module)
    assert imported, "the parse found no imports at all"
    for module in imported:
        top = module.partition(".")[0]
        allowed = top in sys.stdlib_module_names or module == "__future__"
        allowed = allowed or any(module == name or module.startswith(f"{name}.") for name in ALLOWED_IMPORTS)
        assert allowed, f"{script.name} imports {module}"
