"""What the paper rules share: a paper list's rows as PaperRows (per file),
and the run-wide step that resolves them and turns the judgements into the
diagnostics of TL601–TL605.

Verification is opt-in (``--verify-papers``, or ``papers.verify`` in the
config): a run without it extracts nothing and asks nothing, and only
``duplicate-paper`` (which needs no network) reports. Offline, only cached
answers are used: a row without one is left unchecked, never reported.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from ..diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..engine.results import FileReport, RunOptions
    from ..facts.context import LintContext
    from ..papers import PaperRow
    from ..parse.table import Table

# Rules decided by the run-wide step.
NETWORK_PAPER_RULES = frozenset({"TL601", "TL602", "TL603", "TL604"})
PAPER_RULES = NETWORK_PAPER_RULES | {"TL605"}


def verification_on(context: LintContext) -> bool:
    options = context.shared("options", lambda _: None)
    asked = getattr(options, "verify_papers", None)
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


def collect_rows(context: LintContext) -> list[PaperRow]:
    """The PaperRows of every paper list in the document (once per document)."""
    return context.shared("paper-rows", _collect)


def queue_for_verification(context: LintContext) -> None:
    """With verification on, hand the rows and the settings to the run-wide
    step (``pending:`` entries go into the report)."""
    if verification_on(context):
        rows = collect_rows(context)
        if rows:
            context.shared("pending:papers", lambda _: rows)
            context.shared("pending:paper-settings", _settings_for_run)


def _settings_for_run(context: LintContext) -> Any:
    from pathlib import Path

    papers = context.settings.papers
    root = context.settings.root
    if papers.cache_path and root is not None and not Path(papers.cache_path).expanduser().is_absolute():
        return papers.replace(cache_path=str(root / Path(papers.cache_path).expanduser()))
    return papers


def _collect(context: LintContext) -> list[PaperRow]:
    from ..papers import PaperRow
    from ..papers.titles import arxiv_ids, dois
    from ..schema.placeholders import table_values

    rows: list[PaperRow] = []
    for table in context.document.tables:
        found = paper_columns(context, table)
        if found is None:
            continue
        binding, title_column, source_column, year_column = found
        venues = "[]"
        if binding.schema.extra_venues:  # most schemas add none: json is not imported for them
            import json

            venues = json.dumps(binding.schema.extra_venues, sort_keys=True, ensure_ascii=False)
        severity = _preprint_severity(binding.schema)
        skip = context.non_data_rows(table)
        link_columns = [i for i, spec in enumerate(binding.columns)
                        if spec is not None and spec.format in ("references", "uri")]
        title_field = binding.field_name(title_column)
        source_field = binding.field_name(source_column) if source_column is not None else None
        year_field = binding.field_name(year_column) if year_column is not None else None
        origin = str(binding.schema.path)
        id_columns = [column for column in (title_column, *link_columns) if column is not None]
        for number, (row, values) in enumerate(zip(table.rows, table_values(context, table), strict=True), 1):
            if number in skip or title_column >= len(values):
                continue
            title = values[title_column]
            if not title.strip() or binding.is_missing(title_column, title):
                continue
            cells = row.cells
            ids: list[str] = []
            found_dois: list[str] = []
            for column in id_columns:
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
            source = year = None
            if source_column is not None and source_column < len(values):
                source = values[source_column]
                source = None if binding.is_missing(source_column, source) else source
            if year_column is not None and year_column < len(values):
                year = values[year_column]
                year = None if binding.is_missing(year_column, year) else year
            rows.append(PaperRow(
                table.index, number, title, _span(cells[title_column], title), title_field,
                source, _span(cells[source_column], source) if source is not None else None, source_field,
                year, _span(cells[year_column], year) if year is not None else None, year_field,
                # Two identifiers in one row: which is the paper's is a guess.
                ids[0] if len(ids) == 1 else None, found_dois[0] if len(found_dois) == 1 else None,
                venues, origin, severity,
            ))
    return rows


def _span(cell: Any, value: str) -> tuple[int, int, int] | None:
    # The value may differ from the raw cell (a suppression comment): its own span.
    offset = cell.raw.find(value)
    if offset < 0 or not value:
        return None
    first = cell.column + offset
    return (cell.line, first, first + len(value))


def _preprint_severity(schema: Any) -> str:
    settings = getattr(schema, "papers", None) or {}
    return str(settings.get("published-preprint", "info"))


def check_run_papers(reports: list[FileReport], options: RunOptions, **injected: Any) -> Any:
    """Resolve every distinct row of the run once, and add the diagnostics of
    the enabled paper rules to each report. Returns the run's PaperStats.
    One session serves the run: the ``[papers]`` settings are those of the
    first file that has a paper list (as the link check's session is one)."""
    from ..papers.resolve import PaperQuery, resolve_queries
    from ..papers.titles import plain_title

    work = [(report, report.pending["papers"]) for report in reports
            if report.pending.get("papers") and report.error is None]
    settings = injected.pop("settings", None) or _settings_of(work)
    queries = {id(row): PaperQuery(plain_title(row.title), row.arxiv_id, row.doi)
               for _, rows in work for row in rows}
    progress = _progress_bar() if options.progress is not None else None
    resolutions, stats = resolve_queries(
        list(queries.values()), settings, offline=options.offline, allow_private=options.allow_private_links,
        progress=progress, use_cache=not options.no_cache, **injected,
    )
    current_year = date.today().year
    for report, rows in work:
        enabled = report.enabled
        for row in rows:
            resolution = resolutions[queries[id(row)]]
            report.diagnostics.extend(_diagnostics(report.path, row, resolution, enabled, current_year))
        if "TL605" in enabled:
            report.diagnostics.extend(_identity_duplicates(report, rows, [resolutions[queries[id(r)]] for r in rows]))
    return stats


def _settings_of(work: list[tuple[FileReport, list[PaperRow]]]) -> Any:
    for report, _ in work:
        settings = report.pending.get("paper-settings")
        if settings is not None:
            return settings
    from ..papers.settings import PaperSettings

    return PaperSettings()


def _progress_bar() -> Any:
    """A one-line progress bar on stderr (a terminal only) for more than 20 rows."""
    if sys.stderr is None or not sys.stderr.isatty():
        return None

    def draw(done: int, total: int) -> None:
        if total <= 20:
            return
        width = 30
        filled = width * done // total
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\rverifying papers [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return draw


def row_vocabulary(row: PaperRow) -> Any:
    """The venue vocabulary of the row's schema."""
    from ..schema.venues import load_venues

    if row.venues == "[]":
        return load_venues(origin=row.venues_origin)
    import json

    return load_venues(json.loads(row.venues), origin=row.venues_origin)


def _diagnostics(path: str, row: PaperRow, resolution: Any, enabled: frozenset[str],
                 current_year: int) -> Iterator[Diagnostic]:
    from ..papers.match import judge
    from ..papers.resolve import FOUND, NOT_FOUND
    from ..papers.titles import plain_title
    from .paper_not_found import PaperNotFound
    from .paper_title_mismatch import PaperTitleMismatch
    from .published_preprint import PublishedPreprint
    from .wrong_paper_source import WrongPaperSource

    if resolution.status == NOT_FOUND:
        if PaperNotFound.code in enabled and row.title_span is not None:
            searched = ", ".join(resolution.searched) or "no service"
            message = f"no record of '{plain_title(row.title)}' (searched: {searched})"
            yield _diagnostic(PaperNotFound, path, row, "title", message, None)
        return
    if resolution.status != FOUND:
        return
    rules = {"wrong-source": WrongPaperSource, "published-preprint": PublishedPreprint,
             "title-mismatch": PaperTitleMismatch}
    for finding in judge(row, resolution, row_vocabulary(row), current_year):
        rule = rules[finding.kind]
        if rule.code not in enabled:
            continue
        severity = None
        if rule is PublishedPreprint and row.preprint_severity == "warning":
            severity = Severity.WARNING
        yield _diagnostic(rule, path, row, finding.cell, finding.message, finding.replacement, severity)


def _diagnostic(rule: Any, path: str, row: PaperRow, cell: str, message: str, replacement: str | None,
                severity: Severity | None = None) -> Diagnostic:
    span = getattr(row, f"{cell}_span")
    field = getattr(row, f"{cell}_field")
    line, column, end = span
    fix = None
    if replacement is not None:
        value = getattr(row, cell)
        new = replacement
        if cell == "title":
            new = _keep_marks(value, replacement)
        if new != value:
            fix = Fix(Applicability.UNSAFE, f"write '{new}'", (Edit(line, column, line, end, new),))
    return Diagnostic(rule.code, rule.name, severity or rule.severity, message, path, line, column, line,
                      max(end, column + 1), row.table, row.row, field, fix)


def _keep_marks(value: str, title: str) -> str:
    """The cell with its title replaced and its marks (《》, quotes) kept."""
    from ..papers.titles import plain_title

    inner = plain_title(value)
    at = value.find(inner)
    if at < 0 or "](" in value:  # a link's text: replacing it whole would drop the URL
        return title if at < 0 else value[:at] + title + value[at + len(inner):]
    return value[:at] + title + value[at + len(inner):]


def _identity_duplicates(report: FileReport, rows: list[PaperRow], resolutions: list[Any]) -> Iterator[Diagnostic]:
    """Rows of one table that resolved to the same record, when the offline
    check (same identifier or title) did not already pair them."""
    from ..papers.titles import normalise_title
    from .duplicate_paper import DuplicatePaper, offline_key_pairs

    already = offline_key_pairs(rows)
    seen: dict[tuple[int, str], PaperRow] = {}
    for row, resolution in zip(rows, resolutions, strict=True):
        if resolution.status != "found" or row.title_span is None:
            continue
        identities = {(record.arxiv_id and f"arXiv {record.arxiv_id}") or record.label()
                      for record in resolution.records}
        first = None
        for identity in sorted(identities):
            first = seen.get((row.table, identity))
            if first is not None:
                break
        if first is not None and (first.row, row.row) not in already and (
                normalise_title(first.title) != normalise_title(row.title)):
            message = (f"row {row.row} is the same paper as row {first.row} (line {first.title_span[0]}): "
                       f"both resolve to {identity}")
            yield _diagnostic(DuplicatePaper, report.path, row, "title", message, None)
            continue
        for identity in identities:
            seen.setdefault((row.table, identity), row)


class NetworkPaperRule(Rule):
    """A rule whose verdicts need the services' answers (or cached ones)."""

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        # Verdicts arrive run-wide, after every file: see check_run_papers.
        queue_for_verification(context)
        return iter(())
