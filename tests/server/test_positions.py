"""Code-point columns (tablelint) to LSP code units and back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from tablelint.server.positions import LineIndex, minimal_edit

UTF8, UTF16, UTF32 = (types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16,
                      types.PositionEncodingKind.Utf32)


def test_columns_after_cjk_and_emoji_count_code_units_of_the_negotiated_encoding() -> None:
    text = "| 名称 | 😀 | NULL |\n"
    column = text.index("NULL") + 1  # 1-based code points
    assert LineIndex(text, UTF16).to_lsp(1, column) == types.Position(line=0, character=column - 1 + 1)
    assert LineIndex(text, UTF32).to_lsp(1, column) == types.Position(line=0, character=column - 1)
    assert LineIndex(text, UTF8).to_lsp(1, column) == types.Position(line=0, character=len(
        text[: column - 1].encode("utf-8")))


def test_lines_split_on_lsp_newlines_only() -> None:
    text = "a\u2028b\x0c|c\r\nd\re\n"
    index = LineIndex(text)
    assert [index.line(n) for n in range(1, 5)] == ["a\u2028b\x0c|c", "d", "e", ""]
    assert index.to_lsp(2, 1) == types.Position(line=1, character=0)


def test_a_column_past_the_end_of_a_line_is_the_start_of_the_next() -> None:
    index = LineIndex("| a |\n| b |\n")
    assert index.to_lsp(1, 7) == types.Position(line=1, character=0)
    assert index.to_lsp(1, 6) == types.Position(line=0, character=5)
    assert index.to_lsp(3, 1) == types.Position(line=2, character=0)


def test_a_position_inside_a_surrogate_pair_is_its_character() -> None:
    index = LineIndex("😀x")
    assert index.from_lsp(types.Position(line=0, character=1)) == (1, 2)
    assert index.from_lsp(types.Position(line=0, character=2)) == (1, 2)
    assert index.from_lsp(types.Position(line=0, character=3)) == (1, 3)


lines = st.lists(st.text(st.characters(exclude_characters="\r\n"), max_size=12), min_size=1, max_size=5)


@given(lines, st.sampled_from([UTF8, UTF16, UTF32]), st.data())
def test_to_lsp_and_back_is_the_same_column(content: list[str], encoding: str, data: st.DataObject) -> None:
    index = LineIndex("\n".join(content), encoding)
    line = data.draw(st.integers(1, len(content)))
    column = data.draw(st.integers(1, len(content[line - 1]) + 1))
    assert index.from_lsp(index.to_lsp(line, column)) == (line, column)


@given(st.lists(st.sampled_from(["| a |\n", "| 😀 |\r\n", "x\n", "名\n", ""]), max_size=6),
       st.lists(st.sampled_from(["| a |\n", "| 😀 |\r\n", "x\n", "名\n", "| b |"]), max_size=6))
def test_minimal_edit_turns_the_old_text_into_the_new(old: list[str], new: list[str]) -> None:
    before, after = "".join(old), "".join(new)
    index = LineIndex(before)
    result = before
    for edit in minimal_edit(before, after, index):
        start, end = index.offset(edit.range.start), index.offset(edit.range.end)
        result = before[:start] + edit.new_text + before[end:]
    assert result == after
