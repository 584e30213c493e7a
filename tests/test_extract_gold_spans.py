"""The speaker and cue spans of quotes measured against the hand-written gold (`tests/gold/`, see its README).

Each gold quote names its speaker as written (`speaker`, in `speaker_paragraph` when that is not the quote's
paragraph) and its cue words (`cue`). For every gold quote the extractor found (the matching of
`gold_scoring.py`), the predicted speaker span must be the same text in the same paragraph, and the
predicted cue spans, read in order and joined by spaces, the same words. Run with `-s` for the report.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from gold_scoring import ArticleResult, evaluate_article, gold_ids, load_gold

from newsdb.document import Quote, SpanRole
from newsdb.parse import read_document

# Floors just under what the extractor reaches (speaker 0.985, cue 0.993 of 136 matched gold quotes): raise them
# as it improves.
MIN_SPEAKER = 0.96
MIN_CUE = 0.96


@dataclass(frozen=True, slots=True)
class SpanCheck:
    """One matched gold quote: its expected and predicted speaker and cue, as (paragraph, text) and text."""

    article: str
    quote: str
    speaker: tuple[int, str] | None
    predicted_speaker: tuple[int, str] | None
    cue: str | None
    predicted_cue: str | None

    @property
    def speaker_right(self) -> bool:
        return self.speaker == self.predicted_speaker

    @property
    def cue_right(self) -> bool:
        if self.cue is None or self.predicted_cue is None:
            return self.cue == self.predicted_cue
        return self.cue.casefold() == self.predicted_cue.casefold()


def _predicted(quote: Quote, texts: dict[int, str]) -> tuple[tuple[int, str] | None, str | None]:
    speakers = quote.spans_as(SpanRole.SPEAKER)
    speaker = None
    if speakers:
        first = speakers[0]
        speaker = (first.paragraph, texts[first.paragraph][first.start : first.end])
    cues = sorted(quote.spans_as(SpanRole.CUE), key=lambda s: (s.paragraph, s.start))
    cue = " ".join(texts[s.paragraph][s.start : s.end] for s in cues) if cues else None
    return speaker, cue


def checks_of(result: ArticleResult) -> list[SpanCheck]:
    texts = {p.position: p.text for p in read_document(result.gold.text_path).paragraphs}
    out = []
    for gi, pi in result.pairs.items():
        raw = result.gold.raw["quotes"][gi]
        if "speaker" not in raw:
            continue
        quote = result.gold.quotes[gi]
        speaker = None if raw["speaker"] is None else (raw.get("speaker_paragraph", quote.paragraph), raw["speaker"])
        predicted_speaker, predicted_cue = _predicted(result.predicted[pi], texts)
        out.append(SpanCheck(result.gold.external_id, quote.text, speaker, predicted_speaker, quote.cue, predicted_cue))
    return out


@pytest.fixture(scope="module")
def checks() -> list[SpanCheck]:
    return [c for external_id in gold_ids() for c in checks_of(evaluate_article(load_gold(external_id)))]


@pytest.mark.parametrize("external_id", gold_ids())
def test_gold_speakers_are_in_their_paragraph(external_id: str) -> None:
    gold = load_gold(external_id)
    texts = {p.position: p.text for p in read_document(gold.text_path).paragraphs}
    for raw in gold.raw["quotes"]:
        where = f"{external_id} paragraph {raw['paragraph']}: {raw['text'][:40]!r}"
        assert set(raw) & {"speaker", "speaker_paragraph"} != {"speaker_paragraph"}, where
        if raw.get("speaker") is not None:
            paragraph = raw.get("speaker_paragraph", raw["paragraph"])
            assert paragraph <= raw["paragraph"], f"{where}: a speaker is named before or with the quote"
            assert raw["speaker"] in texts[paragraph], f"{where}: {raw['speaker']!r} is not in paragraph {paragraph}"
        if raw["cue"] is not None:
            assert raw["cue"] == " ".join(raw["cue"].split()), f"{where}: cue words separated by single spaces"


def test_every_gold_article_names_speakers() -> None:
    assert all(all("speaker" in raw for raw in load_gold(external_id).raw["quotes"]) for external_id in gold_ids()), (
        "every quote of the gold names its speaker as written (null when none is named)"
    )


def test_span_accuracy(checks: list[SpanCheck], capsys: pytest.CaptureFixture[str]) -> None:
    speakers = sum(c.speaker_right for c in checks) / len(checks)
    cues = sum(c.cue_right for c in checks) / len(checks)
    with capsys.disabled():
        print(f"\nSpans of {len(checks)} matched gold quotes: speaker {speakers:.3f}, cue {cues:.3f}")
        for c in checks:
            if not (c.speaker_right and c.cue_right):
                print(
                    f"  {c.article} {c.quote[:40]!r}: speaker {c.speaker} → {c.predicted_speaker}, "
                    f"cue {c.cue!r} → {c.predicted_cue!r}"
                )
    assert len(checks) >= 130, "most gold quotes are found and checked"
    assert speakers >= MIN_SPEAKER
    assert cues >= MIN_CUE
