"""A Markdown document as tablelint sees it: its source and its tables."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..record import Record
from . import gfm
from .locate import TableLocation, locate_tables
from .source import Source
from .table import Cell, Row, Table


class Document(Record):
    """A parsed Markdown file: its source and its tables."""

    __slots__ = ("source", "tables", "ref_links", "too_deep", "opaque_lines")

    def __init__(
        self, source: Source, tables: list[Table] | None = None, ref_links: dict[str, Any] | None = None,
        too_deep: list[int] | None = None, opaque_lines: list[tuple[int, int]] | None = None,
    ) -> None:
        self.source = source
        self.tables = [] if tables is None else tables
        # Link reference definitions anywhere in the file, as mistune keys them.
        self.ref_links = {} if ref_links is None else ref_links
        # 1-based lines of what looks like a table header nested too deeply to be parsed.
        self.too_deep = [] if too_deep is None else too_deep
        # 1-based first and last lines of code blocks and of HTML blocks that
        # are not comments, where a ``<!--`` is text (suppress.py).
        self.opaque_lines = [] if opaque_lines is None else opaque_lines

    @property
    def path(self) -> str:
        return self.source.path


@contextmanager
def bulk_objects() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    A 100k-row table is half a million cells; the collector would walk the
    growing heap again and again (a third of the parse time, measured) to
    find cycles these objects do not form. It runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_document(source: Source) -> Document:
    """Locate the tables with mistune, then split each row on its original line."""
    if "-" not in source.text:  # every delimiter row has a dash, and every comment too
        return Document(source)
    with bulk_objects():
        return _parse(source)


def _parse(source: Source) -> Document:
    opaque: list[tuple[int, int]] = []
    locations, ref_links, too_deep = locate_tables(source.normalized(), _line_reader(source), opaque)
    tables = [_build_table(source, location, number) for number, location in enumerate(locations, 1)]
    opaque_lines = [(first + 1, last + 1) for first, last in opaque]
    return Document(source, tables, ref_links, [line + 1 for line in too_deep], opaque_lines)


def _line_reader(source: Source) -> Callable[[int], str]:
    """``doc_line`` for ``locate_tables``: 0-based line ``i`` of ``source``."""
    starts, ends, text = source.line_starts, source.line_ends, source.text
    return lambda index: text[starts[index] : ends[index]]


class _RepeatedTexts(dict[str, str]):
    """Short cell texts met so far, each kept once: tables repeat their
    placeholders, statuses and venues (``NULL``, ``EMNLP2022``) in every row.
    Bounded, so that a table of distinct numbers does not fill it."""

    def __missing__(self, text: str) -> str:
        if len(self) < _REPEATED_TEXTS_MAX:
            self[text] = text
        return text


# Cell texts up to this long are shared between cells, and this many distinct ones.
_SHORT_TEXT = 16
_REPEATED_TEXTS_MAX = 4096


def _build_table(source: Source, location: TableLocation, number: int) -> Table:
    repeated = _RepeatedTexts()
    rows = [
        Row(line_number, line[:content_start], [
            Cell(repeated[line[start:end]] if end - start <= _SHORT_TEXT else line[start:end], line_number, start + 1)
            for start, end in spans
        ], source)
        for line_number, line, content_start, spans in _split_lines(source, location)
    ]
    header, delimiter, body = rows[0], rows[1], rows[2:]
    alignments = [gfm.alignment_of(cell.raw) for cell in delimiter.cells]
    return Table(number, header, delimiter, alignments, body)


def _split_lines(source: Source, location: TableLocation) -> Iterator[tuple[int, str, int, list[tuple[int, int]]]]:
    """Each line of a table: (1-based number, line, where its content starts, cell spans)."""
    starts, ends, text = source.line_starts, source.line_ends, source.text
    content_starts = location.content_starts
    for offset in range(location.line_count):
        index = location.first_line + offset
        line = text[starts[index] : ends[index]]
        content_start = len(line) - len(line.lstrip(" \t")) if content_starts is None else content_starts[offset]
        keep_indent = offset == 0 and location.header_keeps_indent
        yield index + 1, line, content_start, gfm.split_cells(line, content_start, keep_indent)


def rows_as_written(source: Source) -> list[Iterator[list[str]]]:
    """Each table of ``source`` as the raw texts of its rows' cells (header,
    delimiter, body), split one row at a time when iterated.

    What the formatter's safety check compares a rewrite with: the cells of
    a second Document of a large table would add much to the run's peak
    memory, and nothing but their text is needed."""
    if "-" not in source.text:
        return []
    locations, _, _ = locate_tables(source.normalized(), _line_reader(source))
    return [
        ([line[start:end] for start, end in spans] for _, line, _, spans in _split_lines(source, location))
        for location in locations
    ]
