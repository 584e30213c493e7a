"""Compare the extractor's output on whole corpora before and after a change.

Usage:
    python bench/extract_compare.py --save FILE [CORPUS...]     write the current extraction as JSON lines
    python bench/extract_compare.py --against FILE [CORPUS...]  extract again and print every difference

CORPUS is a folder of `*.txt` articles or one of the named corpora (default: all of them):
- `wikinews`: the 850 articles of `../shared/wikinews/{train,dev}/docs` (read in place, never copied);
- `project`: the seeds, `tests/gold/*.txt` and `tests/documents/*.txt`;
- `synthetic`: 1,000 articles from `bench/synthetic.py`;
- `long`: single paragraphs of 0.2 MB built from the other corpora (as `bench/extract_bench.py --scaling` does).

Each line holds one document: its corpus, id and quotes (paragraph, offsets, text, kind, cue, role, source).
Exit status: 0 identical, 1 differences (listed), 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from newsdb.document import Quote
from newsdb.extract import extract
from newsdb.parse import parse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from long_paragraphs import long_paragraph  # noqa: E402
from synthetic import generate  # noqa: E402

WIKINEWS = ROOT.parent / "shared" / "wikinews"
NAMED = ("wikinews", "project", "synthetic", "long")
LONG_BYTES = 200_000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, metavar="FILE", help="write the extraction as JSON lines")
    action.add_argument("--against", type=Path, metavar="FILE", help="compare with a saved extraction")
    parser.add_argument("corpora", nargs="*", default=list(NAMED), help="named corpora or folders")
    parser.add_argument("--limit", type=int, default=40, help="differences printed at most (default 40)")
    parser.add_argument("--wikinews", type=Path, default=WIKINEWS, help=f"the WikiNews data (default {WIKINEWS})")
    args = parser.parse_args(argv)

    current = {(corpus, ext): quotes for corpus, ext, quotes in _extract_all(args.corpora, args.wikinews)}
    if args.save is not None:
        with args.save.open("w", encoding="utf-8") as out:
            for (corpus, ext), quotes in current.items():
                out.write(json.dumps({"corpus": corpus, "id": ext, "quotes": quotes}, ensure_ascii=False) + "\n")
        print(f"saved {len(current)} documents, {sum(map(len, current.values()))} quotes to {args.save}")
        return 0
    saved: dict[tuple[str, str], list[dict[str, Any]]] = {}
    with args.against.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            saved[(row["corpus"], row["id"])] = row["quotes"]
    return _report(saved, current, args.limit)


def _report(
    saved: dict[tuple[str, str], list[dict[str, Any]]], current: dict[tuple[str, str], list[dict[str, Any]]], limit: int
) -> int:
    differing = 0
    printed = 0
    for key in sorted(saved.keys() | current.keys()):
        before, after = saved.get(key), current.get(key)
        if before == after:
            continue
        differing += 1
        if before is None or after is None:
            lines = [f"  only {'after' if before is None else 'before'}"]
        else:
            lines = [f"  - {_show(q)}" for q in before if q not in after]
            lines += [f"  + {_show(q)}" for q in after if q not in before]
        if printed < limit:
            print(f"{key[0]}/{key[1]}:")
            print("\n".join(lines))
            printed += 1
    total = len(saved.keys() | current.keys())
    print(f"{differing} of {total} documents differ" if differing else f"identical: {total} documents")
    return 1 if differing else 0


def _show(q: dict[str, Any]) -> str:
    return (
        f"¶{q['paragraph']} {q['start']}:{q['end']} {q['kind']} cue={q['cue']!r} role={q['role']!r} "
        f"source={q['source']!r}/{q['source_kind']} {q['text'][:90]!r}"
    )


def _extract_all(corpora: Sequence[str], wikinews: Path) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    for corpus in corpora:
        for ext, text in _corpus(corpus, wikinews):
            document = extract(parse(text, external_id=ext))
            yield corpus, ext, [_row(q) for q in document.quotes]


def _row(q: Quote) -> dict[str, Any]:
    return {
        "paragraph": q.paragraph,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "kind": str(q.kind),
        "cue": q.cue,
        "role": q.speaker_role,
        "source": q.source.name if q.source else None,
        "source_kind": str(q.source.kind) if q.source else None,
    }


def _corpus(name: str, wikinews: Path) -> list[tuple[str, str]]:
    if name == "wikinews":
        folders = [wikinews / "train" / "docs", wikinews / "dev" / "docs"]
        if not all(f.is_dir() for f in folders):
            raise SystemExit(f"extract_compare: error: {wikinews} has no train/docs and dev/docs")
        return [(f"{f.parent.name}/{p.stem}", p.read_text(encoding="utf-8")) for f in folders for p in _texts(f)]
    if name == "project":
        folders = [ROOT / "seeds", ROOT / "tests" / "gold", ROOT / "tests" / "documents"]
        return [(f"{f.name}/{p.stem}", p.read_text(encoding="utf-8")) for f in folders for p in _texts(f)]
    if name == "synthetic":
        return list(generate(1000, seed=0))
    if name == "long":
        return [(f"{source}-{LONG_BYTES}", long_paragraph(source, LONG_BYTES)) for source in ("seed", "synthetic")]
    folder = Path(name)
    if not folder.is_dir():
        raise SystemExit(f"extract_compare: error: {name} is neither a folder nor one of {', '.join(NAMED)}")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in _texts(folder)]


def _texts(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


if __name__ == "__main__":
    raise SystemExit(main())
