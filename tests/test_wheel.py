"""The built wheel: it carries its migrations (a plain install outside the repository can create a database),
and its compiled modules (`hatch_build.py`) parse, extract and turn into rows exactly what the pure-Python sources
do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from newsdb.store.config import connect

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(REPO)],
        check=True,
        env={**os.environ, "NEWSDB_COMPILE": "1"},  # fail rather than fall back to pure Python
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


def test_wheel_contains_the_compiled_modules(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    compiled = {name.split(".")[0] for name in names if name.endswith((".so", ".pyd"))}
    modules = ["document", "parse", "render", *(f"extract/{m}" for m in ("__init__", "cues", "quotes", "speakers"))]
    modules += ["store/rows", "sources/names", "search/terms"]
    assert {f"newsdb/{module}" for module in modules} <= compiled
    assert "newsdb/extract/cues.py" in names  # the sources stay beside them
    assert not wheel.name.endswith("-none-any.whl")  # tagged for this platform


# Run by both interpreters on the same files: every parse error, and every parsed document's structure and quotes.
DIGEST = """
import json, sys
from pathlib import Path
from newsdb.errors import ParseError
from newsdb.extract import compiled, extract
from newsdb.parse import decode, parse
from newsdb.render import render
from newsdb.search.query import SearchQueryError, parse_query, to_fts5, to_tsquery
from newsdb.store.rows import article_rows

documents = {}
ledes = []
for name in sys.argv[1:]:
    path = Path(name)
    try:
        document = extract(parse(decode(path.read_bytes(), path=path), external_id=path.stem, source=name))
    except ParseError as exc:
        documents[name] = str(exc)
        continue
    sections = [[s.heading, [[p.position, p.kind.value, p.text] for p in s.paragraphs]] for s in document.sections]
    quotes = [
        [q.paragraph, q.start, q.end, q.text, q.kind.value, q.cue, q.speaker_role,
         q.source and [q.source.name, q.source.kind.value, q.source.key]]
        for q in document.quotes
    ]
    rows = article_rows(document, index=True)  # what the workers send the writer: spans, sources, index terms
    ledes.append(document.lede)
    documents[name] = [render(document), document.word_count, str(document.published_on), sections, quotes, rows]

def searched(text):
    try:
        query = parse_query(text)
    except SearchQueryError as exc:
        return str(exc)
    return [to_fts5(query), to_tsquery(query)]

# the search side of the compiled terms: each article's lede as a query, and the syntax's own cases
queries = ledes + json.loads(sys.stdin.read())
searches = {text: searched(text) for text in queries}
print(json.dumps({"compiled": compiled(), "documents": documents, "searches": searches}, default=str))
"""

QUERIES = [
    "Kasachstan Festnahmen",
    '"russische Truppen"',
    "Almaty OR Astana",
    "Kasachstan -Russland",
    "Ex-Sowjetrepublik, 10'000",
    "Kita",
    "Kitas",
    "Häuser Straße Öl",
    "die und der",
    '"die Truppen der Stadt"',
    "OR",
    "-",
    '""',
    "Zürich's Bürger",
    "ÄRZTE ärztin",
    "Prozess Prozesse Prozesses",
]

BROKEN = {
    "empty.txt": b"",
    "binary.txt": b" date 2024-01-02 Lede\n\nText\x00more",
    "latin1.txt": " date 2024-01-02 Gr\u00fc\u00dfe\n\nText".encode("latin-1"),
    "impossible_date.txt": b" date 2023-02-29 Lede\n\nText",
    "no_header.txt": b"Just a paragraph.\n",
}


def _digest(python: Path | str, files: list[Path], cwd: Path) -> dict[str, Any]:
    done = subprocess.run(
        [str(python), "-c", DIGEST, *map(str, files)],
        input=json.dumps(QUERIES),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_compiled_modules_parse_and_extract_what_the_sources_do(installed: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import synthetic
    finally:
        sys.path.remove(str(REPO / "bench"))
    for name, data in BROKEN.items():
        (tmp_path / name).write_bytes(data)
    for external_id, text in synthetic.generate(150, seed=7):
        (tmp_path / f"{external_id}.txt").write_text(text, encoding="utf-8")
    files = sorted(tmp_path.glob("*.txt"))
    files += sorted((REPO / "seeds").glob("*.txt")) + sorted((REPO / "tests" / "documents").glob("*.txt"))
    files += sorted((REPO / "tests" / "gold").glob("*.txt"))

    compiled = _digest(installed.parent / "python", files, cwd=tmp_path)
    sources = _digest(sys.executable, files, cwd=REPO)  # the editable install: pure Python

    assert compiled["compiled"] is True
    assert sources["compiled"] is False
    assert compiled["documents"].keys() == sources["documents"].keys()
    for name, expected in sources["documents"].items():
        assert compiled["documents"][name] == expected, name
    assert compiled["searches"] == sources["searches"]
    assert len(sources["searches"]) > 150
    fts5, tsquery = sources["searches"]["Kita"]  # a search, not an error: `Kita` also finds `Kitas`
    assert '"kitas"' in fts5
    assert "'kitas'" in tsquery
    assert "stop words" in sources["searches"]["die und der"]
    assert sum(isinstance(d, str) for d in sources["documents"].values()) == len(BROKEN)
