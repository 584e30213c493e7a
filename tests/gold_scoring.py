"""Quote extraction measured against hand-written gold annotations: reading the gold, matching and scoring.

The gold files live in `tests/gold/` (format and conventions in `tests/gold/README.md`): one JSON file per
article, the article text in `tests/gold/<id>.txt` or, for the seed, in `seeds/<id>.txt`.

Matching rule: a predicted quote matches a gold quote when both lie in the same paragraph and the Jaccard
index of their character ranges (overlap length / union length) is at least `MIN_JACCARD`. Pairs are formed
one to one, greedily, best Jaccard first. Overall figures ignore the quote kind; the per-kind figures match
gold and predicted quotes of that kind only, so a mixed quote predicted as indirect counts against both.

The gold files are checked by `test_extract_gold_files.py`, the scores by `test_extract_gold_scores.py`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from newsdb.document import Document, Quote, SpanRole
from newsdb.extract import extract

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
SEED_DIR = ROOT / "seeds"
SEED_ID = "000_30d5db4ca1753fdf"

MIN_JACCARD = 0.5

KINDS = ("direct", "indirect", "mixed", "reported", "free_indirect")
HEADING_MAX_CHARS = 80

HEADER = re.compile(r" date (?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)? (?P<lede>\S.*)")


# --- gold files ---


@dataclass(frozen=True, slots=True)
class GoldQuote:
    paragraph: int
    text: str
    kind: str
    source: str | None
    source_kind: str
    speaker_role: str | None
    cue: str | None
    tags: tuple[str, ...]
    nested_in: str | None = None  # for a direct quote inside a report: a fragment of the report's text


@dataclass(frozen=True, slots=True)
class GoldNegative:
    """A stretch that looks like speech but is none: a predicted quote touching it is a trap hit."""

    paragraph: int
    text: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    external_id: str
    text_path: Path
    raw: dict[str, Any]
    quotes: tuple[GoldQuote, ...]
    negatives: tuple[GoldNegative, ...]


def gold_ids() -> list[str]:
    return sorted(path.stem for path in GOLD_DIR.glob("*.json"))


def text_path(external_id: str) -> Path:
    written = GOLD_DIR / f"{external_id}.txt"
    return written if written.exists() else SEED_DIR / f"{external_id}.txt"


@cache
def load_gold(external_id: str) -> GoldArticle:
    raw = json.loads((GOLD_DIR / f"{external_id}.json").read_text(encoding="utf-8"))
    quotes = tuple(
        GoldQuote(
            paragraph=q["paragraph"],
            text=q["text"],
            kind=q["kind"],
            source=q["source"],
            source_kind=q["source_kind"],
            speaker_role=q["speaker_role"],
            cue=q["cue"],
            tags=tuple(q.get("tags", ())),
            nested_in=q.get("nested_in"),
        )
        for q in raw["quotes"]
    )
    negatives = tuple(
        GoldNegative(paragraph=n["paragraph"], text=n["text"], tags=tuple(n.get("tags", ())))
        for n in raw.get("negatives", ())
    )
    return GoldArticle(external_id, text_path(external_id), raw, quotes, negatives)


def is_heading(block: str) -> bool:
    """A short single line that does not end like a sentence (the article format's heading rule)."""
    line = block.strip()
    return "\n" not in line and len(line) <= HEADING_MAX_CHARS and (line[-1].isalnum() or line[-1] in "?:")


def split_paragraphs(text: str) -> list[str]:
    """The article's paragraphs by position, found without `newsdb.parse`: lede first, headings skipped."""
    blocks = text.rstrip("\n").split("\n\n")
    header = HEADER.fullmatch(blocks[0])
    assert header, f"first line does not read ' date YYYY[-MM[-DD]] <lede>': {blocks[0][:60]!r}"
    body = blocks[1:]
    return [header["lede"]] + [block for i, block in enumerate(body) if not (is_heading(block) and i < len(body) - 1)]


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


# --- matching ---


@dataclass(frozen=True, slots=True)
class Span:
    paragraph: int
    start: int
    end: int


def jaccard(a: Span, b: Span) -> float:
    if a.paragraph != b.paragraph:
        return 0.0
    overlap = max(0, min(a.end, b.end) - max(a.start, b.start))
    union = (a.end - a.start) + (b.end - b.start) - overlap
    return overlap / union if union else 0.0


def match_spans(gold: Sequence[Span], predicted: Sequence[Span]) -> dict[int, int]:
    """One-to-one pairs, gold index -> predicted index, greedy on Jaccard (best first, ties by position)."""
    candidates = sorted(
        ((jaccard(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for score, gi, pi in candidates:
        if score < MIN_JACCARD:
            break
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


def same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def source_correct(gold: GoldQuote, predicted: Quote) -> bool:
    """Right source: the same name (case-insensitive); for an anonymous gold source, any anonymous source."""
    if predicted.source is None:
        return False
    if gold.source is None:
        return predicted.source.kind.value == "anonymous"
    return same_name(predicted.source.name, gold.source)


# --- evaluation ---


def read_gold_document(path: Path) -> Document:
    from newsdb.parse import read_document

    return read_document(path)


@dataclass(frozen=True, slots=True)
class ArticleResult:
    gold: GoldArticle
    gold_spans: tuple[Span, ...]
    predicted: tuple[Quote, ...]
    pairs: dict[int, int]
    trap_hits: tuple[GoldNegative, ...]

    def predicted_for(self, fragment: str) -> tuple[GoldQuote, Quote | None]:
        """The gold quote containing `fragment` and the predicted quote matched to it, if any."""
        found = [i for i, q in enumerate(self.gold.quotes) if fragment in q.text]
        assert len(found) == 1, f"{fragment!r} is in {len(found)} gold quotes of {self.gold.external_id}"
        pi = self.pairs.get(found[0])
        return self.gold.quotes[found[0]], None if pi is None else self.predicted[pi]


def predicted_span(quote: Quote) -> Span:
    """The stretch from a quote's first quote span to its last in its paragraph: a quote with an attribution cut
    out of it (`… ist laut Huber noch offen`) is matched as the whole it was cut from."""
    pieces = [s for s in quote.spans_as(SpanRole.QUOTE) if s.paragraph == quote.paragraph]
    return Span(quote.paragraph, min(s.start for s in pieces), max(s.end for s in pieces))


def evaluate_article(gold: GoldArticle) -> ArticleResult:
    document = extract(read_gold_document(gold.text_path))
    texts = {p.position: p.text for p in document.paragraphs}

    def locate(paragraph: int, text: str) -> Span:
        start = texts.get(paragraph, "").find(text)
        assert start >= 0, f"{gold.external_id}: {text[:50]!r} is not in parsed paragraph {paragraph}"
        return Span(paragraph, start, start + len(text))

    gold_spans = tuple(locate(q.paragraph, q.text) for q in gold.quotes)
    predicted = tuple(document.quotes)
    pairs = _matched_levels(gold, gold_spans, predicted)
    unmatched = [predicted_span(p) for i, p in enumerate(predicted) if i not in set(pairs.values())]
    trap_hits = []
    for negative in gold.negatives:
        span = locate(negative.paragraph, negative.text)
        if any(
            p.paragraph == span.paragraph and spans_overlap((p.start, p.end), (span.start, span.end)) for p in unmatched
        ):
            trap_hits.append(negative)
    return ArticleResult(gold, gold_spans, predicted, pairs, tuple(trap_hits))


def _matched_levels(gold: GoldArticle, gold_spans: Sequence[Span], predicted: Sequence[Quote]) -> dict[int, int]:
    """Top-level gold quotes matched with top-level predicted ones; nested gold quotes with nested predicted ones
    whose parent overlaps the gold parent (the gold quote containing `nested_in`)."""
    pairs: dict[int, int] = {}
    for nested in (False, True):
        g = [i for i, q in enumerate(gold.quotes) if (q.nested_in is not None) == nested]
        p = [i for i, q in enumerate(predicted) if (q.parent is not None) == nested]
        found = match_spans([gold_spans[i] for i in g], [predicted_span(predicted[i]) for i in p])
        for gi, pi in found.items():
            quote, guess = gold.quotes[g[gi]], predicted[p[pi]]
            if nested and not _same_parent(gold, gold_spans, quote, predicted, guess):
                continue
            pairs[g[gi]] = p[pi]
    return pairs


def _same_parent(
    gold: GoldArticle, gold_spans: Sequence[Span], quote: GoldQuote, predicted: Sequence[Quote], guess: Quote
) -> bool:
    """Whether the predicted parent of `guess` overlaps the gold parent of `quote`."""
    assert quote.nested_in is not None
    assert guess.parent is not None
    parents = [s for q, s in zip(gold.quotes, gold_spans, strict=True) if quote.nested_in in q.text and q is not quote]
    parent = predicted[guess.parent]
    return any(
        s.paragraph == parent.paragraph and spans_overlap((s.start, s.end), (parent.start, parent.end)) for s in parents
    )


@dataclass(frozen=True, slots=True)
class Score:
    gold: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Ratio:
    hits: int
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.hits}/{self.total} = {self.value:.3f}"


@dataclass(frozen=True, slots=True)
class Evaluation:
    articles: dict[str, ArticleResult]

    def matched(self) -> list[tuple[GoldQuote, Quote]]:
        return [(r.gold.quotes[gi], r.predicted[pi]) for r in self.articles.values() for gi, pi in r.pairs.items()]

    def overall(self) -> Score:
        return Score(
            sum(len(r.gold.quotes) for r in self.articles.values()),
            sum(len(r.predicted) for r in self.articles.values()),
            sum(len(r.pairs) for r in self.articles.values()),
        )

    def by_kind(self, kind: str) -> Score:
        gold = predicted = matched = 0
        for r in self.articles.values():
            g = [s for q, s in zip(r.gold.quotes, r.gold_spans, strict=True) if q.kind == kind]
            p = [predicted_span(q) for q in r.predicted if q.kind.value == kind]
            gold, predicted, matched = gold + len(g), predicted + len(p), matched + len(match_spans(g, p))
        return Score(gold, predicted, matched)

    def nested(self) -> Score:
        """Direct quotes nested in a report, matched only with nested predictions inside the same report."""
        gold = predicted = matched = 0
        for r in self.articles.values():
            gold += sum(q.nested_in is not None for q in r.gold.quotes)
            predicted += sum(q.parent is not None for q in r.predicted)
            matched += sum(r.gold.quotes[gi].nested_in is not None for gi in r.pairs)
        return Score(gold, predicted, matched)

    def attribution(self) -> Ratio:
        pairs = self.matched()
        return Ratio(sum(source_correct(g, p) for g, p in pairs), len(pairs))

    def source_kind(self) -> Ratio:
        pairs = self.matched()
        return Ratio(sum(p.source is not None and p.source.kind.value == g.source_kind for g, p in pairs), len(pairs))

    def quote_kind(self) -> Ratio:
        pairs = self.matched()
        return Ratio(sum(p.kind.value == g.kind for g, p in pairs), len(pairs))

    def speaker_role(self) -> Ratio:
        pairs = [(g, p) for g, p in self.matched() if g.speaker_role is not None]
        return Ratio(sum(same_name(p.speaker_role or "", g.speaker_role or "") for g, p in pairs), len(pairs))

    def recall_by_tag(self) -> dict[str, Ratio]:
        total: Counter[str] = Counter()
        hits: Counter[str] = Counter()
        for r in self.articles.values():
            for gi, quote in enumerate(r.gold.quotes):
                total.update(quote.tags)
                if gi in r.pairs:
                    hits.update(quote.tags)
        return {tag: Ratio(hits[tag], total[tag]) for tag in sorted(total)}

    def traps(self) -> tuple[Ratio, Counter[str]]:
        negatives = [n for r in self.articles.values() for n in r.gold.negatives]
        hit = [n for r in self.articles.values() for n in r.trap_hits]
        return Ratio(len(hit), len(negatives)), Counter(tag for n in hit for tag in n.tags)

    def report(self) -> str:
        lines = [f"Quote extraction against gold: {len(self.articles)} articles, Jaccard >= {MIN_JACCARD}"]
        lines.append(f"  {'':10}{'gold':>6}{'pred':>6}{'match':>7}{'precision':>11}{'recall':>8}{'F1':>7}")
        scores = [("all", self.overall()), *((kind, self.by_kind(kind)) for kind in KINDS), ("nested", self.nested())]
        for name, score in scores:
            lines.append(
                f"  {name:10}{score.gold:6}{score.predicted:6}{score.matched:7}"
                f"{score.precision:11.3f}{score.recall:8.3f}{score.f1:7.3f}"
            )
        lines.append(f"  attribution accuracy (source name, of matched): {self.attribution()}")
        lines.append(f"  source-kind accuracy (of matched):              {self.source_kind()}")
        lines.append(f"  quote-kind accuracy (of matched):               {self.quote_kind()}")
        lines.append(f"  speaker-role accuracy (of matched with a role): {self.speaker_role()}")
        traps, trap_tags = self.traps()
        detail = ", ".join(f"{tag} {n}" for tag, n in sorted(trap_tags.items()))
        suffix = f" ({detail})" if detail else ""
        lines.append(f"  traps hit (speech look-alikes predicted as quotes): {traps}{suffix}")
        lines.append("  recall by case:")
        lines.extend(f"    {tag:22} {ratio}" for tag, ratio in self.recall_by_tag().items())
        return "\n".join(lines)
