"""newsdb: plain-text news articles as a relational database, on SQLite or PostgreSQL."""

from newsdb.config import connect, resolve_url
from newsdb.document import Document, Paragraph, Quote, Section, SourceRef
from newsdb.errors import ConfigError, DatabaseError, DatabaseUnavailableError, NewsdbError, ParseError, SchemaError
from newsdb.migrate import current, downgrade, head, upgrade
from newsdb.models import Article, Base
from newsdb.models import Paragraph as ParagraphRow
from newsdb.models import Quote as QuoteRow
from newsdb.models import Section as SectionRow
from newsdb.models import Source as SourceRow
from newsdb.search import SearchHit, search
from newsdb.session import session

__all__ = [
    "Article",
    "Base",
    "ConfigError",
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
    "session",
    "upgrade",
]
