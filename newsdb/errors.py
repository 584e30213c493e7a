"""The exceptions newsdb raises for problems a user can fix; the CLI prints them as one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsdb.store.data_loss import DataLoss


class NewsdbError(Exception):
    """Base class: an error whose message tells the user what went wrong and what to do."""


class ConfigError(NewsdbError):
    """A database URL newsdb cannot use (unknown scheme, missing driver)."""


class DatabaseUnavailableError(NewsdbError):
    """The database server cannot be reached or refused the connection."""


class NoDatabaseError(DatabaseUnavailableError):
    """The URL names a SQLite file that does not exist, for an operation that does not create a database."""


class DatabaseError(NewsdbError):
    """The database refused an operation (permissions, a lock held too long, a read-only file, a lost server)."""


class WorkersError(NewsdbError):
    """The system refused to start the worker processes of a seed (too many processes, too little memory)."""


class SchemaError(NewsdbError):
    """The database schema is not at the revision an operation needs."""


class DataLossError(NewsdbError):
    """An operation that would delete data was not allowed to; nothing was changed. `loss` says what."""

    def __init__(self, message: str, loss: DataLoss) -> None:
        super().__init__(message)
        self.loss = loss


class ParseError(NewsdbError):
    """A document that does not follow the article format.

    `str()` gives `path:line[:column]: message`, the form editors and compilers use.
    """

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None, column: int | None = None
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.path or "<text>"]
        if self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        return f"{':'.join(where)}: {self.message}"
