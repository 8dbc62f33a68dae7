"""``--output-format json``: one JSON array of diagnostics (the contract in DESIGN.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..lint import FileReport


def iter_json(reports: list[FileReport]) -> Iterator[str]:
    """The array one diagnostic at a time, in exactly the text json.dumps
    would give for the whole list (indent 2)."""
    first = True
    for report in reports:
        for diagnostic in report.diagnostics:
            item = json.dumps(diagnostic.to_json(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
            yield ("[\n  " if first else ",\n  ") + item
            first = False
    yield "[]\n" if first else "\n]\n"


def render_json(reports: list[FileReport]) -> str:
    return "".join(iter_json(reports))
