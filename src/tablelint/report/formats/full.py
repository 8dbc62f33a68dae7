"""Each problem with its source line and a caret
under the span, placed by display width (a CJK character is 2 columns), the
fix on offer, and which schema bound each table."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ...layout.width import display_width
from ..style import paint, severity_style, terminal_text
from ..text import statistics_lines, summary

if TYPE_CHECKING:
    from ...diagnostics import Diagnostic
    from ...engine.results import FileReport
    from .. import RenderOptions

# Long table rows are cut around the span so the caret stays on screen.
_LEFT_CONTEXT = 40
_SPAN_MAX = 60
_RIGHT_CONTEXT = 20


def _clip_left(text: str, budget: int) -> str:
    kept, width = [], 0
    for char in reversed(text):
        width += display_width(char)
        if width > budget:
            return "…" + "".join(reversed(kept))
        kept.append(char)
    return "".join(reversed(kept))


def _clip_right(text: str, budget: int) -> str:
    kept, width = [], 0
    for char in text:
        width += display_width(char)
        if width > budget:
            return "".join(kept) + "…"
        kept.append(char)
    return "".join(kept)


def _printable(text: str) -> str:
    """Source text as the terminal may show it: no control characters, and
    no password of a URL (a CI log is often public)."""
    if "@" in text:
        from ...links.urls import hide_credentials

        text = hide_credentials(text)
    return terminal_text(text)


def snippet(line_text: str, column: int, end_column: int) -> tuple[str, str]:
    """The (possibly clipped) source line and the caret line under the span."""
    # A terminal expands a tab to its next tab stop, but display_width counts
    # it 1: shown as one space, the caret stays under the span.
    line_text = line_text.replace("\t", " ")
    start = max(column - 1, 0)
    end = max(min(end_column - 1, len(line_text)), start)
    # Each part made printable on its own, so that the caret measures what is shown.
    before = _clip_left(_printable(line_text[:start]), _LEFT_CONTEXT)
    span = _printable(line_text[start:end])
    shown_span = _clip_right(span, _SPAN_MAX)
    after = _clip_right(_printable(line_text[end:]), _RIGHT_CONTEXT) if shown_span == span else ""
    caret = " " * display_width(before) + "^" * max(display_width(shown_span.rstrip("…")), 1)
    return before + shown_span + after, caret


def _render_one(d: Diagnostic, line_text: Callable[[int], str | None], color: bool) -> list[str]:
    head = (
        f"{paint(f'{terminal_text(d.path)}:{d.line}:{d.column}:', 'bold', color=color)} "
        f"{paint(d.code, *severity_style(d.severity), color=color)} {d.name} "
        f"[{d.severity.value}]: {terminal_text(d.message)}"
    )
    out = [head]
    source_line = line_text(d.line)
    if source_line is not None:
        text, caret = snippet(source_line, d.column, d.end_column if d.end_line == d.line else len(source_line) + 1)
        gutter = " " * len(str(d.line))
        out.append(paint(f"{gutter} |", "blue", color=color))
        out.append(paint(f"{d.line} |", "blue", color=color) + " " + text)
        marker = paint(caret, *severity_style(d.severity), color=color)
        out.append(paint(f"{gutter} |", "blue", color=color) + " " + marker)
    if d.field or d.table:
        where = [f"table {d.table}"] if d.table else []
        if d.row:
            where.append(f"row {d.row}")
        if d.field:
            where.append(f"field '{d.field}'")
        out.append(terminal_text(f"  = at {', '.join(where)}"))
    if d.fix:
        replacements = "; ".join(
            f"'{edit.content}'" for edit in d.fix.edits if edit.content
        )
        detail = f" ({replacements})" if replacements and len(replacements) < 80 else ""
        out.append(terminal_text(f"  = fix ({d.fix.applicability.value}): {d.fix.message}{detail}"))
    for note in d.notes or ():
        out.append(terminal_text(f"  = note: {note}"))
    return out


HUMAN = True


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    if options.statistics:
        return (line + "\n" for line in statistics_lines(reports, options.color))
    return iter([_full(reports, color=options.color)])


def _full(reports: list[FileReport], *, color: bool) -> str:
    out: list[str] = []
    for report in reports:
        for index, schema, how, columns in report.bindings:
            first, last = report.table_range(index)
            bound = f"schema '{schema}' ({how})" if schema else f"no schema ({how})"
            shown = terminal_text(f"{report.path}: table {index} (lines {first}-{last}): {bound}")
            out.append(paint(shown, "dim", color=color))
            if columns:  # header texts, as written in the file
                out.append(paint(terminal_text(f"  = {columns}"), "dim", color=color))
        for diagnostic in report.diagnostics:
            out.extend(_render_one(diagnostic, report.line_text, color))
            out.append("")
    out.extend(summary(reports, color))
    return "\n".join(out) + "\n" if out else ""
