"""tablelint's public API: text in, values out.

Every function here takes Markdown as a string and returns values: it prints
nothing, exits nothing and keeps no state between calls (the caches on disk
aside, which only make a second call faster). ``path`` names the text: it is
the path diagnostics carry, and the config file, the schema globs and the
per-file ignores that apply are those of that path, whether or not a file
exists there. The command line is a layer over these functions.

>>> import tablelint
>>> report = tablelint.lint("| a | b |\\n| - | - |\\n| x | 1 |\\n| NULL | NULL |\\n", path="x.md")
>>> print(report)  # doctest: +ELLIPSIS
x.md:4:1: TL101 placeholder-row: row 2 holds only placeholders ('NULL'): ... [~]
>>> print(tablelint.format("|a|b|\\n|-|-|\\n|1|2|\\n", align="always"), end="")
| a   | b   |
| --- | --- |
| 1   | 2   |
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from .config import Settings, load_settings, settings_for
from .diagnostics import Diagnostic, Severity
from .engine.results import FileReport as Report
from .engine.results import RunOptions
from .errors import InputError
from .parse.source import Source
from .record import Record

__all__ = [
    "CellInfo",
    "Diagnostic",
    "FixResult",
    "LinkMode",
    "Report",
    "RuleInfo",
    "Severity",
    "TableData",
    "cell_at",
    "check_paths",
    "clear_caches",
    "extract",
    "fix",
    "format",
    "infer_schema",
    "lint",
    "list_rules",
    "load_config",
    "load_schema",
]

LinkMode = Literal["offline", "online", "off"]
"""How links are checked: ``offline`` uses only verdicts an earlier online
run cached (the default: a library call never waits on the network),
``online`` checks them over the network, ``off`` skips the link rules."""

_DEFAULT_PATH = "<string>"


def _options(
    *, config: str | Path | None, schema: str | None, select: Iterable[str] | None, ignore: Iterable[str] | None,
    extend_select: Iterable[str] | None, links: LinkMode, allow_private_links: bool = False,
    no_cache: bool = False, show_unchecked: bool = False, verify_papers: bool | None = None,
    no_archive: bool = False,
) -> RunOptions:
    if links not in ("offline", "online", "off"):
        raise ValueError(f"links must be 'offline', 'online' or 'off', not {links!r}")
    options = RunOptions(
        select=list(select) if select is not None else None,
        ignore=list(ignore or ()),
        extend_select=list(extend_select or ()),
        schema=schema,
        config=Path(config) if config is not None else None,
        offline=links != "online",
        check_links=links != "off",
        allow_private_links=allow_private_links,
        no_cache=no_cache,
        show_unchecked=show_unchecked,
        verify_papers=verify_papers,
        no_archive=no_archive,
    )
    _check_selectors(options)
    return options


def _check_selectors(options: RunOptions) -> None:
    problem = first_unknown_selector(options.select or [], options.ignore, options.extend_select)
    if problem:
        raise InputError(problem)


def first_unknown_selector(select: Iterable[str], ignore: Iterable[str], extend_select: Iterable[str] = (),
                           option_names: tuple[str, str, str] = ("select", "ignore", "extend_select")) -> str | None:
    """The message for the first selector that names no rule, written with
    the option it came from (``option_names``: the command line's differ), or None."""
    select_name, ignore_name, extend_select_name = option_names
    selectors = [*((select_name, s) for s in select), *((ignore_name, s) for s in ignore),
                 *((extend_select_name, s) for s in extend_select)]
    if not selectors:
        return None  # importing the rules only to check nothing would slow every plain run
    from .rules import unknown_selector

    for option, selector in selectors:
        problem = unknown_selector(selector, option)
        if problem:
            return problem
    return None


def lint(
    text: str, *, path: str = _DEFAULT_PATH, config: str | Path | None = None, schema: str | None = None,
    select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None, links: LinkMode = "offline", allow_private_links: bool = False,
    verify_papers: bool | None = None,
) -> Report:
    """Check the tables of ``text`` and return every problem found.

    ``select``, ``ignore`` and ``extend_select`` take rule codes, names or
    prefixes, as the command line does; ``schema`` binds every table to one
    schema (a name or a file). The report's ``diagnostics`` carry their fixes,
    ``bindings`` say which schema bound each table and how, and
    ``link_stats`` what the link check did (None when no link was checked).
    ``verify_papers`` looks the rows of paper lists up in bibliographic
    services (None: the config's ``[papers] verify`` decides); offline, only
    answers an earlier online check cached are used.
    Raises ``ConfigError`` for a config or schema that cannot be used.

    >>> report = lint("| name | year |\\n| --- | --- |\\n| a | 2020 |\\n| a | 2020 |\\n", path="x.md")
    >>> [(d.line, d.code, d.name) for d in report.diagnostics]
    [(4, 'TL203', 'duplicate-row')]
    """
    from .engine.finish import finish
    from .engine.lint import lint_source

    options = _options(config=config, schema=schema, select=select, ignore=ignore, extend_select=extend_select,
                       links=links, allow_private_links=allow_private_links, verify_papers=verify_papers)
    report = lint_source(Source(path, text), options)
    finish([report], options)
    return report


def check_paths(
    paths: Sequence[str], *, config: str | Path | None = None, schema: str | None = None,
    select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None, links: LinkMode = "online", allow_private_links: bool = False,
    no_cache: bool = False, show_unchecked: bool = False, stdin_filename: str | None = None,
    progress: Any = None, verify_papers: bool | None = None, no_archive: bool = False,
    files_only: bool = False,
) -> list[Report]:
    """Check files and directories (the Markdown files under them that the
    config's exclude, extend-exclude and .gitignore leave), as ``tablelint
    check`` does: many files in a pool of processes, results cached per file,
    links checked once for the whole run. ``-`` reads standard input (named
    ``stdin_filename`` in reports and for config). A path that cannot be
    read gives a report whose ``error`` says why; ``progress(done, total)``
    is called while links are checked. With ``files_only``, ``paths`` are
    files already chosen (no search, no exclusion)."""
    from .engine.files import check_files
    from .engine.paths import collect_paths

    options = _options(config=config, schema=schema, select=select, ignore=ignore, extend_select=extend_select,
                       links=links, allow_private_links=allow_private_links, no_cache=no_cache,
                       show_unchecked=show_unchecked, verify_papers=verify_papers, no_archive=no_archive)
    options.progress = progress
    if files_only:
        files, errors = list(paths), list[str]()
    else:
        from .engine.file_selection import SelectionOptions

        files, errors = collect_paths(list(paths), SelectionOptions(config=options.config))
    reports = [Report(error.partition(": ")[0], error=error) for error in errors]
    return reports + check_files(files, options, stdin_filename=stdin_filename)


class FixResult(Record):
    """What ``fix`` did to one text: the new ``text``, the fixes ``applied``
    (their diagnostics), those the safety check ``rejected`` (each says which
    line it would have broken) and the problems that ``remaining``."""

    __slots__ = ("text", "applied", "rejected", "remaining", "original")

    def __init__(self, text: str, applied: list[Diagnostic], rejected: list[Any], remaining: list[Diagnostic],
                 original: str) -> None:
        self.text = text
        self.applied = applied
        self.rejected = rejected
        self.remaining = remaining
        self.original = original

    @property
    def changed(self) -> bool:
        return self.text != self.original


def fix(
    text: str, *, path: str = _DEFAULT_PATH, unsafe: bool = False, config: str | Path | None = None,
    schema: str | None = None, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
    links: LinkMode = "offline", allow_private_links: bool = False, no_cache: bool = False,
    show_unchecked: bool = False, no_archive: bool = False, verify_papers: bool | None = None,
) -> FixResult:
    """Apply the fixes for the problems in ``text`` (the safe ones, and with
    ``unsafe`` those that may change meaning). The result is parsed again
    after each round: a fix that would change a cell it does not target is
    rejected, and the others are applied. ``links`` as for ``lint``: with
    ``online``, a redirect or a dead link found now can be fixed (to the new
    URL, or with ``unsafe`` to an archived copy).

    >>> result = fix("| a | b |\\n|---|---|\\n| x | 1 |\\n| NULL | NULL |\\n", path="x.md", unsafe=True)
    >>> print(result.text, end="")
    | a | b |
    |---|---|
    | x | 1 |
    >>> [d.name for d in result.applied]
    ['placeholder-row']
    """
    from .rewrite.fix import fix_source

    options = _options(config=config, schema=schema, select=select, ignore=ignore, extend_select=None,
                       links=links, allow_private_links=allow_private_links, no_cache=no_cache,
                       show_unchecked=show_unchecked, no_archive=no_archive, verify_papers=verify_papers)
    outcome = fix_source(Source(path, text), options, unsafe=unsafe)
    remaining = outcome.remaining.diagnostics if outcome.remaining is not None else []
    return FixResult(outcome.text, outcome.applied, outcome.rejected, remaining, text)


def format(
    text: str, *, path: str = _DEFAULT_PATH, config: str | Path | None = None,
    align: Literal["keep", "auto", "always", "never"] | None = None,
    ragged_align: Literal["auto", "always", "never"] | None = None,
    max_width: int | None = None, diff_friendly: bool | None = None,
) -> str:
    """``text`` with every table in canonical form; everything outside the
    tables stays byte for byte. Options left as None come from the config
    of ``path``. Raises ``UnsafeChangeError`` (an ``InputError``) when the
    result would read back with a different cell.

    >>> print(format("|a|bb|\\n|:-|-:|\\n|1|2|\\n", align="always"), end="")
    | a   |  bb |
    | :-- | --: |
    | 1   |   2 |
    """
    from .layout.formatter import format_document
    from .parse.document import parse_document
    from .rewrite.safety import verify_same_cells

    settings = settings_for(path, Path(config) if config is not None else None).format
    overrides = {key: value for key, value in
                 (("align", align), ("ragged_align", ragged_align), ("max_width", max_width),
                  ("diff_friendly", diff_friendly))
                 if value is not None}
    document = parse_document(Source(path, text))
    new_text = format_document(document, settings.replace(**overrides))
    if new_text != text:
        verify_same_cells(document, new_text)
    return new_text


class TableData(Record):
    """One table as data: its 1-based ``index`` and first ``line``, the
    ``headers`` (keys of each row), the ``rows`` (a dict per row: typed values
    when a ``schema`` binds the table, else the cells' text)."""

    __slots__ = ("index", "line", "headers", "rows", "schema")

    def __init__(self, index: int, line: int, headers: list[str], rows: list[dict[str, Any]],
                 schema: str | None = None) -> None:
        self.index = index
        self.line = line
        self.headers = headers
        self.rows = rows
        self.schema = schema

    @property
    def end_line(self) -> int:
        """The table's last line: a GFM table is one line per row, after the
        header and delimiter lines."""
        return self.line + 1 + len(self.rows)


def extract(
    text: str, *, path: str = _DEFAULT_PATH, table: int | None = None, schema: str | None = None,
    typed: bool = True, config: str | Path | None = None,
) -> list[TableData]:
    """The tables of ``text`` as data (or only table number ``table``).

    >>> [t.rows for t in extract("| a | b |\\n| - | - |\\n| 1 | x |\\n")]
    [[{'a': '1', 'b': 'x'}]]
    """
    from .engine.extract import tables_as_data
    from .parse.document import parse_document

    config_path = Path(config) if config is not None else None
    entries = tables_as_data(parse_document(Source(path, text)), table, schema=schema, typed=typed,
                             config=config_path)
    return [TableData(e["table"], e["line"], e["headers"], e["rows"], e.get("schema")) for e in entries]


class CellInfo(Record):
    """The cell at a position: its ``table`` (1-based), ``row`` (1-based body
    row; 0 for the header row), its span (``line``, ``column`` and exclusive
    ``end_column``, code points, 1-based), the ``key`` of its column (the
    schema's field name when a ``schema`` binds the table, else the header),
    its ``text`` as written and its typed ``value`` (the text when no schema
    binds the table; None for a missing value)."""

    __slots__ = ("table", "row", "line", "column", "end_column", "key", "text", "value", "schema")

    def __init__(self, table: int, row: int, line: int, column: int, end_column: int, key: str, text: str,
                 value: Any, schema: str | None) -> None:
        self.table = table
        self.row = row
        self.line = line
        self.column = column
        self.end_column = end_column
        self.key = key
        self.text = text
        self.value = value
        self.schema = schema


def cell_at(
    text: str, line: int, column: int, *, path: str = _DEFAULT_PATH, config: str | Path | None = None,
) -> CellInfo | None:
    """The table cell at 1-based ``line`` and ``column`` (code points) of
    ``text``, or None where no cell is (outside tables, on the delimiter
    row, past a row's last cell). The padding and the pipe before a cell
    count as part of it. An editor asks it what is under the cursor.

    >>> cell = cell_at("| name | year |\\n| --- | --- |\\n| a | 2020 |\\n", 3, 8)
    >>> (cell.row, cell.key, cell.text, cell.column, cell.end_column)
    (1, 'year', '2020', 7, 11)
    >>> cell_at("| name | year |\\n| --- | --- |\\n| a | 2020 |\\n", 2, 3) is None
    True
    """
    from .engine.extract import tables_as_data
    from .parse.document import parse_document

    document = parse_document(Source(path, text))
    table = next((t for t in document.tables if t.first_line <= line <= t.last_line), None)
    if table is None or line == table.delimiter.line:
        return None
    row_number = 0 if line == table.header.line else line - table.delimiter.line
    row = table.header if row_number == 0 else table.rows[row_number - 1]
    # A cell's raw text is trimmed, so the cursor in the padding beside it
    # counts as in it: up to the pipes on either side.
    position = next((i for i, cell in enumerate(row.cells)
                     if column <= cell.end_column and (i == 0 or column > row.cells[i - 1].end_column)), None)
    if position is None:
        return None
    cell = row.cells[position]
    config_path = Path(config) if config is not None else None
    (entry,) = tables_as_data(document, table.index, typed=True, config=config_path)
    keys = entry["headers"]
    key = keys[position] if position < len(keys) else f"column_{position + 1}"
    value = cell.text.strip() if row_number == 0 else entry["rows"][row_number - 1].get(key)
    return CellInfo(table.index, row_number, line, cell.column, cell.end_column, key, cell.raw, value,
                    entry.get("schema"))


def infer_schema(
    text: str, *, table: int = 1, name: str | None = None, path: str = _DEFAULT_PATH, notes: list[str] | None = None,
) -> dict[str, Any]:
    """A schema (as the dict a schema file holds) inferred from table number
    ``table`` of ``text``: field types, enums, unique fields, missing values.
    ``notes``, when given, gets a line for each column typed string because
    of a few values (naming them).

    >>> schema = infer_schema("| year | name |\\n| - | - |\\n| 2020 | a |\\n| 2021 | b |\\n")
    >>> [(f["name"], f["type"]) for f in schema["fields"]]
    [('year', 'year'), ('name', 'string')]
    """
    from .parse.document import parse_document
    from .schema.infer import infer_schema as infer

    document = parse_document(Source(path, text))
    if not 1 <= table <= len(document.tables):
        count = len(document.tables)
        raise InputError(f"{path}: has {count} table{'s' if count != 1 else ''}; no table {table}")
    return infer(document.tables[table - 1], name, notes)


def load_config(path: str | Path) -> Settings:
    """The settings in a config file (``tablelint.toml``, or ``pyproject.toml``'s
    ``[tool.tablelint]``). Raises ``ConfigError`` naming the file and key of a
    problem."""
    return load_settings(Path(path))


def clear_caches() -> None:
    """Forget the config files, schemas and vocabularies read so far, so that
    the next call reads them again. A long-running process (the language
    server) calls it when one of those files changes; a command, which
    reads each once, never needs to.

    >>> clear_caches()
    """
    from .config import _settings_of, find_config
    from .naming.vocabulary_file import _load as load_vocabulary_file
    from .schema.binding import _header_lookup
    from .schema.loader import _load_schema_cached, registry_for

    for cached in (find_config, _settings_of, registry_for, _load_schema_cached, _header_lookup,
                   load_vocabulary_file):
        cached.cache_clear()


def load_schema(name_or_path: str, *, path: str = ".", config: str | Path | None = None) -> Any:
    """A schema by name (built-in, or in the ``schema-dirs`` of the config
    that applies to ``path``) or by file path."""
    from .schema.loader import registry_for

    settings = settings_for(path, Path(config) if config is not None else None)
    root = settings.root or Path.cwd()
    return registry_for(tuple((root / d).resolve() for d in settings.schema_dirs)).get(name_or_path)


class RuleInfo(Record):
    """One rule of the catalogue: its ``code`` and ``name``, default
    ``severity``, whether and how it ``fix``es (``safe``, ``unsafe``,
    ``none``…), whether it is ``enabled_by_default``, a one-line ``summary``
    and its ``documentation`` (what, why, a bad and a good example)."""

    __slots__ = ("code", "name", "severity", "fix", "enabled_by_default", "summary", "documentation")

    def __init__(self, code: str, name: str, severity: Severity, fix: str, enabled_by_default: bool, summary: str,
                 documentation: str) -> None:
        self.code = code
        self.name = name
        self.severity = severity
        self.fix = fix
        self.enabled_by_default = enabled_by_default
        self.summary = summary
        self.documentation = documentation


def list_rules() -> list[RuleInfo]:
    """Every rule, in code order.

    >>> [r.name for r in list_rules() if r.code == "TL101"]
    ['placeholder-row']
    """
    from .rules import ALL_RULES

    return [
        RuleInfo(r.code, r.name, r.severity, r.fix, r.enabled_by_default, r.summary, r.documentation())
        for r in ALL_RULES
    ]
