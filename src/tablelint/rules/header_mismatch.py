from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Applicability, Diagnostic, Fix, Severity
from .base import Rule
from .edits import replace_cell

if TYPE_CHECKING:
    from ..facts.context import LintContext


class HeaderMismatch(
    Rule, code="TL002", name="header-mismatch", severity=Severity.ERROR, fix="unsafe",
    summary="Headers do not match the schema the table is bound to",
):
    """## What it does
    Checks the headers of a table that is bound to a schema explicitly (by
    `--schema`, a `<!-- tablelint: schema=NAME -->` comment or the config):
    every header must name a field of the schema (by its name, title or one of
    its aliases), and every required field must have a column.

    ## Why is this bad?
    A column the schema does not know is not validated, and a required field
    without a column means every row lacks it. Tables bound by their headers
    never get this diagnostic: they bind only when their headers fit, and a
    table bound by covering part of a schema leaves its other columns
    unchecked on purpose (`--output-format full` lists them).

    ## Example
    ```markdown
    <!-- tablelint: schema=paper-list -->
    | Title | Venu |
    | --- | --- |
    | LaMDA | arXiv 2022 |
    ```

    ## Use instead
    ```markdown
    <!-- tablelint: schema=paper-list -->
    | Title | Venue |
    | --- | --- |
    | LaMDA | arXiv 2022 |
    ```

    ## Fix safety
    When an unknown header is a near misspelling of exactly one unclaimed
    field name, title or alias, an unsafe fix renames the header.
    """

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        for table, binding in context.bound_tables():
            if not binding.explicit:
                continue
            claimed = {spec.name for spec in binding.columns if spec is not None}
            spellings: dict[str, str] = {}
            for spec in binding.schema.spec.fields:
                if spec.name in claimed:
                    continue
                for spelling in (spec.name, spec.title, *spec.aliases):
                    if spelling:
                        spellings[spelling] = spec.name
            for column, header in binding.unknown_headers:
                import difflib  # here: most tables have no unknown header

                cell = table.header.cells[column]
                close = difflib.get_close_matches(header.strip(), list(spellings), n=2, cutoff=0.75)
                fix = None
                hint = ""
                if close and len({spellings[c] for c in close}) == 1:
                    hint = f"; did you mean '{close[0]}'?"
                    rename = replace_cell(cell, close[0])
                    fix = Fix(Applicability.UNSAFE, f"rename the header to '{close[0]}'", (rename,))
                what = f"header '{header}'" if header.strip() else f"the empty header of column {column + 1}"
                yield self.at_cell(
                    context, table, None, cell,
                    f"{what} names no field of schema '{binding.schema.name}'{hint}",
                    fix=fix,
                )
            for name in binding.missing_fields:
                yield self.at_row(
                    context, table, None, table.header,
                    f"required field '{name}' of schema '{binding.schema.name}' has no column",
                )
