from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Applicability, Diagnostic, Fix, Severity
from .base import Rule
from .edits import replace_cell

if TYPE_CHECKING:
    from ..facts.context import LintContext


class PlaceholderCell(
    Rule, code="TL102", name="placeholder-cell", severity=Severity.WARNING, fix="safe or unsafe",
    summary="A cell holds a placeholder such as NULL",
):
    """## What it does
    Finds cells that hold a placeholder (`NULL`, `N/A`, `TBD`…) in rows that
    otherwise hold data.

    With a schema that names a `canonical-missing-value` (the built-in
    paper-list writes missing values as nothing), any other of its
    `missingValues` is reported; a plain Table Schema's `missingValues` are
    all accepted as written. Without a schema, template tokens such as `TBD`
    are always reported (`?`, `…` and `TBA` are not: they mean "unknown" or
    "to be announced", and only a schema can say they are missing); null
    tokens such as `N/A` or `-` in a table that also has placeholder rows (so
    the author uses them as filler) and outside columns of scalar values; and
    a `NULL` in a column of text, unless the table writes `NULL` as data (in a
    column of numbers, dates, identifiers or code). Group rows (section
    headings inside a table) are never reported.

    ## Why is this bad?
    `NULL` typed by hand is noise that looks like data: it is read as the
    string "NULL" by every tool that loads the table, and it hides which
    values are really unknown.

    ## Example
    ```markdown
    | 名称 | 来源 | 状态 |
    | --- | --- | --- |
    | 《PEER: A Collaborative Language Model》 | arXiv 2022 | NULL |
    ```

    ## Use instead
    ```markdown
    | 名称 | 来源 | 状态 |
    | --- | --- | --- |
    | 《PEER: A Collaborative Language Model》 | arXiv 2022 |  |
    ```

    ## Fix safety
    The fix writes the schema's canonical missing value (usually nothing). It
    is safe when a schema bound explicitly or by every header declares the
    placeholder; unsafe when the schema was only guessed from some of the
    headers (a `TODO` may be a status there) or the schema-less heuristic
    decided.
    """

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        for table in context.document.tables:
            for found in context.placeholders(table).cells:
                field = context.field_name(table, found.column)
                target = "blank it" if not found.replacement else f"write '{found.replacement}'"
                applicability = Applicability.SAFE if found.schema_based else Applicability.UNSAFE
                # A table repeats its placeholders: share the message text.
                message = sys.intern(f"'{found.value}' is a placeholder, not a value; {target}")
                yield self.at_cell(
                    context, table, found.row, found.cell, message, field=field,
                    fix=Fix(applicability, target, (replace_cell(found.cell, found.replacement),)),
                )
