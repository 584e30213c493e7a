"""The models' relationships load as README.md says: some with their rows, the others only when a query asks for
them (`selectinload`, `joinedload`); reading one that was not loaded raises instead of running a query per object.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED
from sqlalchemy import ColumnElement, Engine, inspect, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import InstrumentedAttribute, RelationshipDirection, RelationshipProperty, joinedload, selectinload

import newsdb
from newsdb.ingest.seed import seed
from newsdb.store.models import Base

Relationship = RelationshipProperty[Any]
README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
RELATIONSHIPS = sorted(
    ((mapper.class_, r.key, r) for mapper in Base.registry.mappers for r in mapper.relationships),
    key=lambda item: (item[0].__name__, item[1]),
)
UNLOADED = [(cls, key, r) for cls, key, r in RELATIONSHIPS if r.lazy == "raise_on_sql"]
IDS = [f"{cls.__name__}.{key}" for cls, key, _ in UNLOADED]


def named(text: str) -> set[str]:
    return set(re.findall(r"`(\w+Row\.\w+)`", text))


def test_the_readme_says_how_each_relationship_loads() -> None:
    paragraph = next(p for p in README.split("\n\n") if p.startswith("Relationships never run a query"))
    with_rows, _, others = paragraph.partition("The others")
    assert named(with_rows) == {f"{cls.__name__}.{key}" for cls, key, r in RELATIONSHIPS if r.lazy == "selectin"}
    assert named(others) == set(IDS)
    assert len(IDS) + len(named(with_rows)) == len(RELATIONSHIPS)


def related(cls: type[Base], key: str, relationship: Relationship) -> ColumnElement[bool]:
    """A condition: the row has something in this relationship."""
    attribute: InstrumentedAttribute[Any] = getattr(cls, key)
    return attribute.any() if relationship.direction is RelationshipDirection.ONETOMANY else attribute.has()


@pytest.mark.parametrize(("cls", "key", "relationship"), UNLOADED, ids=IDS)
def test_reading_an_unloaded_relationship_raises(
    engine: Engine, cls: type[Base], key: str, relationship: Relationship
) -> None:
    seed([SEED], url=engine)
    with newsdb.session(url=engine) as db:
        row = db.scalars(select(cls).where(related(cls, key, relationship)).limit(1)).one()
        with pytest.raises(InvalidRequestError, match="lazy='raise_on_sql'"):
            getattr(row, key)


@pytest.mark.parametrize("option", [selectinload, joinedload])
@pytest.mark.parametrize(("cls", "key", "relationship"), UNLOADED, ids=IDS)
def test_a_loader_option_loads_it(
    engine: Engine, cls: type[Base], key: str, relationship: Relationship, option: Callable[..., Any]
) -> None:
    seed([SEED], url=engine)
    with newsdb.session(url=engine) as db:
        statement = select(cls).where(related(cls, key, relationship)).limit(1).options(option(getattr(cls, key)))
        row = db.scalars(statement).unique().one()
        loaded = getattr(row, key)
        assert loaded if isinstance(loaded, list) else loaded is not None
        assert key not in inspect(row).unloaded
