"""Properties of the formatter on generated documents.

Documents mix paragraphs and tables, with CJK, emoji (VS16, ZWJ), combining
marks, escaped pipes, code spans, tabs, ragged rows, rows without pipes,
optional outer pipes, container prefixes (block quotes, list items,
indentation), CRLF, lone CR, mixed newlines, a BOM and a missing final newline.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tablelint.config import FormatSettings
from tablelint.layout.formatter import format_document
from tablelint.layout.width import display_width
from tablelint.parse.document import Document, parse_document
from tablelint.parse.source import Source, decode
from tablelint.rewrite.safety import verify_same_cells

# Pieces of cell text; none holds an unescaped pipe or a newline. Some start
# with characters that mean something at the start of a line (-, >, #, :).
TOKENS = [
    "a", "PEER", "LaMDA", "arXiv 2022", "x y", "  ", "\t", "1", "-", ":", ">", "#", "*", "_",
    "名称", "交互式文本", "ひらがな", "カタカナ", "한국어", "ｶﾀｶﾅ", "（）", "，",
    "😀", "❤️", "🖥️", "👨\u200d👩\u200d👧", "🇯🇵", "⭐",
    "e\u0301", "a\u0308\u0304",
    "\\|", "`code`", "`a \\| b`", "<br/>", "<b>x</b>", "**bold**", "\\", "\\\\", "[[Page\\|label]]",
]

cell_text = st.lists(st.sampled_from(TOKENS), min_size=0, max_size=4).map("".join)
space = st.sampled_from(["", " ", "  ", "\t"])
ALIGNMENT_CELLS = ["-", "---", ":--", "--:", ":-:", "------", ":----:"]


@st.composite
def row_line(draw: st.DrawFn, count: int) -> str:
    cells = [draw(space) + draw(cell_text) + draw(space) for _ in range(count)]
    lead = draw(st.booleans())
    # A one-cell row needs a pipe, or it is a paragraph line (generated on purpose elsewhere).
    trail = draw(st.booleans()) or count == 1
    return ("|" if lead else "") + "|".join(cells) + ("|" if trail else "")


@st.composite
def table_lines(draw: st.DrawFn) -> list[str]:
    columns = draw(st.integers(1, 4))
    header = draw(row_line(columns))
    delimiter_cells = [
        draw(space) + draw(st.sampled_from(ALIGNMENT_CELLS)) + draw(space) for _ in range(columns)
    ]
    delimiter = "|" + "|".join(delimiter_cells) + "|"
    lines = [header, delimiter]
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.integers(0, 9)) == 0:
            lines.append("a paragraph line without pipes")  # GFM takes it as a row
        else:
            lines.append(draw(row_line(draw(st.integers(1, columns + 2)))))
    return lines


paragraph = st.lists(st.sampled_from(["Some text.", "中文段落。", "- item", "> quote", "x | y", "    code"]),
                     min_size=1, max_size=2)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        block = draw(st.one_of(table_lines(), paragraph))
        container = draw(st.sampled_from(["", "", " ", "   ", "> ", ">  ", "> > ", "- ", "1. "]))
        if container in ("- ", "1. "):
            rest = " " * len(container)
            block = [container + block[0]] + [rest + line for line in block[1:]]
        else:
            block = [container + line for line in block]
        lines.extend(block)
        if draw(st.integers(0, 3)):
            lines.append("")
    newline_style = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    text = ""
    for line in lines:
        ending = draw(st.sampled_from(["\n", "\r\n", "\r"])) if newline_style == "mixed" else newline_style
        text += line + ending
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if draw(st.booleans()) else data


format_settings = st.builds(
    FormatSettings,
    align=st.sampled_from(["keep", "keep", "auto", "always", "never"]),
    max_width=st.sampled_from([0, 20, 40, 120]),
    diff_friendly=st.booleans(),
    ragged_align=st.sampled_from(["auto", "always", "never"]),
)


def _format(source: Source, format_settings: FormatSettings) -> Source:
    result = format_document(parse_document(source), format_settings)
    return decode(source.encode(result), source.path)


def _cells(document: Document) -> list[object]:
    """Everything the formatter must keep: where each table and row is, the
    row's prefix and raw cells, and the alignments (the delimiter's raw cells
    are the one thing it may change)."""
    return [
        (
            table.first_line,
            table.last_line,
            table.alignments,
            [(row.line, row.prefix, [cell.raw for cell in row.cells]) for row in (table.header, *table.rows)],
        )
        for table in document.tables
    ]


def _table_lines(document: Document) -> set[int]:
    return {row.line for table in document.tables for row in table.all_rows()}


COMMON = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(documents(), format_settings)
def test_format_keeps_cells_and_text_outside_tables(data: bytes, format_settings: FormatSettings) -> None:
    before = decode(data, "doc.md")
    after = _format(before, format_settings)
    assert after.bom == before.bom
    assert after.line_count == before.line_count
    assert _cells(parse_document(after)) == _cells(parse_document(before))
    tables = _table_lines(parse_document(before))
    for number in range(1, before.line_count + 1):
        assert after.line_ending(number) == before.line_ending(number)
        if number not in tables:
            assert after.line(number) == before.line(number)


@COMMON
@given(documents(), format_settings)
def test_the_safety_check_accepts_what_the_formatter_writes(data: bytes, format_settings: FormatSettings) -> None:
    # Otherwise `tablelint format` would refuse to write a correct result.
    before = parse_document(decode(data, "doc.md"))
    verify_same_cells(before, format_document(before, format_settings))


@COMMON
@given(documents(), format_settings)
def test_format_is_idempotent(data: bytes, format_settings: FormatSettings) -> None:
    once = _format(decode(data, "doc.md"), format_settings)
    twice = _format(once, format_settings)
    assert twice.encode() == once.encode()


def _separator_offsets(line: str, prefix: str) -> list[int]:
    """Display columns, after the prefix, of the pipes that separate cells
    (a pipe after a backslash is cell text in GFM)."""
    content = line[len(prefix) :]
    return [
        display_width(content[:index])
        for index, char in enumerate(content)
        if char == "|" and (index == 0 or content[index - 1] != "\\")
    ]


@COMMON
@given(documents())
def test_aligned_tables_line_up_in_display_columns(data: bytes) -> None:
    source = _format(decode(data, "doc.md"), FormatSettings(align="always"))
    for table in parse_document(source).tables:
        column_offsets: dict[int, int] = {}
        for row in table.all_rows():
            if row is not table.header and row is not table.delimiter and not row.has_pipe:
                continue
            offsets = _separator_offsets(row.source, row.prefix)
            assert len(offsets) == len(row.cells) + 1
            for column, offset in enumerate(offsets):
                assert column_offsets.setdefault(column, offset) == offset, row.source


@COMMON
@given(documents())
def test_diff_friendly_last_cell_is_not_padded(data: bytes) -> None:
    source = _format(decode(data, "doc.md"), FormatSettings(align="always", diff_friendly=True))
    for table in parse_document(source).tables:
        for row in (table.header, *table.rows):
            if row.has_pipe:
                assert row.source.endswith(f" {row.cells[-1].raw} |")


@COMMON
@given(documents(), st.sampled_from(["always", "never"]), st.booleans())
def test_keep_leaves_either_layout_as_the_formatter_wrote_it(data: bytes, align: str, diff_friendly: bool) -> None:
    # A table formatted aligned stays aligned under the default, one formatted
    # compact stays compact: adopting keep rewrites no table either mode wrote.
    laid_out = _format(decode(data, "doc.md"), FormatSettings(align=align, diff_friendly=diff_friendly))
    kept = _format(laid_out, FormatSettings(align="keep", diff_friendly=diff_friendly))
    assert kept.encode() == laid_out.encode()
