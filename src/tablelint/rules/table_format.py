from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..facts.context import LintContext


class TableFormat(
    Rule, code="TL501", name="table-format", severity=Severity.ERROR, fix="safe", enabled_by_default=False,
    example_args=("--extend-select", "table-format"), summary="A table is not laid out as `tablelint format` writes it",
):
    """## What it does
    Checks that every table is laid out as `tablelint format` writes it. By
    default (`align = "keep"`) a table keeps its layout, so two are accepted:

    - aligned, as Prettier writes it: leading and trailing pipes, every column
      padded to its widest cell (display width: CJK characters and emoji count
      2, combining marks 0; at least 3), the delimiter row dashes across the
      column with the alignment colons at its ends, a centred cell's odd space
      of padding on its right;
    - compact: `| a | b |`, one space inside each cell, a delimiter row of
      `---`, `:---`, `---:`, `:---:` (or Prettier's `:--`, `--:`, `:-:`).

    A table that is aligned but not in that exact form (padded wider, no
    outer pipes, an unpadded last column, pipes lined up by counting
    characters rather than display columns) is reported and formatted aligned;
    one whose cells have at most one space of padding, compact; any other
    (ragged padding) as `ragged-align` says (default `auto`: aligned when
    its lines fit `max-width`, else compact). `align = "always"`, `"never"`
    or `"auto"` asks for one layout for every table.

    The rule is off by default; CI turns it on with
    `--extend-select table-format`, and `tablelint format --check` reports it.

    ## Why is this bad?
    Hand-aligned tables drift: one edited cell leaves the columns ragged, and
    the next person to realign them produces a diff that touches every row.
    When everyone formats with the same tool and the same width model, a
    change to one cell is a change to the lines it needs. Keeping each
    table's layout means adopting the rule rewrites only the tables that
    are really untidy, and agreeing with Prettier means the two tools never
    undo each other.

    ## Example
    ```markdown
    | 名称 |来源|
    |--|:-:|
    |LaMDA   | arXiv 2022|
    ```

    ## Use instead
    ```markdown
    | 名称  |    来源    |
    | ----- | :--------: |
    | LaMDA | arXiv 2022 |
    ```

    ## Fix safety
    The fix is safe: it rewrites whitespace, pipes and delimiter dashes only.
    Cell contents, alignment colons, line endings and container prefixes
    (`> `, list indentation) stay as written, and a line without any `|` (a
    paragraph line that GFM made a row) is left alone.

    ## Options
    `[format]` in the configuration: `align` (`keep`, `auto`, `always`,
    `never`), `ragged-align` (`auto`, `always`, `never`), `max-width`
    (display columns, default 120) and `diff-friendly` (pad every column but
    the last, so editing a row's last cell changes only that line).
    """

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        from ..layout.formatter import format_table_lines

        settings = context.settings.format
        for table in context.document.tables:
            rows = table.all_rows()
            changed = [
                (row, new)
                for row, new in zip(rows, format_table_lines(table, settings), strict=True)
                if new != row.source
            ]
            if not changed:
                continue
            # The formatter keeps each row's container prefix, so an edit starts after it.
            edits = tuple(
                Edit(row.line, len(row.prefix) + 1, row.line, len(row.source) + 1, new[len(row.prefix) :])
                for row, new in changed
            )
            yield self.at_row(
                context, table, None, changed[0][0],
                f"table is not formatted: {len(changed)} of {len(rows)} lines would change; "
                "run 'tablelint format'",
                fix=Fix(Applicability.SAFE, "format the table", edits),
            )
