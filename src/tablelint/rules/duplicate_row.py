from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..facts.context import LintContext


class DuplicateRow(
    Rule, code="TL203", name="duplicate-row", severity=Severity.ERROR,
    summary="Two rows share a primary key or a unique value",
):
    """## What it does
    Finds two rows with the same primary key (the schema's `primaryKey`), or
    the same value in a field with `constraints.unique: true`. Missing values
    never count as duplicates. Keys compare after trimming and ignoring case
    and runs of spaces.

    ## Why is this bad?
    A list that names the same paper twice usually disagrees with itself (two
    venues, two links), and readers cannot tell which entry is right.

    ## Example
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | LaMDA | arXiv 2022 |
    | LaMDA | arXiv 2021 |
    ```

    ## Use instead
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | LaMDA | arXiv 2022 |
    ```

    ## Fix safety
    No fix: merging two rows needs a person.
    """

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        for table, binding in context.bound_tables():
            skip = context.non_data_rows(table)
            primary = list(binding.schema.spec.primary_key)
            # One check per set of fields: a field that is the primary key and
            # unique too (or a uniqueKeys entry naming the same fields) is one
            # duplicate, reported once, as the primary key.
            keys: list[list[str]] = []
            for key in [primary, *([spec.name] for spec in binding.schema.spec.fields if spec.constraints.unique),
                        *(list(unique_key) for unique_key in binding.schema.spec.uniqueKeys or [])]:
                if key and set(key) not in [set(known) for known in keys]:
                    keys.append(key)
            for key in keys:
                columns = [binding.column_of(name) for name in key]
                if any(column is None for column in columns):
                    continue
                seen: dict[tuple[str, ...], int] = {}
                rows = zip(table.rows, context.values(table), strict=True)
                for number, (row, row_values) in enumerate(rows, 1):
                    if number in skip or any(column >= len(row.cells) for column in columns):
                        continue
                    values = [row_values[column] for column in columns]
                    if any(binding.is_missing(column, value) for value, column in zip(values, columns, strict=True)):
                        continue
                    normalized = tuple(" ".join(value.split()).casefold() for value in values)
                    if normalized in seen:
                        first = seen[normalized]
                        label = "primary key" if key == primary else f"unique {'fields' if len(key) > 1 else 'field'}"
                        yield self.at_cell(
                            context, table, number, row.cells[columns[0]],
                            f"{label} {', '.join(key)} = {', '.join(repr(v) for v in values)} repeats row {first} "
                            f"(line {table.rows[first - 1].line})",
                            field=key[0],
                        )
                    else:
                        seen[normalized] = number
