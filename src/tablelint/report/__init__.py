"""Output formats: each module renders the same list of FileReports.

Rules never print; these renderers never decide anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine.lint import FileReport

FORMATS = ("text", "full", "json", "github", "sarif")


def iter_render(
    fmt: str, reports: list[FileReport], *, color: bool = False, statistics: bool = False
) -> Iterator[str]:
    """The report in pieces, for writing as it is made."""
    if fmt == "json":
        from .json_report import iter_json

        return iter_json(reports)
    if fmt == "github":
        from .github import iter_github

        return iter_github(reports)
    if fmt == "text":
        from .text import iter_text

        return iter_text(reports, color=color, statistics=statistics)
    return iter([render(fmt, reports, color=color, statistics=statistics)])


def render(fmt: str, reports: list[FileReport], *, color: bool = False, statistics: bool = False) -> str:
    if fmt == "json":
        from .json_report import render_json

        return render_json(reports)
    if fmt == "github":
        from .github import render_github

        return render_github(reports)
    if fmt == "sarif":
        from .sarif import render_sarif

        return render_sarif(reports)
    if fmt == "full":
        from .full import render_full

        return render_full(reports, color=color, statistics=statistics)
    from .text import render_text

    return render_text(reports, color=color, statistics=statistics)
