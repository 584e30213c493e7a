"""Helpers for the seeding tests: small articles of our own (two sections, three paragraphs, three quotes),
written to folders, and the rows of the main tables."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from newsdb.store.config import connect

TABLES = ("articles", "sections", "paragraphs", "quotes", "sources")


def article(number: int, extra: str = "") -> str:
    """A small valid article of our own, distinct for every `number`."""
    return (
        f" date 2023-04-{number % 28 + 1:02d} Der Gemeinderat von Testdorf {number} hat das Budget beraten.\n\n"
        f"Finanzvorsteherin Petra Meier sagte, die Lage sei angespannt. «Wir müssen sparen», sagte Meier.{extra}\n\n"
        "Ausblick auf das Jahr\n\n"
        f"Die Gemeinde rechnet mit einem Defizit von {number},5 Millionen Franken, hiess es.\n"
    )


def write(folder: Path, name: str, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def counts(url: str) -> dict[str, int]:
    engine = connect(url)
    with engine.connect() as connection:
        found = {t: int(connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES}
    engine.dispose()
    return found
