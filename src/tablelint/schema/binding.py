"""Binding a table to a schema, and what the binding knows about each column.

Order of precedence: ``--schema``; an inline ``<!-- tablelint: schema=NAME -->``
right before the table; a config mapping from a path glob to a schema; the
headers, matched against every known schema; otherwise no schema (only the
generic rules run). An explicit binding (the first three ways) always binds;
headers that do not fit are reported by header-mismatch.

Headers name fields by name, title or alias, compared after normalizing
(``normalize_header``: case, width, emphasis, HTML tags, emoji, trailing
punctuation and a trailing parenthetical are ignored). Each field is claimed
by its first column. A table binds by its headers in one of two ways:

- **every header** names a field (at least two of them), and the schema's
  name field, required fields and (if it lists any) one of its identifying
  fields are all there, the identifying field's cells not saying otherwise
  (``how="header match"``);
- **coverage**, for a schema that lists ``identifying-fields``: the headers
  name at least two fields; one of them is an identifying field whose cells
  look like its values; and the name field is among them, or three fields
  are. Other columns are left unchecked (``how="header coverage"``).

A cell looks like a ``venue-year`` field's value when it names a known venue
(a misspelt ``arxiv2022`` does) or holds a year (``MIT 1987``); ``the wiki``
does not; any filled cell fits another field. A column looks like its
field's values when at least half of the rows fill it and at least half of
its filled cells fit; its cells say otherwise when three or more are filled
and fewer than a quarter fit.

The built-in paper-list identifies its tables by a venue or a year column:
`| Title | Venue | Date | Code | Demo |` and `| Pub. | Link | Brief Intro |`
are paper lists; `| Option | Default | Description |`, `| Key | Action |`,
`| Name | Description |` or `| Name | Type | Description | Default |` are
not. When several schemas
bind, one that every header names wins, then the one naming more fields.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from .. import lazy_re
from ..errors import ConfigError
from ..record import Record
from .loader import Schema, UnknownSchemaError, registry_for

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..config import Settings
    from ..parse.document import Document
    from ..parse.source import Source
    from ..parse.table import Table
    from ..vocabulary import Vocabulary
    from .compiled import Field

    # A table's cell values, row by row.
    ValuesOf = Callable[[Table], list[list[str]]]

_INLINE_BINDING = lazy_re.compile(r"<!--\s*tablelint:\s*schema\s*=\s*([^\s>]+)\s*-->")
# No "：" or "（": NFKC has turned them into ":" and "(" before this runs, and
# a class holding them compiles much slower than one within Latin-1.
_DECORATION = lazy_re.compile(r"^[*_`\s]+|[*_`\s:.]+$")
_TAG = lazy_re.compile(r"<[^<>]*>")
# A qualifier after the header's words: "标题(中/英)", "Size (GiB)", "Model [1]".
_QUALIFIER = lazy_re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])$")

# How a binding was made.
EXPLICIT_WAYS = ("--schema", "inline comment", "config")
HEADER_MATCH = "header match"
HEADER_COVERAGE = "header coverage"
# At most this many filled cells are read to see whether a column's content fits its field.
_CONTENT_SAMPLE = 60
# Fewer filled cells than this never contradict the headers.
_CONTRADICTION_MIN = 3


def _strip_symbols(text: str) -> str:
    """Without emoji, symbols and punctuation at either end ("📡 source",
    "Pub.", "~model count"); letters, digits and closing brackets stay."""
    start, end = 0, len(text)
    while start < end and not _keeps(text[start]):
        start += 1
    while end > start and not _keeps(text[end - 1]) and text[end - 1] not in ")]":
        end -= 1
    return text[start:end]


def _keeps(char: str) -> bool:
    return char.isalnum() or char in "([#"


@lru_cache(maxsize=4096)
def normalize_header(text: str) -> str:
    """Header text for matching: NFKC (full-width to ASCII), case-folded,
    without emphasis markers, code ticks, HTML tags, emoji and punctuation at
    the ends, or a trailing parenthetical qualifier. Cached: documents repeat
    their headers table after table."""
    text = unicodedata.normalize("NFKC", text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    text = _DECORATION.sub("", text)
    if text and not (text[0].isalnum() and text[-1].isalnum()):
        text = _strip_symbols(text)
    if text.endswith((")", "]")):
        text = _QUALIFIER.sub("", text) or text
        text = _strip_symbols(text)
    return " ".join(text.split()).casefold()


class Binding(Record):
    """A table bound to a schema: which field each column holds."""

    __slots__ = ("schema", "how", "columns", "missing_fields", "unknown_headers", "_missing_sets")

    def __init__(
        self, schema: Schema, how: str, columns: list[Field | None], missing_fields: list[str],
        unknown_headers: list[tuple[int, str]],
    ) -> None:
        self.schema = schema
        self.how = how
        # For each table column (header cell), the field it holds, or None.
        self.columns = columns
        # Required fields the table has no column for, and headers no field claims.
        self.missing_fields = missing_fields
        self.unknown_headers = unknown_headers
        # Each column's missing values as a set, made when first asked for.
        self._missing_sets: dict[int, frozenset[str]] = {}

    @property
    def explicit(self) -> bool:
        """Bound by --schema, a comment or the config: the author said so."""
        return self.how.startswith(EXPLICIT_WAYS)

    @property
    def by_coverage(self) -> bool:
        """Bound because the headers cover part of the schema: a guess, so
        its verdicts on the other columns, and its fixes, are less certain."""
        return self.how == HEADER_COVERAGE

    @property
    def vocabulary(self) -> Vocabulary | None:
        return self.schema.vocabulary

    def field(self, column: int) -> Field | None:
        return self.columns[column] if column < len(self.columns) else None

    def field_name(self, column: int) -> str | None:
        spec = self.field(column)
        return spec.name if spec else None

    def field_format(self, column: int) -> str | None:
        spec = self.field(column)
        return spec.format if spec and spec.format != "default" else None

    def column_of(self, field_name: str | None) -> int | None:
        for index, spec in enumerate(self.columns):
            if spec is not None and spec.name == field_name:
                return index
        return None

    @property
    def name_column(self) -> int | None:
        """The column of the schema's name field (None without one)."""
        return self.column_of(self.schema.spec.name_field)

    def missing_values(self, column: int) -> list[str]:
        """The field's missingValues (Table Schema v2), else the schema's."""
        spec = self.field(column)
        if spec is not None and spec.missingValues is not None:
            return spec.missingValues
        return self.schema.spec.missingValues

    def is_missing(self, column: int, value: str) -> bool:
        found = self._missing_sets.get(column)
        if found is None:
            found = self._missing_sets[column] = frozenset(self.missing_values(column))
        return value in found

    def describe_columns(self, headers: list[str]) -> str:
        """Which header holds which field, and which columns no field claims
        (for ``--output-format full``)."""
        matched = [
            f"{header.strip() or f'column {index + 1}'} → {spec.name}"
            for index, (header, spec) in enumerate(zip(headers, self.columns, strict=False))
            if spec is not None
        ]
        parts = [f"columns: {', '.join(matched) or 'none'}"]
        unchecked = [header.strip() or f"column {index + 1}" for index, header in self.unknown_headers]
        if unchecked:
            verb = "not in the schema" if self.explicit else "not checked"
            parts.append(f"{verb}: {', '.join(unchecked)}")
        if self.missing_fields and not self.explicit:
            parts.append(f"no column for: {', '.join(self.missing_fields)}")
        return "; ".join(parts)


def _header_names(spec: Field) -> set[str]:
    names = {normalize_header(spec.name)}
    if spec.title:
        names.add(normalize_header(spec.title))
    names.update(normalize_header(alias) for alias in spec.aliases)
    return names


@lru_cache(maxsize=64)
def _header_lookup(schema: Schema) -> dict[str, Field]:
    """Normalized header text -> field, built once per schema (every table
    of every file is matched against every schema)."""
    lookup: dict[str, Field] = {}
    for spec in schema.spec.fields:
        for name in _header_names(spec):
            lookup.setdefault(name, spec)
    return lookup


def map_headers(schema: Schema, headers: list[str]) -> tuple[list[Field | None], list[tuple[int, str]]]:
    lookup = _header_lookup(schema)
    columns: list[Field | None] = []
    unknown: list[tuple[int, str]] = []
    taken: set[str] = set()
    for index, header in enumerate(headers):
        spec = lookup.get(normalize_header(header))
        if spec is not None and spec.name not in taken:
            columns.append(spec)
            taken.add(spec.name)
        else:
            columns.append(None)
            unknown.append((index, header))
    return columns, unknown


def make_binding(schema: Schema, table: Table, how: str) -> Binding:
    columns, unknown = map_headers(schema, table.headers)
    present = {spec.name for spec in columns if spec is not None}
    missing = [
        spec.name for spec in schema.spec.fields
        if spec.constraints.required and spec.name not in present
    ]
    return Binding(schema, how, columns, missing, unknown)


def _named_fields(binding: Binding) -> set[str]:
    return {spec.name for spec in binding.columns if spec is not None}


def _every_header_matches(binding: Binding, values: ValuesOf, table: Table) -> bool:
    unknown_nonempty = [header for _, header in binding.unknown_headers if header.strip()]
    spec = binding.schema.spec
    named = _named_fields(binding)
    if len(named) < 2 or unknown_nonempty or binding.missing_fields:
        return False
    if spec.name_field is not None and spec.name_field not in named:
        return False
    if not spec.identifying_fields:
        return True
    # The headers say so; the cells must not say otherwise.
    return any(
        not _contradicted(*_content_fit(binding, values, table, binding.column_of(name)))
        for name in spec.identifying_fields if name in named
    )


def _covers(binding: Binding, values: ValuesOf, table: Table) -> bool:
    """The coverage rule of the module docstring."""
    spec = binding.schema.spec
    named = _named_fields(binding)
    if len(named) < 2 or not spec.identifying_fields:
        return False
    if len(named) < 3 and (spec.name_field is None or spec.name_field not in named):
        return False
    for name in spec.identifying_fields:
        if name in named:
            filled, fitting = _content_fit(binding, values, table, binding.column_of(name))
            rows = min(len(table.rows), _CONTENT_SAMPLE)
            if filled and 2 * filled >= rows and 2 * fitting >= filled:
                return True
    return False


def _contradicted(filled: int, fitting: int) -> bool:
    return filled >= _CONTRADICTION_MIN and 4 * fitting < filled


def _content_fit(binding: Binding, values_of: ValuesOf, table: Table, column: int | None) -> tuple[int, int]:
    """How many of the column's cells (at most ``_CONTENT_SAMPLE``) are
    filled, and how many of those look like the field's values: for a
    venue-year field, a known venue or a year; for any other, all."""
    if column is None:
        return 0, 0
    filled = list(islice(
        (values[column] for values in values_of(table)
         if column < len(values) and not binding.is_missing(column, values[column])),
        _CONTENT_SAMPLE,
    ))
    if binding.field_format(column) != "venue-year" or not filled:
        return len(filled), len(filled)
    from datetime import date

    from .venues import load_venues, parse_venue_year

    venues = load_venues(binding.schema.extra_venues, origin=str(binding.schema.path))
    year = date.today().year
    fitting = 0
    for value in filled:
        verdict = parse_venue_year(value, current_year=year, venues=venues)
        fitting += verdict.venue is not None or verdict.year_text is not None
    return len(filled), fitting


def _inline_schema(source: Source, table: Table) -> tuple[int, str] | None:
    """The line and the schema name of the binding comment above ``table``."""
    line = table.first_line - 1
    while line >= 1 and not source.line(line).strip(" \t>"):
        line -= 1
    if line < 1:
        return None
    found = _INLINE_BINDING.search(source.line(line))
    return (line, found.group(1)) if found else None


def _bind_by_headers(values: ValuesOf, table: Table, candidates: list[Schema]) -> Binding | None:
    best: Binding | None = None
    best_rank = (False, 0)
    for schema in candidates:
        binding = make_binding(schema, table, HEADER_MATCH)
        matched = len(_named_fields(binding))
        if matched < 2:
            continue
        if _every_header_matches(binding, values, table):
            rank = (True, matched)
        elif _covers(binding, values, table):
            binding.how = HEADER_COVERAGE
            rank = (False, matched)
        else:
            continue
        if best is None or rank > best_rank:
            best, best_rank = binding, rank
    return best


def bind_tables(
    document: Document, settings: Settings, schema_override: str | None, values: ValuesOf,
    unbound: dict[int, str] | None = None,
) -> dict[int, tuple[Binding | None, str]]:
    """For each table (by index): its binding, or None, and how it was decided.
    ``schema_override`` (``--schema``) binds every table; ``values(table)``
    gives a table's cell values, row by row (a binding by headers looks at
    the cells to check that they fit). A table whose binding comment or config
    glob names a schema that is not there is left unbound, and ``unbound``
    (when given) gets why, naming who asked for the schema."""
    registry = registry_for(settings.schema_directories())
    path = document.path
    configured = settings.schema_for(path) if path != "-" else None
    candidates: list[Schema] | None = None
    result: dict[int, tuple[Binding | None, str]] = {}
    for table in document.tables:
        if schema_override:
            try:
                schema = registry.get(schema_override)
            except UnknownSchemaError as error:
                raise ConfigError(f"--schema: {error}") from None
            result[table.index] = (make_binding(schema, table, "--schema"), "--schema")
            continue
        inline = _inline_schema(document.source, table)
        if inline:
            line, name = inline
            how = "inline comment"
            named_by = f"the binding comment on line {line}"
        elif configured:
            name = configured
            how = f"config {settings.origin or ''}".strip()
            glob = next(pattern for pattern, schema in settings.schemas.items() if schema == configured)
            named_by = f"'schemas.\"{glob}\"' in {settings.origin or 'the config'}"
        else:
            if candidates is None:
                candidates = registry.all()
            best = _bind_by_headers(values, table, candidates)
            result[table.index] = (best, best.how if best else "no schema matched the headers")
            continue
        try:
            result[table.index] = (make_binding(registry.get(name), table, how), how)
        except UnknownSchemaError as error:
            # The table goes unchecked: unchecked-table reports it, at the
            # table, in every output format, naming who asked for the schema.
            result[table.index] = (None, f"{named_by}: {error}")
            if unbound is not None:
                unbound[table.index] = f"{named_by}: {error}"
    return result


def binding_summary(
    tables: list[Table], bindings: dict[int, tuple[Binding | None, str]]
) -> list[tuple[int, str | None, str, str]]:
    """For the full report: each table's schema (or None), how it was bound,
    and which column holds which field."""
    summary = []
    for table in tables:
        binding, how = bindings.get(table.index, (None, "no schema"))
        if binding is None:
            summary.append((table.index, None, how, ""))
        else:
            summary.append((table.index, binding.schema.name, how, binding.describe_columns(table.headers)))
    return summary
