"""Render every table of a document in the canonical layout.

The formatter works on the parsed model and rewrites table lines only: each
line keeps its container prefix (``> ``, list indentation) and its line ending,
and every byte outside the tables is copied through. Cells are written back
from their raw text, so escaped pipes, code spans, HTML, emphasis, tabs and
inner runs of spaces stay exactly as written.

Two layouts, each with one canonical form (``| a | b |``, one space inside
each cell at least, outer pipes):

* aligned, as Prettier writes it: every column padded to the display width of
  its widest cell, and at least 3 wide (``tablelint.layout.width.display_width``,
  the project's one width model, is Prettier's); a centred cell's odd space
  of padding goes on the right; the delimiter row is dashes across the column
  with the alignment colons at its ends (``:-:`` in a column 3 wide);
* compact: no padding; the delimiter cells are ``---``, ``:---``, ``---:``,
  ``:---:``, or Prettier's ``---``, ``:--``, ``--:``, ``:-:`` when the table
  already has those.

``align="keep"`` (the default) keeps each table's layout: a table that is
aligned (``layout_of``) is written aligned, a compact one compact, and one
that is neither follows ``ragged_align``. ``always`` and ``never`` force a
layout; ``auto`` aligns a table when its widest aligned line fits
``max_width`` display columns.
"""

from __future__ import annotations

from ..config import ALIGN_MODES, RAGGED_ALIGN_MODES, FormatSettings
from ..errors import InputError
from ..parse.document import Document
from ..parse.source import spliced
from ..parse.table import Row, Table
from .width import display_width

_COMPACT_DELIMITER = {"none": "---", "left": ":---", "right": "---:", "center": ":---:"}
# What Prettier writes in a compact table (--prose-wrap never, a long table).
_MINIMAL_DELIMITER = {"none": "---", "left": ":--", "right": "--:", "center": ":-:"}
# Prettier's narrowest column, whatever its alignment: ``:-:`` is a centred one.
_MIN_WIDTH = 3
# A compact delimiter cell has at most this many dashes (``:---:``).
_COMPACT_DASHES = 3
# "| " before a row's first cell is 2 columns, " | " between cells 3, " |" after the last 2:
# a row of n cells of widths w is 1 + sum(w + 3) columns wide.
_CELL_OVERHEAD = 3


def format_document(document: Document, settings: FormatSettings | None = None) -> str:
    """The document's text with every table in canonical form.

    Only table lines change, and only up to their line ending. The result has
    no BOM (``Source.encode`` restores it) and the same newlines as the input.
    """
    source = document.source
    if not document.tables:
        return source.text
    starts, ends = source.line_starts, source.line_ends
    return spliced(source.text, (
        (starts[row.line - 1], ends[row.line - 1], line)
        for table in document.tables
        for row, line in zip(table.all_rows(), format_table_lines(table, settings), strict=True)
    ))


def format_table_lines(table: Table, settings: FormatSettings | None = None) -> list[str]:
    """The new text of each line of ``table`` (header, delimiter, body), without line endings."""
    settings = settings if settings is not None else FormatSettings()
    if settings.align not in ALIGN_MODES:
        raise InputError(f"unknown align mode '{settings.align}': use keep, auto, always or never")
    if settings.ragged_align not in RAGGED_ALIGN_MODES:
        raise InputError(f"unknown ragged-align mode '{settings.ragged_align}': use auto, always or never")
    rows = table.all_rows()
    header, delimiter = table.header, table.delimiter
    # A body line without a pipe is a paragraph line GFM took as a row: writing
    # it with pipes would cement the mistake that column-count reports.
    kept = [row is header or row is delimiter or row.has_pipe for row in rows]
    rendered = [row for row, keep in zip(rows, kept, strict=True) if keep]
    new_lines = iter(_render(table, rendered, settings))
    return [next(new_lines) if keep else row.source for row, keep in zip(rows, kept, strict=True)]


def layout_of(table: Table) -> str:
    """``aligned``, ``compact``, ``both`` or ``ragged``: how ``table`` is laid out now.

    Aligned: the pipes between cells are at the same columns in every row,
    and so are the pipes that close each row's last cell, except that a
    table of two columns or more may leave its last column unpadded. Columns
    are display columns, or characters: a table lined up by counting
    characters (wide CJK counted 1) was lined up all the same, and is
    formatted aligned, by display width.
    Compact: no cell has more than one space of padding on either side (an
    empty cell: two spaces between its pipes) and no delimiter cell has more
    than three dashes. Rows without a pipe (paragraph lines GFM took as rows)
    are not looked at. ``both`` is a table that is aligned and compact.
    """
    rows = [row for row in table.all_rows() if row is table.header or row is table.delimiter or row.has_pipe]
    aligned, compact = _is_aligned(table, rows, []), _is_compact(table, rows)
    if aligned and compact:
        return "both"
    return "aligned" if aligned else "compact" if compact else "ragged"


def _render(table: Table, rendered: list[Row], settings: FormatSettings) -> list[str]:
    align = settings.align
    cell_widths: list[list[int]] | None = None
    if align == "keep":
        measured: list[list[int]] = []
        aligned, compact = _is_aligned(table, rendered, measured), _is_compact(table, rendered)
        if aligned:
            cell_widths = measured
        if aligned and compact:
            # Both readings fit (every cell fills its column, or nearly): keep
            # whichever canonical form the table is already in, else compact,
            # which moves the fewest characters.
            compact_lines = _render_compact(table, rendered)
            if _unchanged(rendered, compact_lines):
                return compact_lines
            aligned_lines = _render_aligned_or_compact(table, rendered, settings, "always", cell_widths)
            return aligned_lines if _unchanged(rendered, aligned_lines) else compact_lines
        align = "always" if aligned else "never" if compact else settings.ragged_align
    if align == "never":
        return _render_compact(table, rendered)
    return _render_aligned_or_compact(table, rendered, settings, align, cell_widths)


def _unchanged(rendered: list[Row], lines: list[str]) -> bool:
    return all(line == row.source for row, line in zip(rendered, lines, strict=True))


def _render_aligned_or_compact(
    table: Table, rendered: list[Row], settings: FormatSettings, align: str, cell_widths: list[list[int]] | None
) -> list[str]:
    limit = settings.max_width if align == "auto" else None
    layout = _measure(table, rendered, limit, settings.diff_friendly, cell_widths)
    if layout is None:
        return _render_compact(table, rendered)
    return _render_aligned(table, rendered, *layout, settings.diff_friendly)


def _pipes(row: Row) -> tuple[int, list[int]]:
    """Where the row's leading pipe is (-1: none) and the pipe that closes each
    cell (-1: a last cell without one), as indexes into the line."""
    line = row.source
    cells = row.cells
    first = cells[0].column - 1 if cells else len(line)
    leading = line.find("|", len(row.prefix), first)
    # After a cell's trimmed text come only spaces and tabs up to its pipe.
    return leading, [line.find("|", cell.column - 1 + len(cell.raw)) for cell in cells]


def _is_aligned(table: Table, rows: list[Row], measured: list[list[int]]) -> bool:
    """Whether the pipes line up (``layout_of``), in display columns or in
    characters. The display width of each row's cells (none for the
    delimiter) is appended to ``measured`` as the rows are read: all of them
    when the table is aligned."""
    # For each way of measuring, the column of the pipe after each cell:
    # after every cell, and after every cell but a row's last. Display
    # columns as Prettier and terminals count them; characters as an editor
    # without a monospaced CJK font shows them and some formatters write
    # them: either way the author lined the pipes up.
    display_every: dict[int, int] = {}
    display_between: dict[int, int] = {}
    characters_every: dict[int, int] = {}
    characters_between: dict[int, int] = {}
    several = table.column_count >= 2
    ok = [True, several, True, several]
    delimiter = table.delimiter
    for row in rows:
        widths = [] if row is delimiter else [display_width(cell.raw) for cell in row.cells]
        measured.append(widths)
        _, pipes = _pipes(row)
        start = len(row.prefix)
        last = len(pipes) - 1
        # Outside the cells a row holds pipes and spaces, one column each: the
        # display column is the character column plus how much wider than
        # their length the cells so far are.
        wider = 0
        for index, pipe in enumerate(pipes):
            if pipe < 0:
                break
            if widths:
                wider += widths[index] - len(row.cells[index].raw)
            characters = pipe - start
            display = characters + wider
            if ok[0] and display_every.setdefault(index, display) != display:
                ok[0] = False
            if ok[2] and characters_every.setdefault(index, characters) != characters:
                ok[2] = False
            if index < last:
                if ok[1] and display_between.setdefault(index, display) != display:
                    ok[1] = False
                if ok[3] and characters_between.setdefault(index, characters) != characters:
                    ok[3] = False
            if not any(ok):
                return False
    return True


def _is_compact(table: Table, rows: list[Row]) -> bool:
    delimiter = table.delimiter
    for row in rows:
        if row is delimiter and any(cell.raw.count("-") > _COMPACT_DASHES for cell in row.cells):
            return False
        leading, pipes = _pipes(row)
        after_pipe = leading + 1 if leading >= 0 else len(row.prefix)
        for cell, pipe in zip(row.cells, pipes, strict=True):
            before = cell.column - 1 - after_pipe
            after = pipe - (cell.column - 1 + len(cell.raw)) if pipe >= 0 else 0
            if before + after > 2 or (cell.raw and (before > 1 or after > 1)):
                return False
            after_pipe = pipe + 1
    return True


def _measure(
    table: Table, rendered: list[Row], limit: int | None, skip_last: bool, known: list[list[int]] | None
) -> tuple[list[int], list[list[int]]] | None:
    """The display width of each column and of each cell of each rendered row
    (none for the delimiter), or None when the widest aligned line would be
    wider than ``limit`` (``auto``: the table goes compact). ``known``: the
    cells' widths, when already measured.

    Column widths only grow as rows are read, so with a limit the first row
    that is already too wide settles it and no further cell is measured.
    """
    delimiter = table.delimiter
    alignments = table.alignments
    widths = [_MIN_WIDTH] * len(alignments)
    if skip_last:
        widths[-1] = 0
    cell_widths: list[list[int]] = []
    shapes: list[tuple[int, int, int]] = []  # prefix width, cell count, width of the unpadded last cell
    for number, row in enumerate(rendered):
        count = len(row.cells)
        if row is delimiter:
            measured: list[int] = []
            last_width = len(_COMPACT_DELIMITER[alignments[-1]]) if skip_last else 0
        else:
            measured = known[number] if known else [display_width(cell.raw) for cell in row.cells]
            padded = count - 1 if skip_last else count
            if len(widths) < padded:
                widths.extend([_MIN_WIDTH] * (padded - len(widths)))
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
    # Prettier's compact delimiter cells stay Prettier's; any other become tablelint's.
    minimal = set(_MINIMAL_DELIMITER.values())
    style = _MINIMAL_DELIMITER if all(cell.raw in minimal for cell in delimiter.cells) else _COMPACT_DELIMITER
    lines = []
    for row in rendered:
        if row is delimiter:
            texts = [style[alignment] for alignment in table.alignments]
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
