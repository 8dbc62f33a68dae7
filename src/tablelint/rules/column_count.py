from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import lazy_re
from ..diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from ..parse import gfm
from ..parse.gfm import split_cells
from ..parse.source import spliced
from ..parse.table import Row
from .base import Rule, body_rows

if TYPE_CHECKING:
    from ..facts.context import LintContext

# A cell GitHub shows as nothing: an HTML comment, or the Markdown comment idiom
# of a link reference definition with a dummy target, ``[//]: # (note)``.
_COMMENT = lazy_re.compile(r"<!--(?:(?!-->).)*-->|\[[^\]]*\]:[ \t]*(?:#|<>)(?:[ \t].*)?", re.DOTALL)


def _unescaped_pipes(text: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if text[i] == "|" and (i == 0 or text[i - 1] != "\\")]


def _escape_pipes(line: str, pipes: list[int]) -> str:
    return spliced(line, ((pipe, pipe + 1, "\\|") for pipe in sorted(pipes)))


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


class ColumnCount(
    Rule, code="TL001", name="column-count", severity=Severity.ERROR, fix="unsafe",
    summary="A row has more or fewer cells than the header",
):
    """## What it does
    Checks that every body row has as many cells as the header.

    ## Why is this bad?
    GitHub pads a short row with empty cells and silently drops the cells of
    a long one, so data goes missing or lands in the wrong column. The hint
    names the likely cause: an unescaped `|` inside a code span or a wikilink
    (GFM splits the cell there, code span or not); a trailing extra cell that
    shows nothing (an empty cell, or a comment such as `[//]: # (note)` or
    `<!-- note -->` written as a cell of its own); two rows written on one
    line (about twice the header's cells); a forgotten cell; and a paragraph
    line written right under a table with no blank line between them (GFM
    makes that line a row).

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
    meant two cells. It is offered only when escaping them leaves the row with
    exactly the header's cells, so that it merges only the cells around those
    pipes and moves no other cell, as `tablelint fix` checks. Other cases
    have no fix: only the author knows which cell is missing or where the
    second row starts.
    """

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        for table in context.document.tables:
            expected = table.column_count
            for number, row in body_rows(table):
                found = len(row.cells)
                if found != expected:
                    yield self._diagnose(context, table, number, row, found, expected)

    def _diagnose(self, context, table, number, row: Row, found: int, expected: int) -> Diagnostic:  # type: ignore[no-untyped-def]
        counts = f"row has {found} cell{'s' if found != 1 else ''}, the header has {expected}"

        def report(hint: str) -> Diagnostic:
            return self.at_row(context, table, number, row, f"{counts}: {hint}")

        if not row.has_pipe:
            return report(
                "this line has no '|', so it is a paragraph line that GFM made a "
                "table row because no blank line separates it from the table; add a blank line before it"
            )
        if found < expected:
            return report("GitHub shows the missing cells as empty; add the missing cell or an empty '|  |'")
        spans = _pipes_inside_spans(row.source, len(row.prefix))
        if spans:
            return self._pipes_in_spans(context, table, number, row, spans, counts, expected)
        extra = [cell.raw for cell in row.cells[expected:]]
        comments = [raw for raw in extra if _COMMENT.fullmatch(raw)]
        if all(raw == "" or _COMMENT.fullmatch(raw) for raw in extra):
            if comments:
                return report(
                    f"the extra cell {comments[0]!r} is a comment, which GitHub drops with the other extra "
                    "cells; move it out of the table, or into the last cell"
                )
            return report(
                f"the extra cell{'s' if len(extra) != 1 else ''} at the end {'is' if len(extra) == 1 else 'are'} "
                "empty: the row has a '|' too many at its end; remove it"
            )
        if expected >= 2 and found in (2 * expected, 2 * expected + 1):
            second = row.cells[found - expected].raw
            return report(
                f"it looks like two rows written on one line; start the second one ('{second[:40]}' …) "
                "on a line of its own"
            )
        return report("GitHub drops the extra cells; escape a literal '|' as '\\|' or add a column")

    def _pipes_in_spans(self, context, table, number, row: Row, spans, counts: str, expected: int) -> Diagnostic:  # type: ignore[no-untyped-def]
        start, end, _ = spans[0]
        what = "a wikilink" if row.source.startswith("[[", start) else "a code span"
        pipes = [pipe for _, _, found in spans for pipe in found]
        message = (
            f"{counts}: an unescaped '|' inside {what} ({row.source[start:end]}) splits the cell "
            "there, even in code; write it as '\\|'"
        )
        # Offered only when it makes the row as wide as the header: then the
        # cells it merges are the ones around the pipes, and every other cell
        # keeps its column (what the safety check asks of a fix).
        width = len(split_cells(_escape_pipes(row.source, pipes), len(row.prefix)))
        fix = None
        if width == expected:
            edits = tuple(Edit(row.line, pipe + 1, row.line, pipe + 2, "\\|") for pipe in pipes)
            fix = Fix(Applicability.UNSAFE, "escape the pipes inside code spans and wikilinks", edits)
        else:
            message += f"; escaping them would leave {width} cells, not {expected}, so no fix is offered"
        diagnostic = self.at_row(context, table, number, row, message, fix=fix)
        diagnostic.column, diagnostic.end_column = start + 1, end + 1
        return diagnostic
