"""Link checking: URLs and settings in, verdicts out.

``extract.scan_links`` finds the links of a cell's text; a LinkRef records
one of them with the row context (row name, field) a diagnostic needs (the
rules make them: ``rules.links``). ``check_links`` runs once per run, after
every file: it checks each distinct URL once, with one HTTP client and one
cache, and gives each URL its Verdict. It knows nothing of reports or
rules. Importing this package is cheap: the HTTP client is imported only
when links are really checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..record import Record

if TYPE_CHECKING:
    from ..config import LinkSettings
    from .runner import LinkRunOptions
    from .verdict import Verdict


class LinkRef(NamedTuple):
    """One occurrence of a URL in a table cell. The span (1-based,
    ``end_column`` exclusive) is the URL as written when it is written in the
    cell; for a reference link (``[text][ref]``) it is the whole link, and
    ``fixable`` is False because the URL lives in the reference definition.
    A named tuple, as record.py says why: a table can hold a hundred
    thousand links."""

    url: str
    kind: str  # inline | image | reference | autolink | bare | html
    line: int
    column: int
    end_column: int
    table: int
    row: int
    field: str | None
    row_name: str | None
    fixable: bool


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


def check_links(files: list[tuple[list[str], LinkSettings]],
                options: LinkRunOptions) -> tuple[list[list[Verdict]], LinkStats]:
    """The verdicts of the URLs of each file, and what the run did. See
    ``runner.check_links``."""
    from .runner import check_links as run

    return run(files, options)
