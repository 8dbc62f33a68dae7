"""What rules read: one parsed document, its settings, and shared analyses.

Analyses that several rules need (schema binding, row validation, naming)
are computed once per document, on first use, and cached here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .config import Settings
from .document import Document
from .record import Record
from .table import Table
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    from typing import TypeVar

    # Only annotations (strings here) name it: making a TypeVar costs every run's import.
    T = TypeVar("T")


class LintContext(Record):
    """One document as the rules see it, with the analyses they share."""

    __slots__ = ("document", "settings", "schema_override", "_cache")

    def __init__(
        self, document: Document, settings: Settings | None = None, schema_override: str | None = None,
    ) -> None:
        self.document = document
        self.settings = Settings() if settings is None else settings
        # A schema named on the command line (--schema); it binds every table.
        self.schema_override = schema_override
        # The shared analyses, by name (see ``shared``).
        self._cache: dict[str, Any] = {}

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
        ``name-field``, or the first column without a schema."""
        binding = self.binding(table)
        if binding is not None:
            return binding.name_column
        return 0 if table.column_count else None

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
        whether a schema said so). Other rules skip these rows: a template row
        is reported once, as placeholder-row."""
        from .placeholders import placeholders

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
                from .schema.binding import bind_tables
            except ImportError:  # the schema package is not there yet
                return None
            bindings = self.shared("bindings", bind_tables)
        entry = bindings.get(table.index)
        return entry[0] if entry else None


def _config_vocabulary(context: LintContext) -> Vocabulary:
    from .source import InputError
    from .vocabulary import vocabulary_of

    data = context.settings.vocabulary or {}
    where = context.settings.origin or "config"
    unknown = sorted(set(data) - {"terms", "substitutions"})
    if unknown:
        raise InputError(f"{where}: vocabulary: unknown key '{unknown[0]}' (known: terms, substitutions)")
    return vocabulary_of(data.get("terms", []), data.get("substitutions", {}), f"{where}: vocabulary")
