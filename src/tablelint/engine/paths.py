"""Which files a command works on: paths as given, directories searched for
Markdown, ``-`` for standard input.

Only regular files are read. In a directory, anything else named like
Markdown (a FIFO, a socket, a device) is skipped with a note: reading a FIFO
would block the run forever. Named on the command line, it is an input
error, and so is a symbolic link that leads back to itself; either way the
other files are still checked.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from ..errors import InputError
from ..parse.source import describe_os_error, file_kind

MARKDOWN_SUFFIXES = (".md", ".markdown")
# Directories that hold other people's files or build output, never the user's tables.
_SKIPPED_DIRECTORIES = {"node_modules", "__pycache__", "site-packages", "venv", ".venv", "build", "dist"}


def _note(message: str) -> None:
    if sys.stderr is not None:  # started with standard error closed (2>&-)
        try:
            sys.stderr.write(f"tablelint: note: {message}\n")
        except (OSError, ValueError):
            pass


def _markdown_in(directory: Path, errors: list[str]) -> list[str]:
    found = []
    for root, directories, files in os.walk(directory):
        directories[:] = sorted(
            name for name in directories if not name.startswith(".") and name not in _SKIPPED_DIRECTORIES
        )
        for name in sorted(files):
            if not name.lower().endswith(MARKDOWN_SUFFIXES):
                continue
            path = os.path.join(root, name)
            try:
                mode = os.stat(path).st_mode
            except OSError as error:  # a symlink loop, a dangling link
                errors.append(f"{path}: {describe_os_error(error)}")
                continue
            if stat.S_ISREG(mode):
                found.append(path)
            elif not stat.S_ISDIR(mode):
                _note(f"{path}: skipped, not a regular file ({file_kind(mode)})")
    return found


def collect_paths(arguments: list[str]) -> tuple[list[str], list[str]]:
    """(files to read, one-line errors for arguments that name nothing usable)."""
    files: list[str] = []
    errors: list[str] = []
    for argument in arguments or ["."]:
        if argument == "-":
            files.append("-")
            continue
        try:
            mode = os.stat(argument).st_mode
        except (OSError, ValueError) as error:  # ValueError: a NUL in the name
            reason = describe_os_error(error) if isinstance(error, OSError) else "not a valid file name"
            errors.append(f"{argument}: {reason}")
            continue
        if stat.S_ISDIR(mode):
            found = _markdown_in(Path(argument), errors)
            if not found:
                errors.append(f"{argument}: directory has no Markdown files (*.md, *.markdown)")
            files.extend(found)
        elif stat.S_ISREG(mode):
            files.append(argument)
        else:
            errors.append(
                f"{argument}: not a regular file ({file_kind(mode)}); tablelint reads files, and - reads standard input"
            )
    seen: set[str] = set()
    unique = []
    for name in files:
        key = name if name == "-" else os.path.normpath(name)
        if key not in seen:
            seen.add(key)
            unique.append(name)
    return unique, errors


def require_one_path(argument: str) -> str:
    if argument != "-" and Path(argument).is_dir():
        raise InputError(f"{argument}: is a directory; give one Markdown file")
    return argument
