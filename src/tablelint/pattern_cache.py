"""Compiled regular expressions kept between runs, as .pyc files keep compiled modules.

``re.compile`` parses a pattern and generates the regex engine's code for it
in Python: a pattern over the Latin letters (naming/terms.py) takes about a
millisecond, and a check of a small file compiles some thirty patterns, ~10 ms
of a run that a pre-commit hook starts on every commit. The engine's code is a
list of integers that depends only on the pattern, its flags and the Python
version. So the patterns of ``lazy_re`` keep it in tablelint's cache
directory, one file per Python version, and later runs hand it to the
engine's constructor, ``_sre.compile``: the call that ends ``re.compile``,
which checks the code before building the pattern.

This leans on CPython internals (``re._parser``, ``re._compiler``, ``_sre``),
which may change in any release; hence the file per version, the check of a
stored entry against ``re.compile`` before it is kept, and ``re.compile``
whenever anything fails.
"""

from __future__ import annotations

import _sre
import contextlib
import re
import sys
from pathlib import Path
from typing import Any, AnyStr

# A file that grew past this (patterns of many tablelint versions) starts over.
_MAX_PATTERNS = 1000

_Entry = tuple[int, list[int], int, dict[Any, int], tuple[Any, ...]]
_stored: dict[tuple[Any, int], _Entry] | None = None
_added: dict[tuple[Any, int], _Entry] = {}


def compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, from the engine code of an earlier run if there is one."""
    key = (pattern, int(flags))  # int: marshal cannot write an re.RegexFlag
    entry = _stored_entries().get(key)
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)  # type: ignore[no-any-return]
        except Exception:  # another engine, or a damaged file: compile as usual
            pass
    compiled = re.compile(pattern, flags)
    _remember(key, compiled)
    return compiled


def _file() -> Path:
    from .datafiles import cache_dir

    version = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}"
    return cache_dir() / f"patterns-{version}.marshal"


def _stored_entries() -> dict[tuple[Any, int], _Entry]:
    global _stored
    if _stored is None:
        import marshal

        try:
            loaded = marshal.loads(_file().read_bytes())
            _stored = loaded if isinstance(loaded, dict) else {}
        except Exception:  # missing, unreadable, or from another Python
            _stored = {}
    return _stored


def _remember(key: tuple[Any, int], compiled: re.Pattern[Any]) -> None:
    try:
        entry = _engine_arguments(*key)
        rebuilt = _sre.compile(key[0], *entry)
    except Exception:  # internals not as expected: keep compiling as usual
        return
    same = (rebuilt.flags, rebuilt.groups, rebuilt.groupindex) == (
        compiled.flags, compiled.groups, compiled.groupindex
    )
    if not same:
        return
    if not _added:
        import atexit

        atexit.register(_save)
    _added[key] = entry


def _engine_arguments(pattern: AnyStr, flags: int) -> _Entry:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` after the pattern."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    group_index = dict(parsed.state.groupdict)
    index_group: list[Any] = [None] * parsed.state.groups
    for name, index in group_index.items():
        index_group[index] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, group_index, tuple(index_group)


def _save() -> None:
    import marshal

    from .datafiles import store_cache_file

    stored = _stored_entries()
    entries = {**stored, **_added} if len(stored) + len(_added) <= _MAX_PATTERNS else dict(_added)
    with contextlib.suppress(ValueError):  # an entry marshal cannot write: compiled as usual next run
        store_cache_file(_file(), marshal.dumps(entries))
