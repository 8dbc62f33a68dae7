"""Link checking: which URLs the tables hold (per file), and what became of
them (once per run).

``extract_file_links`` runs in the per-file phase and returns LinkRefs, small
picklable records that carry the row context (row name, field) a diagnostic
needs. ``check_run_links`` runs once, after every file: it checks each
distinct URL once, with one HTTP client and one cache, and appends the
diagnostics to the reports. Importing this package is cheap: the HTTP
client is imported only when links are really checked.
"""

from __future__ import annotations

from collections import namedtuple
from pathlib import Path
from typing import TYPE_CHECKING

from ..record import Record

if TYPE_CHECKING:
    from ..config import LinkSettings, Settings
    from ..engine.lint import FileReport, RunOptions
    from ..facts.context import LintContext


# One occurrence of a URL in a table cell.
#
# The span (1-based, ``end_column`` exclusive) is the URL as written when
# it is written in the cell; for a reference link (``[text][ref]``) it is
# the whole link, and ``fixable`` is False because the URL lives in the
# reference definition.
#
# A named tuple: a table can hold a hundred thousand links, and named
# tuples are built several times faster than frozen dataclasses and
# pickled (to and from worker processes) faster still. Made by
# collections.namedtuple, not as a typing.NamedTuple class: the same class,
# without compiling each field's annotation, which costs as much again and
# is paid by every run that looks for links.
LinkRef = namedtuple(
    "LinkRef",
    (
        "url",  # str
        "kind",  # str: inline | image | reference | autolink | bare | html
        "line",  # int
        "column",  # int
        "end_column",  # int
        "table",  # int
        "row",  # int
        "field",  # str | None
        "row_name",  # str | None
        "fixable",  # bool
    ),
)


class LinkStats(Record):
    """What one run's link check did; every count is of distinct URLs."""

    __slots__ = (
        "checked", "cached", "dead", "unreachable", "redirected", "malformed", "skipped", "unchecked", "cache_problem",
        "unchecked_hidden",
    )

    def __init__(
        self, checked: int = 0, cached: int = 0, dead: int = 0, unreachable: int = 0, redirected: int = 0,
        malformed: int = 0, skipped: int = 0, unchecked: int = 0, cache_problem: str | None = None,
        unchecked_hidden: bool = False,
    ) -> None:
        self.checked = checked  # asked over the network in this run
        self.cached = cached  # answered from the cache
        self.dead = dead
        self.unreachable = unreachable
        self.redirected = redirected
        self.malformed = malformed
        self.skipped = skipped  # not http(s), excluded, or at a refused (private) address
        self.unchecked = unchecked  # --offline and not in the cache
        # Set when the cache could not be used; the run went on without it.
        self.cache_problem = cache_problem
        # The unchecked links have no diagnostic each (--offline without --show-unchecked).
        self.unchecked_hidden = unchecked_hidden

    def summary(self) -> str:
        parts = [f"{self.checked:,} checked", f"{self.dead:,} dead", f"{self.unreachable:,} unreachable",
                 f"{self.cached:,} cached", f"{self.skipped:,} skipped"]
        for count, label in ((self.redirected, "redirected"), (self.malformed, "malformed"),
                             (self.unchecked, "unchecked")):
            if count:
                parts.append(f"{count:,} {label}")
        line = "links: " + ", ".join(parts)
        if self.unchecked and self.unchecked_hidden:
            line += (" (--offline, no cached verdict; `--show-unchecked` or `[links] show-unchecked = true` "
                     "lists them)")
        return line


def extract_file_links(context: LintContext) -> list[LinkRef]:
    """Every link in the body cells of every table of the document."""
    from ..parse.document import bulk_objects

    settings = context.settings.links
    if not settings.enabled:
        return []
    # A LinkRef per link, and short-lived scan results per cell: the
    # collector would walk the whole parsed document again and again.
    with bulk_objects():
        return _links_of(context)


def _links_of(context: LintContext) -> list[LinkRef]:
    from .extract import may_hold_link, scan_links

    refs: list[LinkRef] = []
    ref_links = context.document.ref_links
    has_references = bool(ref_links)
    for table in context.document.tables:
        # What LintContext.row_name and field_name give, looked up once per
        # table instead of once per link.
        name_column = context.name_column(table)
        fields: dict[int, str | None] = {}
        for row_number, row in enumerate(table.rows, 1):
            row_name: str | None = None
            named = False
            for column_index, cell in enumerate(row.cells):
                raw = cell.raw
                if not may_hold_link(raw, has_references):
                    continue
                # Not memoized per distinct text: most linked cells are unique,
                # and a memo costs more than rescanning the few repeats
                # (measured at 100k rows). The text passes may_hold_link too:
                # unescaping "\\|" cannot make or break a mark.
                found = scan_links(cell.text, ref_links)
                if not found:
                    continue
                if not named:
                    named = True
                    cells = row.cells
                    if name_column is not None and name_column < len(cells):
                        row_name = cells[name_column].text
                if column_index in fields:
                    field = fields[column_index]
                else:
                    field = fields[column_index] = context.field_name(table, column_index)
                to_raw = _raw_offsets(raw) if "\\|" in raw else None
                line_number, column = cell.line, cell.column
                for link in found:
                    if not link.url:
                        continue
                    fixable = link.url_start is not None and link.url_end is not None
                    start = link.url_start if fixable else link.start
                    end = link.url_end if fixable else link.end
                    assert start is not None and end is not None
                    if to_raw is None:
                        first, last = column + start, column + (end if end > start else start)
                    else:
                        first = column + to_raw(start)
                        last = column + (to_raw(end - 1) + 1 if end > start else to_raw(start))
                    refs.append(LinkRef(link.url, link.kind, line_number, first, last, table.index,
                                        row_number, field, row_name, fixable))
    return refs


def settings_for_run(settings: Settings) -> LinkSettings:
    """The file's link settings, with a relative cache path made absolute
    against the config's directory (the run-wide step checks every file's
    links together)."""
    links = settings.links
    root = settings.root
    if isinstance(links.cache_path, str) and root is not None and not Path(links.cache_path).is_absolute():
        return links.replace(cache_path=str(root / Path(links.cache_path).expanduser()))
    return links


def _raw_offsets(raw: str):  # type: ignore[no-untyped-def]
    """Maps an offset in the cell's text (``\\|`` unescaped, as GFM parses it)
    back to the raw cell: every ``\\|`` is one character longer there."""
    if "\\|" not in raw:
        return lambda offset: offset
    positions: list[int] = []
    index = 0
    while index < len(raw):
        if raw.startswith("\\|", index):
            positions.append(index + 1)
            index += 2
        else:
            positions.append(index)
            index += 1
    positions.append(len(raw))
    return lambda offset: positions[min(offset, len(positions) - 1)]


def check_run_links(reports: list[FileReport], options: RunOptions, **injected) -> LinkStats:  # type: ignore[no-untyped-def]
    """Check every distinct URL of the run once and add the diagnostics to
    each report. See ``runner.check_run_links``."""
    from .runner import check_run_links as run

    return run(reports, options, **injected)
