"""Changing a file safely: applying edits, checking the result, writing it.

The safety check follows black, which parses its own output and refuses to
write when it differs from the input: after every fix or format, the new
text is parsed again and its cells compared with the old ones. A cell that no
edit touched must come back byte for byte, every row that was not deleted
must still be a row of the same table, and every table must still be there.
Otherwise nothing is written.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import gfm
from .diagnostics import Edit
from .document import Document, parse_document, rows_as_written
from .record import Record
from .source import Source


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


def to_span(source: Source, edit: Edit) -> Span:
    return Span(source.offset(edit.line, edit.column), source.offset(edit.end_line, edit.end_column), edit.content)


def overlaps(a: Span, b: Span) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions conflict only at the same point
        return a.start == b.start or (a.start < b.start < a.end) or (b.start < a.start < b.end)
    return a.start < b.end and b.start < a.end


def apply_spans(text: str, spans: Iterable[Span]) -> str:
    """Apply non-overlapping spans (checked by the caller)."""
    pieces = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        pieces.append(text[position : span.start])
        pieces.append(span.content)
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def _touched_lines(source: Source, spans: list[Span]) -> tuple[set[int], set[int], list[tuple[int, int]]]:
    """(lines removed whole, other lines an edit touches, edited offset ranges) in the old text."""
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
    return deleted, touched - deleted, [(span.start, span.end) for span in spans]


def verify_rewrite(before: Document, after: Document, spans: list[Span]) -> None:
    """Raise UnsafeChangeError unless ``after`` keeps every untouched cell of ``before``."""
    source = before.source
    deleted, edited, ranges = _touched_lines(source, spans)
    if len(before.tables) != len(after.tables):
        raise UnsafeChangeError(
            f"{source.path}: the result has {len(after.tables)} tables where there were {len(before.tables)}"
        )

    def touched(line: int, column: int, end_column: int) -> bool:
        # A cell's range includes the character on each side, so that an edit
        # of the pipe between two cells (escaping it) touches both.
        start = source.offset(line, column) - 1
        end = source.offset(line, max(end_column, column)) + 1
        for a, b in ranges:
            if a < end and start < b:
                return True
            if (start == end and a <= start <= b) or (a == b and start <= a <= end):
                return True  # an empty cell written into, or an insertion in a cell
        return False

    for old_table, new_table in zip(before.tables, after.tables, strict=True):
        old_rows = [row for row in old_table.all_rows() if row.line not in deleted]
        new_rows = new_table.all_rows()
        if len(old_rows) != len(new_rows):
            raise UnsafeChangeError(
                f"{source.path}: table {old_table.index} would have {len(new_rows) - 2} body rows "
                f"instead of {len(old_rows) - 2}"
            )
        width = len(old_table.header.cells)
        for old_row, new_row in zip(old_rows, new_rows, strict=True):
            _verify_row(source.path, old_row, new_row, width, old_row.line in edited, touched)
        if old_table.alignments != new_table.alignments:
            raise UnsafeChangeError(f"{source.path}: table {old_table.index} would change its column alignment")


def _verify_row(path: str, old_row, new_row, width: int, edited: bool, touched) -> None:  # type: ignore[no-untyped-def]
    old_cells, new_raws = old_row.cells, [cell.raw for cell in new_row.cells]

    def refuse(cell, what: str) -> None:  # type: ignore[no-untyped-def]
        raise UnsafeChangeError(f"{path}:{cell.line}:{cell.column}: {what}, and no fix meant to change it")

    if not edited:
        if [cell.raw for cell in old_cells] != new_raws:
            first = old_cells[0] if old_cells else None
            changed = next((c for c, n in zip(old_cells, new_raws, strict=False) if c.raw != n), first)
            if changed is None:
                raise UnsafeChangeError(f"{path}:{old_row.line}: the row would gain cells")
            refuse(changed, f"cell {changed.raw[:60]!r} would change")
        return
    if len(old_cells) == width and len(new_raws) != width and old_cells:
        refuse(old_cells[0], f"the row would have {len(new_raws)} cells instead of {width}")
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
            refuse(cell, f"cell {cell.raw[:60]!r} would change or move")


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
    old = Source(path, before)
    new = Source(path, after)
    old_lines = [old.line(n) + old.line_ending(n) for n in range(1, old.line_count + 1)] if before else []
    new_lines = [new.line(n) + new.line_ending(n) for n in range(1, new.line_count + 1)] if after else []
    # Show line endings as the lines have them; a missing final newline is marked like git does.
    out = []
    for line in difflib.unified_diff(old_lines, new_lines, f"a/{path}", f"b/{path}"):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write via a temporary file in the same directory and a rename, keeping
    the file's permission bits: a crash leaves the old file or the new one,
    never half of each."""
    target = Path(path)
    directory = target.parent
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tablelint", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
