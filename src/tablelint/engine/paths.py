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
from .file_selection import FileSelector, SelectionOptions

MARKDOWN_SUFFIXES = (".md", ".markdown")


def _note(message: str) -> None:
    if sys.stderr is not None:  # started with standard error closed (2>&-)
        try:
            sys.stderr.write(f"tablelint: note: {message}\n")
        except (OSError, ValueError):
            pass


def _markdown_in(directory: Path, errors: list[str], selector: FileSelector) -> list[str]:
    found = []
    root = os.path.abspath(directory)
    for current, directories, files in os.walk(directory):
        # The selector takes absolute paths: made once per directory, not per file.
        absolute = os.path.abspath(current)
        directories[:] = sorted(
            name for name in directories if not selector.skip_in_search(os.path.join(absolute, name), True, root)
        )
        for name in sorted(files):
            if not name.lower().endswith(MARKDOWN_SUFFIXES):
                continue
            path = os.path.join(current, name)
            if selector.skip_in_search(os.path.join(absolute, name), False, root):
                continue
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


def collect_paths(
    arguments: list[str], selection: SelectionOptions | None = None,
) -> tuple[list[str], list[str]]:
    """(files to read, one-line errors for arguments that name nothing usable).
    ``selection``: the command line's exclude options (file_selection.py)."""
    selector = FileSelector(selection)
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
        is_dir = stat.S_ISDIR(mode)
        if selector.skip_named(argument, is_dir):
            continue  # force-exclude: named, but left out by the config (as pre-commit names every file)
        if is_dir:
            found = _markdown_in(Path(argument), errors, selector)
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
