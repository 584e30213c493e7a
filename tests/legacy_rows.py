"""Writing articles the way revisions 0001 and 0002 stored them, for tests that seed an old schema.

newsdb's loader writes the current schema; these plain statements write the columns the old revisions had, with
sources keyed and named exactly as the extractor gave them then (roles and all).
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import Connection, text

from newsdb.document import Document, QuoteKind
from newsdb.render import content_sha256

# The kinds revisions 0001 to 0004 knew; the extractor of that time reported the sentences now called reported or
# free indirect as indirect quotes, and wrote no nested quotes.
OLD_KINDS = frozenset({QuoteKind.DIRECT, QuoteKind.INDIRECT, QuoteKind.MIXED})


def old_source_key(name: str, kind: str) -> str:
    """`sources.normalized_key` as revision 0001 wrote it."""
    folded = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    return f"{kind}:{' '.join(''.join(ch for ch in folded if not unicodedata.combining(ch)).split())}"


def write_old(connection: Connection, document: Document) -> None:
    """Insert `document` with its sections, paragraphs, quotes and sources into a database at 0001 or 0002."""
    article_id = connection.execute(
        text(
            "INSERT INTO articles (external_id, title, lede, published_on, date_precision, language, body,"
            " content_sha256, source_path, word_count) VALUES (:external_id, :title, :lede, :published_on,"
            " :precision, 'de', :body, :sha, NULL, :words) RETURNING id"
        ),
        {
            "external_id": document.external_id,
            "title": document.title,
            "lede": document.lede,
            "published_on": document.published_on,
            "precision": document.date_precision.value,
            "body": document.body,
            "sha": content_sha256(document),
            "words": document.word_count,
        },
    ).scalar_one()
    paragraph_ids: dict[int, int] = {}
    for section in document.sections:
        section_id = connection.execute(
            text("INSERT INTO sections (article_id, position, heading) VALUES (:a, :p, :h) RETURNING id"),
            {"a": article_id, "p": section.position, "h": section.heading},
        ).scalar_one()
        for paragraph in section.paragraphs:
            paragraph_ids[paragraph.position] = connection.execute(
                text(
                    "INSERT INTO paragraphs (article_id, section_id, position, kind, text)"
                    " VALUES (:a, :s, :p, :k, :t) RETURNING id"
                ),
                {"a": article_id, "s": section_id, "p": paragraph.position, "k": paragraph.kind.value,
                 "t": paragraph.text},
            ).scalar_one()  # fmt: skip
    for quote in document.quotes:
        if quote.parent is not None:
            continue
        kind = quote.kind if quote.kind in OLD_KINDS else QuoteKind.INDIRECT
        source_id = None
        if quote.source is not None:
            key = old_source_key(quote.source.name, quote.source.kind.value)
            source_id = connection.execute(
                text("SELECT id FROM sources WHERE normalized_key = :k"), {"k": key}
            ).scalar()
            if source_id is None:
                source_id = connection.execute(
                    text("INSERT INTO sources (name, kind, normalized_key) VALUES (:n, :kind, :k) RETURNING id"),
                    {"n": quote.source.name, "kind": quote.source.kind.value, "k": key},
                ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO quotes (article_id, paragraph_id, source_id, text, kind, cue, speaker_role, start_offset,"
                " end_offset) VALUES (:a, :p, :s, :t, :k, :c, :r, :b, :e)"
            ),
            {"a": article_id, "p": paragraph_ids[quote.paragraph], "s": source_id, "t": quote.text,
             "k": kind.value, "c": quote.cue, "r": quote.speaker_role, "b": quote.start, "e": quote.end},
        )  # fmt: skip
