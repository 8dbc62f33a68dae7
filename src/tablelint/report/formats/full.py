"""Each problem with its source line, a caret under the span, the fix on
offer and which schema bound each table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..full import render_full
from ..text import statistics_lines

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions

HUMAN = True


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    if options.statistics:
        return (line + "\n" for line in statistics_lines(reports, options.color))
    return iter([render_full(reports, color=options.color)])
