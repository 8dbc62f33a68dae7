"""Configuration: ``[tool.tablelint]`` in pyproject.toml, or tablelint.toml.

The nearest file found searching upward from each checked file wins (like
ruff); ``--config FILE`` overrides the search. Keys are kebab-case. An unknown
key is an error that names the file and suggests the closest known key.
"""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field, PrivateAttr, field_validator

from . import lazy_re
from .datamodel import DataFileModel, one_line
from .source import DEFAULT_MAX_FILE_SIZE, ConfigError
from .vocabulary import VocabularyTable

CONFIG_FILES = ("tablelint.toml", "pyproject.toml")

PositiveSeconds = Annotated[float, Field(gt=0)]
Seconds = Annotated[float, Field(ge=0)]


class LinkSettings(DataFileModel):
    """The config's ``[links]`` table: how links are checked and their verdicts cached."""

    enabled: bool = Field(True, description="Check links at all (the link rules need it).")
    timeout: PositiveSeconds = Field(
        10.0, description="Seconds for one whole request (connect, send, headers), whatever the server trickles.")
    connect_timeout: PositiveSeconds = Field(5.0, description="Seconds to open a connection.")
    read_timeout: PositiveSeconds = Field(10.0, description="Seconds to wait for each read from a server.")
    concurrency: int = Field(32, ge=1, description="Requests in flight at once, over all hosts.")
    per_host: int = Field(8, ge=1, description="Requests in flight at once to one host.")
    retries: int = Field(2, ge=0, description="Retries of a request that failed in a way that may pass.")
    max_redirects: int = Field(5, ge=0, description="Redirects followed before a link is called broken.")
    max_retry_after: Seconds = Field(
        10.0, description="The longest Retry-After (seconds) a server may ask for and be waited for.")
    accept: list[int] = Field(default_factory=list, description="HTTP statuses that count as a live link.")
    not_dead: list[int] = Field(
        default_factory=lambda: [401, 403, 429],
        description="HTTP statuses that say nothing about the link (login walls, rate limits): never dead.")
    exclude: list[str] = Field(
        default_factory=list, description="Regular expressions: a URL that one matches is skipped.")
    headers: dict[str, str] = Field(default_factory=dict, description="Extra request headers, by name.")
    user_agent: str | None = Field(None, description="The User-Agent header; tablelint's own by default.")
    cache: bool = Field(True, description="Keep verdicts between runs.")
    cache_path: str | None = Field(
        None, description="The verdict cache file, relative to the config file; in the cache directory by default.")
    cache_ttl: Seconds = Field(86400.0, description="Seconds a cached verdict stays valid.")
    allow_private: bool = Field(
        False, description="Check URLs on private, loopback and link-local addresses (refused by default).")
    dns_probe: str = Field(
        "example.com",
        description="A host resolved when a link's host has no DNS entry and no other name resolved in the run: "
                    "only with DNS seen working is NXDOMAIN proof of a dead link.")
    dead_after: Seconds = Field(
        20.0, description="Seconds a 5xx answer must last, through retries, before the link is called dead.")
    show_unchecked: bool = Field(
        False, description="Under --offline, one diagnostic per unchecked link instead of a count in the summary.")

    @field_validator("exclude")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"{pattern!r} is not a valid regular expression ({error})") from None
        return patterns


AlignMode = Literal["keep", "auto", "always", "never"]
RaggedAlignMode = Literal["auto", "always", "never"]
ALIGN_MODES: tuple[str, ...] = get_args(AlignMode)
RAGGED_ALIGN_MODES: tuple[str, ...] = get_args(RaggedAlignMode)


class FormatSettings(DataFileModel):
    """The config's ``[format]`` table: how ``tablelint format`` lays tables out."""

    align: AlignMode = Field(
        "keep", description="keep: an aligned table stays aligned, a compact one compact, and a table that is "
                            "neither follows ragged-align. auto, always or never: every table.")
    max_width: int = Field(
        120, ge=0, description="Under auto, a table whose aligned lines would be wider than this many display "
                               "columns is made compact.")
    diff_friendly: bool = Field(
        False, description="Pad every column but the last, so that editing the last column's text changes "
                           "one line in a diff.")
    ragged_align: RaggedAlignMode = Field(
        "auto", description="How align = keep lays out a table that is neither aligned nor compact.")


SEVERITIES = ("error", "warning", "info", "off")
Severity = Literal["error", "warning", "info", "off"]
_SIZE = lazy_re.compile(r"\s*(\d+)\s*(B|KB|MB|GB)?\s*", re.IGNORECASE)
_SIZE_FACTORS = {"": 1, "b": 1, "kb": 2**10, "mb": 2**20, "gb": 2**30}


def _file_size(value: Any) -> Any:
    """``max-file-size``: a number of bytes, or a string such as "50 MB"
    (KB, MB and GB are powers of 1024)."""
    if isinstance(value, str) and (found := _SIZE.fullmatch(value)):
        return int(found.group(1)) * _SIZE_FACTORS[(found.group(2) or "").lower()]
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"must be a positive number of bytes or a size such as \"50 MB\", not {value!r}")


Selectors = list[str]
# Directories that hold other people's files or build output, never the user's
# tables, in .gitignore syntax (a trailing / matches a directory only).
DEFAULT_EXCLUDE = (
    ".*/", "node_modules/", "__pycache__/", "site-packages/", "venv/", ".venv/", "build/", "dist/",
)


class Settings(DataFileModel):
    """The settings of one file: its config file's values, or the defaults.
    ``[tool.tablelint]`` in pyproject.toml, or the top level of tablelint.toml."""

    select: Selectors | None = Field(
        None, description="The rules to run, by code (TL101), code prefix (TL1) or name (placeholder-row); "
                          "without it, the rules that are on by default.")
    ignore: Selectors = Field(default_factory=list, description="Rules not to run, written as in select.")
    extend_select: Selectors = Field(
        default_factory=list, description="Rules to run besides those of select (or the default ones).")
    per_file_ignores: dict[str, Selectors] = Field(
        default_factory=dict,
        description="Rules not to run on some files: a glob (relative to the config file, or a file name) "
                    "to a list of rules.")
    severity: dict[str, Severity] = Field(
        default_factory=dict,
        description="A rule's severity (error, warning or info), or off to disable it, by rule code, prefix or name.")
    schema_dirs: list[str] = Field(
        default_factory=list, description="Directories of schema files, relative to the config file.")
    schemas: dict[str, str] = Field(
        default_factory=dict, description="The schema of the tables in some files: a glob to a schema name or file.")
    placeholders: list[str] | None = Field(
        None, description="Cell texts that stand for a missing value (NULL, TBD); a built-in list by default.")
    vocabulary: VocabularyTable | None = Field(
        None, description="Terms and substitutions for the naming rules, added to the schemas' vocabularies.")
    max_file_size: Annotated[int, BeforeValidator(_file_size), Field(gt=0)] = Field(
        DEFAULT_MAX_FILE_SIZE,
        description="Larger Markdown files are refused, not read: bytes, or a size such as \"50 MB\".")
    exclude: list[str] = Field(
        default_factory=lambda: list(DEFAULT_EXCLUDE),
        description="Files and directories a directory's search leaves out: .gitignore patterns, relative to the "
                    "config file. Setting it replaces the default list (hidden directories, node_modules, "
                    "virtual environments, build output); extend-exclude adds to it.")
    extend_exclude: list[str] = Field(
        default_factory=list, description="Patterns left out besides those of exclude (the same .gitignore syntax).")
    respect_gitignore: bool = Field(
        True, description="Leave out what .gitignore files and .git/info/exclude ignore.")
    force_exclude: bool = Field(
        False, description="Apply exclude and extend-exclude to files named on the command line too (as pre-commit "
                           "names them), not only to what a directory's search finds.")
    links: LinkSettings = Field(
        default_factory=lambda: LinkSettings.model_construct(), description="How links are checked.")
    format: FormatSettings = Field(
        default_factory=lambda: FormatSettings.model_construct(), description="How tablelint format lays tables out.")

    # Where the config file lives (relative paths in it resolve from here), and how errors name it.
    _root: Path | None = PrivateAttr(None)
    _origin: str | None = PrivateAttr(None)

    @property
    def root(self) -> Path | None:
        return self._root

    @property
    def origin(self) -> str | None:
        return self._origin

    @field_validator("exclude", "extend_exclude")
    @classmethod
    def _gitignore_patterns(cls, patterns: list[str]) -> list[str]:
        import pathspec

        for pattern in patterns:
            try:
                pathspec.GitIgnoreSpec.from_lines([pattern])
            except (ValueError, TypeError) as error:
                raise ValueError(f"{pattern!r} is not a valid .gitignore pattern ({error})") from None
        return patterns

    def ignored_for(self, path: str) -> list[str]:
        """Codes ignored for ``path`` by per-file-ignores globs."""
        codes: list[str] = []
        relative = _relative_to(path, self.root)
        for pattern, ignored in self.per_file_ignores.items():
            if _glob_match(relative, pattern):
                codes.extend(ignored)
        return codes

    def schema_for(self, path: str) -> str | None:
        relative = _relative_to(path, self.root)
        for pattern, schema in self.schemas.items():
            if _glob_match(relative, pattern):
                return schema
        return None


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    """The settings of a file no config file covers. Built without
    validation: the defaults are valid, and building the validator costs
    start-up time that a project without config should not pay."""
    return Settings.model_construct()


def validated_settings(data: dict[str, Any], where: str, root: Path | None = None) -> Settings:
    """Settings from a config table as parsed; ConfigError naming ``where``
    and the key on bad input."""
    from pydantic import ValidationError

    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        raise ConfigError(one_line(where, error, Settings)) from None
    settings._root = root
    settings._origin = where
    return settings


def _relative_to(path: str, root: Path | None) -> str:
    candidate = Path(path)
    if root is not None:
        try:
            return candidate.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return PurePosixPath(candidate.as_posix()).as_posix()


def _glob_match(path: str, pattern: str) -> bool:
    return fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern)


def _load_toml(path: Path) -> dict[str, Any]:
    """The parsed file, or ConfigError with a one-line reason. A file parsed
    before, unchanged since (same size and modification time), is read from
    the parse cache (datafiles.py) instead: importing tomllib and parsing a
    pyproject.toml cost ~4 ms of every run."""
    from .datafiles import check_data_limits, parsed_cache_file, read_data_file, read_parsed, store_parsed

    try:
        cached = parsed_cache_file(path, path.stat())
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except OSError as error:
        from .source import describe_os_error

        raise ConfigError(f"{path}: {describe_os_error(error)}") from None
    try:
        data = read_parsed(cached)
        if isinstance(data, dict):
            return data
    except (OSError, ValueError):
        pass
    text = read_data_file(path)
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:  # tomllib reads nested arrays and inline tables recursively
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nested too deeply") from None
    check_data_limits(path, data)
    store_parsed(cached, data)  # not stored if it holds a TOML date: parsed again next time
    return data


# The modules whose models validate a config file: the cached settings are
# built again when one of them changes.
_MODEL_MODULES = (__name__, "tablelint.datamodel", "tablelint.vocabulary")


def load_settings(path: Path) -> Settings:
    """Read one config file (pyproject.toml or tablelint.toml), or what an
    earlier run read from it, unchanged since, from the cache directory."""
    from .datafiles import validated_from_cache

    return validated_from_cache("config", path, _MODEL_MODULES, lambda: _validated_file(path), Settings)


def _validated_file(path: Path) -> Settings:
    data = _load_toml(path)
    where = str(path)
    if path.name == "pyproject.toml":
        data = _tablelint_table(path, data) or {}
        where = f"{path} [tool.tablelint]"
    return validated_settings(data, where, path.parent)


def _tablelint_table(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    tool = data.get("tool", {})
    section = tool.get("tablelint") if isinstance(tool, dict) else None
    if section is not None and not isinstance(section, dict):
        raise ConfigError(f"{path}: 'tool.tablelint' must be a table")
    return section


def _has_tablelint_config(path: Path) -> bool:
    """Whether ``path`` configures tablelint. A pyproject.toml that cannot
    be read or parsed is an error, not a file without settings: its
    [tool.tablelint] table, if it has one, would be silently ignored."""
    if path.name != "pyproject.toml":
        return True
    return _tablelint_table(path, _load_toml(path)) is not None


@lru_cache(maxsize=256)
def find_config(directory: Path) -> Path | None:
    """The nearest tablelint.toml, or pyproject.toml with [tool.tablelint],
    in ``directory`` or above it."""
    for candidate_dir in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if candidate.is_file() and _has_tablelint_config(candidate):
                return candidate
    return None


@lru_cache(maxsize=64)
def _cached_settings(path: Path) -> Settings:
    return load_settings(path)


def settings_for(file_path: str, explicit: Path | None = None) -> Settings:
    if explicit is not None:
        return _cached_settings(explicit.resolve())
    directory = Path.cwd() if file_path == "-" else Path(file_path).resolve().parent
    found = find_config(directory)
    return _cached_settings(found) if found else default_settings()
