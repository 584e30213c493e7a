"""The chaos bench (bench/chaos.py): its invariant checks pass on a clean load and catch damage, its process
watch finds hung and orphaned processes, and two rounds run end to end on each backend."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from conftest import REPO
from sqlalchemy import Engine, create_engine, text

from newsdb.ingest.seed import seed

sys.path.insert(0, str(REPO / "bench"))
import chaos_checks
import chaos_procs
from chaos_corpus import BAD_KINDS, Corpus
from chaos_rounds import Rounds, Settings


def _loaded_corpus(url: str, root: Path, docs: int = 12) -> tuple[Corpus, chaos_checks.Expected]:
    corpus = Corpus.generate(root, docs, random.Random(7))
    for kind in BAD_KINDS:
        corpus.add_bad(kind)
    report = seed([root], url=url, jobs=1)
    assert report.inserted == docs
    expected = chaos_checks.Expected(
        good=corpus.stems,
        sha256={path.stem: sha for path, sha in corpus.good.items()},
        bad={path.stem for path in corpus.bad},
        gone=set(),
        pruned=False,
    )
    return corpus, expected


def test_checks_pass_on_a_clean_load(engine: Engine, empty_url: str, tmp_path: Path) -> None:
    _, expected = _loaded_corpus(empty_url, tmp_path / "corpus")
    found = chaos_checks.check(empty_url, expected)
    assert set(found) == set(chaos_checks.CHECKS)
    assert found == {name: [] for name in chaos_checks.CHECKS}


def _damage(url: str, statements: list[str]) -> None:
    """Write past newsdb and past the foreign keys (plain SQLite connections have them off)."""
    raw = create_engine(url)
    with raw.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        for statement in statements:
            connection.execute(text(statement))
    raw.dispose()


def test_checks_find_damage(engine: Engine, empty_url: str, tmp_path: Path, backend: str) -> None:
    corpus, expected = _loaded_corpus(empty_url, tmp_path / "corpus")
    stems = sorted(expected.good)
    bad_stem = sorted(expected.bad)[0]
    article = "(SELECT id FROM articles WHERE external_id = '{}')".format
    with engine.begin() as connection:  # foreign keys on: the article's rows go with it
        connection.execute(text(f"DELETE FROM articles WHERE external_id = '{stems[0]}'"))
    damage = [
        f"UPDATE articles SET content_sha256 = 'ff' WHERE external_id = '{stems[1]}'",
        f"UPDATE paragraphs SET text = text || ' Angefügt.' WHERE position = 1 AND article_id = {article(stems[2])}",
        f"UPDATE articles SET external_id = '{bad_stem}' WHERE external_id = '{stems[3]}'",
        f"DELETE FROM quotes WHERE id = (SELECT min(id) FROM quotes WHERE article_id = {article(stems[5])})",
        "INSERT INTO quotes (article_id, paragraph_id, text, kind, start_offset, end_offset)"
        " VALUES (999999, 999999, 'x', 'direct', 0, 1)",
    ]
    if backend == "sqlite":
        damage.append(f"DELETE FROM articles_fts WHERE rowid = {article(stems[4])}")
    _damage(empty_url, damage)

    found = chaos_checks.check(empty_url, expected)

    assert found["articles match the files"] == [
        f"2 good files not loaded (e.g. {', '.join(sorted([stems[0], stems[3]]))})",
        f"1 articles whose content differs from their file (e.g. {stems[1]})",
        f"1 bad files loaded (e.g. {bad_stem})",
    ]
    rebuilt = found["stored rows rebuild each file"]
    assert rebuilt[0] == f"1 articles whose stored sections and paragraphs do not rebuild their file (e.g. {stems[2]})"
    assert rebuilt[1] == f"1 articles without the quotes extracted from their file (e.g. {stems[5]})"
    orphans = found["no orphan rows"]
    assert [line.split(" (e.g.")[0] for line in orphans] == [
        "1 quotes whose paragraph is missing or another article's",
        "1 quotes without their article",
    ]
    if backend == "sqlite":
        assert found["search index matches articles"] == [f"1 articles without a full-text row (e.g. {stems[4]})"]
    assert found["whole articles"] == []
    assert found["no duplicate sources or articles"] == []
    assert len(corpus.good) == 12


def test_a_hang_is_killed_and_marked(tmp_path: Path) -> None:
    run = chaos_procs.start([sys.executable, "-c", "import time; time.sleep(60)"], "hang", tmp_path, tmp_path)
    chaos_procs.supervise([run], timeout=0.5)
    assert run.hung
    assert run.returncode is not None
    assert chaos_procs.survivors(run.pgid) == []


def test_a_process_that_outlives_its_parent_is_found(tmp_path: Path) -> None:
    # the parent forks a child that sleeps, then exits: the child is re-parented but keeps the group
    script = "import os, time\nif os.fork() == 0:\n    time.sleep(60)\n"
    run = chaos_procs.start([sys.executable, "-c", script], "orphan", tmp_path, tmp_path)
    chaos_procs.supervise([run], timeout=30)
    assert not run.hung
    assert run.returncode == 0
    left = chaos_procs.leftovers(run.pgid, grace=0.2)
    assert len(left) == 1
    assert left[0] != run.process.pid
    chaos_procs.kill_group(run.pgid)
    assert chaos_procs.survivors(run.pgid) == []


def test_two_rounds(engine: Engine, empty_url: str, tmp_path: Path, backend: str) -> None:
    """Bad files and a second seeder on a migrated database: the settled faults, with corpus changes between."""
    settings = Settings(rounds=2, docs=40, changes=3, faults=("concurrent", "bad-files"), grace=1.0, jobs=2)
    rounds = Rounds(empty_url, backend, tmp_path, settings)
    tally = rounds.play()

    assert tally.rounds == 2
    assert sum(n for fault, n in tally.faults.items() if fault.startswith("concurrent seeder")) == 2
    assert sum(n for fault, n in tally.faults.items() if fault.startswith("bad file: ")) >= 2
    assert (tally.changes["edited"], tally.changes["deleted"], tally.changes["added"]) == (3, 3, 3)
    assert {name: tally.checked[name] for name in chaos_checks.CHECKS} == dict.fromkeys(chaos_checks.CHECKS, 2)
    assert tally.checked["rerun within the bound"] == 2
    assert len(tally.reruns) == 2
    assert tally.hung_reruns == 0
    # Without `newsdb seed --prune`, the articles of the deleted files stay; that is the only violation allowed.
    unprunable = "of deleted files still stored (newsdb seed has no --prune)"
    assert [v for v in tally.violations if rounds.prune or unprunable not in v] == []
    assert tally.good_files == 40 + 3 - 3 + tally.changes["bad files repaired"]
