"""Output formats: each module renders the same list of FileReports.

Rules never print; these renderers never decide anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..lint import FileReport

FORMATS = ("text", "full", "json", "github", "sarif")


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
