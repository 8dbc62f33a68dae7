"""What the paper rules share: a paper list's rows as PaperRows (per file),
and the run-wide step that resolves them and turns the judgements into the
diagnostics of TL601–TL605.

Verification is opt-in (``--verify-papers``, or ``papers.verify`` in the
config): a run without it extracts nothing and asks nothing, and only
``duplicate-paper`` (which needs no network) reports. Offline, only cached
answers are used: a row without one is left unchecked, never reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic
from .base import Rule

if TYPE_CHECKING:
    from ..config import Settings
    from ..facts.context import LintContext
    from ..papers import PaperRow
    from ..parse.table import Table

# Rules decided by the run-wide step.
NETWORK_PAPER_RULES = frozenset({"TL601", "TL602", "TL603", "TL604"})


def verification_on(context: LintContext) -> bool:
    asked = context.verify_papers
    return bool(context.settings.papers.verify if asked is None else asked)


def paper_columns(context: LintContext, table: Table) -> tuple[Any, int, int | None, int | None] | None:
    """The binding, and the title, source and year columns of a paper list
    (a table whose schema names a title field and has a venue-year field)."""
    binding = context.binding(table)
    if binding is None:
        return None
    title = binding.name_column
    if title is None:
        return None
    source = next((i for i, spec in enumerate(binding.columns)
                   if spec is not None and spec.format == "venue-year"), None)
    year = binding.column_of("year")
    if source is None and year is None:
        return None
    return binding, title, source, year


def paper_tables(context: LintContext) -> Iterator[tuple[Table, Any, int, int | None, int | None]]:
    """(table, binding, title, source and year columns) for each paper list of the document."""
    for table in context.document.tables:
        found = paper_columns(context, table)
        if found is not None:
            yield (table, *found)


def collect_rows(context: LintContext) -> list[PaperRow]:
    """The PaperRows of every paper list in the document (once per document)."""
    if context.paper_rows is None:
        context.paper_rows = _collect(context)
    return context.paper_rows


def queue_for_verification(context: LintContext) -> None:
    """With verification on, mark the document's rows for the run-wide step
    (engine/lint.py hands them, with the settings, to the report)."""
    if verification_on(context) and collect_rows(context):
        context.papers_queued = True


def settings_for_run(settings: Settings) -> Any:
    """The file's paper settings, a relative cache path made absolute against
    the config's directory."""
    from pathlib import Path

    papers = settings.papers
    root = settings.root
    if papers.cache_path and root is not None and not Path(papers.cache_path).expanduser().is_absolute():
        return papers.replace(cache_path=str(root / Path(papers.cache_path).expanduser()))
    return papers


def _collect(context: LintContext) -> list[PaperRow]:
    from ..papers import PaperRow

    rows: list[PaperRow] = []
    for table, binding, title_column, source_column, year_column in paper_tables(context):
        venues = "[]"
        if binding.schema.extra_venues:  # most schemas add none: json is not imported for them
            import json

            venues = json.dumps(binding.schema.extra_venues, sort_keys=True, ensure_ascii=False)
        severity = _preprint_severity(binding.schema)
        title_field = binding.field_name(title_column)
        source_field = binding.field_name(source_column) if source_column is not None else None
        year_field = binding.field_name(year_column) if year_column is not None else None
        origin = str(binding.schema.path)
        id_columns = identifier_columns(binding, title_column)
        for number, row, values, title in titled_rows(context, table, binding, title_column):
            cells = row.cells
            ids, found_dois = row_identifiers(cells, id_columns)
            source = year = None
            if source_column is not None and source_column < len(values):
                source = values[source_column]
                source = None if binding.is_missing(source_column, source) else source
            if year_column is not None and year_column < len(values):
                year = values[year_column]
                year = None if binding.is_missing(year_column, year) else year
            rows.append(PaperRow(
                table.index, number, title, cell_span(cells[title_column], title), title_field,
                source, cell_span(cells[source_column], source) if source is not None else None, source_field,
                year, cell_span(cells[year_column], year) if year is not None else None, year_field,
                # Two identifiers in one row: which is the paper's is a guess.
                ids[0] if len(ids) == 1 else None, found_dois[0] if len(found_dois) == 1 else None,
                venues, origin, severity,
            ))
    return rows


def identifier_columns(binding: Any, title_column: int) -> list[int]:
    """Where a row's arXiv ids and DOIs are looked for: the title's column and those holding links."""
    return [title_column, *(column for column, spec in enumerate(binding.columns)
                            if spec is not None and spec.format in ("references", "uri"))]


def titled_rows(context: LintContext, table: Table, binding: Any,
                title_column: int) -> Iterator[tuple[int, Any, list[str], str]]:
    """(row number, row, values, title) for each data row with a title that is not a missing value."""
    skip = context.non_data_rows(table)
    for number, (row, values) in enumerate(zip(table.rows, context.values(table), strict=True), 1):
        if number in skip or title_column >= len(values):
            continue
        title = values[title_column]
        if not title.strip() or binding.is_missing(title_column, title):
            continue
        yield number, row, values, title


def row_identifiers(cells: list[Any], columns: list[int]) -> tuple[list[str], list[str]]:
    """The distinct arXiv ids and DOIs written in ``columns`` of a row, in order."""
    from ..papers.titles import arxiv_ids, dois

    ids: list[str] = []
    found_dois: list[str] = []
    for column in columns:
        if column < len(cells):
            text = cells[column].raw  # an identifier holds no pipe: the raw text will do
            if "rxiv" in text or "RXIV" in text or "rXiv" in text or "RXiv" in text:
                ids += arxiv_ids(text)
            if "10." in text:
                found_dois += dois(text)
    if len(ids) > 1:
        ids = list(dict.fromkeys(ids))
    if len(found_dois) > 1:
        found_dois = list(dict.fromkeys(found_dois))
    return ids, found_dois


def cell_span(cell: Any, value: str) -> tuple[int, int, int] | None:
    # The value may differ from the raw cell (a suppression comment): its own span.
    offset = cell.raw.find(value)
    if offset < 0 or not value:
        return None
    first = cell.column + offset
    return (cell.line, first, first + len(value))


def _preprint_severity(schema: Any) -> str:
    settings = getattr(schema, "papers", None) or {}
    return str(settings.get("published-preprint", "info"))


def row_vocabulary(row: PaperRow) -> Any:
    """The venue vocabulary of the row's schema."""
    from ..schema.venues import load_venues

    if row.venues == "[]":
        return load_venues(origin=row.venues_origin)
    import json

    return load_venues(json.loads(row.venues), origin=row.venues_origin)


class NetworkPaperRule(Rule):
    """A rule whose verdicts need the services' answers (or cached ones)."""

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        # Verdicts arrive run-wide, after every file: see check_run_papers.
        queue_for_verification(context)
        return iter(())
