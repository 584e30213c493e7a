"""Migration 0003 and the read-only role newsdb_reader: data kept, grants made and revoked, the role shared by
every database on a server, and what happens for roles that are not superusers."""

from __future__ import annotations

import re
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from conftest import SEED
from legacy_rows import write_old
from sql_attacks import admin_execute, admin_scalar, assert_refused, database, login_role, run, wait_for
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from newsdb.extract import extract
from newsdb.parse import read_document
from newsdb.store import migrate
from newsdb.store.config import connect

POSTGRESQL = pytest.mark.parametrize("backend", ["postgresql"])
# what newsdb_reader may read at revision 0003, and at head (where later revisions grant their tables too)
READABLE_0003 = [
    "alembic_version",
    "article_overview",
    "articles",
    "paragraphs",
    "quote_details",
    "quotes",
    "sections",
    "sources",
]
READABLE = sorted([*READABLE_0003, "source_aliases", "source_curation", "quote_spans"])


def _seed(url: str) -> dict[str, int]:
    engine = connect(url)
    with engine.connect() as connection, connection.begin():
        write_old(connection, extract(read_document(SEED)))  # the tables of revisions 0002 and 0003
    counts = _counts(engine)
    engine.dispose()
    return counts


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in READABLE_0003[1:]}


def _reader_may_select(url: str) -> list[str]:
    """The tables and views newsdb_reader may read (none when the role does not exist)."""
    statement = (
        "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.table_privileges "
        "WHERE grantee = 'newsdb_reader' AND privilege_type = 'SELECT'"
    )
    granted = admin_scalar(url, statement)
    return str(granted).split(",") if granted else []


def _reader_exists(url: str) -> bool:
    return bool(admin_scalar(url, "SELECT count(*) FROM pg_roles WHERE rolname = 'newsdb_reader'"))


def test_0003_keeps_the_data_both_ways(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0002")
    before = _seed(empty_url)
    assert before["quotes"] > 0
    migrate.upgrade(empty_url, "0003")
    engine = connect(empty_url)
    assert _counts(engine) == before
    migrate.downgrade(empty_url, "0002")
    assert _counts(engine) == before
    engine.dispose()


@POSTGRESQL
def test_0003_grants_select_on_every_table_and_view_and_downgrade_revokes_it(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0003")
    assert _reader_may_select(empty_url) == READABLE_0003
    others = (
        "SELECT count(*) FROM information_schema.table_privileges "
        "WHERE grantee = 'newsdb_reader' AND privilege_type <> 'SELECT'"
    )
    assert admin_scalar(empty_url, others) == 0
    assert not admin_scalar(empty_url, "SELECT rolsuper OR rolcanlogin FROM pg_roles WHERE rolname = 'newsdb_reader'")
    migrate.downgrade(empty_url, "0002")
    assert _reader_may_select(empty_url) == []


@POSTGRESQL
def test_newsdb_sql_on_a_database_before_0003_says_to_upgrade(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0002")
    assert_refused(run(empty_url, "sql", "SELECT 1"), "run `newsdb upgrade`")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_newsdb_sql_on_sqlite_needs_no_migration(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0002")
    assert run(empty_url, "sql", "SELECT count(*) AS n FROM articles", "--csv").output == "n\n0\n"


@POSTGRESQL
def test_the_reader_role_itself_cannot_read_files_or_write(engine: Engine, empty_url: str) -> None:
    """What the server enforces for newsdb_reader, without newsdb's check of the SQL text."""
    conninfo = make_url(empty_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as connection:
        connection.execute("SET SESSION AUTHORIZATION newsdb_reader")
        assert connection.execute("SELECT count(*) FROM quote_details").fetchone() == (0,)
        for statement in (
            "SELECT pg_read_file('/etc/passwd')",
            "SELECT * FROM pg_ls_dir('/')",
            "COPY (SELECT 1) TO PROGRAM 'true'",
            "SELECT * FROM pg_authid",
            "SELECT pg_reload_conf()",
            "DELETE FROM quotes",
            "CREATE TABLE public.t (x integer)",
            "SELECT lo_import('/etc/passwd')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement)
            connection.rollback()
            connection.execute("SET SESSION AUTHORIZATION newsdb_reader")


@POSTGRESQL
@pytest.mark.usefixtures("without_postgres_template")
def test_the_role_is_shared_by_databases_and_dropped_with_the_last(empty_url: str) -> None:
    with database(empty_url) as first, database(empty_url) as second:
        migrate.upgrade(first)
        migrate.upgrade(second)  # the role exists already: no error
        migrate.downgrade(first, "0002")
        assert _reader_exists(empty_url)  # the second database still grants to it
        assert run(second, "sql", "SELECT current_user", "--csv").output == "current_user\nnewsdb_reader\n"
        migrate.downgrade(second, "0002")
        assert not _reader_exists(empty_url)
        migrate.upgrade(second)
        assert _reader_may_select(second) == READABLE


@POSTGRESQL
def test_the_role_stays_while_colleagues_are_members(empty_url: str) -> None:
    with database(empty_url) as only, login_role(empty_url) as colleague:
        migrate.upgrade(only)
        admin_execute(empty_url, f"GRANT newsdb_reader TO {colleague}")
        migrate.downgrade(only, "0002")
        assert _reader_exists(empty_url)
        migrate.upgrade(only)


@POSTGRESQL
def test_a_member_of_the_reader_role_runs_queries_as_it(engine: Engine, empty_url: str) -> None:
    with login_role(empty_url) as colleague:
        admin_execute(empty_url, f"GRANT newsdb_reader TO {colleague}")
        url = make_url(empty_url).set(username=colleague).render_as_string(hide_password=False)
        assert run(url, "sql", "SELECT current_user, count(*) FROM articles", "--csv").output == (
            "current_user,count\nnewsdb_reader,0\n"
        )
        assert_refused(run(url, "sql", "RESET ROLE"), "SET/RESET")
        assert_refused(run(url, "sql", "SELECT set_config('role', 'none', false)"), "set_config()")


@POSTGRESQL
def test_a_role_that_is_not_a_member_is_told_what_to_grant(engine: Engine, empty_url: str) -> None:
    with login_role(empty_url) as stranger:
        url = make_url(empty_url).set(username=stranger).render_as_string(hide_password=False)
        assert_refused(run(url, "sql", "SELECT 1"), f"GRANT newsdb_reader TO {stranger}")


@POSTGRESQL
def test_an_owner_that_may_not_create_roles_still_migrates(empty_url: str) -> None:
    """The upgrade goes on with a warning; newsdb sql then says what an administrator has to grant."""
    migrate.upgrade(empty_url)  # the role exists on the server
    with login_role(empty_url, "NOCREATEROLE") as owner, database(empty_url, owner=owner) as owned:
        url = make_url(owned).set(username=owner).render_as_string(hide_password=False)
        migrate.upgrade(url)
        assert migrate.current(url) == migrate.head()
        assert _reader_may_select(owned) == READABLE  # the owner may grant on its own tables
        assert_refused(run(url, "sql", "SELECT 1"), f"GRANT newsdb_reader TO {owner}")
        admin_execute(empty_url, f"GRANT newsdb_reader TO {owner}")
        assert run(url, "sql", "SELECT current_user", "--csv").output == "current_user\nnewsdb_reader\n"


@POSTGRESQL
def test_the_documented_colleague_login_can_read_and_nothing_more(engine: Engine, empty_url: str) -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "sql.md").read_text(encoding="utf-8")
    block = re.search(r'^```sql role="alice"\n(.*?)^```', doc, re.M | re.S)
    assert block is not None
    colleague = f"newsdb_test_{uuid.uuid4().hex[:10]}"
    statements = [s.strip() for s in block[1].replace("alice", colleague).split(";") if s.strip()]
    admin_execute(empty_url, *statements)
    try:
        url = make_url(empty_url).set(username=colleague).render_as_string(hide_password=False)
        assert run(url, "sql", "SELECT current_user, count(*) FROM article_overview", "--csv").output == (
            "current_user,count\nnewsdb_reader,0\n"
        )
        with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)) as own:
            assert own.execute("SELECT count(*) FROM quotes").fetchone() == (0,)  # psql-like, without newsdb
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                own.execute("DELETE FROM quotes")
    finally:
        admin_execute(empty_url, f"DROP ROLE {colleague}")


@POSTGRESQL
@pytest.mark.usefixtures("without_postgres_template")
def test_without_the_right_to_create_roles_the_upgrade_warns_and_newsdb_sql_says_why(empty_url: str) -> None:
    with (
        database(empty_url) as scratch,
        login_role(empty_url, "NOCREATEROLE") as owner,
        database(empty_url, owner=owner) as owned,
    ):
        migrate.upgrade(scratch)
        migrate.downgrade(scratch, "0002")  # the last user of the role: it is dropped
        assert not _reader_exists(empty_url)
        as_owner = make_url(owned).set(username=owner).render_as_string(hide_password=False)
        upgraded = run(as_owner, "upgrade")
        assert upgraded.exit_code == 0, upgraded.output
        assert upgraded.stdout.splitlines() == [f"database at revision {migrate.head()}"]
        assert upgraded.stderr.splitlines() == [
            f"newsdb: warning: role {owner} may not create roles: there is no read-only role newsdb_reader, so "
            "`newsdb sql` will refuse to run until an administrator creates it and runs `newsdb upgrade` "
            "(docs/sql.md, 'A read-only role')"
        ]
        assert migrate.current(owned) == migrate.head()
        assert not _reader_exists(empty_url)
        assert_refused(run(owned, "sql", "SELECT 1"), "newsdb_reader does not exist", "A read-only role")
        migrate.downgrade(as_owner, "0002")
        # below head the migration's own warning is passed on
        assert migrate.upgrade(as_owner, "0003").warnings == (
            f"role {owner} may not create roles: there is no read-only role newsdb_reader, so newsdb sql will "
            'refuse to run (see docs/sql.md, "A read-only role")',
        )


@POSTGRESQL
@pytest.mark.usefixtures("without_postgres_template")
def test_an_owner_that_creates_the_role_becomes_its_member(empty_url: str) -> None:
    with (
        database(empty_url) as scratch,
        login_role(empty_url, "CREATEROLE") as owner,
        database(empty_url, owner=owner) as owned,
    ):
        migrate.upgrade(scratch)
        migrate.downgrade(scratch, "0002")
        assert not _reader_exists(empty_url)
        as_owner = make_url(owned).set(username=owner).render_as_string(hide_password=False)
        migrate.upgrade(as_owner)
        assert run(as_owner, "sql", "SELECT current_user", "--csv").output == "current_user\nnewsdb_reader\n"
        migrate.downgrade(as_owner, "0002")  # its own membership does not keep the role alive
        assert not _reader_exists(empty_url)


@POSTGRESQL
def test_every_table_and_view_at_head_is_readable_by_the_reader(engine: Engine, empty_url: str) -> None:
    """A later migration that adds a table or view must grant SELECT on it to newsdb_reader."""
    inspector = inspect(engine)
    assert _reader_may_select(empty_url) == sorted(inspector.get_table_names() + inspector.get_view_names())


@POSTGRESQL
@pytest.mark.usefixtures("without_postgres_template")
def test_two_databases_migrating_at_once_both_get_the_role(empty_url: str) -> None:
    """Another database's migration creates the role while this one is about to: this one waits and goes on."""
    with database(empty_url) as scratch, database(empty_url) as other, database(empty_url) as this:
        migrate.upgrade(scratch)
        migrate.downgrade(scratch, "0002")  # the role is gone
        migrate.upgrade(other, "0002")
        migrate.upgrade(this, "0002")
        with psycopg.connect(make_url(other).set(drivername="postgresql").render_as_string(False)) as first:
            first.execute("CREATE ROLE newsdb_reader NOLOGIN")  # not committed yet
            errors: list[BaseException] = []
            second = threading.Thread(target=_upgrade_collecting_errors, args=(this, errors))
            second.start()
            waiting = (
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            assert wait_for(lambda: admin_scalar(this, waiting) == 1, seconds=30)
            first.commit()
        second.join(timeout=60)
        assert not second.is_alive()
        assert errors == []
        assert migrate.current(this) == migrate.head()
        assert _reader_may_select(this) == READABLE


def _upgrade_collecting_errors(url: str, errors: list[BaseException]) -> None:
    try:
        migrate.upgrade(url)
    except BaseException as exc:
        errors.append(exc)
