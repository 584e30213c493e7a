"""PostgreSQL at the newest revision: the read-only role `newsdb_reader` made whole again, and said.

The migrations create the role, grant it USAGE on the schema and SELECT on each of newsdb's tables and views, and
make the migrating role its member. A dump restored on another server (where the role did not exist, so every
grant to it failed), grants revoked by hand, or a role dropped by an administrator leave `newsdb sql` unable to
run; `newsdb upgrade` at head puts back what is missing. What the migrating role may not do (create roles, grant
on tables it does not own, join the role) becomes a warning that says who must do it; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from psycopg import errors
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

READER_ROLE = "newsdb_reader"
# as revision 0003 creates it: it may log in nowhere and do nothing but what is granted to it
CREATE_READER = (
    f"CREATE ROLE {READER_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS"
)
_SEE = "(docs/sql.md, 'A read-only role')"


@dataclass
class Repairs:
    """What a repair made again (a line each) and what the migrating role may not do (a warning each)."""

    made: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Refused(Exception):
    """The server refused a statement for lack of rights; its savepoint is rolled back."""


def repair_reader(connection: Connection, relations: Iterable[str], quiet: Iterable[str] = ()) -> Repairs:
    """Give the reader role what revision 0003 and later give it, on `relations` (tables and views) that exist.
    Grants on `quiet` relations (views just made again, whose grant is part of being made) are not said."""
    done = Repairs()
    user = connection.execute(text("SELECT current_user")).scalar_one()
    present = [r for r in relations if _exists(connection, r)]
    created = not _role_exists(connection)
    if created:
        try:
            with _refusable(connection):
                connection.exec_driver_sql(CREATE_READER)
        except _Refused:
            done.warnings.append(
                f"role {user} may not create roles: there is no read-only role {READER_ROLE}, so `newsdb sql` will "
                f"refuse to run until an administrator creates it and runs `newsdb upgrade` {_SEE}"
            )
            return done
        done.made.append(f"created the read-only role {READER_ROLE}, which may read this database's tables and views")
    _grant_usage(connection, user, done, quiet=created)
    _grant_select(connection, user, present, set(present if created else quiet), done)
    _join(connection, user, done)
    return done


def _grant_usage(connection: Connection, user: str, done: Repairs, *, quiet: bool) -> None:
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    granted = connection.execute(
        text("SELECT has_schema_privilege(:role, :schema, 'USAGE')"), {"role": READER_ROLE, "schema": schema}
    ).scalar()
    if granted:
        return
    try:
        with _refusable(connection):
            connection.execute(text(f'GRANT USAGE ON SCHEMA "{_identifier(schema)}" TO {READER_ROLE}'))
    except _Refused:
        done.warnings.append(f"role {user} may not grant {READER_ROLE} USAGE on schema {schema}: its owner must {_SEE}")
        return
    if not quiet:
        done.made.append(f"granted USAGE on schema {schema} to {READER_ROLE} again")


def _grant_select(connection: Connection, user: str, relations: list[str], quiet: set[str], done: Repairs) -> None:
    refused = []
    for name in relations:
        granted = connection.execute(
            text("SELECT has_table_privilege(:role, CAST(:name AS regclass), 'SELECT')"),
            {"role": READER_ROLE, "name": name},
        ).scalar()
        if granted:
            continue
        try:
            with _refusable(connection):
                connection.exec_driver_sql(f"GRANT SELECT ON {name} TO {READER_ROLE}")
        except _Refused:
            refused.append(name)
            continue
        if name not in quiet:
            done.made.append(f"granted SELECT on {name} to {READER_ROLE} again")
    if refused:
        done.warnings.append(
            f"role {user} may not grant {READER_ROLE} SELECT on {', '.join(refused)}: their owner must run "
            f"`newsdb upgrade` {_SEE}"
        )


def _join(connection: Connection, user: str, done: Repairs) -> None:
    """A migrating role that is not a superuser switches to the reader with SET ROLE, which needs membership
    (with SET since PostgreSQL 16, which the creator of a role does not get by creating it)."""
    may_switch = connection.execute(
        text(
            "SELECT rolsuper OR pg_has_role(current_user, :role, CASE WHEN "
            "current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END) "
            "FROM pg_catalog.pg_roles WHERE rolname = current_user"
        ),
        {"role": READER_ROLE},
    ).scalar()
    if may_switch:
        return
    try:
        with _refusable(connection):
            connection.exec_driver_sql(f'GRANT {READER_ROLE} TO "{_identifier(user)}"')
    except _Refused:
        done.warnings.append(
            f"role {user} may not grant itself {READER_ROLE}; to run `newsdb sql` it needs GRANT {READER_ROLE} "
            f'TO "{_identifier(user)}" by an administrator {_SEE}'
        )
        return
    done.made.append(f"granted {READER_ROLE} to {user}, so that it may run `newsdb sql`")


def _role_exists(connection: Connection) -> bool:
    found = connection.execute(
        text("SELECT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = :role)"), {"role": READER_ROLE}
    )
    return bool(found.scalar())


def _exists(connection: Connection, relation: str) -> bool:
    return connection.execute(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": relation}).scalar() is True


def _identifier(name: str) -> str:
    """`name` for inside double quotes."""
    return name.replace('"', '""')


@contextmanager
def _refusable(connection: Connection) -> Iterator[None]:
    """Run a statement in a savepoint; a refusal for lack of rights (or a role another session created at the same
    moment) rolls back only the savepoint."""
    savepoint = connection.begin_nested()
    try:
        yield
    except DBAPIError as exc:
        savepoint.rollback()
        if isinstance(exc.orig, errors.DuplicateObject | errors.UniqueViolation):
            return  # another database's migration created the role at the same moment
        if isinstance(exc.orig, errors.InsufficientPrivilege | errors.InvalidGrantOperation):
            raise _Refused from None
        raise
    savepoint.commit()
