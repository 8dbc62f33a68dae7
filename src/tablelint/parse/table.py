"""Value types for a parsed table: Table, Row, Cell.

Rows keep the cells exactly as written: a row with more or fewer cells than
the header is not padded or cut (rules report it; GFM's renderer would pad or
drop silently). Positions are 1-based; columns count code points and
``end_column`` is exclusive, so ``line[column - 1 : end_column - 1]`` is the
cell's raw text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..record import Record
from .gfm import unescape_pipes

if TYPE_CHECKING:
    from .source import Source


# Hashable because a cell is never changed once made. Nothing enforces it:
# refusing __setattr__ would slow down making the half million cells of a
# 100k-row table.
class Cell(Record):
    """A cell's text as written (``raw``), at a 1-based line and column."""

    __slots__ = ("raw", "line", "column")

    def __init__(self, raw: str, line: int, column: int) -> None:
        self.raw = raw
        self.line = line
        self.column = column

    def __hash__(self) -> int:
        return hash((self.raw, self.line, self.column))

    @property
    def end_column(self) -> int:
        # Computed, not stored: a 100k-row table has half a million cells.
        return self.column + len(self.raw)

    @property
    def text(self) -> str:
        """The cell with ``\\|`` unescaped, as GFM hands it to inline parsing."""
        return unescape_pipes(self.raw)


class Row(Record):
    """One line of a table, split into cells."""

    __slots__ = ("line", "prefix", "cells", "document")

    def __init__(self, line: int, prefix: str, cells: list[Cell], document: Source) -> None:
        self.line = line
        # Everything on the line before the row's content: container markers
        # (``> ``, list indentation) and indentation. Kept byte for byte on rewrite.
        self.prefix = prefix
        self.cells = cells
        # The document's text, from which ``source`` is sliced when asked for:
        # keeping a copy of every line would cost as much memory as the file.
        self.document = document

    @property
    def source(self) -> str:
        """The line as written, without its newline."""
        return self.document.line(self.line)

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]

    @property
    def has_pipe(self) -> bool:
        """False for a line without any unescaped pipe: a paragraph line that
        GFM swallowed into the table because no blank line came before it."""
        content = self.source[len(self.prefix) :]
        return "|" in content.replace("\\|", "")


class Table(Record):
    """A GFM table: header row, delimiter row and body rows."""

    __slots__ = ("index", "header", "delimiter", "alignments", "rows")

    def __init__(self, index: int, header: Row, delimiter: Row, alignments: list[str], rows: list[Row]) -> None:
        self.index = index  # 1-based, in file order
        self.header = header
        self.delimiter = delimiter
        self.alignments = alignments  # "none" | "left" | "center" | "right", one per header cell
        self.rows = rows  # body rows, 1-based "row" numbers in diagnostics

    @property
    def first_line(self) -> int:
        return self.header.line

    @property
    def last_line(self) -> int:
        return self.rows[-1].line if self.rows else self.delimiter.line

    @property
    def column_count(self) -> int:
        return len(self.header.cells)

    @property
    def headers(self) -> list[str]:
        return self.header.texts

    def all_rows(self) -> list[Row]:
        return [self.header, self.delimiter, *self.rows]


def column_keys(headers: list[str], width: int, reserved: tuple[str, ...] = ()) -> list[str]:
    """A key per column for the table as data: the header text; ``column_N``
    (1-based) for an empty header or a cell past the header's width; ``_2``,
    ``_3``… on a repeated header's later uses and on names in ``reserved``."""
    keys: list[str] = []
    used: dict[str, int] = dict.fromkeys(reserved, 1)
    for position in range(width):
        header = headers[position].strip() if position < len(headers) else ""
        key = header or f"column_{position + 1}"
        if key in used:
            used[key] += 1
            key = f"{key}_{used[key]}"
            while key in used:
                key += "_"
        used.setdefault(key, 1)
        keys.append(key)
    return keys
