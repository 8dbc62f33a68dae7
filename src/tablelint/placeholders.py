"""Which rows and cells are placeholders, with a schema and without one.

With a schema, its ``missingValues`` decide (exact strings, as in Table
Schema): a row of them is a placeholder row. A cell is a placeholder cell
only when the schema names a ``canonical-missing-value`` (the built-in
paper-list says "") and the cell writes its missing value another way; a
plain Table Schema lists acceptable spellings, and tablelint respects them.

Without a schema, ``NULL`` is not always a placeholder: SQL notes write it in
truth tables and query results, where it is data. The heuristic, in order:

1. Template tokens (``TBD``, ``TBA``, ``???``, ``待定`` …) are never data: a row
   of them is a placeholder row, and such a cell elsewhere a placeholder cell.
2. Null tokens (``NULL``, ``None``, ``N/A``, ``-``, ``—`` …) make a row a
   placeholder row only when (a) the table has evidence of real content — some
   other row has a non-placeholder cell — and (b) none of the row's null cells
   sits in a *value column*: a column whose real values are all scalars
   (numbers, booleans, dates, times, UUIDs). In a truth table ``NULL`` sits
   among ``TRUE``/``FALSE``: that is data. In a reading list it sits among
   titles and prose: that is a template row nobody filled in.
3. A null token in a row with real content is a placeholder cell only when
   the same table has placeholder rows (the author evidently uses it as
   filler) and its column is not a value column.

Schema-less findings get unsafe fixes: the heuristic may be wrong, and only a
schema states what is missing. A row whose every cell is empty is a
placeholder row in both modes.
"""

from __future__ import annotations

from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING

from . import lazy_re
from .record import Record
from .suppress import without_suppression_comments

if TYPE_CHECKING:
    from .context import LintContext
    from .table import Cell, Row, Table

TEMPLATE_TOKENS = frozenset(
    # Not TODO or FIXME: task tables use them as statuses.
    token.casefold() for token in ("TBD", "TBA", "?", "??", "???", "...", "…", "待定", "待补充", "待填写")
)
NULL_TOKENS = frozenset(
    token.casefold()
    for token in ("NULL", "None", "nil", "N/A", "NA", "n.a.", "-", "--", "—", "–", "(none)", "暂无", "无")
)

_SCALAR = lazy_re.compile(
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
    text = cell.raw
    if "\\|" in text:
        text = text.replace("\\|", "|")
    if "<!--" in text:
        text = without_suppression_comments(text).strip()
    return text


def table_values(context: LintContext, table: Table) -> list[list[str]]:
    """Every body cell's value, row by row, computed once per document: the
    placeholder, validation and duplicate rules all read them."""

    def compute(context: LintContext) -> dict[int, list[list[str]]]:
        return {t.index: [_row_values(row) for row in t.rows] for t in context.document.tables}

    return context.shared("values", compute)[table.index]


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

    def __init__(self, rows: dict[int, bool] | None = None, cells: list[PlaceholderCell] | None = None) -> None:
        self.rows = {} if rows is None else rows  # row number -> schema-based?
        self.cells = [] if cells is None else cells


def _analyze_with_schema(context: LintContext, table: Table) -> TablePlaceholders:
    binding = context.binding(table)
    assert binding is not None
    result = TablePlaceholders()
    missing_sets = [set(binding.missing_values(column)) for column in range(table.column_count)]
    default_missing = set(binding.schema.spec.missingValues)
    canonical = binding.schema.spec.canonical_missing_value
    width = len(missing_sets)
    for number, (row, values) in enumerate(zip(table.rows, table_values(context, table), strict=True), 1):
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
        if canonical is None or not any(flags):
            continue
        for index in compress(range(len(flags)), flags):
            value = values[index]
            if value != canonical:
                result.cells.append(PlaceholderCell(number, index, row.cells[index], value, canonical, True))
    return result


def _is_token(value: str, tokens: frozenset[str]) -> bool:
    return value.casefold() in tokens


def _analyze_without_schema(table: Table, rows_values: list[list[str]]) -> TablePlaceholders:
    result = TablePlaceholders()

    def is_placeholder(value: str) -> bool:
        return not value or _is_token(value, TEMPLATE_TOKENS) or _is_token(value, NULL_TOKENS)

    width = max((len(values) for values in rows_values), default=0)
    # Gathered row by row: column by column, one row of 100,000 cells would
    # make every other row be looked at 100,000 times.
    real_by_column: list[list[str]] = [[] for _ in range(width)]
    for values in rows_values:
        for column, value in enumerate(values):
            if not is_placeholder(value):
                real_by_column[column].append(value)
    value_column = [bool(real) and all(_SCALAR.fullmatch(value) for value in real) for real in real_by_column]
    has_content = [any(not is_placeholder(value) for value in values) for values in rows_values]
    rows_with_content = sum(has_content)

    for number, values in enumerate(rows_values, 1):
        if has_content[number - 1] or not values:
            continue
        if not any(values):
            result.rows[number] = False  # an empty row
            continue
        if any(_is_token(value, TEMPLATE_TOKENS) for value in values):
            result.rows[number] = False
            continue
        evidence = rows_with_content > 0  # another row has content (this one has none)
        in_value_column = any(value and value_column[column] for column, value in enumerate(values))
        if evidence and not in_value_column:
            result.rows[number] = False

    filler_in_use = bool(result.rows)
    for number, (row, values) in enumerate(zip(table.rows, rows_values, strict=True), 1):
        if number in result.rows or not has_content[number - 1]:
            continue
        for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            if _is_token(value, TEMPLATE_TOKENS) or (
                filler_in_use and _is_token(value, NULL_TOKENS) and not value_column[column]
            ):
                result.cells.append(PlaceholderCell(number, column, cell, value, "", False))
    return result


def analyze_placeholders(context: LintContext) -> dict[int, TablePlaceholders]:
    found = {}
    for table in context.document.tables:
        if context.binding(table) is not None:
            found[table.index] = _analyze_with_schema(context, table)
        else:
            found[table.index] = _analyze_without_schema(table, table_values(context, table))
    return found


def placeholders(context: LintContext, table: Table) -> TablePlaceholders:
    return context.shared("placeholders", analyze_placeholders)[table.index]
