"""Processes for the chaos bench: seeders started in process groups of their own, faults at set times, leftovers.

Each seeder starts a new session, so it and every worker it forks share one process group whose id is the
seeder's pid. A worker that outlives a killed seeder is re-parented but keeps that group, which is how
`survivors` finds it. Only groups started here are ever signalled.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.05


@dataclass
class Run:
    """One `newsdb` process started by the bench, with its output kept in files."""

    label: str
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path
    started: float
    ended: float | None = None
    hung: bool = False

    @property
    def pgid(self) -> int:
        return self.process.pid

    @property
    def seconds(self) -> float:
        return (self.ended if self.ended is not None else time.monotonic()) - self.started

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    def output(self) -> str:
        return self.stdout.read_text("utf-8", errors="replace")

    def errors(self) -> str:
        return self.stderr.read_text("utf-8", errors="replace")


def start(command: Sequence[str], label: str, logs: Path, cwd: Path) -> Run:
    """Start `command` as the leader of a new process group, its output going to files under `logs`."""
    logs.mkdir(parents=True, exist_ok=True)
    stdout, stderr = logs / f"{label}.out", logs / f"{label}.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            list(command), stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd, start_new_session=True
        )
    return Run(label, process, stdout, stderr, time.monotonic())


@dataclass
class Event:
    """Something to do `at` seconds after the first run of a `supervise` call started, once `when()` holds."""

    at: float
    action: Callable[[], None]
    when: Callable[[], bool] | None = None

    def due(self, elapsed: float) -> bool:
        return elapsed >= self.at and (self.when is None or self.when())


def supervise(runs: list[Run], timeout: float, events: Sequence[Event] = ()) -> None:
    """Wait for `runs` (which `events` may extend), acting on `events` on time.

    A run still going `timeout` seconds after it started is a hang: its whole group is killed and it is
    marked `hung`. Events due after every run has ended are dropped.
    """
    pending = list(events)
    origin = min((run.started for run in runs), default=time.monotonic())
    while True:
        now = time.monotonic()
        for event in [event for event in pending if event.due(now - origin)]:
            pending.remove(event)
            event.action()
        for run in runs:
            if run.ended is None and run.process.poll() is not None:
                run.ended = now
            elif run.ended is None and now - run.started > timeout:
                kill_group(run.pgid)
                run.process.wait()
                run.ended, run.hung = time.monotonic(), True
        if all(run.ended is not None for run in runs):
            return
        time.sleep(POLL_SECONDS)


def signal_leader(run: Run, signum: int) -> Callable[[], None]:
    """An action that sends `signum` to the run's own process only, as `kill` by a user would."""

    def send() -> None:
        if run.process.poll() is None:
            os.kill(run.process.pid, signum)

    return send


def survivors(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group `pgid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        # fields after the command name, which is in parentheses and may contain anything
        state, _ppid, group = stat.rsplit(")", 1)[1].split()[:3]
        if int(group) == pgid and state not in ("Z", "X"):
            found.append(int(entry.name))
    return sorted(found)


def leftovers(pgid: int, grace: float) -> list[int]:
    """The processes of group `pgid` still alive after waiting up to `grace` seconds for them to end."""
    deadline = time.monotonic() + grace
    while (alive := survivors(pgid)) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
    return alive


def kill_group(pgid: int) -> None:
    """SIGKILL every process left in group `pgid` (a group this bench started)."""
    with contextlib.suppress(ProcessLookupError):  # nothing left
        os.killpg(pgid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while survivors(pgid) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
