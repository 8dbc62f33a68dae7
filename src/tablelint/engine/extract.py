"""Tables as data: JSON, JSON lines or CSV.

Keys are the header texts. An empty header becomes ``column_N`` (N is the
1-based column); a repeated header gets ``_2``, ``_3``… on its second and
later uses; cells past the header's width are ``column_N`` too. A cell that
a short row lacks is null (JSON) or empty (CSV); an empty cell is "".

JSON lines: one object per row, ``{"table": N, "row": M, <key>: <cell>…}``.
``table`` and ``row`` are reserved there, so a column headed ``table`` or
``row`` is keyed ``table_2`` or ``row_2`` in that format.

CSV holds one table (choose it with ``--table`` when there are several) and
starts with a UTF-8 BOM so that spreadsheet programs read CJK text right; a
file without tables gives empty output.
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

# The keys a JSON lines record uses for its own position.
_JSONL_RESERVED = ("table", "row")


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
                   typed: bool = True, config: Path | None = None, papers: dict[str, Any] | None = None) -> str:
    document = _load(path, config)
    out = tables_as_data(document, table_number, schema=schema, typed=typed, config=config, papers=papers)
    return serialize_tables(out, fmt, path)


def tables_as_data(document: Document, table_number: int | None = None, *, schema: str | None = None,
                   typed: bool = True, config: Path | None = None,
                   papers: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Each table (or only table ``table_number``) as a dict: ``table``,
    ``line``, ``headers``, ``rows`` (a dict per row), and ``schema`` when one
    binds the table and ``typed`` is set. ``papers`` (the keywords of
    ``paper_columns.paper_columns``) adds the identifiers paper verification
    resolves as columns."""
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
            typed_result = converter(table)
            if typed_result is not None:
                entry["schema"], keys, records = typed_result
                entry["headers"] = keys
        if table.index in resolved:
            keys, records = _with_paper_columns(keys, records, resolved[table.index])
            entry["headers"] = keys
        entry["rows"] = records
        out.append(entry)
    return out


def serialize_tables(out: list[dict[str, Any]], fmt: str, path: str) -> str:
    if fmt == "json":
        return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        lines = []
        for entry in out:
            renamed = column_keys(entry["headers"], len(entry["headers"]), _JSONL_RESERVED)
            for number, values in enumerate((row.values() for row in entry["rows"]), 1):
                record = {"table": entry["table"], "row": number, **dict(zip(renamed, values, strict=True))}
                lines.append(json.dumps(record, ensure_ascii=False))
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
        writer.writerow(["" if value is None else _csv_value(value) for value in record.values()])
    return buffer.getvalue()


def _with_paper_columns(keys: list[str], records: list[dict[str, Any]],
                        resolved: dict[int, dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    from .paper_columns import PAPER_COLUMNS

    added = column_keys([*keys, *PAPER_COLUMNS], len(keys) + len(PAPER_COLUMNS))[len(keys):]
    rows = []
    for number, record in enumerate(records, 1):
        columns = resolved.get(number, {})
        rows.append({**record, **{key: columns.get(name) for key, name in zip(added, PAPER_COLUMNS, strict=True)}})
    return [*keys, *added], rows


def _csv_value(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
