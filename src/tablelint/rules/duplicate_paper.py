from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from ..diagnostics import Diagnostic, Severity
from .base import Rule
from .paper_rows import (
    cell_span,
    collect_rows,
    identifier_columns,
    paper_columns,
    paper_tables,
    queue_for_verification,
    row_identifiers,
    titled_rows,
    verification_on,
)

if TYPE_CHECKING:
    from ..facts.context import LintContext
    from ..papers import PaperRow, Span


class DuplicatePaper(
    Rule, code="TL605", name="duplicate-paper", severity=Severity.WARNING, enabled_by_default=False,
    summary="Two rows are the same paper (same arXiv ID or DOI, or titles equal but for case and punctuation)",
):
    """## What it does
    Finds two rows of a paper list that are the same paper: they hold the
    same arXiv ID or DOI, or their titles are the same once case,
    punctuation, title marks (《》, quotes) and spaces are ignored
    (`Attention Is All You Need` and `attention is all you need.`). It
    needs no network. With paper verification on (`--verify-papers`), two
    rows that resolve to the same record (one cites the arXiv ID, the other
    the title) are reported too, with the record's identity.

    Titles must be equal as wholes: `BERT: Pre-training of Deep
    Bidirectional Transformers…` and `BERT-of-Theseus: Compressing BERT…`
    share a prefix and are two papers. Rows that `duplicate-row` already
    reports (the same primary key) are not reported again.

    ## Why is this bad?
    A long list gathers the same paper twice under two spellings, with
    two sources or two summaries that disagree; a reader cannot tell which
    is right.

    ## Example
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | Attention Is All You Need | NeurIPS 2017 |
    | attention is all you need. | NeurIPS 2017 |
    ```

    ## Use instead
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | Attention Is All You Need | NeurIPS 2017 |
    ```

    ## Fix safety
    No fix: merging two rows needs a person.
    """

    # Comparing every title of a large list costs about half a check: off by
    # default, on where a list asks for it (`--extend-select duplicate-paper`
    # or the config's extend-select), with or without the network.

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        queue_for_verification(context)
        if verification_on(context):
            rows: list[Any] = collect_rows(context)  # made for the run-wide step anyway
        else:
            rows = _light_rows(context)
        if not rows:
            return
        by_table: dict[int, list[Any]] = {}
        for row in rows:
            by_table.setdefault(row.table, []).append(row)
        for table in context.document.tables:
            table_rows = by_table.get(table.index)
            if not table_rows:
                continue
            found = paper_columns(context, table)
            primary = found[0].schema.spec.primary_key if found else ()
            title_is_key = found is not None and list(primary) == [found[0].field_name(found[1])]
            for first, row, why in duplicate_pairs(table_rows):
                if title_is_key and _same_key(first.title, row.title):
                    continue  # duplicate-row reports it
                assert row.title_span is not None and first.title_span is not None
                line, column, end = row.title_span
                message = (f"row {row.row} is the same paper as row {first.row} "
                           f"(line {first.title_span[0]}): {why}")
                yield Diagnostic(self.code, self.name, self.severity, message, context.path, line, column, line,
                                 max(end, column + 1), table.index, row.row, row.title_field)


class _LightRow(NamedTuple):
    """What the offline check needs of a row: less than a PaperRow, since it
    runs on every check of every paper list."""

    table: int
    row: int
    title: str
    title_span: Span | None
    title_field: str | None
    arxiv_id: str | None
    doi: str | None


def _light_rows(context: LintContext) -> list[Any]:
    rows: list[Any] = []
    for table, binding, title_column, _, _ in paper_tables(context):
        field = binding.field_name(title_column)
        id_columns = identifier_columns(binding, title_column)
        for number, row, _, title in titled_rows(context, table, binding, title_column):
            cells = row.cells
            ids, found_dois = row_identifiers(cells, id_columns)
            span = cell_span(cells[title_column], title)
            rows.append(_LightRow(table.index, number, title, span, field,
                                  ids[0] if len(set(ids)) == 1 else None,
                                  found_dois[0] if len(set(found_dois)) == 1 else None))
    return rows


def _same_key(first: str, second: str) -> bool:
    """What duplicate-row compares: the values trimmed, case and runs of spaces ignored."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def duplicate_pairs(rows: list[Any]) -> Iterator[tuple[Any, Any, str]]:
    """(first row, later row, why) for each later row that repeats an
    earlier one of the same table, once per later row (rows are PaperRows
    or the offline check's lighter rows)."""
    from ..papers.titles import title_key

    seen: dict[tuple[int, str, str], PaperRow] = {}
    for row in rows:
        if row.title_span is None:
            continue
        keys = []
        if row.arxiv_id:
            keys.append(("arxiv", row.arxiv_id, f"both are arXiv {row.arxiv_id}"))
        if row.doi:
            keys.append(("doi", row.doi, f"both are DOI {row.doi}"))
        title = title_key(row.title)
        if title:
            keys.append(("title", title, "the titles are the same but for case and punctuation"))
        reported = False
        for kind, key, why in keys:
            first = seen.get((row.table, kind, key))
            if first is not None and not reported:
                reported = True
                yield first, row, why
        for kind, key, _ in keys:
            seen.setdefault((row.table, kind, key), row)


def offline_key_pairs(rows: list[PaperRow]) -> set[tuple[int, int]]:
    """The (first, later) row numbers the offline check pairs already."""
    return {(first.row, row.row) for first, row, _ in duplicate_pairs(rows)}
