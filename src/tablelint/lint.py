"""The check pipeline: file → document → rules → diagnostics.

One parse serves every rule. Work that can run per file (parsing, schema
validation, naming, link extraction) runs in ``lint_file``; link checking
needs one HTTP session and one cache for the whole run, so it happens once,
after every file, in ``finish``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings, settings_for
from .context import LintContext
from .diagnostics import Diagnostic, Severity
from .document import Document, bulk_objects, parse_document
from .rules import ALL_RULES, expand_selector
from .rules.base import Rule
from .source import InputError, Source, decode, read_source
from .suppress import Suppressions, parse_suppressions


# Rules whose verdicts need the run-wide link check (see finish()).
LINK_RULES = frozenset({"TL301", "TL302", "TL303", "TL304", "TL305"})


@dataclass(slots=True)
class RunOptions:
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    schema: str | None = None
    config: Path | None = None
    offline: bool = False
    no_cache: bool = False
    allow_private_links: bool = False
    check_links: bool = True
    # Called as progress(done, total) while links are checked (the CLI draws a bar).
    progress: Callable[[int, int], None] | None = None
    # Filled by the run: what the link check did (checked, dead, cached...).
    link_stats: Any = None


@dataclass(slots=True)
class FileReport:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    document: Document | None = None
    # What each table was bound to, for the full report: (table, schema or None, how).
    bindings: list[tuple[int, str | None, str]] = field(default_factory=list)
    suppressions: Suppressions = field(default_factory=Suppressions)
    # Facts computed per file for a later, run-wide step (links).
    pending: dict[str, Any] = field(default_factory=dict)
    enabled: frozenset[str] = frozenset()
    severity_overrides: dict[str, str] = field(default_factory=dict)
    # Source lines the reports show, and each table's line range, kept when
    # the document itself is dropped (a report sent back from a worker).
    snippets: dict[int, str] = field(default_factory=dict)
    table_lines: dict[int, tuple[int, int]] = field(default_factory=dict)

    def line_text(self, number: int) -> str | None:
        if self.document is not None:
            source = self.document.source
            return source.line(number) if 1 <= number <= source.line_count else None
        return self.snippets.get(number)

    def table_range(self, index: int) -> tuple[int, int]:
        if self.document is not None:
            table = self.document.tables[index - 1]
            return table.first_line, table.last_line
        return self.table_lines[index]

    def detach(self) -> None:
        """Drop the parsed document, keeping what the reports need (cheap to
        send between processes)."""
        if self.document is None:
            return
        source = self.document.source
        wanted = {d.line for d in self.diagnostics} | {d.line for d in self.suppressions.directives}
        self.snippets = {n: source.line(n) for n in wanted if 1 <= n <= source.line_count}
        self.table_lines = {t.index: (t.first_line, t.last_line) for t in self.document.tables}
        self.document = None


def selected_rules(settings: Settings, options: RunOptions, path: str) -> list[Rule]:
    if options.select is not None:
        chosen = [rule for selector in options.select for rule in expand_selector(selector)]
    elif settings.select is not None:
        chosen = [rule for selector in settings.select for rule in expand_selector(selector)]
    else:
        chosen = [rule for rule in ALL_RULES if rule.enabled_by_default]
    for selector in [*settings.extend_select, *options.extend_select]:
        chosen.extend(expand_selector(selector))
    ignored = {
        rule.code
        for selector in [*settings.ignore, *options.ignore, *settings.ignored_for(path)]
        for rule in expand_selector(selector)
    }
    seen: set[str] = set()
    rules = []
    for rule in chosen:
        if rule.code not in ignored and rule.code not in seen:
            seen.add(rule.code)
            rules.append(rule())
    return sorted(rules, key=lambda rule: rule.code)


def lint_source(source: Source, options: RunOptions, settings: Settings | None = None) -> FileReport:
    settings = settings if settings is not None else settings_for(source.path, options.config)
    document = parse_document(source)
    report = FileReport(source.path, document=document)
    rules = selected_rules(settings, options, source.path)
    report.enabled = frozenset(rule.code for rule in rules)
    report.severity_overrides = dict(settings.severity)
    context = LintContext(document, settings, options.schema)
    context.shared("options", lambda _: options)
    with bulk_objects():
        for rule in rules:
            report.diagnostics.extend(rule.check(context))
    if options.check_links and report.enabled & LINK_RULES and document.tables:
        from .links import extract_file_links

        report.pending["links"] = extract_file_links(context)
    report.bindings = context.shared("binding-summary", _binding_summary)
    report.suppressions = parse_suppressions(source.text, source.line_starts)
    for key, value in context._cache.items():
        if key.startswith("pending:"):
            report.pending[key.removeprefix("pending:")] = value
    return report


def _binding_summary(context: LintContext) -> list[tuple[int, str | None, str]]:
    binder = context._cache.get("bindings")
    if not binder:
        return [(table.index, None, "no schema") for table in context.document.tables]
    return [(index, binding.schema.name if binding else None, how) for index, (binding, how) in binder.items()]


def lint_path(path: str, options: RunOptions, stdin: bytes | None = None) -> FileReport:
    try:
        source = decode(stdin, path) if stdin is not None else read_source(path)
        return lint_source(source, options)
    except InputError as error:
        return FileReport(path, error=str(error))


def finish(reports: list[FileReport], options: RunOptions) -> list[FileReport]:
    """Run-wide steps, then suppressions, severities and ordering."""
    from .rules.suppression import unused_suppression_diagnostics

    if any(report.pending.get("links") for report in reports):
        from .links import check_run_links

        options.link_stats = check_run_links(reports, options)
    for report in reports:
        if report.error:
            continue
        report.diagnostics = report.suppressions.apply(report.diagnostics)
        if "TL902" in report.enabled:
            report.diagnostics.extend(unused_suppression_diagnostics(report))
        for diagnostic in report.diagnostics:
            override = report.severity_overrides.get(diagnostic.code) or report.severity_overrides.get(diagnostic.name)
            if override:
                diagnostic.severity = Severity(override)
        report.diagnostics.sort(key=lambda d: d.sort_key)
    return reports
