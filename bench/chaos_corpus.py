"""The chaos bench's corpus: generated articles in a few folders, changed between rounds, with bad files mixed in.

Every good file is canonical text (as `synthetic` writes it, and as the edits here keep it), so the SHA-256 of
its bytes is the `content_sha256` newsdb must store for it. The corpus remembers what it holds, independently
of newsdb: the good files with their hashes, the bad files with their kind, and the stems of deleted files.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import synthetic

FOLDERS = 3
BAD_KINDS = ("unparseable", "binary", "empty", "bad-date", "fifo")
REPAIR_CHANCE = 0.25  # a bad file is replaced by a good article in the next round's changes
_HEADER_DATE = re.compile(r"^ date \S+")


@dataclass
class Corpus:
    root: Path
    rng: random.Random
    good: dict[Path, str] = field(default_factory=dict)  # path -> SHA-256 of its bytes
    bad: dict[Path, str] = field(default_factory=dict)  # path -> kind
    gone: set[str] = field(default_factory=set)  # stems of good files deleted since
    made: int = 0  # files created so far, for unique names

    @classmethod
    def generate(cls, root: Path, docs: int, rng: random.Random) -> Corpus:
        corpus = cls(root, rng)
        for folder in range(FOLDERS):
            (root / f"feed{folder}").mkdir(parents=True)
        for stem, text in synthetic.generate(docs, seed=rng.getrandbits(32)):
            corpus._write_good(stem, text)
        return corpus

    @property
    def stems(self) -> dict[str, Path]:
        """The good files by stem."""
        return {path.stem: path for path in self.good}

    def change(self, count: int) -> Counter[str]:
        """Edit, delete and add `count` good files each; repair some bad files. Returns what was done."""
        done: Counter[str] = Counter()
        for path in self.rng.sample(sorted(self.good), min(count, len(self.good))):
            self._write_good(path.stem, _edited(path.read_text("utf-8"), self.rng), path)
            done["edited"] += 1
        for path in self.rng.sample(sorted(self.good), min(count, len(self.good))):
            self.delete(path)
            done["deleted"] += 1
        for text in self._fresh_texts(count):
            self._write_good(self._name("new"), text)
            done["added"] += 1
        for path in sorted(self.bad):
            if self.bad[path] != "fifo" and self.rng.random() < REPAIR_CHANCE:
                del self.bad[path]
                self._write_good(path.stem, self._fresh_texts(1)[0], path)
                done["bad files repaired"] += 1
        return done

    def delete(self, path: Path) -> None:
        path.unlink()
        del self.good[path]
        self.gone.add(path.stem)

    def add_bad(self, kind: str) -> Path:
        """A file newsdb must report and not load."""
        path = self._folder() / f"{self._name(f'bad_{kind}')}.txt"
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.write_bytes(self._bad_content(kind))
        self.bad[path] = kind
        return path

    def add_vanishing(self) -> Path:
        """A good article that the bench deletes while a seeder runs; it sorts last, so it is read late."""
        path = self.root / f"feed{FOLDERS - 1}" / f"zz_{self._name('vanishing')}.txt"
        path.write_text(self._fresh_texts(1)[0], "utf-8")
        return path

    def vanish(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.gone.add(path.stem)

    def _bad_content(self, kind: str) -> bytes:
        if kind == "unparseable":
            return b"Eine Notiz ohne Datumszeile.\n\nSie ist kein Artikel.\n"
        if kind == "binary":
            return b"\x00\xff\xfe" + self.rng.randbytes(self.rng.randint(100, 4000))
        if kind == "empty":
            return b""
        if kind == "bad-date":
            return _HEADER_DATE.sub(" date 2021-02-30", self._fresh_texts(1)[0], count=1).encode()
        raise ValueError(f"unknown kind of bad file: {kind}")

    def _fresh_texts(self, count: int) -> list[str]:
        """`count` new articles, none with the content of a file already in the corpus."""
        texts = [text for _, text in synthetic.generate(count, seed=self.rng.getrandbits(32))]
        known = set(self.good.values())
        return [text for text in texts if _sha256(text.encode()) not in known]

    def _write_good(self, stem: str, text: str, path: Path | None = None) -> None:
        path = path or self._folder() / f"{stem}.txt"
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.good[path] = _sha256(data)
        self.gone.discard(stem)

    def _folder(self) -> Path:
        return self.root / f"feed{self.rng.randrange(FOLDERS)}"

    def _name(self, prefix: str) -> str:
        self.made += 1
        return f"{prefix}_{self.made:06d}"


def _edited(text: str, rng: random.Random) -> str:
    """`text` changed as an editor would, still canonical: a sentence added at the end, or a new date."""
    if rng.random() < 0.5:
        month = rng.choice(("März", "Mai", "Juni"))
        return f"{text} Ergänzt am {rng.randint(1, 28)}. {month}, Fassung {rng.getrandbits(32)}."
    day = f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    edited = _HEADER_DATE.sub(f" date {day}", text, count=1)
    return edited if edited != text else f"{text} Korrigiert."


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
