from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..facts.context import LintContext


class UnusedSuppression(
    Rule, code="TL902", name="unused-suppression", severity=Severity.WARNING,
    summary="A suppression comment suppresses nothing",
):
    """## What it does
    Reports a `tablelint-disable…` comment that suppressed no diagnostic
    although its rules ran, and one that names a rule that does not exist
    (with the nearest code or name). A comment whose rules did not run in
    this run (not selected, ignored, or a link rule that needs the network
    under `--offline`) is not reported: nothing says it is not needed, and
    removing it would break the next full run. Only real HTML comments are
    directives: one in a code span, a code block or another HTML block is
    text.

    ## Why is this bad?
    A stale suppression hides the next real problem on that line, and tells
    readers that something is wrong where nothing is; a misspelt code
    suppresses nothing at all. ruff reports unused `noqa` comments for the
    same reasons (RUF100).

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

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        # Known only once every other diagnostic exists: see
        # suppress.unused_suppression_diagnostics, called by results.finish().
        return iter(())
