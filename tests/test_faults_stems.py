"""An external id (the file's stem) belongs to one file: the same stem from another file is a conflict that
replaces nothing, a moved corpus updates the stored paths, and another spelling of the same path is no change.

Every database behaviour runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from faults_corpus import article, counts, run_cli, write
from sqlalchemy import text

from newsdb.ingest.seed import seed
from newsdb.store.config import connect


def stored_article(url: str, external_id: str) -> tuple[str, str, str]:
    """(source_path, content_sha256, lede) of the stored article."""
    engine = connect(url)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT source_path, content_sha256, lede FROM articles WHERE external_id = :id"), {"id": external_id}
        ).one()
    engine.dispose()
    return row[0], row[1], row[2]


@pytest.mark.parametrize("content", ["different", "identical"])
def test_a_stem_from_another_existing_file_is_a_conflict(empty_url: str, tmp_path: Path, content: str) -> None:
    first = write(tmp_path / "feedA", "report.txt", article(1))
    second = write(tmp_path / "feedB", "report.txt", article(2) if content == "different" else article(1))
    assert run_cli("--url", empty_url, "seed", str(tmp_path / "feedA"))[0] == 0
    before = stored_article(empty_url, "report")
    assert before[0] == str(first)

    code, out, err = run_cli("--url", empty_url, "seed", str(tmp_path / "feedB"))
    assert code == 1
    assert err == f"{second}: external id 'report' belongs to {first} (rename one of them)\n"
    assert out.startswith("0 inserted, 0 updated, 0 unchanged, 0 duplicates, 1 failed")
    assert stored_article(empty_url, "report") == before
    assert counts(empty_url)["articles"] == 1


def test_a_conflict_under_strict_writes_nothing(empty_url: str, tmp_path: Path) -> None:
    write(tmp_path / "feedA", "report.txt", article(1))
    assert run_cli("--url", empty_url, "seed", str(tmp_path / "feedA"))[0] == 0
    write(tmp_path / "feedB", "report.txt", article(2))
    write(tmp_path / "feedB", "other.txt", article(3))
    code, out, err = run_cli("--url", empty_url, "seed", "--strict", str(tmp_path / "feedB"))
    assert code == 1
    assert "external id 'report' belongs to" in err
    assert "nothing written (--strict)" in out
    assert counts(empty_url)["articles"] == 1


def test_a_moved_corpus_updates_source_path(empty_url: str, tmp_path: Path) -> None:
    write(tmp_path / "feedA", "same.txt", article(1))
    write(tmp_path / "feedA", "edited.txt", article(2))
    assert run_cli("--url", empty_url, "seed", str(tmp_path / "feedA"))[0] == 0
    before = stored_article(empty_url, "same")
    (tmp_path / "feedA").rename(tmp_path / "feedC")
    write(tmp_path / "feedC", "edited.txt", article(2, extra=" Neu ist der Schluss."))

    code, out, err = run_cli("--url", empty_url, "seed", str(tmp_path / "feedC"))
    assert (code, err) == (0, "")
    assert out.startswith("0 inserted, 1 updated, 1 moved, 0 unchanged, 0 duplicates, 0 failed")
    after = stored_article(empty_url, "same")
    assert after == (str(tmp_path / "feedC" / "same.txt"), before[1], before[2])
    assert stored_article(empty_url, "edited")[0] == str(tmp_path / "feedC" / "edited.txt")
    assert counts(empty_url)["articles"] == 2

    code, out, _ = run_cli("--url", empty_url, "seed", "--json", str(tmp_path / "feedC"))
    assert code == 0
    assert (json.loads(out)["moved"], json.loads(out)["unchanged"]) == (0, 2)


def test_the_same_file_by_another_spelling_is_unchanged(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "feedA", "report.txt", article(1))
    (tmp_path / "link").symlink_to(tmp_path / "feedA")
    monkeypatch.chdir(tmp_path)
    assert run_cli("--url", empty_url, "seed", "feedA/report.txt")[0] == 0
    for spelling in (str(tmp_path / "feedA" / "report.txt"), "link/report.txt", "link/../feedA/report.txt"):
        code, out, err = run_cli("--url", empty_url, "seed", spelling)
        assert (code, err) == (0, ""), spelling
        assert out.startswith("0 inserted, 0 updated, 1 unchanged, 0 duplicates, 0 failed")
    assert stored_article(empty_url, "report")[0] == str(tmp_path / "feedA" / "report.txt")  # stored in full


def test_a_changed_stem_from_another_existing_file_is_a_conflict_for_the_loader_too(
    empty_url: str, tmp_path: Path
) -> None:
    """Articles that reach the loader (changed content) are checked there, in the writer's transaction."""
    first = write(tmp_path / "feedA", "report.txt", article(1))
    assert seed([first], url=empty_url, jobs=1).inserted == 1
    second = write(tmp_path / "feedB", "report.txt", article(1, extra=" Anders."))
    report = seed([second], url=empty_url, jobs=1)
    assert [str(failure) for failure in report.failures] == [
        f"{second}: external id 'report' belongs to {first} (rename one of them)"
    ]
    assert report.updated == 0
    assert stored_article(empty_url, "report")[0] == str(first)
