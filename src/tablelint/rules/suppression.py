from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..context import LintContext
    from ..lint import FileReport


class UnusedSuppression(Rule):
    """## What it does
    Reports a `tablelint-disable…` comment that suppressed no diagnostic.

    ## Why is this bad?
    A stale suppression hides the next real problem on that line, and tells
    readers that something is wrong where nothing is. ruff reports unused
    `noqa` comments for the same reason (RUF100).

    ## Example
    ```markdown
    | name | year |
    | --- | --- |
    | LaMDA <!-- tablelint-disable-line placeholder-row --> | 2022 |
    ```

    ## Use instead
    ```markdown
    | name | year |
    | --- | --- |
    | LaMDA | 2022 |
    ```

    ## Fix safety
    No fix: removing the comment is easy, and deciding whether it should go is
    not.
    """

    code = "TL902"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "A suppression comment suppresses nothing"
    bad_example = "| name | year |\n| --- | --- |\n| LaMDA <!-- tablelint-disable-line placeholder-row --> | 2022 |\n"
    good_example = "| name | year |\n| --- | --- |\n| LaMDA | 2022 |\n"

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        # Known only once every other diagnostic exists: see lint.finish().
        return iter(())


def unused_suppression_diagnostics(report: FileReport) -> list[Diagnostic]:
    found = []
    for directive in report.suppressions.unused():
        named = ", ".join(directive.selectors) if directive.selectors else "every rule"
        found.append(
            Diagnostic(
                UnusedSuppression.code, UnusedSuppression.name, UnusedSuppression.severity,
                f"'tablelint-{directive.kind}' for {named} suppresses nothing; remove it",
                report.path, directive.line, directive.column, directive.line, directive.end_column,
            )
        )
    return found
