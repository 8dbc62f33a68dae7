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

    def match_keys(self) -> tuple[tuple[str, str], ...]:
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
        each took far longer than the check itself).
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
                for key in directives[index].match_keys():
                    active[key] -= 1
                    unused.get(key, {}).pop(index, None)
            while next_span < len(spans) and spans[next_span][0] <= line:
                _, last, index = spans[next_span]
                next_span += 1
                if last is not None and last < line:
                    continue  # covers no line that has a diagnostic
                if last is not None:
                    heapq.heappush(ending, (last, index))
                for key in directives[index].match_keys():
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
                    for other in directive.match_keys():
                        if other != key:
                            unused.get(other, {}).pop(index, None)
        return [diagnostic for diagnostic, hidden in zip(diagnostics, suppressed, strict=True) if not hidden]

    def unused(self) -> list[Directive]:
        return [d for d in self.directives if d.kind != "enable" and not d.used]


def parse_suppressions(
    text: str, line_starts: Sequence[int], opaque_lines: Sequence[tuple[int, int]] = (),
) -> Suppressions:
    """The directives of ``text``, from its real HTML comments only: not a
    ``<!--`` on ``opaque_lines`` (1-based first and last lines of code blocks
    and non-comment HTML blocks, Document.opaque_lines) nor one in a code
    span. A directive shown as an example in a README is not one."""
    if "tablelint-" not in text:
        return Suppressions()
    from bisect import bisect_right

    opaque_starts = [first for first, _ in opaque_lines]
    directives: list[Directive] = []
    for start, end in gfm.html_comments(text):
        match = _DIRECTIVE.fullmatch(_comment_text(text, start, end))
        if match is None:
            continue
        index = bisect_right(line_starts, start) - 1
        block = bisect_right(opaque_starts, index + 1) - 1
        if block >= 0 and opaque_lines[block][1] >= index + 1:
            continue
        if _in_code_span(text, line_starts[index], start):
            continue
        column = start - line_starts[index] + 1
        selectors = tuple(part for part in _SELECTOR_SEPARATORS.split(match.group(2)) if part)
        directives.append(Directive(match.group(1), selectors, index + 1, column, column + end - start))
    _close_disables(directives)
    return Suppressions(directives)


def _in_code_span(text: str, line_start: int, position: int) -> bool:
    """Whether ``position`` is inside a code span that opens on its line
    before it (a code span across lines is not looked for)."""
    if "`" not in text[line_start:position]:
        return False
    line_end = text.find("\n", position)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    offset = position - line_start
    return any(opening < offset < closing_end for opening, _, _, closing_end in gfm.code_spans(line))


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


def unused_suppression_diagnostics(path: str, suppressions: Suppressions, ran: frozenset[str]) -> list[Diagnostic]:
    """The unused-suppression diagnostics of one file, told apart as ruff's
    RUF100 does: a directive that names no rule (with the nearest one); one
    that suppressed nothing although its rules ran ("remove it"). A rule
    that did not run (``ran``: not selected, ignored, or a link rule that
    needs the network in an offline run) may well have been suppressed: its
    directive is never called unused, since removing it would break the
    next full run."""
    from ..rules import ALL_RULES, expand_selector, unknown_selector

    found = []
    every_rule_ran = all(rule.code in ran for rule in ALL_RULES if rule.enabled_by_default)
    for directive in suppressions.directives:
        comment = f"'tablelint-{directive.kind}'"
        unknown = [problem for selector in directive.selectors
                   if (problem := unknown_selector(selector, comment)) is not None]
        if unknown:
            found.append(_unused_suppression(path, directive, "; ".join(unknown)))
            continue
        if directive.kind == "enable" or directive.used:
            continue
        if not directive.selectors:
            if every_rule_ran:
                found.append(_unused_suppression(path, directive, f"{comment} for every rule suppresses nothing; "
                                                                    "remove it"))
            continue
        unused = [s for s in directive.selectors if any(rule.code in ran for rule in expand_selector(s))]
        not_run = [s for s in directive.selectors if s not in unused]
        if not unused:
            continue  # none of its rules ran: nothing says whether it is needed
        message = f"{comment} for {', '.join(unused)} suppresses nothing; remove it"
        if not_run:
            message = (f"{comment}: {', '.join(unused)} suppresses nothing; remove it from the comment "
                       f"({', '.join(not_run)} did not run: keep it)")
        found.append(_unused_suppression(path, directive, message))
    return found


def _unused_suppression(path: str, directive: Directive, message: str) -> Diagnostic:
    from ..diagnostics import Severity

    code, name = UNUSED_SUPPRESSION
    return Diagnostic(code, name, Severity.WARNING, message, path, directive.line, directive.column,
                      directive.line, directive.end_column)
