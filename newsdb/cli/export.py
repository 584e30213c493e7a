"""`newsdb export`: the articles back as text files or JSON lines, each file written whole or not at all.

A file is written under a temporary name beside it and renamed over the target when complete, so a run that
fails (a row it cannot read, a full disk) or is interrupted leaves the previous file as it was, and never half a
file. Files that held something else before are counted in the summary as replaced. Targets that are not
regular files (a FIFO, a device) are written in place, as renaming over them would replace the device. A
replaced file keeps its permissions, and one this user may not write is not replaced.

JSON lines for standard output (`--jsonl -`, `/dev/stdout`, or the file stdout was redirected to) are written to
it in place, and the summary goes to stderr, so that stdout carries nothing but the JSON lines.
"""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from newsdb.cli import EXIT_SOME_FAILED, State, url_option
from newsdb.cli.database import read_session
from newsdb.errors import NewsdbError
from newsdb.files import shown

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from newsdb.document import Document


_STANDARD_OUTPUT_NAMES = frozenset({"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})


class ExportError(NewsdbError):
    """A file or folder the export cannot write."""


@click.command("export")
@url_option
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--jsonl",
    type=click.Path(dir_okay=False, allow_dash=True),  # a str: `./-` is a file, where Path("./-") is "-"
    help="Write JSON Lines to this file; - for standard output.",
)
@click.pass_obj
def export_command(state: State, directory: Path | None, jsonl: str | None) -> None:
    """Write every article back as DIRECTORY/<external_id>.txt, or as one JSON object a line (--jsonl).

    Each file is written whole or not at all; the summary says how many existing files were replaced. With
    --jsonl - (or any path to standard output) the summary goes to stderr, so that stdout holds JSON lines only.
    An article whose rows make no article is named on stderr and left out, the others are written, and the exit
    code is 1.
    """
    if (directory is None) == (jsonl is None):
        raise click.UsageError("give either DIRECTORY or --jsonl FILE")
    export = Export()
    to_stdout = False
    with read_session(state.url) as db:
        if jsonl is not None:
            if sys.stdout is None and (jsonl == "-" or jsonl in _STANDARD_OUTPUT_NAMES):
                # closed when newsdb started: its descriptor is then some file newsdb opened, the database's say
                raise ExportError("cannot write standard output: it is closed")
            target = Path(jsonl)
            to_stdout = jsonl == "-" or _is_standard_output(target)
            export.replaced = 0 if to_stdout else int(_holds_data(target))
            _export_jsonl(db, target, export, to_stdout=to_stdout)
            where = "standard output" if to_stdout else shown(target)
        else:
            assert directory is not None
            _export_folder(db, directory, export)
            where = shown(directory)
    notes = []
    if export.replaced:
        notes.append(f"{export.replaced} existing {'file' if export.replaced == 1 else 'files'} replaced")
    if export.failed:
        notes.append(f"{export.failed} not exported")
    note = f" ({', '.join(notes)})" if notes else ""
    click.echo(f"exported {export.count} articles to {where}{note}", err=to_stdout)
    if export.failed:
        sys.exit(EXIT_SOME_FAILED)


@dataclass
class Export:
    """What an export did: articles written, existing files replaced, articles left out."""

    count: int = 0
    replaced: int = 0
    failed: int = 0

    def documents(self, db: Session) -> Iterator[Document]:
        """Every article's document; one that makes none is named on stderr and counted as failed."""
        from newsdb import queries
        from newsdb.store.documents import UnreadableArticleError, readable_document

        for article in queries.iter_articles(db):
            try:
                yield readable_document(article)
            except UnreadableArticleError as error:
                click.echo(f"newsdb: not exported: {error}", err=True)
                self.failed += 1


def _export_jsonl(db: Session, path: Path, export: Export, *, to_stdout: bool) -> None:
    from newsdb.store.documents import document_json

    with _standard_output() if to_stdout else _written_whole(path) as out:
        for document in export.documents(db):
            out.write(json.dumps(document_json(document), ensure_ascii=False) + "\n")
            export.count += 1


def _export_folder(db: Session, directory: Path, export: Export) -> None:
    """Write one text file per article, counting the files that existed with other content."""
    from newsdb.render import render

    _check_file_names(db)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(directory, exc) from None
    for document in export.documents(db):
        path = directory / f"{document.external_id}.txt"
        text = render(document)
        export.count += 1
        if _holds_data(path):
            if _same_bytes(path, text.encode("utf-8")):
                continue
            export.replaced += 1
        with _written_whole(path) as out:
            out.write(text)


def _check_file_names(db: Session) -> None:
    """Refuse, before anything is written, an external id that cannot be a file name in one folder."""
    from sqlalchemy import select

    from newsdb.store.models import ArticleRow

    for external_id in db.scalars(select(ArticleRow.external_id)):
        name = f"{external_id}.txt"
        if Path(name).name != name or name.startswith(".") or "\x00" in name:
            raise ExportError(f"external id {external_id!r} is not usable as a file name; nothing was written")


@contextmanager
def _written_whole(path: Path) -> Iterator[IO[str]]:
    """A text file that replaces `path` when the block ends without an error (see the module docstring)."""
    try:
        in_place = path.exists() and not stat.S_ISREG(path.stat().st_mode)
        target = path if in_place else Path(os.path.realpath(path))  # a symlink's file, not the link
        temporary = target if in_place else target.with_name(f".{target.name}.{os.getpid()}.tmp")
        # 0o666 less the umask, as for any new file; O_EXCL: never write through a stale file's link
        flags = os.O_WRONLY | (os.O_TRUNC if in_place else os.O_CREAT | os.O_EXCL)
        previous = target.stat() if not in_place and target.exists() else None
        if previous is not None and not os.access(target, os.W_OK):  # as writing the file in place would fail
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        out = os.fdopen(os.open(temporary, flags, 0o666), "w", encoding="utf-8", newline="\n")
        if previous is not None:  # the file it replaces keeps its permissions (an export kept private, say)
            os.fchmod(out.fileno(), stat.S_IMODE(previous.st_mode))
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with out:
            yield out
        if not in_place:
            temporary.replace(target)
    except BaseException as exc:
        if not in_place:
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise


def _is_standard_output(path: Path) -> bool:
    """Whether `path` names the file, pipe or terminal that standard output writes to (`/dev/stdout`)."""
    if sys.stdout is None:  # closed when newsdb started
        return False
    try:
        return os.path.samestat(path.stat(), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError):  # no such file yet; or a stdout without a file descriptor (captured)
        return False


@contextmanager
def _standard_output() -> Iterator[IO[str]]:
    """Standard output as UTF-8 text, whatever the locale says: JSON lines are UTF-8. Written in place; a full
    disk or a closed stdout is one line (a reader that quits is not an error: BrokenPipeError goes on)."""
    assert sys.stdout is not None  # export_command refuses a closed one
    sys.stdout.flush()
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
    try:
        yield out
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise ExportError(f"cannot write standard output: {exc.strerror or exc}") from None
    finally:
        with suppress(OSError, ValueError):
            out.detach()  # standard output stays open, for what is printed after


def _holds_data(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _cannot_write(path: Path, exc: OSError) -> ExportError:
    return ExportError(f"cannot write {shown(path)}: {exc.strerror or exc}")
