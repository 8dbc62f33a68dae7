"""The schema file format: a superset of Frictionless Table Schema.

Any valid Table Schema descriptor loads as is (``fields[].name/title/
description/type/format/constraints``, ``missingValues``, ``primaryKey``,
``foreignKeys``, ``uniqueKeys``, and the extra properties the spec allows).
tablelint adds, for Markdown tables:

- ``fields[].aliases``: header texts that name the field, in any language;
- ``fields[].format: venue-year`` (``arXiv 2022``) and ``references`` (a cell
  of URLs: Markdown links, autolinks, bare URLs);
- ``name-field``: the field holding each row's name, for the naming rules;
- ``identifying-fields``: fields whose columns mark a table as this schema's
  kind, so that a table binds by covering some of the schema's fields
  (``tablelint.schema.binding`` says how); without it, a table binds by its
  headers only when every header names a field;
- ``canonical-missing-value``: how a missing value should be written; the
  schema's other ``missingValues`` are then reported as placeholders;
- ``vocabulary``: canonical terms (each with its accepted ``variants``) and
  substitutions (or files holding them);
- ``venues``: extra venues for venue-year fields.

Unknown keys are allowed, as Table Schema allows them, except one that looks
like a misspelling of a known key: that is an error with a suggestion.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..vocabulary import VocabularyTable
from .venues import VenueEntry

FieldType = Literal[
    "string", "number", "integer", "boolean", "object", "array", "list", "date", "time",
    "datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any",
]


class MisspeltKeyError(ValueError):
    pass


# Keys of one's own are allowed when they begin with this, as OpenAPI's
# extensions do; any other unknown key is an error, so that a misspelt key
# is never a setting silently ignored.
EXTENSION_PREFIX = "x-"


def _reject_unknown_keys(data: Any, known: set[str]) -> Any:
    if isinstance(data, dict):
        for key in data:
            if key in known or not isinstance(key, str) or key.startswith(EXTENSION_PREFIX):
                continue
            close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"a key of your own begins with '{EXTENSION_PREFIX}'"
            raise MisspeltKeyError(f"unknown key '{key}'; {hint}")
    return data


class _Open(BaseModel):
    """A Table Schema object: its keys, tablelint's, and keys beginning with
    ``x-``; any other key is an error (the JSON Schema says the same)."""

    # defer_build: a schema loaded from the parse cache is never validated
    # again, so building validators at import would be wasted start-up time.
    model_config = ConfigDict(
        extra="allow", populate_by_name=True, defer_build=True,
        json_schema_extra={"additionalProperties": False, "patternProperties": {"^x-": {}}},
    )

    @model_validator(mode="before")
    @classmethod
    def _check_keys(cls, data: Any) -> Any:
        aliases = {info.alias for info in cls.model_fields.values() if info.alias}
        return _reject_unknown_keys(data, cls.model_fields.keys() | aliases)


Bound = int | float | str


class Constraints(_Open):
    """What every value of a field must satisfy (Table Schema constraints)."""

    required: bool = Field(False, description="Every row has a value (a missing value is an error).")
    unique: bool = Field(False, description="No two rows have the same value.")
    minLength: int | None = Field(None, ge=0, description="The fewest characters a value may have.")
    maxLength: int | None = Field(None, ge=0, description="The most characters a value may have.")
    minimum: Bound | None = Field(None, description="The smallest value allowed.")
    maximum: Bound | None = Field(None, description="The largest value allowed.")
    exclusiveMinimum: Bound | None = Field(None, description="Values must be larger than this.")
    exclusiveMaximum: Bound | None = Field(None, description="Values must be smaller than this.")
    pattern: str | None = Field(
        None, description="A regular expression every value matches in full.", json_schema_extra={"format": "regex"})
    enum: list[Any] | None = Field(None, description="The only values allowed.")

    @field_validator("pattern")
    @classmethod
    def _check_pattern(cls, pattern: str | None) -> str | None:
        # Compiled here, so that a broken pattern is reported at its key
        # when the schema loads, not as a crash when a cell meets it.
        if pattern is not None:
            import re

            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"not a valid regular expression: {error}") from None
        return pattern


class FieldSpec(_Open):
    """One column of a table (a Table Schema field)."""

    name: str = Field(min_length=1, description="The field's name: its key in extract's output.")
    title: str | None = Field(None, description="A human-readable name; a header with this text names the field.")
    description: str | None = Field(None, description="What the field holds.")
    example: Any = Field(None, description="An example value (Table Schema).")
    rdfType: str | None = Field(None, description="The RDF type of the values (Table Schema).")
    type: FieldType = Field("string", description="The type of the values.")
    format: str = Field(
        "default", description="A format within the type: email, uri, a date pattern, venue-year, references.")
    constraints: Constraints = Field(default_factory=Constraints, description="What every value must satisfy.")
    missingValues: list[str] | None = Field(
        None, description="Texts that stand for a missing value in this field; the schema's by default.")
    trueValues: list[str] = Field(
        default_factory=lambda: ["true", "True", "TRUE", "1"], description="Texts read as true (type boolean).")
    falseValues: list[str] = Field(
        default_factory=lambda: ["false", "False", "FALSE", "0"], description="Texts read as false (type boolean).")
    bareNumber: bool = Field(
        True, description="Whether a number is written alone; false allows text around it (type number).")
    decimalChar: str = Field(".", description="The decimal separator (type number).")
    groupChar: str | None = Field(None, description="The thousands separator (type number and integer).")
    aliases: list[str] = Field(
        default_factory=list, description="tablelint: more header texts that name this field, in any language.")


@dataclass(kw_only=True)
class VocabularySpec(VocabularyTable):
    """A vocabulary file's keys, and files to merge in."""

    include: Annotated[list[str], Field(description=(
        "Vocabulary files to merge in, relative to the schema file."))] = dataclass_field(default_factory=list)


class PapersSpec(_Open):
    """tablelint: how paper verification (``--verify-papers``) reports this schema's tables."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)
    published_preprint: Literal["info", "warning"] = Field(
        default="info", alias="published-preprint",
        description="published-preprint's severity for this schema's tables: info (the default) or warning.")


class SchemaFile(_Open):
    """A tablelint schema file: a Frictionless Table Schema with tablelint's
    keys. With ``extends``, it adds to another schema."""

    model_config = ConfigDict(
        json_schema_extra={
            "additionalProperties": False, "patternProperties": {"^x-": {}},
            "anyOf": [{"required": ["fields"], "properties": {"fields": {"minItems": 1}}}, {"required": ["extends"]}],
        },
    )

    schema_url: str | None = Field(None, alias="$schema", description="The JSON Schema this file follows.")
    extends: str | None = Field(
        None, description="tablelint: a schema this one adds to, by name (paper-list) or file (relative to this "
                          "one): its fields, venues and vocabulary come first; a field named again gains the "
                          "aliases and keys given here.")
    name: str | None = Field(None, description="The schema's name; the file name without its suffix by default.")
    title: str | None = Field(None, description="A human-readable name.")
    description: str | None = Field(None, description="What tables of this kind hold.")
    fields: list[FieldSpec] = Field(default_factory=list, description="The columns, in order.")
    missingValues: list[str] = Field(
        default_factory=lambda: [""], description="Texts that stand for a missing value in every field.")
    primaryKey: str | list[str] | None = Field(
        None, description="The field (or fields) whose value no two rows share.")
    uniqueKeys: list[list[str]] | None = Field(None, description="Groups of fields whose values no two rows share.")
    foreignKeys: list[Any] | None = Field(None, description="References to other tables (Table Schema; not checked).")
    name_field: str | None = Field(
        None, alias="name-field", description="tablelint: the field holding each row's name, for the naming rules.")
    identifying_fields: list[str] = Field(
        default_factory=list, alias="identifying-fields",
        description="tablelint: fields whose columns mark a table as this schema's kind: a table binds by "
                    "covering some of them (see schema/binding.py).")
    canonical_missing_value: str | None = Field(
        None, alias="canonical-missing-value",
        description="tablelint: the one way to write a missing value; the schema's other missingValues are then "
                    "placeholders to replace.")
    vocabulary: VocabularySpec | None = Field(
        None, description="tablelint: canonical terms and substitutions for the naming rules.")
    venues: list[VenueEntry] | None = Field(None, description="tablelint: venues for venue-year fields, added to "
                                                              "the built-in ones or redefining them.")
    papers: PapersSpec | None = Field(
        None, description="tablelint: how paper verification (--verify-papers) reports this schema's tables.")

    @model_validator(mode="after")
    def _check_references(self) -> SchemaFile:
        if not self.fields:
            raise ValueError("a schema lists at least one field in 'fields' (or extends another schema)")
        names = [field.name for field in self.fields]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"field names must be unique; repeated: {', '.join(duplicates)}")
        for key in self.primary_key:
            if key not in names:
                raise ValueError(f"primaryKey '{key}' is not a field{_did_you_mean(key, names)}")
        if self.name_field is not None and self.name_field not in names:
            raise ValueError(f"name-field '{self.name_field}' is not a field{_did_you_mean(self.name_field, names)}")
        for name in self.identifying_fields:
            if name not in names:
                raise ValueError(f"identifying-fields: '{name}' is not a field{_did_you_mean(name, names)}")
        return self

    @property
    def primary_key(self) -> list[str]:
        if self.primaryKey is None:
            return []
        return [self.primaryKey] if isinstance(self.primaryKey, str) else list(self.primaryKey)


def _did_you_mean(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
