"""Configuration: ``[tool.tablelint]`` in pyproject.toml, or tablelint.toml.

The nearest file found searching upward from each checked file wins (like
ruff); ``--config FILE`` overrides the search; every command finds it with
``settings_for_directory``. Keys are kebab-case. An unknown key is an error
that names the file and suggests the closest known key.

The dataclasses below are the config file's format, the one place each key's
type, default and description is written (datamodel.py explains how pydantic
validates them; ``datamodel.json_schema(Settings)`` is the JSON Schema). A
new key is one field here. Whether a rule named in the config exists is
checked where the rules are loaded (``lint.selected_rules``).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from . import lazy_re
from .datamodel import DataFileRecord, data_file, validate
from .errors import ConfigError
from .parse.source import DEFAULT_MAX_FILE_SIZE
from .vocabulary import VocabularyTable

if TYPE_CHECKING:  # bound when a file is validated (datamodel.py)
    from pydantic import AfterValidator, BeforeValidator, Field, StrictBool, StrictFloat, StrictInt, StrictStr
    from pydantic.json_schema import SkipJsonSchema

CONFIG_FILES = ("tablelint.toml", "pyproject.toml")


class _Table(DataFileRecord):
    """A table of the config file (see datamodel.py)."""


def _valid_patterns(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"{pattern!r} is not a valid regular expression ({error})") from None
    return patterns


@data_file
class LinkSettings(_Table):
    """The config's ``[links]`` table: how links are checked and their verdicts cached."""

    enabled: Annotated[StrictBool, Field(description="Check links at all (the link rules need it).")] = True
    timeout: Annotated[StrictFloat, Field(gt=0, description=(
        "Seconds for one whole request (connect, send, headers), whatever the server trickles."))] = 10.0
    connect_timeout: Annotated[StrictFloat, Field(gt=0, description="Seconds to open a connection.")] = 5.0
    read_timeout: Annotated[StrictFloat, Field(gt=0, description=(
        "Seconds to wait for each read from a server."))] = 10.0
    concurrency: Annotated[StrictInt, Field(ge=1, description="Requests in flight at once, over all hosts.")] = 32
    per_host: Annotated[StrictInt, Field(ge=1, description="Requests in flight at once to one host.")] = 8
    retries: Annotated[StrictInt, Field(ge=0, description=(
        "Retries of a request that failed in a way that may pass."))] = 2
    max_redirects: Annotated[StrictInt, Field(ge=0, description=(
        "Redirects followed before a link is called broken."))] = 5
    max_retry_after: Annotated[StrictFloat, Field(ge=0, description=(
        "The longest Retry-After (seconds) a server may ask for and be waited for."))] = 10.0
    accept: Annotated[list[StrictInt], Field(description="HTTP statuses that count as a live link.")] = field(
        default_factory=list)
    not_dead: Annotated[list[StrictInt], Field(description=(
        "HTTP statuses that say nothing about the link (login walls, rate limits): never dead."))] = field(
        default_factory=lambda: [401, 403, 429])
    exclude: Annotated[list[StrictStr], AfterValidator(_valid_patterns), Field(description=(
        "Regular expressions: a URL that one matches is skipped."))] = field(default_factory=list)
    headers: Annotated[dict[StrictStr, StrictStr], Field(description="Extra request headers, by name.")] = field(
        default_factory=dict)
    user_agent: Annotated[StrictStr | None, Field(description=(
        "The User-Agent header; tablelint's own by default."))] = None
    cache: Annotated[StrictBool, Field(description="Keep verdicts between runs.")] = True
    cache_path: Annotated[StrictStr | None, Field(description=(
        "The verdict cache file, relative to the config file; in the cache directory by default."))] = None
    cache_ttl: Annotated[StrictFloat, Field(ge=0, description="Seconds a cached verdict stays valid.")] = 86400.0
    allow_private: Annotated[StrictBool, Field(description=(
        "Check URLs on private, loopback and link-local addresses (refused by default)."))] = False
    dns_probe: Annotated[StrictStr, Field(description=(
        "A host resolved when a link's host has no DNS entry and no other name resolved in the run: "
        "only with DNS seen working is NXDOMAIN proof of a dead link."))] = "example.com"
    dead_after: Annotated[StrictFloat, Field(ge=0, description=(
        "Seconds a 5xx answer must last, through retries, before the link is called dead."))] = 20.0
    show_unchecked: Annotated[StrictBool, Field(description=(
        "Under --offline, one diagnostic per unchecked link instead of a count in the summary."))] = False
    proxy: Annotated[StrictStr | None, Field(description=(
        "Every request through this proxy (an http:// or https:// URL; NO_PROXY still applies); else "
        "HTTP_PROXY, HTTPS_PROXY and ALL_PROXY from the environment."))] = None
    archive: Annotated[StrictBool, Field(description=(
        "For a dead link, offer its closest copy in the Internet Archive as an unsafe fix."))] = True
    archive_url: Annotated[StrictStr, Field(description=(
        "The availability API asked for archived copies."))] = "https://archive.org/wayback/available"


# Four weeks: a paper's record changes rarely (a preprint is published once),
# and a list of 2,000 papers re-asked every day would cost an hour of arXiv's
# one-request-every-three-seconds budget.
PAPER_CACHE_TTL = 28 * 86400.0
PAPER_SERVICES = ("dblp", "arxiv", "openalex")


def _known_services(services: list[str]) -> list[str]:
    unknown = [name for name in services if name not in PAPER_SERVICES]
    if unknown or not services:
        listed = f", not {unknown[0]!r}" if unknown else ""
        raise ValueError(f"must list some of {', '.join(PAPER_SERVICES)}{listed}")
    return services


@data_file
class PaperSettings(_Table):
    """How papers are verified. Off unless ``verify`` (or ``--verify-papers``):
    verification sends each row's title to third-party services."""

    verify: Annotated[StrictBool, Field(description=(
        "Check paper lists against dblp, arXiv and OpenAlex (sends their titles to those services)."))] = False
    services: Annotated[list[StrictStr], AfterValidator(_known_services), Field(description=(
        "The services asked, in this order; the last is the broad fallback."))] = field(
        default_factory=lambda: list(PAPER_SERVICES))
    dblp_url: Annotated[StrictStr, Field(description="dblp's base URL.")] = "https://dblp.org"
    arxiv_url: Annotated[StrictStr, Field(description="arXiv's API base URL.")] = "https://export.arxiv.org"
    openalex_url: Annotated[StrictStr, Field(description="OpenAlex's API base URL.")] = "https://api.openalex.org"
    dblp_rate: Annotated[StrictFloat, Field(gt=0, description=(
        "Requests per second to dblp (it asks for restraint without a number)."))] = 1.0
    arxiv_rate: Annotated[StrictFloat, Field(gt=0, description=(
        "Requests per second to arXiv (its terms ask for one every three seconds)."))] = 1 / 3
    openalex_rate: Annotated[StrictFloat, Field(gt=0, description=(
        "Requests per second to OpenAlex (it allows ten)."))] = 10.0
    dblp_concurrency: Annotated[StrictInt, Field(gt=0, description="Requests in flight at once to dblp.")] = 2
    arxiv_concurrency: Annotated[StrictInt, Field(gt=0, description="Requests in flight at once to arXiv.")] = 1
    openalex_concurrency: Annotated[StrictInt, Field(gt=0, description=(
        "Requests in flight at once to OpenAlex."))] = 4
    contact: Annotated[StrictStr, Field(description=(
        "An e-mail address or URL for the User-Agent (and OpenAlex's mailto), so that a service can reach "
        "whoever runs the check instead of blocking it."))] = ""
    user_agent: Annotated[StrictStr | None, Field(description=(
        "The User-Agent header; tablelint's own, with the contact, by default."))] = None
    timeout: Annotated[StrictFloat, Field(gt=0, description="Seconds for one request.")] = 20.0
    retries: Annotated[StrictInt, Field(ge=0, description=(
        "Retries of a request that failed in a way that may pass."))] = 2
    max_retry_after: Annotated[StrictFloat, Field(ge=0, description=(
        "The longest Retry-After (seconds) a service may ask for and be waited for."))] = 60.0
    cache: Annotated[StrictBool, Field(description="Keep the services' answers between runs.")] = True
    cache_path: Annotated[StrictStr | None, Field(description=(
        "The answer cache file, relative to the config file; in the cache directory by default."))] = None
    cache_ttl: Annotated[StrictFloat, Field(gt=0, description=(
        "Seconds a cached answer stays valid (four weeks by default)."))] = PAPER_CACHE_TTL
    allow_private: Annotated[StrictBool, Field(description=(
        "Allow services on private, loopback and link-local addresses (refused by default)."))] = False
    title_threshold: Annotated[StrictFloat, Field(gt=0, description=(
        "The largest edit distance between two normalised titles, as a fraction of the longer one, at which "
        "they are still the same title."))] = 0.1


AlignMode = Literal["keep", "auto", "always", "never"]
RaggedAlignMode = Literal["auto", "always", "never"]
ALIGN_MODES: tuple[str, ...] = get_args(AlignMode)
RAGGED_ALIGN_MODES: tuple[str, ...] = get_args(RaggedAlignMode)


@data_file
class FormatSettings(_Table):
    """The config's ``[format]`` table: how ``tablelint format`` lays tables out."""

    align: Annotated[AlignMode, Field(description=(
        "keep: an aligned table stays aligned, a compact one compact, and a table that is neither follows "
        "ragged-align. auto, always or never: every table."))] = "keep"
    max_width: Annotated[StrictInt, Field(ge=0, description=(
        "Under auto, a table whose aligned lines would be wider than this many display columns is made "
        "compact."))] = 120
    diff_friendly: Annotated[StrictBool, Field(description=(
        "Pad every column but the last, so that editing the last column's text changes one line in a "
        "diff."))] = False
    ragged_align: Annotated[RaggedAlignMode, Field(description=(
        "How align = keep lays out a table that is neither aligned nor compact."))] = "auto"


Severity = Literal["error", "warning", "info", "off"]
_SIZE = lazy_re.compile(r"\s*(\d+)\s*(B|KB|MB|GB)?\s*", re.IGNORECASE)
_SIZE_FACTORS = {"": 1, "b": 1, "kb": 2**10, "mb": 2**20, "gb": 2**30}


def parse_file_size(value: Any) -> Any:
    """``max-file-size``: a number of bytes, or a string such as "50 MB"
    (KB, MB and GB are powers of 1024)."""
    if isinstance(value, str) and (found := _SIZE.fullmatch(value)):
        return int(found.group(1)) * _SIZE_FACTORS[(found.group(2) or "").lower()]
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"must be a positive number of bytes or a size such as \"50 MB\", not {value!r}")


# Directories that hold other people's files or build output, never the user's
# tables, in .gitignore syntax (a trailing / matches a directory only).
DEFAULT_EXCLUDE = (
    ".*/", "node_modules/", "__pycache__/", "site-packages/", "venv/", ".venv/", "build/", "dist/",
)


def _valid_gitignore_patterns(patterns: list[str]) -> list[str]:
    import pathspec

    for pattern in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except (ValueError, TypeError) as error:
            raise ValueError(f"{pattern!r} is not a valid .gitignore pattern ({error})") from None
    return patterns


@data_file
class Settings(_Table):
    """The settings of one file: its config file's values, or the defaults.
    ``[tool.tablelint]`` in pyproject.toml, or the top level of tablelint.toml."""

    select: Annotated[list[StrictStr] | None, Field(description=(
        "The rules to run, by code (TL101), code prefix (TL1) or name (placeholder-row); without it, the "
        "rules that are on by default."))] = None
    ignore: Annotated[list[StrictStr], Field(description="Rules not to run, written as in select.")] = field(
        default_factory=list)
    extend_select: Annotated[list[StrictStr], Field(description=(
        "Rules to run besides those of select (or the default ones)."))] = field(default_factory=list)
    per_file_ignores: Annotated[dict[StrictStr, list[StrictStr]], Field(description=(
        "Rules not to run on some files: a glob (relative to the config file, or a file name) to a list of "
        "rules."))] = field(default_factory=dict)
    severity: Annotated[dict[StrictStr, Severity], Field(description=(
        "A rule's severity (error, warning or info), or off to disable it, by rule code, prefix or "
        "name."))] = field(default_factory=dict)
    schema_dirs: Annotated[list[StrictStr], Field(description=(
        "Directories of schema files, relative to the config file."))] = field(default_factory=list)
    schemas: Annotated[dict[StrictStr, StrictStr], Field(description=(
        "The schema of the tables in some files: a glob to a schema name or file."))] = field(default_factory=dict)
    placeholders: Annotated[list[StrictStr] | None, Field(description=(
        "Cell texts that stand for a missing value (NULL, TBD); a built-in list by default."))] = None
    vocabulary: Annotated[VocabularyTable | None, Field(description=(
        "Terms and substitutions for the naming rules, added to the schemas' vocabularies."))] = None
    max_file_size: Annotated[StrictInt, BeforeValidator(parse_file_size), Field(gt=0, description=(
        "Larger Markdown files are refused, not read: bytes, or a size such as \"50 MB\"."))] = (
        DEFAULT_MAX_FILE_SIZE)
    exclude: Annotated[list[StrictStr], AfterValidator(_valid_gitignore_patterns), Field(description=(
        "Files and directories a directory's search leaves out: .gitignore patterns, relative to the config "
        "file. Setting it replaces the default list (hidden directories, node_modules, virtual environments, "
        "build output); extend-exclude adds to it."))] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: Annotated[list[StrictStr], AfterValidator(_valid_gitignore_patterns), Field(description=(
        "Patterns left out besides those of exclude (the same .gitignore syntax)."))] = field(default_factory=list)
    respect_gitignore: Annotated[StrictBool, Field(description=(
        "Leave out what .gitignore files and .git/info/exclude ignore."))] = True
    force_exclude: Annotated[StrictBool, Field(description=(
        "Apply exclude and extend-exclude to files named on the command line too (as pre-commit names them), "
        "not only to what a directory's search finds."))] = False
    links: Annotated[LinkSettings, Field(description="How links are checked.")] = field(default_factory=LinkSettings)
    format: Annotated[FormatSettings, Field(description="How tablelint format lays tables out.")] = field(
        default_factory=FormatSettings)
    papers: Annotated[PaperSettings, Field(description="How paper lists are checked against the literature.")] = (
        field(default_factory=PaperSettings))
    # Not keys of the file: where it lives (relative paths in it resolve
    # from here), and how errors name it.
    root: SkipJsonSchema[Path | None] = field(default=None, init=False, compare=False)
    origin: SkipJsonSchema[str | None] = field(default=None, init=False, compare=False)

    def ignored_for(self, path: str) -> list[str]:
        """Codes ignored for ``path`` by per-file-ignores globs."""
        codes: list[str] = []
        if not self.per_file_ignores:  # most configs have none: resolve no path for them
            return codes
        relative = _relative_to(path, self.root)
        for pattern, ignored in self.per_file_ignores.items():
            if _glob_match(relative, pattern):
                codes.extend(ignored)
        return codes

    def schema_directories(self) -> tuple[Path, ...]:
        """``schema-dirs``, resolved from the config file's directory."""
        root = self.root or Path.cwd()
        return tuple((root / directory).resolve() for directory in self.schema_dirs)

    def schema_for(self, path: str) -> str | None:
        if not self.schemas:
            return None
        relative = _relative_to(path, self.root)
        for pattern, schema in self.schemas.items():
            if _glob_match(relative, pattern):
                return schema
        return None


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    """The settings of a file no config file covers."""
    return Settings()


def validated_settings(data: Any, where: str, root: Path | None = None) -> Settings:
    """Settings from a config table as parsed; ConfigError naming ``where``
    and the key on bad input."""
    settings = validate(Settings, data, where, ConfigError)
    settings.root = root
    settings.origin = where
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
    pyproject.toml cost time on every run."""
    from .datafiles import check_data_limits, parsed_cache_file, read_data_file, read_parsed, store_parsed

    try:
        cached = parsed_cache_file(path, path.stat())
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except OSError as error:
        from .parse.source import describe_os_error

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
    in ``directory`` or above it. Remembered per directory for the life of
    the process (a run of 2,000 files would otherwise look for config files
    in the same directories thousands of times); the settings read from the
    file found are read again when it changes."""
    for candidate_dir in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if candidate.is_file() and _has_tablelint_config(candidate):
                return candidate
    return None


def _cached_settings(path: Path) -> Settings:
    try:
        status = path.stat()
    except OSError:
        return load_settings(path)  # which says what is wrong
    return _settings_of(path, status.st_size, status.st_mtime_ns)


@lru_cache(maxsize=64)
def _settings_of(path: Path, size: int, mtime: int) -> Settings:
    return load_settings(path)


def settings_for(file_path: str, explicit: Path | None = None) -> Settings:
    """The settings of one file: ``explicit`` (--config), or the nearest
    config file above the file (above the working directory for ``-``)."""
    if explicit is not None:
        return _cached_settings(explicit.resolve())
    # Both are resolved already: the working directory has no symbolic links.
    directory = Path.cwd() if file_path == "-" else Path(file_path).resolve().parent
    return _settings_in(directory)


def settings_for_directory(directory: Path, explicit: Path | None = None) -> Settings:
    """The settings that apply in ``directory``: ``explicit``, or the nearest
    config file in it or above it. Every command finds its config here; a
    command about the project rather than a file (``schemas``, ``schema``)
    passes the working directory."""
    if explicit is not None:
        return _cached_settings(explicit.resolve())
    return _settings_in(directory.resolve())


def _settings_in(directory: Path) -> Settings:
    """The settings of the nearest config file in the resolved ``directory`` or above it."""
    found = find_config(directory)
    return _cached_settings(found) if found else default_settings()
