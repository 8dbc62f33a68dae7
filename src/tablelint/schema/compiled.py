"""A validated schema file in plain named tuples: what a run uses.

``model.py`` is the file format, validated by pydantic when a schema file is
read for the first time. The result is copied into these classes, which
keep Table Schema's attribute names, and cached (see loader.py): a later run
reads them back without importing pydantic's model machinery, which costs
more start-up time than checking a small file.

Named tuples, not frozen dataclasses: every run that reads a cached schema
defines these classes, and a frozen dataclass with a dozen fields takes
~1.5 ms to define (its methods are generated and compiled), a named tuple
a quarter of that. Made by ``collections.namedtuple``, not as
``typing.NamedTuple`` classes: the same classes, without the compiling of
each field's annotation, which would cost as much again. Each field's type
is in a comment.
"""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Constraints as ConstraintsModel
    from .model import FieldSpec, SchemaFile


# A field's ``constraints``, as in Table Schema.
Constraints = namedtuple(
    "Constraints",
    (
        "required",  # bool
        "unique",  # bool
        "minLength",  # int | None
        "maxLength",  # int | None
        "minimum",  # Any
        "maximum",  # Any
        "exclusiveMinimum",  # Any
        "exclusiveMaximum",  # Any
        "pattern",  # str | None
        "enum",  # tuple[Any, ...] | None
    ),
    defaults=(False, False, None, None, None, None, None, None, None, None),
)

# One field of a schema, as in Table Schema (with tablelint's ``aliases``).
Field = namedtuple(
    "Field",
    (
        "name",  # str
        "title",  # str | None
        "description",  # str | None
        "type",  # str
        "format",  # str
        "constraints",  # Constraints
        "missingValues",  # tuple[str, ...] | None
        "trueValues",  # tuple[str, ...]
        "falseValues",  # tuple[str, ...]
        "bareNumber",  # bool
        "decimalChar",  # str
        "groupChar",  # str | None
        "aliases",  # tuple[str, ...]
    ),
    defaults=(
        None, None, "string", "default", Constraints(), None, ("true", "True", "TRUE", "1"),
        ("false", "False", "FALSE", "0"), True, ".", None, (),
    ),
)

# A whole schema file: its fields, keys and missing values.
Spec = namedtuple(
    "Spec",
    (
        "fields",  # tuple[Field, ...]
        "missingValues",  # tuple[str, ...]
        "primary_key",  # tuple[str, ...]
        "uniqueKeys",  # tuple[tuple[str, ...], ...]
        "name_field",  # str | None
        "canonical_missing_value",  # str | None
        "title",  # str | None
        "description",  # str | None
    ),
    defaults=(("",), (), (), None, None, None, None),
)


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
    )
