"""Suppression comments.

    <!-- tablelint-disable [CODE|NAME ...] -->        until enable (all rules when none named)
    <!-- tablelint-enable [CODE|NAME ...] -->
    <!-- tablelint-disable-next-line [CODE|NAME ...] -->
    | NULL <!-- tablelint-disable-line placeholder-row --> | ... |

An HTML comment on a line of its own ends a GFM table, so a comment cannot
sit between two rows; a row is suppressed by a ``disable-line`` comment inside
one of its cells, which GFM keeps in the cell (and the formatter keeps too).
A directive that suppresses nothing is itself reported (unused-suppression),
like ruff's RUF100.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy_re
from ..diagnostics import Diagnostic
from ..parse import gfm
from ..parse.comments import comment_text as _comment_text
from ..record import Record

if TYPE_CHECKING:
    from collections.abc import Sequence

# The text inside a comment's ``<!--`` and ``-->``. Matched only against one
# comment's text (gfm.html_comments finds them): a pattern that also looked
# for the closing ``-->`` backtracked over every space after an unclosed
# ``<!-- tablelint-disable``, for every such opener.
_DIRECTIVE = lazy_re.compile(r"\s*tablelint-(disable-next-line|disable-line|disable|enable)\b([^>]*)")
_SELECTOR_SEPARATORS = lazy_re.compile(r"[\s,]+")




class Directive(Record):
    """One ``tablelint-disable...`` comment: which rules it silences, and on which lines."""

    __slots__ = ("kind", "selectors", "line", "column", "end_column", "end_line", "used")

    def __init__(
        self, kind: str, selectors: tuple[str, ...], line: int, column: int, end_column: int,
        end_line: int | None = None, used: bool = False,
    ) -> None:
        self.kind = kind  # disable | enable | disable-next-line | disable-line
        self.selectors = selectors  # empty: every rule
        self.line = line
        self.column = column
        self.end_column = end_column
        self.end_line = end_line  # for disable: the line of the matching enable
        self.used = used

    def matches(self, diagnostic: Diagnostic) -> bool:
        if not self.selectors:
            return True
        return any(
            diagnostic.code.startswith(selector.upper()) or diagnostic.name == selector.lower()
            for selector in self.selectors
        )

    def covers(self, line: int) -> bool:
        first, last = self.covered_lines()
        return first <= line and (last is None or line <= last)

    def covered_lines(self) -> tuple[int, int | None]:
        """The first and last line it covers (None: to the end of the file)."""
        if self.kind == "disable-line":
            return self.line, self.line
        if self.kind == "disable-next-line":
            return self.line + 1, self.line + 1
        return self.line + 1, None if self.end_line is None else self.end_line - 1

    def keys(self) -> tuple[tuple[str, str], ...]:
        """What a diagnostic must have to match: see _diagnostic_keys."""
        if not self.selectors:
            return (_EVERY_RULE,)
        return tuple(
            key for selector in self.selectors for key in (("code", selector.upper()), ("name", selector.lower()))
        )


_EVERY_RULE = ("every", "")


def _diagnostic_keys(diagnostic: Diagnostic) -> list[tuple[str, str]]:
    """The keys of every directive that matches ``diagnostic``: every rule,
    each prefix of its code, its name (the test Directive.matches makes)."""
    code = diagnostic.code
    keys = [_EVERY_RULE, ("name", diagnostic.name)]
    keys.extend(("code", code[:length]) for length in range(1, len(code) + 1))
    return keys


class Suppressions(Record):
    """The suppression comments of one file."""

    __slots__ = ("directives",)

    def __init__(self, directives: list[Directive] | None = None) -> None:
        self.directives = [] if directives is None else directives

    def apply(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics no directive covers; each directive that covers
        one is marked used.

        One sweep over the lines, in the order of the diagnostics' lines:
        the directives that cover the current line are indexed by what they
        match (a code prefix, a name, every rule), so each diagnostic costs
        a few dictionary lookups however many directives the file has, not
        a test against each of them (10,000 rows with a ``disable-line``
        each took 30 times as long as the check itself).
        """
        directives = [d for d in self.directives if d.kind != "enable"]
        if not directives or not diagnostics:
            return diagnostics
        import heapq

        spans = sorted(((*d.covered_lines(), index) for index, d in enumerate(directives)), key=lambda s: s[0])
        # Active directives: how many per key, and those not yet used per key.
        active: dict[tuple[str, str], int] = {}
        unused: dict[tuple[str, str], dict[int, None]] = {}
        ending: list[tuple[int, int]] = []  # (last line, index), a heap
        suppressed = [False] * len(diagnostics)
        order = sorted(range(len(diagnostics)), key=lambda i: diagnostics[i].line)
        next_span = 0
        for position in order:
            diagnostic = diagnostics[position]
            line = diagnostic.line
            while ending and ending[0][0] < line:
                _, index = heapq.heappop(ending)
                for key in directives[index].keys():
                    active[key] -= 1
                    unused.get(key, {}).pop(index, None)
            while next_span < len(spans) and spans[next_span][0] <= line:
                first, last, index = spans[next_span]
                next_span += 1
                if last is not None and last < line:
                    continue  # covers no line that has a diagnostic
                if last is not None:
                    heapq.heappush(ending, (last, index))
                for key in directives[index].keys():
                    active[key] = active.get(key, 0) + 1
                    if not directives[index].used:
                        unused.setdefault(key, {})[index] = None
            for key in _diagnostic_keys(diagnostic):
                if not active.get(key):
                    continue
                suppressed[position] = True
                for index in unused.pop(key, {}):
                    directive = directives[index]
                    directive.used = True
                    for other in directive.keys():
                        if other != key:
                            unused.get(other, {}).pop(index, None)
        return [diagnostic for diagnostic, hidden in zip(diagnostics, suppressed, strict=True) if not hidden]

    def unused(self) -> list[Directive]:
        return [d for d in self.directives if d.kind != "enable" and not d.used]


def parse_suppressions(text: str, line_starts: Sequence[int]) -> Suppressions:
    if "tablelint-" not in text:
        return Suppressions()
    from bisect import bisect_right

    directives: list[Directive] = []
    for start, end in gfm.html_comments(text):
        match = _DIRECTIVE.fullmatch(_comment_text(text, start, end))
        if match is None:
            continue
        index = bisect_right(line_starts, start) - 1
        column = start - line_starts[index] + 1
        selectors = tuple(part for part in _SELECTOR_SEPARATORS.split(match.group(2)) if part)
        directives.append(Directive(match.group(1), selectors, index + 1, column, column + end - start))
    _close_disables(directives)
    return Suppressions(directives)


def _close_disables(directives: list[Directive]) -> None:
    """Close each disable at the next enable that names it (or names
    everything), or that names everything itself. In one pass: the disables
    still open are indexed by what they name, so that a file of many
    disables and enables is not a test of every pair."""
    open_for_every_rule: list[Directive] = []  # disables that name no rule
    open_by_selector: dict[str, list[Directive]] = {}
    open_all: list[Directive] = []
    for directive in directives:
        if directive.kind == "disable":
            open_all.append(directive)
            if not directive.selectors:
                open_for_every_rule.append(directive)
            for selector in directive.selectors:
                open_by_selector.setdefault(selector, []).append(directive)
        elif directive.kind == "enable":
            if directive.selectors:
                closed = open_for_every_rule
                for selector in directive.selectors:
                    closed = closed + open_by_selector.pop(selector, [])
                open_for_every_rule = []
            else:
                closed, open_all = open_all, []
                open_for_every_rule, open_by_selector = [], {}
            for disable in closed:
                if disable.end_line is None:
                    disable.end_line = directive.line


# The unused-suppression rule (rules/suppression.py documents it); its
# diagnostics are made here because they exist only after every other rule
# and the link check have run.
UNUSED_SUPPRESSION = ("TL902", "unused-suppression")


def unused_suppression_diagnostics(path: str, suppressions: Suppressions) -> list[Diagnostic]:
    from ..diagnostics import Severity

    code, name = UNUSED_SUPPRESSION
    found = []
    for directive in suppressions.unused():
        named = ", ".join(directive.selectors) if directive.selectors else "every rule"
        found.append(
            Diagnostic(
                code, name, Severity.WARNING,
                f"'tablelint-{directive.kind}' for {named} suppresses nothing; remove it",
                path, directive.line, directive.column, directive.line, directive.end_column,
            )
        )
    return found
