"""The formatter's layout decisions, one at a time. Whole files are in
test_format_golden.py, properties in test_format_properties.py."""

from __future__ import annotations

import pytest

from tablelint.config import FormatSettings
from tablelint.layout.formatter import format_document, format_table_lines
from tablelint.parse.document import parse_document
from tablelint.parse.source import Source

TABLE = "| abc | d |\n| - | - |\n| a | longer |\n"
ALIGNED = "| abc | d      |\n| --- | ------ |\n| a   | longer |\n"
COMPACT = "| abc | d |\n| --- | --- |\n| a | longer |\n"


def fmt(text: str, **settings: object) -> str:
    return format_document(parse_document(Source("doc.md", text)), FormatSettings(**settings))  # type: ignore[arg-type]


@pytest.mark.parametrize(("max_width", "expected"), [(16, ALIGNED), (15, COMPACT), (0, COMPACT)])
def test_auto_aligns_when_the_widest_aligned_line_fits(max_width: int, expected: str) -> None:
    assert len(ALIGNED.splitlines()[0]) == 16
    assert fmt(TABLE, align="auto", max_width=max_width) == expected


def test_max_width_counts_display_columns_and_the_prefix() -> None:
    quoted = "".join(f"> {line}\n" for line in TABLE.splitlines())
    assert fmt(quoted, align="auto", max_width=18) == "".join(f"> {line}\n" for line in ALIGNED.splitlines())
    assert fmt(quoted, align="auto", max_width=17) == "".join(f"> {line}\n" for line in COMPACT.splitlines())
    wide = "| 名称 |\n| - |\n"  # 2 + 4 + 2 display columns, 6 code points
    assert fmt(wide, align="auto", max_width=8) == "| 名称 |\n| ---- |\n"
    assert fmt(wide, align="auto", max_width=7) == "| 名称 |\n| --- |\n"


def test_always_and_never_ignore_max_width() -> None:
    assert fmt(TABLE, align="always", max_width=0) == ALIGNED
    assert fmt(TABLE, align="never", max_width=1000) == COMPACT


def test_a_wide_row_anywhere_makes_the_table_compact() -> None:
    rows = "".join(f"| {i} | x |\n" for i in range(50))
    text = "| a | b |\n| - | - |\n" + rows + "| " + "y" * 200 + " | x |\n"
    assert fmt(text, align="auto") == text.replace("| - | - |", "| --- | --- |")


def test_delimiter_keeps_alignment_and_columns_are_at_least_three_wide() -> None:
    # Prettier's minimum, colons included: a centred column of short cells is `:-:`.
    text = "|a|b|c|d|\n|-|:-|-:|:-:|\n"
    assert fmt(text, align="always") == "| a   | b   |   c |  d  |\n| --- | :-- | --: | :-: |\n"
    assert fmt(text, align="never") == "| a | b | c | d |\n| --- | :--- | ---: | :---: |\n"


def test_padding_follows_alignment() -> None:
    text = "|l|c|r|\n|:-|:-:|-:|\n|x|x|x|\n|wide|wide|wide|\n"
    # The centred column is 4 wide (`wide`): the odd space of x's padding goes on the right.
    assert fmt(text, align="auto").splitlines()[2] == "| x    |  x   |    x |"


def test_center_padding_puts_the_odd_space_on_the_right() -> None:
    text = "|c|\n|:-:|\n|ab|\n|abcdef|\n"
    assert fmt(text, align="auto").splitlines()[2] == "|   ab   |"


def test_ragged_rows_keep_their_cells_and_extra_columns_align_among_themselves() -> None:
    text = "| a | b |\n|-|-|\n| 1 |\n| 1 | 2 | extra |\n| 1 | 2 | e | m |\n"
    # A column past the header is at least 3 wide, as every column is (Prettier).
    assert fmt(text, align="auto") == (
        "| a   | b   |\n"
        "| --- | --- |\n"
        "| 1   |\n"
        "| 1   | 2   | extra |\n"
        "| 1   | 2   | e     | m   |\n"
    )


def test_a_line_without_pipes_is_left_as_written_and_not_measured() -> None:
    swallowed = "a long paragraph line that GFM took as a row\n"
    text = "| a | b |\n|-|-|\n| 1 | 2 |\n" + swallowed
    assert fmt(text, align="auto") == "| a   | b   |\n| --- | --- |\n| 1   | 2   |\n" + swallowed


def test_empty_cells_and_a_trailing_backslash() -> None:
    text = "|a|b|\n|-|-|\n||x\\ |\n"
    assert fmt(text, align="never") == "| a | b |\n| --- | --- |\n|  | x\\ |\n"
    assert fmt(text, align="auto") == "| a   | b   |\n| --- | --- |\n|     | x\\  |\n"


def test_diff_friendly_pads_all_but_each_rows_last_cell() -> None:
    text = "|name|venue|notes|\n|-|:-:|-|\n|PEER|arXiv 2022|short|\n|LaMDA|ACL|a longer note|\n"
    assert fmt(text, align="auto", diff_friendly=True) == (
        "| name  |   venue    | notes |\n"
        "| ----- | :--------: | --- |\n"
        "| PEER  | arXiv 2022 | short |\n"
        "| LaMDA |    ACL     | a longer note |\n"
    )


def test_diff_friendly_compact_decision_ignores_the_unpadded_last_cell_of_other_rows() -> None:
    text = "|a|b|\n|-|-|\n|x|" + "y" * 30 + "|\n|x|z|\n"
    # The widest line is the one with the long last cell: 1 + (3 + 3) + (30 + 3) = 40 columns.
    assert fmt(text, align="auto", diff_friendly=True, max_width=40).splitlines()[0] == "| a   | b |"
    assert fmt(text, align="auto", diff_friendly=True, max_width=39).splitlines()[0] == "| a | b |"


def test_format_table_lines_gives_one_line_per_table_line() -> None:
    document = parse_document(Source("doc.md", "Intro.\n\n> |a|\n> |-|\n> |b|\n"))
    (table,) = document.tables
    assert format_table_lines(table, FormatSettings()) == ["> | a |", "> | --- |", "> | b |"]


def test_text_without_tables_is_returned_unchanged() -> None:
    text = "# Title\r\n\r\nNo tables | here.\r\n- a list\r"
    assert fmt(text) == text
