"""What a check run produces, and its run-wide last step.

Kept apart from lint.py, which imports the parser, the schemas and every
rule: a run whose results come from the cache (resultcache.py) needs only
these types to print them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic
from ..record import Record
from .suppress import Suppressions

if TYPE_CHECKING:
    from ..parse.document import Document
    from ..parse.source import Source


# Rules whose verdicts need the run-wide link check (see finish()).
LINK_RULES = frozenset({"TL301", "TL302", "TL303", "TL304", "TL305"})
# The link rules that only a request can trigger (dead, unreachable, redirected).
NEEDS_NETWORK = frozenset({"TL301", "TL302", "TL304"})


class RunOptions(Record):
    """The command line's options for one check run."""

    __slots__ = (
        "select", "ignore", "extend_select", "schema", "config", "offline", "no_cache", "allow_private_links",
        "check_links", "progress", "show_unchecked", "no_archive", "verify_papers",
    )

    def __init__(
        self, select: list[str] | None = None, ignore: list[str] | None = None, extend_select: list[str] | None = None,
        schema: str | None = None, config: Path | None = None, offline: bool = False, no_cache: bool = False,
        allow_private_links: bool = False, check_links: bool = True, progress: Callable[[int, int], None] | None = None,
        show_unchecked: bool = False, no_archive: bool = False, verify_papers: bool | None = None,
    ) -> None:
        self.select = select
        self.ignore = [] if ignore is None else ignore
        self.extend_select = [] if extend_select is None else extend_select
        self.schema = schema
        self.config = config
        self.offline = offline
        self.no_cache = no_cache
        self.allow_private_links = allow_private_links
        self.check_links = check_links
        # Called as progress(done, total) while links are checked (the CLI draws a bar).
        self.progress = progress
        # --show-unchecked: a diagnostic per link that --offline left unchecked.
        self.show_unchecked = show_unchecked
        # --no-archive: no archived copy is looked up for a dead link.
        self.no_archive = no_archive
        # --verify-papers (True), or None: the config's papers.verify decides.
        self.verify_papers = verify_papers


class FileReport(Record):
    """What checking one file found: its diagnostics, or the error that stopped it."""

    __slots__ = (
        "path", "diagnostics", "error", "document", "bindings", "suppressions", "pending", "enabled",
        "severity_overrides", "source", "snippets", "table_lines", "link_stats",
        "paper_stats",
    )

    def __init__(
        self, path: str, diagnostics: list[Diagnostic] | None = None, error: str | None = None,
        document: Document | None = None, bindings: list[tuple[int, str | None, str, str]] | None = None,
        suppressions: Suppressions | None = None, pending: dict[str, Any] | None = None,
        enabled: frozenset[str] = frozenset(), severity_overrides: dict[str, str] | None = None,
        source: Source | None = None, snippets: dict[int, str] | None = None,
        table_lines: dict[int, tuple[int, int]] | None = None,
    ) -> None:
        self.path = path
        self.diagnostics = [] if diagnostics is None else diagnostics
        self.error = error
        self.document = document
        # What each table was bound to, for the full report: (table, schema or
        # None, how, which column holds which field).
        self.bindings = [] if bindings is None else bindings
        self.suppressions = Suppressions() if suppressions is None else suppressions
        # Facts computed per file for a later, run-wide step (links).
        self.pending = {} if pending is None else pending
        self.enabled = enabled
        self.severity_overrides = {} if severity_overrides is None else severity_overrides
        # Source lines the reports show, and each table's line range, kept when
        # the document itself is dropped: the whole source for a report that
        # stays in this process, or only the lines shown for one that is sent
        # back from a worker or cached.
        self.source = source
        self.snippets = {} if snippets is None else snippets
        self.table_lines = {} if table_lines is None else table_lines
        # What the run's link check did (checked, dead, cached...), the same
        # for every report of a run; None when no link was checked.
        self.link_stats: Any = None
        # What paper verification did (papers.resolve.PaperStats), likewise.
        self.paper_stats: Any = None

    def __str__(self) -> str:
        """One line per problem, as ``tablelint check`` prints them (without colour)."""
        if self.error:
            return f"{self.path}: {self.error}"
        return "\n".join(str(diagnostic) for diagnostic in self.diagnostics) or f"{self.path}: no problems"

    def line_text(self, number: int) -> str | None:
        source = self.document.source if self.document is not None else self.source
        if source is not None:
            return source.line(number) if 1 <= number <= source.line_count else None
        return self.snippets.get(number)

    def table_range(self, index: int) -> tuple[int, int]:
        if self.document is not None:
            table = self.document.tables[index - 1]
            return table.first_line, table.last_line
        return self.table_lines[index]

    def detach(self, keep_source: bool = False) -> None:
        """Drop the parsed document (its cells cost several times the file),
        keeping what the reports need. Without ``keep_source``, only the lines
        they show: cheap to send between processes or to cache. With it, the
        source itself: a copy of every line that has a problem would cost as
        much as the file again."""
        if self.document is None:
            return
        source = self.document.source
        if keep_source:
            self.source = source
        else:
            wanted = {d.line for d in self.diagnostics} | {d.line for d in self.suppressions.directives}
            wanted.update(ref.line for ref in self.pending.get("links", ()))
            wanted.update(span[0] for row in self.pending.get("papers", ())
                          for span in (row.title_span, row.source_span, row.year_span) if span)
            self.snippets = {n: source.line(n) for n in wanted if 1 <= n <= source.line_count}
        self.table_lines = {t.index: (t.first_line, t.last_line) for t in self.document.tables}
        self.document = None
