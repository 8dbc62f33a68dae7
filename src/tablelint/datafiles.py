"""Reading YAML and JSON data files (schemas, vocabularies, venues), with a
parse cache.

PyYAML takes longer to import than the rest of a pre-commit run on a small
file takes, so a parsed YAML file is kept in the user cache directory, keyed
by its path, size and modification time; later runs read it back from there.
config.py keeps parsed TOML config files there too.
Set TABLELINT_CACHE_DIR to move the cache (tests do).

The cache is written with marshal, not JSON: marshal is built into Python,
while importing json costs time on every run; it reads back a little faster;
and it gives back what it was given (JSON turns a key like YAML's ``1:`` into
a string, so a later run would not see what the first one saw).
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from .errors import ConfigError, FileTooLargeError, InputError
from .parse.source import describe_os_error, format_size, read_bytes

T = TypeVar("T")

# Limits on config, schema, vocabulary and venue files. They come from the
# repository being checked, so a pull request could otherwise make every CI
# run parse a file of gigabytes, or nest values deeper than Python recurses.
MAX_DATA_FILE_SIZE = 5 * 2**20
MAX_DATA_DEPTH = 64
# Part of the parse cache's key: what a parse checks (aliases, depth) changed.
_PARSE_RULES = "2"

_memory: dict[tuple[str, int, int], Any] = {}


# The venue file among the built-in schemas (schema/venues.py reads it).
BUILTIN_VENUE_FILE = "venues.yaml"


@lru_cache(maxsize=1)  # a check asks for it several times; resolving the path costs a stat per part
def builtin_schema_dir() -> Path:
    """``schemas/`` as installed in the wheel (tablelint/schemas), or the
    repository's top-level ``schemas/`` when running from a source checkout."""
    packaged = Path(__file__).resolve().parent / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schemas"


def cache_dir() -> Path:
    explicit = os.environ.get("TABLELINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform.startswith("linux"):
        # The XDG base directory rule, which is all platformdirs does here;
        # importing platformdirs would cost every run of the hook.
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
        return root / "tablelint"
    import platformdirs

    return Path(platformdirs.user_cache_dir("tablelint"))


def cache_key_hash(data: bytes = b"", *, hex_digits: int = 32) -> Any:
    """A new hash for naming cache entries: BLAKE2b, whose ``hexdigest()`` has
    ``hex_digits`` digits. Python builds BLAKE2 in (the _blake2 module);
    hashlib would load OpenSSL first, on every run."""
    try:
        from _blake2 import blake2b
    except ImportError:  # another Python: the public name
        from hashlib import blake2b
    return blake2b(data, digest_size=hex_digits // 2)


def parsed_cache_file(path: Path, stat: os.stat_result) -> Path:
    """Where the parse of ``path`` (as it is now: ``stat``) is kept (store_parsed)."""
    # marshal's format is Python's own: a Python that writes another version reads and writes other files.
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{marshal.version}|{_PARSE_RULES}".encode()
    return cache_dir() / "parsed" / (cache_key_hash(key).hexdigest() + ".marshal")


def read_parsed(cached: Path) -> Any:
    """What store_parsed kept in ``cached``: OSError if there is no such file
    (or it is not to be trusted: read_cache_file), ValueError if what is
    there cannot be read back."""
    data = read_cache_file(cached)
    try:
        return marshal.loads(data)
    except (EOFError, TypeError) as error:  # cut short or damaged
        raise ValueError(f"{cached}: {error}") from None


def load_data_file(path: str | Path) -> Any:
    """The parsed content of a .yaml/.yml/.json file; ConfigError on bad input."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as error:
        raise ConfigError(f"{path}: {describe_os_error(error)}") from None
    memory_key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if memory_key in _memory:
        return _memory[memory_key]
    if path.suffix.lower() == ".json":
        data = _parse_json(path)
    else:
        cached = parsed_cache_file(path, stat)
        try:
            data = read_parsed(cached)
        except (OSError, ValueError):
            data = _parse_yaml(path)
            store_parsed(cached, data)
    _memory[memory_key] = data
    return data


def read_data_file(path: Path) -> str:
    """The text of a config or data file: a regular file of at most
    MAX_DATA_FILE_SIZE bytes of UTF-8, or ConfigError."""
    try:
        data = read_bytes(path, str(path), MAX_DATA_FILE_SIZE)
    except FileTooLargeError:
        raise ConfigError(
            f"{path}: larger than {format_size(MAX_DATA_FILE_SIZE)}, the limit for config and data files"
        ) from None
    except InputError as error:
        raise ConfigError(str(error)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None


def check_data_limits(path: Path, data: Any) -> None:
    """ConfigError if ``data`` nests deeper than MAX_DATA_DEPTH. Walked
    without recursion, so that the walk itself cannot overflow."""
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(data, 0, ())]
    while stack:
        value, depth, where = stack.pop()
        if isinstance(value, dict):
            children: Any = value.items()
        elif isinstance(value, list):
            children = enumerate(value)
        else:
            continue
        if depth >= MAX_DATA_DEPTH:
            raise ConfigError(_too_deep(path, where))
        stack.extend((child, depth + 1, (*where, key)) for key, child in children)


def _too_deep(path: Path, where: tuple[Any, ...]) -> str:
    key = ".".join(str(part) for part in where) or "(top level)"
    return f"{path}: key '{key}': values nested deeper than {MAX_DATA_DEPTH} levels"


def _parse_json(path: Path) -> Any:
    import json  # here: the built-in data files are YAML, and a check need not import json

    text = read_data_file(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid JSON: nested deeper than Python can read") from None
    check_data_limits(path, data)
    return data


def _parse_yaml(path: Path) -> Any:
    """The file's one YAML document, refusing aliases (``*name``).

    An alias repeats the value its anchor names without copying it, so a
    few hundred bytes of aliases to aliases stand for billions of values
    (the "billion laughs"); whatever walks the result (validation, caching,
    printing) then takes the billions one by one. A data file written for
    tablelint has no need of them: the value can be written out.
    """
    import yaml

    text = read_data_file(path)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(path, node)
        return loader.construct_document(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(f"{where}: invalid YAML: {problem}") from None
    except RecursionError:  # the pure-Python parser, without libyaml, composes recursively
        raise ConfigError(f"{path}: invalid YAML: nested deeper than Python can read") from None
    finally:
        loader.dispose()


def _check_nodes(path: Path, root: Any) -> None:
    """ConfigError at the first alias or at nesting deeper than MAX_DATA_DEPTH.
    The composer hands an alias over as the very node its anchor made, so
    an alias is a node met twice."""
    import yaml

    seen: set[int] = set()
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(root, 0, ())]
    while stack:
        node, depth, where = stack.pop()
        if id(node) in seen:
            mark = node.start_mark
            key = ".".join(str(part) for part in where) or "(top level)"
            raise ConfigError(
                f"{path}: key '{key}': a YAML alias (*name) repeats the value anchored at line {mark.line + 1}; "
                "tablelint does not expand aliases: write the value out"
            )
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            children = [(child, (*where, index)) for index, child in enumerate(node.value)]
        elif isinstance(node, yaml.MappingNode):
            children = []
            for key, value in node.value:
                children.append((key, where))
                children.append((value, (*where, getattr(key, "value", "?"))))
        else:
            continue
        if depth >= MAX_DATA_DEPTH:
            raise ConfigError(_too_deep(path, where))
        # Reversed, so that nodes come off the stack in document order and
        # the alias reported is the first one in the file.
        stack.extend((child, depth + 1, child_where) for child, child_where in reversed(children))


def store_parsed(cached: Path, data: Any) -> None:
    try:
        store_cache_file(cached, marshal.dumps(data))
    except ValueError:
        pass  # marshal cannot hold it (a YAML date, say): parse the file again next time


def store_cache_file(path: Path, data: bytes) -> None:
    """Best effort: a read-only or full cache directory only costs speed.
    The file is the user's alone (0600, in directories made 0700): some
    cache files are pickles, and loading a pickle runs code."""
    try:
        private_directory(path.parent)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            temporary.unlink()  # left by a process that died: made anew, with this mode
        except FileNotFoundError:
            pass
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        pass


def read_cache_file(path: Path) -> bytes:
    """The bytes of a cache file, if this user wrote it and no other could
    have: PermissionError (an OSError, as for a missing file) when another
    user owns it or others may write to it. Loading a pickle runs code, so a
    planted one must not be loaded."""
    with open(path, "rb") as file:
        problem = untrusted_reason(os.fstat(file.fileno()))
        if problem is not None:
            raise PermissionError(f"{path}: {problem}")
        return file.read()


def untrusted_reason(status: os.stat_result) -> str | None:
    """Why a cache file with this status may hold what another user wrote, or None."""
    if not hasattr(os, "geteuid"):  # Windows: the user's profile directory is private
        return None
    if status.st_uid != os.geteuid():
        return f"owned by another user (uid {status.st_uid})"
    if status.st_mode & 0o022:
        return f"writable by others (mode {status.st_mode & 0o777:o})"
    return None


def private_directory(directory: Path) -> None:
    """Make ``directory``, and those above it that are missing, readable by
    this user only (0700). An existing directory is left as it is."""
    try:
        os.mkdir(directory, 0o700)
    except FileExistsError:
        pass
    except FileNotFoundError:
        private_directory(directory.parent)
        try:
            os.mkdir(directory, 0o700)
        except FileExistsError:  # another process made it meanwhile
            pass


class CacheDatabase:
    """What the sqlite caches (links, papers) share: a file this user's
    alone, opened on first use, a time-to-live, and a ``problem`` line
    instead of an error when the file cannot be used."""

    schema = ""
    label = ""

    def __init__(self, path: Path, ttl: float, now: float | None = None) -> None:
        import time

        self.path = path
        self.ttl = ttl
        self.now = time.time() if now is None else now
        self.problem: str | None = None
        self._connection: Any = None

    def _connect(self) -> Any:
        if self._connection is None and self.problem is None:
            self._connection, self.problem = open_private_database(self.path, self.schema, self.label)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def open_private_database(path: Path, schema: str, label: str) -> tuple[Any, str | None]:
    """An sqlite connection to the cache ``path`` (``schema`` applied), or
    None and why not, in a line that starts with ``label`` and ``path``. The
    file is made this user's alone; one another user owns, or others may
    write, may hold what they chose and is not used. sqlite3 is imported
    here, not with this module: start-up does not need it."""
    import sqlite3

    try:
        problem = _private_file(path)
        if problem is not None:
            return None, f"{label} {path} is {problem}; running without it"
        connection = sqlite3.connect(path, timeout=5.0)
        connection.execute(schema)
        return connection, None
    except (OSError, sqlite3.Error) as error:
        return None, f"{label} {path} not usable ({error}); running without it"


def _private_file(path: Path) -> str | None:
    """Make the file this user's alone (0600, in a 0700 directory if one is
    made for it), or say why it is not to be used."""
    try:
        status = path.stat()
    except FileNotFoundError:
        private_directory(path.parent)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:  # another process made it meanwhile: its mode is checked next run
            pass
        return None
    problem = untrusted_reason(status)
    if problem is not None:
        return problem
    if status.st_mode & 0o077:
        path.chmod(0o600)  # made by an older version: it holds the URLs of private documents
    return None


def validated_from_cache(kind: str, path: Path, code: tuple[str, ...], build: Callable[[], T], expected: type[T]) -> T:
    """What ``build`` makes of the data file ``path`` (validated against the
    data-file dataclasses of the modules ``code``, see datamodel.py), read back
    from the cache directory when an earlier run built it from the same file
    with the same code. ``build`` imports pydantic and builds a validator; a
    run that finds the result here does neither (benchmarks/validated_cache.py
    measures what that saves). What is kept holds no pydantic object, so a
    new pydantic does not make it stale."""
    import pickle

    from . import __version__

    try:
        data = path.stat()
        sources = [Path(sys.modules[module].__file__ or "").stat() for module in code]
    except (OSError, KeyError):  # no such file: building says so
        return build()
    key = "|".join([str(path.resolve()), str(data.st_size), str(data.st_mtime_ns),
                    *(f"{source.st_size}:{source.st_mtime_ns}" for source in sources),
                    __version__, sys.version])
    cached = cache_dir() / kind / (cache_key_hash(key.encode()).hexdigest() + ".pickle")
    try:
        value = pickle.loads(read_cache_file(cached))
        if isinstance(value, expected):
            return value
    except Exception:  # missing, stale or damaged: build it
        pass
    value = build()
    try:
        store_cache_file(cached, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError):
        pass
    return value
