"""Alembic environment for newsdb, used by the `alembic` command in the repository and by `newsdb.store.migrate`.

The database comes from, in order: a connection handed in by the library (`config.attributes["connection"]`),
`sqlalchemy.url` in the configuration, `NEWSDB_URL`, the default SQLite file.
"""

from __future__ import annotations

from logging.config import fileConfig

from sqlalchemy.engine import Connection, Engine

from alembic import context
from newsdb.store.config import connect
from newsdb.store.migrate import foreign_keys_deferred, include_object
from newsdb.store.models import Base

config = context.config

if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    # Keep the host application's loggers alive.
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
        compare_server_default=False,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    handed_in = config.attributes.get("connection")
    if isinstance(handed_in, Connection):
        run(handed_in)
        return
    engine = handed_in if isinstance(handed_in, Engine) else connect(config.get_main_option("sqlalchemy.url") or None)
    try:
        with engine.connect() as connection, foreign_keys_deferred(connection):
            run(connection)
    finally:
        if engine is not handed_in:
            engine.dispose()


if context.is_offline_mode():
    raise SystemExit("newsdb migrations run against a database: offline (--sql) mode is not supported")
run_online()
