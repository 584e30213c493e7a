"""Compare the extractor's output on whole corpora before and after a change.

Usage:
    python bench/extract_compare.py --save FILE [CORPUS...]     write the current extraction as JSON lines
    python bench/extract_compare.py --against FILE [CORPUS...]  extract again and print every difference

CORPUS is a folder of `*.txt` articles or one of the named corpora (default: all of them):
- `wikinews`: the 850 articles of `../shared/wikinews/{train,dev}/docs` (read in place, never copied);
- `project`: the seeds, `tests/gold/*.txt` and `tests/documents/*.txt`;
- `synthetic`: 1,000 articles from `bench/synthetic.py`;
- `long`: single paragraphs of 0.2 MB built from the other corpora (as `bench/extract_bench.py --scaling` does).

Each line holds one document: its corpus, id and quotes. A quote is saved with its paragraph, offsets, text, kind,
cue, speaker role, source, parent (the offsets of the quote it is nested in), medium, spans (role, paragraph, start,
end) and provenance (the rule that found it, the speaker as written, how the speaker was resolved: see
`newsdb explain`). Quotes at the same offsets before and after are compared field by field, one line per change:
`corpus/id: ¶paragraph start:end 'text': field: before -> after` (fields such as `spans.speaker` or
`provenance.rule`); a quote found only before or only after is listed whole, with `-` or `+`.
Exit status: 0 identical, 1 differences (listed), 2 usage errors (also a file saved by an older version).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

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

Row = dict[str, Any]  # one quote as saved
DOCUMENT_KEYS = {"corpus", "id", "quotes"}
QUOTE_KEYS = {"paragraph", "start", "end", "text", "kind", "cue", "role", "source", "source_kind", "parent", "medium"}
QUOTE_KEYS |= {"spans", "provenance"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, metavar="FILE", help="write the extraction as JSON lines")
    action.add_argument("--against", type=Path, metavar="FILE", help="compare with a saved extraction")
    parser.add_argument("corpora", nargs="*", default=list(NAMED), help="named corpora or folders")
    parser.add_argument("--limit", type=int, default=40, help="differences printed at most (default 40)")
    parser.add_argument("--wikinews", type=Path, default=WIKINEWS, help=f"the WikiNews data (default {WIKINEWS})")
    args = parser.parse_args(argv)

    saved = _load(args.against) if args.against is not None else {}  # before extracting: a bad file fails at once
    current = {(corpus, ext): quotes for corpus, ext, quotes in _extract_all(args.corpora, args.wikinews)}
    if args.save is not None:
        partial = args.save.with_name(args.save.name + ".partial")
        with partial.open("w", encoding="utf-8") as out:
            for (corpus, ext), quotes in current.items():
                out.write(json.dumps({"corpus": corpus, "id": ext, "quotes": quotes}, ensure_ascii=False) + "\n")
        partial.replace(args.save)
        print(f"saved {len(current)} documents, {sum(map(len, current.values()))} quotes to {args.save}")
        return 0
    return _report(saved, current, args.limit)


def _fail(message: str) -> NoReturn:
    print(f"extract_compare: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def _load(path: Path) -> dict[tuple[str, str], list[Row]]:
    """The documents of a file written by `--save`; a file of another shape is a usage error naming it."""
    saved: dict[tuple[str, str], list[Row]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}")
    for number, line in enumerate(lines, 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            row = None
        if not _is_document(row):
            _fail(f"{path}:{number}: expected a document as --save writes it (corpus, id, quotes)")
        for quote in row["quotes"]:
            if not isinstance(quote, dict):
                _fail(f"{path}:{number}: expected every quote to be an object")
            if "spans" not in quote:
                _fail(f"{path} was saved by an older extract_compare (quotes without spans): save it again with --save")
            if not quote.keys() >= QUOTE_KEYS:
                _fail(f"{path}:{number}: expected every quote to have {', '.join(sorted(QUOTE_KEYS - quote.keys()))}")
            if not isinstance(quote["spans"], list) or not isinstance(quote["provenance"], dict | None):
                _fail(f"{path}:{number}: expected a quote's spans as a list and its provenance as an object")
        saved[(row["corpus"], row["id"])] = row["quotes"]
    if not saved:
        _fail(f"{path} holds no documents: expected a file written by --save")
    return saved


def _is_document(row: Any) -> bool:
    return (
        isinstance(row, dict)
        and row.keys() >= DOCUMENT_KEYS
        and isinstance(row["corpus"], str)
        and isinstance(row["id"], str)
        and isinstance(row["quotes"], list)
    )


def _report(saved: dict[tuple[str, str], list[Row]], current: dict[tuple[str, str], list[Row]], limit: int) -> int:
    differing = printed = hidden = 0
    for key in sorted(saved.keys() | current.keys()):
        before, after = saved.get(key), current.get(key)
        if before is None or after is None:
            lines = [f"only {'after' if before is None else 'before'}"]
        else:
            lines = [] if before == after else _differences(before, after)
        differing += bool(lines)
        for line in lines:
            if printed < limit:
                print(f"{key[0]}/{key[1]}: {line}")
                printed += 1
            else:
                hidden += 1
    if hidden:
        print(f"… and {hidden} more differences (--limit {limit})")
    total = len(saved.keys() | current.keys())
    print(f"{differing} of {total} documents differ" if differing else f"identical: {total} documents")
    return 1 if differing else 0


def _differences(before: list[Row], after: list[Row]) -> list[str]:
    """One line per changed field of a quote at the same offsets before and after, one per quote found on one side
    only; in the order of the quotes in the document. The order of spans and of quotes at different offsets counts
    for nothing."""
    waiting: dict[tuple[int, int, int], list[Row]] = {}
    for row in after:
        waiting.setdefault(_at(row), []).append(row)
    found: list[tuple[tuple[int, int, int], str]] = []
    for row in before:
        same = waiting.get(_at(row))
        if same:
            label = f"¶{row['paragraph']} {row['start']}:{row['end']} {row['text'][:50]!r}"
            found += [(_at(row), f"{label}: {field}: {old} -> {new}") for field, old, new in _changes(row, same.pop(0))]
        else:
            found.append((_at(row), f"- {_show(row)}"))
    found += [(_at(row), f"+ {_show(row)}") for rows in waiting.values() for row in rows]
    found.sort(key=lambda item: item[0])  # stable: the changes of one quote keep their order
    return [line for _, line in found]


def _at(row: Row) -> tuple[int, int, int]:
    return row["paragraph"], row["start"], row["end"]


def _changes(before: Row, after: Row) -> Iterator[tuple[str, str, str]]:
    """(field, before, after) for each field that differs; spans by role, provenance by part."""
    for field in ("text", "kind", "cue", "role", "source", "source_kind", "medium"):
        if before[field] != after[field]:
            yield field, repr(before[field]), repr(after[field])
    if before["parent"] != after["parent"]:
        yield "parent", _place(before["parent"]), _place(after["parent"])
    old, new = _by_role(before["spans"]), _by_role(after["spans"])
    for role in sorted(old.keys() | new.keys()):
        if old.get(role) != new.get(role):
            yield f"spans.{role}", _places(old.get(role)), _places(new.get(role))
    old_why, new_why = before["provenance"], after["provenance"]
    if old_why is None or new_why is None:
        if old_why != new_why:
            yield "provenance", repr(old_why), repr(new_why)
        return
    for part in ("rule", "mention", "resolution"):
        if old_why.get(part) != new_why.get(part):
            yield f"provenance.{part}", repr(old_why.get(part)), repr(new_why.get(part))


def _by_role(spans: list[list[Any]]) -> dict[str, list[list[int]]]:
    roles: dict[str, list[list[int]]] = {}
    for role, *place in spans:
        roles.setdefault(role, []).append(place)
    return {role: sorted(places) for role, places in roles.items()}


def _place(place: list[int] | None) -> str:
    return "none" if place is None else f"¶{place[0]} {place[1]}:{place[2]}"


def _places(places: list[list[int]] | None) -> str:
    return ", ".join(map(_place, places)) if places else "none"


def _show(q: Row) -> str:
    why = q["provenance"] or {}
    return (
        f"¶{q['paragraph']} {q['start']}:{q['end']} {q['kind']} cue={q['cue']!r} role={q['role']!r} "
        f"source={q['source']!r}/{q['source_kind']} rule={why.get('rule')!r} {q['text'][:90]!r}"
    )


def _extract_all(corpora: Sequence[str], wikinews: Path) -> Iterator[tuple[str, str, list[Row]]]:
    for corpus in corpora:
        # a folder is known by its absolute path, however it was written on the command line
        label = corpus if corpus in NAMED else Path(corpus).resolve().as_posix()
        for ext, text in _corpus(corpus, wikinews):
            quotes = extract(parse(text, external_id=ext)).quotes
            yield label, ext, [_row(q, quotes) for q in quotes]


def _row(q: Quote, quotes: Sequence[Quote]) -> Row:
    # the parent by its offsets, not its position: a quote found or lost before it changes no other quote
    parent = None if q.parent is None else quotes[q.parent]
    why = q.provenance
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
        "parent": None if parent is None else [parent.paragraph, parent.start, parent.end],
        "medium": str(q.medium) if q.medium else None,
        "spans": [[str(s.role), s.paragraph, s.start, s.end] for s in q.spans],
        "provenance": None if why is None else {"rule": why.rule, "mention": why.mention, "resolution": why.resolution},
    }


def _corpus(name: str, wikinews: Path) -> list[tuple[str, str]]:
    if name == "wikinews":
        folders = [wikinews / "train" / "docs", wikinews / "dev" / "docs"]
        if not all(f.is_dir() for f in folders):
            _fail(f"{wikinews} has no train/docs and dev/docs")
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
        _fail(f"{name} is neither a folder nor one of {', '.join(NAMED)}")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in _texts(folder)]


def _texts(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


if __name__ == "__main__":
    raise SystemExit(main())
