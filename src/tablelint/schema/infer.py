"""``tablelint infer``: write a schema from an existing table.

For each column: the narrowest Table Schema type every real value parses as
(integer, number, boolean, date, year; else string), a ``venue-year`` or
``references`` format when the values look like that, ``required`` when no
value is missing, ``unique`` when every value differs, and an ``enum`` for a
small closed set of repeated values. Placeholders found in the table become
``missingValues`` (the empty string first, so it is the canonical form).

A type is inferred only when *every* real value fits, so checking a table
against its own inferred schema reports placeholders and duplicates that were
already there, never a type error. A column that would have had a narrower
type but for a few values (at most one in five) is a string column, and the
values it gave up on are named in ``notes`` (the command line prints them),
so that a typo in one cell does not pass for a text column unsaid.
"""

from __future__ import annotations

import re
from typing import Any

from ..parse.table import Table
from .placeholders import NULL_TOKENS, TEMPLATE_TOKENS, cell_value

_INTEGER = re.compile(r"[-+]?\d+")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_BOOLEAN = {"true", "false"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_URL = re.compile(r"https?://")
_ENUM_MAX_CHOICES = 6


def _field_name(header: str, position: int, used: set[str]) -> str:
    name = " ".join(header.split()) or f"column_{position + 1}"
    base, counter = name, 2
    while name in used:
        name = f"{base}_{counter}"
        counter += 1
    used.add(name)
    return name


def _looks_like_venue_year(values: list[str]) -> bool:
    from .venues import parse_venue_year

    if not values:
        return False
    # An organisation is a valid source (OpenAI 2023), but a column of them is an Org column.
    venues = [parse_venue_year(value).venue for value in values]
    known = sum(1 for venue in venues if venue is not None and venue.kind != "organization")
    return known >= max(2, int(0.8 * len(values)))


def _infer_column(values: list[str]) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": "string"}
    if not values:
        return spec
    if all(_INTEGER.fullmatch(v) for v in values):
        if all(len(v) == 4 and 1000 <= int(v) <= 2999 for v in values):
            spec["type"] = "year"
        else:
            spec["type"] = "integer"
    elif all(_NUMBER.fullmatch(v) for v in values):
        spec["type"] = "number"
    elif all(v.lower() in _BOOLEAN for v in values):
        spec["type"] = "boolean"
        spec["trueValues"] = sorted({v for v in values if v.lower() == "true"}) or ["true"]
        spec["falseValues"] = sorted({v for v in values if v.lower() == "false"}) or ["false"]
    elif all(_DATE.fullmatch(v) for v in values):
        spec["type"] = "date"
    elif sum(1 for v in values if _URL.search(v)) >= max(1, int(0.8 * len(values))):
        spec["format"] = "references"
    elif _looks_like_venue_year(values):
        spec["format"] = "venue-year"
    return spec


# The types a column of text could have had, in the order _infer_column tries them.
_NARROWER_TYPES: tuple[tuple[str, Any], ...] = (
    ("integer", _INTEGER.fullmatch),
    ("number", _NUMBER.fullmatch),
    ("boolean", lambda value: value.lower() in _BOOLEAN),
    ("date", _DATE.fullmatch),
)
_SHOWN_OUTLIERS = 5


def _outliers(values: list[tuple[int, str]]) -> tuple[str, list[tuple[int, str]]] | None:
    """The narrower type most values of a text column fit, and the values
    (with their lines) that do not: at most one in five, out of three or more."""
    if len(values) < 3:
        return None
    for type_name, fits in _NARROWER_TYPES:
        misses = [(line, value) for line, value in values if not fits(value)]
        if misses and len(misses) * 5 <= len(values):
            return type_name, misses
    return None


def infer_schema(table: Table, name: str | None = None, notes: list[str] | None = None) -> dict[str, Any]:
    """The schema of ``table``; with ``notes``, adds to it a line for each
    column typed string because of a few values (see the module docs)."""
    used: set[str] = set()
    fields: list[dict[str, Any]] = []
    placeholders_seen: list[str] = []
    rows = table.rows
    for position, header in enumerate(table.headers):
        raw_values = [cell_value(row.cells[position]) if position < len(row.cells) else "" for row in rows]
        real: list[str] = []
        lines: list[int] = []
        missing = 0
        for row, value in zip(rows, raw_values, strict=True):
            if not value or value.casefold() in NULL_TOKENS or value.casefold() in TEMPLATE_TOKENS:
                missing += 1
                if value and value not in placeholders_seen:
                    placeholders_seen.append(value)
            else:
                real.append(value)
                lines.append(row.line)
        spec: dict[str, Any] = {"name": _field_name(header, position, used)}
        if header.strip() and header.strip() != spec["name"]:
            spec["title"] = header.strip()
        spec.update(_infer_column(real))
        if notes is not None and spec["type"] == "string" and "format" not in spec:
            near = _outliers(list(zip(lines, real, strict=True)))
            if near is not None:
                type_name, misses = near
                shown = ", ".join(f"line {line}: {value!r}" for line, value in misses[:_SHOWN_OUTLIERS])
                more = f" and {len(misses) - _SHOWN_OUTLIERS} more" if len(misses) > _SHOWN_OUTLIERS else ""
                notes.append(f"column '{spec['name']}' is typed string, not {type_name}, because of "
                             f"{len(misses)} of its {len(real)} values ({shown}{more}): fix them, "
                             f"or keep string")
        constraints: dict[str, Any] = {}
        if rows and missing == 0:
            constraints["required"] = True
        if len(real) >= 3 and len(set(real)) == len(real) and spec["type"] != "boolean":
            constraints["unique"] = True
        distinct = sorted(set(real))
        if (
            spec["type"] == "string" and "format" not in spec
            and 1 < len(distinct) <= _ENUM_MAX_CHOICES and len(real) >= 2 * len(distinct)
            and all(len(v) <= 40 for v in distinct)
        ):
            constraints["enum"] = distinct
        if constraints:
            spec["constraints"] = constraints
        fields.append(spec)
    schema: dict[str, Any] = {}
    if name:
        schema["name"] = name
    schema["fields"] = fields
    schema["missingValues"] = ["", *placeholders_seen]
    if fields and fields[0].get("constraints", {}).get("unique") and fields[0]["type"] == "string":
        schema["name-field"] = fields[0]["name"]
        schema["primaryKey"] = fields[0]["name"]
    return schema


def dump_yaml(data: dict[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
