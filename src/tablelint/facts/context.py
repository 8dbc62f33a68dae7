"""What rules read: one parsed document, its settings, and shared analyses.

Analyses that several rules need (schema binding, row validation, naming)
are computed once per document, on first use, and cached here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..naming.vocabulary import Vocabulary
from ..parse.document import Document
from ..parse.table import Table
from ..record import Record

if TYPE_CHECKING:
    from typing import TypeVar

    # Only annotations (strings here) name it: making a TypeVar costs every run's import.
    T = TypeVar("T")


class LintContext(Record):
    """One document as the rules see it, with the analyses they share."""

    __slots__ = ("document", "settings", "schema_override", "_cache", "_rows_freed")

    def __init__(
        self, document: Document, settings: Settings | None = None, schema_override: str | None = None,
    ) -> None:
        self.document = document
        self.settings = Settings() if settings is None else settings
        # A schema named on the command line (--schema); it binds every table.
        self.schema_override = schema_override
        # The shared analyses, by name (see ``shared``).
        self._cache: dict[str, Any] = {}
        # Whether ``forget`` freed the cells' values.
        self._rows_freed = False

    @property
    def path(self) -> str:
        return self.document.path

    def shared(self, key: str, compute: Callable[[LintContext], T]) -> T:
        """The result of ``compute(self)``, computed at most once per document."""
        if key not in self._cache:
            self._cache[key] = compute(self)
        return self._cache[key]

    def forget(self, *keys: str) -> None:
        """Free shared analyses that no later step reads."""
        for key in keys:
            self._cache.pop(key, None)
        self._rows_freed = self._rows_freed or "values" in keys

    # Facts about a table that come from its schema when one is bound, with
    # schema-less defaults. Rules use these instead of reading schemas.

    def field_name(self, table: Table, column: int) -> str | None:
        """The field name of 0-based ``column``: the schema field when a schema
        binds the table, else the header text."""
        binding = self.binding(table)
        if binding is not None:
            return binding.field_name(column)
        headers = table.headers
        return headers[column] if column < len(headers) else None

    def name_column(self, table: Table) -> int | None:
        """0-based column that holds each row's name: the schema's
        ``name-field``; else (no schema, the field has no column, or a schema
        guessed from the headers whose name field holds no names, such as
        ``[paper](…)`` links) the column found by its header and cells
        (``table_facts.find_name_column``); None when no column names rows."""
        names = self._cache.setdefault("name-columns", {})
        if table.index not in names:
            names[table.index] = self._find_name_column(table)
        return names[table.index]

    def _find_name_column(self, table: Table) -> int | None:
        from . import tables as table_facts

        binding = self.binding(table)
        column = binding.name_column if binding is not None else None
        if column is not None and not binding.by_coverage:
            return column
        if not table.column_count:
            return None
        sample, groups = self._values_and_groups(table)
        if column is not None and table_facts.holds_names(
            table_facts.filled_values(sample, column, groups, table_facts.NAME_SAMPLE), strict=False
        ):
            return column
        return table_facts.find_name_column(table.headers, sample, groups)

    def group_rows(self, table: Table) -> frozenset[int]:
        """1-based numbers of the body rows that are section headings inside
        the table (``| OpenAI | OpenAI | OpenAI |``, ``| **Vision** | | |``),
        not data: the data rules skip them (``table_facts``)."""
        def compute(context: LintContext) -> dict[int, frozenset[int]]:
            from ..schema.placeholders import table_values
            from .tables import group_rows

            return {t.index: group_rows(table_values(context, t)) for t in context.document.tables}

        return self.shared("group-rows", compute)[table.index]

    def non_data_rows(self, table: Table) -> frozenset[int]:
        """Rows the data rules skip: placeholder rows (reported once, by
        placeholder-row) and group rows."""
        groups = self.group_rows(table)
        placeholder_rows = self.placeholder_rows(table)
        return groups.union(placeholder_rows) if groups else frozenset(placeholder_rows)

    def venues_without_years(self, table: Table) -> bool:
        """Whether the table's venue-year columns name venues alone, their
        years standing in a column of their own (``| Title | Venue | Year |``,
        ``| Date | Paper | Publication |``): then a source without a year is
        not a problem. The year column is found by its cells
        (``table_facts.year_column``), among the columns no field claims and
        those whose field has no format of its own and does not name the row."""
        found = self._cache.setdefault("venues-without-years", {})
        if table.index not in found:
            found[table.index] = self._venues_without_years(table)
        return found[table.index]

    def _venues_without_years(self, table: Table) -> bool:
        from . import tables as table_facts

        binding = self.binding(table)
        if binding is None:
            return False
        sources = [column for column in range(len(binding.columns)) if binding.field_format(column) == "venue-year"]
        if not sources:
            return False
        # A column whose field says what it holds (links, the row's name) is no year column.
        name_field = binding.schema.spec.name_field
        claimed = [
            column for column in range(len(binding.columns))
            if binding.field_format(column) is not None or (name_field and binding.field_name(column) == name_field)
        ]
        values, groups = self._values_and_groups(table)
        return table_facts.year_column(values, table.column_count, exclude=claimed, skip=groups) is not None

    def _values_and_groups(self, table: Table) -> tuple[list[list[str]], frozenset[int]]:
        """The table's values and group rows, which the rules read anyway;
        or, asked for after the rules freed them, those of its first rows."""
        from . import tables as table_facts

        if self._rows_freed:
            sample = table_facts.sample_values(table.rows)
            return sample, table_facts.group_rows(sample)
        from ..schema.placeholders import table_values

        return table_values(self, table), self.group_rows(table)

    def row_name(self, table: Table, row_number: int) -> str | None:
        """The text of the name cell of 1-based body row ``row_number``."""
        column = self.name_column(table)
        if column is None:
            return None
        row = table.rows[row_number - 1]
        return row.cells[column].text if column < len(row.cells) else None

    def field_format(self, table: Table, column: int) -> str | None:
        """The schema field's ``format`` (``venue-year``, ``references``, ``uri``…), if any."""
        binding = self.binding(table)
        return binding.field_format(column) if binding is not None else None

    def placeholder_rows(self, table: Table) -> dict[int, bool]:
        """1-based numbers of the body rows that are placeholder rows (value:
        whether a schema said so). A template row is reported once, as
        placeholder-row: other rules skip these rows (``non_data_rows``)."""
        from ..schema.placeholders import placeholders

        return placeholders(self, table).rows

    def vocabulary(self, table: Table) -> Vocabulary:
        """Known terms for ``table``: its schema's vocabulary (the built-in
        paper-list schema ships one) merged with the config's."""
        binding = self.binding(table)
        from_config = self.shared("config-vocabulary", _config_vocabulary)
        if binding is not None and binding.vocabulary is not None:
            return binding.vocabulary.merged(from_config)
        return from_config

    def binding(self, table: Table):  # type: ignore[no-untyped-def]
        """The schema binding of ``table``, or None in schema-less mode."""
        bindings = self._cache.get("bindings")
        if bindings is None:
            try:
                from ..schema.binding import bind_tables
            except ImportError:  # the schema package is not there yet
                return None
            bindings = self.shared("bindings", bind_tables)
        entry = bindings.get(table.index)
        return entry[0] if entry else None


def _config_vocabulary(context: LintContext) -> Vocabulary:
    from ..errors import InputError
    from ..naming.vocabulary import vocabulary_of

    data = context.settings.vocabulary or {}
    where = context.settings.origin or "config"
    unknown = sorted(set(data) - {"terms", "substitutions"})
    if unknown:
        raise InputError(f"{where}: vocabulary: unknown key '{unknown[0]}' (known: terms, substitutions)")
    return vocabulary_of(data.get("terms", []), data.get("substitutions", {}), f"{where}: vocabulary")
