"""The base of the pydantic models that validate tablelint's data files (the
config, vocabulary files, venue files), and the one-line error a bad file
gets.

Each file format is one model: its keys, types, defaults and descriptions are
written once, there, so the validator, the documentation and a JSON Schema
all come from the same place. Keys are kebab-case (``max-file-size``), and an
unknown key is an error that suggests the nearest known one, since a
misspelt key would otherwise be a setting silently not applied.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict


# Begins the tags of the members of a tagged union, which pydantic puts in an
# error's location and which are no key of the file.
UNION_TAG = "~"


def kebab(name: str) -> str:
    return name.replace("_", "-")


class DataFileModel(BaseModel):
    """A table of a data file: kebab-case keys, no unknown keys, no type
    coercion (TOML and YAML say what type a value is; ``"yes"`` is not true)."""

    # defer_build: the validator is built when a file is first validated, so
    # a run without a config file never pays for it.
    model_config = ConfigDict(
        extra="forbid", alias_generator=kebab, populate_by_name=True, strict=True, defer_build=True, frozen=False,
    )

    def replace(self, **changes: Any) -> typing.Self:
        """A copy with ``changes`` (by attribute name) applied, unvalidated,
        as ``dataclasses.replace``."""
        unknown = changes.keys() - type(self).model_fields.keys()
        if unknown:
            raise TypeError(f"{type(self).__qualname__} has no field {', '.join(sorted(unknown))}")
        return self.model_copy(update=changes)


def did_you_mean(word: str, choices: Iterable[str], *, listing: bool = False) -> str:
    """``; did you mean 'x'?`` for the nearest choice, or nothing (or, with
    ``listing``, the choices themselves)."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    # An abbreviation ("conf" for "conference") is too short for difflib's ratio.
    close = close or [choice for choice in choices if word and choice.lower().startswith(word.lower())][:1]
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; known: {', '.join(choices)}" if listing and choices else ""


_TYPE_NAMES = {
    "list_type": "an array", "tuple_type": "an array", "dict_type": "a table", "model_type": "a table",
    "model_attributes_type": "a table", "string_type": "a string", "bool_type": "true or false",
    "int_type": "an integer", "float_type": "a number", "int_from_float": "an integer",
}


def one_line(where: str, error: Exception, model: type[BaseModel]) -> str:
    """The first problem of a pydantic ValidationError as one line naming the
    file (``where``) and the key, with a suggestion for a misspelt key."""
    from pydantic_core import ValidationError

    if not isinstance(error, ValidationError):
        return f"{where}: {error}"
    first = error.errors(include_url=False)[0]
    location = tuple(part for part in first["loc"] if not str(part).startswith(("function-", UNION_TAG)))
    key = ".".join(_key_part(part) for part in location)
    kind = first["type"]
    value = first.get("input")
    if kind == "extra_forbidden":
        known = _keys_at(model, location[:-1])
        message = f"unknown key '{key}'{did_you_mean(str(location[-1]), known, listing=True)}"
    elif kind == "missing":
        message = f"'{key}' is missing"
    elif kind in _TYPE_NAMES:
        message = f"'{key}' must be {_TYPE_NAMES[kind]}, not {_type_name(value)}"
    elif kind == "literal_error":
        expected = first.get("ctx", {}).get("expected", "")
        message = f"'{key}' must be {expected}, not {value!r}{did_you_mean(str(value), _literals(expected))}"
    elif kind in ("greater_than_equal", "greater_than"):
        bound = _number(first.get("ctx", {}).get("ge", first.get("ctx", {}).get("gt")))
        message = f"'{key}' must be {bound} or more" if kind == "greater_than_equal" else f"'{key}' must be more than {bound}"
        message += f", not {value!r}"
    elif kind == "string_too_short":
        message = f"'{key}' must not be empty"
    else:
        text = first["msg"].removeprefix("Value error, ")
        message = (f"'{key}' {text}" if text.startswith("must ") else f"'{key}': {text}") if key else text
    more = len(error.errors()) - 1
    return f"{where}: {message}" + (f" (and {more} more problem{'s' if more != 1 else ''})" if more else "")


def _key_part(part: Any) -> str:
    """A key as TOML writes it in a dotted key: quoted unless bare."""
    text = str(part)
    return text if text and all(c.isascii() and (c.isalnum() or c in "-_") for c in text) else f'"{text}"'


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _type_name(value: Any) -> str:
    return {list: "an array", dict: "a table", str: "a string", bool: "a boolean", int: "an integer",
            float: "a number"}.get(type(value), type(value).__name__)


def _literals(expected: str) -> list[str]:
    return [part.strip(" '") for part in expected.replace(" or ", ", ").split(",") if part.strip(" '")]


def _keys_at(model: type[BaseModel], location: tuple[Any, ...]) -> list[str]:
    """The keys the model allows at ``location`` (a pydantic error location)."""
    current: Any = model
    for part in location:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = next((f for name, f in current.model_fields.items() if part in (name, f.alias)), None)
            # Not a field: a list index or a table's own key, inside the items' model.
            if field is not None:
                current = _model_in(field.annotation)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        if argument is types.NoneType:
            continue
        found = _model_in(argument)
        if found is not None:
            return found
    return None
