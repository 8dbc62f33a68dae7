"""Running `check` over many files: reading stdin once, the per-file work
(from the result cache, or in a process pool when there are many files),
then the run-wide steps.

The pool uses every core by default; ``TABLELINT_JOBS`` sets the number of
processes (1 turns the pool off). Results come back in the order the files
were given, so the output is the same whatever the number of processes.
Link checking is not done in the workers: the run-wide step checks every
file's links with one HTTP session and one cache (results.finish).

Only what a file needs is imported: a file whose result is cached costs a
hash and an unpickle, not the parser, the schemas and the rules.
"""

from __future__ import annotations

import os

from ..config import settings_for
from ..errors import ConfigError, InputError
from ..parse.source import decode, read_bytes, read_stdin
from .finish import finish
from .results import FileReport, RunOptions

# Below this many files, starting processes costs more than it saves.
_POOL_MIN_FILES = 16
_CACHE_MAX_ITEMS = 50_000


def job_count() -> int:
    configured = os.environ.get("TABLELINT_JOBS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _cached(name: str, options: RunOptions) -> FileReport | None:
    """The cached result of ``name``, if there is one (no parsing)."""
    if options.no_cache:
        return None
    settings = settings_for(name, options.config)  # a config error stops the run
    try:
        data = read_bytes(name, name, settings.max_file_size)
    except InputError:
        return None
    from . import resultcache

    return resultcache.load(resultcache.result_key(name, data, settings, options))


def check_one(name: str, options: RunOptions) -> FileReport:
    """One file's result before the run-wide step, detached from its document."""
    report, _ = _check_one(name, options, in_worker=False)
    return report


def _check_one(name: str, options: RunOptions, *, in_worker: bool) -> tuple[FileReport, bytes | None]:
    """The report, and in a worker its pickled bytes (those the cache stores).
    A bad file gives a report with an error; a bad config or schema raises
    ConfigError, which stops the run."""
    settings = settings_for(name, options.config)
    try:
        data = read_bytes(name, name, settings.max_file_size)
    except InputError as error:
        return FileReport(name, error=str(error)), None
    key = None
    if not options.no_cache:
        from . import resultcache

        key = resultcache.result_key(name, data, settings, options)
        cached = resultcache.load(key)
        if cached is not None:
            return cached, None
    from .lint import lint_source

    try:
        source = decode(data, name)
        # The text holds the same content: the bytes would otherwise stay
        # alive for the whole check.
        del data
        report = lint_source(source, options, settings)
    except ConfigError:
        raise
    except InputError as error:
        return FileReport(name, error=str(error)), None
    size = len(report.diagnostics) + len(report.pending.get("links", ()))
    # A file with tens of thousands of problems is being worked on, not
    # re-checked unchanged; pickling its result would cost more than it saves.
    store = key is not None and report.error is None and size <= _CACHE_MAX_ITEMS
    report.detach(keep_source=not (in_worker or store))
    encoded = None
    if store or in_worker:
        from . import resultcache

        encoded = resultcache.encode(report)
        if store and key is not None and encoded is not None:
            resultcache.store_encoded(key, encoded)
    return report, encoded


def _check_in_worker(arguments: tuple[str, RunOptions]) -> FileReport | bytes:
    """A worker's result for the parent. Pickled once already for the cache,
    it crosses as those bytes: the pool pickles a bytes object at the speed
    of a copy, and a report diagnostic by diagnostic, which was a large part
    of what the pool added."""
    report, encoded = _check_one(*arguments, in_worker=True)
    return encoded if encoded is not None else report


def _from_worker(name: str, options: RunOptions, result: FileReport | bytes) -> FileReport:
    if isinstance(result, bytes):
        from . import resultcache

        report = resultcache.decode(result)
        # Bytes a worker just made always decode; if not, check the file here.
        return report if report is not None else check_one(name, options)
    return result


def check_files(files: list[str], options: RunOptions, stdin_filename: str | None = None) -> list[FileReport]:
    done: dict[str, FileReport] = {}
    on_disk = [name for name in files if name != "-"]
    jobs = min(job_count(), len(on_disk))
    if jobs > 1 and len(on_disk) >= _POOL_MIN_FILES:
        # Results already cached are read here; only the rest goes to workers.
        for name in on_disk:
            cached = _cached(name, options)
            if cached is not None:
                done[name] = cached
        todo = [name for name in on_disk if name not in done]
        jobs = min(jobs, len(todo))
        if jobs > 1 and len(todo) >= _POOL_MIN_FILES:
            from concurrent.futures import ProcessPoolExecutor

            worker_options = options.replace(progress=None)
            chunk = max(1, len(todo) // (jobs * 8))
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                arguments = [(name, worker_options) for name in todo]
                for name, result in zip(todo, pool.map(_check_in_worker, arguments, chunksize=chunk), strict=True):
                    done[name] = _from_worker(name, options, result)
    reports: list[FileReport] = []
    for name in files:
        if name == "-":
            from .lint import lint_path

            display = stdin_filename or "-"
            try:
                data = read_stdin(settings_for(display, options.config).max_file_size)
            except ConfigError:
                raise
            except InputError as error:
                reports.append(FileReport(display, error=str(error)))
                continue
            reports.append(lint_path(display, options, stdin=data))
        else:
            reports.append(done.get(name) or check_one(name, options))
    return finish(reports, options)
