"""The run-wide step of the link check: every distinct URL of the run
checked once (``tablelint.links``: URLs and settings in, verdicts out), then
each link's diagnostic (rules/links.py) added to its file's report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..rules.links import NETWORK_RULES, UncheckedLink, link_diagnostics, possible_diagnostics

if TYPE_CHECKING:
    from ..links import LinkRef, LinkStats
    from ..links.verdict import Verdict
    from .results import FileReport, RunOptions


def check_run_links(reports: list[FileReport], options: RunOptions, **injected: Any) -> LinkStats:
    """Check every distinct URL of the run once (``tablelint.links``) and
    append each link's diagnostic to its report. ``injected`` are the
    LinkRunOptions tests replace (lookup, policy, environ, now)."""
    from ..config import LinkSettings
    from ..links import check_links
    from ..links.runner import LinkRunOptions
    from ..links.verdict import UNCHECKED

    files = [report for report in reports if report.pending.get("links")]
    run = LinkRunOptions(
        offline=options.offline, no_cache=options.no_cache, allow_private=options.allow_private_links,
        archive=not options.no_archive, network=any(report.enabled & NETWORK_RULES for report in reports),
        progress=options.progress, **injected)
    verdicts, stats = check_links(
        [([ref.url for ref in report.pending["links"]], report.pending.get("link-settings") or LinkSettings())
         for report in files], run)
    for report, found in zip(files, verdicts, strict=True):
        refs = report.pending["links"]
        settings = report.pending.get("link-settings") or LinkSettings()
        if options.offline and not (options.show_unchecked or settings.show_unchecked):
            kept = _without_unchecked(report, refs, found, UNCHECKED)
            if len(kept[0]) < len(refs) and UncheckedLink.code in report.enabled:
                stats.unchecked_hidden = True
            refs, found = kept
        report.diagnostics.extend(link_diagnostics(report.path, refs, found, report.enabled))
    return stats


def _without_unchecked(report: FileReport, refs: list[LinkRef], verdicts: list[Verdict],
                       unchecked: str) -> tuple[list[LinkRef], list[Verdict]]:
    """The links and verdicts but those --offline left unchecked: the
    summary counts them instead of a line each. A suppression comment that
    names a link rule on the line of such a link is not reported unused:
    nothing says what the link would have been."""
    if not any(verdict.kind == unchecked for verdict in verdicts):
        return refs, verdicts
    kept = [(ref, verdict) for ref, verdict in zip(refs, verdicts, strict=True) if verdict.kind != unchecked]
    if report.suppressions.directives:
        for ref, verdict in zip(refs, verdicts, strict=True):
            if verdict.kind == unchecked:
                report.suppressions.apply(possible_diagnostics(report.path, ref))
    return [ref for ref, _ in kept], [verdict for _, verdict in kept]
