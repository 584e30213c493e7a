"""What a seed run reports: counts per outcome, the files that failed, duplicates, pruned articles, timings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from newsdb.files import Failure
from newsdb.ingest.prune import Pruned
from newsdb.store.outcomes import RowCounts


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A file skipped because article `duplicate_of` has its content; `original_gone`: that article's file
    (`original_path`) is gone, so the file was renamed or moved: a seed with `--prune` over the original's folder
    loads it under its new name and deletes the old article."""

    path: str
    external_id: str
    duplicate_of: str
    original_gone: bool = False
    original_path: str | None = None


@dataclass
class PhaseTimes:
    """Seconds spent per phase; read, parse and extract are summed over the worker processes."""

    read: float = 0.0
    parse: float = 0.0
    extract: float = 0.0
    load: float = 0.0

    def add_worker_times(self, read: float, parse: float, extract: float) -> None:
        self.read += read
        self.parse += parse
        self.extract += extract


@dataclass
class SeedReport:
    """What a run did with each file: inserted, updated, moved, unchanged, re-extracted (unchanged, but its quotes
    found again by a newer extractor), duplicate or failed (these add up to `files` unless `--strict` rolled the
    run back), and the articles pruned for files that are gone."""

    files: int = 0
    inserted: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0
    reextracted: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    pruned: list[Pruned] | None = None  # None: pruning was not asked for
    rows: RowCounts = field(default_factory=RowCounts)
    seconds: PhaseTimes = field(default_factory=PhaseTimes)
    elapsed: float = 0.0
    rolled_back: bool = False
    interrupted: bool = False
    workers: int = 0  # worker processes that read, parsed and extracted (0: the calling process did)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        rows = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in asdict(self.rows).items())
        moved = f"{self.moved} moved, " if self.moved else ""
        moved += f"{self.reextracted} re-extracted, " if self.reextracted else ""
        pruned = f", {len(self.pruned)} pruned" if self.pruned is not None else ""
        line = (
            f"{self.inserted} inserted, {self.updated} updated, {moved}{self.unchanged} unchanged, "
            f"{len(self.duplicates)} duplicates, {len(self.failures)} failed{pruned} "
            f"({self.files} files in {self.elapsed:.2f} s; rows written: {rows})"
        )
        if self.interrupted:
            line += "; interrupted"
        return line + ("; nothing written (--strict)" if self.rolled_back else "")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["duplicates"] = [asdict(d) for d in self.duplicates]
        data["pruned"] = None if self.pruned is None else [asdict(p) for p in self.pruned]
        data["failures"] = [{"path": f.path, "error": str(f)} for f in self.failures]
        return data
