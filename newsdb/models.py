"""The table models, where `from newsdb.models import ...` has always found them (they live in `newsdb.store.models`).

Their names end in `Row` (`QuoteRow`), apart from the document types of `newsdb.document` (`Quote`). The names
without `Row` are the same classes, kept for code written before.
"""

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

Article = ArticleRow
Paragraph = ParagraphRow
Quote = QuoteRow
QuoteSpan = QuoteSpanRow
Section = SectionRow
Source = SourceRow
SourceAlias = SourceAliasRow
SourceCuration = SourceCurationRow

__all__ = [
    "Article",
    "ArticleRow",
    "Base",
    "Paragraph",
    "ParagraphRow",
    "Quote",
    "QuoteRow",
    "QuoteSpan",
    "QuoteSpanRow",
    "Section",
    "SectionRow",
    "Source",
    "SourceAlias",
    "SourceAliasRow",
    "SourceCuration",
    "SourceCurationRow",
    "SourceRow",
]
