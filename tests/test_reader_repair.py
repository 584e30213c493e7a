"""`newsdb upgrade` at head on PostgreSQL makes the read-only role whole again (a dump restored on another server,
grants revoked by hand, the role dropped), says what it did, and warns about what the migrating role may not do;
`newsdb sql` names missing grants instead of calling the schema old."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import Result
from conftest import SEED
from sql_attacks import admin_execute, assert_refused, database, database_of, login_role, run
from sqlalchemy.engine import make_url
from test_sql_role import POSTGRESQL, READABLE, _reader_may_select

from newsdb.store import migrate


def _quote_count(url: str) -> Result:
    return run(url, "sql", "SELECT count(*) > 0 AS quoted FROM quotes", "--csv")


@POSTGRESQL
def test_upgrade_grants_the_reader_again_what_a_restore_lost(empty_url: str) -> None:
    assert run(empty_url, "seed", str(SEED)).exit_code == 0
    admin_execute(
        empty_url,
        "REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM newsdb_reader",
        "REVOKE USAGE ON SCHEMA public FROM newsdb_reader",
        database=database_of(empty_url),
    )
    assert _reader_may_select(empty_url) == []
    # the database is at head: the reader's missing grants are the cause, not an old schema
    assert_refused(run(empty_url, "sql", "SELECT 1"), "may not read this database's tables", "newsdb upgrade")

    upgraded = run(empty_url, "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    lines = upgraded.stdout.splitlines()
    assert "granted USAGE on schema public to newsdb_reader again" in lines
    assert sorted(line for line in lines if line.startswith("granted SELECT")) == [
        f"granted SELECT on {name} to newsdb_reader again" for name in READABLE
    ]
    assert upgraded.stderr == ""
    assert _reader_may_select(empty_url) == READABLE
    assert _quote_count(empty_url).output == "quoted\nTrue\n"
    again = run(empty_url, "upgrade")  # nothing left to do: nothing said
    assert again.stdout.splitlines() == [f"database at revision {migrate.head()}"]


@POSTGRESQL
@pytest.mark.usefixtures("without_postgres_template")
def test_upgrade_creates_the_reader_role_a_restored_database_lacks(empty_url: str) -> None:
    with database(empty_url) as restored:
        assert run(restored, "seed", str(SEED)).exit_code == 0
        # as on a server where the role never existed: no role, no grants to it
        admin_execute(empty_url, "DROP OWNED BY newsdb_reader", database=database_of(restored))
        admin_execute(empty_url, "DROP ROLE newsdb_reader")
        assert_refused(run(restored, "sql", "SELECT 1"), "newsdb_reader does not exist")

        upgraded = run(restored, "upgrade")
        assert upgraded.exit_code == 0, upgraded.output
        assert upgraded.stdout.splitlines() == [
            "created the read-only role newsdb_reader, which may read this database's tables and views",
            f"database at revision {migrate.head()}",
        ]
        assert _reader_may_select(restored) == READABLE
        assert _quote_count(restored).output == "quoted\nTrue\n"


@POSTGRESQL
def test_an_owner_that_may_not_join_the_role_is_told_what_to_grant(empty_url: str) -> None:
    migrate.upgrade(empty_url)  # the role exists on the server
    with login_role(empty_url, "NOCREATEROLE") as owner, database(empty_url, owner=owner) as owned:
        as_owner = make_url(owned).set(username=owner).render_as_string(hide_password=False)
        assert migrate.upgrade(as_owner).warnings == (
            f"role {owner} may not grant itself newsdb_reader; to run `newsdb sql` it needs GRANT newsdb_reader "
            f"TO \"{owner}\" by an administrator (docs/sql.md, 'A read-only role')",
        )
        admin_execute(empty_url, f"GRANT newsdb_reader TO {owner}")
        assert migrate.upgrade(as_owner).warnings == ()


def _doc_block(role: str) -> list[str]:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "sql.md").read_text(encoding="utf-8")
    block = re.search(rf'^```sql role="{role}"\n(.*?)^```', doc, re.M | re.S)
    assert block is not None
    return [statement.strip() for statement in block[1].split(";") if statement.strip()]


@POSTGRESQL
def test_the_documented_connect_rights_keep_a_colleague_to_one_database(empty_url: str) -> None:
    with (
        database(empty_url) as other,
        login_role(empty_url) as alice,
        login_role(empty_url) as bob,
    ):
        migrate.upgrade(empty_url)
        migrate.upgrade(other)
        admin_execute(empty_url, *[s.replace("alice", alice) for s in _doc_block("alice")][1:])  # the membership
        as_alice = make_url(other).set(username=alice).render_as_string(hide_password=False)
        as_bob = make_url(other).set(username=bob).render_as_string(hide_password=False)
        # a member reads every newsdb database on the server: what the docs warn about
        assert run(as_alice, "sql", "SELECT count(*) FROM quotes", "--csv").output == "count\n0\n"
        admin_execute(empty_url, f"GRANT newsdb_reader TO {bob}")
        statements = [
            s.replace("otherdesk", f'"{database_of(other)}"').replace("bob", bob) for s in _doc_block("one-database")
        ]
        admin_execute(empty_url, *statements)
        assert_refused(run(as_alice, "sql", "SELECT count(*) FROM quotes"), "permission denied for database")
        assert run(as_bob, "sql", "SELECT count(*) FROM quotes", "--csv").output == "count\n0\n"
        as_alice_here = make_url(empty_url).set(username=alice).render_as_string(hide_password=False)
        assert run(as_alice_here, "sql", "SELECT count(*) FROM quotes", "--csv").output == "count\n0\n"
