"""parse_document: where the tables are, and each row and cell as written."""

from __future__ import annotations

from mistune.util import unikey

from tablelint.parse.document import Document, parse_document
from tablelint.parse.source import UTF8_BOM, Source, decode
from tablelint.parse.table import Row, Table


def parse(text: str) -> Document:
    return parse_document(Source("doc.md", text))


def only_table(text: str) -> Table:
    tables = parse(text).tables
    assert len(tables) == 1, tables
    return tables[0]


def cells(row: Row) -> list[tuple[str, int, int]]:
    return [(cell.raw, cell.column, cell.end_column) for cell in row.cells]


def prefixes(table: Table) -> list[str]:
    return [row.prefix for row in table.all_rows()]


# --- top level ---------------------------------------------------------------


def test_a_plain_table() -> None:
    table = only_table("# Papers\n\n| 名称 | 来源 |\n|---|---|\n| PEER | arxiv2022 |\n\nafter\n")
    assert (table.index, table.first_line, table.last_line) == (1, 3, 5)
    assert table.headers == ["名称", "来源"]
    assert cells(table.rows[0]) == [("PEER", 3, 7), ("arxiv2022", 10, 19)]
    assert prefixes(table) == ["", "", ""]


def test_alignments() -> None:
    table = only_table("| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n")
    assert table.alignments == ["left", "center", "right", "none"]
    table = only_table("l | r\n :----- | ------: \n")
    assert table.alignments == ["left", "right"]


def test_empty_cells_sit_before_their_closing_pipe() -> None:
    table = only_table("| | a ||\n|-|-|-|\n|  |  | x |\n")
    assert cells(table.header) == [("", 3, 3), ("a", 5, 6), ("", 8, 8)]
    assert [c.raw for c in table.rows[0].cells] == ["", "", "x"]


def test_escaped_pipes_stay_in_the_raw_cell() -> None:
    table = only_table("| a | b |\n|---|---|\n| x \\| y | `c\\|d` |\n")
    assert [c.raw for c in table.rows[0].cells] == ["x \\| y", "`c\\|d`"]
    assert table.rows[0].texts == ["x | y", "`c|d`"]


def test_a_pipe_in_a_code_span_splits_the_cell_as_on_github() -> None:
    table = only_table("| a | b |\n|---|---|\n| `x|y` | z |\n")
    assert table.rows[0].texts == ["`x", "y`", "z"]


def test_header_only_table() -> None:
    table = only_table("| a | b |\n|---|---|\n")
    assert table.rows == []
    assert table.last_line == table.delimiter.line == 2


def test_table_after_a_paragraph_without_blank_line() -> None:
    table = only_table("Some text\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert (table.first_line, table.last_line) == (2, 4)


def test_table_ends_at_block_starts() -> None:
    for ending in ["# H", "> q", "- item", "2. item", "```", "***", "<div>", "    | 3 | 4 |", ""]:
        table = only_table(f"| a | b |\n|---|---|\n| 1 | 2 |\n{ending}\n")
        assert table.last_line == 3, ending


def test_rows_without_a_pipe_are_kept_and_flagged() -> None:
    table = only_table("| a | b |\n|---|---|\nplain line\n| 1 | 2 |\nx \\| y\n")
    assert [row.texts for row in table.rows] == [["plain line"], ["1", "2"], ["x | y"]]
    assert [row.has_pipe for row in table.rows] == [False, True, False]
    assert table.header.has_pipe and table.delimiter.has_pipe


def test_ragged_rows_are_not_padded() -> None:
    table = only_table("| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |\n")
    assert [len(row.cells) for row in table.rows] == [1, 4]
    assert table.column_count == 3


def test_no_table_without_a_matching_delimiter_row() -> None:
    assert parse("| a | b | c |\n|---|---|\n| 1 | 2 | 3 |\n").tables == []
    assert parse("abc\n---\n").tables == []  # a setext heading
    assert parse("| a |\n|-x-|\n").tables == []
    assert parse("no dashes | here\n").tables == []


def test_tables_are_numbered_in_file_order() -> None:
    text = "| a |\n|---|\n\n> | b |\n> |---|\n\n- | c |\n  |---|\n"
    document = parse(text)
    assert [(t.index, t.first_line, t.headers) for t in document.tables] == [
        (1, 1, ["a"]),
        (2, 4, ["b"]),
        (3, 7, ["c"]),
    ]


def test_indented_one_to_three_spaces() -> None:
    table = only_table("   | a |\n  |---|\n | 1 |\n")
    assert prefixes(table) == ["   ", "  ", " "]
    assert cells(table.rows[0]) == [("1", 4, 5)]


# --- code, HTML --------------------------------------------------------------


def test_code_and_html_blocks_hold_no_tables() -> None:
    table_text = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    indented = "".join("    " + line + "\n" for line in table_text.splitlines())
    for text in [
        f"```\n{table_text}```\n",
        f"~~~md\n{table_text}~~~\n",
        f"```\n{table_text}",  # an unclosed fence runs to the end
        f"para\n\n{indented}",
        f"<div>\n{table_text}</div>\n",
        f"<!--\n{table_text}-->\n",
        f"<details>\n{table_text}\n</details>\n",
        f"<br/>\n{table_text}",  # an HTML block of type 7 runs to the next blank line
    ]:
        assert parse(text).tables == [], text


def test_a_table_after_a_closed_fence() -> None:
    table = only_table("```\n| x |\n|---|\n```\n| a |\n|---|\n")
    assert table.first_line == 5


# --- block quotes ------------------------------------------------------------


def test_table_in_block_quote_keeps_each_rows_prefix() -> None:
    table = only_table("> | a | b |\n> |---|---|\n> | 1 | 2 |\n")
    assert prefixes(table) == ["> ", "> ", "> "]
    assert cells(table.rows[0]) == [("1", 5, 6), ("2", 9, 10)]


def test_block_quote_prefix_variants() -> None:
    table = only_table(">| a |\n>  |---|\n > | 1 |\n>\t| 2 |\n")
    assert prefixes(table) == [">", ">  ", " > ", ">\t"]
    assert [row.cells[0].raw for row in table.rows] == ["1", "2"]
    assert cells(table.rows[1]) == [("2", 5, 6)]


def test_nested_block_quotes() -> None:
    table = only_table("> > | a |\n> > |---|\n> > | 1 |\n")
    assert prefixes(table) == ["> > "] * 3


def test_lazy_line_after_a_quoted_table_ends_table_and_quote() -> None:
    document = parse("> | a | b |\n> |---|---|\n| 1 | 2 |\n")
    (table,) = document.tables
    assert (table.first_line, table.last_line, table.rows) == (1, 2, [])
    # The quote ended too: the unmarked lines make a table of their own.
    document = parse("> | a | b |\n> |---|---|\n| 1 | 2 |\n|---|---|\n")
    assert [(t.first_line, prefixes(t)) for t in document.tables] == [(1, ["> ", "> "]), (3, ["", ""])]


def test_lazy_paragraph_line_continues_a_quote() -> None:
    # The quote's paragraph takes the unmarked lines; the delimiter row is lazy, so no table.
    assert parse("> text\n| a |\n|---|\n").tables == []
    # But a marked delimiter row under a lazy header makes one.
    table = only_table("> text\n| a |\n> |---|\n")
    assert (table.first_line, prefixes(table)) == (2, ["", "> "])


# --- list items --------------------------------------------------------------


def test_table_as_first_block_of_list_item() -> None:
    table = only_table("- | a | b |\n  |---|---|\n  | 1 | 2 |\n")
    assert prefixes(table) == ["- ", "  ", "  "]
    assert cells(table.header) == [("a", 5, 6), ("b", 9, 10)]


def test_table_after_paragraph_in_ordered_item() -> None:
    table = only_table("10. item\n\n    | a |\n    |---|\n    | 1 |\n")
    assert (table.first_line, prefixes(table)) == (3, ["    "] * 3)


def test_table_in_second_item_and_item_with_empty_marker_line() -> None:
    document = parse("1. one\n2. | a |\n   |---|\n-\n  | b |\n  |---|\n")
    assert [(t.first_line, prefixes(t)) for t in document.tables] == [
        (2, ["2. ", "   "]),
        (5, ["  ", "  "]),
    ]


def test_table_in_quote_in_list_and_list_in_quote() -> None:
    table = only_table("> - | a |\n>   |---|\n>   | 1 |\n")
    assert prefixes(table) == ["> - ", ">   ", ">   "]
    table = only_table("- > | a |\n  > |---|\n  > | 1 |\n")
    assert prefixes(table) == ["- > ", "  > ", "  > "]
    assert cells(table.rows[0]) == [("1", 7, 8)]


def test_unindented_line_after_table_in_list_item_is_not_a_row() -> None:
    table = only_table("- | a |\n  |---|\n  | 1 |\n| 2 |\n")
    assert table.last_line == 3


def test_lazy_header_keeps_its_indentation_as_a_cell() -> None:
    # cmark-gfm keeps the indentation of a lazy line, so `` | b`` has two cells.
    table = only_table("> - a\n>  | b\n>   -|-\n")
    assert cells(table.header) == [("", 3, 3), ("b", 6, 7)]
    assert table.column_count == len(table.alignments) == 2


# --- newlines, BOM, references -------------------------------------------------


def test_crlf_table_matches_its_lf_twin() -> None:
    text = "> | a | b |\n> |---|---|\n> | 1 | 2 |\n"
    lf, crlf = parse(text), parse(text.replace("\n", "\r\n"))
    assert [cells(r) for r in crlf.tables[0].all_rows()] == [cells(r) for r in lf.tables[0].all_rows()]
    assert all("\r" not in row.source for row in crlf.tables[0].all_rows())


def test_bom_is_not_a_column() -> None:
    document = parse_document(decode(UTF8_BOM + b"| a | b |\n|---|---|\n", "doc.md"))
    assert cells(document.tables[0].header) == [("a", 3, 4), ("b", 7, 8)]


def test_unicode_line_separators_do_not_shift_lines() -> None:
    table = only_table("para\u2028more\x0c\n\n| a |\n|---|\n| \u2028 |\n")
    assert (table.first_line, table.last_line) == (3, 5)


def test_reference_definitions_are_collected() -> None:
    # Keyed as mistune keys them (normalized label), for its inline parser.
    document = parse("| [x][Ref  One] |\n|---|\n\n[ref one]: https://example.com/a\n")
    assert document.ref_links[unikey("Ref One")]["url"] == "https://example.com/a"


def test_text_without_dashes_has_no_tables() -> None:
    document = parse("| a | b |\n| 1 | 2 |\n")
    assert document.tables == [] and document.ref_links == {}


# --- size --------------------------------------------------------------------


def test_a_two_megabyte_cell() -> None:
    big = "长文本 long text " * (2 * 1024 * 1024 // 14)
    table = only_table(f"| 名称 | 说明 |\n|---|---|\n| x | {big.strip()} |\n| y | z |\n")
    assert len(table.rows) == 2
    assert table.rows[0].cells[1].raw == big.strip()
    assert table.rows[0].cells[1].column == 7


def test_containers_with_thousands_of_lazy_lines() -> None:
    # Each lazy line needs to know whether the container ends in an open
    # paragraph; that must not mean parsing the container again every time.
    quote = "".join(f"> | a | {i} |\nlazy {i}\n" for i in range(3000))
    item = "- item\n" + "".join(f"lazy {i}\n  more {i}\n" for i in range(3000))
    for container in (quote, item):
        table = only_table(container + "\n| h |\n|---|\n")
        assert table.first_line == container.count("\n") + 2


def test_a_hundred_thousand_rows() -> None:
    rows = "".join(f"| PEER-{i} | arxiv2022 | 说明<br/>{i} |\n" for i in range(100_000))
    table = only_table("| 名称 | 来源 | 说明 |\n|---|---|---|\n" + rows)
    assert len(table.rows) == 100_000
    assert table.last_line == 100_002
    assert table.rows[-1].texts == ["PEER-99999", "arxiv2022", "说明<br/>99999"]
