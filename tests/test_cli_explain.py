"""Tests of the `newsdb explain` command."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import text

from newsdb.cli import main
from newsdb.extract import extract
from newsdb.ingest.seed import seed
from newsdb.parse import read_document
from newsdb.store.config import connect

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_30d5db4ca1753fdf.txt"


def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200"})


def test_every_quote_of_the_seed_with_its_rule_and_resolution() -> None:
    result = runner().invoke(main, ["explain", str(SEED)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"{SEED}  16 quotes in 14 of 28 sentences" in out
    # the quoted words of a report are a direct quote nested in it
    assert "↳ #2  direct    „sozial wichtige Objekte“ inside #1" in out
    # what a reader checks first: who said it, found by which rule, and how the speaker was resolved
    assert "→ Judith Huber (person, SRF-Auslandredaktorin)" in out
    assert "trailing-cue · cue erklärt · „SRF-Auslandredaktorin Judith Huber“: named" in out
    assert "laut · cue laut · „Huber“: surname → Judith Huber" in out
    assert "heisst-es · cue hiess es: anonymous" in out
    assert (
        "↑ back-reference · cue meldet · das russische Verteidigungsministerium: attributes the sentence before" in out
    )
    for quote in extract(read_document(SEED)).quotes:
        assert quote.text[:60] in out


def test_quote_numbers_of_two_digits_keep_the_columns() -> None:
    """The seed has 16 quotes: #0 to #15 take the same room, with a space after each, and what is said of each
    quote is indented to where its quoted words start."""
    out = runner().invoke(main, ["explain", str(SEED)]).stdout.splitlines()
    numbered = [line for line in out if line.startswith(("  #", "↳ #"))]
    assert len(numbered) == 16
    # a nested quote's words stand where the others' do (`free_indirect`, longer than the column, pushes its own)
    starts = [line.index("„") for line in numbered if "free_indirect" not in line]
    assert set(starts) == {len("  #10 indirect  ")}
    assert [line[:4] for line in numbered if line.startswith("↳")] == ["↳ #2"]
    assert "  #10 indirect  „dass er diese Probleme anpacken will“" in numbered
    assert "  #0  indirect  „Russland hat offenbar damit begonnen, seine Truppen aus Kasachstan abzuziehen“" in numbered
    said = [line for line in out if line.lstrip().startswith("→ ")]
    assert len(said) == 16
    assert all(line.index("→") == len("  #10 indirect  ") for line in said)


def test_json_lists_every_sentence_and_every_quote() -> None:
    result = runner().invoke(main, ["explain", "--json", str(SEED)])
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.stdout)
    assert doc["file"] == str(SEED)
    assert len(doc["sentences"]) == 28
    quotes = [q for s in doc["sentences"] for q in s["quotes"]]
    assert len(quotes) == 16
    assert [q["position"] for q in quotes] == list(range(16))
    nested = [q for q in quotes if q["parent"] is not None]
    assert [(q["text"], quotes[q["parent"]]["kind"]) for q in nested] == [("sozial wichtige Objekte", "mixed")]
    assert {q["rule"] for q in quotes} == {
        "back-reference",
        "continuation",
        "heisst-es",
        "nach-angaben",
        "leading-cue",
        "laut",
        "trailing-cue",
        "that-clause",
        "so-x",
    }
    huber = next(q for q in quotes if q["rule"] == "so-x")
    assert (huber["source"], huber["mention"], huber["resolution"]) == (
        "Judith Huber",
        "Huber",
        "surname → Judith Huber",
    )


def test_says_why_a_sentence_with_a_cue_word_gave_no_quote(tmp_path: Path) -> None:
    path = tmp_path / "gespraech.txt"
    path.write_text(
        " date 2024-05-01 Ein Gespräch.\n\nMara Lenz sprach mit ihrer Tante Ida Lenz und ihrem Neffen.\n",
        encoding="utf-8",
    )
    result = runner().invoke(main, ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 quotes in 0 of 2 sentences, 1 with a cue word but no quote" in result.stdout
    assert "✗ no quote: leading-cue: cue `sprach` without a reported clause" in result.stdout
    [doc] = json.loads(runner().invoke(main, ["explain", "--json", str(path)]).stdout)
    assert doc["sentences"][1]["why_not"].startswith("leading-cue: cue `sprach`")


def test_bad_files_are_reported_and_the_others_still_shown(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("Kein Kopf, nur Text.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = runner().invoke(main, ["explain", str(broken), str(SEED), str(missing)])
    assert result.exit_code == 1
    assert f"{broken}:1:" in result.stderr
    assert f"{missing}: No such file or directory" in result.stderr
    assert "Traceback" not in result.output
    assert f"{SEED}  16 quotes" in result.stdout


def test_shows_the_new_kinds_and_a_quote_cut_around_its_attribution(tmp_path: Path) -> None:
    path = tmp_path / "arten.txt"
    path.write_text(
        " date 2024-05-01 Arten der Wiedergabe.\n\n"
        "Die Firma hat eigenen Angaben zufolge 100 Stellen gestrichen. Der Mann soll geflohen sein. "
        "Die Gewerkschaft forderte den Rücktritt des Direktors.\n",
        encoding="utf-8",
    )
    result = runner().invoke(main, ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "#0 indirect  „Die Firma hat … 100 Stellen gestrichen“" in result.stdout
    assert "#1 free_indirect „Der Mann soll geflohen sein.“" in result.stdout
    assert "hearsay · cue soll" in result.stdout
    assert "#2 reported  „Die Gewerkschaft forderte den Rücktritt des Direktors.“" in result.stdout
    [doc] = json.loads(runner().invoke(main, ["explain", "--json", str(path)]).stdout)
    [cut] = doc["sentences"][1]["quotes"]
    pieces = [span["text"] for span in cut["spans"] if span["role"] == "quote"]
    assert pieces == ["Die Firma hat", "100 Stellen gestrichen"]


def test_each_quote_lists_its_spans_with_offsets() -> None:
    result = runner().invoke(main, ["explain", str(SEED)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    # who and the cue as written, where they stand in the paragraph, and the frame around the quote
    assert "speaker „SRF-Auslandredaktorin Judith Huber“ " in out
    assert "cue „erklärt“ " in out
    assert "frame „, erklärt SRF-Auslandredaktorin Judith Huber“ " in out
    assert "cue „laut“ " in out


def test_json_gives_each_quote_its_spans(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        " date 2024-03-01 Die Stadt kauft neue Busse.\n\n"
        "Der Sprecher der Stadt, Max Muster, sagte der Zeitung am Montag, die Busse seien bestellt.\n\n"
        "Sie würden im Mai geliefert, schrieb die Stadt.",
        encoding="utf-8",
    )
    result = runner().invoke(main, ["explain", "--json", str(article)])
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.stdout)
    quotes = [q for s in doc["sentences"] for q in s["quotes"]]
    first = quotes[0]
    assert [(s["role"], s["paragraph"], s["text"]) for s in first["spans"]] == [
        ("quote", 1, "die Busse seien bestellt"),
        ("speaker", 1, "Der Sprecher der Stadt, Max Muster"),
        ("cue", 1, "sagte"),
        ("addressee", 1, "der Zeitung"),
        ("frame", 1, "Der Sprecher der Stadt, Max Muster, sagte der Zeitung am Montag,"),
    ]
    text = article.read_text(encoding="utf-8").split("\n\n")[1]
    assert all(text[s["start"] : s["end"]] == s["text"] for s in first["spans"])
    assert first["medium"] == "speech"
    assert quotes[-1]["medium"] == "writing"


def test_each_quote_shows_the_source_seeding_stores(tmp_path: Path, empty_url: str) -> None:
    """Role words move to the role and a role alone is no source, in `explain` as in the database; the extractor's
    own finding is shown beside where it differs."""
    path = tmp_path / "rollen.txt"
    path.write_text(
        " date 2024-05-01 Der Gipfel beginnt. Die Erwartungen sind gering.\n\n"
        "Präsident Barack Obama sagte, man sei zu Gesprächen bereit.\n\n"
        "Ein Polizeisprecher sagte, die Lage sei ruhig.\n\n"
        "Politische Beobachter meinten, das sei ein Fehler.\n",
        encoding="utf-8",
    )
    result = runner().invoke(main, ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "→ Barack Obama (person, Präsident)" in result.stdout
    assert "→ no source (Polizeisprecher) · found „Polizeisprecher“ (other)" in result.stdout
    [doc] = json.loads(runner().invoke(main, ["explain", "--json", str(path)]).stdout)
    explained = [(q["source"], q["source_kind"], q["speaker_role"]) for s in doc["sentences"] for q in s["quotes"]]
    assert explained == [
        ("Barack Obama", "person", "Präsident"),
        (None, None, "Polizeisprecher"),
        ("Politische Beobachter", "other", None),
    ]
    seed([path], url=empty_url, jobs=1)
    engine = connect(empty_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(
                text(
                    "SELECT source_name, source_kind, speaker_role FROM quote_details"
                    " ORDER BY paragraph_position, start_offset"
                )
            ).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in stored] == explained
