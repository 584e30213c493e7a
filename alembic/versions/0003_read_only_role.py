"""PostgreSQL: the SELECT-only role newsdb_reader, which `newsdb sql` runs queries as. SQLite: nothing.

Roles belong to the whole server, so many newsdb databases on one server share this role: creating it is
idempotent (and tolerates another database's migration creating it at the same moment), and each database grants
SELECT on its own tables and views. A migrating role that may not create roles gets a warning and the upgrade goes
on; `newsdb sql` then says how to create the role (docs/sql.md). Later migrations that add tables or views grant
SELECT on them to newsdb_reader as well. Downgrade revokes this database's grants and drops the role only when
nothing else on the server uses it (grants in other databases, objects it owns, members).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# alembic_version too: `newsdb sql` checks the schema's revision as the reader.
TABLES = "articles, sections, paragraphs, sources, quotes, alembic_version"
# Views someone dropped are left out: revision 0005 makes them again and grants them (`newsdb upgrade` at head too).
EACH_VIEW = """
    FOR view IN SELECT unnest(ARRAY['quote_details', 'article_overview']) LOOP
        IF to_regclass(format('%I.%I', current_schema(), view)) IS NOT NULL THEN
            EXECUTE format('{action} SELECT ON %I {direction} newsdb_reader', view);
        END IF;
    END LOOP;"""

# Warnings (`%` stands for the migrating role).
CANNOT_CREATE = (
    "newsdb: role % may not create roles: there is no read-only role newsdb_reader, so newsdb sql will refuse to "
    'run (see docs/sql.md, "A read-only role")'
)
CANNOT_JOIN = (
    "newsdb: role % may not grant itself newsdb_reader; newsdb sql needs GRANT newsdb_reader TO % "
    '(see docs/sql.md, "A read-only role")'
)

CREATE_ROLE = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'newsdb_reader') THEN
        BEGIN
            CREATE ROLE newsdb_reader NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION
                NOBYPASSRLS;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL;  -- a migration of another database created it at the same moment
            WHEN insufficient_privilege THEN
                RAISE WARNING '{CANNOT_CREATE}', current_user;
        END;
    END IF;
END
$$
"""

GRANT = f"""
DO $$
DECLARE
    view text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'newsdb_reader') THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO newsdb_reader', current_schema());
    GRANT SELECT ON {TABLES} TO newsdb_reader;{EACH_VIEW.format(action="GRANT", direction="TO")}
    -- A migrating role that is not a superuser switches to the reader with SET ROLE, which needs membership.
    -- Since PostgreSQL 16 the creator of a role holds it WITH ADMIN but without SET: it must grant itself SET.
    IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
       AND NOT pg_has_role(current_user, 'newsdb_reader',
                           CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END)
    THEN
        BEGIN
            EXECUTE format('GRANT newsdb_reader TO %I', current_user);
        EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
            RAISE WARNING '{CANNOT_JOIN}', current_user, current_user;
        END;
    END IF;
END
$$
"""

REVOKE = f"""
DO $$
DECLARE
    reader oid := (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'newsdb_reader');
    view text;
BEGIN
    IF reader IS NULL THEN
        RETURN;
    END IF;
    REVOKE SELECT ON {TABLES} FROM newsdb_reader;{EACH_VIEW.format(action="REVOKE", direction="FROM")}
    EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM newsdb_reader', current_schema());
    -- pg_shdepend lists what references the role in every database of the server (grants, ownership).
    IF EXISTS (SELECT FROM pg_catalog.pg_shdepend WHERE refclassid = 'pg_catalog.pg_authid'::regclass
                                                   AND refobjid = reader)
       OR EXISTS (SELECT FROM pg_catalog.pg_auth_members WHERE roleid = reader
                                                        AND member <> (SELECT oid FROM pg_catalog.pg_roles
                                                                       WHERE rolname = current_user)) THEN
        RETURN;  -- other newsdb databases or people use it
    END IF;
    BEGIN
        DROP ROLE newsdb_reader;
    EXCEPTION WHEN insufficient_privilege OR dependent_objects_still_exist THEN
        RAISE NOTICE 'newsdb: the role newsdb_reader stays (%)', SQLERRM;
    END;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CREATE_ROLE)
        op.execute(GRANT)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(REVOKE)
