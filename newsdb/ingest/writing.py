"""Whether a seed or a re-extraction is writing right now: a run stopped between writes loses nothing it wrote.

A Ctrl-C or SIGTERM while a batch is being written asks the run to finish that batch first; one that comes while
nothing is being written (the workers are still reading and extracting, perhaps a very long file) can stop the
run at once, because every batch written so far is committed and the one being gathered is not started.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_writing = threading.Event()


@contextmanager
def writing() -> Iterator[None]:
    """Mark the block as writing to the database."""
    _writing.set()
    try:
        yield
    finally:
        _writing.clear()


def is_writing() -> bool:
    """Whether a block marked by `writing` is running."""
    return _writing.is_set()
