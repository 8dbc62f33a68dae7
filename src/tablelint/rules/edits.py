"""Building edits for common fixes, in document coordinates."""

from __future__ import annotations

from ..diagnostics import Edit
from ..parse.source import Source
from ..parse.table import Cell, Row


def replace_cell(cell: Cell, content: str) -> Edit:
    return Edit(cell.line, cell.column, cell.line, cell.end_column, content)


def replace_span(line: int, column: int, end_column: int, content: str) -> Edit:
    return Edit(line, column, line, end_column, content)


def delete_line(source: Source, row: Row) -> Edit:
    """Remove a whole line and one line break, keeping the file's final-newline state."""
    line = row.line
    length = len(source.line(line))
    if line < source.line_count or source.line_ending(line):
        return Edit(line, 1, line + 1, 1, "")
    if line == 1:
        return Edit(line, 1, line, length + 1, "")
    # The last line, with no final newline: take the break before it instead.
    previous = len(source.line(line - 1))
    return Edit(line - 1, previous + 1, line, length + 1, "")
