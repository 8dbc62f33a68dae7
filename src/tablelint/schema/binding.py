"""Binding a table to a schema, and what the binding knows about each column.

Order of precedence: ``--schema``; an inline ``<!-- tablelint: schema=NAME -->``
right before the table; a config mapping from a path glob to a schema; a
match of the headers against every known schema; otherwise no schema (only
the generic rules run).

A header match must be unambiguous: every non-empty header names a distinct
field (by name, title or alias, ignoring case, width and emphasis), at least
two headers match, and the schema's name field and required fields are all
there. An explicit binding (the first three ways) always binds; headers that
do not fit are reported by header-mismatch.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import lazy_re
from ..record import Record
from .loader import Schema, registry_for

if TYPE_CHECKING:
    from ..context import LintContext
    from ..table import Table
    from ..vocabulary import Vocabulary
    from .compiled import Field as FieldSpec

_INLINE_BINDING = lazy_re.compile(r"<!--\s*tablelint:\s*schema\s*=\s*([^\s>]+)\s*-->")
# No "：": NFKC has turned it into ":" before this runs, and a class holding
# it compiles ten times slower than one within Latin-1 (with \s).
_DECORATION = lazy_re.compile(r"^[*_`\s]+|[*_`\s:]+$")


def normalize_header(text: str) -> str:
    """Header text for matching: NFKC (full-width to ASCII), case-folded,
    without emphasis markers, code ticks or a trailing colon."""
    text = unicodedata.normalize("NFKC", text)
    text = _DECORATION.sub("", text)
    return " ".join(text.split()).casefold()


class Binding(Record):
    """A table bound to a schema: which field each column holds."""

    __slots__ = ("schema", "how", "columns", "missing_fields", "unknown_headers", "_missing_sets")

    def __init__(
        self, schema: Schema, how: str, columns: list[FieldSpec | None], missing_fields: list[str] | None = None,
        unknown_headers: list[tuple[int, str]] | None = None,
    ) -> None:
        self.schema = schema
        self.how = how
        # For each table column (header cell), the field it holds, or None.
        self.columns = columns
        # Required fields the table has no column for, and headers no field claims.
        self.missing_fields = [] if missing_fields is None else missing_fields
        self.unknown_headers = [] if unknown_headers is None else unknown_headers
        # Each column's missing values as a set, made when first asked for.
        self._missing_sets: dict[int, frozenset[str]] = {}

    @property
    def vocabulary(self) -> Vocabulary | None:
        return self.schema.vocabulary

    def field_name(self, column: int) -> str | None:
        spec = self.columns[column] if column < len(self.columns) else None
        return spec.name if spec else None

    def field_format(self, column: int) -> str | None:
        spec = self.columns[column] if column < len(self.columns) else None
        return spec.format if spec and spec.format != "default" else None

    def field(self, column: int) -> FieldSpec | None:
        return self.columns[column] if column < len(self.columns) else None

    def column_of(self, field_name: str) -> int | None:
        for index, spec in enumerate(self.columns):
            if spec is not None and spec.name == field_name:
                return index
        return None

    @property
    def name_column(self) -> int | None:
        name_field = self.schema.spec.name_field
        if name_field is None:
            return None
        return self.column_of(name_field)

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


def _header_names(spec: FieldSpec) -> set[str]:
    names = {normalize_header(spec.name)}
    if spec.title:
        names.add(normalize_header(spec.title))
    names.update(normalize_header(alias) for alias in spec.aliases)
    return names


@lru_cache(maxsize=64)
def _header_lookup(schema: Schema) -> dict[str, FieldSpec]:
    """Normalized header text -> field, built once per schema (every table
    of every file is matched against every schema)."""
    lookup: dict[str, FieldSpec] = {}
    for spec in schema.spec.fields:
        for name in _header_names(spec):
            lookup.setdefault(name, spec)
    return lookup


def map_headers(schema: Schema, headers: list[str]) -> tuple[list[FieldSpec | None], list[tuple[int, str]]]:
    lookup = _header_lookup(schema)
    columns: list[FieldSpec | None] = []
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


def _matches_well(binding: Binding) -> bool:
    matched = sum(1 for spec in binding.columns if spec is not None)
    unknown_nonempty = [header for _, header in binding.unknown_headers if header.strip()]
    name_field = binding.schema.spec.name_field
    return (
        matched >= 2
        and not unknown_nonempty
        and not binding.missing_fields
        and (name_field is None or binding.column_of(name_field) is not None)
    )


def _inline_schema(context: LintContext, table: Table) -> str | None:
    source = context.document.source
    line = table.first_line - 1
    while line >= 1 and not source.line(line).strip(" \t>"):
        line -= 1
    if line < 1:
        return None
    found = _INLINE_BINDING.search(source.line(line))
    return found.group(1) if found else None


def bind_tables(context: LintContext) -> dict[int, tuple[Binding | None, str]]:
    """For each table (by index): its binding, or None, and how it was decided."""
    settings = context.settings
    root = settings.root or Path.cwd()
    registry = registry_for(tuple((root / directory).resolve() for directory in settings.schema_dirs))
    explicit = context.schema_override
    configured = settings.schema_for(context.path) if context.path != "-" else None
    candidates: list[Schema] | None = None
    result: dict[int, tuple[Binding | None, str]] = {}
    for table in context.document.tables:
        if explicit:
            result[table.index] = (make_binding(registry.get(explicit), table, "--schema"), "--schema")
            continue
        inline = _inline_schema(context, table)
        if inline:
            how = "inline comment"
            result[table.index] = (make_binding(registry.get(inline), table, how), how)
            continue
        if configured:
            how = f"config {settings.origin or ''}".strip()
            result[table.index] = (make_binding(registry.get(configured), table, how), how)
            continue
        if candidates is None:
            candidates = registry.all()
        best: Binding | None = None
        for schema in candidates:
            binding = make_binding(schema, table, "header match")
            if _matches_well(binding):
                matched = sum(1 for spec in binding.columns if spec)
                if best is None or matched > sum(1 for spec in best.columns if spec):
                    best = binding
        result[table.index] = (best, "header match" if best else "no schema matched the headers")
    return result
