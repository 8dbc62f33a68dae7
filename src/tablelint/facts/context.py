"""What rules read: one parsed document, its settings, and the facts about
its tables that several rules need.

Each fact (cell values, schema bindings, placeholder and group rows, row
validation, the naming analysis, name columns) is computed once per
document, on first use, by a function of explicit values from the layers
below (schema/, naming/, facts/tables.py), and kept in a typed attribute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..config import Settings, default_settings
from ..parse.document import Document
from ..parse.table import Table
from ..record import Record
from ..vocabulary import Vocabulary

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..naming.analysis import NamingFindings
    from ..schema.binding import Binding
    from ..schema.placeholders import TablePlaceholders
    from ..schema.rows import TableValidation


class LintContext(Record):
    """One document as the rules see it, with the analyses they share."""

    __slots__ = (
        "document", "settings", "schema_override", "naming", "_values", "_bindings", "_placeholders", "_groups",
        "_validations", "_name_columns", "_venues_without_years", "_config_vocabulary", "_rows_freed",
        "verify_papers", "paper_rows", "papers_queued", "unbound_tables",
    )

    def __init__(
        self, document: Document, settings: Settings | None = None, schema_override: str | None = None,
    ) -> None:
        self.document = document
        self.settings = default_settings() if settings is None else settings
        # A schema named on the command line (--schema); it binds every table.
        self.schema_override = schema_override
        # Tables (by index) whose binding comment or config glob names a
        # schema that is not there, and why: filled by binding, reported by unchecked-table.
        self.unbound_tables: dict[int, str] = {}
        # The naming analysis, once the naming rules asked for it (rules/naming.py).
        self.naming: NamingFindings | None = None
        # Facts by table index, each computed on first use.
        self._values: dict[int, list[list[str]]] | None = None
        self._bindings: dict[int, tuple[Binding | None, str]] | None = None
        self._placeholders: dict[int, TablePlaceholders] = {}
        self._groups: dict[int, frozenset[int]] = {}
        self._validations: dict[int, TableValidation] | None = None
        self._name_columns: dict[int, int | None] = {}
        self._venues_without_years: dict[int, bool] = {}
        self._config_vocabulary: Vocabulary | None = None
        # Whether free_row_facts dropped the cells' values.
        self._rows_freed = False
        # Paper verification: asked for on the command line (None: the
        # config decides), the rows of the document's paper lists (papers.PaperRow),
        # and whether a rule queued them for the run-wide step.
        self.verify_papers: bool | None = None
        self.paper_rows: list[Any] | None = None
        self.papers_queued = False

    @property
    def path(self) -> str:
        return self.document.path

    def free_row_facts(self) -> None:
        """Drop the facts about every row (tens of MB on a 100k-row table),
        which only the rules read, once they have run."""
        self._values = None
        self._placeholders = {}
        self._validations = None
        self.naming = None
        self._rows_freed = True

    def values(self, table: Table) -> list[list[str]]:
        """Every body cell's value, row by row: the placeholder, validation and
        duplicate rules all read them."""
        if self._values is None:
            from ..schema.placeholders import table_values

            self._values = {t.index: table_values(t) for t in self.document.tables}
        return self._values[table.index]

    def bindings(self) -> dict[int, tuple[Binding | None, str]]:
        """Each table's schema binding (or None) and how it was decided."""
        if self._bindings is None:
            from ..schema.binding import bind_tables

            self._bindings = bind_tables(self.document, self.settings, self.schema_override, self.values,
                                         self.unbound_tables)
        return self._bindings

    def bound_any(self) -> bool:
        """Whether the bindings were computed (a rule asked for them)."""
        return self._bindings is not None

    def placeholders(self, table: Table) -> TablePlaceholders:
        """The table's placeholder rows and cells."""
        found = self._placeholders.get(table.index)
        if found is None:
            from ..schema.placeholders import table_placeholders

            found = table_placeholders(table, self.values(table), self.group_rows(table), self.binding(table))
            self._placeholders[table.index] = found
        return found

    def validations(self) -> dict[int, TableValidation]:
        """Validation of every bound table's data rows, by table index."""
        if self._validations is None:
            from ..schema.rows import validate_table

            self._validations = {
                table.index: validate_table(binding, table, self.values(table), self.non_data_rows(table))
                for table, binding in self.bound_tables()
            }
        return self._validations

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
        if table.index not in self._name_columns:
            self._name_columns[table.index] = self._find_name_column(table)
        return self._name_columns[table.index]

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
        groups = self._groups.get(table.index)
        if groups is None:
            from .tables import group_rows

            groups = self._groups[table.index] = group_rows(self.values(table))
        return groups

    def non_data_rows(self, table: Table) -> frozenset[int]:
        """Rows the data rules skip: placeholder rows (reported once, by
        placeholder-row) and group rows."""
        return self.group_rows(table).union(self.placeholder_rows(table))

    def venues_without_years(self, table: Table) -> bool:
        """Whether the table's venue-year columns name venues alone, their
        years standing in a column of their own (``| Title | Venue | Year |``,
        ``| Date | Paper | Publication |``): then a source without a year is
        not a problem. The year column is found by its cells
        (``table_facts.year_column``), among the columns no field claims and
        those whose field has no format of its own and does not name the row."""
        if table.index not in self._venues_without_years:
            self._venues_without_years[table.index] = self._find_venues_without_years(table)
        return self._venues_without_years[table.index]

    def _find_venues_without_years(self, table: Table) -> bool:
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
        return self.values(table), self.group_rows(table)

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
        return self.placeholders(table).rows

    def vocabulary(self, table: Table) -> Vocabulary:
        """Known terms for ``table``: its schema's vocabulary (the built-in
        paper-list schema ships one) merged with the config's."""
        binding = self.binding(table)
        if self._config_vocabulary is None:
            self._config_vocabulary = _config_vocabulary(self.settings)
        from_config = self._config_vocabulary
        if binding is not None and binding.vocabulary is not None:
            return binding.vocabulary.merged(from_config)
        return from_config

    def names_a_schema(self) -> bool:
        """Whether a binding comment or the config names a schema for this
        file (rather than leaving binding to the headers)."""
        if self.path != "-" and self.settings.schema_for(self.path):
            return True
        return "tablelint:" in self.document.source.text and "schema" in self.document.source.text

    def binding(self, table: Table) -> Binding | None:
        """The schema binding of ``table``, or None in schema-less mode."""
        entry = self.bindings().get(table.index)
        return entry[0] if entry else None

    def bound_tables(self) -> Iterator[tuple[Table, Binding]]:
        """Each table that a schema binds, with its binding."""
        for table in self.document.tables:
            binding = self.binding(table)
            if binding is not None:
                yield table, binding


def _config_vocabulary(settings: Settings) -> Vocabulary:
    table = settings.vocabulary
    return table.to_vocabulary() if table is not None else Vocabulary()
