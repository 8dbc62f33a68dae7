"""Table Schema field types as pydantic-annotated Python types.

Each field type becomes ``Annotated[T, ...]``: pydantic's own constraints
where Table Schema and pydantic agree (string lengths), and validators where
Table Schema has its own rules (``trueValues``, ``bareNumber``, whole-value
``pattern``, ``enum`` over typed values, the date formats). Validators raise
``PydanticCustomError`` with one of two types, so each error maps to a rule:
``tablelint_type`` (type-error) or ``tablelint_constraint`` (constraint-error).

Every validator is a module-level function, bound to its field with
``functools.partial``: the compiled row validator is pickled into the schema
cache, and pickle keeps functions by reference.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic_core import PydanticCustomError

from .. import lazy_re

if TYPE_CHECKING:
    from .compiled import Field

TYPE_ERROR = "tablelint_type"
CONSTRAINT_ERROR = "tablelint_constraint"

_EMAIL = lazy_re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DURATION = lazy_re.compile(
    r"P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?"
)
_YEARMONTH = lazy_re.compile(r"(\d{4})-(\d{2})")
_INTEGER = lazy_re.compile(r"[-+]?\d+")
_YEAR = lazy_re.compile(r"[-+]?\d{4}")
_NUMBER_CORE = lazy_re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_SPECIAL_NUMBERS = {"NaN": float("nan"), "INF": float("inf"), "-INF": float("-inf")}
_ANY_DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y.%m.%d", "%B %d, %Y", "%d %B %Y", "%b %d, %Y",
)
_URL_STOPS = "，。；、）》」"
# An autolink holds no "<" (CommonMark): without it in the class, each unclosed
# "<http://" would be read to the end of the cell, a time quadratic in the cell.
_URL = lazy_re.compile(rf"""<(https?://[^<>\s]+)>|\]\((https?://[^)\s]+)|(https?://[^\s<>)\]{_URL_STOPS}]+)""")
# For text without those stops, most of it: a class holding them compiles much
# slower than one within Latin-1.
_URL_IN_TEXT_WITHOUT_STOPS = lazy_re.compile(_URL.pattern.replace(_URL_STOPS, ""))


def _type_error(message: str) -> PydanticCustomError:
    return PydanticCustomError(TYPE_ERROR, message)


def _constraint_error(message: str) -> PydanticCustomError:
    return PydanticCustomError(CONSTRAINT_ERROR, message)


# Text to value, one function per type; the field comes first (bound by partial).

def _number_text(field: Field, text: str) -> str:
    if field.groupChar:
        text = text.replace(field.groupChar, "")
    if field.decimalChar != ".":
        text = text.replace(field.decimalChar, ".")
    if not field.bareNumber:
        found = _NUMBER_CORE.search(text)
        if found:
            return found.group(0)
    return text


def parse_integer(field: Field, text: str) -> int:
    cleaned = _number_text(field, text.strip())
    if not _INTEGER.fullmatch(cleaned):
        raise _type_error(f"'{text}' is not an integer")
    return int(cleaned)


def parse_number(field: Field, text: str) -> float | Decimal:
    stripped = text.strip()
    if stripped in _SPECIAL_NUMBERS:
        return _SPECIAL_NUMBERS[stripped]
    cleaned = _number_text(field, stripped)
    if not _NUMBER_CORE.fullmatch(cleaned):
        raise _type_error(f"'{text}' is not a number")
    try:
        return Decimal(cleaned) if "." in cleaned and len(cleaned) > 15 else float(cleaned)
    except InvalidOperation:
        raise _type_error(f"'{text}' is not a number") from None


def parse_boolean(field: Field, text: str) -> bool:
    if text in field.trueValues:
        return True
    if text in field.falseValues:
        return False
    choices = ", ".join([*field.trueValues[:2], *field.falseValues[:2]])
    raise _type_error(f"'{text}' is not a boolean (use one of {choices}…)")


def parse_temporal(field: Field, text: str) -> Any:
    kind, fmt = field.type, field.format
    value = text.strip()
    try:
        if fmt == "default":
            if kind == "date":
                return dt.date.fromisoformat(value)
            if kind == "time":
                return dt.time.fromisoformat(value)
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if fmt == "any":
            if kind == "date":
                for candidate in _ANY_DATE_FORMATS:
                    try:
                        return dt.datetime.strptime(value, candidate).date()
                    except ValueError:
                        continue
                return dt.date.fromisoformat(value)
            if kind == "time":
                return dt.time.fromisoformat(value)
            return dt.datetime.fromisoformat(value)
        parsed = dt.datetime.strptime(value, fmt)
        return parsed.date() if kind == "date" else parsed.time() if kind == "time" else parsed
    except ValueError:
        expected = "ISO 8601" if fmt == "default" else fmt
        raise _type_error(f"'{text}' is not a {kind} ({expected})") from None


def parse_year(field: Field, text: str) -> int:
    if not _YEAR.fullmatch(text.strip()):
        raise _type_error(f"'{text}' is not a four-digit year")
    return int(text)


def parse_yearmonth(field: Field, text: str) -> str:
    found = _YEARMONTH.fullmatch(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise _type_error(f"'{text}' is not a year and month (YYYY-MM)")
    return text.strip()


def parse_duration(field: Field, text: str) -> str:
    if not _DURATION.fullmatch(text.strip()):
        raise _type_error(f"'{text}' is not an ISO 8601 duration (like P1Y2M or PT30M)")
    return text.strip()


def parse_json(field: Field, text: str) -> Any:
    import json  # here: few schemas have a JSON field, and a check need not import json

    kind, label = {"object": (dict, "object"), "array": (list, "array"), "geojson": (dict, "geojson")}[field.type]
    try:
        value = json.loads(text)
    except ValueError:
        raise _type_error(f"'{text}' is not a JSON {label}") from None
    if not isinstance(value, kind):
        raise _type_error(f"'{text}' is not a JSON {label}")
    return value


def parse_list(field: Field, text: str) -> list[str]:
    return [item.strip() for item in text.split(",")]


def parse_geopoint(field: Field, text: str) -> list[float]:
    parts = text.split(",")
    try:
        lon, lat = (float(part) for part in parts)
    except ValueError:
        raise _type_error(f"'{text}' is not a geopoint ('lon, lat')") from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise _type_error(f"'{text}' is outside longitude/latitude range")
    return [lon, lat]


def parse_email(field: Field, text: str) -> str:
    if not _EMAIL.fullmatch(text):
        raise _type_error(f"'{text}' is not an email address")
    return text


def parse_uri(field: Field, text: str) -> str:
    parts = urlsplit(text)
    if not parts.scheme or not (parts.netloc or parts.path):
        raise _type_error(f"'{text}' is not a URI")
    return text


def parse_uuid(field: Field, text: str) -> str:
    try:
        uuid.UUID(text)
    except ValueError:
        raise _type_error(f"'{text}' is not a UUID") from None
    return text


def parse_binary(field: Field, text: str) -> str:
    import base64  # here: few schemas have a binary field

    try:
        base64.b64decode(text, validate=True)
    except ValueError:
        raise _type_error(f"'{text}' is not base64") from None
    return text


@lru_cache(maxsize=65536)
def _venue_year(text: str) -> Any:
    from .venues import venue_year_value

    return venue_year_value(text, current_year=_this_year())


def parse_venue_year(field: Field, text: str) -> Any:
    """``{"venue": "arXiv", "year": 2022}``; a malformed source is not a type
    error (malformed-source reports it, with its fix), so it stays text.
    Cached: a list repeats its sources."""
    return _venue_year(text)


@lru_cache(maxsize=1)
def _this_year() -> int:
    return dt.date.today().year


def parse_references(field: Field, text: str) -> list[str]:
    """The URLs in a references cell (links, autolinks, bare URLs), in order."""
    stops = not text.isascii() and any(stop in text for stop in _URL_STOPS)
    pattern = _URL if stops else _URL_IN_TEXT_WITHOUT_STOPS
    return [next(group for group in found.groups() if group) for found in pattern.finditer(text)]


_BY_TYPE = {
    "integer": parse_integer, "number": parse_number, "boolean": parse_boolean, "date": parse_temporal,
    "time": parse_temporal, "datetime": parse_temporal, "year": parse_year, "yearmonth": parse_yearmonth,
    "duration": parse_duration, "object": parse_json, "array": parse_json, "geojson": parse_json,
    "list": parse_list, "geopoint": parse_geopoint,
}
_BY_STRING_FORMAT = {
    "email": parse_email, "uri": parse_uri, "uuid": parse_uuid, "binary": parse_binary,
    "venue-year": parse_venue_year, "references": parse_references,
}


def value_parser(field: Field) -> Callable[[str], Any] | None:
    """Text → typed value for one field (raising tablelint_type errors), or
    None when the text is the value (a plain string)."""
    function = _BY_STRING_FORMAT.get(field.format) if field.type == "string" else _BY_TYPE.get(field.type)
    return partial(function, field) if function else None


# Checks on a typed value, bound to their parameters by partial.

def _parse_if_text(parse: Callable[[str], Any], value: Any) -> Any:
    return parse(value) if isinstance(value, str) else value


def check_enum(allowed: tuple[Any, ...], shown: str, value: Any) -> Any:
    if value not in allowed:
        raise _constraint_error(f"must be one of {shown}{_nearest(value, allowed)}")
    return value


def _nearest(value: Any, allowed: tuple[Any, ...]) -> str:
    """``; did you mean 'x'?`` for the allowed value a typo most likely meant."""
    import difflib

    text = str(value)
    by_text = {str(item): item for item in allowed}
    same_case = [item for written, item in by_text.items() if written.casefold() == text.casefold()]
    close = same_case or [by_text[match] for match in difflib.get_close_matches(text, list(by_text), n=1, cutoff=0.6)]
    return f"; did you mean {close[0]!r}?" if close else ""


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def check_pattern(pattern: str, value: Any) -> Any:
    if not _compiled(pattern).fullmatch(str(value)):
        raise _constraint_error(f"does not match the pattern {pattern}")
    return value


def check_length(low: int | None, high: int | None, value: Any) -> Any:
    size = len(value) if hasattr(value, "__len__") else len(str(value))
    if (low is not None and size < low) or (high is not None and size > high):
        raise _constraint_error(f"length {size} is outside {low or 0}..{high if high is not None else '∞'}")
    return value


_OPERATORS = {
    "minimum": (lambda v, b: v >= b, "at least"),
    "maximum": (lambda v, b: v <= b, "at most"),
    "exclusiveMinimum": (lambda v, b: v > b, "more than"),
    "exclusiveMaximum": (lambda v, b: v < b, "less than"),
}


def check_range(bounds: tuple[tuple[str, Any, Any], ...], value: Any) -> Any:
    for key, bound, written in bounds:
        operator, words = _OPERATORS[key]
        try:
            ok = operator(value, bound)
        except TypeError:
            ok = True
        if not ok:
            raise _constraint_error(f"must be {words} {written}")
    return value


def _typed_constant(field: Field, parse: Callable[[str], Any] | None, value: Any) -> Any:
    """A constraint's value (an enum member, a bound) in the field's type."""
    if parse is not None and isinstance(value, str) and field.type != "string":
        try:
            return parse(value)
        except PydanticCustomError:
            return value
    return value


def annotated_type(field: Field) -> Any:
    """``Annotated[...]`` for one field, taking the cell's text as input."""
    from typing import Annotated

    from pydantic import AfterValidator, BeforeValidator
    from pydantic import Field as Constraint

    parse = value_parser(field)
    c = field.constraints
    metadata: list[Any] = []
    if parse is not None:
        metadata.append(BeforeValidator(partial(_parse_if_text, parse)))
    plain_string = field.type == "string" and field.format in ("default", "email", "uri", "uuid", "binary")
    if c.minLength is not None or c.maxLength is not None:
        if plain_string:
            metadata.append(Constraint(min_length=c.minLength, max_length=c.maxLength))
        else:
            metadata.append(AfterValidator(partial(check_length, c.minLength, c.maxLength)))
    if c.pattern:
        metadata.append(AfterValidator(partial(check_pattern, c.pattern)))
    if c.enum is not None:
        allowed = tuple(_typed_constant(field, parse, item) for item in c.enum)
        shown = ", ".join(repr(item) for item in c.enum[:8])
        metadata.append(AfterValidator(partial(check_enum, allowed, shown)))
    bounds = tuple(
        (key, _typed_constant(field, parse, getattr(c, key)), getattr(c, key))
        for key in _OPERATORS if getattr(c, key) is not None
    )
    if bounds:
        metadata.append(AfterValidator(partial(check_range, bounds)))
    base: Any = str if plain_string else Any
    return Annotated[(base, *metadata)] if metadata else base
