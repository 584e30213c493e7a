"""Seeding's garbage collector settings are undone on the way out, and objects the caller froze stay frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from newsdb.ingest.workers import collecting_less


@pytest.fixture
def thawed() -> Iterator[None]:
    """Run with nothing frozen, and leave nothing frozen."""
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("thawed")
def test_what_seeding_froze_is_thawed_and_the_thresholds_restored() -> None:
    before = gc.get_threshold()
    with collecting_less():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() != before
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


@pytest.mark.usefixtures("thawed")
def test_what_the_caller_froze_stays_frozen() -> None:
    kept = [[n] for n in range(100)]  # objects of the caller's, tracked by the collector
    gc.freeze()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    with collecting_less():
        pass
    assert gc.get_freeze_count() == frozen
    assert kept
