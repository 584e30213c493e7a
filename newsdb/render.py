"""`Document` -> canonical article text, the inverse of `newsdb.parse.parse`.

The canonical form is the seed format exactly: ` date <date> <lede>` on the first line (one leading space, the
date written to its precision), then every heading and paragraph after one blank line, and no final newline.
For every document `parse` produces, `parse(render(document)) == document`; for canonical text,
`render(parse(text)) == text`. So the canonical text is an article's identity: `content_sha256` hashes it.
"""

from __future__ import annotations

import hashlib
from datetime import date

from newsdb.document import DatePrecision, Document


def render(document: Document) -> str:
    """The canonical text of `document`. Parts of `published_on` finer than its precision are not written."""
    blocks = [f" date {format_date(document)} {document.lede}"]
    for index, section in enumerate(document.sections):
        if section.heading is not None:
            blocks.append(section.heading)
        # Section 0 opens with the lede, already written on the header line.
        paragraphs = section.paragraphs[1:] if index == 0 else section.paragraphs
        blocks.extend(paragraph.text for paragraph in paragraphs)
    return "\n\n".join(blocks)


def article_text(published_on: date, precision: DatePrecision | str, lede: str, body: str) -> str:
    """The canonical text of an article given as its columns: the lede and the body (`Document.body`, headings
    included). For every document `parse` produces this is `render(document)`."""
    header = f" date {format_period(published_on, precision)} {lede}"
    return f"{header}\n\n{body}" if body else header


def format_date(document: Document) -> str:
    """`published_on` as the header writes it: `2022`, `2022-01` or `2022-01-05`."""
    return format_period(document.published_on, document.date_precision)


def format_period(day: date, precision: DatePrecision | str) -> str:
    """`day` to `precision` (`year`, `month` or `day`): `2022`, `2022-01` or `2022-01-05`."""
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def content_sha256(document: Document) -> str:
    """The identity of an article's content: the hash of its canonical text (what `seed` compares)."""
    return text_sha256(render(document))


def text_sha256(text: str) -> str:
    """The hex SHA-256 of canonical text (`render`, `article_text`) in UTF-8: `articles.content_sha256`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
