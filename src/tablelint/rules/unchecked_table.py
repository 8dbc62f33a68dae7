from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from ..parse.gfm import MAX_NESTING
from .base import Rule

if TYPE_CHECKING:
    from ..facts.context import LintContext


class UncheckedTable(
    Rule, code="TL901", name="unchecked-table", severity=Severity.WARNING,
    summary="A table nested too deeply to be checked",
):
    """## What it does
    Reports a table that tablelint does not check as asked: one nested
    deeper than 20 block quotes and list items, or one whose binding comment
    (`<!-- tablelint: schema=NAME -->`) or config glob (`[schemas]`) names a
    schema that does not exist (an error, with the nearest schema name).

    ## Why is this bad?
    GitHub renders such a table, but tablelint's parser stops descending into
    block quotes and lists at 20 levels (so that a file of thousands of `>`
    cannot exhaust Python's recursion), and none of the other rules see what
    is below. A misspelt schema name would leave the table checked by no
    schema at all. Without this report the table would pass the check unread.

    ## Example
    ```markdown
    > > > > > > > > > > > > > > > > > > > > > | name | year |
    > > > > > > > > > > > > > > > > > > > > > | --- | --- |
    > > > > > > > > > > > > > > > > > > > > > | LaMDA | 2022 |
    ```

    ## Use instead
    ```markdown
    > | name | year |
    > | --- | --- |
    > | LaMDA | 2022 |
    ```

    ## Fix safety
    No fix: how to flatten the nesting is the author's choice.
    """

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        source = context.document.source
        if context.document.tables and not context.schema_override and context.names_a_schema():
            for table in context.document.tables:
                context.binding(table)  # binds, noting a schema name that is not there
                reason = context.unbound_tables.get(table.index)
                if reason:
                    header = source.line(table.first_line)
                    yield Diagnostic(
                        self.code, self.name, Severity.ERROR,
                        f"this table is not checked: {reason}",
                        context.path, table.first_line, 1, table.first_line, max(len(header.rstrip()), 1) + 1,
                        table=table.index,
                    )
        for line in context.document.too_deep:
            text = source.line(line)
            yield Diagnostic(
                self.code, self.name, self.severity,
                f"this table is nested deeper than {MAX_NESTING} block quotes and list items; "
                "tablelint does not check it",
                context.path, line, 1, line, max(len(text.rstrip()), 1) + 1,
            )
