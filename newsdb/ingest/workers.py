"""The worker processes that read, parse and extract for `seed`: started before any database connection is
opened, and never outliving the process that started them.

Workers forked while a connection is open inherit its socket (PostgreSQL) or the database files (SQLite); workers
that outlive a killed run keep them open, and with them the run's transaction and locks. So the pool is started
first, and Linux is asked to kill each worker when its parent dies, however it dies (kill -9 included).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from newsdb.errors import WorkersError

_PR_SET_PDEATHSIG = 1  # prctl option, <linux/prctl.h>


@contextmanager
def pool(processes: int) -> Iterator[ProcessPoolExecutor]:
    """`processes` workers, all running when this returns; chunks not yet started are dropped on the way out.

    When the system refuses to start them all, the ones started are stopped and WorkersError is raised.
    """
    executor = ProcessPoolExecutor(
        processes, multiprocessing.get_context("fork"), initializer=_start_worker, initargs=(os.getpid(),)
    )
    try:
        executor.submit(gc.collect).result()  # with fork, the first task starts every worker
    except OSError as exc:  # fork: EAGAIN for too many processes, ENOMEM
        # The executor starts its manager thread only after forking every worker, so the ones forked before the
        # failure wait for tasks nobody will send: stop them, or they would live as long as this process.
        for process in list(executor._processes.values()):
            process.kill()
            process.join()
        executor.shutdown(wait=False, cancel_futures=True)
        raise WorkersError(
            f"cannot start {processes} worker processes ({exc.strerror or exc}): ask for fewer with --jobs; "
            "nothing was written"
        ) from None
    try:
        yield executor
    except BaseException:
        # a stopped or failed run does not wait for the chunks being prepared (a very long file takes minutes)
        for process in list(executor._processes.values()):
            process.kill()
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def started(executor: ProcessPoolExecutor) -> int:
    """How many worker processes `executor` has started (with fork: all of them, once a task was submitted)."""
    return len(executor._processes)


@contextmanager
def collecting_less() -> Iterator[None]:
    """Run the garbage collector less often in the writing process, as in the workers, until the run ends.

    The writer unpickles, turns into rows and drops some 100,000 tuples per batch, none in a reference cycle: with
    the default thresholds the collector ran a pass every 700 of them and, as batches outlived the young
    generations, rescanned every object of the process (a fifth of the writing process's time).
    """
    before = gc.get_threshold()
    # Freezing is process-wide and `unfreeze` thaws everything: when the caller has frozen objects of its own,
    # leave the permanent generation as it is rather than thaw theirs on the way out.
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(*_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if freeze:
            gc.unfreeze()


def _start_worker(parent_pid: int) -> None:
    # The parent handles Ctrl-C and SIGTERM: it finishes or rolls back the open batch and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with_parent(parent_pid)
    # Extraction allocates many short-lived objects and no reference cycles worth collecting early: a larger
    # first generation spares most collector passes, and the objects loaded so far need no scanning at all.
    gc.freeze()
    gc.set_threshold(*_THRESHOLDS)


_THRESHOLDS = (50_000, 20, 20)  # of the collector's generations: new objects, then passes of the younger one


def _die_with_parent(parent_pid: int) -> None:
    """Have Linux send SIGKILL to this worker when its parent ends.

    The signal is tied to the thread that forked the worker: the one that entered `pool`, which outlives it.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the signal was asked for
        os._exit(1)
