"""The run-wide step of a check, after every file's own: links and paper
records checked once for the whole run, then each file's suppressions,
severity overrides and order."""

from __future__ import annotations

from operator import attrgetter

from ..diagnostics import Severity
from .results import NEEDS_NETWORK, FileReport, RunOptions
from .suppress import unused_suppression_diagnostics


def finish(reports: list[FileReport], options: RunOptions) -> list[FileReport]:
    """Run-wide steps, then suppressions, severities and ordering."""
    if any(report.pending.get("links") for report in reports):
        from .links import check_run_links

        stats = check_run_links(reports, options)
        for report in reports:
            report.link_stats = stats
    if any(report.pending.get("papers") for report in reports):
        from .papers import check_run_papers

        paper_stats = check_run_papers(reports, options)
        for report in reports:
            report.paper_stats = paper_stats
    for report in reports:
        if report.error:
            continue
        report.diagnostics = report.suppressions.apply(report.diagnostics)
        if "TL902" in report.enabled:
            # A rule that did not run may well have been suppressed (see suppress.py).
            ran = report.enabled if options.check_links and not options.offline else report.enabled - NEEDS_NETWORK
            report.diagnostics.extend(unused_suppression_diagnostics(report.path, report.suppressions, ran))
        overrides = report.severity_overrides
        if overrides:  # most runs have none, and a file can have 200k diagnostics
            for diagnostic in report.diagnostics:
                override = overrides.get(diagnostic.code) or overrides.get(diagnostic.name)
                if override:
                    diagnostic.severity = Severity(override)
        report.diagnostics.sort(key=_SORT_KEY)
    return reports


# Diagnostic.sort_key, read in C.
_SORT_KEY = attrgetter("path", "line", "column", "code")
