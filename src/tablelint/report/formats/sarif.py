"""SARIF 2.1.0, for GitHub code scanning and other viewers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..sarif import render_sarif

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    return iter([render_sarif(reports)])
