"""Value types for a parsed table: Table, Row, Cell.

Rows keep the cells exactly as written: a row with more or fewer cells than
the header is not padded or cut (rules report it; GFM's renderer would pad or
drop silently). Positions are 1-based; columns count code points and
``end_column`` is exclusive, so ``line[column - 1 : end_column - 1]`` is the
cell's raw text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .gfm import unescape_pipes

if TYPE_CHECKING:
    from .source import Source


# Not frozen: a frozen dataclass sets each field through object.__setattr__,
# which triples the cost of making the half million cells of a 100k-row
# table. Cells are still never changed, and hash as before.
@dataclass(slots=True, unsafe_hash=True)
class Cell:
    """A cell's text as written (``raw``), at a 1-based line and column."""
    raw: str
    line: int
    column: int

    @property
    def end_column(self) -> int:
        # Computed, not stored: a 100k-row table has half a million cells.
        return self.column + len(self.raw)

    @property
    def text(self) -> str:
        """The cell with ``\\|`` unescaped, as GFM hands it to inline parsing."""
        return unescape_pipes(self.raw)


@dataclass(slots=True)
class Row:
    """One line of a table, split into cells."""
    line: int
    # Everything on the line before the row's content: container markers
    # (``> ``, list indentation) and indentation. Kept byte for byte on rewrite.
    prefix: str
    cells: list[Cell]
    # The document's text, from which ``source`` is sliced when asked for:
    # keeping a copy of every line would cost as much memory as the file.
    document: Source

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


@dataclass(slots=True)
class Table:
    """A GFM table: header row, delimiter row and body rows."""
    index: int  # 1-based, in file order
    header: Row
    delimiter: Row
    alignments: list[str]  # "none" | "left" | "center" | "right", one per header cell
    rows: list[Row]  # body rows, 1-based "row" numbers in diagnostics

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
