"""Row models: each schema compiles once into a pydantic model, and every
row of a bound table is validated by it.

Missing values (the schema's ``missingValues``) become None before
validation; a required field that is None is a missing-value problem, found
here rather than by pydantic so that the message can say which placeholder
stood there. Each pydantic error becomes a problem on the exact cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..record import Record
from .placeholders import table_values
from .types import CONSTRAINT_ERROR, TYPE_ERROR, annotated_type

if TYPE_CHECKING:
    from collections.abc import Collection

    from pydantic_core import SchemaValidator

    from ..facts.context import LintContext
    from ..parse.table import Table
    from .binding import Binding
    from .compiled import Spec

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

    def __init__(
        self, problems: list[CellProblem] | None = None, records: dict[int, dict[str, Any]] | None = None,
    ) -> None:
        self.problems = [] if problems is None else problems
        # Typed records of the rows that validated (row number -> {field: value}).
        self.records = {} if records is None else records


def row_model(spec: Spec, name: str) -> Any:
    """The pydantic model of one schema's rows."""
    from pydantic import ConfigDict, create_model

    definitions: dict[str, Any] = {}
    for position, field_spec in enumerate(spec.fields):
        # Field names are free text (CJK, spaces); Python names are positional.
        definitions[f"f{position}"] = (annotated_type(field_spec) | None, None)
    return create_model(
        f"Row_{''.join(c if c.isalnum() else '_' for c in name)}",
        __config__=ConfigDict(extra="ignore", arbitrary_types_allowed=True),
        **definitions,
    )


def compile_row_validator(spec: Spec, name: str) -> SchemaValidator:
    """The row model's validator, as a pydantic-core validator of plain dicts.

    The model is built with pydantic (create_model and Annotated types); its
    core schema, with the model class taken out, is what validates rows. That
    validator pickles (every function in it is module-level, see types.py), so
    the schema cache keeps it and later runs need none of pydantic's model
    machinery (loader.py)."""
    from pydantic_core import SchemaValidator, core_schema

    model_schema = row_model(spec, name).__pydantic_core_schema__
    fields = model_schema["schema"]["fields"]
    return SchemaValidator(core_schema.typed_dict_schema(
        {key: core_schema.typed_dict_field(_without_metadata(value["schema"]), required=False)
         for key, value in fields.items()},
        extra_behavior="ignore",
    ))


def _without_metadata(schema: Any) -> Any:
    """A core schema without its ``metadata`` (JSON-schema hooks bound to the
    model class, which neither validate nor pickle)."""
    if isinstance(schema, dict):
        return {key: _without_metadata(value) for key, value in schema.items() if key != "metadata"}
    if isinstance(schema, list):
        return [_without_metadata(item) for item in schema]
    return schema


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


def validations(context: LintContext) -> dict[int, TableValidation]:
    """Validation of every bound table of the document, computed once."""

    def compute(context: LintContext) -> dict[int, TableValidation]:
        found = {}
        for table in context.document.tables:
            binding = context.binding(table)
            if binding is not None:
                found[table.index] = validate_table(
                    binding, table, table_values(context, table), context.non_data_rows(table)
                )
        return found

    return context.shared("validation", compute)
