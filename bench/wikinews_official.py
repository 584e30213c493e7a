"""Score newsdb on the German WikiNews quotation corpus with the corpus's own evaluation script.

Usage:
    python bench/wikinews_official.py [--split dev|train] [--url URL] [--direct] [--keep DIR] [--corpus DIR]

By default the split's articles (`<corpus>/<split>/docs`) are seeded into a scratch SQLite database (or the empty
database at `--url`) and read back from it, quotes with their spans; `--direct` extracts them in this process
instead, without a database (for quick iterations). Each quote's spans are mapped onto the corpus's tokens
(`<corpus>/<split>/json`): a token belongs to a span when their characters overlap. The predictions are written
in the corpus's format to `--keep DIR` (or a scratch folder) and scored by `<corpus>/official/eval.py`, which needs
numpy and scipy (`pip install '.[bench]'`).

Printed: Messages, Roles and Joint P/R/F1, Form and STWR F1 (as eval.py reports them), F1 per role, the share of
gold quotes of each type that a predicted quote overlaps, and an oracle check: the gold annotations scored as a
prediction must reach 1.0.

The corpus (CC BY-NC-SA) is read in place from `../shared/wikinews` and never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import newsdb
from newsdb.document import Document, Quote, QuoteKind, SpanRole
from newsdb.extract import extract
from newsdb.parse import parse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "wikinews"
ROLES = ("speaker", "cue", "frame", "addressee")
TYPES = {
    QuoteKind.DIRECT: "Direct",
    QuoteKind.INDIRECT: "Indirect",
    QuoteKind.MIXED: "Indirect",  # the corpus annotates the quoted words inside as a nested direct quote
    QuoteKind.REPORTED: "Reported",
    QuoteKind.FREE_INDIRECT: "FreeIndirect",
}
GOLD_TYPES = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
_FIGURE = re.compile(r"^(Messages|Roles|Joint|Form|STWR)\((F1|P|R)\):\s+([0-9.]+)", re.MULTILINE)

Json = dict[str, Any]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--url", help="an empty database to seed into (default: a scratch SQLite file)")
    parser.add_argument("--direct", action="store_true", help="extract in process instead of seeding a database")
    parser.add_argument("--keep", type=Path, help="write the prediction files to this folder and keep them")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"the corpus folder (default: {CORPUS})")
    args = parser.parse_args(argv)
    split = args.corpus / args.split
    if not (split / "json").is_dir() or not (args.corpus / "official" / "eval.py").is_file():
        print(f"wikinews_official: no corpus at {args.corpus} (expected {split}/json and official/eval.py)")
        return 2
    print(f"newsdb {newsdb.__file__} ({'compiled' if _compiled() else 'pure Python'}), split {args.split}")
    with tempfile.TemporaryDirectory(prefix="newsdb-wikinews-") as scratch:
        documents = _extracted(split / "docs") if args.direct else _seeded(split / "docs", args.url, Path(scratch))
        out = args.keep or Path(scratch) / "prediction"
        gold = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((split / "json").glob("*.json"))}
        _write(out, (prediction(gold[d.external_id], d) for d in documents if d.external_id in gold))
        figures = _official(args.corpus, split / "json", out)
        oracle = _oracle(args.corpus, split / "json", gold, Path(scratch) / "oracle")
        _report(figures, oracle, gold, out)
    return 0


def prediction(gold: Json, document: Document) -> Json:
    """The corpus-format prediction file for `document`, whose article is `gold`'s `originalText`."""
    starts = _paragraph_offsets(gold["originalText"], document)
    tokens = gold["tokens"]
    annotations: list[Json] = []
    for quote in document.quotes:
        annotation = _annotation(quote, document.quotes, starts, tokens)
        if annotation is not None:
            annotations.append(annotation)
    return {"documentName": gold["documentName"], "annotations": annotations}


def _annotation(quote: Quote, quotes: Sequence[Quote], starts: dict[int, list[int]], tokens: list[Json]) -> Json | None:
    def token_ids(role: SpanRole) -> list[int]:
        ids: set[int] = set()
        for span in quote.spans_as(role):
            if span.paragraph in starts:
                at = starts[span.paragraph]
                ids.update(_overlapping(tokens, at[span.start], at[span.end - 1] + 1))
        return sorted(ids)

    words = token_ids(SpanRole.QUOTE)
    if not words:
        return None
    if quote.kind is QuoteKind.DIRECT:
        words = _with_marks(words, tokens)
    annotation: Json = {"quote": {"tokenIds": words}, "type": _type(quote)}
    for role in ROLES:
        annotation[role] = {"tokenIds": token_ids(SpanRole(role))}
    # newsdb states a medium only where its cue says so; reported words are speech unless stated otherwise
    annotation["medium"] = (quote.medium.value if quote.medium else "speech").capitalize()
    annotation["isNested"] = quote.parent is not None
    annotation["hasNested"] = any(q.parent is not None and quotes[q.parent] is quote for q in quotes)
    return annotation


def _type(quote: Quote) -> str:
    """The corpus's type of a quote: free indirect speech with a cue of its own (`soll`) is `FreeIndirect`, one
    that goes on with a report before it `IndirectFreeIndirect`, and so is a mixed quote going on with a report
    (no cue of its own: a continuation with quoted words)."""
    if quote.kind in (QuoteKind.FREE_INDIRECT, QuoteKind.MIXED) and quote.cue is None:
        return "IndirectFreeIndirect"
    return TYPES[quote.kind]


_MARKS = frozenset("«»‹›„“”‚‘’\"'")


def _with_marks(words: list[int], tokens: list[Json]) -> list[int]:
    """A direct quote's tokens with the quotation marks around it: newsdb's quote is the words inside the marks,
    the corpus counts the marks to the quote."""
    first, last = words[0] - 1, words[-1] + 1
    before = [first] if first >= 0 and tokens[first]["text"] in _MARKS else []
    after = [last] if last < len(tokens) and tokens[last]["text"] in _MARKS else []
    return before + words + after


def _paragraph_offsets(text: str, document: Document) -> dict[int, list[int]]:
    """For each paragraph of `document` found in the corpus's `originalText` (in order), the offset in `text` of
    each of its characters. Parsing drops spaces at the ends of lines, so a paragraph not found as written is
    looked for with any white space where it has white space."""
    offsets: dict[int, list[int]] = {}
    cursor = 0
    for paragraph in document.paragraphs:
        size = len(paragraph.text)
        at = text.find(paragraph.text, cursor)
        if at >= 0:
            offsets[paragraph.position] = list(range(at, at + size))
            cursor = at + size
            continue
        words = paragraph.text.split()
        found = re.compile(r"\s+".join(map(re.escape, words))).search(text, cursor) if words else None
        if found is None:
            continue
        mapped, i = [], found.start()
        for char in paragraph.text:
            if not char.isspace():
                while text[i].isspace():
                    i += 1
                mapped.append(i)
                i += 1
            else:
                mapped.append(i)
        offsets[paragraph.position] = mapped
        cursor = found.end()
    return offsets


def _overlapping(tokens: list[Json], begin: int, end: int) -> Iterator[int]:
    """The ids of the tokens whose characters overlap `[begin, end)` (tokens are in text order)."""
    low, high = 0, len(tokens)
    while low < high:  # the first token that ends after `begin`
        middle = (low + high) // 2
        if tokens[middle]["charEnd"] <= begin:
            low = middle + 1
        else:
            high = middle
    for token in tokens[low:]:
        if token["charBegin"] >= end:
            break
        yield token["id"]


def _extracted(docs: Path) -> list[Document]:
    return [
        extract(parse(path.read_text(encoding="utf-8"), external_id=path.stem, source=str(path)))
        for path in sorted(docs.glob("*.txt"))
    ]


def _seeded(docs: Path, url: str | None, scratch: Path) -> list[Document]:
    from newsdb.ingest.seed import seed
    from newsdb.queries import iter_articles
    from newsdb.store.documents import document_from_article

    target = url or f"sqlite:///{scratch / 'wikinews.sqlite3'}"
    report = seed([docs], url=target)
    if report.failures:
        raise SystemExit(f"wikinews_official: {len(report.failures)} articles failed to load: {report.failures[0]}")
    with newsdb.session(target) as session:
        return [document_from_article(article) for article in iter_articles(session)]


def _write(folder: Path, predictions: Iterable[Json]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for count, item in enumerate(predictions):
        (folder / f"{count:04d}.json").write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")


def _official(corpus: Path, gold: Path, prediction: Path) -> dict[str, float]:
    """Run the corpus's eval.py and read its summary figures (`Messages(F1)` …) from what it prints."""
    command = [
        sys.executable,
        str(corpus / "official" / "eval.py"),
        "--gold",
        str(gold),
        "--prediction",
        str(prediction),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, env={**os.environ, "PYTHONHASHSEED": "0"}
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        # eval.py divides by the number of predicted role tokens: it cannot score predictions without any
        hint = " (no quote has a speaker, cue, frame or addressee span)" if "ZeroDivisionError" in last else ""
        raise SystemExit(f"wikinews_official: eval.py failed on {prediction}: {last}{hint}")
    return {f"{name} {measure}": float(value) for name, measure, value in _FIGURE.findall(done.stdout)}


def _oracle(corpus: Path, gold_folder: Path, gold: dict[str, Json], folder: Path) -> float:
    """Joint F1 of the gold annotations scored as a prediction: 1.0 unless the scoring itself is off."""
    _write(folder, ({"documentName": g["documentName"], "annotations": g["annotations"]} for g in gold.values()))
    return _official(corpus, gold_folder, folder)["Joint F1"]


def _role_f1(gold: dict[str, Json], prediction: Path) -> dict[str, float]:
    """Token F1 per role over whole documents (a coarse view; eval.py's Roles pairs quotes first)."""
    predicted = {}
    for path in prediction.glob("*.json"):
        item = json.loads(path.read_text(encoding="utf-8"))
        predicted[item["documentName"]] = item["annotations"]
    scores: dict[str, float] = {}
    for role in ("quote", *ROLES):
        tp = fp = fn = 0
        for document in gold.values():
            wanted = {t for a in document["annotations"] for t in a[role]["tokenIds"]}
            found = {t for a in predicted.get(document["documentName"], []) for t in a[role]["tokenIds"]}
            tp, fp, fn = tp + len(wanted & found), fp + len(found - wanted), fn + len(wanted - found)
        scores[role] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return scores


def _type_recall(gold: dict[str, Json], prediction: Path) -> dict[str, tuple[int, int]]:
    """Per gold type: how many gold quotes a predicted quote overlaps, of how many."""
    predicted: dict[str, list[set[int]]] = {}
    for path in prediction.glob("*.json"):
        item = json.loads(path.read_text(encoding="utf-8"))
        predicted[item["documentName"]] = [set(a["quote"]["tokenIds"]) for a in item["annotations"]]
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for document in gold.values():
        mine = predicted.get(document["documentName"], [])
        for annotation in document["annotations"]:
            words = set(annotation["quote"]["tokenIds"])
            total[annotation["type"]] += 1
            found[annotation["type"]] += any(words & other for other in mine)
    return {kind: (found[kind], total[kind]) for kind in GOLD_TYPES if total[kind]}


def _report(figures: dict[str, float], oracle: float, gold: dict[str, Json], prediction: Path) -> None:
    print(f"{'':10}{'P':>7}{'R':>7}{'F1':>7}")
    for name in ("Messages", "Roles", "Joint", "Form", "STWR"):
        p, r, f1 = (figures.get(f"{name} {m}", 0.0) for m in ("P", "R", "F1"))
        print(f"{name:10}{p:7.3f}{r:7.3f}{f1:7.3f}")
    print(
        "token F1 per role (whole documents): "
        + ", ".join(f"{k} {v:.3f}" for k, v in _role_f1(gold, prediction).items())
    )
    recall = _type_recall(gold, prediction)
    print("gold quotes overlapped, by type: " + ", ".join(f"{k} {f}/{t} = {f / t:.3f}" for k, (f, t) in recall.items()))
    print(f"oracle (gold scored as prediction): Joint F1 {oracle:.3f}")


def _compiled() -> bool:
    from newsdb.extract import compiled

    return compiled()


if __name__ == "__main__":
    sys.exit(main())
