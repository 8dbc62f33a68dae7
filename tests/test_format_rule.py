"""The table-format rule (TL501): one diagnostic per unformatted table, with a
safe fix whose edits turn the table into what `tablelint format` writes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from tablelint.config import FormatSettings, Settings
from tablelint.diagnostics import Applicability, Diagnostic, Edit
from tablelint.engine.lint import RunOptions, selected_rules
from tablelint.errors import InputError
from tablelint.facts.context import LintContext
from tablelint.layout.formatter import format_document
from tablelint.parse.document import parse_document
from tablelint.parse.source import Source, decode
from tablelint.rules import ALL_RULES, find_rule
from tablelint.rules.table_format import TableFormat
from test_format_properties import documents, format_settings


def _check(text: str, format_settings: FormatSettings | None = None) -> list[Diagnostic]:
    config = Settings(format=format_settings or FormatSettings())
    context = LintContext(parse_document(Source("doc.md", text)), config)
    return list(TableFormat().check(context))


def _apply(text: str, edits: list[Edit]) -> str:
    source = Source("doc.md", text)
    for edit in sorted(edits, key=lambda edit: (edit.line, edit.column), reverse=True):
        start = source.offset(edit.line, edit.column)
        end = source.offset(edit.end_line, edit.end_column)
        text = text[:start] + edit.content + text[end:]
    return text


def _format(text: str, format_settings: FormatSettings | None = None) -> str:
    return format_document(parse_document(Source("doc.md", text)), format_settings)


MIXED = (
    "Intro.\n\n"
    "| a   | b   |\n| --- | --- |\n| 1   | 2   |\n\n"  # table 1: formatted
    "|名称|来源|\n|-|-|\n|PEER|arXiv 2022|\n\n"  # table 2: not formatted
    "> |x|\n> |-|\n> |y|\n"  # table 3: not formatted, in a block quote
)


def test_one_diagnostic_per_unformatted_table() -> None:
    found = _check(MIXED)
    assert [(d.table, d.line, d.column) for d in found] == [(2, 7, 1), (3, 11, 3)]
    assert all(d.severity.value == "error" and d.name == "table-format" for d in found)
    assert found[0].message == "table is not formatted: 3 of 3 lines would change; run 'tablelint format'"


def test_edits_leave_the_container_prefix_alone() -> None:
    (diagnostic,) = _check("> |x|\n> |-|\n> |y|\n", FormatSettings(align="always"))
    assert diagnostic.fix is not None
    assert diagnostic.fix.edits == (
        Edit(1, 3, 1, 6, "| x   |"),
        Edit(2, 3, 2, 6, "| --- |"),
        Edit(3, 3, 3, 6, "| y   |"),
    )


def test_formatted_tables_have_no_diagnostic() -> None:
    assert _check(_format(MIXED)) == []


def test_fix_is_safe_and_touches_only_changed_lines() -> None:
    text = "Intro.\n\n| a   | b   |\n| --- | --- |\n| 1 | 22 |\n"
    (diagnostic,) = _check(text)
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.SAFE
    assert diagnostic.line == 5
    assert diagnostic.message == "table is not formatted: 1 of 3 lines would change; run 'tablelint format'"
    assert diagnostic.fix.edits == (Edit(5, 1, 5, 11, "| 1   | 22  |"),)
    assert _apply(text, list(diagnostic.fix.edits)) == _format(text)


def test_rule_reads_the_format_settings() -> None:
    aligned = "| a   | b   |\n| --- | --- |\n| 1   | 2   |\n"
    assert _check(aligned) == []
    (diagnostic,) = _check(aligned, FormatSettings(align="never"))
    assert diagnostic.fix is not None
    assert _apply(aligned, list(diagnostic.fix.edits)) == "| a | b |\n| --- | --- |\n| 1 | 2 |\n"


def test_rule_is_off_by_default_and_selectable() -> None:
    def codes(options: RunOptions) -> list[str]:
        return [rule.code for rule in selected_rules(Settings(), options, "doc.md")]

    assert "TL501" not in codes(RunOptions())
    assert "TL501" in codes(RunOptions(extend_select=list(TableFormat.example_args[1:])))


def test_documented_examples_behave_as_documented() -> None:
    bad = _check(TableFormat.bad_example)
    assert len(bad) == 1
    assert bad[0].fix is not None
    assert _apply(TableFormat.bad_example, list(bad[0].fix.edits)) == TableFormat.good_example
    assert _check(TableFormat.good_example) == []
    docs = TableFormat.documentation()
    headings = ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"]
    assert [line for line in docs.splitlines() if line in headings] == headings
    assert TableFormat.bad_example.strip() in docs
    assert TableFormat.good_example.strip() in docs


def test_registered_in_code_order() -> None:
    assert find_rule("table-format") is TableFormat
    assert find_rule("TL501") is TableFormat
    codes = [rule.code for rule in ALL_RULES]
    assert codes == sorted(codes)
    assert TableFormat.enabled_by_default is False


def test_unknown_align_mode_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="unknown align mode 'sometimes': use keep, auto, always or never"):
        _format("| a |\n| - |\n", FormatSettings().replace(align="sometimes"))
    with pytest.raises(InputError, match="unknown ragged-align mode 'keep': use auto, always or never"):
        _format("| a |\n| - |\n", FormatSettings().replace(ragged_align="keep"))


@settings(max_examples=150, deadline=None)
@given(documents(), format_settings)
def test_fix_edits_give_the_formatted_text(data: bytes, format_settings: FormatSettings) -> None:
    text = decode(data, "doc.md").text
    edits = [edit for diagnostic in _check(text, format_settings) for edit in diagnostic.fix.edits]  # type: ignore[union-attr]
    assert _apply(text, edits) == _format(text, format_settings)
