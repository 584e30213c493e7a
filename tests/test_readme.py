"""README.md stays true: its Python examples run, and every command of the CLI is documented and has help."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdb.cli import COMMANDS, main
from newsdb.ingest.seed import seed

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_the_readme_has_python_examples() -> None:
    assert len(PYTHON_BLOCKS) >= 3


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=[f"example {n}" for n in range(1, len(PYTHON_BLOCKS) + 1)])
def test_each_python_example_runs(
    block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each example runs by itself where the README's commands would have run: `seeds/` loaded."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSDB_URL", raising=False)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    assert seed([tmp_path / "seeds"], url="sqlite:///newsdb.sqlite3").inserted == 1
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip(), "every example prints what it found"


def test_the_examples_find_the_seed_and_its_speaker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSDB_URL", raising=False)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    assert seed([tmp_path / "seeds"], url="sqlite:///newsdb.sqlite3").inserted == 1
    for block in PYTHON_BLOCKS:
        exec(compile(block, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "000_30d5db4ca1753fdf" in printed
    assert "Judith Huber" in printed
    assert "0 new, 1 unchanged" in printed  # the seed example found the article loaded


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented_and_has_help(name: str) -> None:
    assert f"newsdb {name}" in README
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) > 3
