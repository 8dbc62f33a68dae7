"""A validated schema file in plain value classes: what a run uses.

``model.py`` is the file format, validated by pydantic when a schema file is
read for the first time. The result is copied into these classes, which
keep Table Schema's attribute names, and cached (see loader.py): a later run
reads them back without importing pydantic's model machinery, which costs
more start-up time than checking a small file.

Records (see record.py), not frozen dataclasses or named tuples: every run
that reads a cached schema defines these classes, and a frozen dataclass
with a dozen fields takes ~1.5 ms to define (its methods are generated and
compiled), a named tuple ~0.1 ms (``collections.namedtuple`` compiles its
``__new__``), a Record a fifth of that. A schema has a few dozen of them, so
unpickling them as Records costs nothing to speak of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..record import Record

if TYPE_CHECKING:
    from .model import Constraints as ConstraintsModel
    from .model import FieldSpec, SchemaFile


class Constraints(Record):
    """A field's ``constraints``, as in Table Schema."""

    __slots__ = (
        "required", "unique", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "pattern", "enum",
    )

    def __init__(
        self, required: bool = False, unique: bool = False, minLength: int | None = None,
        maxLength: int | None = None, minimum: Any = None, maximum: Any = None, exclusiveMinimum: Any = None,
        exclusiveMaximum: Any = None, pattern: str | None = None, enum: tuple[Any, ...] | None = None,
    ) -> None:
        self.required = required
        self.unique = unique
        self.minLength = minLength
        self.maxLength = maxLength
        self.minimum = minimum
        self.maximum = maximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
        self.pattern = pattern
        self.enum = enum


_NO_CONSTRAINTS = Constraints()


class Field(Record):
    """One field of a schema, as in Table Schema (with tablelint's ``aliases``)."""

    __slots__ = (
        "name", "title", "description", "type", "format", "constraints", "missingValues", "trueValues",
        "falseValues", "bareNumber", "decimalChar", "groupChar", "aliases",
    )

    def __init__(
        self, name: str, title: str | None = None, description: str | None = None, type: str = "string",
        format: str = "default", constraints: Constraints = _NO_CONSTRAINTS,
        missingValues: tuple[str, ...] | None = None, trueValues: tuple[str, ...] = ("true", "True", "TRUE", "1"),
        falseValues: tuple[str, ...] = ("false", "False", "FALSE", "0"), bareNumber: bool = True,
        decimalChar: str = ".", groupChar: str | None = None, aliases: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.title = title
        self.description = description
        self.type = type
        self.format = format
        self.constraints = constraints
        self.missingValues = missingValues
        self.trueValues = trueValues
        self.falseValues = falseValues
        self.bareNumber = bareNumber
        self.decimalChar = decimalChar
        self.groupChar = groupChar
        self.aliases = aliases


class Spec(Record):
    """A whole schema file: its fields, keys and missing values."""

    __slots__ = (
        "fields", "missingValues", "primary_key", "uniqueKeys", "name_field", "canonical_missing_value", "title",
        "description", "identifying_fields",
    )

    def __init__(
        self, fields: tuple[Field, ...], missingValues: tuple[str, ...] = ("",), primary_key: tuple[str, ...] = (),
        uniqueKeys: tuple[tuple[str, ...], ...] = (), name_field: str | None = None,
        canonical_missing_value: str | None = None, title: str | None = None, description: str | None = None,
        identifying_fields: tuple[str, ...] = (),
    ) -> None:
        self.fields = fields
        self.missingValues = missingValues
        self.primary_key = primary_key
        self.uniqueKeys = uniqueKeys
        self.name_field = name_field
        self.canonical_missing_value = canonical_missing_value
        self.title = title
        self.description = description
        self.identifying_fields = identifying_fields


def _constraints(model: ConstraintsModel) -> Constraints:
    return Constraints(
        required=model.required,
        unique=model.unique,
        minLength=model.minLength,
        maxLength=model.maxLength,
        minimum=model.minimum,
        maximum=model.maximum,
        exclusiveMinimum=model.exclusiveMinimum,
        exclusiveMaximum=model.exclusiveMaximum,
        pattern=model.pattern,
        enum=tuple(model.enum) if model.enum is not None else None,
    )


def _field(model: FieldSpec) -> Field:
    return Field(
        name=model.name,
        title=model.title,
        description=model.description,
        type=model.type,
        format=model.format,
        constraints=_constraints(model.constraints),
        missingValues=tuple(model.missingValues) if model.missingValues is not None else None,
        trueValues=tuple(model.trueValues),
        falseValues=tuple(model.falseValues),
        bareNumber=model.bareNumber,
        decimalChar=model.decimalChar,
        groupChar=model.groupChar,
        aliases=tuple(model.aliases),
    )


def compile_spec(model: SchemaFile) -> Spec:
    return Spec(
        fields=tuple(_field(field) for field in model.fields),
        missingValues=tuple(model.missingValues),
        primary_key=tuple(model.primary_key),
        uniqueKeys=tuple(tuple(key) for key in model.uniqueKeys or ()),
        name_field=model.name_field,
        canonical_missing_value=model.canonical_missing_value,
        title=model.title,
        description=model.description,
        identifying_fields=tuple(model.identifying_fields),
    )
