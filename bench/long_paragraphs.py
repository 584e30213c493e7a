"""Articles whose body is one long paragraph of realistic sentences, for scaling measurements.

`long_paragraph(source, size)` joins the body paragraphs of the seed article (`seed`) or of generated articles
(`synthetic`, see `synthetic.py`) with spaces, over and over, until the paragraph has `size` UTF-8 bytes (cut at
a sentence end), and returns it as an article in the seed format. The `HOSTILE` sources repeat one phrase
without a full stop: one sentence of `size` bytes.
"""

from __future__ import annotations

from pathlib import Path

from synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_30d5db4ca1753fdf.txt"
# one sentence of one phrase over and over, no full stop: shapes that once made extraction quadratic
HOSTILE = {"capitalised": "Wort", "cues": "Anna Muster sagte", "quoted-cues": "«Wort» sagte Max"}
SOURCES = ("seed", "synthetic", *HOSTILE)


def long_paragraph(source: str, size: int) -> str:
    """An article with a lede and one body paragraph of about `size` bytes built from `source`."""
    unit = " ".join(_paragraphs(source))
    repeats = size // len(unit.encode("utf-8")) + 1
    body = " ".join([unit] * repeats).encode("utf-8")[:size].decode("utf-8", errors="ignore")
    cut = body.rfind(". ")
    return f" date 2022-01 Ein langer Absatz.\n\n{body[: cut + 1] if cut > 0 else body}\n"


def _paragraphs(source: str) -> list[str]:
    if source in HOSTILE:
        return [HOSTILE[source]]
    if source == "seed":
        texts = [SEED.read_text(encoding="utf-8")]
    elif source == "synthetic":
        texts = [text for _, text in generate(50, seed=7)]
    else:
        raise ValueError(f"unknown source {source!r}, expected one of {', '.join(SOURCES)}")
    out: list[str] = []
    for text in texts:
        blocks = text.split("\n\n")[1:]  # not the header line
        out.extend(" ".join(b.split()) for b in blocks if len(b) > 150)  # paragraphs, not headings
    return out
