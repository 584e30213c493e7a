"""Tests of the `newsdb parse` command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdb.cli.parse import parse_command

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
