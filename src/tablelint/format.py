"""Render every table of a document in the canonical layout (DESIGN.md, "Formatting").

The formatter works on the parsed model and rewrites table lines only: each
line keeps its container prefix (``> ``, list indentation) and its line ending,
and every byte outside the tables is copied through. Cells are written back
from their raw text, so escaped pipes, code spans, HTML, emphasis, tabs and
inner runs of spaces stay exactly as written.

Canonical form: ``| a | b |``, one space inside each cell, a delimiter row of
``---``, ``:---``, ``:---:`` or ``---:`` (at least three dashes). Aligned, every
column is padded to the display width of its widest cell
(``tablelint.width.display_width``, the project's one width model); compact,
cells are not padded. ``align="auto"`` aligns a table when its widest aligned
line fits ``max_width`` display columns.
"""

from __future__ import annotations

from .config import FormatSettings
from .document import Document
from .source import InputError
from .table import Row, Table
from .width import display_width

ALIGN_MODES = ("auto", "always", "never")

_COMPACT_DELIMITER = {"none": "---", "left": ":---", "right": "---:", "center": ":---:"}
# The narrowest delimiter cell of each alignment, three dashes plus its colons.
_MIN_WIDTH = {alignment: len(cell) for alignment, cell in _COMPACT_DELIMITER.items()}
# "| " before a row's first cell is 2 columns, " | " between cells 3, " |" after the last 2:
# a row of n cells of widths w is 1 + sum(w + 3) columns wide.
_CELL_OVERHEAD = 3


def format_document(document: Document, settings: FormatSettings | None = None) -> str:
    """The document's text with every table in canonical form.

    Only table lines change, and only up to their line ending. The result has
    no BOM (``Source.encode`` restores it) and the same newlines as the input.
    """
    text = document.source.text
    if not document.tables:
        return text
    source = document.source
    starts, ends = source.line_starts, source.line_ends
    pieces: list[str] = []
    cursor = 0
    for table in document.tables:
        for row, line in zip(table.all_rows(), format_table_lines(table, settings), strict=True):
            index = row.line - 1
            pieces.append(text[cursor : starts[index]])
            pieces.append(line)
            cursor = ends[index]
    pieces.append(text[cursor:])
    return "".join(pieces)


def format_table_lines(table: Table, settings: FormatSettings | None = None) -> list[str]:
    """The new text of each line of ``table`` (header, delimiter, body), without line endings."""
    settings = settings if settings is not None else FormatSettings()
    if settings.align not in ALIGN_MODES:
        raise InputError(f"unknown align mode '{settings.align}': use auto, always or never")
    rows = table.all_rows()
    header, delimiter = table.header, table.delimiter
    # A body line without a pipe is a paragraph line GFM took as a row: writing
    # it with pipes would cement the mistake that column-count reports.
    kept = [row is header or row is delimiter or row.has_pipe for row in rows]
    rendered = [row for row, keep in zip(rows, kept, strict=True) if keep]
    layout = None if settings.align == "never" else _measure(table, rendered, settings)
    if layout is None:
        new_lines = iter(_render_compact(table, rendered))
    else:
        new_lines = iter(_render_aligned(table, rendered, *layout, settings.diff_friendly))
    return [next(new_lines) if keep else row.source for row, keep in zip(rows, kept, strict=True)]


def _measure(
    table: Table, rendered: list[Row], settings: FormatSettings
) -> tuple[list[int], list[list[int]]] | None:
    """The display width of each column and of each cell of each rendered row
    (none for the delimiter), or None when the table goes compact: ``auto``
    and the widest aligned line wider than ``max_width``.

    Column widths only grow as rows are read, so in ``auto`` mode the first row
    that is already too wide settles it and no further cell is measured.
    """
    limit = settings.max_width if settings.align == "auto" else None
    skip_last = settings.diff_friendly
    delimiter = table.delimiter
    alignments = table.alignments
    # The delimiter's own cells set a minimum: three dashes and the colons.
    widths = [_MIN_WIDTH[alignment] for alignment in alignments]
    if skip_last:
        widths[-1] = 0
    cell_widths: list[list[int]] = []
    shapes: list[tuple[int, int, int]] = []  # prefix width, cell count, width of the unpadded last cell
    for row in rendered:
        count = len(row.cells)
        if row is delimiter:
            measured: list[int] = []
            last_width = _MIN_WIDTH[alignments[-1]] if skip_last else 0
        else:
            measured = [display_width(cell.raw) for cell in row.cells]
            padded = count - 1 if skip_last else count
            if len(widths) < padded:
                widths.extend([0] * (padded - len(widths)))
            for index in range(padded):
                if measured[index] > widths[index]:
                    widths[index] = measured[index]
            last_width = measured[-1] if skip_last else 0
        cell_widths.append(measured)
        shape = (display_width(row.prefix), count, last_width)
        shapes.append(shape)
        if limit is not None and _line_width(shape, widths, skip_last) > limit:
            return None
    if limit is not None and max(_line_width(shape, widths, skip_last) for shape in set(shapes)) > limit:
        return None
    return widths, cell_widths


def _line_width(shape: tuple[int, int, int], widths: list[int], skip_last: bool) -> int:
    prefix_width, count, last_width = shape
    if skip_last:
        return prefix_width + 1 + sum(widths[: count - 1]) + last_width + _CELL_OVERHEAD * count
    return prefix_width + 1 + sum(widths[:count]) + _CELL_OVERHEAD * count


def _line(prefix: str, texts: list[str]) -> str:
    # The space before each closing pipe also keeps a cell that ends in a
    # backslash from escaping that pipe (which would merge two cells).
    return f"{prefix}| {' | '.join(texts)} |"


def _render_compact(table: Table, rendered: list[Row]) -> list[str]:
    delimiter = table.delimiter
    lines = []
    for row in rendered:
        if row is delimiter:
            texts = [_COMPACT_DELIMITER[alignment] for alignment in table.alignments]
        else:
            texts = [cell.raw for cell in row.cells]
        lines.append(_line(row.prefix, texts))
    return lines


def _render_aligned(
    table: Table, rendered: list[Row], widths: list[int], cell_widths: list[list[int]], diff_friendly: bool
) -> list[str]:
    delimiter = table.delimiter
    alignments = table.alignments + ["none"] * (len(widths) - len(table.alignments))
    lines = []
    for row, measured in zip(rendered, cell_widths, strict=True):
        if row is delimiter:
            texts = _delimiter_cells(table.alignments, widths, diff_friendly)
        else:
            cells = row.cells
            padded = len(cells) - 1 if diff_friendly else len(cells)
            texts = [
                _pad(cells[index].raw, widths[index] - measured[index], alignments[index])
                for index in range(padded)
            ]
            if diff_friendly:
                texts.append(cells[-1].raw)
        lines.append(_line(row.prefix, texts))
    return lines


def _pad(raw: str, gap: int, alignment: str) -> str:
    if alignment == "right":
        return " " * gap + raw
    if alignment == "center":
        left = gap // 2
        return " " * left + raw + " " * (gap - left)
    return raw + " " * gap


def _delimiter_cells(alignments: list[str], widths: list[int], diff_friendly: bool) -> list[str]:
    cells = []
    last = len(alignments) - 1
    for index, alignment in enumerate(alignments):
        if diff_friendly and index == last:
            cells.append(_COMPACT_DELIMITER[alignment])
            continue
        width = widths[index]
        left = ":" if alignment in ("left", "center") else ""
        right = ":" if alignment in ("right", "center") else ""
        cells.append(left + "-" * (width - len(left) - len(right)) + right)
    return cells
