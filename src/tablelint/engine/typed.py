"""Typed records for ``extract``: when a schema binds a table, each row comes
out as its field values (integers as numbers, years as ints, venue-years as
``{"venue", "year"}``, references as lists of URLs, missing values as null).

Keys are the schema's field names; columns no field claims keep their
header keys. A row that fails validation still comes out: each value that
parses is typed, each one that does not stays text; every cell the schema
rejects (a type, a constraint, a missing required value) is returned beside
the records, so that no invalid value reaches a typed column unsaid
(``extract`` prints them, and ``--strict`` refuses to write the data).
Integers stay integers, in a ``number`` field too: ``5`` is 5, ``5.0`` is 5.0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..config import settings_for
from ..facts.context import LintContext
from ..parse.document import Document
from ..parse.table import Table, column_keys
from ..record import Record
from ..schema.rows import validate_table
from ..schema.types import value_parser


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.time, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


class TypedTable(Record):
    """One table's typed records, and the cells its schema rejects."""

    __slots__ = ("schema", "keys", "records", "problems")

    def __init__(self, schema: str, keys: list[str], records: list[dict[str, Any]],
                 problems: list[dict[str, Any]]) -> None:
        self.schema = schema
        self.keys = keys
        self.records = records
        # {"row", "line", "column", "field", "kind", "value", "message"} per rejected cell, in row order.
        self.problems = problems


def _as_written(value: Any, text: str, spec: Any) -> Any:
    """A whole number written without a decimal part stays an integer in a
    ``number`` field (JSON tells 5 from 5.0; a float would say the source
    did)."""
    if isinstance(value, float) and value.is_integer() and spec.type == "number":
        import re

        decimal = re.escape(spec.decimalChar or ".")
        number = re.search(rf"\d+(?:{decimal}\d*)?(?:[eE][-+]?\d+)?", text.replace(spec.groupChar or "\0", ""))
        if number is not None and not re.search(rf"{decimal}|[eE]", number.group()):
            return int(value)
    return value


def _text_at(values: list[list[str]], row: int, column: int) -> str | None:
    texts = values[row - 1]
    return texts[column] if column < len(texts) else None


def _column_of(table: Table, row: int, column: int) -> int:
    """The 1-based column on its line where a cell's text starts."""
    cells = table.rows[row - 1].cells
    return cells[column].column if column < len(cells) else 1


def typed_converter(
    document: Document, schema: str | None, config: Path | None
) -> Callable[[Table], TypedTable | None] | None:
    from pydantic_core import PydanticCustomError

    context = LintContext(document, settings_for(document.path, config), schema)

    def convert(table: Table) -> TypedTable | None:
        binding = context.binding(table)
        if binding is None:
            return None
        values = context.values(table)
        validation = validate_table(binding, table, values, context.placeholder_rows(table), keep_records=True)
        width = max([table.column_count, *(len(row.cells) for row in table.rows)])
        header_keys = column_keys(table.headers, width)
        keys = [
            (binding.field_name(column) or header_keys[column]) if column < table.column_count else header_keys[column]
            for column in range(width)
        ]
        parsers = [value_parser(spec) if spec is not None else None for spec in binding.columns]
        records = []
        for number, row in enumerate(table.rows, 1):
            validated = validation.records.get(number, {})
            record: dict[str, Any] = {}
            for column, key in enumerate(keys):
                if column >= len(row.cells):
                    record[key] = None
                    continue
                spec = binding.field(column)
                text = values[number - 1][column]
                if spec is None:
                    record[key] = text
                elif binding.is_missing(column, text):
                    record[key] = None
                elif spec.name in validated:
                    record[key] = _as_written(_jsonable(validated[spec.name]), text, spec)
                else:
                    parser = parsers[column]
                    try:
                        record[key] = _as_written(_jsonable(parser(text)), text, spec) if parser else text
                    except (PydanticCustomError, ValueError):
                        record[key] = text
            records.append(record)
        problems = [
            {"row": problem.row, "line": table.rows[problem.row - 1].line,
             "column": _column_of(table, problem.row, problem.column), "field": problem.field,
             "kind": problem.kind, "value": _text_at(values, problem.row, problem.column), "message": problem.message}
            for problem in sorted(validation.problems, key=lambda problem: (problem.row, problem.column))
        ]
        return TypedTable(binding.schema.name, keys, records, problems)

    return convert
