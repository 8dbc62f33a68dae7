"""Group rows, section headings written inside a table, are not data: found
once per table, and skipped by every data rule."""

from __future__ import annotations

from pathlib import Path

from helpers import codes, lint_text
from tablelint.facts.context import LintContext
from tablelint.facts.tables import group_rows
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode

PAPERS_WITH_GROUPS = """\
| 名称 | 来源 | 说明 |
| --- | --- | --- |
| OpenAI | OpenAI | OpenAI |
| 《Let's Verify Step by Step》 | arXiv 2023 | process supervision |
| Google | Google | Google |
| 《LaMDA: Language Models for Dialog Applications》 | arXiv 2022 | dialogue |
| **Vision** | NULL | NULL |
| 《An Image is Worth 16x16 Words》 | ICLR 2021 | ViT |
| Google | Google | Google |
| 《PaLM》 | arXiv 2022 | scaling |
"""


def _groups(text: str) -> frozenset[int]:
    document = parse_document(decode(text.encode(), "t.md"))
    return LintContext(document).group_rows(document.tables[0])


def test_repeated_values_and_a_lone_bold_cell_are_group_rows() -> None:
    assert _groups(PAPERS_WITH_GROUPS) == {1, 3, 5, 7}


def test_data_rules_skip_group_rows() -> None:
    # Without the skip: malformed-source on 'OpenAI' and 'Google', duplicate-row
    # on the second 'Google', placeholder-cell on the NULLs of the Vision row.
    found = lint_text(PAPERS_WITH_GROUPS, select=["TL1", "TL2"])
    assert found == []


def test_group_rows_skip_missing_value_and_type_checks(tmp_path: Path) -> None:
    schema = tmp_path / "areas.yaml"
    schema.write_text(
        "fields:\n  - name: area\n  - name: title\n    constraints: {required: true}\n"
        "  - name: year\n    type: integer\n",
        encoding="utf-8",
    )
    text = "| area | title | year |\n|---|---|---|\n| **Vision** | | |\n| vision | ViT | 2021 |\n| NLP | NLP | NLP |\n"
    assert lint_text(text, schema=str(schema), select=["TL1", "TL2"]) == []
    as_data = text.replace("**Vision**", "Vision")
    assert codes(lint_text(as_data, schema=str(schema), select=["TL1", "TL2"])) == ["TL103"]


def test_literals_and_placeholders_repeated_are_not_headings() -> None:
    rows = [["a", "b", "c"], ["TRUE", "TRUE", "TRUE"], ["NULL", "NULL", "NULL"], ["0", "0", "0"]]
    assert group_rows(rows) == frozenset()


def test_no_group_rows_in_a_table_without_data_rows() -> None:
    assert group_rows([["Only", "Only"], ["Once", "Once"]]) == frozenset()


def test_a_lone_bold_cell_in_a_column_that_data_writes_in_bold_is_data() -> None:
    rows = [["**LLaMA**", "65B"], ["**Alpaca**", "7B"], ["**Vicuna**", ""]]
    assert group_rows(rows) == frozenset()
    assert group_rows([["LLaMA", "65B"], ["Alpaca", "7B"], ["**Chat models**", ""]]) == {3}


def test_the_truth_table_trap_stays_silent() -> None:
    text = (
        "| x | y | x AND y |\n|---|---|---|\n"
        "| TRUE | TRUE | TRUE |\n| NULL | NULL | NULL |\n| FALSE | NULL | FALSE |\n"
    )
    assert _groups(text) == frozenset()
    assert not {"TL101", "TL102"} & set(codes(lint_text(text)))


def test_a_year_column_is_found_past_the_group_rows() -> None:
    text = (
        "| Title | Venue | Year |\n|---|---|---|\n"
        "| Lab A | Lab A | Lab A |\n| Paper one | NeurIPS | 2020 |\n"
        "| Lab B | Lab B | Lab B |\n| Paper two | ICML | 2021 |\n"
    )
    assert lint_text(text, select=["TL204"]) == []
