"""Full-text search: the query syntax (`query`), index terms (`terms`), snippets (`snippet`), SQLite's index
(`sqlite_index`) and the search itself (`full_text`), with the same meaning on SQLite and PostgreSQL.

`from newsdb.search import search` keeps working; the names below load their module when first used, so that
the pure parts (`query`, `terms`, `snippet`) import without SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsdb.search.full_text import SearchHit, search, search_connection
    from newsdb.search.query import SearchQueryError
    from newsdb.search.snippet import MARK_END, MARK_START

_EXPORTS = {
    "MARK_END": "newsdb.search.snippet",
    "MARK_START": "newsdb.search.snippet",
    "SearchHit": "newsdb.search.full_text",
    "SearchQueryError": "newsdb.search.query",
    "search": "newsdb.search.full_text",
    "search_connection": "newsdb.search.full_text",
}

__all__ = ["MARK_END", "MARK_START", "SearchHit", "SearchQueryError", "search", "search_connection"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'newsdb.search' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
