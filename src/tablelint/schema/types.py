"""Table Schema field types as pydantic-annotated Python types.

Each field type becomes ``Annotated[T, ...]``: pydantic's own constraints
where Table Schema and pydantic agree (lengths, bounds), and a validator where
Table Schema has its own rules (``trueValues``, ``bareNumber``, whole-value
``pattern``, ``enum`` over typed values, the date formats). Validators raise
``PydanticCustomError`` with one of two types, so each error maps to a rule:
``tablelint_type`` (type-error) or ``tablelint_constraint`` (constraint-error).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from .model import FieldSpec

TYPE_ERROR = "tablelint_type"
CONSTRAINT_ERROR = "tablelint_constraint"

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DURATION = re.compile(
    r"P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?"
)
_YEARMONTH = re.compile(r"(\d{4})-(\d{2})")
_NUMBER_CORE = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_SPECIAL_NUMBERS = {"NaN": float("nan"), "INF": float("inf"), "-INF": float("-inf")}
_ANY_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y.%m.%d", "%B %d, %Y", "%d %B %Y", "%b %d, %Y")


def _type_error(message: str) -> PydanticCustomError:
    return PydanticCustomError(TYPE_ERROR, message)


def _constraint_error(message: str) -> PydanticCustomError:
    return PydanticCustomError(CONSTRAINT_ERROR, message)


def _number_text(spec: FieldSpec, text: str) -> str:
    if spec.groupChar:
        text = text.replace(spec.groupChar, "")
    if spec.decimalChar != ".":
        text = text.replace(spec.decimalChar, ".")
    if not spec.bareNumber:
        found = _NUMBER_CORE.search(text)
        if found:
            return found.group(0)
    return text


def _parse_integer(spec: FieldSpec) -> Callable[[str], int]:
    def parse(text: str) -> int:
        cleaned = _number_text(spec, text.strip())
        if not re.fullmatch(r"[-+]?\d+", cleaned):
            raise _type_error(f"'{text}' is not an integer")
        return int(cleaned)

    return parse


def _parse_number(spec: FieldSpec) -> Callable[[str], float | Decimal]:
    def parse(text: str) -> float | Decimal:
        stripped = text.strip()
        if stripped in _SPECIAL_NUMBERS:
            return _SPECIAL_NUMBERS[stripped]
        cleaned = _number_text(spec, stripped)
        if not _NUMBER_CORE.fullmatch(cleaned):
            raise _type_error(f"'{text}' is not a number")
        try:
            return Decimal(cleaned) if "." in cleaned and len(cleaned) > 15 else float(cleaned)
        except InvalidOperation:
            raise _type_error(f"'{text}' is not a number") from None

    return parse


def _parse_boolean(spec: FieldSpec) -> Callable[[str], bool]:
    def parse(text: str) -> bool:
        if text in spec.trueValues:
            return True
        if text in spec.falseValues:
            return False
        choices = ", ".join([*spec.trueValues[:2], *spec.falseValues[:2]])
        raise _type_error(f"'{text}' is not a boolean (use one of {choices}…)")

    return parse


def _strptime_parser(kind: str, fmt: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
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

    return parse


def _parse_year(text: str) -> int:
    if not re.fullmatch(r"[-+]?\d{4}", text.strip()):
        raise _type_error(f"'{text}' is not a four-digit year")
    return int(text)


def _parse_yearmonth(text: str) -> str:
    found = _YEARMONTH.fullmatch(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise _type_error(f"'{text}' is not a year and month (YYYY-MM)")
    return text.strip()


def _parse_duration(text: str) -> str:
    if not _DURATION.fullmatch(text.strip()):
        raise _type_error(f"'{text}' is not an ISO 8601 duration (like P1Y2M or PT30M)")
    return text.strip()


def _parse_json(kind: type, label: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            value = json.loads(text)
        except ValueError:
            raise _type_error(f"'{text}' is not a JSON {label}") from None
        if not isinstance(value, kind):
            raise _type_error(f"'{text}' is not a JSON {label}")
        return value

    return parse


def _parse_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",")]


def _parse_geopoint(text: str) -> list[float]:
    parts = text.split(",")
    try:
        lon, lat = (float(part) for part in parts)
    except ValueError:
        raise _type_error(f"'{text}' is not a geopoint ('lon, lat')") from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise _type_error(f"'{text}' is outside longitude/latitude range")
    return [lon, lat]


def _string_format(fmt: str) -> Callable[[str], Any] | None:
    if fmt == "email":
        def email(text: str) -> str:
            if not _EMAIL.fullmatch(text):
                raise _type_error(f"'{text}' is not an email address")
            return text
        return email
    if fmt == "uri":
        def uri(text: str) -> str:
            parts = urlsplit(text)
            if not parts.scheme or not (parts.netloc or parts.path):
                raise _type_error(f"'{text}' is not a URI")
            return text
        return uri
    if fmt == "uuid":
        def uuid_value(text: str) -> str:
            try:
                uuid.UUID(text)
            except ValueError:
                raise _type_error(f"'{text}' is not a UUID") from None
            return text
        return uuid_value
    if fmt == "binary":
        def binary(text: str) -> str:
            try:
                base64.b64decode(text, validate=True)
            except ValueError:
                raise _type_error(f"'{text}' is not base64") from None
            return text
        return binary
    if fmt == "venue-year":
        return _venue_year_value
    if fmt == "references":
        return _references_value
    return None


@lru_cache(maxsize=65536)
def _venue_year_value(text: str) -> Any:
    """``{"venue": "arXiv", "year": 2022}``; a malformed source is not a type
    error (malformed-source reports it, with its fix), so it stays text.
    Cached: a list repeats its sources."""
    from ..venues import venue_year_value

    return venue_year_value(text, current_year=_this_year())


@lru_cache(maxsize=1)
def _this_year() -> int:
    return dt.date.today().year


_URL = re.compile(r"""<(https?://[^>\s]+)>|\]\((https?://[^)\s]+)|(https?://[^\s<>)\]，。；、）》」]+)""")


def _references_value(text: str) -> list[str]:
    """The URLs in a references cell (links, autolinks, bare URLs), in order."""
    return [next(group for group in found.groups() if group) for found in _URL.finditer(text)]


def value_parser(spec: FieldSpec) -> Callable[[str], Any]:
    """Text → typed value for one field (raising tablelint_type errors)."""
    kind = spec.type
    if kind == "integer":
        return _parse_integer(spec)
    if kind == "number":
        return _parse_number(spec)
    if kind == "boolean":
        return _parse_boolean(spec)
    if kind in ("date", "time", "datetime"):
        return _strptime_parser(kind, spec.format)
    if kind == "year":
        return _parse_year
    if kind == "yearmonth":
        return _parse_yearmonth
    if kind == "duration":
        return _parse_duration
    if kind == "object":
        return _parse_json(dict, "object")
    if kind in ("array", "geojson"):
        return _parse_json(list if kind == "array" else dict, kind)
    if kind == "list":
        return _parse_list
    if kind == "geopoint":
        return _parse_geopoint
    if kind == "string":
        return _string_format(spec.format) or str
    return str


def _enum_check(spec: FieldSpec, parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    allowed = []
    for item in spec.constraints.enum or []:
        try:
            allowed.append(parse(str(item)) if isinstance(item, str) and spec.type != "string" else item)
        except PydanticCustomError:
            allowed.append(item)
    shown = ", ".join(repr(item) for item in (spec.constraints.enum or [])[:8])

    def check(value: Any) -> Any:
        if value not in allowed:
            raise _constraint_error(f"must be one of {shown}")
        return value

    return check


def _pattern_check(pattern: str) -> Callable[[Any], Any]:
    compiled = re.compile(pattern)

    def check(value: Any) -> Any:
        if not compiled.fullmatch(str(value)):
            raise _constraint_error(f"does not match the pattern {pattern}")
        return value

    return check


def _bound(spec: FieldSpec, parse: Callable[[str], Any], value: Any) -> Any:
    if isinstance(value, str) and spec.type != "string":
        return parse(value)
    return value


def _range_check(spec: FieldSpec, parse: Callable[[str], Any]) -> Callable[[Any], Any] | None:
    c = spec.constraints
    checks = []
    for key, operator, words in (
        ("minimum", lambda v, b: v >= b, "at least"),
        ("maximum", lambda v, b: v <= b, "at most"),
        ("exclusiveMinimum", lambda v, b: v > b, "more than"),
        ("exclusiveMaximum", lambda v, b: v < b, "less than"),
    ):
        raw = getattr(c, key)
        if raw is not None:
            checks.append((_bound(spec, parse, raw), operator, words, raw))
    if not checks:
        return None

    def check(value: Any) -> Any:
        for bound, operator, words, raw in checks:
            try:
                ok = operator(value, bound)
            except TypeError:
                ok = True
            if not ok:
                raise _constraint_error(f"must be {words} {raw}")
        return value

    return check


def annotated_type(spec: FieldSpec) -> Any:
    """``Annotated[...]`` for one field, taking the cell's text as input."""
    parse = value_parser(spec)
    c = spec.constraints
    metadata: list[Any] = []
    if parse is not str:
        def before(value: Any, parse: Callable[[str], Any] = parse) -> Any:
            return parse(value) if isinstance(value, str) else value
        metadata.append(BeforeValidator(before))
    if spec.type == "string" and spec.format in ("default", "email", "uri", "uuid", "binary"):
        if c.minLength is not None or c.maxLength is not None:
            metadata.append(Field(min_length=c.minLength, max_length=c.maxLength))
    elif c.minLength is not None or c.maxLength is not None:
        low, high = c.minLength, c.maxLength

        def length(value: Any) -> Any:
            size = len(value) if hasattr(value, "__len__") else len(str(value))
            if (low is not None and size < low) or (high is not None and size > high):
                raise _constraint_error(f"length {size} is outside {low or 0}..{high if high is not None else '∞'}")
            return value
        metadata.append(AfterValidator(length))
    if c.pattern:
        metadata.append(AfterValidator(_pattern_check(c.pattern)))
    if c.enum is not None:
        metadata.append(AfterValidator(_enum_check(spec, parse)))
    range_check = _range_check(spec, parse)
    if range_check:
        metadata.append(AfterValidator(range_check))
    plain_string = spec.type == "string" and spec.format in ("default", "email", "uri", "uuid", "binary")
    base: Any = str if plain_string else Any
    return Annotated[(base, *metadata)] if metadata else base
