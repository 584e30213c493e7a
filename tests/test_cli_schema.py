"""`newsdb upgrade | downgrade | current` and the CLI's handling of user errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdb.cli import main
from newsdb.store import migrate


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_upgrade_current_downgrade(empty_url: str, backend: str) -> None:
    if backend == "postgresql":  # a SQLite database that does not exist yet is not created by `current`
        assert run("--url", empty_url, "current")[1].startswith("no newsdb schema")
    code, out, _ = run("upgrade", "--url", empty_url)
    assert code == 0
    assert migrate.head() in out
    assert run("--url", empty_url, "current")[1].strip() == f"{migrate.head()} (head)"
    code, out, _ = run("--url", empty_url, "downgrade", "base")
    assert (code, out.strip()) == (0, "database at revision base")
    assert migrate.current(empty_url) is None


def test_url_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDB_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert run("upgrade")[0] == 0
    assert (tmp_path / "env.sqlite3").exists()


def test_default_url_is_a_file_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDB_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert run("upgrade")[0] == 0
    assert (tmp_path / "newsdb.sqlite3").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://user@localhost/news", "unsupported database 'mysql'"),
        ("not a url", "cannot read database URL"),
        ("postgresql://nobody@127.0.0.1:1/news", "cannot connect to postgresql"),
        ("sqlite+pysqlcipher:///x.db", "no database driver"),
    ],
)
def test_user_errors_are_one_line_with_exit_code_2(url: str, message: str) -> None:
    code, out, err = run("--url", url, "current")
    assert code == 2
    assert message in err
    assert err.startswith("newsdb: error: ")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_an_unknown_revision_says_to_upgrade_newsdb(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    from newsdb.store.config import connect

    engine = connect(empty_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    code, _, err = run("--url", empty_url, "upgrade")
    assert code == 2
    assert "9999" in err
    assert "does not know" in err


def test_debug_shows_the_traceback() -> None:
    result = CliRunner().invoke(main, ["--debug", "--url", "mysql://x/y", "current"])
    assert result.exit_code != 0
    assert result.exception is not None


def test_python_dash_m_runs_the_cli_without_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newsdb", "--url", "mysql://x/y", "current"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "unsupported database" in done.stderr
