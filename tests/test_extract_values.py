"""The extractor's value classes whose `__init__` is written out (so that the compiled build compiles it): they
keep the fields, defaults, equality and hashing that the dataclass decorator gave them."""

from __future__ import annotations

from dataclasses import fields

from newsdb.document import SourceKind, SourceRef
from newsdb.extract.coreference import Speaker
from newsdb.extract.grammar import Attribution
from newsdb.extract.state import ParagraphOutput
from newsdb.extract.tokens import Token, tokenize


def test_attribution_defaults_and_keywords() -> None:
    att = Attribution((0, 5), (6, 9), "sagte", position=6, rule="trailing-cue")
    assert (att.clause, att.speaker, att.cue) == ((0, 5), (6, 9), "sagte")
    assert (att.anonymous, att.backward, att.previous, att.position, att.rule) == (
        False,
        False,
        False,
        6,
        "trailing-cue",
    )
    assert (att.cues, att.mention, att.addressee) == ((), None, None)
    assert [f.name for f in fields(Attribution)] == [
        "clause", "speaker", "cue", "anonymous", "backward", "previous", "position", "rule", "cues", "mention",
        "addressee",
    ]  # fmt: skip
    spans = Attribution(None, (0, 3), "laut", cues=((0, 4),), mention=(5, 9), addressee=(10, 12))
    assert (spans.cues, spans.mention, spans.addressee) == (((0, 4),), (5, 9), (10, 12))


def test_attribution_equal_and_hashable_by_value() -> None:
    a = Attribution(None, (0, 3), "laut", previous=True)
    b = Attribution(None, (0, 3), "laut", previous=True)
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert a != Attribution(None, (0, 3), "laut")
    assert "previous=True" in repr(a)


def test_speaker_equal_and_hashable_by_value() -> None:
    ref = SourceRef("Judith Huber", SourceKind.PERSON)
    a, b = Speaker(ref, "Auslandredaktorin"), Speaker(SourceRef("Judith Huber", SourceKind.PERSON), "Auslandredaktorin")
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert a != Speaker(ref, None)


def test_token_fields_from_tokenize() -> None:
    first, second = tokenize("  SRF-Auslandredaktorin, sagte")[:2]
    assert first == Token("SRF-Auslandredaktorin", 2, 23, "srf-auslandredaktorin", True)
    assert (second.text, second.start, second.end, second.is_word) == (",", 23, 24, False)


def test_paragraph_output_starts_empty_and_owns_its_list() -> None:
    a, b = ParagraphOutput(), ParagraphOutput()
    a.quotes.append(None)  # type: ignore[arg-type]
    assert b.quotes == []
    assert (b.continuing, b.previous, b.previous_reported) == (None, None, False)
