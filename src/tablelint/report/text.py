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


def rule_counts(reports: list[FileReport]) -> list[tuple[str, str, int, int, int]]:
    """(code, name, problems, safely fixable, fixable only unsafely) per rule, most problems first."""
    counts: Counter[tuple[str, str]] = Counter()
    safe: Counter[tuple[str, str]] = Counter()
    unsafe: Counter[tuple[str, str]] = Counter()
    for report in reports:
        for d in report.diagnostics:
            key = (d.code, d.name)
            counts[key] += 1
            if d.fix is not None:
                (safe if d.fix.applicability is Applicability.SAFE else unsafe)[key] += 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(code, name, count, safe[code, name], unsafe[code, name]) for (code, name), count in ordered]


def statistics_lines(reports: list[FileReport], color: bool) -> list[str]:
    """``--statistics``: a count per rule and how many of them `fix` can fix, then the summary."""
    rows = rule_counts(reports)
    lines: list[str] = []
    if rows:
        fixable = [
            " ".join(part for part in (f"{safe}" if safe else "", f"(+{unsafe} unsafe)" if unsafe else "") if part)
            or "-"
            for _, _, _, safe, unsafe in rows
        ]
        count_width = max(len("count"), *(len(str(count)) for _, _, count, _, _ in rows))
        name_width = max(len("name"), *(len(name) for _, name, _, _, _ in rows))
        lines.append(paint(f"{'count':>{count_width}}  code   {'name':<{name_width}}  fixable", "bold", color=color))
        for (code, name, count, _, _), fix_text in zip(rows, fixable, strict=True):
            lines.append(f"{count:>{count_width}}  {code}  {name:<{name_width}}  {fix_text}".rstrip())
    lines.extend(summary(reports, color))
    return lines


def summary(reports: list[FileReport], color: bool) -> list[str]:
    diagnostics = [d for report in reports for d in report.diagnostics]
    lines: list[str] = []
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


def iter_text(reports: list[FileReport], *, color: bool = False) -> Iterator[str]:
    """The report line by line: a run with 100k problems need not hold its
    whole output in memory."""
    for report in reports:
        for d in report.diagnostics:
            yield diagnostic_line(d, color) + "\n"
    # Nothing to say (every file was an input error): print nothing, not a blank line.
    for line in summary(reports, color):
        yield line + "\n"
