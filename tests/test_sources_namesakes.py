"""Curation with sources of one name: `rename` does not make a second source of a name another kind has, and a
name several sources share is chosen by its kind in brackets, as the listing writes it. Both backends."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import text

from newsdb.cli import main
from newsdb.ingest.seed import seed
from newsdb.store.config import connect

ARTICLE = (
    " date 2024-05-02 Der Gemeinderat hat das Budget beraten.\n\n"
    "Die Stadtverwaltung Bern teilte mit, die Lage sei angespannt. «Wir müssen sparen», sagte Judith Keller.\n"
)


def _sources(url: str) -> list[tuple[str, str, int]]:
    """Each source's name, kind and number of quotes."""
    engine = connect(url)
    query = (
        "SELECT s.name, s.kind, (SELECT count(*) FROM quotes AS q WHERE q.source_id = s.id) FROM sources AS s"
        " ORDER BY s.name, s.kind"
    )
    with engine.connect() as connection:
        found = [(row[0], row[1], row[2]) for row in connection.execute(text(query))]
    engine.dispose()
    return found


def _run(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--url", url, "sources", *args])
    return result.exit_code, result.output


def _seeded(url: str, folder: Path) -> None:
    folder.mkdir()
    (folder / "budget.txt").write_text(ARTICLE, encoding="utf-8")
    assert seed([folder], url=url, jobs=1).inserted == 1


def test_rename_to_the_name_of_a_source_of_another_kind_is_refused_with_the_merge_to_run(
    empty_url: str, tmp_path: Path
) -> None:
    _seeded(empty_url, tmp_path / "corpus")
    before = _sources(empty_url)
    assert before == [("Judith Keller", "person", 1), ("Stadtverwaltung Bern", "organization", 1)]

    code, out = _run(empty_url, "rename", "Stadtverwaltung Bern", "judith keller")

    assert code == 2
    assert out == (
        "newsdb: error: Judith Keller is already the name of a source of kind person: "
        "`newsdb sources merge 'Stadtverwaltung Bern' 'Judith Keller'` makes them one\n"
    )
    assert _sources(empty_url) == before
    assert _run(empty_url, "merge", "Stadtverwaltung Bern", "Judith Keller")[0] == 0
    assert _sources(empty_url) == [("Judith Keller", "person", 2)]


def test_a_name_of_two_sources_is_chosen_by_its_kind_in_brackets(empty_url: str, tmp_path: Path) -> None:
    _seeded(empty_url, tmp_path / "corpus")
    engine = connect(empty_url)
    with engine.begin() as connection:  # a namesake of another kind, as the rules may make one (`BBC News`)
        connection.execute(
            text("UPDATE sources SET name = 'Judith Keller', normalized_key = 'organization:judith keller'"
                 " WHERE kind = 'organization'")
        )  # fmt: skip
    engine.dispose()

    code, out = _run(empty_url, "merge", "Judith Keller", "Judith Keller")
    assert code == 2
    assert out == (
        "newsdb: error: 'Judith Keller' names 2 sources: Judith Keller (organization), Judith Keller (person); "
        "write one as listed here, with its kind\n"
    )
    code, out = _run(empty_url, "merge", "Judith Keller (organization)", "judith keller (person)")
    assert (code, out) == (0, "merged Judith Keller into Judith Keller\n")
    assert _sources(empty_url) == [("Judith Keller", "person", 2)]
    assert _run(empty_url, "rename", "Judith Keller (other)", "Jane")[1] == (
        "newsdb: error: no source is called 'Judith Keller' (other) (see `newsdb sources`)\n"
    )
