from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Applicability, Diagnostic, Fix, Severity
from .base import Rule
from .edits import delete_line

if TYPE_CHECKING:
    from ..facts.context import LintContext


class PlaceholderRow(
    Rule, code="TL101", name="placeholder-row", severity=Severity.ERROR, fix="safe or unsafe",
    summary="Every cell of a row is a placeholder: a template row never filled in",
):
    """## What it does
    Finds rows in which every cell is a placeholder (`NULL`, `N/A`, `TBD`, `-`…)
    or empty: template rows that were never filled in.

    With a schema, the schema's `missingValues` say what a placeholder is.
    Without one, `NULL` may be data (SQL truth tables and query results write
    it), so a row of null tokens counts only when other rows of the table hold
    real content, the table does not write null tokens as values among
    numbers, booleans or dates elsewhere, and at least half of the row's
    cells sit outside such columns (a `NULL` under a year column does not
    hide a template row of a reading list); template tokens such as `TBD`
    always count.

    ## Why is this bad?
    The row renders as a row of data that says nothing, and a reader (or a
    script reading the table) cannot tell it from a real entry.

    ## Example
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《PEER: A Collaborative Language Model》 | arXiv 2022 |
    | NULL | NULL |
    ```

    ## Use instead
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《PEER: A Collaborative Language Model》 | arXiv 2022 |
    ```

    ## Fix safety
    The fix deletes the row. It is safe when a schema declares the values
    missing, and unsafe when the schema-less heuristic decided.
    """

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        source = context.document.source
        for table in context.document.tables:
            for number, schema_based in context.placeholders(table).rows.items():
                row = table.rows[number - 1]
                values = sorted({cell.text.strip() for cell in row.cells if cell.text.strip()})
                what = f"only placeholders ({', '.join(repr(v) for v in values)})" if values else "only empty cells"
                why = "the schema's missingValues" if schema_based else "no schema; the row has no real content"
                applicability = Applicability.SAFE if schema_based else Applicability.UNSAFE
                yield self.at_row(
                    context, table, number, row,
                    f"row {number} holds {what}: a template row never filled in ({why})",
                    fix=Fix(applicability, "delete the row", (delete_line(source, row),)),
                )
