"""The prose of README.md and docs/ stays true and whole: every table model is named where the README lists
them, every install command works from a clone (newsdb is not on PyPI), and no sentence ending in a colon is
left without what it introduces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import newsdb
from newsdb.store.models import Base

REPO = Path(__file__).resolve().parent.parent
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
README = (REPO / "README.md").read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    """The blocks of a Markdown text, each fenced block as one."""
    fenced = re.sub(r"^```.*?^```", "```", text, flags=re.M | re.S)
    return [block.strip() for block in re.split(r"\n\s*\n", fenced) if block.strip()]


def test_the_readme_names_every_table_model() -> None:
    listing = next(p for p in paragraphs(README) if p.startswith("Documents and rows have their own names"))
    models = sorted(mapper.class_.__name__ for mapper in Base.registry.mappers)
    assert len(models) == 8
    for name in models:
        assert re.search(rf"[`.]{name}`", listing), name
        assert getattr(newsdb, name) is getattr(newsdb.store.models, name)


@pytest.mark.parametrize("path", DOCS, ids=[path.name for path in DOCS])
def test_installs_are_from_a_clone(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.findall(r"pip install '?newsdb", text) == []


@pytest.mark.parametrize("path", DOCS, ids=[path.name for path in DOCS])
def test_what_a_colon_introduces_follows_it(path: Path) -> None:
    """A paragraph that ends in `:` is followed by the code, list or table it announces (or by a bold-led paragraph
    introducing it in turn), not by a heading."""
    blocks = paragraphs(path.read_text(encoding="utf-8"))
    for block, after in zip(blocks, [*blocks[1:], ""], strict=True):
        if block.endswith(":") and not block.startswith(("-", "|", "#")):
            assert after.startswith(("```", "-", "|", "1.", "**")), f"{block[-60:]!r} is followed by {after[:40]!r}"
