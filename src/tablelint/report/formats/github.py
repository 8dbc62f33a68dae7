"""GitHub Actions workflow commands, which become annotations on the pull
request's diff."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..github import iter_github

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    return iter_github(reports)
