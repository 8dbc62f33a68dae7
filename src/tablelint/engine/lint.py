"""The check pipeline: file → document → rules → diagnostics.

One parse serves every rule. Work that can run per file (parsing, schema
validation, naming, link extraction) runs in ``lint_file``; link checking
needs one HTTP session and one cache for the whole run, so it happens once,
after every file, in ``finish``.
"""

from __future__ import annotations

from ..config import Settings, settings_for
from ..errors import ConfigError, InputError
from ..facts.context import LintContext
from ..parse.document import bulk_objects, parse_document
from ..parse.source import Source, decode, read_source
from ..rules import ALL_RULES, expand_selector, find_rule, unknown_selector
from ..rules.base import Rule
from ..rules.naming import NAMING_RULES, naming_findings
from .finish import finish
from .results import LINK_RULES, FileReport, RunOptions
from .suppress import parse_suppressions

__all__ = ["LINK_RULES", "FileReport", "RunOptions", "finish", "lint_path", "lint_source", "selected_rules"]


def selected_rules(settings: Settings, options: RunOptions, path: str) -> list[Rule]:
    _check_config_selectors(settings)
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
    ignored.update(code for code, severity in rule_severities(settings).items() if severity == "off")
    seen: set[str] = set()
    rules = []
    for rule in chosen:
        if rule.code not in ignored and rule.code not in seen:
            seen.add(rule.code)
            rules.append(rule())
    return sorted(rules, key=lambda rule: rule.code)


def rule_severities(settings: Settings) -> dict[str, str]:
    """The config's ``[severity]`` table by rule code: a selector names a
    rule, a code prefix or ALL, and the more specific one wins (TL305 over
    TL3 over ALL), so that ``ALL = "warning"`` with ``TL001 = "error"``
    means what it says. ``off`` turns the rule off."""
    if not settings.severity:
        return {}

    def specificity(selector: str) -> tuple[int, int]:
        wanted = selector.strip()
        if wanted.upper() == "ALL":
            return (0, 0)
        return (2, 0) if find_rule(wanted) else (1, len(wanted))

    resolved: dict[str, str] = {}
    for selector in sorted(settings.severity, key=specificity):
        for rule in expand_selector(selector):
            resolved[rule.code] = settings.severity[selector]
    return resolved


def _check_config_selectors(settings: Settings) -> None:
    """ConfigError for a rule the config names that does not exist: it would
    select, ignore or re-grade nothing, silently. Checked here, where the
    rules are imported anyway, not when the config loads (a run answered
    from the result cache imports no rule)."""
    where = settings.origin or "config"
    named = [
        *(("select", selector) for selector in settings.select or ()),
        *(("extend-select", selector) for selector in settings.extend_select),
        *(("ignore", selector) for selector in settings.ignore),
        *(
            (f'per-file-ignores."{glob}"', selector)
            for glob, codes in settings.per_file_ignores.items()
            for selector in codes
        ),
        *(("severity", selector) for selector in settings.severity),
    ]
    for key, selector in named:
        problem = unknown_selector(selector, f"'{key}' from {where}")
        if problem:
            raise ConfigError(problem)


def lint_source(source: Source, options: RunOptions, settings: Settings | None = None) -> FileReport:
    settings = settings if settings is not None else settings_for(source.path, options.config)
    document = parse_document(source)
    report = FileReport(source.path, document=document)
    rules = selected_rules(settings, options, source.path)
    report.enabled = frozenset(rule.code for rule in rules)
    report.severity_overrides = {
        code: severity for code, severity in rule_severities(settings).items() if severity != "off"
    }
    context = LintContext(document, settings, options.schema)
    context.verify_papers = options.verify_papers
    with bulk_objects():
        if report.enabled & NAMING_RULES:
            # The naming analysis needs a large working set while it runs
            # (every prose cell as one text, every distinct word) and keeps
            # only its findings: run it before the rules fill the list of
            # diagnostics, so that the two do not add up.
            naming_findings(context)
        for rule in rules:
            report.diagnostics.extend(rule.check(context))
    # The analyses of every row are the rules' alone (tens of MB on a 100k-row
    # table): freed before the links of every cell are extracted.
    context.free_row_facts()
    if options.check_links and report.enabled & LINK_RULES and document.tables:
        from ..rules.links import extract_file_links, link_settings

        report.pending["links"] = extract_file_links(context)
        report.pending["link-settings"] = link_settings(settings)
    if context.papers_queued:
        from ..rules.paper_rows import settings_for_run as paper_settings_for_run

        report.pending["papers"] = context.paper_rows
        report.pending["paper-settings"] = paper_settings_for_run(settings)
    report.bindings = _binding_summary(context)
    report.suppressions = parse_suppressions(source.text, source.line_starts, document.opaque_lines)
    return report


def _binding_summary(context: LintContext) -> list[tuple[int, str | None, str, str]]:
    if not context.bound_any():  # no rule bound a table: skip importing the schema package
        return [(table.index, None, "no schema", "") for table in context.document.tables]
    from ..schema.binding import binding_summary

    return binding_summary(context.document.tables, context.bindings())


def lint_path(path: str, options: RunOptions, stdin: bytes | None = None) -> FileReport:
    try:
        source = decode(stdin, path) if stdin is not None else read_source(path)
        return lint_source(source, options)
    except ConfigError:
        raise  # stops the run
    except InputError as error:
        return FileReport(path, error=str(error))
