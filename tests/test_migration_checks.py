"""Revision 0007, the CHECKs of quotes.kind, quotes.medium and quote_spans.role as OR chains: a database written at
0006 keeps every row, index, view, trigger and grant through the upgrade, a downgrade and the upgrade again; the
constraints refuse what they refused before and let a NULL medium pass; the models create the same constraints."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from newsdb.cli import EXIT_USER_ERROR, main
from newsdb.errors import SchemaError
from newsdb.extract import extract
from newsdb.parse import read_document
from newsdb.store import migrate
from newsdb.store.config import connect
from newsdb.store.models import Base
from newsdb.store.rows import article_rows
from newsdb.store.writer import ArticleWriter

TESTS = Path(__file__).resolve().parent
DOCUMENTS = [
    TESTS.parent / "seeds" / "000_30d5db4ca1753fdf.txt",
    TESTS / "documents" / "gemeinderat.txt",
    TESTS / "documents" / "hagel.txt",
]
PREVIOUS = "0006"
KINDS = ("direct", "indirect", "mixed", "reported", "free_indirect")
MEDIA = ("speech", "thought", "writing", None)
ROLES = ("quote", "speaker", "cue", "frame", "addressee")
TABLES = ("articles", "sections", "paragraphs", "sources", "source_aliases", "quotes", "quote_spans")

# The constraints as each backend keeps them: SQLite the text of CREATE TABLE, PostgreSQL pg_get_constraintdef.
OR_CHAINS = {
    "sqlite": {
        "ck_quotes_kind": "CHECK (kind = 'direct' OR kind = 'indirect' OR kind = 'mixed' OR kind = 'reported'"
        " OR kind = 'free_indirect')",
        "ck_quotes_medium": "CHECK (medium = 'speech' OR medium = 'thought' OR medium = 'writing')",
        "ck_quote_spans_role": "CHECK (role = 'quote' OR role = 'speaker' OR role = 'cue' OR role = 'frame'"
        " OR role = 'addressee')",
    },
    "postgresql": {
        "ck_quotes_kind": "CHECK ((((kind)::text = 'direct'::text) OR ((kind)::text = 'indirect'::text)"
        " OR ((kind)::text = 'mixed'::text) OR ((kind)::text = 'reported'::text)"
        " OR ((kind)::text = 'free_indirect'::text)))",
        "ck_quotes_medium": "CHECK ((((medium)::text = 'speech'::text) OR ((medium)::text = 'thought'::text)"
        " OR ((medium)::text = 'writing'::text)))",
        "ck_quote_spans_role": "CHECK ((((role)::text = 'quote'::text) OR ((role)::text = 'speaker'::text)"
        " OR ((role)::text = 'cue'::text) OR ((role)::text = 'frame'::text) OR ((role)::text = 'addressee'::text)))",
    },
}
IN_LISTS = {
    "sqlite": {
        "ck_quotes_kind": "CHECK (kind IN ('direct', 'indirect', 'mixed', 'reported', 'free_indirect'))",
        "ck_quotes_medium": "CHECK (medium IN ('speech', 'thought', 'writing'))",
        "ck_quote_spans_role": "CHECK (role IN ('quote', 'speaker', 'cue', 'frame', 'addressee'))",
    },
    "postgresql": {
        "ck_quotes_kind": "CHECK (((kind)::text = ANY ((ARRAY['direct'::character varying, "
        "'indirect'::character varying, 'mixed'::character varying, 'reported'::character varying, "
        "'free_indirect'::character varying])::text[])))",
        "ck_quotes_medium": "CHECK (((medium)::text = ANY ((ARRAY['speech'::character varying, "
        "'thought'::character varying, 'writing'::character varying])::text[])))",
        "ck_quote_spans_role": "CHECK (((role)::text = ANY ((ARRAY['quote'::character varying, "
        "'speaker'::character varying, 'cue'::character varying, 'frame'::character varying, "
        "'addressee'::character varying])::text[])))",
    },
}


def _write_every_value(connection: Connection) -> None:
    """A quote of every kind with every medium (NULL too), and a span of every role, in the first paragraph."""
    article_id, paragraph_id = connection.execute(
        text("SELECT article_id, id FROM paragraphs ORDER BY id LIMIT 1")
    ).one()
    ids = {"a": article_id, "p": paragraph_id}
    for kind in KINDS:
        for medium in MEDIA:
            connection.execute(
                text(
                    "INSERT INTO quotes (article_id, paragraph_id, text, kind, medium, start_offset, end_offset)"
                    " VALUES (:a, :p, 'Wort', :kind, :medium, 0, 4)"
                ),
                {**ids, "kind": kind, "medium": medium},
            )
    quote_id = connection.execute(text("SELECT max(id) FROM quotes")).scalar_one()
    for role in ROLES:
        connection.execute(
            text(
                "INSERT INTO quote_spans (quote_id, article_id, paragraph_id, role, start_offset, end_offset)"
                " VALUES (:q, :a, :p, :role, 0, 4)"
            ),
            {**ids, "q": quote_id, "role": role},
        )


def _seeded_at_previous(url: str) -> Engine:
    migrate.upgrade(url, PREVIOUS)
    engine = connect(url)
    with engine.begin() as connection:
        ArticleWriter(connection).write([article_rows(extract(read_document(p)), index=True) for p in DOCUMENTS])
        _write_every_value(connection)
    return engine


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as connection:
        return {t: [tuple(r) for r in connection.exec_driver_sql(f"SELECT * FROM {t} ORDER BY id")] for t in TABLES}


def _schema_objects(engine: Engine) -> list[tuple[object, ...]]:
    """Indexes, views, triggers, foreign keys and (PostgreSQL) the read-only role's grants."""
    inspector = inspect(engine)
    keys = [
        (t, fk["name"], fk["referred_table"], str(fk["options"]))
        for t in TABLES
        for fk in inspector.get_foreign_keys(t)
    ]
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            found = connection.exec_driver_sql(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'view', 'trigger')"
                " ORDER BY type, name"
            )
        else:
            found = connection.exec_driver_sql(
                "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                " UNION ALL SELECT 'view', viewname, definition FROM pg_views WHERE schemaname = current_schema()"
                " UNION ALL SELECT 'trigger', tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
                " UNION ALL SELECT 'grant', table_name, privilege_type FROM information_schema.role_table_grants"
                " WHERE grantee = 'newsdb_reader' AND table_catalog = current_database() ORDER BY 1, 2, 3"
            )
        return sorted([*map(tuple, found), *keys], key=repr)  # a rebuilt table may list its keys in another order


def _checks(engine: Engine) -> dict[str, str]:
    """The three constraints' definitions as the database keeps them."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            found = connection.exec_driver_sql(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conname IN ('ck_quotes_kind', 'ck_quotes_medium', 'ck_quote_spans_role')"
                " AND connamespace = current_schema()::regnamespace"
            )
            return {str(name): str(definition) for name, definition in found}
        tables: dict[str, str] = dict(
            connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all()
        )
    checks: dict[str, str] = {}
    for name, table in (
        ("ck_quotes_kind", "quotes"),
        ("ck_quotes_medium", "quotes"),
        ("ck_quote_spans_role", "quote_spans"),
    ):
        line = next(line for line in tables[table].splitlines() if f"CONSTRAINT {name} " in line)
        checks[name] = line.strip().removeprefix(f"CONSTRAINT {name} ").removesuffix(",")
    return checks


def _assert_refused(engine: Engine) -> None:
    """A bad kind, medium or role is an IntegrityError naming its constraint; nothing is written."""
    with engine.connect() as connection:
        quote_id, article_id, paragraph_id = connection.execute(
            text("SELECT id, article_id, paragraph_id FROM quotes ORDER BY id LIMIT 1")
        ).one()
    ids = {"q": quote_id, "a": article_id, "p": paragraph_id}
    bad = [
        ("ck_quotes_kind", "UPDATE quotes SET kind = 'rumour' WHERE id = :q"),
        ("ck_quotes_kind", "UPDATE quotes SET kind = '' WHERE id = :q"),
        ("ck_quotes_medium", "UPDATE quotes SET medium = 'song' WHERE id = :q"),
        ("ck_quotes_medium", "UPDATE quotes SET medium = 'Speech' WHERE id = :q"),
        (
            "ck_quote_spans_role",
            "INSERT INTO quote_spans (quote_id, article_id, paragraph_id, role, start_offset, end_offset)"
            " VALUES (:q, :a, :p, 'topic', 0, 1)",
        ),
    ]
    before = _rows(engine)
    for constraint, statement in bad:
        with pytest.raises(IntegrityError, match=constraint), engine.begin() as connection:
            connection.execute(text(statement), ids)
    assert _rows(engine) == before


def test_0007_upgrade_and_downgrade_keep_every_row_and_swap_the_constraints(empty_url: str, backend: str) -> None:
    engine = _seeded_at_previous(empty_url)
    rows, objects = _rows(engine), _schema_objects(engine)
    assert len(rows["quotes"]) > len(KINDS) * len(MEDIA)
    assert len(rows["quote_spans"]) > len(ROLES)
    assert _checks(engine) == IN_LISTS[backend]

    migrate.upgrade(engine)

    assert migrate.current(engine) == "0007"
    assert _checks(engine) == OR_CHAINS[backend]
    assert _rows(engine) == rows
    assert _schema_objects(engine) == objects
    with engine.connect() as connection:
        media = connection.execute(
            text("SELECT DISTINCT medium FROM quotes WHERE text = 'Wort' AND kind = 'free_indirect'")
        ).scalars()
        assert sorted(media, key=str) == sorted(MEDIA, key=str)
        roles = connection.execute(text("SELECT DISTINCT role FROM quote_spans")).scalars()
        assert sorted(roles) == sorted(ROLES)
        assert connection.exec_driver_sql("SELECT count(*) FROM quote_details").scalar_one() == len(rows["quotes"])
        if backend == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    _assert_refused(engine)

    assert not migrate.downgrade(engine, PREVIOUS)  # nothing to confirm: no row or value is lost
    assert _checks(engine) == IN_LISTS[backend]
    assert _rows(engine) == rows
    assert _schema_objects(engine) == objects
    _assert_refused(engine)

    migrate.upgrade(engine)
    assert _checks(engine) == OR_CHAINS[backend]
    assert _rows(engine) == rows
    assert _schema_objects(engine) == objects
    migrate.check(engine)
    engine.dispose()


def test_the_or_chains_refuse_bad_values_and_take_every_good_one(engine: Engine, backend: str) -> None:
    with engine.begin() as connection:
        ArticleWriter(connection).write([article_rows(extract(read_document(DOCUMENTS[0])), index=True)])
    assert _checks(engine) == OR_CHAINS[backend]
    _assert_refused(engine)
    with engine.begin() as connection:
        _write_every_value(connection)
        taken = connection.execute(
            text("SELECT count(*) FROM quotes WHERE text = 'Wort' AND medium IS NULL AND kind = 'mixed'")
        ).scalar_one()
    assert taken == 1


def test_the_models_create_the_constraints_the_migrations_create(engine: Engine, tmp_path: Path) -> None:
    """`alembic check` does not compare CHECK constraints: the models' own DDL is compared with the migrated
    database (on PostgreSQL in a schema of its own)."""
    if engine.dialect.name == "sqlite":
        models = create_engine(f"sqlite:///{tmp_path / 'models.sqlite3'}")
        schema = None
    else:
        models, schema = engine, "from_models"
        with engine.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    with models.begin() as connection:
        Base.metadata.create_all(connection.execution_options(schema_translate_map={None: schema}))
    migrated, created = inspect(engine), inspect(models)
    for table in Base.metadata.tables:
        expected = sorted((c["name"], c["sqltext"]) for c in migrated.get_check_constraints(table))
        assert sorted((c["name"], c["sqltext"]) for c in created.get_check_constraints(table, schema=schema)) == (
            expected
        ), table
    models.dispose()


def _sneak_in_a_bad_role(engine: Engine, backend: str) -> None:
    """A span whose role the 0006 constraint should have refused, as a database altered by hand may hold:
    SQLite is told to ignore CHECKs for the insert, PostgreSQL has the constraint put back NOT VALID after it."""
    insert = (
        "INSERT INTO quote_spans (quote_id, article_id, paragraph_id, role, start_offset, end_offset)"
        " SELECT id, article_id, paragraph_id, 'topic', 0, 1 FROM quotes ORDER BY id LIMIT 1"
    )
    with engine.connect() as connection:
        if backend == "sqlite":  # through the driver: SQLAlchemy would begin a transaction before the pragma
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA ignore_check_constraints = ON")
            driver.execute(insert)
            driver.commit()
            driver.execute("PRAGMA ignore_check_constraints = OFF")
            return
        with connection.begin():
            connection.exec_driver_sql("ALTER TABLE quote_spans DROP CONSTRAINT ck_quote_spans_role")
            connection.exec_driver_sql(insert)
            connection.exec_driver_sql(
                f"ALTER TABLE quote_spans ADD CONSTRAINT ck_quote_spans_role CHECK ({IN_LIST_ROLES}) NOT VALID"
            )


IN_LIST_ROLES = "role IN ('quote', 'speaker', 'cue', 'frame', 'addressee')"


def test_a_0007_upgrade_that_fails_on_its_second_table_leaves_the_database_as_it_was(
    empty_url: str, backend: str
) -> None:
    """`quotes` is changed first; when `quote_spans` then refuses a stored row, the whole upgrade is rolled back:
    the revision, both tables' constraints, every row and every index, view, trigger and grant stay as they were,
    and `newsdb upgrade` says so in one line."""
    engine = _seeded_at_previous(empty_url)
    _sneak_in_a_bad_role(engine, backend)
    rows, objects, checks = _rows(engine), _schema_objects(engine), _checks(engine)
    assert checks["ck_quotes_kind"] == IN_LISTS[backend]["ck_quotes_kind"]

    with pytest.raises(SchemaError, match=r"\(.*ck_quote_spans_role.*\); nothing was changed.* at revision 0006:"):
        migrate.upgrade(engine)
    result = CliRunner().invoke(main, ["--url", empty_url, "upgrade"])
    assert result.exit_code == EXIT_USER_ERROR
    assert result.stdout == ""
    assert result.stderr.startswith("newsdb: error: a row in the database does not fit the schema")
    assert len(result.stderr.splitlines()) == 1

    assert migrate.current(engine) == PREVIOUS
    assert _checks(engine) == checks
    assert _rows(engine) == rows
    assert _schema_objects(engine) == objects
    with engine.begin() as connection:  # once the row is mended, the same upgrade goes through
        connection.execute(text("UPDATE quote_spans SET role = 'cue' WHERE role = 'topic'"))
    migrate.upgrade(engine)
    assert _checks(engine) == OR_CHAINS[backend]
    engine.dispose()
