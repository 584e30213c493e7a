"""Figures on the sources of a seeded database: persons, unresolved surnames, roles in names, merges.

    python bench/source_figures.py sqlite:///wikinews.sqlite3 [--sample 50 --seed 17]

Prints the number of person sources; person sources named by one word whose surname has exactly one full-name
person (should be 0: they ought to have been linked); person names containing a role or title word; and a random
sample of merges (aliases linked to a source of another name) to be checked by hand. Works on a database of any
revision (before aliases existed, merges are not listed).
"""

from __future__ import annotations

import argparse
import random

from sqlalchemy import create_engine, inspect, text

from newsdb.sources.names import _is_role_word, fold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    engine = create_engine(args.url)
    with engine.connect() as connection:
        persons = [row[0] for row in connection.execute(text("SELECT name FROM sources WHERE kind = 'person'"))]
        unknown = connection.execute(
            text("SELECT count(*) FROM quotes AS q JOIN sources AS s ON s.id = q.source_id WHERE s.kind = 'anonymous'")
        ).scalar_one()
        no_source = connection.execute(text("SELECT count(*) FROM quotes WHERE source_id IS NULL")).scalar_one()
        merges = []
        if inspect(connection).has_table("source_aliases"):
            merges = connection.execute(
                text(
                    "SELECT a.alias, s.name FROM source_aliases AS a JOIN sources AS s ON s.id = a.source_id"
                    " WHERE a.normalized_key <> s.normalized_key ORDER BY a.alias, s.name"
                )
            ).all()
    surnames: dict[str, int] = {}
    for name in persons:
        words = fold(name).split()
        if len(words) >= 2:
            surnames[words[-1]] = surnames.get(words[-1], 0) + 1
    lone = sorted(n for n in persons if " " not in fold(n) and surnames.get(fold(n)) == 1)
    with_roles = sorted(n for n in persons if any(_is_role_word(w) for w in n.split()))
    print(f"person sources: {len(persons)}")
    print(f"quotes with an anonymous source: {unknown}; quotes without a source: {no_source}")
    print(f"one-word persons with exactly one full-name person of that surname: {len(lone)} {lone[:20]}")
    print(f"person names with a role or title word: {len(with_roles)} {with_roles[:20]}")
    print(f"merges (aliases linked to a source of another name): {len(merges)}")
    sample = random.Random(args.seed).sample(merges, min(args.sample, len(merges)))
    for alias, name in sorted(sample):
        print(f"  {alias!r} -> {name!r}")


if __name__ == "__main__":
    main()
