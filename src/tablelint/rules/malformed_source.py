from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from ..diagnostics import Applicability, Diagnostic, Fix, Severity
from ..edits import replace_span
from ..placeholders import table_values
from .base import Rule

if TYPE_CHECKING:
    from ..context import LintContext


class MalformedSource(Rule):
    """## What it does
    Checks the cells of `venue-year` fields (the source of a paper, such as
    the paper-list schema's 来源/Source column): each must read
    `<Venue> <year>` with the venue spelled as the venue spells itself and a
    four-digit year that is not in the future. The built-in vocabulary covers
    the major ML, NLP, CV, IR, DB, systems and security venues and journals;
    a schema's `venues:` adds more. An unknown venue, or text that is not
    a venue-year at all (a link, several sources), is a warning. `EMNLP2021 findings` becomes
    `Findings of EMNLP 2021` (the volume's own short title, "Findings of ACL:
    EMNLP 2021", without the "ACL:" every Findings volume shares).

    ## Why is this bad?
    `arxiv2022`, `arxiv 2022` and `arXiv2020` are one source written three
    ways: sorting, grouping and searching the list all break, and an old name
    (`NIPS`) or a typo (`IEEE Acess`) hides which venue is meant.

    ## Example
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《LaMDA: Language Models for Dialog Applications》 | arxiv2022 |
    | 《Sparrow》 | Nips2021 |
    ```

    ## Use instead
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《LaMDA: Language Models for Dialog Applications》 | arXiv 2022 |
    | 《Sparrow》 | NeurIPS 2021 |
    ```

    ## Fix safety
    Respelling a known venue and a valid year is safe: the text names the
    same venue and year. An unknown venue (`facebook research 2023`) is a
    warning with a "did you mean" but no fix; a missing, short or future year
    has no fix either.
    """

    code = "TL204"
    name = "malformed-source"
    severity = Severity.ERROR
    fix = "safe"
    summary = "A venue-year source is not written '<Venue> <year>' (arxiv2022 → arXiv 2022)"
    bad_example = (
        "| 名称 | 来源 |\n| --- | --- |\n"
        "| 《LaMDA: Language Models for Dialog Applications》 | arxiv2022 |\n| 《Sparrow》 | Nips2021 |\n"
    )
    good_example = (
        "| 名称 | 来源 |\n| --- | --- |\n"
        "| 《LaMDA: Language Models for Dialog Applications》 | arXiv 2022 |\n| 《Sparrow》 | NeurIPS 2021 |\n"
    )

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        from ..venues import Problem, load_venues, parse_venue_year

        year = date.today().year
        for table in context.document.tables:
            binding = context.binding(table)
            if binding is None:
                continue
            columns = [i for i, spec in enumerate(binding.columns) if spec is not None and spec.format == "venue-year"]
            if not columns:
                continue
            vocabulary = load_venues(binding.schema.extra_venues, origin=str(binding.schema.path))
            skip = context.non_data_rows(table)
            # The year may sit in a column of its own.
            year_optional = context.venues_without_years(table)
            verdicts: dict[str, Any] = {}
            for number, (row, row_values) in enumerate(zip(table.rows, table_values(context, table), strict=True), 1):
                if number in skip:
                    continue
                for column in columns:
                    if column >= len(row.cells):
                        continue
                    cell = row.cells[column]
                    value = row_values[column]
                    if not value or binding.is_missing(column, value):
                        continue
                    verdict = verdicts.get(value)
                    if verdict is None:  # sources repeat: parse each distinct text once
                        verdict = verdicts[value] = parse_venue_year(value, current_year=year, venues=vocabulary)
                    if verdict.ok or (year_optional and verdict.problems == (Problem.MISSING_YEAR,)):
                        continue
                    field = binding.field_name(column)
                    replacement = verdict.fix
                    if replacement is not None:
                        # The text as data may differ from the raw cell (a suppression
                        # comment); replace exactly the value's span.
                        start = cell.raw.find(value)
                        first = cell.column + start
                        edit = replace_span(cell.line, first, first + len(value), replacement)
                        # Sources repeat down a list: share the message texts.
                        yield self.at_cell(
                            context, table, number, cell,
                            sys.intern(f"source '{value}' is not canonical; write '{replacement}'"),
                            field=field, fix=Fix(Applicability.SAFE, sys.intern(f"write '{replacement}'"), (edit,)),
                        )
                        continue
                    # An unknown venue may be real, and text the parser will not
                    # guess at (a link, several sources) may be fine: warnings.
                    doubtful = verdict.problems in ((Problem.UNKNOWN_VENUE,), (Problem.NOT_VENUE_YEAR,))
                    yield self.at_cell(
                        context, table, number, cell, sys.intern(f"source '{value}': {verdict.message}"), field=field,
                        severity=Severity.WARNING if doubtful else Severity.ERROR,
                    )
