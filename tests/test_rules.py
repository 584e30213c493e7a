"""Each cue rule on its own example sentences: the examples must yield a quote found by that rule, the
counter-examples must not. A failing case names its rule in the test id (`test_rule_fires[laut:1]`)."""

from __future__ import annotations

import pytest
from extract_helpers import quotes_of

from newsdb.document import QuoteKind, SourceKind, SpanRole
from newsdb.extract import rules
from newsdb.extract.coreference import Registry
from newsdb.extract.speakers import lookup, resolve
from newsdb.extract.tokens import tokenize

EXAMPLES = [
    pytest.param(rule, text, id=f"{rule.name}:{n}") for rule in rules.ALL for n, text in enumerate(rule.examples, 1)
]
COUNTER_EXAMPLES = [
    pytest.param(rule, text, id=f"{rule.name}:{n}")
    for rule in rules.ALL
    for n, text in enumerate(rule.counter_examples, 1)
]


def _rules_of(text: str) -> list[str]:
    return [q.provenance.rule for q in quotes_of(text) if q.provenance is not None]


@pytest.mark.parametrize(("rule", "text"), EXAMPLES)
def test_rule_fires(rule: rules.Rule, text: str) -> None:
    assert rule.name in _rules_of(text), f"{rule.name} did not fire on {text!r}"


@pytest.mark.parametrize(("rule", "text"), COUNTER_EXAMPLES)
def test_rule_does_not_fire(rule: rules.Rule, text: str) -> None:
    assert rule.name not in _rules_of(text), f"{rule.name} fired on its counter-example {text!r}"


@pytest.mark.parametrize("rule", rules.ALL, ids=[rule.name for rule in rules.ALL])
def test_rule_unit_is_complete(rule: rules.Rule) -> None:
    """Every rule has examples both ways, a note, and its trigger words in each example (else it is skipped)."""
    assert rule.examples
    assert rule.counter_examples
    assert rule.note
    for text in rule.examples:
        words = {t.low for t in tokenize(text)}
        assert not words.isdisjoint(rule.triggers), f"no trigger word of {rule.name} in {text!r}"


def test_rule_names_are_unique_and_every_rule_is_in_the_order() -> None:
    names = [rule.name for rule in rules.ALL]
    assert len(names) == len(set(names))
    assert set(rules.SOURCE_PHRASES) <= set(rules.ALL)
    assert {*rules.FIRST, rules.LEADING_CUE, *rules.FALLBACK} <= set(rules.ALL)


def test_own_statement_zufolge_attributes_the_subject() -> None:
    text = "Die Firma hat eigenen Angaben zufolge 100 Stellen gestrichen."
    [quote] = quotes_of(text)
    # the attribution is cut out of the quote: two quote spans around it
    pieces = [text[s.start : s.end] for s in quote.spans_as(SpanRole.QUOTE)]
    assert (pieces, quote.text, quote.kind, quote.cue) == (
        ["Die Firma hat", "100 Stellen gestrichen"],
        "Die Firma hat",
        QuoteKind.INDIRECT,
        "zufolge",
    )
    assert quote.source is not None
    assert quote.source.name == "Firma"
    assert quote.provenance is not None
    assert quote.provenance.rule == "eigene-angaben-zufolge"


def test_words_spelled_with_sharp_s_match_as_tokens_do() -> None:
    """`weiß … zu überzeugen` means `is able to`, like `wusste … zu`: no report (the list says `weiß`, the token
    reads `weiss` once case-folded)."""
    assert quotes_of("Der Trainer weiß die Mannschaft mit seiner Taktik zu überzeugen.") == []
    assert quotes_of("Der Trainer weiss die Mannschaft mit seiner Taktik zu überzeugen.") == []


@pytest.mark.parametrize(
    ("text", "resolution"),
    [
        ("Gemeinderätin Anna Muster sagte, die Schule werde renoviert.", "named"),
        ("Anna Muster ist Gemeinderätin. Muster sagte, die Schule werde renoviert.", "surname → Anna Muster"),
        ("Anna Muster sagte, das Budget reiche. Sie sagte zudem, die Schule werde renoviert.", "pronoun → Anna Muster"),
        ("Die Stadtpolizei teilte mit, die Strasse werde gesperrt.", "organisation"),
        ("Die Strasse werde gesperrt, hieß es.", "anonymous"),
    ],
)
def test_provenance_says_how_the_speaker_was_resolved(text: str, resolution: str) -> None:
    found = quotes_of(text)
    assert found
    assert found[-1].provenance is not None
    assert found[-1].provenance.resolution == resolution
    assert found[-1].source is not None
    assert found[-1].source.kind is not SourceKind.OTHER


def test_looking_up_a_speaker_changes_nothing_and_says_whom_to_register() -> None:
    registry = Registry()
    found = lookup("Gemeinderätin Anna Muster", registry)
    assert found.speaker is not None
    assert (found.speaker.source.name, found.speaker.role) == ("Anna Muster", "Gemeinderätin")
    assert found.people == (("Anna Muster", "Gemeinderätin"),)
    assert registry.full_name("Muster") is None  # nothing registered by the lookup
    assert lookup("Muster", registry).people == (("Muster", None),)  # unknown: a new person of that name
    resolve("Gemeinderätin Anna Muster", registry)
    known = lookup("Muster", registry)
    assert known.speaker is not None
    assert known.speaker.source.name == "Anna Muster"
    assert known.people == ()
