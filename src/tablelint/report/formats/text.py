"""One line per problem, then a summary: the default."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..text import iter_text, statistics_lines

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions

HUMAN = True


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    if options.statistics:
        return (line + "\n" for line in statistics_lines(reports, options.color))
    return iter_text(reports, color=options.color)
