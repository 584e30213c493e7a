"""The functions `newsdb sql` refuses, read from `newsdb/data/sql_denied_functions.txt`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class DeniedFunctions:
    """Names and name prefixes of refused functions, each with the reason given to the user."""

    names: dict[str, str]
    prefixes: tuple[tuple[str, str], ...]

    def reason(self, name: str) -> str | None:
        """Why `name` is refused, or None when it may be called."""
        lowered = name.lower()
        if lowered in self.names:
            return self.names[lowered]
        return next((why for prefix, why in self.prefixes if lowered.startswith(prefix)), None)


@cache
def denied_functions(backend: str) -> DeniedFunctions:
    """The refused functions of `backend` (`postgresql` or `sqlite`)."""
    text = files("newsdb").joinpath("data", "sql_denied_functions.txt").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    group: tuple[str, str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip().lower()
        if not line:
            continue
        if line.startswith("["):
            name, _, why = line[1:].partition("]")
            group = (name.strip(), why.strip())
            continue
        if group is None:
            raise ValueError(f"sql_denied_functions.txt:{number}: expected a [backend] line before {line!r}")
        if group[0] != backend:
            continue
        if line.endswith("*"):
            prefixes.append((line[:-1], group[1]))
        else:
            names[line] = group[1]
    return DeniedFunctions(names, tuple(prefixes))
