"""The prose cells of a document's tables as one text, read once.

A 100k-row table holds hundreds of thousands of cells and millions of words,
so the work per cell and per word stays in C: the cells are gathered column
by column, each after a newline (no term crosses one), and blanked
(``joined_visible_text``); their distinct words come from one translation
of the text's Latin-1 bytes (``term_runs``). No per-cell object or string is
made: a cell is a number, and its text a slice of the joined text, taken only
for the few cells a check looks at.

Cells are numbered column by column; ``where`` gives a cell's table, row and
column, and sorting by it restores reading order.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import partial
from itertools import accumulate, compress, count, filterfalse
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

from ..record import Record
from .letters import has_letters_past_latin_1
from .names import is_not_a_name
from .terms import TERM, TOKEN, finder, has_letter, joined_visible_text, mark_cells, term_runs, terms_of_runs

if TYPE_CHECKING:
    from .inputs import TableInput

_CELLS = attrgetter("cells")
_RAW = attrgetter("raw")
# NOT_NAMES values are at most this long: longer cells need no lookup.
_SHORT = 5
# Up to this many words, a search for each finds their cells; past it,
# checking every token against a set is faster.
ALTERNATION_LIMIT = 32
# Up to this many strings, each is searched for on its own.
_ONE_BY_ONE = 8
# Cells tokenized at a time: a whole 100k-row table at once would hold every
# token in memory.
_CHUNK = 4096


class _Column(Record):
    """The cells of one prose column, numbered ``first`` up to ``stop``.

    A Record, not a named tuple: nothing reads it as a tuple, and
    ``collections.namedtuple`` compiles code for every class it makes, which
    cost time in every run's import."""

    __slots__ = ("first", "stop", "entry", "column", "rows")

    def __init__(self, first: int, stop: int, entry: int, column: int, rows: Sequence[int]) -> None:
        self.first = first  # number of its first cell
        self.stop = stop  # one past its last cell
        self.entry = entry  # index of its table in the input
        self.column = column
        self.rows = rows  # 1-based row of each cell, ascending


class ProseCells:
    """Every cell of ``tables`` outside the skipped columns. Placeholders
    (``NULL``, ``N/A``) are blanked: they hold no words, like the cells that
    hold no Latin letter. ``words`` are the distinct terms of all cells but
    numbers (digits alone)."""

    def __init__(self, tables: Sequence[TableInput]) -> None:
        self.entries = tables
        self.raws: list[str] = []
        lengths: list[int] = []
        self._columns: list[_Column] = []
        self._name_columns: dict[int, _Column] = {}
        for index, entry in enumerate(tables):
            self._collect(index, entry, lengths)
        self._firsts = [column.first for column in self._columns]
        # Where each cell starts in the joined text, after a newline; the
        # last value is where one more would start.
        # An array, not a list: one int object per cell would cost as much as the text.
        self.starts = array("q", accumulate(map((1).__add__, lengths), initial=1))
        self.text, self._latin_1 = joined_visible_text(self.raws, self.starts)
        # Read once for the patterns run over the whole text (``LatinPattern``).
        self.letters_past_latin_1 = has_letters_past_latin_1(self.text)
        self._token = TOKEN.every if self.letters_past_latin_1 else TOKEN.latin_1
        self._counts: Counter[str] | None = None
        self.words = self._distinct_words(self._latin_1)
        # Words not all in lower case (ordinary words): the only ones the
        # checks look at one by one.
        self.spelt_with_capitals = set(filterfalse(str.islower, self.words))

    def _collect(self, index: int, entry: TableInput, lengths: list[int]) -> None:
        rows = list(map(_CELLS, entry.table.rows))
        widths = list(map(len, rows))
        narrowest = min(widths, default=0)
        # The columns some rows lack, gathered row by row: column by column,
        # one row of 100,000 cells would make every other row be looked at
        # 100,000 times.
        ragged: list[tuple[list[int], list[str]]] = [([], []) for _ in range(max(widths, default=0) - narrowest)]
        for number in compress(count(1), map(narrowest.__lt__, widths)):
            for column, cell in enumerate(rows[number - 1][narrowest:], narrowest):
                ragged[column - narrowest][0].append(number)
                ragged[column - narrowest][1].append(cell.raw)
        for column in range(max(widths, default=0)):
            if column in entry.skip_columns:
                continue
            if column < narrowest:
                numbers: Sequence[int] = range(1, len(rows) + 1)
                texts = list(map(_RAW, map(itemgetter(column), rows)))
            else:
                numbers, texts = ragged[column - narrowest]
            sizes = list(map(len, texts))
            if max(sizes, default=0) <= _SHORT and not _holds_words(texts):
                continue  # statuses, years: no cell of the column has a word
            first = len(self.raws)
            self.raws += _without_placeholders(texts, sizes)
            lengths += sizes
            placed = _Column(first, len(self.raws), index, column, numbers)
            self._columns.append(placed)
            if column == entry.name_column:
                self._name_columns[index] = placed

    def _distinct_words(self, latin_1: bytes) -> set[str]:
        if self.letters_past_latin_1:
            words: set[str] = set()
            for _, start, end in self._chunks():
                words.update(filterfalse(str.isdigit, TERM.every.findall(self.text, start, end)))
            return words
        runs: set[bytes] = set()
        for _, start, end in self._chunks():
            runs |= term_runs(latin_1[start:end])
        return terms_of_runs(runs)

    def _chunks(self) -> Iterator[tuple[int, int, int]]:
        """Spans of the text that start and end at cell boundaries, each
        with its first cell."""
        for first in range(0, len(self.raws), _CHUNK):
            stop = min(first + _CHUNK, len(self.raws))
            yield first, self.starts[first], self.starts[stop] - 1

    def __len__(self) -> int:
        return len(self.raws)

    def visible(self, cell: int) -> str:
        return self.text[self.starts[cell] : self.starts[cell + 1] - 1]

    def where(self, cell: int) -> tuple[int, int, int]:
        """(table's index in the input, 1-based row, 0-based column) of a cell."""
        column = self._columns[bisect_right(self._firsts, cell) - 1]
        return column.entry, column.rows[cell - column.first], column.column

    def name_columns(self) -> Iterator[_Column]:
        """The name column of each table that has one, in input order."""
        return iter(self._name_columns.values())

    def name_cell(self, entry: int, row: int) -> int | None:
        """The cell in the name column of that row, if it is a prose cell."""
        column = self._name_columns.get(entry)
        if column is None:
            return None
        position = bisect_left(column.rows, row)
        if position < len(column.rows) and column.rows[position] == row:
            return column.first + position
        return None

    def counts(self) -> Counter[str]:
        """How often each term occurs (computed on first use: few documents
        need it)."""
        if self._counts is None:
            self._counts = Counter()
            for _, start, end in self._chunks():
                self._counts.update(self._token.findall(self.text, start, end))
            del self._counts["\n"]
        return self._counts

    def cells_with(self, words: Iterable[str]) -> list[int]:
        """Cells where one of ``words`` may be a term, in reading order:
        every cell where one is, and perhaps a few where one is only part of
        a longer term. The caller looks at the terms of each."""
        wanted = set(words)
        if not wanted:
            return []
        if len(wanted) <= ALTERNATION_LIMIT:
            return self.cells_containing(wanted)
        return sorted(self._cells_with_tokens(wanted), key=self.where)

    def cells_containing(self, strings: Collection[str]) -> list[int]:
        """Cells whose visible text contains one of ``strings``, in reading order."""
        if not strings:
            return []
        if "" in strings:
            return sorted(range(len(self.raws)), key=self.where)
        found: set[int] = set()
        # Searched for in the Latin-1 bytes when they can be: a literal is
        # found there at memchr speed, and one by one for a few (several
        # alternatives make the engine look at every character), with
        # bytes.find: compiling a pattern for each costs more than the search.
        in_latin_1, elsewhere = [], []
        for string in strings:
            try:
                in_latin_1.append(string.encode("latin-1"))
            except UnicodeEncodeError:
                elsewhere.append(string)
        if len(in_latin_1) <= _ONE_BY_ONE:
            for string in in_latin_1:
                mark_cells(partial(self._latin_1.find, string), self.starts, found)
        else:
            pattern = re.compile(b"|".join(map(re.escape, in_latin_1)))
            mark_cells(finder(pattern, self._latin_1), self.starts, found)
        if elsewhere:
            mark_cells(finder(re.compile("|".join(map(re.escape, elsewhere))), self.text), self.starts, found)
        return sorted(found, key=self.where)

    def _cells_with_tokens(self, wanted: set[str]) -> set[int]:
        found: set[int] = set()
        for first, start, end in self._chunks():
            tokens = self._token.findall(self.text, start, end)
            cell, counted = first, 0
            for position in compress(count(), map(wanted.__contains__, tokens)):
                # The newlines before a token say which cell it is in.
                cell += tokens[counted:position].count("\n")
                counted = position
                found.add(cell)
        return found


def _holds_words(texts: list[str]) -> bool:
    return any(has_letter(raw) and not is_not_a_name(raw) for raw in set(texts))


def _without_placeholders(texts: list[str], lengths: list[int]) -> list[str]:
    """``texts`` with placeholders (``NULL``, ``N/A``) blanked."""
    # Placeholders are short, and columns repeat them: only short texts are
    # looked at (hashing every long one costs as much as the rest).
    short = list(compress(count(), map(_SHORT.__ge__, lengths)))
    placeholders = {raw: " " * len(raw) for raw in {texts[index] for index in short} if is_not_a_name(raw)}
    if not placeholders:
        return texts
    if len(short) > len(texts) // 4:  # mostly short: hashing them all is cheap
        return list(map(placeholders.get, texts, texts))
    texts = texts.copy()
    for index in short:
        texts[index] = placeholders.get(texts[index], texts[index])
    return texts
