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
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FIELD_TYPES = (
    "string", "number", "integer", "boolean", "object", "array", "list", "date", "time",
    "datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any",
)

FieldType = Literal[
    "string", "number", "integer", "boolean", "object", "array", "list", "date", "time",
    "datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any",
]


class MisspeltKeyError(ValueError):
    pass


def _reject_misspelt_keys(data: Any, known: set[str]) -> Any:
    if isinstance(data, dict):
        for key in data:
            if key in known or not isinstance(key, str):
                continue
            close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
            if close:
                raise MisspeltKeyError(f"unknown key '{key}'; did you mean '{close[0]}'?")
    return data


class _Open(BaseModel):
    """A Table Schema object: extra properties allowed, near-misses rejected."""

    # defer_build: a schema loaded from the parse cache is never validated
    # again, so building validators at import would be wasted start-up time.
    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _check_keys(cls, data: Any) -> Any:
        known = set()
        for name, info in cls.model_fields.items():
            known.add(name)
            if info.alias:
                known.add(info.alias)
        return _reject_misspelt_keys(data, known)


class Constraints(_Open):
    required: bool = False
    unique: bool = False
    minLength: int | None = Field(default=None, ge=0)
    maxLength: int | None = Field(default=None, ge=0)
    minimum: int | float | str | None = None
    maximum: int | float | str | None = None
    exclusiveMinimum: int | float | str | None = None
    exclusiveMaximum: int | float | str | None = None
    pattern: str | None = None
    enum: list[Any] | None = None

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
    name: str = Field(min_length=1)
    title: str | None = None
    description: str | None = None
    type: FieldType = "string"
    format: str = "default"
    constraints: Constraints = Field(default_factory=Constraints)
    missingValues: list[str] | None = None
    trueValues: list[str] = Field(default_factory=lambda: ["true", "True", "TRUE", "1"])
    falseValues: list[str] = Field(default_factory=lambda: ["false", "False", "FALSE", "0"])
    bareNumber: bool = True
    decimalChar: str = "."
    groupChar: str | None = None
    # tablelint: header texts that name this field, in any language.
    aliases: list[str] = Field(default_factory=list)


class VocabularyTermSpec(_Open):
    """A canonical spelling with the other spellings that are right too."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    term: str = Field(min_length=1)
    variants: list[str] = Field(default_factory=list)


class VocabularySpec(_Open):
    terms: list[str | VocabularyTermSpec] = Field(default_factory=list)
    substitutions: dict[str, str] = Field(default_factory=dict)
    # Vocabulary files to merge in, relative to the schema file.
    include: list[str] = Field(default_factory=list)


class VenueSpec(_Open):
    name: str
    title: str | None = None
    aliases: list[str] = Field(default_factory=list)  # valid as written
    variants: list[str] = Field(default_factory=list)  # respelled to the name
    kind: str | None = None
    area: str | None = None


class PapersSpec(_Open):
    """tablelint: how paper verification (``--verify-papers``) reports this schema's tables."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)
    # published-preprint's severity: info (the default) or warning.
    published_preprint: Literal["info", "warning"] = Field(default="info", alias="published-preprint")


class SchemaFile(_Open):
    name: str | None = None
    title: str | None = None
    description: str | None = None
    fields: list[FieldSpec] = Field(min_length=1)
    missingValues: list[str] = Field(default_factory=lambda: [""])
    primaryKey: str | list[str] | None = None
    uniqueKeys: list[list[str]] | None = None
    foreignKeys: list[Any] | None = None
    name_field: str | None = Field(default=None, alias="name-field")
    # tablelint: fields whose columns mark a table as this schema's kind (a
    # paper list's venue or year); see schema/binding.py.
    identifying_fields: list[str] = Field(default_factory=list, alias="identifying-fields")
    # tablelint: the one way to write a missing value; the other missingValues
    # are then placeholders to replace (placeholder-cell). Without it, every
    # missing value the schema lists is fine as written.
    canonical_missing_value: str | None = Field(default=None, alias="canonical-missing-value")
    vocabulary: VocabularySpec | None = None
    venues: list[VenueSpec] | None = None
    papers: PapersSpec | None = None

    @model_validator(mode="after")
    def _check_references(self) -> SchemaFile:
        names = [field.name for field in self.fields]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"field names must be unique; repeated: {', '.join(duplicates)}")
        keys = [self.primaryKey] if isinstance(self.primaryKey, str) else list(self.primaryKey or [])
        for key in keys:
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
