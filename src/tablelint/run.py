"""Running a command over many files: reading stdin once, the per-file work
(in a process pool when there are many files), then the run-wide steps.

The pool uses every core by default; ``TABLELINT_JOBS`` sets the number of
processes (1 turns the pool off). Results come back in the order the files
were given, so the output is the same whatever the number of processes.
Link checking is not done in the workers: the run-wide step checks every
file's links with one HTTP session and one cache (lint.finish).
"""

from __future__ import annotations

import dataclasses
import os
import sys

from .lint import FileReport, RunOptions, finish, lint_path

# Below this many files, starting processes costs more than it saves.
_POOL_MIN_FILES = 16


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def job_count() -> int:
    configured = os.environ.get("TABLELINT_JOBS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _lint_in_worker(arguments: tuple[str, RunOptions]) -> FileReport:
    name, options = arguments
    report = lint_path(name, options)
    report.detach()
    return report


def check_files(files: list[str], options: RunOptions, stdin_filename: str | None = None) -> list[FileReport]:
    reports: list[FileReport] = []
    on_disk = [name for name in files if name != "-"]
    jobs = min(job_count(), len(on_disk))
    pooled: dict[str, FileReport] = {}
    if jobs > 1 and len(on_disk) >= _POOL_MIN_FILES:
        from concurrent.futures import ProcessPoolExecutor

        worker_options = dataclasses.replace(options, progress=None)
        chunk = max(1, len(on_disk) // (jobs * 8))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for name, report in zip(
                on_disk, pool.map(_lint_in_worker, [(name, worker_options) for name in on_disk], chunksize=chunk),
                strict=True,
            ):
                pooled[name] = report
    for name in files:
        if name == "-":
            reports.append(lint_path(stdin_filename or "-", options, stdin=read_stdin()))
        elif name in pooled:
            reports.append(pooled[name])
        else:
            reports.append(lint_path(name, options))
    return finish(reports, options)
