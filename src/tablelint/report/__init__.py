"""Output formats: each renders the same list of FileReports.

Every format is one module of ``report/formats/``, named as the format is on
the command line (``json_lines.py`` is ``--output-format json-lines``), with
``render(reports, options)`` yielding the output in pieces and ``HUMAN = True``
when it is written for people (coloured on a terminal, with the link summary
on stderr). Adding a format is adding that one file: the list of formats is
the directory's listing, read without importing any of them.

Rules never print; these renderers never decide anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from ..record import Record

if TYPE_CHECKING:
    from ..engine.results import FileReport

_FORMATS_DIRECTORY = os.path.join(os.path.dirname(__file__), "formats")
DEFAULT_FORMAT = "text"


class RenderOptions(Record):
    """What the command line asks of a format beyond the reports."""

    __slots__ = ("color", "statistics")

    def __init__(self, color: bool = False, statistics: bool = False) -> None:
        self.color = color
        # Counts per rule instead of the problems (text, full and json).
        self.statistics = statistics


@cache
def format_names() -> tuple[str, ...]:
    """Every output format, the default first and the rest in name order."""
    names = sorted(
        entry[:-3].replace("_", "-")
        for entry in os.listdir(_FORMATS_DIRECTORY)
        if entry.endswith(".py") and not entry.startswith("_")
    )
    return (DEFAULT_FORMAT, *(name for name in names if name != DEFAULT_FORMAT))


def format_module(name: str) -> ModuleType:
    if name not in format_names():
        raise ValueError(f"unknown output format '{name}'")
    from importlib import import_module

    return import_module(f"{__name__}.formats.{name.replace('-', '_')}")


def is_human(name: str) -> bool:
    return bool(getattr(format_module(name), "HUMAN", False))


def iter_render(fmt: str, reports: list[FileReport], options: RenderOptions | None = None) -> Iterator[str]:
    """The report in pieces, for writing as it is made."""
    result: Iterator[str] = format_module(fmt).render(reports, options or RenderOptions())
    return result


def render(fmt: str, reports: list[FileReport], options: RenderOptions | None = None) -> str:
    return "".join(iter_render(fmt, reports, options))
