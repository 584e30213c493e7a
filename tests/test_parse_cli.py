"""Tests of the `newsdb parse` command and of `describe`, the summary of a document it prints."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdb.cli.parse import describe, first_words, parse_command
from newsdb.parse import parse

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_30d5db4ca1753fdf.txt"
DOCUMENTS = Path(__file__).resolve().parent / "documents"


def runner() -> CliRunner:
    """A runner with a fixed terminal width, so that the table layout does not depend on the environment."""
    return CliRunner(env={"COLUMNS": "100"})


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.txt"
    path.write_text("Kein Kopf, nur Text.\n\nNoch mehr Text.", encoding="utf-8")
    return path


def test_shows_what_the_parser_saw() -> None:
    result = runner().invoke(parse_command, [str(SEED), str(DOCUMENTS / "rueckblick.txt")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert str(SEED) in out
    assert "date 2022-01 (month), 5 sections, 11 paragraphs, 491 words" in out
    for heading in [
        "Mehr als 10'000 Festnahmen",
        "Wie geht es weiter in Kasachstan?",
        "Machtdemonstration Russlands",
    ]:
        assert heading in out
    assert "(opening)" in out
    assert "Die Lage in Kasachstan" in out
    assert "date 2019 (year), 3 sections, 3 paragraphs, 66 words" in out
    assert result.stderr == ""


def test_section_lines_show_paragraph_counts() -> None:
    result = runner().invoke(parse_command, [str(DOCUMENTS / "gemeinderat.txt")])
    lines = [line.split() for line in result.stdout.splitlines() if line.strip().startswith("§")]
    assert [words[:2] for words in lines] == [["§0", "(opening)"], ["§1", "Streitpunkt"], ["§2", "Wie"]]
    assert [words[words.index("¶") - 1] for words in lines] == ["3", "2", "2"]


def test_json() -> None:
    result = runner().invoke(parse_command, [str(SEED), str(DOCUMENTS / "gemeinderat.txt"), "--json"])
    assert result.exit_code == 0, result.output
    described = json.loads(result.stdout)
    assert [d["external_id"] for d in described] == ["000_30d5db4ca1753fdf", "gemeinderat"]
    seed = described[0]
    assert seed["source_path"] == str(SEED)
    assert (seed["published_on"], seed["date_precision"], seed["word_count"]) == ("2022-01-01", "month", 491)
    assert [s["heading"] for s in seed["sections"]] == [
        None,
        "Mehr als 10'000 Festnahmen",
        "Wie geht es weiter in Kasachstan?",
        "Armenien in der Zwickmühle",
        "Machtdemonstration Russlands",
    ]
    assert [s["paragraphs"] for s in seed["sections"]] == [3, 2, 3, 2, 1]
    assert seed["sections"][3]["first_words"] == "Für Russland war der Einsatz des Militärbündnisses in …"
    assert described[1]["published_on"] == "2023-11-14"
    assert described[1]["date_precision"] == "day"


def test_failures_are_reported_and_the_rest_still_shown(broken: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = runner().invoke(parse_command, [str(broken), str(SEED), str(missing)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{broken}:1: expected " date YYYY[-MM[-DD]] <lede>", found "Kein Kopf, nur Text."',
        f"{missing}: cannot read: No such file or directory",
    ]
    assert "Machtdemonstration Russlands" in result.stdout


def test_failures_with_json(broken: Path) -> None:
    result = runner().invoke(parse_command, ["--json", str(broken), str(SEED)])
    assert result.exit_code == 1
    assert [d["external_id"] for d in json.loads(result.stdout)] == ["000_30d5db4ca1753fdf"]
    assert result.stderr.startswith(f"{broken}:1: expected")


def test_only_failures(tmp_path: Path) -> None:
    path = tmp_path / "bad_date.txt"
    path.write_text(" date 2022-02-30 Lede.", encoding="utf-8")
    result = runner().invoke(parse_command, ["--json", str(path)])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert result.stderr == f'{path}:1:7: impossible date "2022-02-30": 2022-02 has 28 days\n'


def test_needs_a_file() -> None:
    result = runner().invoke(parse_command, [])
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_command_name_and_help() -> None:
    assert parse_command.name == "parse"
    result = runner().invoke(parse_command, ["--help"])
    assert result.exit_code == 0
    assert "--json" in result.stdout


def test_devices_and_fifos_are_reported_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = runner().invoke(parse_command, ["/dev/zero", str(fifo), str(SEED)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "/dev/zero: not a regular file (a character device)",
        f"{fifo}: not a regular file (a FIFO)",
    ]
    assert "Machtdemonstration Russlands" in result.stdout


def test_json_lines_and_csv() -> None:
    files = [str(SEED), str(DOCUMENTS / "gemeinderat.txt")]
    lines = runner().invoke(parse_command, [*files, "--nl"]).stdout.splitlines()
    assert [json.loads(line)["external_id"] for line in lines] == ["000_30d5db4ca1753fdf", "gemeinderat"]
    rows = runner().invoke(parse_command, [*files, "--csv"]).stdout.splitlines()
    assert rows[0] == "external_id,source_path,published_on,date_precision,sections,paragraphs,word_count"
    assert rows[1] == f"000_30d5db4ca1753fdf,{SEED},2022-01-01,month,5,11,491"


def test_describe() -> None:
    text = (
        " date 2022-03 Der Bundesrat hat entschieden.\n\n"
        "Die Massnahmen gelten ab Montag für alle Kantone und Gemeinden im ganzen Land.\n\n"
        "Kritik der Kantone\n\n"
        "Hintergrund\n\n"
        "Mehrere Kantone sind unzufrieden."
    )
    assert describe(parse(text, external_id="br", source="br.txt")) == {
        "external_id": "br",
        "source_path": "br.txt",
        "published_on": "2022-03-01",
        "date_precision": "month",
        "word_count": 25,
        "sections": [
            {"position": 0, "heading": None, "paragraphs": 2, "first_words": "Der Bundesrat hat entschieden."},
            {"position": 1, "heading": "Kritik der Kantone", "paragraphs": 0, "first_words": None},
            {"position": 2, "heading": "Hintergrund", "paragraphs": 1,
             "first_words": "Mehrere Kantone sind unzufrieden."},
        ],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("Eins zwei drei", 8, "Eins zwei drei"),
        ("Eins zwei drei vier", 3, "Eins zwei drei …"),
        ("Eins\nzwei   drei", 3, "Eins zwei drei"),
        ("", 3, ""),
    ],
)
def test_first_words(text: str, count: int, expected: str) -> None:
    assert first_words(text, count) == expected
