"""Reviewdog Diagnostic Format, one JSON document (rdjson), for reviewdog
(``reviewdog -f=rdjson``), which comments on pull and merge requests and
offers each fix as a suggestion. Columns count UTF-8 bytes, as the format says."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...docs_site import DOCS_URL, rule_url
from ..json_report import dumps

if TYPE_CHECKING:
    from ...diagnostics import Diagnostic
    from ...engine.results import FileReport
    from .. import RenderOptions

_SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def relative_path(path: str) -> str:
    """A path under the working directory as a relative one with ``/``: what
    reviewdog and GitLab match against the files of a change."""
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive
            return path
        if not relative.startswith(".."):
            path = relative
    return path.replace(os.sep, "/")


def _byte_column(line_text: str | None, column: int) -> int:
    if line_text is None or line_text.isascii():
        return column
    return len(line_text[: column - 1].encode("utf-8", "surrogateescape")) + 1


def _position(report: FileReport, line: int, column: int) -> dict[str, int]:
    return {"line": line, "column": _byte_column(report.line_text(line), column)}


def _diagnostic(report: FileReport, d: Diagnostic) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "message": d.message,
        "location": {
            "path": relative_path(d.path),
            "range": {"start": _position(report, d.line, d.column), "end": _position(report, d.end_line, d.end_column)},
        },
        "severity": _SEVERITY[d.severity.value],
        "source": {"name": "tablelint", "url": DOCS_URL},
        "code": {"value": d.code, "url": rule_url(d.name)},
    }
    # reviewdog offers a suggestion as a change to apply with one click: only a safe fix is one.
    if d.fix is not None and d.fix.applicability.value == "safe":
        entry["suggestions"] = [
            {
                "range": {
                    "start": _position(report, edit.line, edit.column),
                    "end": _position(report, edit.end_line, edit.end_column),
                },
                "text": edit.content,
            }
            for edit in d.fix.edits
        ]
    return entry


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    diagnostics = [_diagnostic(report, d) for report in reports for d in report.diagnostics]
    yield dumps({"source": {"name": "tablelint", "url": DOCS_URL}, "diagnostics": diagnostics})
