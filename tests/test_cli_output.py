"""The output layer, date options, query-word parsing and the pager, without a database."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import sqlite3
import subprocess
import sys
from contextlib import suppress
from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newsdb.cli import COMMANDS, main
from newsdb.cli.options import PERIOD, Period
from newsdb.cli.output import PIPE_WIDTH, Format, Output, csv_line, emit, terminal_width, tsv_line
from newsdb.cli.pager import pager_command
from newsdb.cli.query import search_command

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_30d5db4ca1753fdf.txt"
ROWS = [(1, None, "", b"\x0a\xff", "a,b"), (2, "x", 'say "hi"', None, "line\nbreak\ttab")]
FIELDS = ["n", "maybe", "empty", "blob", "text"]


def emitted(fmt: Format, rows: list[tuple[object, ...]] = ROWS) -> tuple[str, str]:
    @click.command()
    def command() -> None:
        emit(Output(fmt), FIELDS, iter(rows), nothing_found="'x'")

    result = CliRunner(env={"COLUMNS": "100"}).invoke(command, [])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_csv_keeps_null_apart_from_the_empty_string() -> None:
    out, _ = emitted(Format.CSV)
    assert out.splitlines()[:2] == ["n,maybe,empty,blob,text", '1,,"",\\x0aff,"a,b"']
    parsed = list(csv.reader(io.StringIO(out)))
    assert parsed[2] == ["2", "x", 'say "hi"', "", "line\nbreak\ttab"]


def test_tsv_is_postgresql_text_format() -> None:
    out, _ = emitted(Format.TSV)
    assert out.splitlines() == [
        "n\tmaybe\tempty\tblob\ttext",
        "1\t\\N\t\t\\\\x0aff\ta,b",
        '2\tx\tsay "hi"\t\\N\tline\\nbreak\\ttab',
    ]


def test_json_is_an_array_and_nl_one_object_a_line() -> None:
    out, _ = emitted(Format.JSON)
    assert json.loads(out) == [
        {"n": 1, "maybe": None, "empty": "", "blob": "\\x0aff", "text": "a,b"},
        {"n": 2, "maybe": "x", "empty": 'say "hi"', "blob": None, "text": "line\nbreak\ttab"},
    ]
    lines = emitted(Format.NL)[0].splitlines()
    assert [json.loads(line)["n"] for line in lines] == [1, 2]


def test_the_table_shows_null_and_right_aligns_numbers() -> None:
    out, _ = emitted(Format.TABLE, [(7, None, "", None, "x"), (1234, "y", "", None, "z")])
    lines = out.splitlines()
    assert "NULL" in lines[2]
    assert lines[2].index("7") == lines[3].index("1234") + 3  # right-aligned: the last digits line up


@pytest.mark.parametrize("fmt", list(Format))
def test_nothing_found_is_said_on_stderr(fmt: Format) -> None:
    out, err = emitted(fmt, [])
    assert err == "no matches for 'x'\n"
    if fmt is Format.TABLE:
        assert out == ""
    elif fmt is Format.JSON:
        assert json.loads(out) == []


def test_csv_line_quotes_only_what_needs_it() -> None:
    assert csv_line([None, "", "a", 'b"c', 1.5, date(2022, 1, 5)]) == ',"",a,"b""c",1.5,2022-01-05'
    assert tsv_line(["a\\b", None]) == "a\\\\b\t\\N"


def test_one_output_format_at_a_time() -> None:
    result = CliRunner().invoke(main, ["--url", "sqlite:///nowhere.sqlite3", "stats", "--csv", "--json"])
    assert result.exit_code == 2
    assert "choose one output format" in result.output


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2015", date(2015, 1, 1), date(2015, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2022-01-05", date(2022, 1, 5), date(2022, 1, 5)),
    ],
)
def test_dates_of_any_precision(text: str, first: date, last: date) -> None:
    assert PERIOD.convert(text, None, None) == Period(first, last)


@pytest.mark.parametrize("text", ["15", "2022-13", "2022-02-30", "Januar", "2022/01"])
def test_bad_dates_are_explained(text: str) -> None:
    with pytest.raises(click.BadParameter, match=r"is not a date"):
        PERIOD.convert(text, None, None)


@pytest.mark.parametrize(
    ("args", "words", "limit"),
    [
        (["Fußball", "-Bundesliga"], ("Fußball", "-Bundesliga"), 20),
        (["--", "-Merkel", "--limit", "1"], ("-Merkel",), 1),
        (["--limit=3", "-Merkel", "Berlin"], ("-Merkel", "Berlin"), 3),
        (["Kita", "--limit", "2", "-Hort", "--sort", "date"], ("Kita", "-Hort"), 2),
    ],
)
def test_query_words_may_start_with_a_dash(args: list[str], words: tuple[str, ...], limit: int) -> None:
    ctx = search_command.make_context("search", list(args))
    assert ctx.params["query"] == words
    assert ctx.params["limit"] == limit


def test_search_help_shows_the_syntax() -> None:
    result = CliRunner().invoke(main, ["search", "--help"])
    assert result.exit_code == 0
    assert "newsdb search Fußball -Bundesliga" in result.output


def test_top_level_help_lists_every_command_in_full() -> None:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(main, ["--help"])
    assert result.exit_code == 0
    for name, (_module, _attribute, short_help) in COMMANDS.items():
        line = next(line for line in result.output.splitlines() if line.strip().startswith(name + " "))
        assert line.strip().endswith(short_help.split()[-1])  # not cut short
    assert "..." not in result.output.split("Commands:")[1]


def test_importing_the_parser_and_the_cli_does_not_load_sqlalchemy() -> None:
    code = "import sys, newsdb.parse, newsdb.cli; print('sqlalchemy' in sys.modules, 'rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_the_public_api_still_imports_on_first_use() -> None:
    """`newsdb.search` stays the function after the subpackage of the same name is imported."""
    code = (
        "import newsdb.search.query, newsdb; print(callable(newsdb.search), newsdb.search.__module__, newsdb.SourceRow)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "newsdb.search.full_text", "<class", "'newsdb.store.models.SourceRow'>"]


def _in_a_terminal(args: list[str], env: dict[str, str]) -> None:
    """Run `newsdb ARGS` with its stdout on a pseudo-terminal (nothing reads it: keep the output short)."""
    primary, secondary = pty.openpty()
    try:
        command = [sys.executable, "-m", "newsdb", *args]
        subprocess.run(command, stdout=secondary, stderr=subprocess.PIPE, env=env, check=True, timeout=60)
    finally:
        os.close(secondary)
        os.close(primary)


def test_a_terminal_gets_the_pager_and_a_pipe_does_not(tmp_path: Path) -> None:
    database = tmp_path / "empty.sqlite3"
    sqlite3.connect(database).close()
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "NEWSDB_PAGER": f"cat > {paged}", "PAGER": "false", "COLUMNS": "100"}
    rows = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299) SELECT i FROM n"
    args = ["--url", f"sqlite:///{database}", "sql", rows]
    _in_a_terminal(args, env)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", paged.read_text()).split()  # without the terminal's styles
    assert shown[0] == "i"
    assert shown[2] == "0"
    assert shown[-1] == "299"
    paged.unlink()
    subprocess.run([sys.executable, "-m", "newsdb", *args], capture_output=True, env=env, check=True, timeout=60)
    assert not paged.exists()  # piped: printed directly
    _in_a_terminal([*args, "--csv"], env)
    assert not paged.exists()  # machine formats are never paged
    _in_a_terminal([*args[:-1], "SELECT 1 AS i", "--no-pager"], env)
    assert not paged.exists()
    _in_a_terminal([*args[:-1], "SELECT 1 AS i"], {**env, "NEWSDB_PAGER": ""})
    assert not paged.exists()  # an empty pager setting turns paging off


def _read_terminal(args: list[str], env: dict[str, str]) -> tuple[str, str]:
    """Run `newsdb ARGS` (exit code 0) with its stdout on a pseudo-terminal: what the terminal showed, stderr."""
    primary, secondary = pty.openpty()
    try:
        command = [sys.executable, "-m", "newsdb", *args]
        done = subprocess.run(command, stdout=secondary, stderr=subprocess.PIPE, env=env, check=True, timeout=60)
        os.close(secondary)
        shown = b""
        with suppress(OSError):  # EIO once everything written has been read
            while chunk := os.read(primary, 4096):
                shown += chunk
    finally:
        with suppress(OSError):
            os.close(secondary)
        os.close(primary)
    return shown.decode("utf-8"), done.stderr.decode("utf-8")


@pytest.mark.parametrize("pager", ["newsdb-no-such-pager", "newsdb-no-such-pager -R", "/nonexistent/bin/less"])
@pytest.mark.parametrize("variable", ["NEWSDB_PAGER", "PAGER"])
def test_a_pager_that_cannot_start_shows_the_output_directly(tmp_path: Path, variable: str, pager: str) -> None:
    database = tmp_path / "empty.sqlite3"
    sqlite3.connect(database).close()
    env = {key: value for key, value in os.environ.items() if key not in ("NEWSDB_PAGER", "PAGER")}
    env.update({variable: pager, "COLUMNS": "100"})
    rows = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99) SELECT i FROM n"
    shown, err = _read_terminal(["--url", f"sqlite:///{database}", "sql", rows], env)
    numbers = [word for word in re.sub(r"\x1b\[[0-9;]*m", "", shown).split() if word.isdigit()]
    assert numbers == [str(i) for i in range(100)]
    assert err.count("\n") == 1
    assert err.startswith(f"newsdb: cannot start pager {pager!r} (")
    assert err.endswith("; printing directly\n")


@pytest.mark.parametrize(
    ("newsdb_pager", "pager", "expected"),
    [
        (None, None, "less"),
        (None, "more", "more"),
        ("less -S", "more", "less -S"),
        ("", "more", None),
        ("cat", None, None),
    ],
)
def test_which_pager(
    monkeypatch: pytest.MonkeyPatch, newsdb_pager: str | None, pager: str | None, expected: str | None
) -> None:
    for name, value in (("NEWSDB_PAGER", newsdb_pager), ("PAGER", pager)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert pager_command() == expected


def test_a_reader_that_leaves_early_is_no_error(tmp_path: Path) -> None:
    database = tmp_path / "empty.sqlite3"
    sqlite3.connect(database).close()
    rows = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999) SELECT i FROM n"
    command = [sys.executable, "-m", "newsdb", "--url", f"sqlite:///{database}", "sql", rows, "--csv"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == b"i\n"
        process.stdout.close()  # as `| head -1` does
        assert process.stderr is not None
        errors = process.stderr.read()
        assert process.wait(timeout=60) == 0
    assert errors == b""


def test_the_width_of_piped_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width() == PIPE_WIDTH  # pytest captures stdout: not a terminal, no COLUMNS
    monkeypatch.setenv("COLUMNS", "77")
    assert terminal_width() == 77


def test_parse_runs_without_sqlalchemy() -> None:
    code = (
        "import sys; from newsdb.cli import main\n"
        f"main(['parse', {str(SEED)!r}], standalone_mode=False)\n"
        "print('sqlalchemy' in sys.modules, 'alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "False False"


def test_text_in_square_brackets_prints_as_written_in_every_table(empty_url: str, tmp_path: Path) -> None:
    """An editor's `[sic]` or `massive[n]`, and a `[/bold]` that would close rich markup, are text: tables print
    them as they are (they vanished, and a closing tag stopped the command with a traceback)."""
    from newsdb.ingest.seed import seed

    said = "die Lage sei massive[n] Einschränkungen [/bold] unterworfen"
    path = tmp_path / "klammern.txt"
    path.write_text(
        f" date 2024-05-01 Der Rat [sic] tagt heute.\n\nDie Sprecherin Anna Muster sagte, {said}.\n", encoding="utf-8"
    )
    seed([path], url=empty_url, jobs=1)
    runner = CliRunner(env={"COLUMNS": "200"})
    for args in (["quotes"], ["show", "klammern"], ["sql", "SELECT text FROM quotes"], ["sources"]):
        result = runner.invoke(main, ["--url", empty_url, *args])
        assert result.exit_code == 0, (args, result.output)
        if args[0] != "sources":
            assert said in result.stdout, args
    shown = runner.invoke(main, ["--url", empty_url, "show", "klammern"]).stdout
    assert "Der Rat [sic] tagt heute." in shown
