"""A cache of per-file check results, like ruff's: a file checked before,
with the same bytes, settings, schemas and tablelint, is not parsed again.

What is cached is the per-file result *before* the run-wide step: the link
diagnostics are still decided on every run (from the link cache, or the
network), so a cached file never hides a link that died since.

The key covers everything the per-file result depends on: the file's bytes
and display path; the settings (the config file's values); the rule
selection and ``--schema``; every schema, vocabulary and venue file that
could bind (their sizes and modification times); tablelint's own code (its
version and the modification times of its modules, so an edited checkout
never reads stale results); the Python version; and the year (a source
dated next year becomes valid on 1 January). ``--no-cache`` turns it off.
"""

from __future__ import annotations

import os
import pickle
import sys
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..datafiles import builtin_schema_dir, cache_dir, cache_key_hash, read_cache_file, store_cache_file

if TYPE_CHECKING:
    from ..config import Settings
    from .results import FileReport, RunOptions

_FORMAT = "2"


def _tree_stamp(root: Path, suffixes: tuple[str, ...]) -> str:
    entries = []
    if root.is_dir():
        for directory, _, files in os.walk(root):
            for name in files:
                if name.endswith(suffixes):
                    stat = os.stat(os.path.join(directory, name))
                    entries.append(f"{directory}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    elif root.is_file():
        stat = root.stat()
        entries.append(f"{root}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(sorted(entries))


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    from .. import __version__

    package = Path(__file__).resolve().parents[1]  # all of tablelint, not only engine/
    return f"{__version__}|{sys.version}|{_tree_stamp(package, ('.py',))}"


@lru_cache(maxsize=64)
def _schema_stamp(directories: tuple[Path, ...]) -> str:
    return "|".join(_tree_stamp(directory, (".yaml", ".yml", ".json")) for directory in directories)


def result_key(path: str, data: bytes, settings: Settings, options: RunOptions) -> str:
    root = settings.root or Path.cwd()
    schema_places = [builtin_schema_dir(), *((root / d).resolve() for d in settings.schema_dirs)]
    for named in [options.schema, *settings.schemas.values()]:
        if named and Path(named).suffix:
            schema_places.append(Path(named).resolve())
    parts = [
        _FORMAT,
        _code_stamp(),
        str(date.today().year),
        path,
        repr(settings),
        repr((options.select, options.ignore, options.extend_select, options.schema, options.check_links,
              options.verify_papers)),
        _schema_stamp(tuple(schema_places)),
    ]
    digest = cache_key_hash("\x00".join(parts).encode("utf-8", "surrogatepass"), hex_digits=40)
    digest.update(data)
    return digest.hexdigest()


def _entry(key: str) -> Path:
    return cache_dir() / "results" / key[:2] / f"{key}.pickle"


def load(key: str) -> FileReport | None:
    try:
        data = read_cache_file(_entry(key))
    except OSError:  # not cached yet, unreadable, or written by someone else: check the file
        return None
    return decode(data)


def decode(data: bytes) -> FileReport | None:
    """A report from ``encode``'s bytes; None for bytes of an older format or damaged ones."""
    try:
        report = pickle.loads(data)
    except Exception:  # an older format, a truncated file: check the file again
        return None
    from .results import FileReport

    return report if isinstance(report, FileReport) else None


def encode(report: FileReport) -> bytes | None:
    """The report as the cache stores it; None if some detail of it does not pickle."""
    try:
        return pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None


def store_encoded(key: str, encoded: bytes) -> None:
    """Keep ``encode``'s bytes under ``key``: encoded once, they also cross from a pool worker (run.py)."""
    store_cache_file(_entry(key), encoded)
