"""Comparing a stored `source_path` with a file seen now; telling a file that is gone from one we cannot see.

`source_path` is stored absolute (`stored_path`: the path as given, against the working directory of the run
that loaded it), so that a run from another directory reads it as the same file. Paths are compared after
resolving both (symbolic links, `..`), and only when their spelling differs. A relative `source_path`, as older
versions stored it, is read against the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path


def stored_path(path: str) -> str:
    """The form in which a file's path is stored: absolute against the working directory, otherwise as written.
    `..` stays: after a symbolic link it leads elsewhere than dropping it would (`link/../a.txt`)."""
    return str(Path(path).absolute())


def same_file(stored: str, seen: str) -> bool:
    """Whether the stored path and the path seen now name the same file."""
    return stored == seen or os.path.realpath(stored) == os.path.realpath(seen)


def is_gone(path: str) -> bool:
    """Whether nothing exists at `path` any more. A path that cannot be looked at (no permission) is not gone."""
    try:
        Path(path).stat()
    except (FileNotFoundError, NotADirectoryError):
        return True
    except ValueError:  # a NUL byte: no file can have that name
        return True
    except OSError:
        return False
    return False


def conflict_message(path: str, external_id: str, stored_path: str) -> str:
    """The failure line for a file whose stem names an article loaded from a file that still exists."""
    return f"{path}: external id {external_id!r} belongs to {stored_path} (rename one of them)"
