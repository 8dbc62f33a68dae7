"""The public API's functions for editors: cell_at, clear_caches, TableData.end_line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tablelint

TABLE = "Intro.\n\n| 名称 | 来源 |\n| --- | --- |\n| 😀 PEER | arxiv2022 |\n| LaMDA |\n\nAfter.\n"


def test_cell_at_finds_the_cell_under_a_position_padding_and_pipe_included() -> None:
    row = TABLE.split("\n")[4]
    for column in (1, 2, row.index("PEER") + 1, row.index(" |") + 1):
        cell = tablelint.cell_at(TABLE, 5, column, path="list.md")
        assert (cell.row, cell.key, cell.text) == (1, "title", "😀 PEER"), column
    source = tablelint.cell_at(TABLE, 5, row.index("arxiv") + 3, path="list.md")
    assert (source.key, source.text, source.value, source.schema) == (
        "source", "arxiv2022", {"venue": "arXiv", "year": 2022}, "paper-list")
    assert (source.line, source.column, source.end_column) == (5, row.index("arxiv") + 1, row.index("arxiv") + 10)


def test_cell_at_is_none_off_the_cells() -> None:
    assert tablelint.cell_at(TABLE, 1, 2) is None  # a paragraph
    assert tablelint.cell_at(TABLE, 4, 3) is None  # the delimiter row
    assert tablelint.cell_at(TABLE, 6, 12) is None  # past the last cell of a short row
    header = tablelint.cell_at(TABLE, 3, 3)
    assert (header.row, header.key, header.value) == (0, "title", "名称")


def test_table_data_ends_at_its_last_row() -> None:
    (table,) = tablelint.extract(TABLE, typed=False)
    assert (table.line, table.end_line) == (3, 6)


def test_clear_caches_reads_a_changed_config_again(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.tablelint]\nignore = ["placeholder-cell"]\n', encoding="utf-8")
    path = str(tmp_path / "t.md")
    text = "| name | year |\n| --- | --- |\n| a | NULL |\n| b | 2020 |\n"
    assert tablelint.lint(text, path=path).diagnostics == []
    config.write_text("[tool.tablelint]\n", encoding="utf-8")
    stat = config.stat()
    os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    # A changed config file is read again (its size and time are part of the key)...
    assert [d.name for d in tablelint.lint(text, path=path).diagnostics] == ["placeholder-cell"]
    # ...but where config files are is remembered per directory, until clear_caches.
    nested = tmp_path / "docs"
    nested.mkdir()
    nested_path = str(nested / "t.md")
    assert [d.name for d in tablelint.lint(text, path=nested_path).diagnostics] == ["placeholder-cell"]
    (nested / "tablelint.toml").write_text('ignore = ["placeholder-cell"]\n', encoding="utf-8")
    assert [d.name for d in tablelint.lint(text, path=nested_path).diagnostics] == ["placeholder-cell"]
    tablelint.clear_caches()
    assert tablelint.lint(text, path=nested_path).diagnostics == []


@pytest.fixture(autouse=True)
def _forget_configs():
    yield
    tablelint.clear_caches()
