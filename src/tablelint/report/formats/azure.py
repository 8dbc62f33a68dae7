"""Azure Pipelines logging commands (``##vso[task.logissue]``), which the
pipeline shows as errors and warnings on the run's summary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..style import terminal_text

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions

# Azure Pipelines knows only errors and warnings; an info is no failure, so a warning.
_TYPE = {"error": "error", "warning": "warning", "info": "warning"}


def _escape_data(text: str) -> str:
    # Azure's own escapes for logging commands; the log is a terminal too.
    return terminal_text(text.replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(";", "%3B").replace("]", "%5D")


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    for report in reports:
        for d in report.diagnostics:
            properties = (
                f"type={_TYPE[d.severity.value]};sourcepath={_escape_property(d.path)};"
                f"linenumber={d.line};columnnumber={d.column};code={_escape_property(d.code)};"
            )
            yield f"##vso[task.logissue {properties}]{_escape_data(f'{d.name}: {d.message}')}\n"
        if report.error:
            yield f"##vso[task.logissue type=error;sourcepath={_escape_property(report.path)};]" \
                  f"{_escape_data(report.error)}\n"
