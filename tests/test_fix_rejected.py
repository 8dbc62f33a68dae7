"""One refused fix never blocks the others: `tablelint fix` drops a fix the
safety check refuses, says which and why, applies the rest (checked again
without it), and exits 2.

The bad fixes come from a test-only rule added to the real ones, so that
every way the check can refuse is reached: a change in a row that one fix
edits (blamed on that fix), a change in a row that two fixes edit, and a
table that disappears (both found by a binary search over the fixes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import run_cli
from tablelint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from tablelint.engine import lint
from tablelint.engine.lint import RunOptions
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode
from tablelint.rewrite.fix import fix_source
from tablelint.rewrite.safety import reparse, to_span, unsafe_changes
from tablelint.rules.base import Rule

# Three safe fixes (two sources written 'arXiv 2022', a template row deleted) around the row
# that the rogue rules below break.
TEXT = (
    "| 名称 | 来源 |\n|---|---|\n"
    "| A | arxiv2022 |\n"
    "| B | arXiv 2021 |\n"
    "| NULL | NULL |\n"
    "| C | arxiv2022 |\n"
)
FIXED = (
    "| 名称 | 来源 |\n|---|---|\n"
    "| A | arXiv 2022 |\n"
    "| B | arXiv 2021 |\n"
    "| C | arXiv 2022 |\n"
)


def _rogue_rule(make_edit: Callable[[object], Edit]) -> Rule:
    class Rogue(Rule):
        code, name, severity, fix, summary = "TL999", "rogue", Severity.ERROR, "safe", "test only"

        def check(self, context) -> Iterator[Diagnostic]:  # type: ignore[no-untyped-def]
            edit = make_edit(context.document)
            yield Diagnostic(self.code, self.name, self.severity, "rogue", context.path, edit.line, edit.column,
                             edit.end_line, edit.end_column, fix=Fix(Applicability.SAFE, "rogue", (edit,)))

    return Rogue()


@pytest.fixture
def add_rule(monkeypatch: pytest.MonkeyPatch) -> Callable[[Rule], None]:
    def add(rule: Rule) -> None:
        real = lint.selected_rules
        monkeypatch.setattr(lint, "selected_rules", lambda *args: [*real(*args), rule])

    return add


def _split_cell_of_row_b(document) -> Edit:  # type: ignore[no-untyped-def]
    # Row B's first cell becomes two cells: its neighbour moves a column right.
    cell = document.tables[0].rows[1].cells[0]
    return Edit(cell.line, cell.column, cell.line, cell.end_column, "B | shifted")


def test_a_refused_fix_is_reported_and_the_others_are_applied(tmp_path: Path, add_rule) -> None:  # type: ignore[no-untyped-def]
    add_rule(_rogue_rule(_split_cell_of_row_b))
    path = tmp_path / "papers.md"
    path.write_text(TEXT, encoding="utf-8")
    code, _, err = run_cli("fix", str(path))
    assert path.read_text(encoding="utf-8") == FIXED
    assert code == 2
    refused = [line for line in err.splitlines() if "not applied" in line]
    assert refused == [
        f"tablelint: {path}:4:3: TL999 rogue: fix 'rogue' not applied: the safety check refused it "
        "(line 4: the row would have 3 cells instead of 2, and no fix meant to change it)"
    ]
    assert "Fixed 3 problems" in err  # the rogue is reported once, not once per round
    assert "Traceback" not in err


def test_a_refused_fix_in_a_row_that_another_fix_edits(tmp_path: Path, add_rule) -> None:  # type: ignore[no-untyped-def]
    # Row A's source is fixed, and the rogue rewrites its name cell into two cells: two fixes
    # edit the row the check refuses, so a binary search finds the rogue.
    def split_row_a(document) -> Edit:  # type: ignore[no-untyped-def]
        cell = document.tables[0].rows[0].cells[0]
        return Edit(cell.line, cell.column, cell.line, cell.end_column, "A | x")

    add_rule(_rogue_rule(split_row_a))
    path = tmp_path / "papers.md"
    path.write_text(TEXT, encoding="utf-8")
    code, _, err = run_cli("fix", str(path))
    assert code == 2 and path.read_text(encoding="utf-8") == FIXED
    assert "TL999 rogue: fix 'rogue' not applied" in err and err.count("not applied") == 1


def test_a_fix_that_destroys_a_table_is_found_and_dropped(tmp_path: Path, add_rule) -> None:  # type: ignore[no-untyped-def]
    # Rewriting the delimiter row of the second table turns it into a paragraph: the change is
    # to the document (a table fewer), which no single fix's stretch of text explains.
    def break_second_table(document) -> Edit:  # type: ignore[no-untyped-def]
        row = document.tables[1].delimiter
        return Edit(row.line, 1, row.line, len(row.source) + 1, "not a delimiter")

    add_rule(_rogue_rule(break_second_table))
    path = tmp_path / "papers.md"
    path.write_text(TEXT + "\n" + TEXT, encoding="utf-8")
    code, _, err = run_cli("fix", str(path))
    assert code == 2 and path.read_text(encoding="utf-8") == FIXED + "\n" + FIXED
    assert "the result has 1 tables where there were 2" in err


def test_the_check_lists_every_unsafe_change_with_the_text_it_concerns() -> None:
    source = decode(b"| a | b |\n|---|---|\n| x | y |\n| u | v |\n", "t.md")
    before = parse_document(source)
    spans = [to_span(source, Edit(3, 3, 3, 4, "x | 1")), to_span(source, Edit(4, 3, 4, 4, "u | 2"))]
    after = reparse(source, "| a | b |\n|---|---|\n| x | 1 | y |\n| u | 2 | v |\n")
    changes = unsafe_changes(before, after, spans)
    assert [(c.line, c.start, c.end) for c in changes] == [(3, 20, 29), (4, 30, 39)]


def test_fix_source_keeps_the_refused_fix_out_of_later_rounds(add_rule) -> None:  # type: ignore[no-untyped-def]
    add_rule(_rogue_rule(_split_cell_of_row_b))
    outcome = fix_source(decode(TEXT.encode(), "t.md"), RunOptions(check_links=False))
    assert outcome.text == FIXED
    assert [r.diagnostic.code for r in outcome.rejected] == ["TL999"]
    assert [d.code for d in outcome.applied] == ["TL204", "TL101", "TL204"]
    assert outcome.remaining is not None and [d.code for d in outcome.remaining.diagnostics] == ["TL999"]


def test_the_pipe_in_a_code_span_is_escaped_with_the_other_fixes(tmp_path: Path) -> None:
    # The case: the escape merged '`p' and 'q`' across their padding, the check called
    # both untouched and refused the fix, and with it every other fix of the file.
    path = tmp_path / "flags.md"
    path.write_text("| flag | meaning |\n|---|---|\n| `p | q` | either |\n| NULL | NULL |\n", encoding="utf-8")
    code, _, err = run_cli("fix", "--unsafe-fixes", str(path))
    assert code == 0, err
    assert path.read_text(encoding="utf-8") == "| flag | meaning |\n|---|---|\n| `p \\| q` | either |\n"
    assert "Fixed 2 problems; 0 remain." in err
