"""The built wheel carries its migrations: a plain install outside the repository can create a database."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import inspect

from newsdb.config import connect

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(REPO)],
        check=True,
    )
    [built] = out.glob("newsdb-*.whl")
    return built


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed (not editable); returns its `newsdb` command."""
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=True)
    subprocess.run([env / "bin" / "python", "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    return env / "bin" / "newsdb"


def test_wheel_contains_the_migration_scripts(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "newsdb/_alembic/env.py" in names
    assert "newsdb/_alembic/script.py.mako" in names
    assert any(n.startswith("newsdb/_alembic/versions/0001_") for n in names)
    assert "newsdb/py.typed" in names


def test_installed_wheel_migrates_a_new_database(installed: Path, empty_url: str, tmp_path: Path) -> None:
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    done = subprocess.run(
        [str(installed), "--url", empty_url, "upgrade"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    engine = connect(empty_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"articles", "sections", "paragraphs", "sources", "quotes", "alembic_version"} <= tables
