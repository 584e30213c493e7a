"""Wheel build hook: compiles the document model, the parser, the extractor and what turns its output into rows
(with the source names and index terms that needs) to C extension modules (mypyc).

These modules are strictly typed pure Python and take most of seeding's CPU; compiled,
they run about 1.5 times as fast with the same results (`tests/test_wheel.py`). The wheel keeps the `.py` files
beside the compiled modules, which Python imports first.

- `NEWSDB_COMPILE=0`: build a pure-Python wheel.
- `NEWSDB_COMPILE=1`: compiling is required; the build fails if it cannot compile.
- unset (the default): compile, or build pure Python with a warning where compiling fails (no C compiler).

Editable installs (`pip install -e`) are never compiled, so that changes to the sources take effect at once.
"""

from __future__ import annotations

import os
from contextlib import chdir
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMPILED = (
    "newsdb/document.py",
    "newsdb/parse.py",
    "newsdb/render.py",
    "newsdb/extract/*.py",
    "newsdb/store/rows.py",
    "newsdb/sources/names.py",
    "newsdb/search/terms.py",
)


class CompileModules(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        wanted = os.environ.get("NEWSDB_COMPILE", "")
        if version == "editable" or wanted == "0":
            return
        self._scratch = TemporaryDirectory(prefix="newsdb-mypyc-")
        try:
            built = compile_modules(Path(self.root), Path(self._scratch.name))
        except (Exception, SystemExit) as exc:  # mypyc reports type errors with SystemExit
            if wanted == "1":
                raise
            self.app.display_warning(f"newsdb: building pure Python, the modules did not compile: {exc}")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"].update(built)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            scratch.cleanup()


def compile_modules(root: Path, scratch: Path) -> dict[str, str]:
    """Compile the `COMPILED` modules under `scratch`; returns {built file: its path in the wheel}."""
    from mypyc.build import mypycify
    from setuptools import Distribution  # type: ignore[import-untyped,unused-ignore]

    lib = scratch / "lib"
    with chdir(root):  # mypy reads the project's settings and names modules relative to the root
        sources = sorted(path.as_posix() for pattern in COMPILED for path in Path().glob(pattern))
        # a cache of its own: each build type-checks from scratch, whatever a previous mypy run left behind
        options = ["--cache-dir", str(scratch / "mypy_cache")]
        extensions = mypycify([*options, *sources], opt_level="3", group_name="newsdb", target_dir=str(scratch / "c"))
        distribution = Distribution({"ext_modules": extensions})
        command: Any = distribution.get_command_obj("build_ext")
        command.build_lib, command.build_temp = str(lib), str(scratch / "temp")
        command.parallel = os.cpu_count() or 1
        distribution.run_command("build_ext")
    return {str(path): path.relative_to(lib).as_posix() for path in lib.rglob("*") if path.is_file()}
