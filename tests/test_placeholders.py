"""Placeholder rows and cells: with a schema, and the schema-less heuristic
that must stay silent where NULL is data."""

from __future__ import annotations

import pytest

from helpers import codes, lint_text

SQL_TRUTH_TABLE = """\
| x | Y | AND | OR |
| - | - | --- | -- |
| True | NULL | NULL | TRUE |
| NULL | TRUE | NULL | TRUE |
| FALSE | NULL | FALSE | NULL |
| NULL | FALSE | FALSE | NULL |
| NULL | NULL | NULL | NULL |
"""

SQL_RESULT = """\
| id | created_by | modified_on | deleted |
| --- | --- | --- | --- |
| 00E94F7E-9DBC-4E3A-A16F-7BBCD2A81EC4 | NULL | NULL | False |
| 04CBD0B4-A9A8-4509-9369-1A4958610F96 | NULL | 2026-01-22 | False |
"""

SINGLE_NULL_ROW = "| x | NOT x |\n| - | ---- |\n| NULL | NULL |\n"

READING_LIST = """\
| item | where | remark |
| --- | --- | --- |
| NULL | NULL | NULL |
| Attention Is All You Need | NeurIPS 2017 | NULL |
| NULL | NULL | NULL |
| BERT: Pre-training of Deep Bidirectional Transformers | NAACL 2019 | https://example.com/bert |
| NULL | NULL | NULL |
"""


def test_sql_truth_table_null_is_data() -> None:
    assert not {"TL101", "TL102"} & set(codes(lint_text(SQL_TRUTH_TABLE)))


def test_sql_query_result_null_is_data() -> None:
    assert not {"TL101", "TL102"} & set(codes(lint_text(SQL_RESULT)))


def test_a_lone_null_row_is_not_evidence_of_a_template() -> None:
    assert not {"TL101", "TL102"} & set(codes(lint_text(SINGLE_NULL_ROW)))


def test_schema_less_template_rows_first_middle_and_last() -> None:
    found = lint_text(READING_LIST)
    rows = [d for d in found if d.code == "TL101"]
    assert [d.line for d in rows] == [3, 5, 7]
    assert all(d.fix and d.fix.applicability.value == "unsafe" for d in rows)
    cells = [d for d in found if d.code == "TL102"]
    line_4 = READING_LIST.splitlines()[3]
    assert [(d.line, d.column) for d in cells] == [(4, line_4.index("NULL") + 1)]
    assert cells[0].fix.applicability.value == "unsafe"


def test_template_tokens_are_placeholders_even_alone() -> None:
    found = lint_text("| File | Purpose |\n|------|---------|\n| TBD | TBD |\n")
    assert codes(found) == ["TL101"]
    partly = lint_text("| Sub-task | Model | Rationale |\n|---|---|---|\n| TBD | sonnet | TBD |\n")
    assert [(d.code, d.column) for d in partly] == [("TL102", 3), ("TL102", 18)]


def test_null_in_a_column_of_numbers_may_be_data_so_the_row_is_left_alone() -> None:
    text = "| name | score | remark |\n|---|---|---|\n| a | 1 | good |\n| b | NULL | ok |\n| NULL | NULL | NULL |\n"
    assert not {"TL101", "TL102"} & set(codes(lint_text(text)))
    without_numbers = text.replace("| 1 |", "| one |")
    assert [d.line for d in lint_text(without_numbers) if d.code == "TL101"] == [5]


def test_empty_row_is_a_placeholder_row() -> None:
    found = lint_text("| a | b |\n|---|---|\n| 1 | 2 |\n|  |  |\n")
    assert [(d.code, d.line) for d in found] == [("TL101", 4)]


def test_schema_missing_values_decide_and_fixes_are_safe() -> None:
    text = "| 名称 | 来源 | 状态 |\n|---|---|---|\n| A | arXiv 2022 | TBD |\n| N/A | - | NULL |\n"
    found = lint_text(text, select=["TL101", "TL102"])
    assert [(d.code, d.line) for d in found] == [("TL102", 3), ("TL101", 4)]
    assert all(d.fix.applicability.value == "safe" for d in found)


def test_suppressed_row_is_not_reported_and_the_comment_is_not_data() -> None:
    text = (
        "| paper | venue |\n|---|---|\n| Real paper | ICML 2020 |\n"
        "| NULL <!-- tablelint-disable-line placeholder-row --> | NULL |\n"
    )
    assert "TL101" not in codes(lint_text(text))
    assert "TL902" not in codes(lint_text(text))


# Without a schema: a year or date column does not hide a template row.

def test_schema_less_null_row_in_a_list_with_a_year_column() -> None:
    text = (
        "| item | year | remark |\n|---|---|---|\n"
        "| Attention Is All You Need | 2017 | the transformer |\n"
        "| NULL | NULL | NULL |\n"
        "| Deep Residual Learning | 2016 | skip connections |\n"
    )
    found = [d for d in lint_text(text) if d.code == "TL101"]
    assert [d.line for d in found] == [4]
    assert found[0].fix.applicability.value == "unsafe"


def test_null_row_stays_silent_where_the_table_uses_null_as_data() -> None:
    # A NULL among numbers in a data row: NULL is data here, so the NULL row is too.
    text = (
        "| item | year | score |\n|---|---|---|\n"
        "| first | 2017 | 3 |\n| second | 2018 | NULL |\n| NULL | NULL | NULL |\n"
    )
    assert not {"TL101", "TL102"} & set(codes(lint_text(text)))


def test_lone_null_in_a_column_of_text_is_reported_with_an_unsafe_fix() -> None:
    text = (
        "| item | remark |\n|---|---|\n"
        "| Attention Is All You Need | the transformer |\n"
        "| Deep Residual Learning | NULL |\n"
        "| Batch Normalization | faster training |\n"
    )
    found = lint_text(text)
    assert [(d.code, d.line, d.column) for d in found] == [("TL102", 4, text.splitlines()[3].index("NULL") + 1)]
    assert found[0].fix.applicability.value == "unsafe"


def test_lone_null_in_a_two_row_table_of_text_is_reported() -> None:
    """One other value in the column is evidence enough that it holds text."""
    text = "| tool | description |\n|---|---|\n| Kedro | A framework for data pipelines |\n| Ploomber | NULL |\n"
    assert [(d.code, d.line) for d in lint_text(text)] == [("TL102", 4)]


def test_lone_null_in_a_two_row_table_beside_a_number_stays_data() -> None:
    text = "| name | score |\n|---|---|\n| Alice Martin | 31 |\n| Bob Stone | NULL |\n"
    assert "TL102" not in codes(lint_text(text))
    literal = "| option | default |\n|---|---|\n| timeout | `30` |\n| retries | NULL |\n"
    assert "TL102" not in codes(lint_text(literal))


def test_lone_null_is_data_beside_literals_or_among_nulls_in_value_columns() -> None:
    literal = "| key | default |\n|---|---|\n| timeout | `30` |\n| retries | NULL |\n| name | `\"x\"` |\n"
    assert "TL102" not in codes(lint_text(literal))
    sql = (
        "| name | city | age |\n|---|---|---|\n"
        "| Alice Martin | Paris | 31 |\n| Bob Stone | NULL | NULL |\n| Carol Reed | Lyon | 45 |\n"
    )
    assert "TL102" not in codes(lint_text(sql))


@pytest.mark.parametrize("token", ["?", "…", "...", "TBA", "???"])
def test_unknown_and_ellipsis_marks_are_not_placeholders_without_a_schema(token: str) -> None:
    text = f"| tool | licence |\n|---|---|\n| ripgrep | MIT |\n| fd | {token} |\n| bat | Apache-2.0 |\n"
    assert not {"TL101", "TL102"} & set(codes(lint_text(text)))


def test_a_schema_that_lists_tba_reports_it() -> None:
    text = "| 名称 | 来源 | 状态 |\n|---|---|---|\n| A | arXiv 2022 | TBA |\n| B | ICML 2020 | ? |\n"
    found = lint_text(text, select=["TL102"])
    assert [(d.line, d.message.split("'")[1]) for d in found] == [(3, "TBA")]


# Coverage bindings: schema verdicts, but unsafe cell fixes; unclaimed columns as without a schema.

def test_coverage_binding_cells_get_unsafe_fixes_and_rows_stay_safe() -> None:
    text = (
        "| Title | Venue | Year | Stars |\n|---|---|---|---|\n"
        "| Attention Is All You Need | NeurIPS | 2017 | 100 |\n"
        "| Deep Residual Learning | N/A | 2016 | 90 |\n"
        "| NULL | NULL | NULL | NULL |\n"
    )
    found = {d.code: d for d in lint_text(text, select=["TL101", "TL102"])}
    assert found["TL101"].line == 5 and found["TL101"].fix.applicability.value == "safe"
    assert found["TL102"].line == 4 and found["TL102"].fix.applicability.value == "unsafe"


def test_a_dash_among_numbers_does_not_make_a_lone_null_data() -> None:
    text = (
        "| item | size | remark |\n|---|---|---|\n"
        "| Attention Is All You Need | 65 | the transformer |\n"
        "| Deep Residual Learning | - | NULL |\n"
        "| Batch Normalization | 7 | faster training |\n"
    )
    assert [(d.code, d.line) for d in lint_text(text)] == [("TL102", 4)]
