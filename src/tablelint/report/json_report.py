"""``--output-format json``: one JSON array of diagnostics (the contract in DESIGN.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..lint import FileReport


def iter_json(reports: list[FileReport]) -> Iterator[str]:
    """The array one diagnostic at a time, one per line: still one JSON
    array, easy to grep and diff, and written by json's C encoder (an
    indented dump runs in Python, slower than parsing the table)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    first = True
    for report in reports:
        for diagnostic in report.diagnostics:
            yield ("[\n  " if first else ",\n  ") + encode(diagnostic.to_json())
            first = False
    yield "[]\n" if first else "\n]\n"


def render_json(reports: list[FileReport]) -> str:
    return "".join(iter_json(reports))
