"""Suppression comments.

    <!-- tablelint-disable [CODE|NAME ...] -->        until enable (all rules when none named)
    <!-- tablelint-enable [CODE|NAME ...] -->
    <!-- tablelint-disable-next-line [CODE|NAME ...] -->
    | NULL <!-- tablelint-disable-line placeholder-row --> | ... |

An HTML comment on a line of its own ends a GFM table, so a comment cannot
sit between two rows; a row is suppressed by a ``disable-line`` comment inside
one of its cells, which GFM keeps in the cell (and the formatter keeps too).
A directive that suppresses nothing is itself reported (unused-suppression),
like ruff's RUF100.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import lazy_re
from .diagnostics import Diagnostic
from .record import Record

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .results import FileReport

_DIRECTIVE = lazy_re.compile(
    r"<!--\s*tablelint-(disable-next-line|disable-line|disable|enable)\b([^>]*?)\s*-->"
)
SUPPRESSION_COMMENT = lazy_re.compile(r"\s*<!--\s*tablelint-[a-z-]+\b[^>]*?-->\s*")


class Directive(Record):
    """One ``tablelint-disable...`` comment: which rules it silences, and on which lines."""

    __slots__ = ("kind", "selectors", "line", "column", "end_column", "end_line", "used")

    def __init__(
        self, kind: str, selectors: tuple[str, ...], line: int, column: int, end_column: int,
        end_line: int | None = None, used: bool = False,
    ) -> None:
        self.kind = kind  # disable | enable | disable-next-line | disable-line
        self.selectors = selectors  # empty: every rule
        self.line = line
        self.column = column
        self.end_column = end_column
        self.end_line = end_line  # for disable: the line of the matching enable
        self.used = used

    def matches(self, diagnostic: Diagnostic) -> bool:
        if not self.selectors:
            return True
        return any(
            diagnostic.code.startswith(selector.upper()) or diagnostic.name == selector.lower()
            for selector in self.selectors
        )

    def covers(self, line: int) -> bool:
        if self.kind == "disable-line":
            return line == self.line
        if self.kind == "disable-next-line":
            return line == self.line + 1
        return self.line < line and (self.end_line is None or line < self.end_line)


class Suppressions(Record):
    """The suppression comments of one file."""

    __slots__ = ("directives",)

    def __init__(self, directives: list[Directive] | None = None) -> None:
        self.directives = [] if directives is None else directives

    def apply(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        kept = []
        for diagnostic in diagnostics:
            suppressed = False
            for directive in self.directives:
                if directive.kind != "enable" and directive.covers(diagnostic.line) and directive.matches(diagnostic):
                    directive.used = True
                    suppressed = True
            if not suppressed:
                kept.append(diagnostic)
        return kept

    def unused(self) -> list[Directive]:
        return [d for d in self.directives if d.kind != "enable" and not d.used]


def parse_suppressions(text: str, line_starts: Sequence[int]) -> Suppressions:
    if "tablelint-" not in text:
        return Suppressions()
    from bisect import bisect_right

    directives: list[Directive] = []
    for match in _DIRECTIVE.finditer(text):
        index = bisect_right(line_starts, match.start()) - 1
        column = match.start() - line_starts[index] + 1
        selectors = tuple(part for part in re.split(r"[\s,]+", match.group(2)) if part)
        directives.append(
            Directive(match.group(1), selectors, index + 1, column, column + len(match.group(0)))
        )
    # Close each disable at the next enable that names it (or names everything).
    for position, directive in enumerate(directives):
        if directive.kind != "disable":
            continue
        for later in directives[position + 1 :]:
            if later.kind == "enable" and (
                not later.selectors or not directive.selectors or set(later.selectors) & set(directive.selectors)
            ):
                directive.end_line = later.line
                break
    return Suppressions(directives)


# The unused-suppression rule (rules/suppression.py documents it); its
# diagnostics are made here because they exist only after every other rule
# and the link check have run.
UNUSED_SUPPRESSION = ("TL902", "unused-suppression")


def unused_suppression_diagnostics(report: FileReport) -> list[Diagnostic]:
    from .diagnostics import Severity

    code, name = UNUSED_SUPPRESSION
    found = []
    for directive in report.suppressions.unused():
        named = ", ".join(directive.selectors) if directive.selectors else "every rule"
        found.append(
            Diagnostic(
                code, name, Severity.WARNING,
                f"'tablelint-{directive.kind}' for {named} suppresses nothing; remove it",
                report.path, directive.line, directive.column, directive.line, directive.end_column,
            )
        )
    return found
