"""One line per problem as pylint's parseable format writes it
(``path:line: [CODE(name)] message``), which tools that read pylint
(Jenkins' warnings plugin, editors) parse."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..style import terminal_text

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    for report in reports:
        for d in report.diagnostics:
            yield terminal_text(f"{d.path}:{d.line}: [{d.code}({d.name})] {d.message}") + "\n"
