"""Typed records for ``extract``: when a schema binds a table, each row comes
out as its field values (integers as numbers, years as ints, venue-years as
``{"venue", "year"}``, references as lists of URLs, missing values as null).

Keys are the schema's field names; columns no field claims keep their
header keys. A row that fails validation still comes out: each value that
parses is typed, each one that does not stays text (check reports it).
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
from ..schema.rows import validate_table
from ..schema.types import value_parser


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.time, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


def typed_converter(
    document: Document, schema: str | None, config: Path | None
) -> Callable[[Table], tuple[str, list[str], list[dict[str, Any]]] | None] | None:
    from pydantic_core import PydanticCustomError

    context = LintContext(document, settings_for(document.path, config), schema)

    def convert(table: Table) -> tuple[str, list[str], list[dict[str, Any]]] | None:
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
                    record[key] = _jsonable(validated[spec.name])
                else:
                    parser = parsers[column]
                    try:
                        record[key] = _jsonable(parser(text)) if parser else text
                    except (PydanticCustomError, ValueError):
                        record[key] = text
            records.append(record)
        return binding.schema.name, keys, records

    return convert
