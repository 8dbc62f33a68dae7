"""What the naming analysis reads from each table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..record import Record
from ..vocabulary import Vocabulary

if TYPE_CHECKING:
    from ..parse.table import Table


class TableInput(Record):
    """One table as the naming analysis reads it."""

    __slots__ = ("table", "name_column", "skip_columns", "vocabulary")

    def __init__(
        self, table: Table, name_column: int | None, skip_columns: frozenset[int] = frozenset(),
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.table = table
        # 0-based column of the row names, or None when the table has none.
        self.name_column = name_column
        # Columns whose text is not prose (sources, links): no words from them.
        self.skip_columns = skip_columns
        self.vocabulary = Vocabulary() if vocabulary is None else vocabulary
