"""Helpers for the tests of what seeding and downgrading keep: small articles of our own written to folders, the
CLI run in-process, and the rows of each table."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import inspect, text

from newsdb.cli import main
from newsdb.store.config import connect

TABLES = ("articles", "sections", "paragraphs", "quotes", "sources", "source_aliases", "quote_spans")


def article(number: int, extra: str = "") -> str:
    """A small valid article of our own, distinct for every `number`."""
    return (
        f" date 2023-04-{number % 28 + 1:02d} Der Gemeinderat von Testdorf {number} hat das Budget beraten.\n\n"
        f"Finanzvorsteherin Petra Meier sagte, die Lage sei angespannt. «Wir müssen sparen», sagte Meier.{extra}\n"
    )


def write(folder: Path, name: str, content: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def run_cli(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def counts(url: str) -> dict[str, int]:
    engine = connect(url)
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
        found = {
            t: int(connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES if t in names
        }
    engine.dispose()
    return found
