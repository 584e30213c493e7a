"""Finding the article files under the paths a user names, and reading one of them safely.

`discover` never raises for a path it cannot use and never skips one silently: an unreadable folder, a name
that is not valid UTF-8, a path too long for the system, a FIFO, device or socket, a dangling symlink or a
symlink loop each become a `Failure` naming the path, and the rest is found. Folders are walked iteratively
(any depth). Symlinks are followed, to files and to folders, so that a corpus assembled from links loads as
it looks; every folder is read once however many links lead to it, and a link back to a folder on its own
path (a loop) is reported. `**` in a glob pattern is expanded by the same walk, so it cannot loop either.

`read_article_file` reads only regular files, at most `limit` bytes: it opens without blocking (a FIFO
swapped in after discovery cannot hang the run) and checks what it opened with `fstat` before reading.
"""

# Paths are strings here, as os.scandir gives them: a Path object per entry would slow down large walks.
# ruff: noqa: PTH116, PTH118, PTH206, PTH207

from __future__ import annotations

import errno
import glob
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from newsdb.errors import NewsdbError

SUFFIX = ".txt"
DEFAULT_MAX_FILE_SIZE = 10_000_000
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_READ_CHUNK = 1 << 20

_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9}
_UNITS |= {"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30}
_SIZE = re.compile(r"\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[a-z]*)\s*", re.IGNORECASE)
_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


@dataclass(frozen=True, slots=True)
class Failure:
    """A path that could not be loaded; `path` is printable (undecodable bytes escaped as `\\xNN`)."""

    path: str
    message: str

    def __str__(self) -> str:
        return self.message if self.message.startswith(self.path) else f"{self.path}: {self.message}"


@dataclass
class Discovered:
    """The article files found, in a stable order, and the paths that could not be used."""

    files: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


class UnreadableFileError(NewsdbError):
    """A file that is not read: not a regular file, larger than the limit, or refused by the system."""


def shown(path: str | os.PathLike[str]) -> str:
    """`path` as it can be printed: bytes that are not UTF-8 escaped as `\\xNN`, control characters too."""
    text = os.fspath(path)
    if text.isascii() and text.isprintable():
        return text
    escaped = os.fsencode(text).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in escaped)


def is_decodable(path: str) -> bool:
    """Whether `path` came from valid UTF-8 bytes (Python keeps other bytes as lone surrogates)."""
    if path.isascii():
        return True
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_size(text: str) -> int:
    """`10MB`, `500KB`, `2MiB` or a number of bytes, as bytes; raises ValueError for anything else."""
    match = _SIZE.fullmatch(text)
    unit = match.group("unit").lower() if match else ""
    if match is None or unit not in _UNITS:
        raise ValueError(f"expected a size such as 10MB, 500KB or 1048576 (bytes), found {text!r}")
    size = int(float(match.group("number")) * _UNITS[unit])
    if size < 1:
        raise ValueError(f"expected a size of at least one byte, found {text!r}")
    return size


def format_size(size: int) -> str:
    """`size` bytes in the largest unit that states it exactly: `10 MB`, `512 KiB`, `1234 bytes`."""
    for unit, factor in (("GB", 10**9), ("GiB", 1 << 30), ("MB", 10**6), ("MiB", 1 << 20), ("KB", 1000)):
        if size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size // 1024} KiB" if size % 1024 == 0 else f"{size} bytes"


def read_article_file(path: str | os.PathLike[str], limit: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    Raises `UnreadableFileError` for anything but a regular file and for a larger file, `OSError` where the
    system refuses (`cannot_read` words both as one line).
    """
    where = shown(path)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(f"{where}: {_not_regular(info.st_mode)}")
        if info.st_size > limit:
            raise UnreadableFileError(_too_large(where, limit))
        parts: list[bytes] = []
        size = 0
        # O_NONBLOCK does not apply to regular files. One read for the size fstat gave, and one more that finds
        # the end (or a file that grew meanwhile, up to the limit).
        want = info.st_size + 1
        while chunk := os.read(fd, min(want, limit + 1 - size)):
            parts.append(chunk)
            size += len(chunk)
            if size > limit:
                raise UnreadableFileError(_too_large(where, limit))
            want = _READ_CHUNK
        return parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


def cannot_read(path: str | os.PathLike[str], error: OSError | UnreadableFileError) -> str:
    """The one-line report of a file `read_article_file` did not read."""
    if isinstance(error, UnreadableFileError):
        return str(error)
    return f"{shown(path)}: cannot read: {_reason(error)}"


def _too_large(where: str, limit: int) -> str:
    return f"{where}: larger than the limit of {format_size(limit)} (--max-file-size)"


def _not_regular(mode: int) -> str:
    return f"not a regular file ({_KINDS.get(stat.S_IFMT(mode), 'not a file')})"


def _reason(exc: OSError) -> str:
    """What the system said, and what to do where newsdb knows it."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENAMETOOLONG:
        return f"{reason}: the path is longer than the system allows; move or rename to shorten it"
    if exc.errno == errno.ELOOP:
        return f"{reason}: a symlink loop"
    if exc.errno == errno.EACCES:
        return f"{reason}: check the permissions"
    return reason


def _undecodable(path: str) -> Failure:
    where = shown(path)
    return Failure(where, f"{where}: the name is not valid UTF-8; rename it (e.g. `convmv -f latin1 -t utf-8`)")


class _Folder(NamedTuple):
    path: str
    key: tuple[int, int]  # (st_dev, st_ino): the same folder, whatever the path
    parent: _Folder | None

    def has_ancestor(self, key: tuple[int, int]) -> bool:
        folder: _Folder | None = self
        while folder is not None:
            if folder.key == key:
                return True
            folder = folder.parent
        return False


class _Discovery:
    """One discovery run: the files and failures found so far, and the folders already walked."""

    def __init__(self) -> None:
        self.files: dict[Path, None] = {}
        self.failures: list[Failure] = []
        self.walked: set[tuple[int, int]] = set()

    def add_path(self, raw: str) -> None:
        """A path named by the user: a file, a folder or a glob pattern."""
        if not is_decodable(raw):
            self.failures.append(_undecodable(raw))
            return
        try:
            info = os.stat(raw)
        except FileNotFoundError:
            if os.path.lexists(raw):
                self.fail(raw, "a dangling symlink (its target does not exist)")
            elif glob.has_magic(raw):
                self._add_pattern(raw)
            else:
                raise NewsdbError(f"{raw}: no such file or directory") from None
            return
        except OSError as exc:
            self.fail(raw, f"cannot read: {_reason(exc)}")
            return
        if stat.S_ISDIR(info.st_mode):
            self._walk(raw, (info.st_dev, info.st_ino))
        elif stat.S_ISREG(info.st_mode):
            if not self._refused_name(raw, Path(raw).name):
                self.files[Path(raw)] = None
        else:
            self.fail(raw, _not_regular(info.st_mode))

    def fail(self, path: str, message: str) -> None:
        where = shown(path)
        self.failures.append(Failure(where, f"{where}: {message}"))

    def _refused_name(self, path: str, name: str) -> bool:
        """Refuse a file whose name has a control character: the name becomes the article's id, which tables, CSV
        and terminals show as it is (an escape sequence there is a command to the terminal)."""
        char = next((c for c in name if c < " " or "\x7f" <= c < "\xa0"), None)
        if char is not None:
            self.fail(path, f"the name has the control character U+{ord(char):04X}; rename the file without it")
        return char is not None

    def _add_pattern(self, pattern: str) -> None:
        matches = sorted(set(self._expand(pattern)))
        if not matches:
            raise NewsdbError(f"no files match {pattern!r}")
        for match in matches:
            self.add_path(match)

    def _walk(self, top: str, key: tuple[int, int]) -> None:
        """Every `*.txt` file under `top`, in sorted order, found with a stack instead of recursion."""
        if key in self.walked:
            return  # named twice, or through a link: read once
        self.walked.add(key)
        found: list[str] = []
        stack = [_Folder(top, key, None)]
        while stack:
            folder = stack.pop()
            files, subfolders = self._read_folder(folder, for_files=True)
            found.extend(files)
            stack.extend(subfolders)
        found.sort(key=lambda path: path.split(os.sep))
        self.files.update(dict.fromkeys(map(Path, found)))

    def _read_folder(self, folder: _Folder, *, for_files: bool) -> tuple[list[str], list[_Folder]]:
        """The `*.txt` files in `folder` and its subfolders not walked yet; problems become failures.

        `for_files=False` (expanding `**`): subfolders only, and hidden ones left out, as in glob.
        """
        files: list[str] = []
        subfolders: list[_Folder] = []
        try:
            with os.scandir(folder.path) as entries:
                for entry in entries:
                    if not for_files and entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir():
                            subfolder = self._subfolder(folder, entry)
                            if subfolder is not None:
                                subfolders.append(subfolder)
                        elif for_files and entry.name.endswith(SUFFIX) and self._is_article_file(entry):
                            files.append(entry.path)
                    except OSError as exc:
                        self.fail(entry.path, f"cannot read: {_reason(exc)}")
        except OSError as exc:
            self.fail(folder.path, f"cannot read the folder: {_reason(exc)}; its files are not loaded")
        return files, subfolders

    def _subfolder(self, parent: _Folder, entry: os.DirEntry[str]) -> _Folder | None:
        if not is_decodable(entry.name):
            self.failures.append(_undecodable(entry.path))
            return None
        info = entry.stat()
        key = (info.st_dev, info.st_ino)
        if key in self.walked:
            if parent.has_ancestor(key):
                self.fail(entry.path, "a symlink loop (it leads back to a folder above it), not followed")
            return None  # read under another path already
        self.walked.add(key)
        return _Folder(entry.path, key, parent)

    def _is_article_file(self, entry: os.DirEntry[str]) -> bool:
        if entry.is_file():
            if not is_decodable(entry.name):
                self.failures.append(_undecodable(entry.path))
                return False
            return not self._refused_name(entry.path, entry.name)
        try:
            mode = entry.stat().st_mode
        except OSError as exc:  # a symlink that leads nowhere
            if exc.errno == errno.ENOENT:
                self.fail(entry.path, "a dangling symlink (its target does not exist)")
            else:
                self.fail(entry.path, f"cannot read: {_reason(exc)}")
        else:
            self.fail(entry.path, _not_regular(mode))
        return False

    def _expand(self, pattern: str) -> list[str]:
        """The paths `pattern` matches; `**` stands for a folder and all folders below it, each visited once."""
        parts = pattern.split(os.sep)
        if "**" not in parts:
            return glob.glob(pattern)
        at = parts.index("**")
        head = os.sep.join(parts[:at]) or (os.sep if at else "")
        rest = os.sep.join(parts[at + 1 :])
        matches: list[str] = []
        for base in glob.glob(head) if glob.has_magic(head) else [head]:
            for folder in self._folders_below(base):
                if not rest:
                    matches.append(folder)
                else:
                    matches.extend(self._expand(os.path.join(glob.escape(folder), rest)))
        return matches

    def _folders_below(self, base: str) -> list[str]:
        """`base` and every folder below it that is not hidden (as `**` means in a glob), each once."""
        base = base or os.curdir
        try:
            info = os.stat(base)
        except OSError:
            return []  # as glob: a pattern whose start does not exist matches nothing
        if not stat.S_ISDIR(info.st_mode):
            return []
        walked, self.walked = self.walked, set()  # the walk for files comes after and needs its own record
        folders: list[str] = []
        stack = [_Folder(base, (info.st_dev, info.st_ino), None)]
        self.walked.add(stack[0].key)
        try:
            while stack:
                folder = stack.pop()
                folders.append(folder.path)
                stack.extend(self._read_folder(folder, for_files=False)[1])
        finally:
            self.walked = walked
        return folders


def discover(paths: Iterable[str | os.PathLike[str]]) -> Discovered:
    """The `*.txt` files named by `paths` (files as given, folders recursively, globs expanded) and the failures.

    Raises `NewsdbError` only for a path that does not exist at all or a pattern that matches nothing.
    """
    discovery = _Discovery()
    for raw in paths:
        discovery.add_path(os.fspath(raw))
    # a folder that a `**` pattern and then the walk for files both fail to read is reported once
    return Discovered(list(discovery.files), list(dict.fromkeys(discovery.failures)))
