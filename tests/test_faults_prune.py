"""`--prune`: articles whose files are gone are deleted, each named, only within what was seeded, and not at
all when a `--strict` run fails.

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


def all_external_ids(url: str) -> list[str]:
    engine = connect(url)
    with engine.connect() as connection:
        found = [row[0] for row in connection.execute(text("SELECT external_id FROM articles ORDER BY 1"))]
    engine.dispose()
    return found


def test_prune_removes_articles_whose_files_are_gone_under_the_seeded_folder(empty_url: str, tmp_path: Path) -> None:
    corpus, other = tmp_path / "corpus", tmp_path / "other"
    gone = write(corpus, "gone.txt", article(1))
    write(corpus, "kept.txt", article(2))
    elsewhere = write(other, "elsewhere.txt", article(3))
    assert run_cli("--url", empty_url, "seed", str(corpus), str(other))[0] == 0
    gone.unlink()
    elsewhere.unlink()

    code, out, err = run_cli("--url", empty_url, "seed", "--prune", str(corpus))
    assert code == 0
    assert out.startswith("0 inserted, 0 updated, 1 unchanged, 0 duplicates, 0 failed, 1 pruned")
    assert err == f"{gone}: file is gone, article 'gone' deleted\n"
    assert all_external_ids(empty_url) == ["elsewhere", "kept"]
    found = counts(empty_url)
    # whole articles only, nothing left of the pruned one: each keeps its one section and two paragraphs
    assert (found["sections"], found["paragraphs"]) == (2, 4)

    code, out, _ = run_cli("--url", empty_url, "seed", "--prune", "--json", str(corpus))
    assert code == 0
    assert json.loads(out)["pruned"] == []


def test_prune_reports_in_json(empty_url: str, tmp_path: Path) -> None:
    gone = write(tmp_path / "corpus", "gone.txt", article(1))
    write(tmp_path / "corpus", "kept.txt", article(2))
    assert seed([tmp_path / "corpus"], url=empty_url, jobs=1).inserted == 2
    gone.unlink()
    code, out, _ = run_cli("--url", empty_url, "seed", "--prune", "--json", str(tmp_path / "corpus"))
    assert code == 0
    assert json.loads(out)["pruned"] == [{"external_id": "gone", "source_path": str(gone)}]
    code, out, _ = run_cli("--url", empty_url, "seed", "--json", str(tmp_path / "corpus"))
    assert json.loads(out)["pruned"] is None


def test_prune_takes_a_renamed_file_as_the_new_name(empty_url: str, tmp_path: Path) -> None:
    old = write(tmp_path / "corpus", "old.txt", article(1))
    assert seed([tmp_path / "corpus"], url=empty_url, jobs=1).inserted == 1
    old.rename(tmp_path / "corpus" / "new.txt")
    report = seed([tmp_path / "corpus"], url=empty_url, jobs=1, prune=True)
    assert report.ok
    assert (report.inserted, len(report.duplicates)) == (1, 0)
    assert report.pruned is not None
    assert [p.external_id for p in report.pruned] == ["old"]
    assert all_external_ids(empty_url) == ["new"]


def test_prune_with_a_glob_stays_within_what_the_glob_matches(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = write(tmp_path / "corpus", "top.txt", article(1))
    deeper = write(tmp_path / "corpus" / "sub", "deeper.txt", article(2))
    write(tmp_path / "corpus", "kept.txt", article(3))
    monkeypatch.chdir(tmp_path)
    assert seed(["corpus"], url=empty_url, jobs=1).inserted == 3
    top.unlink()
    deeper.unlink()
    report = seed(["corpus/*.txt"], url=empty_url, jobs=1, prune=True)
    assert report.pruned is not None
    assert [p.external_id for p in report.pruned] == ["top"]
    report = seed(["corpus/**/*.txt"], url=empty_url, jobs=1, prune=True)
    assert report.pruned is not None
    assert [(p.external_id, p.source_path) for p in report.pruned] == [("deeper", str(deeper))]
    assert all_external_ids(empty_url) == ["kept"]


def test_prune_under_strict_prunes_nothing_when_a_file_fails(empty_url: str, tmp_path: Path) -> None:
    gone = write(tmp_path / "corpus", "gone.txt", article(1))
    assert seed([tmp_path / "corpus"], url=empty_url, jobs=1).inserted == 1
    gone.unlink()
    write(tmp_path / "corpus", "broken.txt", "no date line here\n")
    report = seed([tmp_path / "corpus"], url=empty_url, jobs=1, prune=True, strict=True)
    assert report.rolled_back
    assert report.pruned == []
    assert all_external_ids(empty_url) == ["gone"]

    (tmp_path / "corpus" / "broken.txt").unlink()
    write(tmp_path / "corpus", "new.txt", article(2))
    report = seed([tmp_path / "corpus"], url=empty_url, jobs=1, prune=True, strict=True)
    assert report.ok
    assert report.pruned is not None
    assert [p.external_id for p in report.pruned] == ["gone"]
    assert all_external_ids(empty_url) == ["new"]


def _sources(url: str) -> dict[str, tuple[int, str | None, int]]:
    """Each source's name: its id, wikidata_id and how many quotes it has."""
    engine = connect(url)
    query = (
        "SELECT s.name, s.id, s.wikidata_id, (SELECT count(*) FROM quotes AS q WHERE q.source_id = s.id)"
        " FROM sources AS s"
    )
    with engine.connect() as connection:
        found = {row[0]: (row[1], row[2], row[3]) for row in connection.execute(text(query))}
    engine.dispose()
    return found


def test_a_source_given_a_wikidata_id_outlives_its_pruned_quotes(empty_url: str, tmp_path: Path) -> None:
    """`wikidata_id` is the user's: the source keeps it (and its id) while no article quotes it, and the quotes of
    a renamed or returning file join it again. Sources nobody filled in go with their last quote, as before."""
    corpus = tmp_path / "corpus"
    first = write(corpus, "first.txt", article(1, " «Das reicht nicht», sagte Hans Gruber."))
    assert run_cli("--url", empty_url, "seed", str(corpus))[0] == 0
    engine = connect(empty_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE sources SET wikidata_id = 'Q1' WHERE name = 'Petra Meier'"))
    engine.dispose()
    before = _sources(empty_url)
    petra, quoted = before["Petra Meier"][0], before["Petra Meier"][2]
    assert sorted(before) == ["Hans Gruber", "Petra Meier"]
    assert quoted > 0

    renamed = first.rename(corpus / "renamed.txt")
    assert run_cli("--url", empty_url, "seed", "--prune", str(corpus))[0] == 0
    after = _sources(empty_url)
    assert after["Petra Meier"] == (petra, "Q1", quoted)
    assert sorted(after) == ["Hans Gruber", "Petra Meier"]

    renamed.unlink()
    code, _, err = run_cli("--url", empty_url, "seed", "--prune", str(corpus))
    assert (code, err) == (0, f"{renamed}: file is gone, article 'renamed' deleted\n")
    assert _sources(empty_url) == {"Petra Meier": (petra, "Q1", 0)}

    write(corpus, "back.txt", article(1))
    assert run_cli("--url", empty_url, "seed", str(corpus))[0] == 0
    assert _sources(empty_url) == {"Petra Meier": (petra, "Q1", quoted)}


def _stored_paths(url: str) -> dict[str, str]:
    engine = connect(url)
    with engine.connect() as connection:
        found = {row[0]: row[1] for row in connection.execute(text("SELECT external_id, source_path FROM articles"))}
    engine.dispose()
    return found


def test_paths_given_relative_are_stored_in_full_and_a_run_from_another_folder_prunes_nothing_alive(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative path was read against the working directory of each later run: seeding `.` in another folder
    pruned the articles of files that still exist, saying their files were gone."""
    report = write(tmp_path / "feedA", "report.txt", article(1))
    write(tmp_path / "other", "new.txt", article(2))
    monkeypatch.chdir(tmp_path)
    assert run_cli("--url", empty_url, "seed", "feedA")[0] == 0
    assert _stored_paths(empty_url) == {"report": str(report)}

    monkeypatch.chdir(tmp_path / "other")
    code, out, err = run_cli("--url", empty_url, "seed", "--prune", ".")
    assert (code, err) == (0, "")
    assert out.startswith("1 inserted, 0 updated, 0 unchanged, 0 duplicates, 0 failed, 0 pruned")
    assert all_external_ids(empty_url) == ["new", "report"]


def test_the_external_id_of_a_file_elsewhere_stays_taken_from_any_folder(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "feedA", "report.txt", article(1))
    other = write(tmp_path / "feedB", "report.txt", article(2))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    assert run_cli("--url", empty_url, "seed", "feedA")[0] == 0

    monkeypatch.chdir(tmp_path / "elsewhere")
    code, out, err = run_cli("--url", empty_url, "seed", "../feedB")
    assert code == 1
    assert out.startswith("0 inserted, 0 updated, 0 unchanged, 0 duplicates, 1 failed")
    expected = f"../feedB/report.txt: external id 'report' belongs to {tmp_path / 'feedA' / 'report.txt'}"
    assert err.startswith(expected)
    assert counts(empty_url)["quotes"] == 2  # feedA's article as it was
    assert other.exists()


def test_a_folder_seeded_again_from_inside_is_unchanged_not_moved(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write(tmp_path / "archive" / "2025", "first.txt", article(1))
    monkeypatch.chdir(tmp_path)
    assert run_cli("--url", empty_url, "seed", "archive/2025")[0] == 0
    monkeypatch.chdir(tmp_path / "archive")
    code, out, _ = run_cli("--url", empty_url, "seed", "--json", "2025")
    assert code == 0
    assert (json.loads(out)["unchanged"], json.loads(out)["moved"]) == (1, 0)
    assert _stored_paths(empty_url) == {"first": str(first)}


def test_a_relative_path_an_older_version_stored_is_stored_in_full_when_its_file_is_seen(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write(tmp_path / "corpus", "first.txt", article(1))
    assert run_cli("--url", empty_url, "seed", str(tmp_path / "corpus"))[0] == 0
    engine = connect(empty_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE articles SET source_path = 'corpus/first.txt'"))
    engine.dispose()
    monkeypatch.chdir(tmp_path)

    code, out, _ = run_cli("--url", empty_url, "seed", "--json", "corpus")

    assert code == 0
    assert (json.loads(out)["unchanged"], json.loads(out)["moved"]) == (1, 0)
    assert _stored_paths(empty_url) == {"first": str(first)}


def test_a_renamed_file_seeded_without_prune_is_a_duplicate_that_says_how_to_move_it(
    empty_url: str, tmp_path: Path
) -> None:
    first = write(tmp_path / "corpus", "first.txt", article(1))
    kept = write(tmp_path / "corpus", "kept.txt", article(2))
    assert run_cli("--url", empty_url, "seed", str(tmp_path / "corpus"))[0] == 0
    renamed = first.rename(tmp_path / "corpus" / "renamed.txt")
    copy = write(tmp_path / "corpus", "copy.txt", kept.read_text(encoding="utf-8"))

    code, _, err = run_cli("--url", empty_url, "seed", str(tmp_path / "corpus"))

    assert code == 0
    assert sorted(err.splitlines()) == [
        f"{copy}: same content as kept, skipped",
        f"{renamed}: same content as first, skipped (first's file is gone: a seed with --prune over "
        f"{tmp_path / 'corpus'} loads this one and deletes first)",
    ]
    out = run_cli("--url", empty_url, "seed", "--json", str(tmp_path / "corpus"))[1]
    found = {d["external_id"]: (d["original_gone"], d["original_path"]) for d in json.loads(out)["duplicates"]}
    assert found == {"renamed": (True, str(first)), "copy": (False, str(kept))}


def test_a_file_moved_to_another_folder_is_loaded_by_the_prune_its_duplicate_line_names(
    empty_url: str, tmp_path: Path
) -> None:
    old = write(tmp_path / "old", "a.txt", article(1))
    assert run_cli("--url", empty_url, "seed", str(tmp_path / "old"))[0] == 0
    moved = old.rename(write(tmp_path / "new", "keep.txt", article(2)).parent / "b.txt")

    code, _, err = run_cli("--url", empty_url, "seed", str(tmp_path / "new"))
    assert code == 0
    assert f"{moved}: same content as a, skipped (a's file is gone: a seed with --prune over {tmp_path / 'old'}" in err

    code, _, err = run_cli("--url", empty_url, "seed", "--prune", str(tmp_path / "old"), str(tmp_path / "new"))
    assert (code, err) == (0, f"{old}: file is gone, article 'a' deleted\n")
    assert all_external_ids(empty_url) == ["b", "keep"]


def test_reextract_from_another_folder_keeps_a_relative_path_an_older_version_stored(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-extraction reads the path from the database: it cannot know the folder a relative one was given in."""
    write(tmp_path / "corpus", "first.txt", article(1))
    (tmp_path / "elsewhere").mkdir()
    assert run_cli("--url", empty_url, "seed", str(tmp_path / "corpus"))[0] == 0
    engine = connect(empty_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE articles SET source_path = 'corpus/first.txt', extractor_version = NULL"))
    engine.dispose()
    monkeypatch.chdir(tmp_path / "elsewhere")

    assert run_cli("--url", empty_url, "reextract")[0] == 0

    assert _stored_paths(empty_url) == {"first": "corpus/first.txt"}


def test_a_path_through_a_symbolic_link_and_up_is_stored_as_it_leads(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`link/../a.txt` after `link -> real/sub` is `real/a.txt`: dropping `link/..` as text named another file."""
    real = write(tmp_path / "real", "report.txt", article(1))
    (tmp_path / "real" / "sub").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real" / "sub")
    write(tmp_path, "report.txt", article(2))  # where `link/../report.txt` would be without the link
    monkeypatch.chdir(tmp_path)
    assert run_cli("--url", empty_url, "seed", "link/../report.txt")[0] == 0
    assert _stored_paths(empty_url) == {"report": str(tmp_path / "link" / ".." / "report.txt")}

    for given in ("link/../report.txt", str(real)):
        code, out, err = run_cli("--url", empty_url, "seed", "--json", given)
        assert (code, err) == (0, ""), given
        assert (json.loads(out)["unchanged"], json.loads(out)["moved"]) == (1, 0)
    code, _, err = run_cli("--url", empty_url, "seed", "--prune", "real")
    assert (code, err) == (0, "")
    assert all_external_ids(empty_url) == ["report"]
