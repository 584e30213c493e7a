"""Sentence splitting and the pairing of quotation marks, the two steps quote extraction builds on."""

from __future__ import annotations

import pytest

from newsdb.extract import quotes, sentences


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
