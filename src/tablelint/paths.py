"""Which files a command works on: paths as given, directories searched for
Markdown, ``-`` for standard input."""

from __future__ import annotations

import os
from pathlib import Path

from .source import InputError

MARKDOWN_SUFFIXES = (".md", ".markdown")
# Directories that hold other people's files or build output, never the user's tables.
_SKIPPED_DIRECTORIES = {"node_modules", "__pycache__", "site-packages", "venv", ".venv", "build", "dist"}


def _markdown_in(directory: Path) -> list[str]:
    found = []
    for root, directories, files in os.walk(directory):
        directories[:] = sorted(
            name for name in directories if not name.startswith(".") and name not in _SKIPPED_DIRECTORIES
        )
        for name in sorted(files):
            if name.lower().endswith(MARKDOWN_SUFFIXES):
                found.append(os.path.join(root, name))
    return found


def collect_paths(arguments: list[str]) -> tuple[list[str], list[str]]:
    """(files to read, one-line errors for arguments that name nothing usable)."""
    files: list[str] = []
    errors: list[str] = []
    for argument in arguments or ["."]:
        if argument == "-":
            files.append("-")
            continue
        path = Path(argument)
        if path.is_dir():
            found = _markdown_in(path)
            if not found:
                errors.append(f"{argument}: directory has no Markdown files (*.md, *.markdown)")
            files.extend(found)
        elif path.exists():
            files.append(argument)
        else:
            errors.append(f"{argument}: no such file or directory")
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
