"""The public API has one style: the database is `url=` everywhere, with the same default."""

from __future__ import annotations

import inspect
import tomllib
from pathlib import Path

import pytest

import newsdb
from newsdb.readonly import run_readonly, stream_readonly

REPO = Path(__file__).resolve().parent.parent
TAKES_THE_DATABASE = ["connect", "current", "downgrade", "reextract", "search", "seed", "session", "upgrade"]


@pytest.mark.parametrize("name", TAKES_THE_DATABASE)
def test_public_functions_take_the_database_as_url_defaulting_to_none(name: str) -> None:
    parameter = inspect.signature(getattr(newsdb, name)).parameters["url"]
    assert parameter.default is None
    assert parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


@pytest.mark.parametrize("function", [run_readonly, stream_readonly])
def test_read_only_sql_takes_the_statement_first_and_the_database_as_url(function: object) -> None:
    parameters = inspect.signature(function).parameters  # type: ignore[arg-type]
    assert next(iter(parameters)) == "sql"
    assert parameters["url"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["url"].default is None


def test_the_database_defaults_to_newsdb_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSDB_URL", f"sqlite:///{tmp_path / 'from_env.sqlite3'}")
    newsdb.upgrade()
    assert newsdb.current() == newsdb.head()
    assert (tmp_path / "from_env.sqlite3").exists()
    assert newsdb.search("Festnahme") == []
    with newsdb.session() as db:
        assert db.bind is not None


def test_version_is_the_package_version() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert newsdb.__version__ == project["version"]


def test_document_types_and_table_models_have_distinct_names() -> None:
    documents = {"Document", "Section", "Paragraph", "Quote", "SourceRef"}
    rows = {
        "ArticleRow",
        "SectionRow",
        "ParagraphRow",
        "QuoteRow",
        "QuoteSpanRow",
        "SourceRow",
        "SourceAliasRow",
        "SourceCurationRow",
    }
    for name in documents:
        assert getattr(newsdb, name).__module__ == "newsdb.document"
    for name in rows:
        assert getattr(newsdb, name).__module__ == "newsdb.store.models"
    assert {cls.__name__ for cls in newsdb.Base.__subclasses__()} == rows
