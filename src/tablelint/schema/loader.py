"""Finding and loading schema files: the built-in ones shipped with tablelint,
the user's schema directories, or a file named on the command line.

A schema's name is its ``name`` key, or its file name without the suffix.
Errors name the file and the key (``fields.2.type``) and suggest a fix.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..datafiles import (
    BUILTIN_VENUE_FILE,
    builtin_schema_dir,
    cache_dir,
    cache_key_hash,
    load_data_file,
    read_cache_file,
    store_cache_file,
)
from ..errors import ConfigError
from ..record import Record
from ..vocabulary import Vocabulary

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator

    from .compiled import Spec
    from .venues import Venue

SCHEMA_SUFFIXES = (".yaml", ".yml", ".json")


class UnknownSchemaError(ConfigError):
    """A schema name that no schema has, or a schema file that is not there.
    The message does not say who named it: the caller adds that."""


class Schema(Record):
    """A loaded schema: the validated file, compiled (compiled.py), and the
    validator of its rows (row_model.compile_row_validator)."""

    __slots__ = ("name", "path", "spec", "row_validator", "vocabulary", "extra_venues", "papers")

    def __init__(
        self, name: str, path: Path, spec: Spec, row_validator: SchemaValidator, vocabulary: Vocabulary | None = None,
        extra_venues: list[Venue] | None = None, papers: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.path = path
        self.spec = spec
        self.row_validator = row_validator
        self.vocabulary = vocabulary
        self.extra_venues = [] if extra_venues is None else extra_venues
        # The schema's ``papers:`` settings (paper verification), by their YAML keys.
        self.papers = {} if papers is None else papers

    # Equal and hashed by identity: one object per schema file.
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.spec.fields]


class _Compiled(Record):
    """What the cache keeps of one schema file: everything derived from the
    file alone (included vocabulary files are read on each run)."""

    __slots__ = ("name", "spec", "row_validator", "vocabulary", "includes", "venues", "parents", "papers")

    def __init__(
        self, name: str, spec: Spec, row_validator: SchemaValidator, vocabulary: Vocabulary | None,
        includes: tuple[str, ...], venues: list[Venue], parents: tuple[tuple[str, int, int], ...] = (),
        papers: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.spec = spec
        self.row_validator = row_validator
        # Validated with the schema file: read back from the cache, it needs no validator.
        self.vocabulary = vocabulary
        self.includes = includes
        self.venues = venues
        # The schemas it extends, each with its size and mtime when compiled:
        # a change to one makes this compilation stale.
        self.parents = parents
        # The schema's ``papers:`` settings (paper verification), by their YAML keys.
        self.papers = {} if papers is None else papers

    def parents_unchanged(self) -> bool:
        for name, size, mtime in self.parents:
            try:
                status = Path(name).stat()
            except OSError:
                return False
            if (status.st_size, status.st_mtime_ns) != (size, mtime):
                return False
        return True


def _format_location(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location) or "(top level)"


def _error_message(path: Path, error: Exception) -> str:
    from pydantic_core import ValidationError

    if isinstance(error, ValidationError):
        first = error.errors()[0]
        location = _format_location(tuple(part for part in first["loc"] if not str(part).startswith("function-")))
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            message = "required key is missing"
        elif first["type"] == "literal_error":
            from ..datamodel import did_you_mean

            expected = first.get("ctx", {}).get("expected", "")
            choices = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
            message = f"{first['input']!r} is not one of {expected}{did_you_mean(str(first['input']), choices)}"
        elif first["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            from ..datamodel import did_you_mean, keys_at
            from .model import SchemaFile

            known = keys_at(SchemaFile, tuple(first["loc"][:-1]))
            message = f"unknown key{did_you_mean(str(first['loc'][-1]), known, listing=True)}"
        more = len(error.errors()) - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        return f"{path}: schema key '{location}': {message}{suffix}"
    return f"{path}: {error}"


def load_schema(path: Path) -> Schema:
    return _load_schema_cached(path.resolve())


# Changes when the cached classes (_Compiled, compiled.py) change shape, or
# what loading checks (a schema cached before a check was added skips it).
_CACHE_FORMAT = "10"


def _compiled_cache_file(path: Path) -> Path:
    import pydantic_core  # needed anyway: the cached row validator is one of its objects

    from .. import __version__

    stat = path.stat()
    versions = f"{_CACHE_FORMAT}|{__version__}|{pydantic_core.__version__}"
    key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}|{versions}".encode()
    digest = cache_key_hash(key)
    digest.update(_pydantic_version_source())
    return cache_dir() / "schemas" / (digest.hexdigest() + ".pickle")


def _pydantic_version_source() -> bytes:
    """The text of pydantic's ``version.py``, which holds its version: a new
    pydantic means new bytes there. Reading it costs a file read; importing
    pydantic for ``pydantic.VERSION`` would cost 15 ms of every run that
    finds its schemas in the cache (which then never needs pydantic)."""
    # PathFinder, the finder of installed packages, rather than importlib.util.find_spec:
    # click has imported importlib.machinery already, while importlib.util would cost ~0.7 ms.
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("pydantic")
    for directory in (spec and spec.submodule_search_locations) or ():
        try:
            return (Path(directory) / "version.py").read_bytes()
        except OSError:
            continue
    import pydantic  # an unusual installation (a zip file, say): ask pydantic itself

    return pydantic.VERSION.encode()


def _compile_schema_file(path: Path) -> _Compiled:
    """Validate the file with pydantic and compile it, or read the result of
    an earlier run (same file, same versions) from the cache: validating the
    schema format and building the row model cost more start-up time than
    checking a small file, and a pre-commit hook starts on every commit."""
    import pickle

    cached = _compiled_cache_file(path)
    try:
        compiled = pickle.loads(read_cache_file(cached))
        if isinstance(compiled, _Compiled) and compiled.parents_unchanged():
            return compiled
    except Exception:  # a missing, stale or foreign cache file only costs speed
        pass
    # Read before pydantic is imported: a file that cannot be a schema fails fast.
    data = load_data_file(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a schema must be a mapping with a 'fields' list")
    parents: list[Path] = []
    if "extends" in data:
        from .extends import resolve_extends

        data, parents = resolve_extends(path, data)
    from pydantic import ValidationError

    from ..datamodel import bind_annotation_names
    from .compiled import compile_spec
    from .model import MisspeltKeyError, SchemaFile
    from .row_model import compile_row_validator

    bind_annotation_names()  # the vocabulary and venue entries are data-file dataclasses
    try:
        model = SchemaFile.model_validate(data)
    except (ValidationError, MisspeltKeyError) as error:
        raise ConfigError(_error_message(path, error)) from None
    name = model.name or path.stem
    spec = compile_spec(model)
    vocabulary = model.vocabulary
    compiled = _Compiled(
        name=name,
        spec=spec,
        row_validator=compile_row_validator(spec, name),
        vocabulary=vocabulary.to_vocabulary() if vocabulary else None,
        includes=tuple(vocabulary.include) if vocabulary else (),
        venues=[venue.to_venue() for venue in model.venues or []],
        parents=tuple((str(parent), *_stamp(parent)) for parent in parents),
        papers=model.papers.model_dump(by_alias=True) if model.papers else {},
    )
    try:
        store_cache_file(cached, pickle.dumps(compiled))
    except (pickle.PicklingError, TypeError, AttributeError):
        pass  # a validator that does not pickle is rebuilt next run
    return compiled


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


@lru_cache(maxsize=64)
def _load_schema_cached(path: Path) -> Schema:
    compiled = _compile_schema_file(path)
    vocabulary = compiled.vocabulary
    if vocabulary is not None:
        from ..naming.vocabulary_file import load_vocabulary

        for include in compiled.includes:
            vocabulary = vocabulary.merged(load_vocabulary(path.parent / include))
    return Schema(compiled.name, path, compiled.spec, compiled.row_validator, vocabulary, compiled.venues,
                  compiled.papers)


def _schema_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in SCHEMA_SUFFIXES and p.is_file())


# The keys of the data files that may sit beside schemas: vocabulary files
# (terms, substitutions) and the venue file.
_OTHER_DATA_KEYS = frozenset({"terms", "substitutions", "venues", "annotations", "statuses"})


def is_other_data_file(data: object) -> bool:
    """Whether a file's data is a vocabulary or venue file, never a schema:
    a list (of terms), or a mapping of their keys alone. A mapping with any
    other key is taken for a schema, so that a schema with a misspelt key is
    reported, not skipped. (Vocabulary files are best kept in a directory of
    their own, as the built-in ``vocabulary/``: schema-dirs are not searched
    below their top level.)"""
    return isinstance(data, list) or (isinstance(data, dict) and bool(data) and data.keys() <= _OTHER_DATA_KEYS)


class SchemaRegistry:
    """Every schema known to a run: built-ins, then the config's schema-dirs
    (a user schema with a built-in's name replaces it)."""

    def __init__(self, schema_dirs: list[Path] | tuple[Path, ...] = ()) -> None:
        self._paths: dict[str, Path] = {}
        builtin = builtin_schema_dir()
        for directory in (builtin, *schema_dirs):
            for path in _schema_files(directory):
                # The built-in venue file is no schema: known without reading its 400 venues.
                if directory == builtin and path.name == BUILTIN_VENUE_FILE:
                    continue
                if not is_other_data_file(load_data_file(path)):
                    self._paths[path.stem] = path

    def names(self) -> list[str]:
        return sorted(self._paths)

    def all(self) -> list[Schema]:
        return [self.get(name) for name in self.names()]

    def get(self, name_or_path: str) -> Schema:
        """A schema by name, or by path to a schema file."""
        candidate = Path(name_or_path)
        if candidate.suffix.lower() in SCHEMA_SUFFIXES or candidate.is_file():
            if not candidate.is_file():
                raise UnknownSchemaError(f"schema file '{name_or_path}' not found")
            return load_schema(candidate)
        if name_or_path in self._paths:
            return load_schema(self._paths[name_or_path])
        import difflib  # here: only an unknown schema name needs it

        close = difflib.get_close_matches(name_or_path, self.names(), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known schemas: {', '.join(self.names()) or 'none'}"
        raise UnknownSchemaError(f"unknown schema '{name_or_path}'{hint}")


@lru_cache(maxsize=32)
def registry_for(schema_dirs: tuple[Path, ...]) -> SchemaRegistry:
    return SchemaRegistry(schema_dirs)
