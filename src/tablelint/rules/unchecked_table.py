from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from ..parse.gfm import MAX_NESTING
from .base import Rule

if TYPE_CHECKING:
    from ..facts.context import LintContext


class UncheckedTable(Rule):
    """## What it does
    Reports a table that tablelint does not check because it is nested
    deeper than 20 block quotes and list items.

    ## Why is this bad?
    GitHub renders such a table, but tablelint's parser stops descending into
    block quotes and lists at 20 levels (so that a file of thousands of `>`
    cannot exhaust Python's recursion), and none of the other rules see what
    is below. Without this report the table would pass the check unread.

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

    code = "TL901"
    name = "unchecked-table"
    severity = Severity.WARNING
    summary = "A table nested too deeply to be checked"
    bad_example = "".join("> " * 21 + row + "\n" for row in ("| name | year |", "| --- | --- |", "| LaMDA | 2022 |"))
    good_example = "> | name | year |\n> | --- | --- |\n> | LaMDA | 2022 |\n"

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        source = context.document.source
        for line in context.document.too_deep:
            text = source.line(line)
            yield Diagnostic(
                self.code, self.name, self.severity,
                f"this table is nested deeper than {MAX_NESTING} block quotes and list items; "
                "tablelint does not check it",
                context.path, line, 1, line, max(len(text.rstrip()), 1) + 1,
            )
