"""How tablelint's data files (the config, vocabulary files, the venue file)
are described and validated.

Each file format is a set of standard-library dataclasses: its keys, types,
defaults and descriptions are written once, there, in annotations such as
``Annotated[float, Field(gt=0, description="...")]``. pydantic validates a
file against them (``validate``), and the documentation and a JSON Schema
come from the same place (``json_schema``). Keys are kebab-case
(``max-file-size``); an unknown key is an error that suggests the nearest
known one, since a misspelt key would otherwise be a setting silently not
applied.

Why dataclasses and not pydantic models: the values live through the whole
run and are kept in the cache directory, and a run that reads them from
there must not import pydantic (some 45 ms, more than checking a small
file). A dataclass costs nothing to unpickle, and with ``from __future__
import annotations`` its annotations stay strings until pydantic resolves
them, when a file is validated: ``Field`` and the other pydantic names they
use are bound into the defining module then (see ``bind_annotation_names``).
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any, Self, TypeVar

from .record import Record

T = TypeVar("T")

# Begins the tags of the members of a tagged union, which pydantic puts in an
# error's location and which are no key of the file.
UNION_TAG = "~"

# The modules that define data-file dataclasses. Each may define
# ``_annotation_names()``: the type aliases its annotations use, built with
# pydantic once it is imported.
DATA_FILE_MODULES = ("tablelint.vocabulary", "tablelint.schema.venues", "tablelint.config")
_PYDANTIC_NAMES = (
    "Field", "AfterValidator", "BeforeValidator", "StringConstraints", "Discriminator", "Tag",
    "StrictBool", "StrictInt", "StrictFloat", "StrictStr",
)


def kebab(name: str) -> str:
    return name.replace("_", "-")


# The pydantic config of every data-file dataclass (``__pydantic_config__``):
# kebab-case keys, no unknown keys. Not strict as a whole, which would take
# only instances for a table, but every scalar is annotated StrictInt,
# StrictStr...: TOML and YAML say what type a value is, and "yes" is not true.
DATA_FILE_CONFIG: dict[str, Any] = {"extra": "forbid", "alias_generator": kebab, "populate_by_name": True}

@typing.dataclass_transform(kw_only_default=True, field_specifiers=(dataclasses.field,))
def data_file(cls: type[T]) -> type[T]:
    """Declares a data-file dataclass, a subclass of DataFileRecord: dataclass
    collects the fields, and the base gives the methods it would generate.
    Type checkers see the keyword-only ``__init__`` of the fields."""
    return dataclasses.dataclass(kw_only=True, init=False, repr=False, eq=False)(cls)


class DataFileRecord(Record):
    """The base of the data-file dataclasses (``@data_file``): pydantic's
    config, and the keyword-only ``__init__`` that ``@dataclass`` would write
    for each class, written once here from ``dataclasses.fields`` (generating
    it compiles code for every class, and the config's classes are defined on
    every run); Record's repr and equality, over the fields. pydantic does not
    call ``__init__``: it validates the fields and sets them itself."""

    __pydantic_config__ = DATA_FILE_CONFIG

    def __init__(self, **values: Any) -> None:
        missing = []
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            if field.init and field.name in values:
                value = values.pop(field.name)
            elif field.default_factory is not dataclasses.MISSING:
                value = field.default_factory()
            elif not field.init:
                continue  # as dataclass leaves it: the class attribute holds the default
            elif field.default is not dataclasses.MISSING:
                value = field.default
            else:
                missing.append(field.name)
                continue
            setattr(self, field.name, value)
        if missing:
            names = ", ".join(f"'{name}'" for name in missing)
            raise TypeError(f"{type(self).__qualname__}() missing keyword arguments: {names}")
        if values:
            raise TypeError(f"{type(self).__qualname__}() got an unexpected keyword argument '{next(iter(values))}'")

    def _shown_fields(self) -> Iterable[str]:
        return (field.name for field in dataclasses.fields(self) if field.repr)  # type: ignore[arg-type]

    def _astuple(self) -> tuple[Any, ...]:
        return tuple(
            getattr(self, field.name)
            for field in dataclasses.fields(self)  # type: ignore[arg-type]
            if field.compare
        )

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` (by attribute name) applied, unvalidated;
        the fields that are not keys of the file (a Settings' root and
        origin) are kept, which ``dataclasses.replace`` would reset."""
        copy = dataclasses.replace(self, **changes)  # type: ignore[type-var]
        for kept in dataclasses.fields(self):  # type: ignore[arg-type]
            if not kept.init:
                setattr(copy, kept.name, getattr(self, kept.name))
        return copy


def validate(kind: type[T], data: Any, where: str, error: Callable[[str], Exception]) -> T:
    """``data`` (as parsed from a file) validated as ``kind``; ``error(line)``
    raised with one line naming ``where`` and the key on bad input."""
    from pydantic import ValidationError

    try:
        return typing.cast(T, _adapter(typing.cast(Any, kind)).validate_python(data))
    except ValidationError as problem:
        raise error(one_line(where, problem, kind)) from None


def json_schema(kind: type) -> dict[str, Any]:
    """The JSON Schema of a data file, with kebab-case keys and descriptions."""
    return typing.cast(dict[str, Any], _adapter(kind).json_schema(by_alias=True))


@cache
def _adapter(kind: type) -> Any:
    from pydantic import TypeAdapter

    bind_annotation_names()
    return TypeAdapter(kind)


@lru_cache(maxsize=1)
def bind_annotation_names() -> None:
    """Make the names that data-file annotations use resolvable: call it
    before pydantic builds a validator of a type that holds one."""
    import pydantic
    from pydantic.json_schema import SkipJsonSchema

    for name in DATA_FILE_MODULES:
        module = sys.modules.get(name)
        if module is None:
            __import__(name)
            module = sys.modules[name]
        namespace = vars(module)
        for pydantic_name in _PYDANTIC_NAMES:
            namespace.setdefault(pydantic_name, getattr(pydantic, pydantic_name))
        namespace.setdefault("SkipJsonSchema", SkipJsonSchema)
        if "_annotation_names" in namespace:
            namespace.update(namespace["_annotation_names"]())


def did_you_mean(word: str, choices: Iterable[str], *, listing: bool = False) -> str:
    """``; did you mean 'x'?`` for the nearest choice, or nothing (or, with
    ``listing``, the choices themselves)."""
    import difflib

    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    # An abbreviation ("conf" for "conference") is too short for difflib's ratio.
    close = close or [choice for choice in choices if word and choice.lower().startswith(word.lower())][:1]
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; known: {', '.join(choices)}" if listing and choices else ""


_TYPE_NAMES = {
    "list_type": "an array", "tuple_type": "an array", "dict_type": "a table", "model_type": "a table",
    "dataclass_type": "a table", "dataclass_exact_type": "a table", "model_attributes_type": "a table",
    "string_type": "a string", "bool_type": "true or false", "int_type": "an integer", "float_type": "a number",
    "int_from_float": "an integer",
}


def one_line(where: str, error: Exception, root: type) -> str:
    """The first problem of a pydantic ValidationError as one line naming the
    file (``where``) and the key, with a suggestion for a misspelt key or value."""
    from pydantic_core import ValidationError

    if not isinstance(error, ValidationError):
        return f"{where}: {error}"
    first = error.errors(include_url=False)[0]
    location = tuple(part for part in first["loc"] if not str(part).startswith(("function-", UNION_TAG)))
    key = ".".join(_key_part(part) for part in location)
    kind = first["type"]
    value = first.get("input")
    context = first.get("ctx", {})
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        known = keys_at(root, location[:-1])
        message = f"unknown key '{key}'{did_you_mean(str(location[-1]), known, listing=True)}"
    elif kind in ("missing", "missing_keyword_argument"):
        message = f"'{key}' is missing"
    elif kind in _TYPE_NAMES:
        message = f"'{key}' must be {_TYPE_NAMES[kind]}, not {_type_name(value)}"
    elif kind == "literal_error":
        expected = context.get("expected", "")
        message = f"'{key}' must be {expected}, not {value!r}{did_you_mean(str(value), _literals(expected))}"
    elif kind in ("greater_than_equal", "greater_than"):
        if kind == "greater_than_equal":
            message = f"'{key}' must be {_number(context.get('ge'))} or more, not {value!r}"
        else:
            message = f"'{key}' must be more than {_number(context.get('gt'))}, not {value!r}"
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


def keys_at(root: type, location: tuple[Any, ...]) -> list[str]:
    """The keys the file format allows at ``location`` (a pydantic error location)."""
    current: Any = root
    for part in location:
        fields = _fields(current)
        if fields is None:
            return []
        # Not a field: a list index or a table's own key, inside the items' type.
        if part in fields:
            current = _record_in(fields[part])
    fields = _fields(current)
    return sorted(fields) if fields else []


def _fields(kind: Any) -> dict[str, Any] | None:
    """A data-file type's keys (as the file writes them) and their types."""
    if not isinstance(kind, type):
        return None
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind, vars(sys.modules[kind.__module__]), include_extras=True)
        return {kebab(field.name): hints[field.name] for field in dataclasses.fields(kind) if field.init}
    model_fields = getattr(kind, "model_fields", None)
    if model_fields is not None:
        return {info.alias or name: info.annotation for name, info in model_fields.items()}
    return None


def _record_in(annotation: Any) -> type | None:
    if _fields(annotation) is not None:
        return typing.cast(type, annotation)
    for argument in typing.get_args(annotation):
        if argument is types.NoneType:
            continue
        found = _record_in(argument)
        if found is not None:
            return found
    return None
