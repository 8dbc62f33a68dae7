"""Row models: each schema compiles once into a pydantic model of its rows,
kept as a pydantic-core validator (what rows.py validates rows with)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .types import annotated_type

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator

    from .compiled import Spec


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
