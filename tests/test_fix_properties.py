"""Properties of `tablelint fix` on generated reading lists: it changes only
the cells that have diagnostics, deletes only the rows reported as template
rows, and keeps every byte outside the tables.

The oracle is independent of the fixer's own safety check (rewrite.verify_rewrite):
it takes the diagnostics that a plain check reports on the input, and
compares the cells parsed from the input with those parsed from the output.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tablelint.diagnostics import Applicability
from tablelint.engine.lint import RunOptions, finish, lint_source
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode
from tablelint.rewrite.fix import fix_source

HEADERS = [
    "| 名称 | 来源 | 说明 | 状态 | 备注 |",
    "| Title | Venue | Summary | Status | Notes |",
    "| item | where | remark | state | extra |",  # binds no schema: schema-less heuristics
]
TITLES = [
    "《PEER: A Collaborative Language Model》",
    "《LaMDA: Language Models for Dialog Applications》",
    "Chinchilla",
    "《Sparrow: Improving alignment》",
    "LLaMA",
    "Megatron-LM",
    "GPT-3.5",
    "NULL",
    "N/A",
    "",
]
SOURCES = [
    "arXiv 2022",
    "arxiv2022",
    "arxiv 2022",
    "ArXiv2020",
    "Nips2021",
    "NeurIPS 2022",
    "EMNLP2021 findings",
    "facebook research 2023",
    "ICLR 22",
    "NULL",
    "-",
    "",
]
DESCRIPTION_PARTS = [
    "Meta的PEEK",
    "Meta的PEER",
    "Lambda模型",
    "LaMDA",
    "Deepmind的Chinchilla",
    "DeepMind",
    "Chinchila",
    "交互式文本编辑；",
    "<br/>1 核心是张量并行",
    "`a \\| b`",
    "**bold**",
    "😀",
    "e\u0301",
    "NULL",
    "TBD",
    " ",
]
STATUSES = ["NULL", "已读", "在读", "TODO", "-", ""]
NOTES = [
    "NULL",
    "参考：https://zhuanlan.zhihu.com/p/366906920",
    "[专栏](https://example.org/a)",
    "https://mp.weixin.qq.com/s/x，后续",
    "<https://example.org/b>",
    "",
]
PLACEHOLDER_ROWS = [
    "| NULL | NULL | NULL | NULL | NULL |",
    "|NULL  |  NULL|NULL|NULL |NULL|",
    "| TBD | - | N/A | | |",
]


@st.composite
def body_row(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(PLACEHOLDER_ROWS))
    description = "".join(draw(st.lists(st.sampled_from(DESCRIPTION_PARTS), min_size=0, max_size=3)))
    cells = [
        draw(st.sampled_from(TITLES)),
        draw(st.sampled_from(SOURCES)),
        description,
        draw(st.sampled_from(STATUSES)),
        draw(st.sampled_from(NOTES)),
    ]
    pads = [draw(st.sampled_from(["", " ", "  "])) for _ in range(2 * len(cells))]
    return "|" + "|".join(f"{pads[2 * i]}{cell}{pads[2 * i + 1]}" for i, cell in enumerate(cells)) + "|"


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    lines: list[str] = [draw(st.sampled_from(["", "Intro text stays.", "# 论文"]))]
    for _ in range(draw(st.integers(1, 2))):
        container = draw(st.sampled_from(["", "", "> "]))
        rows = [draw(st.sampled_from(HEADERS)), "| --- | :--- | --- | :-: | ---: |"]
        rows += draw(st.lists(body_row(), min_size=1, max_size=8))
        lines += ["", *(container + row for row in rows), "", "Text between tables stays 不变."]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if draw(st.booleans()) else data


def _fixable_diagnostics(data: bytes, unsafe: bool) -> list:
    options = RunOptions(check_links=False)
    report = finish([lint_source(decode(data, "t.md"), options)], options)[0]
    return [
        d
        for d in report.diagnostics
        if d.fix is not None and (unsafe or d.fix.applicability is Applicability.SAFE)
    ]


def _overlaps(diagnostic, line: int, column: int, end_column: int) -> bool:
    if not diagnostic.line <= line <= diagnostic.end_line:
        return False
    start = diagnostic.column if diagnostic.line == line else 1
    end = diagnostic.end_column if diagnostic.end_line == line else end_column + 1
    # An empty cell is a point; a diagnostic on it covers it.
    return start <= max(end_column, column) and column <= end


COMMON = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(documents(), st.booleans())
def test_fix_changes_only_the_cells_that_have_diagnostics(data: bytes, unsafe: bool) -> None:
    source = decode(data, "t.md")
    before = parse_document(source)
    fixable = _fixable_diagnostics(data, unsafe)
    deleted_rows = {d.line for d in fixable if d.code == "TL101"}

    outcome = fix_source(source, RunOptions(check_links=False), unsafe=unsafe)
    # A refused fix is dropped and reported, no longer raised: a rule's fix must never be refused.
    assert outcome.rejected == []
    after = parse_document(decode(source.encode(outcome.text), "t.md"))

    assert len(after.tables) == len(before.tables)
    for old_table, new_table in zip(before.tables, after.tables, strict=True):
        kept = [row for row in old_table.rows if row.line not in deleted_rows]
        assert [c.raw for c in new_table.header.cells] == [c.raw for c in old_table.header.cells]
        assert len(new_table.rows) == len(kept), "only rows reported as template rows are deleted"
        for old_row, new_row in zip(kept, new_table.rows, strict=True):
            assert len(new_row.cells) == len(old_row.cells)
            for old_cell, new_cell in zip(old_row.cells, new_row.cells, strict=True):
                if new_cell.raw == old_cell.raw:
                    continue
                assert any(
                    _overlaps(d, old_cell.line, old_cell.column, old_cell.end_column) for d in fixable
                ), (
                    f"line {old_cell.line}: {old_cell.raw!r} became {new_cell.raw!r}, with no diagnostic"
                )


@COMMON
@given(documents())
def test_fix_keeps_every_line_outside_the_tables(data: bytes) -> None:
    source = decode(data, "t.md")
    before = parse_document(source)
    outcome = fix_source(source, RunOptions(check_links=False), unsafe=True)
    assert outcome.rejected == []
    result = source.encode(outcome.text)
    table_lines = {row.line for table in before.tables for row in table.all_rows()}
    outside = [
        line for number, line in enumerate(data.splitlines(keepends=True), 1) if number not in table_lines
    ]
    fixed_lines = result.splitlines(keepends=True)
    # What is outside the tables comes through in order and byte for byte.
    position = 0
    for line in outside:
        while position < len(fixed_lines) and fixed_lines[position] != line:
            position += 1
        assert position < len(fixed_lines), f"line {line!r} was lost or changed"
        position += 1
    assert result.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    assert result.endswith((b"\n", b"\r")) == data.endswith((b"\n", b"\r"))
