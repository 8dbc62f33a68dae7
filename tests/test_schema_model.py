"""The schema file model (schema/model.py, pydantic) and the compiled form a
run uses (schema/compiled.py) hold the same keys: a key added to one and not
the other fails here, and every value set in a file reaches the compiled form."""

from __future__ import annotations

from typing import Any

from tablelint.schema import compiled, model

# Schema-file keys that the loader handles itself rather than the compiled Spec.
LOADER_KEYS = {"name", "vocabulary", "venues", "extends", "papers"}
# Table Schema keys accepted for compatibility and not used, and the file's own $schema.
IGNORED_KEYS = {"foreignKeys", "schema_url"}
IGNORED_FIELD_KEYS = {"example", "rdfType"}
# Model key -> compiled attribute, where the two are spelled differently.
RENAMED = {"primaryKey": "primary_key"}


def _model_keys(cls: type) -> set[str]:
    return set(cls.model_fields)  # type: ignore[attr-defined]


def test_constraints_agree() -> None:
    assert _model_keys(model.Constraints) == set(compiled.Constraints.__slots__)


def test_fields_agree() -> None:
    assert _model_keys(model.FieldSpec) - IGNORED_FIELD_KEYS == set(compiled.Field.__slots__)


def test_schema_files_agree() -> None:
    keys = {RENAMED.get(key, key) for key in _model_keys(model.SchemaFile)} - LOADER_KEYS - IGNORED_KEYS
    assert keys == set(compiled.Spec.__slots__)


def _every_key_set() -> dict[str, Any]:
    return {
        "title": "T", "description": "D", "missingValues": ["", "NULL"], "primaryKey": ["a"],
        "uniqueKeys": [["b"]], "name-field": "a", "identifying-fields": ["a", "b"],
        "canonical-missing-value": "NULL",
        "fields": [
            {"name": "a", "title": "A", "description": "first", "type": "string", "format": "default",
             "aliases": ["Alpha"], "missingValues": ["-"], "constraints": {
                 "required": True, "unique": True, "minLength": 1, "maxLength": 9, "pattern": "[a-z]+",
                 "enum": ["x", "y"]}},
            {"name": "b", "type": "number", "bareNumber": False, "decimalChar": ",", "groupChar": ".",
             "constraints": {"minimum": 1, "maximum": 9, "exclusiveMinimum": 0, "exclusiveMaximum": 10}},
            {"name": "c", "type": "boolean", "trueValues": ["ja"], "falseValues": ["nein"]},
        ],
    }


def test_every_value_in_a_file_reaches_the_compiled_form() -> None:
    spec = compiled.compile_spec(model.SchemaFile.model_validate(_every_key_set()))
    assert (spec.title, spec.description, spec.missingValues) == ("T", "D", ("", "NULL"))
    assert (spec.primary_key, spec.uniqueKeys, spec.name_field) == (("a",), (("b",),), "a")
    assert (spec.identifying_fields, spec.canonical_missing_value) == (("a", "b"), "NULL")
    first, second, third = spec.fields
    assert (first.title, first.description, first.aliases, first.missingValues) == ("A", "first", ("Alpha",), ("-",))
    c = first.constraints
    assert (c.required, c.unique, c.minLength, c.maxLength, c.pattern, c.enum) == (True, True, 1, 9, "[a-z]+",
                                                                                  ("x", "y"))
    c = second.constraints
    assert (c.minimum, c.maximum, c.exclusiveMinimum, c.exclusiveMaximum) == (1, 9, 0, 10)
    assert (second.bareNumber, second.decimalChar, second.groupChar) == (False, ",", ".")
    assert (third.trueValues, third.falseValues) == (("ja",), ("nein",))
