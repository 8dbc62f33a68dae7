from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import gfm
from ..diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from ..table import Row
from .base import Rule, body_rows

if TYPE_CHECKING:
    from ..context import LintContext

def _unescaped_pipes(text: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if text[i] == "|" and (i == 0 or text[i - 1] != "\\")]


def _pipes_inside_spans(line: str, content_start: int) -> list[tuple[int, int, list[int]]]:
    """Code spans and wikilinks on the line that contain an unescaped pipe:
    (start, end, pipe offsets). GFM splits cells at those pipes."""
    found = []
    for opening_start, opening_end, closing_start, closing_end in gfm.code_spans(line, content_start):
        pipes = _unescaped_pipes(line, opening_end, closing_start)
        if pipes:
            found.append((opening_start, closing_end, pipes))
    for start, end in _wikilinks(line, content_start):
        pipes = _unescaped_pipes(line, start, end)
        if pipes:
            found.append((start, end, pipes))
    return found


def _wikilinks(line: str, start: int) -> Iterator[tuple[int, int]]:
    """Spans of ``[[...]]`` (no ``]`` inside) on the line. Found with str.find,
    not ``\\[\\[[^\\]]*\\]\\]``, which reads to the end of the line from each
    ``[[`` when none closes."""
    pos = start
    while (opening := line.find("[[", pos)) >= 0:
        bracket = line.find("]", opening + 2)
        if bracket < 0:
            return
        if line.startswith("]]", bracket):
            yield opening, bracket + 2
            pos = bracket + 2
        else:
            pos = bracket + 1  # every "[[" before this "]" stops at it too


class ColumnCount(Rule):
    """## What it does
    Checks that every body row has as many cells as the header.

    ## Why is this bad?
    GitHub pads a short row with empty cells and silently drops the cells of
    a long one, so data goes missing or lands in the wrong column. The usual
    causes are an unescaped `|` inside a code span or a wikilink (GFM splits
    the cell there, code span or not), a forgotten cell, and a paragraph line
    written right under a table with no blank line between them: GFM makes
    that line a row.

    ## Example
    ```markdown
    | flag | meaning |
    | --- | --- |
    | `a|b` | either |
    ```

    ## Use instead
    ```markdown
    | flag | meaning |
    | --- | --- |
    | `a\\|b` | either |
    ```

    ## Fix safety
    When the extra cells come from pipes inside code spans or wikilinks, an
    unsafe fix escapes those pipes. It is unsafe because the author may have
    meant two cells. Other cases have no fix: only the author knows which cell
    is missing.
    """

    code = "TL001"
    name = "column-count"
    severity = Severity.ERROR
    fix = "unsafe"
    summary = "A row has more or fewer cells than the header"
    bad_example = "| flag | meaning |\n| --- | --- |\n| `a|b` | either |\n"
    good_example = "| flag | meaning |\n| --- | --- |\n| `a\\|b` | either |\n"

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        for table in context.document.tables:
            expected = table.column_count
            for number, row in body_rows(table):
                found = len(row.cells)
                if found != expected:
                    yield self._diagnose(context, table, number, row, found, expected)

    def _diagnose(self, context, table, number, row: Row, found: int, expected: int) -> Diagnostic:  # type: ignore[no-untyped-def]
        counts = f"row has {found} cell{'s' if found != 1 else ''}, the header has {expected}"
        if not row.has_pipe:
            return self.at_row(
                context, table, number, row,
                f"{counts}: this line has no '|', so it is a paragraph line that GFM made a "
                "table row because no blank line separates it from the table; add a blank line before it",
            )
        if found > expected:
            spans = _pipes_inside_spans(row.source, len(row.prefix))
            if spans:
                start, end, _ = spans[0]
                what = "a wikilink" if row.source.startswith("[[", start) else "a code span"
                edits = tuple(
                    Edit(row.line, pipe + 1, row.line, pipe + 2, "\\|")
                    for _, _, pipes in spans for pipe in pipes
                )
                diagnostic = self.at_row(
                    context, table, number, row,
                    f"{counts}: an unescaped '|' inside {what} ({row.source[start:end]}) splits the cell "
                    "there, even in code; write it as '\\|'",
                    fix=Fix(Applicability.UNSAFE, "escape the pipes inside code spans and wikilinks", edits),
                )
                diagnostic.column, diagnostic.end_column = start + 1, end + 1
                return diagnostic
            return self.at_row(
                context, table, number, row,
                f"{counts}: GitHub drops the extra cells; escape a literal '|' as '\\|' or add a column",
            )
        return self.at_row(
            context, table, number, row,
            f"{counts}: GitHub shows the missing cells as empty; add the missing cell or an empty '|  |'",
        )
