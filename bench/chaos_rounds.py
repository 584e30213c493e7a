"""One backend's rounds of the chaos bench: change the corpus, seed under a fault, rerun cleanly, check.

A round: corpus changes (after the first), bad files mixed in, a seeder run hit by one process fault (kill -9,
SIGTERM, or a second seeder started beside it; see `_moment` for when) and perhaps a file vanishing under it,
then a clean rerun that must finish within the bound, then the database invariants of `chaos_checks`. Every
seeder is `newsdb seed` as a user runs it, in a subprocess of its own process group.
"""

from __future__ import annotations

import json
import random
import signal
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import chaos_checks
import chaos_procs
import chaos_writer
from chaos_corpus import BAD_KINDS, Corpus
from chaos_procs import Event, Run
from sqlalchemy.exc import SQLAlchemyError

PROCESS_FAULTS = {"kill-9": "kill -9", "sigterm": "SIGTERM", "concurrent": "concurrent seeder"}
FILE_FAULTS = {"bad-files": "bad files", "vanishing": "vanishing file"}
ALL_FAULTS = (*PROCESS_FAULTS, *FILE_FAULTS)
WRITING = "while writing"
_SIGNALS = {"kill-9": signal.SIGKILL, "sigterm": signal.SIGTERM}


@dataclass(frozen=True, slots=True)
class Settings:
    rounds: int = 20
    docs: int = 3000
    changes: int = 150  # files edited, deleted and added (each) between rounds
    seed: int = 0
    faults: tuple[str, ...] = ALL_FAULTS
    rerun_timeout: float = 120.0
    grace: float = 3.0  # how long processes of an ended or killed seeder may take to go away
    jobs: int | None = None


@dataclass
class Tally:
    """What one backend's rounds did and found."""

    backend: str
    rounds: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    changes: Counter[str] = field(default_factory=Counter)
    checked: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    reruns: list[float] = field(default_factory=list)
    hung_reruns: int = 0
    good_files: int = 0
    quoteless_sources: int = 0


class Rounds:
    """The rounds on one database, with the corpus they share."""

    def __init__(self, url: str, backend: str, work: Path, settings: Settings) -> None:
        self.url, self.work, self.settings = url, work, settings
        self.rng = random.Random(settings.seed)
        self.corpus = Corpus.generate(work / "corpus", settings.docs, self.rng)
        self.tally = Tally(backend)
        self.prune = "--prune" in seed_command_options()
        self.expected_seconds = 1.5 + settings.docs / 400  # until a run has been timed
        self.groups: list[int] = []  # every process group started, to be sure none is left at the end
        self.label = ""
        self.fired = False  # whether this round's process fault hit a running seeder

    def play(self) -> Tally:
        try:
            for number in range(self.settings.rounds):
                self.round(number)
        finally:
            self._kill_all()
        self.tally.good_files = len(self.corpus.good)
        return self.tally

    def round(self, number: int) -> None:
        process_faults = [f for f in self.settings.faults if f in PROCESS_FAULTS]
        fault = self.rng.choice(process_faults) if process_faults else None
        self.label = f"round {number} ({PROCESS_FAULTS[fault] if fault else 'no process fault'})"
        if number:
            self.tally.changes.update(self.corpus.change(self.settings.changes))
        if "bad-files" in self.settings.faults:
            for kind in self.rng.choices(BAD_KINDS, k=self.rng.randint(1, 3)):
                self.corpus.add_bad(kind)
                self.tally.faults[f"bad file: {kind}"] += 1
        vanishing = self.corpus.add_vanishing() if self._chance("vanishing", 0.5) else None
        self.faulted_run(number, fault, vanishing)
        finished = self.clean_rerun(number)
        if finished:
            self.check()
        self.tally.rounds += 1

    def faulted_run(self, number: int, fault: str | None, vanishing: Path | None) -> None:
        """Seed under `fault`. Processes left behind stay until the clean rerun has shown what they do to it."""
        killed: set[int] = set()
        moment, at = self._moment(fault)
        vanish_at = self.rng.uniform(0.3, 1.0) * self.expected_seconds
        with chaos_writer.probe(self.url) as writing:
            first = self.start(f"r{number:02d}-faulted")
            self.fired, runs = False, [first]
            events = [Event(vanish_at, lambda: self._vanish(vanishing))] if vanishing is not None else []
            if fault in _SIGNALS:
                when = writing if moment == WRITING else None
                events.append(Event(at, self._fault(fault, moment, first, killed), when))
            elif fault == "concurrent":
                events.append(Event(at, lambda: self._concurrent(number, moment, runs, first)))
            chaos_procs.supervise(runs, self.settings.rerun_timeout, events)
        if fault is not None and not self.fired:
            self.tally.faults[f"{PROCESS_FAULTS[fault]} {moment} (missed: the run had ended)"] += 1
        if vanishing is not None and vanishing.exists():
            self.corpus.vanish(vanishing)
            self.tally.faults["vanishing file (after the run had ended)"] += 1
        allowed = set(self.corpus.bad) | ({vanishing} if vanishing else set())
        for run in runs:
            if run.pgid in killed:
                if orphans := self._leftovers(run, "was killed"):
                    pids = ", ".join(map(str, orphans))
                    self.violation(f"{run.label}: {len(orphans)} processes of the killed seeder still alive "
                                   f"{self.settings.grace:g} s later (pids {pids})")  # fmt: skip
            else:
                self._finished(run, allowed)
                if run.pgid == first.pgid and not run.hung:
                    self.expected_seconds = run.seconds

    def clean_rerun(self, number: int) -> bool:
        """Seed again with no fault: it must finish within the bound and report exactly the bad files.

        If it hangs, every process left from the round is killed and a second rerun must finish instead.
        Whether a run finished that the database can be checked after is returned.
        """
        run = self._rerun(f"r{number:02d}-rerun")
        self.tally.reruns.append(run.seconds)
        self.tally.checked["rerun within the bound"] += 1
        if run.hung:
            self.tally.hung_reruns += 1
            self.violation(f"the rerun did not finish within {self.settings.rerun_timeout:g} s (killed)")
            self._kill_all()
            run = self._rerun(f"r{number:02d}-recovery")
            if run.hung:
                self.violation("a second rerun, with every earlier process gone, did not finish either")
                self._kill_all()
                return False
        self._finished(run, set(self.corpus.bad), required={p for p, kind in self.corpus.bad.items() if kind != "fifo"})
        self._kill_all()
        return run.returncode in (0, 1)

    def check(self) -> None:
        expected = chaos_checks.Expected(
            good=self.corpus.stems,
            sha256={path.stem: sha for path, sha in self.corpus.good.items()},
            bad={path.stem for path in self.corpus.bad},
            gone=self.corpus.gone,
            pruned=self.prune,
        )
        try:
            found = chaos_checks.check(self.url, expected)
            self.tally.quoteless_sources = chaos_checks.quoteless_sources(self.url)
        except SQLAlchemyError as exc:
            self.violation(f"the database could not be checked: {str(exc).splitlines()[0]}")
            return
        for name, problems in found.items():
            self.tally.checked[name] += 1
            for problem in problems:
                self.violation(f"{name}: {problem}")

    def violation(self, message: str) -> None:
        self.tally.violations.append(f"{self.label}: {message}")

    # --- runs ---

    def start(self, label: str) -> Run:
        command = [sys.executable, "-m", "newsdb", "--url", self.url, "seed", "--json", str(self.corpus.root)]
        if self.prune:
            command.append("--prune")
        if self.settings.jobs:
            command += ["--jobs", str(self.settings.jobs)]
        run = chaos_procs.start(command, label, self.work / "logs", cwd=self.work)
        self.groups.append(run.pgid)
        return run

    def _rerun(self, label: str) -> Run:
        run = self.start(label)
        chaos_procs.supervise([run], self.settings.rerun_timeout)
        if not run.hung:
            self.expected_seconds = max(run.seconds, 1.0)
        return run

    def _moment(self, fault: str | None) -> tuple[str, float]:
        """When the fault hits: a signal at a random moment or as soon as the seeder holds the write lock; a
        second seeder at a random moment or at once (in the first round both then find a new, empty database)."""
        if fault in _SIGNALS and self.rng.random() < 0.5:
            return WRITING, 0.0
        if fault == "concurrent" and self.rng.random() < 0.5:
            return "at once", self.rng.uniform(0.0, 0.2)
        return "at a random moment", self.rng.uniform(0.3, 1.0) * self.expected_seconds

    def _fault(self, fault: str, moment: str, run: Run, killed: set[int]) -> Callable[[], None]:
        def hit() -> None:
            if run.process.poll() is None:
                # whether worker processes were running (not yet, or no longer) tells what the signal could leave behind
                workers = "workers running" if len(chaos_procs.survivors(run.pgid)) > 1 else "no workers running"
                chaos_procs.signal_leader(run, _SIGNALS[fault])()
                killed.add(run.pgid)
                self.tally.faults[f"{PROCESS_FAULTS[fault]} {moment} ({workers})"] += 1
                self.fired = True

        return hit

    def _concurrent(self, number: int, moment: str, runs: list[Run], first: Run) -> None:
        if first.process.poll() is None:
            runs.append(self.start(f"r{number:02d}-concurrent"))
            self.tally.faults[f"{PROCESS_FAULTS['concurrent']} {moment}"] += 1
            self.fired = True

    def _vanish(self, path: Path) -> None:
        self.corpus.vanish(path)
        self.tally.faults["vanishing file"] += 1

    def _finished(self, run: Run, allowed: set[Path], required: set[Path] | None = None) -> None:
        """The checks on a seeder that was not killed: in time, a clean exit, the right failures, no leftovers."""
        self.tally.checked["seeder outcome"] += 1
        if run.hung:
            self.violation(f"{run.label}: did not finish within {self.settings.rerun_timeout:g} s (killed)")
            return
        for problem in _outcome_problems(run, allowed, required):
            self.violation(f"{run.label}: {problem}")
        if orphans := self._leftovers(run, "ended"):
            self.violation(f"{run.label}: {len(orphans)} processes still alive {self.settings.grace:g} s after "
                           f"the seeder ended (pids {', '.join(map(str, orphans))})")  # fmt: skip

    def _leftovers(self, run: Run, how: str) -> list[int]:
        self.tally.checked[f"no processes left after a seeder {how}"] += 1
        return chaos_procs.leftovers(run.pgid, self.settings.grace)

    def _kill_all(self) -> None:
        """End whatever is left of every seeder started so far (ended groups are empty: nothing to do)."""
        for group in self.groups:
            chaos_procs.kill_group(group)
        self.groups.clear()

    def _chance(self, fault: str, probability: float) -> bool:
        return fault in self.settings.faults and self.rng.random() < probability


def seed_command_options() -> set[str]:
    """The options of the installed `newsdb seed`, which the bench runs."""
    from newsdb.cli.seed import seed_command

    return {option for param in seed_command.params for option in param.opts}


def _outcome_problems(run: Run, allowed: set[Path], required: set[Path] | None) -> list[str]:
    """What is wrong with a finished seeder's exit code, error output and report."""
    errors = run.errors()
    last = errors.strip().splitlines()[-1] if errors.strip() else ""
    if "Traceback" in errors:
        return [f"exit code {run.returncode} with a traceback: {last}"]
    if run.returncode not in (0, 1):
        return [f"exit code {run.returncode}: {last}"]
    try:
        failed = {Path(failure["path"]) for failure in json.loads(run.output())["failures"]}
    except (ValueError, KeyError, TypeError):
        return [f"exit code {run.returncode} without a JSON report: {last}"]
    problems = []
    if unexpected := sorted(failed - allowed):
        problems.append(f"{len(unexpected)} good files reported as failed (e.g. {unexpected[0]})")
    if required is not None and (unreported := sorted(required - failed)):
        problems.append(f"{len(unreported)} bad files not reported (e.g. {unreported[0]})")
    if run.returncode != (1 if failed else 0):
        problems.append(f"exit code {run.returncode} with {len(failed)} files failed")
    return problems
