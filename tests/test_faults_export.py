"""`newsdb export` writes each file whole or not at all, says which files it replaced, and reports a target it
cannot write in one line: a failed run leaves the previous export as it was.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import SEED
from privileges import without_root_file_rights
from sqlalchemy import Engine, text

from newsdb.cli import main
from newsdb.ingest.seed import seed

PREVIOUS = '{"external_id": "from an earlier export"}\n'


def run(url: str, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--url", url, *args])
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def seeded(engine: Engine, empty_url: str) -> str:
    seed([SEED], url=engine)
    return empty_url


def exports(tmp_path: Path) -> Path:
    """A folder for the exported files, apart from the SQLite database in `tmp_path`."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("backend", ["sqlite"])  # PostgreSQL refuses the date (test_faults_stored_values)
def test_a_failed_jsonl_export_keeps_the_previous_file(seeded: str, engine: Engine, tmp_path: Path) -> None:
    target = exports(tmp_path) / "articles.jsonl"
    target.write_text(PREVIOUS, encoding="utf-8")
    with engine.begin() as connection:
        connection.execute(text("UPDATE articles SET published_on = 'garbage'"))
    result = run(seeded, "export", "--jsonl", str(target))
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == PREVIOUS
    assert files_in(target.parent) == ["articles.jsonl"]  # no temporary file left


def test_replacing_a_file_is_said(seeded: str, tmp_path: Path) -> None:
    target = exports(tmp_path) / "articles.jsonl"
    assert run(seeded, "export", "--jsonl", str(target)).stdout == f"exported 1 articles to {target}\n"
    first = target.read_text(encoding="utf-8")
    target.write_text(PREVIOUS, encoding="utf-8")
    result = run(seeded, "export", "--jsonl", str(target))
    assert result.stdout == f"exported 1 articles to {target} (1 existing file replaced)\n"
    assert target.read_text(encoding="utf-8") == first
    assert files_in(target.parent) == ["articles.jsonl"]


def test_a_folder_export_counts_the_files_it_replaced(seeded: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / f"{SEED.stem}.txt").write_text("edited by hand\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not an article\n", encoding="utf-8")
    result = run(seeded, "export", str(folder))
    assert result.stdout == f"exported 1 articles to {folder} (1 existing file replaced)\n"
    assert (folder / f"{SEED.stem}.txt").read_bytes() == SEED.read_bytes()
    assert run(seeded, "export", str(folder)).stdout == f"exported 1 articles to {folder}\n"  # same bytes
    assert files_in(folder) == [f"{SEED.stem}.txt", "notes.txt"]


def test_an_external_id_that_is_no_file_name_writes_nothing(seeded: str, engine: Engine, tmp_path: Path) -> None:
    other = tmp_path / "later.txt"
    other.write_text(SEED.read_text(encoding="utf-8").replace("Kasachstan", "Kirgistan"), encoding="utf-8")
    seed([other], url=engine)
    with engine.begin() as connection:  # sorts after the seed article, which would be written first
        connection.execute(text("UPDATE articles SET external_id = 'zz/../../escaped' WHERE external_id = 'later'"))
    folder = tmp_path / "out"
    result = run(seeded, "export", str(folder))
    assert result.exit_code == 2
    assert result.stderr == (
        "newsdb: error: external id 'zz/../../escaped' is not usable as a file name; nothing was written\n"
    )
    assert not folder.exists()


@pytest.mark.parametrize("where", ["missing/articles.jsonl", "a file/articles.jsonl"])
def test_a_jsonl_target_that_cannot_be_written_is_one_line(seeded: str, tmp_path: Path, where: str) -> None:
    (tmp_path / "a file").write_text("", encoding="utf-8")
    target = tmp_path / where
    result = run(seeded, "export", "--jsonl", str(target))
    assert result.exit_code == 2
    reason = "No such file or directory" if where.startswith("missing") else "Not a directory"
    assert result.stderr == f"newsdb: error: cannot write {target}: {reason}\n"


def test_a_folder_that_cannot_be_made_is_one_line(seeded: str, tmp_path: Path) -> None:
    (tmp_path / "a file").write_text("", encoding="utf-8")
    target = tmp_path / "a file" / "out"
    result = run(seeded, "export", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"newsdb: error: cannot write {target}: Not a directory\n"


def test_a_symlink_keeps_pointing_at_its_file(seeded: str, tmp_path: Path) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text(PREVIOUS, encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real.name)
    assert run(seeded, "export", "--jsonl", str(link)).exit_code == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith('{"external_id": "000_')


def test_a_fifo_is_written_in_place(seeded: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    assert run(seeded, "export", "--jsonl", str(fifo)).stdout == f"exported 1 articles to {fifo}\n"
    reader.join(timeout=60)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received[0].startswith('{"external_id": "000_')


def test_a_replaced_file_keeps_its_permissions(seeded: str, tmp_path: Path) -> None:
    target = exports(tmp_path) / "articles.jsonl"
    target.write_text(PREVIOUS, encoding="utf-8")
    target.chmod(0o600)
    assert run(seeded, "export", "--jsonl", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith('{"external_id": "000_')


# Without the right to ignore permissions, the embedded PostgreSQL server's socket is out of reach too; the
# file is the export's concern, whatever the database.
@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_file_this_user_may_not_write_is_not_replaced(seeded: str, tmp_path: Path) -> None:
    target = exports(tmp_path) / "articles.jsonl"
    target.write_text(PREVIOUS, encoding="utf-8")
    target.chmod(0o444)
    done = subprocess.run(
        [sys.executable, "-m", "newsdb", "--url", seeded, "export", "--jsonl", str(target)],
        capture_output=True, text=True, preexec_fn=without_root_file_rights, timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (2, f"newsdb: error: cannot write {target}: Permission denied\n")
    assert target.read_text(encoding="utf-8") == PREVIOUS
    assert files_in(target.parent) == ["articles.jsonl"]


def exported_ids(stream: str) -> list[str]:
    return [json.loads(line)["external_id"] for line in stream.splitlines()]


def test_a_dash_is_standard_output(seeded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(seeded, "export", "--jsonl", "-")
    assert result.exit_code == 0
    assert exported_ids(result.stdout) == [SEED.stem]  # JSON lines only
    assert result.stderr == "exported 1 articles to standard output\n"
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
@pytest.mark.parametrize("stdout", ["pipe", "file"])
def test_standard_output_holds_json_lines_only(seeded: str, tmp_path: Path, target: str, stdout: str) -> None:
    """Whatever stdout is, a pipe or a file the shell opened (`> articles.jsonl`), it gets the JSON lines and
    nothing else, and the file is not replaced behind the shell's back."""
    command = [sys.executable, "-m", "newsdb", "--url", seeded, "export", "--jsonl", target]
    if stdout == "pipe":
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        written = done.stdout
    else:
        redirected = exports(tmp_path) / "articles.jsonl"
        with redirected.open("w", encoding="utf-8") as out:
            done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, text=True, timeout=120, check=False)
            assert os.path.samestat(os.fstat(out.fileno()), redirected.stat())
        written = redirected.read_text(encoding="utf-8")
        assert files_in(redirected.parent) == ["articles.jsonl"]
    assert (done.returncode, done.stderr) == (0, "exported 1 articles to standard output\n")
    assert exported_ids(written) == [SEED.stem]


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_a_full_or_closed_standard_output_is_one_line(seeded: str, target: str) -> None:
    """A full disk (`> /dev/full`) or a closed stdout (`>&-`) gave a traceback; closed, `/dev/stdout` named some
    other file newsdb had open."""
    command = [sys.executable, "-m", "newsdb", "--url", seeded, "export", "--jsonl", target]
    with Path("/dev/full").open("w", encoding="utf-8") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (
        2,
        "newsdb: error: cannot write standard output: No space left on device\n",
    )
    closed = f"exec 1>&-; exec {shlex.join(command)}"
    done = subprocess.run(["/bin/sh", "-c", closed], stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (2, "newsdb: error: cannot write standard output: it is closed\n")


def test_a_file_named_dash_is_written_when_given_as_a_path(
    seeded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(seeded, "export", "--jsonl", "./-")
    assert (result.exit_code, result.stdout) == (0, "exported 1 articles to -\n")
    assert exported_ids((tmp_path / "-").read_text(encoding="utf-8")) == [SEED.stem]
