"""`newsdb reextract` beside a seed that changes the same articles: it reads each batch only once it holds the
write lock, so it never writes back a version of an article that the seed replaced meanwhile (both backends)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sql_attacks import admin_scalar, wait_for
from sqlalchemy import text
from test_reextract import corpus

import newsdb
from newsdb.ingest.reextract import ReextractReport
from newsdb.store.config import IMMEDIATE_OPTION, connect
from newsdb.store.locks import lock_writers


def _ledes(url: str) -> dict[str, str]:
    engine = connect(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT external_id, lede FROM articles ORDER BY external_id")).all()
    engine.dispose()
    return {row[0]: row[1] for row in rows}


def _waiting_for_the_write_lock(url: str) -> bool:
    waiting = admin_scalar(
        url, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'"
    )
    return bool(waiting)


def test_reextract_waits_for_a_writer_and_keeps_what_it_wrote(empty_url: str, tmp_path: Path) -> None:
    newsdb.seed(corpus(tmp_path / "docs", 3), url=empty_url)
    done: list[ReextractReport] = []
    engine = connect(empty_url)
    with engine.connect() as holder:
        # a seed in the middle of rewriting article a0: it holds the write lock
        with holder.execution_options(**{IMMEDIATE_OPTION: True}).begin():
            lock_writers(holder)
            thread = threading.Thread(target=lambda: done.append(newsdb.reextract(url=empty_url, everything=True)))
            thread.start()
            if engine.dialect.name == "postgresql":
                assert wait_for(lambda: _waiting_for_the_write_lock(empty_url), 30)
            else:
                time.sleep(1.0)  # SQLite: its BEGIN IMMEDIATE waits for this transaction
            ids = {"old": "Testdorf 0", "new": "Neudorf"}
            holder.execute(text("UPDATE articles SET lede = replace(lede, :old, :new)"), ids)
            holder.execute(text("UPDATE paragraphs SET text = replace(text, :old, :new)"), ids)
        thread.join(60)
    engine.dispose()
    assert [report.reextracted for report in done] == [3]
    assert _ledes(empty_url)["a0"] == "Der Gemeinderat von Neudorf hat das Budget beraten."
