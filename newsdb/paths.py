"""Comparing a stored `source_path` with a file seen now; telling a file that is gone from one we cannot see.

`source_path` is stored as the path was given (relative paths stay relative), so paths are compared after
resolving both (symbolic links, `..`, the working directory), and only when their spelling differs.
"""

from __future__ import annotations

import os
from pathlib import Path


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
