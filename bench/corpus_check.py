"""Parse every *.txt under the given folders and summarise what the parser saw.

Usage: python bench/corpus_check.py DIR... [--headings N]

Prints how many files parsed and failed (with their error lines), the minimum, median and maximum number of
sections and paragraphs per document, how many documents have headings, and a sample of the headings found, so
that false positives of the heading rule can be spotted by eye.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

from newsdb.document import Document
from newsdb.errors import ParseError
from newsdb.parse import read_document


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--headings", type=int, default=40, help="how many headings to show (default 40)")
    args = parser.parse_args(argv)

    files = sorted(path for folder in args.folders for path in folder.rglob("*.txt"))
    documents: list[Document] = []
    failures: list[str] = []
    for path in files:
        try:
            documents.append(read_document(path))
        except (ParseError, OSError) as error:
            failures.append(str(error))

    print(f"{len(files)} files: {len(documents)} parsed, {len(failures)} failed")
    for line in failures:
        print(f"  {line}")
    if documents:
        _summarise(documents, args.headings)
    return 1 if failures else 0


def _summarise(documents: list[Document], sample_size: int) -> None:
    sections = [len(document.sections) for document in documents]
    paragraphs = [sum(1 for _ in document.paragraphs) for document in documents]
    print(f"sections per document:   {_spread(sections)}")
    print(f"paragraphs per document: {_spread(paragraphs)}")
    headings = [
        (document.external_id, section.heading)
        for document in documents
        for section in document.sections
        if section.heading is not None
    ]
    with_headings = sum(1 for count in sections if count > 1)
    empty = sum(1 for d in documents for s in d.sections if s.heading is not None and not s.paragraphs)
    print(
        f"headings: {len(headings)} in {with_headings} of {len(documents)} documents "
        f"({empty} directly followed by another heading)"
    )
    sample = random.Random(0).sample(headings, min(sample_size, len(headings)))
    for external_id, heading in sorted(sample):
        print(f"  {external_id}: {heading}")


def _spread(values: list[int]) -> str:
    return f"min {min(values)}, median {statistics.median(values):g}, max {max(values)}"


if __name__ == "__main__":
    sys.exit(main())
