"""Which rows and cells are placeholders, with a schema and without one.

With a schema, its ``missingValues`` decide (exact strings, as in Table
Schema): a row of them is a placeholder row. A cell is a placeholder cell
only when the schema names a ``canonical-missing-value`` (the built-in
paper-list says "") and the cell writes its missing value another way; a
plain Table Schema lists acceptable spellings, and tablelint respects them.
A table bound only because its headers cover part of a schema gets unsafe
cell fixes (the schema was a guess), and its columns that no field claims
are judged as without a schema.

Without a schema, ``NULL`` is not always a placeholder: SQL notes write it in
truth tables and query results, where it is data. Columns are told apart by
their real values: a *value column* holds only scalars (numbers, booleans,
dates, times, UUIDs), a *text column* mostly words. The heuristic, in order:

1. Template tokens (``TBD``, ``待定`` …) are never data: a row of them is a
   placeholder row, and such a cell elsewhere a placeholder cell. ``?``,
   ``…`` and ``TBA`` are not among them: lists write them for "unknown" and
   "to be announced", and only a schema can say they are missing values.
2. Null tokens (``NULL``, ``None``, ``N/A``, ``-``, ``—`` …) make a row a
   placeholder row when (a) some other row holds real content, (b) the table
   does not use null tokens as data (none stands as a value in a value
   column of a row that holds data, as a NULL score beside real scores), and
   (c) at least half of the row's null cells sit outside value columns. In a
   truth table ``NULL`` sits among ``TRUE``/``FALSE``: data. In a reading list
   with a year column it sits mostly among titles and prose: a template row.
3. A null token in a row with real content is a placeholder cell when the
   same table has placeholder rows (the author evidently uses it as filler)
   and its column is not a value column; and ``NULL`` alone is one in a text
   column of a table that uses null tokens only in text columns.

Group rows (``table_facts``: section headings inside a table) are neither.
Schema-less findings get unsafe fixes: the heuristic may be wrong, and only a
schema states what is missing. A row whose every cell is empty is a
placeholder row in both modes.
"""

from __future__ import annotations

from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING

from .. import lazy_re
from ..parse.comments import without_suppression_comments
from ..record import Record

if TYPE_CHECKING:
    from ..parse.table import Cell, Row, Table
    from .binding import Binding

TEMPLATE_TOKENS = frozenset(
    # Not TODO or FIXME: task tables use them as statuses.
    token.casefold() for token in ("TBD", "TBA", "?", "??", "???", "...", "…", "待定", "待补充", "待填写")
)
# Template tokens that also mean something ("unknown", "to be announced", a
# documented symbol): placeholders only when a schema lists them.
_MEANINGFUL_TOKENS = frozenset(token.casefold() for token in ("TBA", "?", "??", "???", "...", "…"))
_SCHEMALESS_TEMPLATE_TOKENS = TEMPLATE_TOKENS - _MEANINGFUL_TOKENS
NULL_TOKENS = frozenset(
    token.casefold()
    for token in ("NULL", "None", "nil", "N/A", "NA", "n.a.", "-", "--", "—", "–", "(none)", "暂无", "无")
)
_SCHEMALESS_PLACEHOLDERS = _SCHEMALESS_TEMPLATE_TOKENS | NULL_TOKENS

SCALAR = lazy_re.compile(
    r"""(?ix)
    [-+]?[$€£¥]?\d[\d,_]*(?:\.\d+)?(?:e[-+]?\d+)?\s*(?:%|[kmgt]b?|ms|s)?   # numbers, money, sizes
    | true | false | yes | no | on | off | y | n | t | f                      # booleans
    | \d{4}-\d{2}-\d{2}(?:[t\ ][\d:.]+z?)?                                   # dates and datetimes
    | \d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?                                     # times
    | [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}          # UUIDs
    | 0x[0-9a-f]+                                                           # hex
    """
)


def cell_value(cell: Cell) -> str:
    """The cell's text as data: suppression comments removed, trimmed."""
    text = cell.text
    if "<!--" in text:
        text = without_suppression_comments(text).strip()
    return text


def table_values(table: Table) -> list[list[str]]:
    """Every body cell's value (``cell_value``), row by row."""
    return [_row_values(row) for row in table.rows]


_RAW = attrgetter("raw")


def _row_values(row: Row) -> list[str]:
    line = row.source
    if "\\|" in line or "<!--" in line:
        return [cell_value(cell) for cell in row.cells]
    # No cell of the line can hold either: each value is the raw text
    # (read in C: a 100k-row table has half a million cells).
    return list(map(_RAW, row.cells))


class PlaceholderCell(Record):
    """A cell that holds a placeholder, and what to write instead."""

    __slots__ = ("row", "column", "cell", "value", "replacement", "schema_based")

    def __init__(self, row: int, column: int, cell: Cell, value: str, replacement: str, schema_based: bool) -> None:
        self.row = row  # 1-based body row
        self.column = column  # 0-based
        self.cell = cell
        self.value = value
        self.replacement = replacement
        self.schema_based = schema_based


class TablePlaceholders(Record):
    """A table's placeholder rows and placeholder cells."""

    __slots__ = ("rows", "cells")

    def __init__(self) -> None:
        self.rows: dict[int, bool] = {}  # row number -> schema-based?
        self.cells: list[PlaceholderCell] = []


def _analyze_with_schema(
    binding: Binding, table: Table, rows_values: list[list[str]], groups: frozenset[int]
) -> TablePlaceholders:
    result = TablePlaceholders()
    missing_sets = [set(binding.missing_values(column)) for column in range(table.column_count)]
    default_missing = set(binding.schema.spec.missingValues)
    canonical = binding.schema.spec.canonical_missing_value
    width = len(missing_sets)
    guessed = binding.by_coverage
    for number, (row, values) in enumerate(zip(table.rows, rows_values, strict=True), 1):
        if len(values) <= width:  # the usual row: the membership tests run in C
            flags = list(map(set.__contains__, missing_sets, values))
        else:
            flags = [
                value in (missing_sets[index] if index < width else default_missing)
                for index, value in enumerate(values)
            ]
        if flags and all(flags):
            result.rows[number] = True
            continue
        if canonical is None or not any(flags) or number in groups:
            continue
        for index in compress(range(len(flags)), flags):
            value = values[index]
            if value != canonical and not (guessed and binding.field(index) is None):
                result.cells.append(PlaceholderCell(number, index, row.cells[index], value, canonical, not guessed))
    if guessed and len(binding.unknown_headers):
        # The columns no field claims are judged as without a schema.
        unclaimed = {column for column, _ in binding.unknown_headers}
        schemaless = _analyze_without_schema(table, rows_values, groups)
        result.cells.extend(
            found for found in schemaless.cells if found.column in unclaimed and found.row not in result.rows
        )
        result.cells.sort(key=_CELL_ORDER)
    return result


_CELL_ORDER = attrgetter("row", "column")


def _is_token(value: str, tokens: frozenset[str]) -> bool:
    return value.casefold() in tokens


def _wordy(value: str) -> bool:
    """Text rather than a literal: letters, some of them lower-case or
    beyond ASCII, and not code (``NULL`` among identifiers is SQL)."""
    if value.startswith("`") or SCALAR.fullmatch(value):
        return False
    letters = [char for char in value if char.isalpha()]
    return len(letters) >= 3 and any(char.islower() or not char.isascii() for char in letters)


def _is_text_column(real: list[str]) -> bool:
    """Whether most of a column's real values (the first few hundred) are words;
    one is enough: a lone NULL in a two-row list beside a description is filler."""
    real = real[:_TEXT_SAMPLE]
    return len(real) >= 1 and sum(map(_wordy, real)) >= 0.8 * len(real)


_TEXT_SAMPLE = 500


def _is_placeholder(value: str) -> bool:
    return not value or value.casefold() in _SCHEMALESS_PLACEHOLDERS


def _analyze_without_schema(
    table: Table, rows_values: list[list[str]], groups: frozenset[int] = frozenset(),
) -> TablePlaceholders:
    result = TablePlaceholders()
    width = max((len(values) for values in rows_values), default=0)
    # Gathered row by row: column by column, one row of 100,000 cells would
    # make every other row be looked at 100,000 times.
    real_by_column: list[list[str]] = [[] for _ in range(width)]
    for values in rows_values:
        for column, value in enumerate(values):
            if not _is_placeholder(value):
                real_by_column[column].append(value)
    value_column = [bool(real) and all(SCALAR.fullmatch(value) for value in real) for real in real_by_column]
    has_content = [any(not _is_placeholder(value) for value in values) for values in rows_values]
    # Where a row holding data writes a null token, the table's null tokens
    # are data if one of them stands in a value column (a NULL score); and
    # NULL is filler only if, in such rows, it stands in text columns alone.
    nulls_in_data: dict[int, bool] = {}  # column -> spelt NULL there?
    for number, values in enumerate(rows_values, 1):
        if has_content[number - 1] and number not in groups:
            for column, value in enumerate(values):
                if value and value.casefold() in NULL_TOKENS:
                    nulls_in_data[column] = nulls_in_data.get(column, False) or value.casefold() == "null"
    nulls_are_data = any(value_column[column] for column in nulls_in_data)
    text_column = {column: _is_text_column(real_by_column[column]) for column, spelt in nulls_in_data.items() if spelt}
    nulls_only_in_text = all(text_column.values())
    real_rows = sum(has_content)

    for number, values in enumerate(rows_values, 1):
        if has_content[number - 1] or not values:
            continue
        if not any(values):
            result.rows[number] = False  # an empty row
            continue
        if any(_is_token(value, _SCHEMALESS_TEMPLATE_TOKENS) for value in values):
            result.rows[number] = False
            continue
        if not real_rows or nulls_are_data:
            continue
        in_value_columns = sum(1 for column, value in enumerate(values) if value and value_column[column])
        others = sum(1 for column, value in enumerate(values) if value and not value_column[column])
        if others >= in_value_columns:
            result.rows[number] = False

    filler_in_use = bool(result.rows)
    for number, (row, values) in enumerate(zip(table.rows, rows_values, strict=True), 1):
        if number in result.rows or not has_content[number - 1] or number in groups:
            continue
        for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            if not value:
                continue
            if _is_token(value, _SCHEMALESS_TEMPLATE_TOKENS) or (
                _is_token(value, NULL_TOKENS) and not value_column[column] and (
                    filler_in_use or (value.casefold() == "null" and nulls_only_in_text and text_column[column])
                )
            ):
                result.cells.append(PlaceholderCell(number, column, cell, value, "", False))
    return result


def table_placeholders(
    table: Table, values: list[list[str]], groups: frozenset[int], binding: Binding | None
) -> TablePlaceholders:
    """The placeholder rows and cells of ``table``, whose cell values are
    ``values`` and whose group rows (section headings) are ``groups``: by its
    schema's missing values when ``binding`` is not None, else by the
    tokens and shapes that mark a template."""
    if binding is not None:
        return _analyze_with_schema(binding, table, values, groups)
    return _analyze_without_schema(table, values, groups)
