"""The document types whose `__init__` is written out (so that the compiled build compiles it) keep what the
dataclass decorator promises: the declared defaults, keywords, equality, hashing and immutability."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from newsdb.document import Provenance, Quote, QuoteKind, SourceKind, SourceRef, Span, SpanRole

WRITTEN_OUT = (SourceRef, Provenance, Span, Quote)


@pytest.mark.parametrize("cls", WRITTEN_OUT, ids=lambda cls: cls.__name__)
def test_init_takes_the_fields_in_order_with_their_declared_defaults(cls: type) -> None:
    parameters = list(inspect.signature(cls).parameters.values())
    declared = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in declared]
    for parameter, field in zip(parameters, declared, strict=True):
        expected = inspect.Parameter.empty if field.default is dataclasses.MISSING else field.default
        assert parameter.default == expected, field.name


def test_a_quote_made_with_keywords_holds_them_and_the_rest_default() -> None:
    span = Span(SpanRole.SPEAKER, 2, 0, 3)
    quote = Quote(2, 10, 20, "0123456789", QuoteKind.DIRECT, cue="sagte", spans=(span,), parent=1)
    assert (quote.paragraph, quote.start, quote.end, quote.text, quote.kind) == (2, 10, 20, "0123456789", "direct")
    assert (quote.source, quote.cue, quote.speaker_role, quote.parent, quote.medium) == (None, "sagte", None, 1, None)
    assert (quote.spans, quote.provenance) == ((span,), None)


def test_spans_and_provenance_are_not_part_of_a_quotes_identity() -> None:
    plain = Quote(0, 0, 4, "Nein", QuoteKind.DIRECT, SourceRef("Anna Roth", SourceKind.PERSON))
    traced = Quote(
        0,
        0,
        4,
        "Nein",
        QuoteKind.DIRECT,
        SourceRef("Anna Roth", SourceKind.PERSON),
        spans=(Span(SpanRole.QUOTE, 0, 0, 4),),
        provenance=Provenance("trailing-cue", "Roth", "surname → full name"),
    )
    assert plain == traced
    assert hash(plain) == hash(traced)
    assert plain != Quote(0, 0, 4, "Nein", QuoteKind.INDIRECT, SourceRef("Anna Roth", SourceKind.PERSON))


@pytest.mark.parametrize(
    "value",
    [
        SourceRef("Anna Roth", SourceKind.PERSON),
        Provenance("laut"),
        Span(SpanRole.CUE, 0, 1, 5),
        Quote(0, 0, 4, "Nein", QuoteKind.DIRECT),
    ],
    ids=lambda value: type(value).__name__,
)
def test_the_values_stay_frozen(value: object) -> None:
    name = dataclasses.fields(value)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, name, None)
    assert value == dataclasses.replace(value)  # type: ignore[type-var]
