"""``--output-format text``: one line per problem, then a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from operator import attrgetter
from typing import TYPE_CHECKING

from ..diagnostics import Applicability
from .style import paint, severity_style, terminal_text

if TYPE_CHECKING:
    from ..engine.lint import FileReport


_FIX_MARKERS = {Applicability.SAFE: " [*]", Applicability.UNSAFE: " [~]"}


def diagnostic_line(diagnostic, color: bool) -> str:  # type: ignore[no-untyped-def]
    fix = diagnostic.fix
    marker = "" if fix is None else _FIX_MARKERS[fix.applicability]
    if not color:  # the usual case, and a run can print 200k lines
        d = diagnostic
        return terminal_text(f"{d.path}:{d.line}:{d.column}: {d.code}{marker} {d.name}: {d.message}")
    path = terminal_text(diagnostic.path)
    location = paint(f"{path}:{diagnostic.line}:{diagnostic.column}:", "bold", color=color)
    code = paint(diagnostic.code, *severity_style(diagnostic.severity), color=color)
    return f"{location} {code}{marker} {diagnostic.name}: {terminal_text(diagnostic.message)}"


def summary(reports: list[FileReport], color: bool, statistics: bool) -> list[str]:
    diagnostics = [d for report in reports for d in report.diagnostics]
    lines: list[str] = []
    if statistics and diagnostics:
        counts = Counter((d.code, d.name) for d in diagnostics)
        width = len(str(max(counts.values())))
        for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"{count:>{width}}  {code}  {name}")
    # Counted with C-level iteration (map, filter): a run can have 200k problems.
    by_severity = Counter(map(attrgetter("severity.value"), diagnostics))
    fixes = Counter(map(attrgetter("applicability"), filter(None, map(attrgetter("fix"), diagnostics))))
    safe, unsafe = fixes[Applicability.SAFE], fixes[Applicability.UNSAFE]
    checked = sum(1 for report in reports if report.error is None)
    if not checked:
        return lines
    if not diagnostics:
        lines.append(paint(f"All checks passed ({checked} file{'s' if checked != 1 else ''}).", "green", color=color))
        return lines
    parts = [f"{by_severity[level]} {level}{'s' if by_severity[level] != 1 else ''}"
             for level in ("error", "warning", "info") if by_severity[level]]
    total = len(diagnostics)
    problems = f"{total} problem{'s' if total != 1 else ''}"
    line = f"Found {problems} ({', '.join(parts)}) in {checked} file{'s' if checked != 1 else ''}."
    lines.append(paint(line, "bold", color=color))
    if safe:
        lines.append(f"[*] {safe} fixable with `tablelint fix`.")
    if unsafe:
        lines.append(f"[~] {unsafe} more fixable with `tablelint fix --unsafe-fixes`.")
    return lines


def iter_text(reports: list[FileReport], *, color: bool = False, statistics: bool = False) -> Iterator[str]:
    """The report line by line: a run with 100k problems need not hold its
    whole output in memory."""
    for report in reports:
        for d in report.diagnostics:
            yield diagnostic_line(d, color) + "\n"
    # Nothing to say (every file was an input error): print nothing, not a blank line.
    for line in summary(reports, color, statistics):
        yield line + "\n"


def render_text(reports: list[FileReport], *, color: bool = False, statistics: bool = False) -> str:
    return "".join(iter_text(reports, color=color, statistics=statistics))
