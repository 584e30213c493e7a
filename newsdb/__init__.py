"""newsdb: plain-text news articles as a relational database, on SQLite or PostgreSQL.

The public names below are imported when first used (PEP 562), so that `import newsdb.parse` and the
`newsdb` command start without loading SQLAlchemy and Alembic.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the names below are, for type checkers
    from newsdb.config import connect, resolve_url
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
    from newsdb.migrate import current, downgrade, head, upgrade
    from newsdb.models import Article, Base
    from newsdb.models import Paragraph as ParagraphRow
    from newsdb.models import Quote as QuoteRow
    from newsdb.models import Section as SectionRow
    from newsdb.models import Source as SourceRow
    from newsdb.search import SearchHit, search
    from newsdb.seed import seed
    from newsdb.session import session

# public name -> (module, name in that module)
_EXPORTS: dict[str, tuple[str, str]] = {
    "Article": ("newsdb.models", "Article"),
    "Base": ("newsdb.models", "Base"),
    "ConfigError": ("newsdb.errors", "ConfigError"),
    "DatabaseError": ("newsdb.errors", "DatabaseError"),
    "DatabaseUnavailableError": ("newsdb.errors", "DatabaseUnavailableError"),
    "DataLossError": ("newsdb.errors", "DataLossError"),
    "Document": ("newsdb.document", "Document"),
    "NewsdbError": ("newsdb.errors", "NewsdbError"),
    "Paragraph": ("newsdb.document", "Paragraph"),
    "ParagraphRow": ("newsdb.models", "Paragraph"),
    "ParseError": ("newsdb.errors", "ParseError"),
    "Quote": ("newsdb.document", "Quote"),
    "QuoteRow": ("newsdb.models", "Quote"),
    "SchemaError": ("newsdb.errors", "SchemaError"),
    "SearchHit": ("newsdb.search", "SearchHit"),
    "Section": ("newsdb.document", "Section"),
    "SectionRow": ("newsdb.models", "Section"),
    "SourceRef": ("newsdb.document", "SourceRef"),
    "SourceRow": ("newsdb.models", "Source"),
    "connect": ("newsdb.config", "connect"),
    "current": ("newsdb.migrate", "current"),
    "downgrade": ("newsdb.migrate", "downgrade"),
    "head": ("newsdb.migrate", "head"),
    "resolve_url": ("newsdb.config", "resolve_url"),
    "search": ("newsdb.search", "search"),
    "seed": ("newsdb.seed", "seed"),
    "session": ("newsdb.session", "session"),
    "upgrade": ("newsdb.migrate", "upgrade"),
}

__all__ = [
    "Article",
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
    "SchemaError",
    "SearchHit",
    "Section",
    "SectionRow",
    "SourceRef",
    "SourceRow",
    "connect",
    "current",
    "downgrade",
    "head",
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
    """Keeps `newsdb.search`, `newsdb.seed` and `newsdb.session` the functions after their modules are imported.

    Importing a submodule sets it as an attribute of the package; for the two submodules named like the
    function they define, the function is what `newsdb.NAME` has always meant.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and name in _EXPORTS and _EXPORTS[name][0] == value.__name__:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
