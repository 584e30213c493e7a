"""bench/extract_compare.py: an unchanged extraction compares identical; a changed span, rule or quote is one line
naming the document, the quote and the field; a file saved in the older format is one line asking to save again."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from extract_compare import main

GRAF = " date 2023-05-01 «Wir bleiben dran», sagte Stadtpräsidentin Anna Graf.\n\nDie Sitzung dauerte lange.\n"
POLICE = (
    " date 2023-05-02 Die Polizei sucht Zeugen.\n\n"
    "Polizeisprecher Marco Graf sagte, dass der Fahrer verletzt worden sei. Er sei im Spital.\n"
)
# the quote of GRAF as the comparison names it: paragraph 0 (the lede), offsets without the quotation marks
GRAF_QUOTE = "¶0 1:17 'Wir bleiben dran'"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "graf.txt").write_text(GRAF, encoding="utf-8")
    (folder / "police.txt").write_text(POLICE, encoding="utf-8")
    return folder


@pytest.fixture
def saved(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "before.jsonl"
    assert main(["--save", str(path), str(corpus)]) == 0
    assert capsys.readouterr().out.startswith("saved 2 documents, ")
    return path


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def rewrite(path: Path, documents: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")


def graf_quote(documents: list[dict[str, Any]]) -> dict[str, Any]:
    [document] = [d for d in documents if d["id"] == "graf"]
    [quote] = [q for q in document["quotes"] if q["text"] == "Wir bleiben dran"]
    return quote


def test_an_unchanged_extraction_is_identical(corpus: Path, saved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert all(q["spans"] and q["provenance"] for d in rows(saved) for q in d["quotes"])
    assert main(["--against", str(saved), str(corpus)]) == 0
    assert capsys.readouterr().out == "identical: 2 documents\n"


def test_a_moved_speaker_span_is_one_line_naming_the_field(
    corpus: Path, saved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = rows(saved)
    spans = graf_quote(documents)["spans"]
    [speaker] = [s for s in spans if s[0] == "speaker"]
    _, paragraph, start, end = speaker
    speaker[2] = start + 1  # the saved file had the speaker one character shorter
    rewrite(saved, documents)

    assert main(["--against", str(saved), str(corpus)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{corpus}/graf: {GRAF_QUOTE}: spans.speaker: ¶{paragraph} {start + 1}:{end} -> ¶{paragraph} {start}:{end}",
        "1 of 2 documents differ",
    ]


def test_another_rule_and_a_quote_found_only_now_are_named(
    corpus: Path, saved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = rows(saved)
    quote = graf_quote(documents)
    rule = quote["provenance"]["rule"]
    quote["provenance"]["rule"] = "an-older-rule"
    [police] = [d for d in documents if d["id"] == "police"]
    lost = police["quotes"].pop(0)
    rewrite(saved, documents)

    assert main(["--against", str(saved), str(corpus)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{corpus}/graf: {GRAF_QUOTE}: provenance.rule: 'an-older-rule' -> {rule!r}"
    assert lines[1].startswith(f"{corpus}/police: + ¶{lost['paragraph']} {lost['start']}:{lost['end']} ")
    assert lines[1].endswith(repr(lost["text"]))
    assert lines[2:] == ["2 of 2 documents differ"]


def test_a_file_saved_without_spans_asks_to_save_again(
    corpus: Path, saved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = rows(saved)
    for document in documents:
        for quote in document["quotes"]:
            for field in ("spans", "parent", "medium", "provenance"):
                del quote[field]
    rewrite(saved, documents)

    with pytest.raises(SystemExit) as exited:
        main(["--against", str(saved), str(corpus)])
    assert exited.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"extract_compare: error: {saved} was saved by an older extract_compare (quotes without spans): "
        "save it again with --save\n"
    )


def test_a_file_not_written_by_save_names_its_line(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text('{"corpus": "x", "id": "a", "quotes": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["--against", str(path), str(corpus)])
    assert exited.value.code == 2
    assert capsys.readouterr().err == (
        f"extract_compare: error: {path}:2: expected a document as --save writes it (corpus, id, quotes)\n"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "{path} holds no documents: expected a file written by --save"),
        ('{"corpus": "x", "id": ["a"], "quotes": []}\n', "{path}:1: expected a document as --save writes it"),
    ],
    ids=["empty", "id-not-text"],
)
def test_a_file_without_documents_or_with_the_wrong_types_is_refused(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["--against", str(path), str(corpus)])
    assert exited.value.code == 2
    assert capsys.readouterr().err.startswith("extract_compare: error: " + expected.format(path=path))


def test_spans_that_are_not_a_list_are_refused(corpus: Path, saved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    documents = rows(saved)
    graf_quote(documents)["spans"] = 3
    rewrite(saved, documents)
    with pytest.raises(SystemExit) as exited:
        main(["--against", str(saved), str(corpus)])
    assert exited.value.code == 2
    assert "expected a quote's spans as a list" in capsys.readouterr().err


def test_a_folder_is_the_same_corpus_however_it_is_written(
    corpus: Path, saved: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus.parent)  # saved as an absolute path, compared as a relative one
    assert main(["--against", str(saved), corpus.name]) == 0
    assert capsys.readouterr().out == "identical: 2 documents\n"
