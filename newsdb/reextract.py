"""`reextract()`: find the quotes of stored articles again with this newsdb's extractor, from their stored text.

The articles an older (or unknown) extractor wrote, or with `everything=True` all of them, are read back
(`newsdb.rows.document_from_article`), extracted, and written by the loader as seeding writes them: the same
source resolution and curation (`newsdb.sources`), spans and nesting. Each batch is one transaction: a run that
is stopped or interrupted keeps the batches it finished, and running it again does the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Engine, or_, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from newsdb import dberrors, migrate
from newsdb.config import IMMEDIATE_OPTION, connect_for_writing
from newsdb.errors import DatabaseError
from newsdb.extract import EXTRACTOR_VERSION, extract
from newsdb.load import Loader, Outcome, article_rows, prepare
from newsdb.models import Article
from newsdb.queries import articles_with_structure
from newsdb.rows import document_from_article
from newsdb.session import open_connection

DEFAULT_BATCH_SIZE = 100


@dataclass
class ReextractReport:
    """How many articles were chosen and how many of them were extracted again and rewritten."""

    articles: int = 0
    reextracted: int = 0
    quotes: int = 0  # quotes written for them
    elapsed: float = 0.0
    interrupted: bool = False

    def summary(self) -> str:
        line = (
            f"{self.reextracted} re-extracted of {self.articles} articles, {self.quotes} quotes written "
            f"(extractor {EXTRACTOR_VERSION}, {self.elapsed:.2f} s)"
        )
        return line + ("; interrupted" if self.interrupted else "")

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "extractor_version": EXTRACTOR_VERSION}


def reextract(
    url: str | URL | Engine | None = None,
    *,
    everything: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> ReextractReport:
    """Extract the quotes of stored articles again: those an older extractor wrote, or all with `everything`.

    `progress`, if given, is called with the number of articles just handled and the number chosen; `stop`, if
    given, is asked after every batch and ends the run there when it returns true (`report.interrupted`).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    report = ReextractReport()
    engine = url if isinstance(url, Engine) else connect_for_writing(url)
    try:
        with open_connection(engine) as connection:
            writer = connection.execution_options(**{IMMEDIATE_OPTION: True})
            with writer.begin():
                migrate.require_head(writer)
                chosen = _chosen(writer, everything)
            report.articles = len(chosen)
            loader = Loader(writer)
            for first in range(0, len(chosen), batch_size):
                batch = chosen[first : first + batch_size]
                with writer.begin():
                    _rewrite(writer, loader, batch, report)
                if progress is not None:
                    progress(len(batch), len(chosen))
                if stop is not None and stop() and first + batch_size < len(chosen):
                    report.interrupted = True
                    break
    except dberrors.USER_CAUSED as exc:
        kept = f"the {report.reextracted} articles re-extracted before are complete" if report.reextracted else ""
        raise DatabaseError(f"re-extracting stopped: {dberrors.describe(exc)}{f' ({kept})' if kept else ''}") from exc
    finally:
        if engine is not url:
            engine.dispose()
    report.elapsed = time.perf_counter() - started
    return report


def _chosen(connection: Connection, everything: bool) -> list[int]:
    """The ids of the articles to extract again, oldest first."""
    statement = select(Article.id).order_by(Article.id)
    if not everything:
        older = or_(Article.extractor_version.is_(None), Article.extractor_version < EXTRACTOR_VERSION)
        statement = statement.where(older)
    return list(connection.scalars(statement))


def _rewrite(connection: Connection, loader: Loader, ids: Sequence[int], report: ReextractReport) -> None:
    """Read, extract and rewrite the articles `ids` in the connection's transaction."""
    index = connection.dialect.name == "sqlite"  # SQLite's full-text terms are written by newsdb
    with Session(bind=connection) as session:
        documents = [document_from_article(article) for article in articles_with_structure(session, ids)]
    rows = [article_rows(prepare(extract(document.with_quotes(())), index)) for document in documents]
    written = loader.write_rows(rows, rewrite=True)
    for result, item in zip(written, rows, strict=True):
        if result.outcome in (Outcome.REEXTRACTED, Outcome.UPDATED):
            report.reextracted += 1
            report.quotes += len(item.quotes)
