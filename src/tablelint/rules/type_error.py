from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..facts.context import LintContext


class FieldTypeError(Rule):
    """## What it does
    Checks that each value parses as its field's type (Table Schema types:
    integer, number, boolean, date, time, datetime, year, yearmonth, duration,
    object, array, list, geopoint, geojson; string formats email, uri, uuid).

    ## Why is this bad?
    A value that does not parse is read as text by everything downstream: a
    year of `2O22` sorts wrong, a parameter count of `7B?` cannot be summed.

    ## Example
    With a schema whose `params` field has `type: number`:
    ```markdown
    | model | params |
    | --- | --- |
    | GPT-2 | 1.5 billion |
    ```

    ## Use instead
    ```markdown
    | model | params |
    | --- | --- |
    | GPT-2 | 1.5 |
    ```

    ## Fix safety
    No fix: converting a value needs the author's intent.
    """

    code = "TL201"
    name = "type-error"
    severity = Severity.ERROR
    summary = "A value does not parse as its field's type"
    bad_example = "| model | params |\n| --- | --- |\n| GPT-2 | 1.5 billion |\n"
    good_example = "| model | params |\n| --- | --- |\n| GPT-2 | 1.5 |\n"
    example_args = ("--schema", "tests/data/models.yaml")

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        yield from _problems_of_kind(self, context, "type")


def _problems_of_kind(rule: Rule, context: LintContext, kind: str) -> Iterator[Diagnostic]:

    for table_index, validation in context.validations().items():
        table = context.document.tables[table_index - 1]
        for problem in validation.problems:
            if problem.kind == kind:
                cell = table.rows[problem.row - 1].cells[problem.column]
                yield rule.at_cell(context, table, problem.row, cell, problem.message, field=problem.field)
