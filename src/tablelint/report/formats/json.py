"""One JSON array of diagnostics (the API's to_json); with --statistics, one
array of counts per rule."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..json_report import iter_json

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    if options.statistics:
        import json

        from ..text import rule_counts

        counts = [
            {"code": code, "name": name, "count": count, "fixable": safe, "unsafe_fixable": unsafe}
            for code, name, count, safe, unsafe in rule_counts(reports)
        ]
        return iter([json.dumps(counts, ensure_ascii=False, indent=2) + "\n"])
    return iter_json(reports)
