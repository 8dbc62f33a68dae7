"""``--output-format json``: one JSON array of diagnostics (the contract in DESIGN.md)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..lint import FileReport


def render_json(reports: list[FileReport]) -> str:
    items = [diagnostic.to_json() for report in reports for diagnostic in report.diagnostics]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
