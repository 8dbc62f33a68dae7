"""One JSON object per line per diagnostic (JSON Lines), the objects of the
json format: a consumer can read the first problem before the run ends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..json_report import diagnostic_json

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    for report in reports:
        for diagnostic in report.diagnostics:
            yield diagnostic_json(diagnostic) + "\n"
