"""Long output on a terminal goes through a pager, as git does.

The pager is `$NEWSDB_PAGER`, else `$PAGER`, else `less`; `LESS` defaults to `FRX` (quit when the output fits
on one screen, keep colours, leave the text on the screen), so short output reads as if printed directly. An
empty pager or `cat` turns paging off, as does `--no-pager` or output that is not a terminal.

A pager that is a program with arguments (`less -S`) is started directly, so that one that does not exist is
known before anything is written to it: the output is then printed directly, with one line on stderr. Only a
command line that needs a shell (pipes, redirections, variables) goes through `sh -c`, as in git.
"""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import IO

import click

PAGER_ENV = "NEWSDB_PAGER"
DEFAULT_PAGER = "less"
DEFAULT_LESS = "FRX"
_SHELL_SYNTAX = frozenset("|&;<>()$`*?[]#~=%{}!\n")  # a pager command line with any of these needs a shell


def pager_command() -> str | None:
    """The shell command of the pager to use on a terminal, or None for none."""
    configured = os.environ.get(PAGER_ENV, os.environ.get("PAGER", DEFAULT_PAGER)).strip()
    return None if configured in ("", "cat") else configured


@contextmanager
def paged(enabled: bool) -> Iterator[IO[str]]:
    """A text stream for the output: the pager's input when `enabled` on a terminal, else stdout."""
    command = pager_command() if enabled and sys.stdout.isatty() else None
    if command is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    env = dict(os.environ)
    env.setdefault("LESS", DEFAULT_LESS)
    try:
        process = subprocess.Popen(_argv(command), stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError) as exc:  # ValueError: shlex on an unbalanced quote
        click.echo(f"newsdb: cannot start pager {command!r} ({exc}); printing directly", err=True)
        yield sys.stdout
        sys.stdout.flush()
        return
    assert process.stdin is not None
    stream = io.TextIOWrapper(process.stdin, encoding="utf-8", errors="replace", line_buffering=False)
    try:
        yield stream
        stream.close()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: fine
    except KeyboardInterrupt:
        pass  # Ctrl-C reaches the pager too; let it restore the terminal
    finally:
        with suppress(BrokenPipeError):
            stream.close()
        process.wait()


def _argv(command: str) -> list[str]:
    """The pager's command line as arguments: split like a shell would, or run by `sh -c` when it needs one."""
    if _SHELL_SYNTAX.isdisjoint(command):
        return shlex.split(command)
    return ["/bin/sh", "-c", command]  # the user's pager command line, as git runs it
