"""Row validation: every row of a bound table is validated by its schema's
row validator (row_model.py).

Missing values (the schema's ``missingValues``) become None before
validation; a required field that is None is a missing-value problem, found
here rather than by pydantic so that the message can say which placeholder
stood there. Each pydantic error becomes a problem on the exact cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..record import Record
from .types import CONSTRAINT_ERROR, TYPE_ERROR

if TYPE_CHECKING:
    from collections.abc import Collection

    from ..parse.table import Table
    from .binding import Binding

# pydantic's own error types, by the rule they belong to.
_CONSTRAINT_TYPES = {
    CONSTRAINT_ERROR, "string_too_short", "string_too_long", "string_pattern_mismatch", "greater_than",
    "greater_than_equal", "less_than", "less_than_equal", "too_short", "too_long", "literal_error", "enum",
}


class CellProblem(Record):
    """A cell that its field's type or constraints reject, or a missing required value."""

    __slots__ = ("row", "column", "field", "kind", "message")

    def __init__(self, row: int, column: int, field: str, kind: str, message: str) -> None:
        self.row = row  # 1-based body row
        self.column = column  # 0-based
        self.field = field
        self.kind = kind  # "missing" | "type" | "constraint"
        self.message = message


class TableValidation(Record):
    """The rows of one table validated against its schema."""

    __slots__ = ("problems", "records")

    def __init__(self) -> None:
        self.problems: list[CellProblem] = []
        # Typed records of the rows that validated (row number -> {field: value}).
        self.records: dict[int, dict[str, Any]] = {}


def validate_table(
    binding: Binding, table: Table, values: list[list[str]], skip_rows: Collection[int], *,
    keep_records: bool = False,
) -> TableValidation:
    from pydantic_core import ValidationError

    schema = binding.schema
    validator = schema.row_validator
    positions = {spec.name: position for position, spec in enumerate(schema.spec.fields)}
    columns = [
        (index, spec, f"f{positions[spec.name]}", set(binding.missing_values(index)))
        for index, spec in enumerate(binding.columns) if spec is not None
    ]
    required = [(index, spec) for index, spec, _, _ in columns if spec.constraints.required]
    result = TableValidation()
    for number, row_values in enumerate(values, 1):
        if number in skip_rows:
            continue
        data: dict[str, Any] = {}
        by_python_name = {}
        for index, spec, python_name, missing in columns:
            if index >= len(row_values):
                continue
            value = row_values[index]
            if value in missing:
                continue
            data[python_name] = value
            by_python_name[python_name] = (index, spec)
        for index, spec in required:
            if f"f{positions[spec.name]}" not in data:
                shown = row_values[index] if index < len(row_values) else ""
                what = f"holds the placeholder '{shown}'" if shown else "is empty"
                message = f"required field '{spec.name}' {what}"
                result.problems.append(CellProblem(number, index, spec.name, "missing", message))
        try:
            validated = validator.validate_python(data)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                python_name = str(detail["loc"][0]) if detail["loc"] else ""
                if python_name not in by_python_name:
                    continue
                index, spec = by_python_name[python_name]
                kind = "constraint" if detail["type"] in _CONSTRAINT_TYPES else "type"
                message = detail["msg"]
                if kind == "type" and detail["type"] != TYPE_ERROR:
                    message = f"'{data[python_name]}' is not a valid {spec.type}: {message}"
                elif kind == "constraint":
                    message = f"'{data[python_name]}' {message[0].lower()}{message[1:]}"
                result.problems.append(CellProblem(number, index, spec.name, kind, message))
            continue
        if keep_records:
            result.records[number] = {
                schema.spec.fields[int(name[1:])].name: validated[name] for name in data
            }
    return result
