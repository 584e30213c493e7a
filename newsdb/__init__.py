"""newsdb: plain-text news articles as a relational database, on SQLite or PostgreSQL.

The public names below are imported when first used (PEP 562), so that `import newsdb.parse` and the
`newsdb` command start without loading SQLAlchemy and Alembic.
"""

from __future__ import annotations

import sys
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the names below are, for type checkers
    from newsdb.document import Document, Paragraph, Quote, Section, SourceRef
    from newsdb.errors import (
        ConfigError,
        DatabaseError,
        DatabaseUnavailableError,
        DataLossError,
        NewsdbError,
        ParseError,
        SchemaError,
    )
    from newsdb.ingest.reextract import reextract
    from newsdb.ingest.seed import seed
    from newsdb.search.full_text import SearchHit, search
    from newsdb.store.config import connect, resolve_url
    from newsdb.store.migrate import current, downgrade, head, upgrade
    from newsdb.store.models import (
        ArticleRow,
        Base,
        ParagraphRow,
        QuoteRow,
        QuoteSpanRow,
        SectionRow,
        SourceAliasRow,
        SourceCurationRow,
        SourceRow,
    )
    from newsdb.store.session import session

try:
    __version__ = version("newsdb")
except PackageNotFoundError:  # a source tree on sys.path, never installed
    __version__ = "0+unknown"

# public name -> (module, name in that module)
_EXPORTS: dict[str, tuple[str, str]] = {
    "Article": ("newsdb.store.models", "ArticleRow"),
    "ArticleRow": ("newsdb.store.models", "ArticleRow"),
    "Base": ("newsdb.store.models", "Base"),
    "ConfigError": ("newsdb.errors", "ConfigError"),
    "DatabaseError": ("newsdb.errors", "DatabaseError"),
    "DatabaseUnavailableError": ("newsdb.errors", "DatabaseUnavailableError"),
    "DataLossError": ("newsdb.errors", "DataLossError"),
    "Document": ("newsdb.document", "Document"),
    "NewsdbError": ("newsdb.errors", "NewsdbError"),
    "Paragraph": ("newsdb.document", "Paragraph"),
    "ParagraphRow": ("newsdb.store.models", "ParagraphRow"),
    "ParseError": ("newsdb.errors", "ParseError"),
    "Quote": ("newsdb.document", "Quote"),
    "QuoteRow": ("newsdb.store.models", "QuoteRow"),
    "QuoteSpanRow": ("newsdb.store.models", "QuoteSpanRow"),
    "SchemaError": ("newsdb.errors", "SchemaError"),
    "SearchHit": ("newsdb.search.full_text", "SearchHit"),
    "Section": ("newsdb.document", "Section"),
    "SectionRow": ("newsdb.store.models", "SectionRow"),
    "SourceRef": ("newsdb.document", "SourceRef"),
    "SourceAliasRow": ("newsdb.store.models", "SourceAliasRow"),
    "SourceCurationRow": ("newsdb.store.models", "SourceCurationRow"),
    "SourceRow": ("newsdb.store.models", "SourceRow"),
    "connect": ("newsdb.store.config", "connect"),
    "current": ("newsdb.store.migrate", "current"),
    "downgrade": ("newsdb.store.migrate", "downgrade"),
    "head": ("newsdb.store.migrate", "head"),
    "reextract": ("newsdb.ingest.reextract", "reextract"),
    "resolve_url": ("newsdb.store.config", "resolve_url"),
    "search": ("newsdb.search.full_text", "search"),
    "seed": ("newsdb.ingest.seed", "seed"),
    "session": ("newsdb.store.session", "session"),
    "upgrade": ("newsdb.store.migrate", "upgrade"),
}

__all__ = [
    "Article",
    "ArticleRow",
    "Base",
    "ConfigError",
    "DataLossError",
    "DatabaseError",
    "DatabaseUnavailableError",
    "Document",
    "NewsdbError",
    "Paragraph",
    "ParagraphRow",
    "ParseError",
    "Quote",
    "QuoteRow",
    "QuoteSpanRow",
    "SchemaError",
    "SearchHit",
    "Section",
    "SectionRow",
    "SourceAliasRow",
    "SourceCurationRow",
    "SourceRef",
    "SourceRow",
    "__version__",
    "connect",
    "current",
    "downgrade",
    "head",
    "reextract",
    "resolve_url",
    "search",
    "seed",
    "session",
    "upgrade",
]


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'newsdb' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


class _Package(ModuleType):
    """Keeps `newsdb.search` the function after the subpackage `newsdb.search` is imported.

    Importing a submodule sets it as an attribute of the package; for a submodule named like a public function,
    the function is what `newsdb.NAME` means.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and name in _EXPORTS:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
