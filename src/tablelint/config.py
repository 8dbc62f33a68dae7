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
from typing import Any

from . import lazy_re
from .errors import ConfigError
from .parse.source import DEFAULT_MAX_FILE_SIZE
from .record import Record

CONFIG_FILES = ("tablelint.toml", "pyproject.toml")


class LinkSettings(Record):
    """The config's ``[links]`` table: how links are checked and their verdicts cached."""

    __slots__ = (
        "enabled", "timeout", "connect_timeout", "read_timeout", "concurrency", "per_host", "retries", "max_redirects",
        "max_retry_after", "accept", "not_dead", "exclude", "headers", "user_agent", "cache", "cache_path",
        "cache_ttl", "allow_private", "dns_probe", "dead_after", "show_unchecked", "proxy", "archive", "archive_url",
    )

    def __init__(
        self, enabled: bool = True, timeout: float = 10.0, connect_timeout: float = 5.0, read_timeout: float = 10.0,
        concurrency: int = 32, per_host: int = 8, retries: int = 2, max_redirects: int = 5,
        max_retry_after: float = 10.0, accept: list[int] | None = None, not_dead: list[int] | None = None,
        exclude: list[str] | None = None, headers: dict[str, str] | None = None, user_agent: str | None = None,
        cache: bool = True, cache_path: str | None = None, cache_ttl: float = 86400.0, allow_private: bool = False,
        dns_probe: str = "example.com", dead_after: float = 20.0, show_unchecked: bool = False,
        proxy: str | None = None, archive: bool = True, archive_url: str = "https://archive.org/wayback/available",
    ) -> None:
        self.enabled = enabled
        # Total time for one request (connect, send, headers), whatever the server trickles.
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.concurrency = concurrency
        self.per_host = per_host
        self.retries = retries
        self.max_redirects = max_redirects
        self.max_retry_after = max_retry_after
        self.accept = [] if accept is None else accept
        self.not_dead = [401, 403, 429] if not_dead is None else not_dead
        self.exclude = [] if exclude is None else exclude
        self.headers = {} if headers is None else headers
        self.user_agent = user_agent
        self.cache = cache
        self.cache_path = cache_path
        self.cache_ttl = cache_ttl
        self.allow_private = allow_private
        # Resolved when a link's host has no DNS entry and no other name resolved
        # in the run: only with DNS seen working is NXDOMAIN proof of a dead link.
        self.dns_probe = dns_probe
        # Seconds a 5xx answer must last, through retries, before the link is called dead.
        self.dead_after = dead_after
        # Under --offline, one diagnostic per unchecked link instead of a count in the summary.
        self.show_unchecked = show_unchecked
        # Every request through this proxy (NO_PROXY still applies); else the environment's.
        self.proxy = proxy
        # A dead link's fix: its closest copy from this availability API.
        self.archive = archive
        self.archive_url = archive_url


# Four weeks: a paper's record changes rarely (a preprint is published once),
# and a list of 2,000 papers re-asked every day would cost an hour of arXiv's
# one-request-every-three-seconds budget.
PAPER_CACHE_TTL = 28 * 86400.0
PAPER_SERVICES = ("dblp", "arxiv", "openalex")


class PaperSettings(Record):
    """How papers are verified. Off unless ``verify`` (or ``--verify-papers``):
    verification sends each row's title to third-party services."""

    __slots__ = (
        "verify", "services", "dblp_url", "arxiv_url", "openalex_url", "dblp_rate", "arxiv_rate", "openalex_rate",
        "dblp_concurrency", "arxiv_concurrency", "openalex_concurrency", "contact", "user_agent", "timeout",
        "retries", "max_retry_after", "cache", "cache_path", "cache_ttl", "allow_private", "title_threshold",
    )

    def __init__(
        self, verify: bool = False, services: list[str] | None = None, dblp_url: str = "https://dblp.org",
        arxiv_url: str = "https://export.arxiv.org", openalex_url: str = "https://api.openalex.org",
        dblp_rate: float = 1.0, arxiv_rate: float = 1 / 3, openalex_rate: float = 10.0,
        dblp_concurrency: int = 2, arxiv_concurrency: int = 1, openalex_concurrency: int = 4,
        contact: str = "", user_agent: str | None = None, timeout: float = 20.0, retries: int = 2,
        max_retry_after: float = 60.0, cache: bool = True, cache_path: str | None = None,
        cache_ttl: float = PAPER_CACHE_TTL, allow_private: bool = False, title_threshold: float = 0.1,
    ) -> None:
        self.verify = verify
        # Asked in this order; the last is the broad fallback.
        self.services = ["dblp", "arxiv", "openalex"] if services is None else services
        self.dblp_url = dblp_url
        self.arxiv_url = arxiv_url
        self.openalex_url = openalex_url
        # Requests per second. arXiv's terms ask for one every three seconds;
        # dblp asks for restraint without a number; OpenAlex allows ten.
        self.dblp_rate = dblp_rate
        self.arxiv_rate = arxiv_rate
        self.openalex_rate = openalex_rate
        # Requests in flight at once, per service.
        self.dblp_concurrency = dblp_concurrency
        self.arxiv_concurrency = arxiv_concurrency
        self.openalex_concurrency = openalex_concurrency
        # An e-mail address or URL for the User-Agent (and OpenAlex's mailto),
        # so that a service can reach whoever runs the check instead of blocking it.
        self.contact = contact
        self.user_agent = user_agent
        self.timeout = timeout
        self.retries = retries
        self.max_retry_after = max_retry_after
        self.cache = cache
        self.cache_path = cache_path
        self.cache_ttl = cache_ttl
        self.allow_private = allow_private
        # The largest edit distance between two normalised titles, as a
        # fraction of the longer one, at which they are still the same title.
        self.title_threshold = title_threshold


ALIGN_MODES = ("keep", "auto", "always", "never")
RAGGED_ALIGN_MODES = ("auto", "always", "never")


class FormatSettings(Record):
    """The config's ``[format]`` table: how ``tablelint format`` lays tables out."""

    __slots__ = ("align", "max_width", "diff_friendly", "ragged_align")

    def __init__(
        self, align: str = "keep", max_width: int = 120, diff_friendly: bool = False, ragged_align: str = "auto",
    ) -> None:
        # keep: an aligned table stays aligned, a compact one compact, and a
        # table that is neither follows ragged_align. auto | always | never: every table.
        self.align = align
        self.max_width = max_width  # auto: a table whose aligned lines would be wider goes compact
        # Pad every column but the last, so editing the last column's text
        # touches one line in a diff.
        self.diff_friendly = diff_friendly
        self.ragged_align = ragged_align  # auto | always | never


class Settings(Record):
    """The settings of one file: its config file's values, or the defaults."""

    __slots__ = (
        "select", "ignore", "extend_select", "per_file_ignores", "severity", "schema_dirs", "schemas", "placeholders",
        "vocabulary", "max_file_size", "links", "format", "papers", "root", "origin",
    )

    def __init__(
        self, select: list[str] | None = None, ignore: list[str] | None = None, extend_select: list[str] | None = None,
        per_file_ignores: dict[str, list[str]] | None = None, severity: dict[str, str] | None = None,
        schema_dirs: list[str] | None = None, schemas: dict[str, str] | None = None,
        placeholders: list[str] | None = None, vocabulary: dict[str, Any] | None = None,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE, links: LinkSettings | None = None,
        format: FormatSettings | None = None, papers: PaperSettings | None = None, root: Path | None = None,
        origin: str | None = None,
    ) -> None:
        self.select = select
        self.ignore = [] if ignore is None else ignore
        self.extend_select = [] if extend_select is None else extend_select
        self.per_file_ignores = {} if per_file_ignores is None else per_file_ignores
        self.severity = {} if severity is None else severity
        self.schema_dirs = [] if schema_dirs is None else schema_dirs
        self.schemas = {} if schemas is None else schemas
        self.placeholders = placeholders
        self.vocabulary = {} if vocabulary is None else vocabulary
        # Larger Markdown files are refused, not read (bytes; the config takes "50 MB" too).
        self.max_file_size = max_file_size
        self.links = LinkSettings() if links is None else links
        self.format = FormatSettings() if format is None else format
        self.papers = PaperSettings() if papers is None else papers
        # Where the config file lives; relative paths in it resolve from here.
        self.root = root
        self.origin = origin

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


_SECTIONS = {"links": LinkSettings, "format": FormatSettings, "papers": PaperSettings}
_FORMAT_MODES = {"align": ALIGN_MODES, "ragged-align": RAGGED_ALIGN_MODES}


def _known_keys(cls: type) -> list[str]:
    return [name.replace("_", "-") for name in cls.__slots__ if name not in ("root", "origin")]


def _suggest(key: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(sorted(known))}"


def _check_type(where: str, key: str, value: Any, default: Any) -> Any:
    expected: tuple[type, ...]
    if isinstance(default, bool):
        expected = (bool,)
    elif isinstance(default, float):
        expected = (int, float)
    elif isinstance(default, int):
        expected = (int,)
    elif isinstance(default, str):
        expected = (str,)
    elif isinstance(default, list) or (default is None and key in ("select", "placeholders")):
        expected = (list,)
    elif isinstance(default, dict):
        expected = (dict,)
    else:
        return value
    if not isinstance(value, expected) or (expected == (int,) and isinstance(value, bool)):
        names = " or ".join(kind.__name__ for kind in expected)
        raise ConfigError(f"{where}: '{key}' must be {names.replace('list', 'an array').replace('dict', 'a table')}, "
                         f"not {type(value).__name__}")
    strings_expected = isinstance(value, list) and key not in ("accept", "not-dead")
    if strings_expected and not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: '{key}' must be an array of strings")
    return float(value) if isinstance(default, float) else value


SEVERITIES = ("error", "warning", "info")
_SIZE = lazy_re.compile(r"\s*(\d+)\s*(B|KB|MB|GB)?\s*", re.IGNORECASE)
_SIZE_FACTORS = {"": 1, "b": 1, "kb": 2**10, "mb": 2**20, "gb": 2**30}


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    instance = cls()
    known = _known_keys(cls)
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown key '{key}'{_suggest(key, known)}")
        attribute = key.replace("-", "_")
        if key in _SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: '{key}' must be a table")
            value = _build(_SECTIONS[key], value, f"{where} [{key}]")
        elif key == "max-file-size":
            value = _file_size(where, value)
        else:
            value = _check_type(where, key, value, getattr(instance, attribute))
            _check_values(where, key, value)
            if cls is FormatSettings and key in _FORMAT_MODES and value not in _FORMAT_MODES[key]:
                raise ConfigError(f"{where}: '{key}' must be {', '.join(_FORMAT_MODES[key][:-1])} "
                                 f"or {_FORMAT_MODES[key][-1]}, not {value!r}")
        setattr(instance, attribute, value)
    return instance


def _check_values(where: str, key: str, value: Any) -> None:
    """The values inside the tables of Settings, which _check_type does not look into."""
    if key == "severity":
        for name, severity in value.items():
            if severity not in SEVERITIES:
                raise ConfigError(f"{where}: 'severity.{name}' must be error, warning or info, not {severity!r}")
    elif key == "per-file-ignores":
        for pattern, codes in value.items():
            if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
                raise ConfigError(f"{where}: 'per-file-ignores.\"{pattern}\"' must be an array of rule codes or names")
    elif key == "services" and where.endswith("[papers]"):
        unknown = [name for name in value if name not in PAPER_SERVICES]
        if unknown or not value:
            raise ConfigError(f"{where}: 'services' must list some of {', '.join(PAPER_SERVICES)}"
                              + (f", not {unknown[0]!r}" if unknown else ""))
    elif where.endswith("[papers]") and key.endswith(("-rate", "-concurrency", "threshold", "ttl", "timeout")) and (
            not value > 0):
        raise ConfigError(f"{where}: '{key}' must be greater than 0, not {value!r}")
    elif key == "schemas":
        for pattern, schema in value.items():
            if not isinstance(schema, str):
                raise ConfigError(f"{where}: 'schemas.\"{pattern}\"' must be a schema name or file, not {schema!r}")


def _file_size(where: str, value: Any) -> int:
    """``max-file-size``: a number of bytes, or a string such as "50 MB"
    (KB, MB and GB are powers of 1024)."""
    size = None
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    elif isinstance(value, str) and (found := _SIZE.fullmatch(value)):
        size = int(found.group(1)) * _SIZE_FACTORS[(found.group(2) or "").lower()]
    if size is None or size <= 0:
        raise ConfigError(
            f"{where}: 'max-file-size' must be a positive number of bytes or a size such as \"50 MB\", not {value!r}"
        )
    return size


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


def load_settings(path: Path) -> Settings:
    """Read one config file (pyproject.toml or tablelint.toml)."""
    data = _load_toml(path)
    where = str(path)
    if path.name == "pyproject.toml":
        data = _tablelint_table(path, data) or {}
        where = f"{path} [tool.tablelint]"
    settings = _build(Settings, data, where)
    settings.root = path.parent
    settings.origin = where
    return settings


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
    return _cached_settings(found) if found else Settings()
