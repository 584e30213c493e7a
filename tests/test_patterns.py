"""The pattern file of source phrases (`newsdb/extract/data/source_patterns.txt`): checked when loaded, with the
file and line of a bad entry, and matched as written."""

from __future__ import annotations

import pytest

from newsdb.extract import patterns, rules
from newsdb.extract.grammar import NO_REPORT
from newsdb.extract.tokens import tokenize

GOOD = """\
# a comment
[wie-gemeldet]
triggers = gemeldet
match = {determiners}? <word> , @ …
source = 2
cue = {4} wurde
note = A made-up pattern to test the format.
example = Der Bericht, gemeldet wurde es gestern.
counter = Nichts.
"""


def _entry(**changes: str) -> str:
    fields = {
        "triggers": "zufolge",
        "match": "<word> <source> @",
        "source": "1",
        "note": "n",
        "example": "e",
        "counter": "c",
    }
    fields.update(changes)
    return "[p]\n" + "".join(f"{key} = {value}\n" for key, value in fields.items() if value)


def test_shipped_patterns_are_the_rules_of_their_name() -> None:
    loaded = patterns.load()
    assert set(loaded) == {
        "laut-relative",
        "laut",
        "zufolge-relative",
        "eigene-angaben-zufolge",
        "zufolge-apposition",
        "zufolge",
        "meinung-nach",
    }
    by_name = {rule.name: rule for rule in rules.ALL}
    for name, pattern in loaded.items():
        assert by_name[name].examples == pattern.examples
        assert by_name[name].triggers == pattern.triggers


def test_optional_element_and_cue_template() -> None:
    pattern = patterns.parse(GOOD, "x.txt")["wie-gemeldet"]
    (match,) = pattern.matches
    assert [e.kind for e in match.elements] == ["class", "word", "mark", "trigger", "more"]
    assert match.elements[0].optional
    assert "der" in match.elements[0].words
    tokens = tokenize("Bericht , gemeldet wurde es")
    assert pattern.find_at(tokens, 2) is not None  # without the optional article
    assert pattern.find_at(tokenize("Bericht , gemeldet"), 2) is None  # `…`: something must follow
    assert pattern.find_at(tokenize("Bericht ; gemeldet wurde es"), 2) is None


def test_own_statement_pattern_finds_the_subject() -> None:
    pattern = patterns.load()["eigene-angaben-zufolge"]
    tokens = tokenize("Die Firma hat eigenen Angaben zufolge 100 Stellen gestrichen")
    found = pattern.find_at(tokens, 5)
    assert found is not None
    assert found is not NO_REPORT
    assert found.speaker == (0, len("Die Firma"))
    assert found.cue == "zufolge"
    assert pattern.find_at(tokenize("Den Angaben der Feuerwehr zufolge brannte es"), 4) is None


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("triggers = laut\n", 1, "expected `[name]`"),
        (_entry(source=""), 1, "has no `source"),
        (_entry(colour="red"), 8, "expected `key = value`"),
        (_entry(match="<word> <source>"), 3, "exactly one `@`"),
        (_entry(match="<word> @ @"), 3, "exactly one `@`"),
        (_entry(match="… <word> @"), 3, "`…` must be the last element"),
        (_entry(match="<word> <source>? @"), 3, "only the first element can be optional"),
        (_entry(match="{no_such_list} @"), 3, "names no word list"),
        (_entry(match="<noun> @"), 3, "unknown element `<noun>`"),
        (_entry(match="<np> @"), 3, "`<np>` cannot stand on that side of `@`"),
        (_entry(match="@ <opening>"), 3, "`<opening>` cannot stand on that side of `@`"),
        (_entry(source="4"), 4, "element number from 1 to 3"),
        (_entry(source="1 4"), 4, "element number from 1 to 3"),
        (_entry(source="1 2 3"), 4, "one or two element numbers"),
        (_entry(source="antecedent"), 4, "needs a `,`"),
        (_entry(match="<np-before> , @ …", source="4"), 4, "must be words in every match"),
        (_entry(match="<np-before> , @ …", source="1 2"), 4, "must be words in every match"),
        (_entry(match="<np-before> , @ …\nmatch = <np-before> @ …", source="3"), 5, "must be words in every match"),
        (_entry(match="<np-before> , @ …", mention="1 4"), 8, "`mention` must name words"),
        (_entry(source="speaker"), 4, "expected `source = antecedent`"),
        (_entry(cue="{7} nach"), 8, "`{7}` is no element"),
        (_entry().replace("match =", "match nach ="), 3, "`match nach` names no trigger"),
        (_entry() + _entry(), 8, "a second entry named `p`"),
        (_entry(note="a") + "note = b\n", 8, "`note` given twice"),
    ],
)
def test_bad_entry_names_file_and_line(text: str, line: int, expected: str) -> None:
    with pytest.raises(patterns.PatternError) as caught:
        patterns.parse(text, "patterns.txt")
    message = str(caught.value)
    assert message.startswith(f"patterns.txt:{line}: "), message
    assert expected in message


@pytest.mark.parametrize(
    ("text", "trigger", "speaker"),
    [
        ("Laut der Regierung ist die Lage ernst", 0, "der Regierung"),
        ("Gemäß einem Sprecher ist die Lage ernst", 0, "einem Sprecher"),
        ("Die Lage ist der Polizei zufolge ernst", 5, "der Polizei"),
        ("Ersten Angaben ( einer Zeitung ) zufolge ist die Lage ernst", 6, "Ersten Angaben ( einer Zeitung )"),
    ],
)
def test_noun_phrase_elements_give_the_source(text: str, trigger: int, speaker: str) -> None:
    rule = patterns.load()["zufolge" if trigger else "laut"]
    tokens = tokenize(text)
    found = rule.find_at(tokens, trigger)
    assert found is not None
    assert found.speaker is not None
    assert text[found.speaker[0] : found.speaker[1]] == speaker


def test_gemaess_before_a_rule_is_no_source() -> None:
    assert patterns.load()["laut"].find_at(tokenize("Gemäß der neuen Verordnung wurde umgebaut"), 0) is None
