"""The database: configuration and connections, the table models, migrations, and the writers.

Everything that knows SQLAlchemy lives here or above: `config` (URLs, engines), `session`, `types`, `models`,
`migrate` (programmatic Alembic), `rows` (the values a document's rows hold), `writer` (the only code that
writes articles, with one backend per database), `documents` (stored rows back into documents).
"""
