"""The repository's own `alembic.ini`: `alembic upgrade/check/downgrade/heads` with NEWSDB_URL, on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def alembic(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=REPO,
        env={**os.environ, "NEWSDB_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )


def test_alembic_command_round_trip(empty_url: str) -> None:
    for args in (["upgrade", "head"], ["check"], ["downgrade", "base"], ["upgrade", "head"]):
        done = alembic(empty_url, *args)
        assert done.returncode == 0, (args, done.stderr)
    heads = alembic(empty_url, "heads")
    assert heads.returncode == 0
    assert len(heads.stdout.strip().splitlines()) == 1
    assert heads.stdout.strip().endswith("(head)")
    current = alembic(empty_url, "current")
    assert "(head)" in current.stdout
