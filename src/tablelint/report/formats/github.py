"""GitHub Actions workflow commands, which become annotations on the pull
request's diff."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..style import terminal_text

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    # The runner's log is a terminal too: other control characters are escaped as text.
    return terminal_text(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    for report in reports:
        for d in report.diagnostics:
            properties = ",".join([
                f"file={_escape_property(d.path)}",
                f"line={d.line}",
                f"col={d.column}",
                f"endLine={d.end_line}",
                f"endColumn={d.end_column}",
                f"title={_escape_property(f'{d.code} {d.name}')}",
            ])
            yield f"::{_LEVEL[d.severity.value]} {properties}::{_escape_data(d.message)}\n"
