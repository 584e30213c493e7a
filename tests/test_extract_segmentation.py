"""Sentence splitting and the pairing of quotation marks, the two steps quote extraction builds on."""

from __future__ import annotations

import pytest

from newsdb.extract import quotes, sentences
from newsdb.extract.tokens import tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Am 3. Januar kam Dr. Meier an. Es regnete.", ["Am 3. Januar kam Dr. Meier an.", "Es regnete."]),
        (
            "Er zahlte z. B. 12,5 Franken bzw. 10'000 Franken. Gut.",
            ["Er zahlte z. B. 12,5 Franken bzw. 10'000 Franken.", "Gut."],
        ),
        (
            "Das war im Jahr 2005. Dann kam Nr. 5 an die Reihe.",
            ["Das war im Jahr 2005.", "Dann kam Nr. 5 an die Reihe."],
        ),
        ("Er sagte: «Ja. Nein.» Dann ging er.", ["Er sagte: «Ja. Nein.»", "Dann ging er."]),
        ("Was nun? Niemand weiss es! Ende.", ["Was nun?", "Niemand weiss es!", "Ende."]),
        # a space lost after the full stop still ends the sentence; an abbreviation or a lower-case host does not
        ("Er sprach von einer Wahl.Danach ging er.", ["Er sprach von einer Wahl.", "Danach ging er."]),
        ("Siehe www.example.org und usw.Die Liste.", ["Siehe www.example.org und usw.Die Liste."]),
        # an initial before a name is no sentence end; a lone capital before an article or a pronoun is one
        ("Es sprach George W. Bush. Er blieb kurz.", ["Es sprach George W. Bush.", "Er blieb kurz."]),
        ("Das regelt Abschnitt B. Die Frist endet im Mai.", ["Das regelt Abschnitt B.", "Die Frist endet im Mai."]),
        ("Es gibt z. B. Die Linke und u. a. Die Grünen.", ["Es gibt z. B. Die Linke und u. a. Die Grünen."]),
        ("Um 11:40 Uhr kam er an. Dann ging er.", ["Um 11:40 Uhr kam er an.", "Dann ging er."]),
    ],
)
def test_sentence_splitter(text: str, expected: list[str]) -> None:
    protected = [(s.open, s.close) for s in quotes.outer(quotes.pair_quotes(text))]
    assert [text[a:b] for a, b in sentences.split(text, protected)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er sagte: «Das ist ‹gut›.» Fertig.", ["Das ist ‹gut›."]),
        ("Sie nannte es »Unsinn« und „Quatsch“.", ["Unsinn", "Quatsch"]),
        ('Er rief "Halt" und "Stopp".', ["Halt", "Stopp"]),
        ("Das war “schlimm” für alle.", ["schlimm"]),
        ("Der Film «Das Boot lief lange.", []),
        ("Peters Hund, Annas Katze und die ’90er Jahre.", []),
    ],
)
def test_quote_pairing(text: str, expected: list[str]) -> None:
    assert [text[s.inner_start : s.inner_end] for s in quotes.outer(quotes.pair_quotes(text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an initial keeps its full stop when a name goes on after it
        ("sagte George W. Bush", ["sagte", "George", "W.", "Bush"]),
        ("R. Kelly sang", ["R.", "Kelly", "sang"]),
        ("Plan B.", ["Plan", "B", "."]),
        ("die U.S. Army", ["die", "U.S", ".", "Army"]),
        # a colon between digits is a time or a score, no clause boundary
        ("um 11:40 Uhr, es stand 2:1", ["um", "11:40", "Uhr", ",", "es", "stand", "2:1"]),
        ("Er sagte um 12: Nein", ["Er", "sagte", "um", "12", ":", "Nein"]),
    ],
)
def test_tokens_of_initials_and_times(text: str, expected: list[str]) -> None:
    assert [t.text for t in tokenize(text)] == expected
