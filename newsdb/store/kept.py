"""Re-extracting unchanged content keeps its stored sections and paragraphs: which articles may, and the ids of
those rows, which the article's new quotes and spans refer to.

An article keeps them only when the stored rows are exactly what its values describe: the same headings, and the
same paragraphs (kind and text) in the same sections and order. Rows changed by hand make the writer rewrite that
article whole, so that no quote points into text other than its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, text

from newsdb.store.rows import ArticleRows

Target = tuple[ArticleRows, int]  # an article's values and its stored id

_SECTIONS = text(
    "SELECT article_id, id, position, heading FROM sections WHERE article_id IN :ids ORDER BY article_id, position"
).bindparams(bindparam("ids", expanding=True))
_PARAGRAPHS = text(
    "SELECT article_id, id, section_id, position, kind, text FROM paragraphs WHERE article_id IN :ids"
    " ORDER BY article_id, position"
).bindparams(bindparam("ids", expanding=True))


def kept_structure(
    connection: Connection, targets: Sequence[Target]
) -> tuple[list[Target], dict[str, list[list[int]]], list[Target]]:
    """The targets whose stored sections and paragraphs match their values, with the ids of those rows by table
    (one list per kept target, in its values' order), and the targets to rewrite whole."""
    ids = [article_id for _, article_id in targets]
    sections = _by_article(connection.execute(_SECTIONS, {"ids": ids}).all())
    paragraphs = _by_article(connection.execute(_PARAGRAPHS, {"ids": ids}).all())
    kept: list[Target] = []
    section_ids: list[list[int]] = []
    paragraph_ids: list[list[int]] = []
    rewrite: list[Target] = []
    for item, article_id in targets:
        stored_sections, stored_paragraphs = sections.get(article_id, []), paragraphs.get(article_id, [])
        index_of = {row[1]: number for number, row in enumerate(stored_sections)}  # section id -> its index
        same = [(row[2], row[3]) for row in stored_sections] == list(item.sections) and [
            (index_of.get(row[2]), row[3], row[4], row[5]) for row in stored_paragraphs
        ] == list(item.paragraphs)
        if same:
            kept.append((item, article_id))
            section_ids.append([row[1] for row in stored_sections])
            paragraph_ids.append([row[1] for row in stored_paragraphs])
        else:
            rewrite.append((item, article_id))
    return kept, {"sections": section_ids, "paragraphs": paragraph_ids}, rewrite


def _by_article(rows: Sequence[Any]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    for row in rows:
        found.setdefault(row[0], []).append(row)
    return found
