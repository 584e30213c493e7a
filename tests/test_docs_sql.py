"""Every SQL example in docs/sql.md runs on the backends it names and returns rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from query_corpus import DOCUMENTS, store
from spans_corpus import spans_document
from sqlalchemy import Engine

from newsdb.readonly import run_readonly

DOC = Path(__file__).resolve().parent.parent / "docs" / "sql.md"
BLOCK = re.compile(r'^```sql title="(?P<title>[^"]+)" dialects="(?P<dialects>[^"]+)"\n(?P<sql>.*?)^```', re.M | re.S)
EXAMPLES = [(m["title"], m["dialects"].split(), m["sql"]) for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def test_the_docs_hold_enough_examples_for_each_backend() -> None:
    for backend in ("sqlite", "postgresql"):
        assert len([e for e in EXAMPLES if backend in e[1]]) >= 8


# Each example runs on each backend it names, and only there.
CASES = [(title, backend, sql) for title, dialects, sql in EXAMPLES for backend in dialects]
IDS = [f"{title} ({backend})" for title, backend, _ in CASES]


@pytest.mark.parametrize(("title", "backend", "sql"), CASES, ids=IDS)
def test_example_runs_and_returns_rows(engine: Engine, title: str, backend: str, sql: str) -> None:
    assert engine.dialect.name == backend
    store(engine, (*DOCUMENTS, spans_document()))  # a document with every kind of span and a nested quote
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(sql.strip().rstrip(";")).all()
    assert rows, title


@pytest.mark.parametrize(("title", "backend", "sql"), CASES, ids=IDS)
def test_example_runs_through_newsdb_sql(engine: Engine, title: str, backend: str, sql: str) -> None:
    """What `newsdb sql` allows (read-only role, statement check, SQLite's authorizer) covers every example."""
    assert engine.dialect.name == backend
    store(engine, (*DOCUMENTS, spans_document()))  # a document with every kind of span and a nested quote
    result = run_readonly(sql, url=engine.url.render_as_string(hide_password=False))
    assert result.rows, title
