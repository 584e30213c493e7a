"""The package's layers: the pure core, the database, the readers, seeding, the command line.

A module imports only from its own layer or the ones below, at module level there are no import cycles, and the
pure core (documents, parsing, rendering, extraction, the query syntax and index terms) imports without
SQLAlchemy or Alembic.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newsdb"

CORE, STORE, READ, INGEST, CLI = range(5)
LAYERS = {  # module name prefix -> layer; the longest prefix wins
    "newsdb.document": CORE,
    "newsdb.errors": CORE,
    "newsdb.arguments": CORE,
    "newsdb.files": CORE,
    "newsdb.paths": CORE,
    "newsdb.parse": CORE,
    "newsdb.render": CORE,
    "newsdb.extract": CORE,
    "newsdb.search.query": CORE,
    "newsdb.search.snippet": CORE,
    "newsdb.search.terms": CORE,
    "newsdb.sources.names": CORE,
    "newsdb.store": STORE,
    "newsdb.search.sqlite_index": STORE,
    "newsdb.sources": STORE,
    "newsdb": READ,  # the public API (`import newsdb`), the readers and what they share
    "newsdb.models": READ,
    "newsdb.queries": READ,
    "newsdb.search": READ,
    "newsdb.readonly": READ,
    "newsdb.datasette_plugin": READ,
    "newsdb.ingest": INGEST,
    "newsdb.cli": CLI,
    "newsdb.__main__": CLI,
}
PURE = [name for name, layer in LAYERS.items() if layer == CORE]


def _layer(module: str) -> int:
    return LAYERS[max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _top_level_imports(module: str) -> set[str]:
    """The newsdb modules `module` imports when it is imported (not inside functions or TYPE_CHECKING)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    body = list(tree.body)
    while body:
        node = body.pop(0)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            body += node.orelse
        elif isinstance(node, ast.If | ast.Try):
            body += [*node.body, *getattr(node, "orelse", []), *getattr(node, "finalbody", [])]
            body += [n for handler in getattr(node, "handlers", []) for n in handler.body]
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("newsdb")}
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.module.startswith("newsdb"):
            for alias in node.names:  # `from newsdb.x import y` imports the submodule x.y when there is one
                found.add(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module)
    return found


def test_the_layer_table_knows_every_module() -> None:
    assert len(MODULES) > 60
    for module in MODULES:
        _layer(module)  # no KeyError


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_layer_and_those_below(module: str) -> None:
    above = {name for name in _top_level_imports(module) if _layer(name) > _layer(module)}
    assert not above, f"{module} imports {sorted(above)} from a layer above its own"


def test_no_import_cycles() -> None:
    graph = {module: _top_level_imports(module) & MODULES.keys() for module in MODULES}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = [*path[path.index(module) :], module]
            # a package importing its own submodules, which import the package back, is how packages work
            if not all(m == cycle[0] or m.startswith(cycle[0] + ".") for m in cycle):
                pytest.fail(f"import cycle: {' -> '.join(cycle)}")
            return
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_the_pure_core_imports_without_the_database_stack() -> None:
    modules = ", ".join(name for name in PURE if name in MODULES or f"{name}.__init__" in MODULES)
    code = f"import sys, {modules}; print(sorted(m for m in ('sqlalchemy', 'alembic', 'psycopg') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.startswith("newsdb.extract")))
def test_modules_stay_under_400_lines(module: str) -> None:
    assert len(MODULES[module].read_text(encoding="utf-8").splitlines()) < 400
