"""``tablelint fix``: apply the fixes the rules offer, until nothing changes.

Each round lints the current text, takes every applicable fix whose edits do
not overlap an already chosen fix (all edits of a fix, or none), applies
them, and checks the result (rewrite.verify_rewrite). Overlapping fixes wait
for the next round, which re-lints the new text. Rounds are bounded; what
remains is reported.
"""

from __future__ import annotations

from .diagnostics import Applicability, Diagnostic
from .lint import FileReport, RunOptions, lint_source
from .record import Record
from .rewrite import Span, apply_spans, overlaps, reparse, to_span, verify_rewrite
from .source import Source

MAX_ROUNDS = 10


class FixOutcome(Record):
    """The result of fixing one file: its new text, the fixes applied, what remains."""

    __slots__ = ("source", "text", "applied", "remaining")

    def __init__(
        self, source: Source, text: str, applied: list[Diagnostic] | None = None, remaining: FileReport | None = None,
    ) -> None:
        self.source = source
        self.text = text
        self.applied = [] if applied is None else applied
        self.remaining = remaining

    @property
    def changed(self) -> bool:
        return self.text != self.source.text


def _applicable(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and (fix.applicability is Applicability.SAFE or unsafe)


def _lint(source: Source, options: RunOptions) -> FileReport:
    report = lint_source(source, options)
    if report.pending.get("links"):
        # Cached verdicts only (options.offline): a redirect seen by an
        # earlier `check` can be fixed, and `fix` never waits on the network.
        from .links import check_run_links

        check_run_links([report], options)
    # "Not checked" is no news when fixing offline.
    kept = [d for d in report.diagnostics if d.code != "TL305"]
    report.diagnostics = sorted(report.suppressions.apply(kept), key=lambda d: d.sort_key)
    return report


def fix_source(source: Source, options: RunOptions, *, unsafe: bool = False) -> FixOutcome:
    options.offline = True
    current = source
    outcome = FixOutcome(source, source.text)
    for _ in range(MAX_ROUNDS):
        report = _lint(current, options)
        chosen: list[Span] = []
        chosen_diagnostics: list[Diagnostic] = []
        for diagnostic in sorted(report.diagnostics, key=lambda d: d.sort_key):
            if not _applicable(diagnostic, unsafe):
                continue
            assert diagnostic.fix is not None
            spans = [to_span(current, edit) for edit in diagnostic.fix.edits]
            if any(overlaps(span, other) for span in spans for other in chosen):
                continue
            chosen.extend(spans)
            chosen_diagnostics.append(diagnostic)
        if not chosen:
            outcome.remaining = report
            break
        new_text = apply_spans(current.text, chosen)
        assert report.document is not None
        verify_rewrite(report.document, reparse(current, new_text), chosen)
        outcome.applied.extend(chosen_diagnostics)
        current = Source(path=source.path, text=new_text, bom=source.bom)
        outcome.text = new_text
    else:
        outcome.remaining = _lint(current, options)
    return outcome
