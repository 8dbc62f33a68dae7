"""Tables as data: JSON, JSON lines or CSV.

Keys are the header texts. An empty header becomes ``column_N`` (N is the
1-based column); a repeated header gets ``_2``, ``_3``… on its second and
later uses; cells past the header's width are ``column_N`` too. A cell that
a short row lacks is null (JSON) or empty (CSV); an empty cell is "".

JSON: a list with one object per table: ``table``, ``line``, ``headers``,
``rows`` (one object per row), and when a schema binds the table, ``schema``
and ``errors``: every cell the schema rejects, ``{"row", "line", "column",
"field", "kind", "value", "message"}``, whose text stays as written in the
typed column.

JSON lines: one object per row, ``{"table": N, "row": M, "values": {<key>:
<cell>…}}``: the row's position and its cells are apart, so that no column
name can collide with them.

CSV holds one table (choose it with ``--table`` when there are several) and
starts with a UTF-8 BOM so that spreadsheet programs read CJK text right; a
file without tables gives empty output. A list value (a references field's
URLs) is one cell, its items joined with ``LIST_SEPARATOR`` (``"; "``, or
``--list-separator``); any other structured value (a venue-year) is JSON.

With a schema, the rejected cells of every format are returned beside the
output (``Extraction.problems``); the command line prints them on stderr,
and with ``--strict`` writes no data at all when there is one.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..parse.document import Document, parse_document
from ..parse.source import decode, read_source, read_stdin
from ..parse.table import Table, column_keys
from ..record import Record

# Joins the items of a list in a CSV cell.
LIST_SEPARATOR = "; "


class Extraction(Record):
    """What ``extract_tables`` made: the text to write, and the cells the
    schema rejects, each ``{"table", "row", "line", "column", "field",
    "kind", "value", "message"}``."""

    __slots__ = ("text", "problems")

    def __init__(self, text: str, problems: list[dict[str, Any]]) -> None:
        self.text = text
        self.problems = problems


def table_records(table: Table) -> tuple[list[str], list[dict[str, Any]]]:
    width = max([table.column_count, *(len(row.cells) for row in table.rows)])
    keys = column_keys(table.headers, width)
    records = []
    for row in table.rows:
        texts = row.texts
        records.append({key: (texts[i] if i < len(texts) else None) for i, key in enumerate(keys)})
    return keys, records


def _load(path: str, config: Path | None) -> Document:
    from ..config import settings_for

    max_size = settings_for(path, config).max_file_size
    if path == "-":
        return parse_document(decode(read_stdin(max_size), "-"))
    return parse_document(read_source(path, max_size=max_size))


def extract_tables(path: str, table_number: int | None, fmt: str, *, schema: str | None = None,
                   typed: bool = True, config: Path | None = None, list_separator: str = LIST_SEPARATOR,
                   papers: dict[str, Any] | None = None) -> Extraction:
    """The tables of the file at ``path`` written as ``fmt`` (json, jsonl,
    csv), and the cells the schema rejects. ``papers`` (the keywords of
    ``paper_columns.paper_columns``) adds the identifiers paper verification
    resolves as columns."""
    document = _load(path, config)
    out = tables_as_data(document, table_number, schema=schema, typed=typed, config=config, papers=papers)
    problems = [{"table": entry["table"], **problem} for entry in out for problem in entry.get("errors", ())]
    return Extraction(_render(path, out, fmt, list_separator), problems)


def tables_as_data(document: Document, table_number: int | None = None, *, schema: str | None = None,
                   typed: bool = True, config: Path | None = None,
                   papers: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Each table (or only table ``table_number``) as a dict: ``table``,
    ``line``, ``headers``, ``rows`` (a dict per row), and, when a schema
    binds the table and ``typed`` is set, ``schema`` and ``errors`` (the
    cells it rejects, which keep their text)."""
    path = document.path
    tables = document.tables
    if table_number is not None:
        if not 1 <= table_number <= len(tables):
            plural = "s" if len(tables) != 1 else ""
            raise InputError(f"{path}: has {len(tables)} table{plural}; no table {table_number}")
        tables = [tables[table_number - 1]]
    converter = None
    if typed:
        from .typed import typed_converter

        converter = typed_converter(document, schema, config)
    resolved: dict[int, dict[int, dict[str, Any]]] = {}
    if papers is not None:
        from ..config import settings_for
        from .paper_columns import paper_columns

        resolved = paper_columns(document, settings_for(path, config), schema, **papers)
    out: list[dict[str, Any]] = []
    for table in tables:
        keys, records = table_records(table)
        entry: dict[str, Any] = {"table": table.index, "line": table.first_line, "headers": keys}
        if converter is not None:
            converted = converter(table)
            if converted is not None:
                entry["schema"], keys, records = converted.schema, converted.keys, converted.records
                entry["headers"] = keys
                entry["errors"] = converted.problems
        if table.index in resolved:
            keys, records = _with_paper_columns(keys, records, resolved[table.index])
            entry["headers"] = keys
        entry["rows"] = records
        out.append(entry)
    return out


def _with_paper_columns(keys: list[str], records: list[dict[str, Any]],
                        resolved: dict[int, dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    from .paper_columns import PAPER_COLUMNS

    added = column_keys([*keys, *PAPER_COLUMNS], len(keys) + len(PAPER_COLUMNS))[len(keys):]
    rows = []
    for number, record in enumerate(records, 1):
        columns = resolved.get(number, {})
        rows.append({**record, **{key: columns.get(name) for key, name in zip(added, PAPER_COLUMNS, strict=True)}})
    return [*keys, *added], rows


def _render(path: str, out: list[dict[str, Any]], fmt: str, list_separator: str) -> str:
    if fmt == "json":
        return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        lines = [
            json.dumps({"table": entry["table"], "row": number, "values": record}, ensure_ascii=False)
            for entry in out
            for number, record in enumerate(entry["rows"], 1)
        ]
        return "\n".join(lines) + ("\n" if lines else "")
    if not out:
        return ""
    if len(out) != 1:
        raise InputError(f"{path}: has {len(out)} tables; choose one with --table for CSV")
    buffer = io.StringIO()
    # A BOM so that spreadsheet programs read the file as UTF-8 (CJK text).
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(out[0]["headers"])
    for record in out[0]["rows"]:
        writer.writerow(["" if value is None else _csv_value(value, list_separator) for value in record.values()])
    return buffer.getvalue()


def _csv_value(value: Any, list_separator: str) -> str:
    if isinstance(value, list):
        return list_separator.join(_csv_value(item, list_separator) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
