"""The run-wide step of paper verification: every distinct row of the run
resolved once (papers/), then each enabled paper rule's diagnostics added to
its file's report. The rules (rules/paper_*.py) only queue their rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from ..diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from ..rules.paper_rows import row_vocabulary
from .progress import terminal_progress_bar

if TYPE_CHECKING:
    from ..papers import PaperRow
    from .results import FileReport, RunOptions


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
    progress = terminal_progress_bar("verifying papers") if options.progress is not None else None
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


def _diagnostics(path: str, row: PaperRow, resolution: Any, enabled: frozenset[str],
                 current_year: int) -> Iterator[Diagnostic]:
    from ..papers.match import judge
    from ..papers.resolve import FOUND, NOT_FOUND
    from ..papers.titles import plain_title
    from ..rules.paper_not_found import PaperNotFound
    from ..rules.paper_title_mismatch import PaperTitleMismatch
    from ..rules.published_preprint import PublishedPreprint
    from ..rules.wrong_paper_source import WrongPaperSource

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
    from ..rules.duplicate_paper import DuplicatePaper, offline_key_pairs

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
