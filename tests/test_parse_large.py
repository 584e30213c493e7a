"""Large input: megabytes in one paragraph parse, with memory in proportion to the size.

Time is measured, not asserted: `python bench/parse_bench.py --long` shows it growing linearly.
"""

from __future__ import annotations

import random
import tracemalloc

from newsdb.document import count_words, reader_words
from newsdb.parse import decode, parse

SENTENCE = "Noch ein Satz über das Budget von 10'000 Franken, sagte die SRF-Korrespondentin. "
SIZE = 5_000_000
TRACED_SIZE = 2_000_000  # memory tracing slows allocation down: a smaller text shows the same proportion
MEMORY_FACTOR = 5  # peak memory at most this many times the input's UTF-8 size


def test_a_long_single_line_parses_and_counts_words_with_flat_memory() -> None:
    body = SENTENCE * (TRACED_SIZE // len(SENTENCE.encode()))
    data = f" date 2023-01-01 {body.rstrip()}\n".encode()
    tracemalloc.start()
    try:
        document = parse(decode(data), external_id="long")
        words = document.word_count
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert document.lede == body.rstrip()
    assert len(document.sections) == 1
    assert words == 12 * body.count(SENTENCE)  # "10'000" and "SRF-Korrespondentin" are one word each
    assert peak < MEMORY_FACTOR * len(data), f"peak {peak / len(data):.1f} times the input"


def test_a_5_mb_paragraph_of_short_lines_parses() -> None:
    lines = SENTENCE.replace(", ", ",\n") * (SIZE // len(SENTENCE.encode()))
    document = parse(decode(f" date 2023 Vorspann.\n\n{lines}".encode()), external_id="long")
    [section] = document.sections
    assert [p.text for p in section.paragraphs] == ["Vorspann.", lines.rstrip()]


def test_counting_in_stretches_counts_the_same_words() -> None:
    pieces = ["Wort", "10'000", "12,5", "SRF-Auslandredaktorin", "über", "a.b", "-", "—", "'", "x", "e\u0301", "ﬁ"]
    gaps = [" ", "\n", "  ", "\t", "", "\u00a0", "\n\n"]
    chooser = random.Random(13)
    for count in (10, 50_000, 200_000):
        text = "".join(chooser.choice(pieces) + chooser.choice(gaps) for _ in range(count))
        assert count_words(text) == len(reader_words(text)), count
