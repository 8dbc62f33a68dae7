"""Changing a file safely: applying edits and checking the result.

The safety check follows black, which parses its own output and refuses to
write when it differs from the input: after every fix or format, the new
text is parsed again and its cells compared with the old ones. A cell that no
edit touched must come back byte for byte, every row that was not deleted
must still be a row of the same table, and every table must still be there.
Otherwise the change is refused (``fix`` then drops the fixes that caused
it and keeps the others). Writing the result back is ``writing``'s job.
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from collections.abc import Iterable

from ..diagnostics import Edit
from ..parse import gfm
from ..parse.document import Document, parse_document, rows_as_written
from ..parse.source import Source, lines_with_endings, spliced
from ..record import Record


class UnsafeChangeError(Exception):
    """The rewritten text changed data that no fix meant to change."""


class Span(Record):
    """An edit as offsets into the text: [start, end) becomes ``content``."""

    __slots__ = ("start", "end", "content")

    def __init__(self, start: int, end: int, content: str) -> None:
        self.start = start
        self.end = end
        self.content = content

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.content))


class UnsafeChange(Record):
    """One way a rewrite changed what no edit targeted: ``what`` happened at
    (``line``, ``column``) of the old text, and [``start``, ``end``) is the
    stretch of the old text (a row, a table, the document) it concerns."""

    __slots__ = ("path", "line", "column", "what", "start", "end")

    def __init__(self, path: str, line: int, column: int | None, what: str, start: int, end: int) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.what = what
        self.start = start
        self.end = end

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" + (f":{self.column}" if self.column is not None else "")

    def __str__(self) -> str:
        return f"{self.location}: {self.what}"


def to_span(source: Source, edit: Edit) -> Span:
    return Span(source.offset(edit.line, edit.column), source.offset(edit.end_line, edit.end_column), edit.content)


def apply_spans(text: str, spans: Iterable[Span]) -> str:
    """Apply non-overlapping spans (checked by the caller)."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    return spliced(text, ((span.start, span.end, span.content) for span in ordered))


class _EditedRanges:
    """The old text's edited offset ranges, sorted, for asking in log time
    whether a stretch of text meets one of them. The ranges do not overlap,
    so their ends are in order too."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted((span.start, span.end) for span in spans)
        self.starts = [start for start, _ in ordered]
        self.ends = [end for _, end in ordered]

    def meet(self, start: int, end: int) -> bool:
        """Whether an edit overlaps [start, end), writes into it when it is
        empty, or inserts text inside or at either end of it."""
        index = bisect_right(self.starts, end) - 1
        while index >= 0 and self.ends[index] >= start:
            a, b = self.starts[index], self.ends[index]
            if (a < end and start < b) or (start == end and a <= start <= b) or (a == b and start <= a <= end):
                return True
            index -= 1
        return False


def _touched_lines(source: Source, spans: list[Span]) -> tuple[set[int], set[int]]:
    """(lines removed whole, other lines an edit touches) in the old text."""
    deleted: set[int] = set()
    touched: set[int] = set()
    for span in spans:
        first, _ = source.position(span.start)
        last, _ = source.position(max(span.end - 1, span.start))
        for number in range(first, last + 1):
            start, end = source.line_starts[number - 1], source.line_ends[number - 1]
            if not span.content and span.start <= start and end <= span.end and end > start:
                deleted.add(number)
            else:
                touched.add(number)
    return deleted, touched - deleted


def verify_rewrite(before: Document, after: Document, spans: list[Span]) -> None:
    """Raise UnsafeChangeError unless ``after`` keeps every untouched cell of ``before``."""
    changes = unsafe_changes(before, after, spans)
    if changes:
        raise UnsafeChangeError(str(changes[0]))


def unsafe_changes(before: Document, after: Document, spans: list[Span]) -> list[UnsafeChange]:
    """Every change in ``after`` to a cell, row or table of ``before`` that no
    span targeted, in the order of the old text; empty if there is none."""
    source = before.source
    path = source.path
    deleted, edited = _touched_lines(source, spans)
    ranges = _EditedRanges(spans)
    if len(before.tables) != len(after.tables):
        what = f"the result has {len(after.tables)} tables where there were {len(before.tables)}"
        return [UnsafeChange(path, 1, None, what, 0, len(source.text))]
    text, starts, ends = source.text, source.line_starts, source.line_ends

    def cell_touched(line: int, column: int, end_column: int) -> bool:
        # A cell reaches over its padding to the pipe on each side, so that an
        # edit of the pipe between two cells (escaping it) touches both.
        line_start, line_end = starts[line - 1], ends[line - 1]
        start = source.offset(line, column)
        end = source.offset(line, max(end_column, column))
        while start > line_start and text[start - 1] in gfm.CELL_SPACE:
            start -= 1
        while end < line_end and text[end] in gfm.CELL_SPACE:
            end += 1
        return ranges.meet(max(start - 1, line_start), min(end + 1, line_end))

    changes: list[UnsafeChange] = []
    for old_table, new_table in zip(before.tables, after.tables, strict=True):
        table_start = starts[old_table.first_line - 1]
        table_end = ends[old_table.last_line - 1]
        old_rows = [row for row in old_table.all_rows() if row.line not in deleted]
        new_rows = new_table.all_rows()
        if len(old_rows) != len(new_rows):
            what = (f"table {old_table.index} would have {len(new_rows) - 2} body rows "
                    f"instead of {len(old_rows) - 2}")
            changes.append(UnsafeChange(path, old_table.first_line, None, what, table_start, table_end))
            continue
        width = len(old_table.header.cells)
        for old_row, new_row in zip(old_rows, new_rows, strict=True):
            what_changed = _row_change(old_row, new_row, width, old_row.line in edited, cell_touched)
            if what_changed is not None:
                line, column, what = what_changed
                row_start, row_end = starts[old_row.line - 1], ends[old_row.line - 1]
                changes.append(UnsafeChange(path, line, column, what, row_start, row_end))
        if old_table.alignments != new_table.alignments:
            what = f"table {old_table.index} would change its column alignment"
            changes.append(UnsafeChange(path, old_table.delimiter.line, None, what, table_start, table_end))
    return changes


def _row_change(old_row, new_row, width: int, edited: bool, touched) -> tuple[int, int | None, str] | None:  # type: ignore[no-untyped-def]
    """(line, column, what) of the first cell of ``old_row`` that ``new_row``
    changes although no edit touched it; None if there is none."""
    old_cells, new_raws = old_row.cells, [cell.raw for cell in new_row.cells]

    def refused(cell, what: str) -> tuple[int, int | None, str]:  # type: ignore[no-untyped-def]
        return cell.line, cell.column, f"{what}, and no fix meant to change it"

    if not edited:
        if [cell.raw for cell in old_cells] != new_raws:
            first = old_cells[0] if old_cells else None
            changed = next((c for c, n in zip(old_cells, new_raws, strict=False) if c.raw != n), first)
            if changed is None:
                return old_row.line, None, "the row would gain cells, and no fix meant to change it"
            return refused(changed, f"cell {changed.raw[:60]!r} would change")
        return None
    if len(old_cells) == width and len(new_raws) != width and old_cells:
        return refused(old_cells[0], f"the row would have {len(new_raws)} cells instead of {width}")
    hit = [index for index, cell in enumerate(old_cells) if touched(cell.line, cell.column, cell.end_column)]
    first, last = (hit[0], hit[-1]) if hit else (len(old_cells), len(old_cells))
    # Cells before the first edited one keep their place from the start, cells
    # after the last one their place from the end: a fix may merge or split
    # the cells it edits, never move a neighbour to another column.
    for index, cell in enumerate(old_cells):
        if first <= index <= last:
            continue
        position = index if index < first else len(new_raws) - (len(old_cells) - index)
        if not 0 <= position < len(new_raws) or new_raws[position] != cell.raw:
            return refused(cell, f"cell {cell.raw[:60]!r} would change or move")
    return None


def verify_same_cells(before: Document, after: str) -> None:
    """The formatter's check: ``after``, the formatted text, has the same tables
    as ``before``, with the same rows, alignments and cells."""
    source = before.source
    path = source.path
    new_tables = rows_as_written(Source(path=path, text=after, bom=source.bom))
    if len(before.tables) != len(new_tables):
        raise UnsafeChangeError(f"{path}: formatting would change the number of tables")
    for old, new_rows in zip(before.tables, new_tables, strict=True):
        old_rows = old.all_rows()
        count = 0
        for index, raws in enumerate(new_rows):
            count += 1
            if index >= len(old_rows):
                break
            if index == 1:
                if [gfm.alignment_of(raw) for raw in raws] != old.alignments:
                    raise UnsafeChangeError(f"{path}: formatting would change the alignment of table {old.index}")
            elif [cell.raw for cell in old_rows[index].cells] != raws:
                line = old_rows[index].line
                what = "a header" if index == 0 else "a cell of this row"
                raise UnsafeChangeError(f"{path}:{line}: formatting would change {what}")
        if count != len(old_rows):
            raise UnsafeChangeError(f"{path}: formatting would change the rows of table {old.index}")


def reparse(source: Source, text: str) -> Document:
    return parse_document(Source(path=source.path, text=text, bom=source.bom))


def unified_diff(path: str, before: str, after: str) -> str:
    old_lines, new_lines = lines_with_endings(before), lines_with_endings(after)
    # Show line endings as the lines have them; a missing final newline is marked like git does.
    out = []
    for line in difflib.unified_diff(old_lines, new_lines, f"a/{path}", f"b/{path}"):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)
