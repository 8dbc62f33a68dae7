"""Running a command over many files: reading stdin once, the per-file work,
then the run-wide steps."""

from __future__ import annotations

import sys

from .lint import FileReport, RunOptions, finish, lint_path


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def check_files(files: list[str], options: RunOptions, stdin_filename: str | None = None) -> list[FileReport]:
    reports: list[FileReport] = []
    for name in files:
        if name == "-":
            reports.append(lint_path(stdin_filename or "-", options, stdin=read_stdin()))
        else:
            reports.append(lint_path(name, options))
    return finish(reports, options)
