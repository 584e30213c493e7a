"""The table models, where `from newsdb.models import Article` has always found them (`newsdb.store.models`)."""

from newsdb.store.models import (
    Article,
    Base,
    Paragraph,
    Quote,
    Section,
    Source,
    SourceAlias,
    SourceCuration,
)

__all__ = ["Article", "Base", "Paragraph", "Quote", "Section", "Source", "SourceAlias", "SourceCuration"]
