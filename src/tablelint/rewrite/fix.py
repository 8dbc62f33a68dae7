"""``tablelint fix``: apply the fixes the rules offer, until nothing changes.

Each round lints the current text and takes, in the order of the text, every
applicable fix that does not overlap a fix already taken (a fix's extent is
from its first edit to its last: all edits of a fix, or none). Sorting and
one sweep keep this n log n in the number of fixes. The round applies them
and checks the result (rewrite.unsafe_changes). When the check refuses the
result, the fixes that caused it are dropped and reported, and the rest is
checked again: one bad fix never blocks the others. Overlapping fixes wait
for the next round, which re-lints the new text. Rounds are bounded; what
remains is reported.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from ..diagnostics import Applicability, Diagnostic
from ..engine.lint import FileReport, RunOptions, lint_source
from ..parse.document import Document
from ..parse.source import Source
from ..record import Record
from .safety import Span, UnsafeChange, apply_spans, reparse, to_span, unsafe_changes

MAX_ROUNDS = 10


class RejectedFix(Record):
    """A fix the safety check refused, and why."""

    __slots__ = ("diagnostic", "change")

    def __init__(self, diagnostic: Diagnostic, change: UnsafeChange) -> None:
        self.diagnostic = diagnostic
        self.change = change

    def __str__(self) -> str:
        diagnostic, change = self.diagnostic, self.change
        assert diagnostic.fix is not None
        return (
            f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} {diagnostic.name}: "
            f"fix '{diagnostic.fix.message}' not applied: the safety check refused it "
            f"(line {change.line}: {change.what})"
        )


class FixOutcome(Record):
    """The result of fixing one file: its new text, the fixes applied and
    refused, and what remains."""

    __slots__ = ("source", "text", "applied", "rejected", "remaining")

    def __init__(self, source: Source, text: str) -> None:
        self.source = source
        self.text = text
        self.applied: list[Diagnostic] = []
        self.rejected: list[RejectedFix] = []
        self.remaining: FileReport | None = None

    @property
    def changed(self) -> bool:
        return self.text != self.source.text


class _Candidate(Record):
    """A fix offered this round, as spans of the current text."""

    __slots__ = ("diagnostic", "spans", "start", "end")

    def __init__(self, diagnostic: Diagnostic, spans: list[Span]) -> None:
        self.diagnostic = diagnostic
        self.spans = spans
        self.start = min(span.start for span in spans)
        self.end = max(span.end for span in spans)

    def __hash__(self) -> int:
        return id(self)

    def meets(self, start: int, end: int) -> bool:
        """Whether an edit of this fix changes [start, end) or inserts text in it."""
        return any(
            (span.start < end and start < span.end) or (span.start == span.end and start <= span.start <= end)
            for span in self.spans
        )


def _applicable(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and bool(fix.edits) and (fix.applicability is Applicability.SAFE or unsafe)


def _lint(source: Source, options: RunOptions, link_memo: list[Any]) -> FileReport:
    report = lint_source(source, options)
    if report.pending.get("links"):
        # As `check` does, with its options (--offline, --allow-private-links...);
        # a URL asked in an earlier round is not asked again (``link_memo``
        # holds the rounds' LinkMemo, made when a round first has links).
        from ..engine.links import check_run_links

        if not link_memo:
            from ..links.runner import LinkMemo

            link_memo.append(LinkMemo())
        check_run_links([report], options, memo=link_memo[0])
    if report.pending.get("papers"):
        # Likewise paper records, with the same options (--verify-papers, --offline).
        from ..engine.papers import check_run_papers

        check_run_papers([report], options)
    report.diagnostics = sorted(report.suppressions.apply(report.diagnostics), key=lambda d: d.sort_key)
    return report


def _fix_key(source: Source, diagnostic: Diagnostic) -> tuple[object, ...]:
    """What identifies a fix from one round to the next, when rows above it
    may have been deleted: its rule, and its edits relative to their lines."""
    assert diagnostic.fix is not None
    def line(number: int) -> str:
        return source.line(number) if number <= source.line_count else ""

    return (diagnostic.code, diagnostic.fix.message, tuple(
        (line(edit.line), edit.column, edit.end_line - edit.line, edit.end_column, edit.content)
        for edit in diagnostic.fix.edits
    ))


def _choose(current: Source, report: FileReport, unsafe: bool, refused: set[tuple[object, ...]]) -> list[_Candidate]:
    """The applicable fixes that overlap no fix before them, in text order."""
    offered = [
        _Candidate(d, [to_span(current, edit) for edit in d.fix.edits])  # type: ignore[union-attr]
        for d in report.diagnostics
        if _applicable(d, unsafe) and (not refused or _fix_key(current, d) not in refused)
    ]
    offered.sort(key=lambda c: (c.start, c.end, c.diagnostic.sort_key))
    chosen: list[_Candidate] = []
    reach = -1  # the furthest end of a chosen fix that deletes or replaces text
    for candidate in offered:
        start, end = candidate.start, candidate.end
        if start < reach:
            continue
        if chosen and chosen[-1].start == start and (start == end or chosen[-1].start == chosen[-1].end):
            continue  # two insertions at one point, or an insertion where a replacement starts
        chosen.append(candidate)
        if end > start:
            reach = max(reach, end)
    return chosen


def _changes(document: Document, current: Source, candidates: list[_Candidate]) -> tuple[str, list[UnsafeChange]]:
    spans = [span for candidate in candidates for span in candidate.spans]
    new_text = apply_spans(current.text, spans)
    return new_text, unsafe_changes(document, reparse(current, new_text), spans)


def _suspects(candidates: list[_Candidate], change: UnsafeChange) -> list[_Candidate]:
    """The candidates (in text order, extents disjoint) with an edit in the
    stretch of old text that ``change`` concerns."""
    starts = [candidate.start for candidate in candidates]
    first = max(bisect_left(starts, change.start) - 1, 0)
    last = bisect_right(starts, change.end)
    return [c for c in candidates[first:last] if c.meets(change.start, change.end)]


def _first_breaking(
    document: Document, current: Source, candidates: list[_Candidate], changes: list[UnsafeChange]
) -> tuple[int, UnsafeChange]:
    """The fix whose addition, to those before it, makes the check refuse (all
    of ``candidates`` make ``changes``): a binary search over prefixes, for a
    change no single fix explains."""
    good, bad = 0, len(candidates)  # candidates[:good] pass; candidates[:bad] fail
    while bad - good > 1:
        middle = (good + bad) // 2
        _, found = _changes(document, current, candidates[:middle])
        if found:
            bad, changes = middle, found
        else:
            good = middle
    return bad - 1, changes[0]


def _settle(
    document: Document, current: Source, candidates: list[_Candidate]
) -> tuple[list[_Candidate], str, list[RejectedFix]]:
    """The candidates the safety check accepts together, the text they make,
    and the ones it refused. A refused change in a stretch of text that one
    fix alone edits is that fix's; any other is found by a binary search."""
    rejected: list[RejectedFix] = []
    while candidates:
        new_text, changes = _changes(document, current, candidates)
        if not changes:
            return candidates, new_text, rejected
        culprits: dict[_Candidate, UnsafeChange] = {}
        for change in changes:
            suspects = _suspects(candidates, change)
            if len(suspects) == 1:
                culprits.setdefault(suspects[0], change)
        if not culprits:
            index, change = _first_breaking(document, current, candidates, changes)
            culprits[candidates[index]] = change
        rejected.extend(RejectedFix(c.diagnostic, change) for c, change in culprits.items())
        candidates = [c for c in candidates if c not in culprits]
    return [], current.text, rejected


def fix_source(source: Source, options: RunOptions, *, unsafe: bool = False) -> FixOutcome:
    current = source
    outcome = FixOutcome(source, source.text)
    refused: set[tuple[object, ...]] = set()
    link_memo: list[Any] = []
    for _ in range(MAX_ROUNDS):
        report = _lint(current, options, link_memo)
        candidates = _choose(current, report, unsafe, refused)
        if not candidates:
            outcome.remaining = report
            break
        assert report.document is not None
        accepted, new_text, rejected = _settle(report.document, current, candidates)
        outcome.rejected.extend(rejected)
        refused.update(_fix_key(current, r.diagnostic) for r in rejected)
        if not accepted:
            continue
        outcome.applied.extend(c.diagnostic for c in accepted)
        current = Source(path=source.path, text=new_text, bom=source.bom)
        outcome.text = new_text
    else:
        outcome.remaining = _lint(current, options, link_memo)
    return outcome
