"""`reextract()`: find the quotes of stored articles again with this newsdb's extractor, from their stored text.

The articles an older (or unknown) extractor wrote, or with `everything=True` all of them, are read back
(`newsdb.store.documents.document_from_article`), extracted, and written by the writer as seeding writes them: the same
source resolution and curation (`newsdb.sources`), spans and nesting. Each batch is one transaction: a run that
is stopped or interrupted keeps the batches it finished, and running it again does the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from newsdb.errors import DatabaseError
from newsdb.extract import EXTRACTOR_VERSION, extract
from newsdb.ingest.writing import writing as marked_writing
from newsdb.queries import articles_with_structure
from newsdb.store import dberrors, migrate
from newsdb.store.config import IMMEDIATE_OPTION, Database, engine_for
from newsdb.store.documents import UnreadableArticleError, readable_document
from newsdb.store.locks import lock_writers
from newsdb.store.models import ArticleRow
from newsdb.store.outcomes import Outcome
from newsdb.store.rows import article_rows
from newsdb.store.session import open_connection
from newsdb.store.writer import ArticleWriter

DEFAULT_BATCH_SIZE = 100


@dataclass
class ReextractReport:
    """How many articles were chosen and how many of them were extracted again and rewritten."""

    articles: int = 0
    reextracted: int = 0
    quotes: int = 0  # quotes written for them
    elapsed: float = 0.0
    interrupted: bool = False
    skipped: list[str] = field(default_factory=list)  # why each article whose rows make no article was left as it is

    def summary(self) -> str:
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        line = (
            f"{self.reextracted} re-extracted of {self.articles} articles{skipped}, {self.quotes} quotes written "
            f"(extractor {EXTRACTOR_VERSION}, {self.elapsed:.2f} s)"
        )
        return line + ("; interrupted" if self.interrupted else "")

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "extractor_version": EXTRACTOR_VERSION}


def reextract(
    url: Database = None,
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
    try:
        with engine_for(url, writing=True) as engine, open_connection(engine) as connection:
            writing = connection.execution_options(**{IMMEDIATE_OPTION: True})
            with writing.begin():
                migrate.require_head(writing)
                chosen = _chosen(writing, everything)
            report.articles = len(chosen)
            writer = ArticleWriter(writing)
            for first in range(0, len(chosen), batch_size):
                batch = chosen[first : first + batch_size]
                with marked_writing(), writing.begin():  # a first Ctrl-C finishes the batch
                    _rewrite(writing, writer, batch, report)
                if progress is not None:
                    progress(len(batch), len(chosen))
                if stop is not None and stop() and first + batch_size < len(chosen):
                    report.interrupted = True
                    break
    except (*dberrors.USER_CAUSED, DatabaseError) as exc:
        said = dberrors.describe(exc) if isinstance(exc, DBAPIError) else str(exc)
        kept = f"the {report.reextracted} articles re-extracted before are complete" if report.reextracted else ""
        raise DatabaseError(f"re-extracting stopped: {said}{f' ({kept})' if kept else ''}") from exc
    report.elapsed = time.perf_counter() - started
    return report


def _chosen(connection: Connection, everything: bool) -> list[int]:
    """The ids of the articles to extract again, oldest first."""
    statement = select(ArticleRow.id).order_by(ArticleRow.id)
    if not everything:
        statement = statement.where(migrate.older_extractor())
    return list(connection.scalars(statement))


def _rewrite(connection: Connection, writer: ArticleWriter, ids: Sequence[int], report: ReextractReport) -> None:
    """Read, extract and rewrite the articles `ids` in the connection's transaction."""
    # the write lock before reading (SQLite has it from BEGIN IMMEDIATE): a seed that rewrites these articles
    # meanwhile would otherwise get its new version replaced by the one read before it
    lock_writers(connection)
    index = connection.dialect.name == "sqlite"  # SQLite's full-text terms are written by newsdb
    documents = []
    with Session(bind=connection) as session:
        for article in articles_with_structure(session, ids):
            try:
                # an article added through the models with its text only is read from its lede and body
                documents.append(readable_document(article))
            except UnreadableArticleError as exc:  # that article only: the others are re-extracted
                report.skipped.append(f"{exc}: correct its rows, or load its file again with newsdb seed")
    rows = [article_rows(extract(document.with_quotes(())), index=index) for document in documents]
    written = writer.write(rows, rewrite=True)
    for result, item in zip(written, rows, strict=True):
        if result.outcome in (Outcome.REEXTRACTED, Outcome.UPDATED):
            report.reextracted += 1
            report.quotes += len(item.quotes)
