from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from ..diagnostics import Applicability, Diagnostic, Fix, Severity
from .base import Rule
from .edits import replace_span

if TYPE_CHECKING:
    from ..facts.context import LintContext
    from ..parse.table import Cell, Table


# Headers of a column that holds the year, so that a venue column need not
# (`| Venue | Year |`); compared casefolded, without Markdown emphasis.
YEAR_HEADERS = frozenset({
    "year", "years", "pub year", "publication year", "published year", "date", "publication date",
    "published date", "release date", "年份", "年", "年度", "发表年份", "发表时间", "发表日期", "时间", "日期",
})
_YEAR_TYPES = frozenset({"year", "yearmonth", "date", "datetime"})


class MalformedSource(
    Rule, code="TL204", name="malformed-source", severity=Severity.ERROR, fix="safe or unsafe",
    summary="A venue-year source is not written '<Venue> <year>' (arxiv2022 → arXiv 2022, ICML'23 → ICML 2023)",
):
    """## What it does
    Checks the cells of `venue-year` fields (the source of a paper, such as
    the paper-list schema's 来源/Source column): each must read
    `<Venue> <year>` with the venue in one of its accepted spellings and a
    four-digit year that is not in the future. The built-in vocabulary covers
    the major venues and journals of ML, NLP, vision, graphics, HCI, IR, data
    mining, databases, systems, architecture and EDA, programming languages,
    software engineering, security, robotics, speech, medical imaging and
    the major Chinese journals, plus the labs whose technical reports lists
    cite (`OpenAI 2023`); a schema's `venues:` adds more.

    Valid as written: a venue's name, full title or standard abbreviation
    (`IEEE TPAMI 2023`, `TPAMI 2023`, `IEEE S&P 2022`, `S&P 2022`), an
    annotation after the venue-year (`ICLR 2024 (Oral)`, `CVPR 2023
    Highlight`, `EMNLP 2023 Industry Track`), a second venue-year in brackets
    or after a line break (`arXiv 2023 (NeurIPS 2023)`), a status alone
    (`Under review`). When the table has a Year column, a venue without a
    year is complete.

    An unknown venue, or text that is not a venue-year at all (a link,
    several sources), is a warning; "did you mean" names a venue only when
    the text is likely a typo of it. In a column where fewer than half the
    values name a known venue or hold a year, the vocabulary does not know
    the field (or the column is not a paper list's): there only the cells
    with a known venue and the likely typos are reported.

    ## Why is this bad?
    `arxiv2022`, `arxiv 2022` and `arXiv2020` are one source written three
    ways: sorting, grouping and searching the list all break, and an old name
    (`NIPS`), a two-digit year (`ICML'23`) or a typo (`IEEE Acess`) hides
    which venue and year are meant.

    ## Example
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《LaMDA: Language Models for Dialog Applications》 | arxiv2022 |
    | 《Sparrow》 | Nips2021 |
    | 《Toolformer》 | NeurIPS'23 |
    ```

    ## Use instead
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《LaMDA: Language Models for Dialog Applications》 | arXiv 2022 |
    | 《Sparrow》 | NeurIPS 2021 |
    | 《Toolformer》 | NeurIPS 2023 |
    ```

    ## Fix safety
    Respelling a known venue with a certain year is safe: the text names the
    same venue and year. The fix keeps an accepted abbreviation as its author
    chose it (`tpami2023` → `TPAMI 2023`) and writes the current name for a
    former one (`NIPS 2012` → `NeurIPS 2012`). A two-digit year is certain
    after an apostrophe (`ICML'23` → `ICML 2023`, `NIPS'98` → `NeurIPS 1998`),
    and after a conference also as `AAAI-23` or `CVPR 98`: 20YY up to next
    year, 19YY from 1980. After a journal, `TPAMI 21` may be volume 21: that
    fix is unsafe. An unknown venue (`facebook research 2023`) is a warning
    with no fix; a missing, uncertain or future year has no fix either.
    """

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        from ..schema.venues import Problem, load_venues, parse_venue_year

        year = date.today().year
        for table, binding in context.bound_tables():
            columns = [i for i, spec in enumerate(binding.columns) if spec is not None and spec.format == "venue-year"]
            if not columns:
                continue
            vocabulary = load_venues(binding.schema.extra_venues, origin=str(binding.schema.path))
            # The year may sit in a column of its own: its header says so, or its cells do.
            year_elsewhere = _has_year_column(table.headers, binding.columns, columns)
            year_elsewhere = year_elsewhere or context.venues_without_years(table)
            skip = context.non_data_rows(table)
            numbered = enumerate(zip(table.rows, context.values(table), strict=True), 1)
            rows = [(number, row, values) for number, (row, values) in numbered if number not in skip]
            for column in columns:
                verdicts: dict[str, Any] = {}  # sources repeat down a list: parse each distinct text once
                for _, _, values in rows:
                    value = values[column] if column < len(values) else ""
                    if value and value not in verdicts and not binding.is_missing(column, value):
                        verdicts[value] = parse_venue_year(
                            value, current_year=year, venues=vocabulary, year_elsewhere=year_elsewhere)
                doubt_unknown = not _reads_as_sources(verdicts.values())
                for number, row, values in rows:
                    verdict = verdicts.get(values[column]) if column < len(values) else None
                    if verdict is None or verdict.ok:
                        continue
                    if doubt_unknown and verdict.venue is None and not verdict.suggestions:
                        continue
                    doubtful = verdict.problems in ((Problem.UNKNOWN_VENUE,), (Problem.NOT_VENUE_YEAR,))
                    yield self._diagnostic(context, table, number, row.cells[column], values[column], verdict,
                                           binding.field_name(column), doubtful)

    def _diagnostic(self, context: LintContext, table: Table, number: int, cell: Cell, value: str, verdict: Any,
                    field: str | None, doubtful: bool) -> Diagnostic:
        replacement, applicability = verdict.fix, Applicability.SAFE
        if replacement is None and verdict.unsafe_fix is not None:
            replacement, applicability = verdict.unsafe_fix, Applicability.UNSAFE
        fix = None
        if replacement is not None:
            # The text as data may differ from the raw cell (a suppression
            # comment); replace exactly the value's span.
            first = cell.column + cell.raw.find(value)
            edit = replace_span(cell.line, first, first + len(value), replacement)
            # Sources repeat down a list: share the message texts.
            fix = Fix(applicability, sys.intern(f"write '{replacement}'"), (edit,))
        if fix is not None and applicability is Applicability.SAFE:
            message = f"source '{value}' is not canonical; write '{replacement}'"
        else:
            message = f"source '{value}': {verdict.message}"
        # An unknown venue may be real, and text the parser will not guess
        # at (a link, several sources) may be fine: warnings.
        return self.at_cell(context, table, number, cell, sys.intern(message), field=field, fix=fix,
                            severity=Severity.WARNING if doubtful else Severity.ERROR)


def _reads_as_sources(verdicts: Iterable[Any]) -> bool:
    """Whether a column reads as a column of sources: at least half of its
    distinct values name a known venue or hold a year. When most do not, the
    vocabulary does not know the field (or the column holds something else,
    such as a software doc's Source column): what it cannot read there
    says more about the vocabulary than about the list, so only the cells
    with a known venue and the likely typos are reported."""
    verdicts = list(verdicts)
    plausible = sum(1 for verdict in verdicts if verdict.venue is not None or verdict.year_text is not None)
    return 2 * plausible >= len(verdicts)


def _has_year_column(headers: list[str], specs: list[Any], venue_columns: list[int]) -> bool:
    """A column other than the venue columns holds the year: its header says
    so (YEAR_HEADERS) or its schema field is a year or a date."""
    for index, header in enumerate(headers):
        if index in venue_columns:
            continue
        spec = specs[index] if index < len(specs) else None
        if spec is not None and spec.type in _YEAR_TYPES:
            return True
        if header.strip().strip("*_`").strip().casefold() in YEAR_HEADERS:
            return True
    return False
