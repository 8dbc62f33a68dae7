"""Binding tables to schemas by their headers: every header, or coverage of
the identifying fields; which tables must not bind; header normalization;
the name column; and how the full report says what was bound."""

from __future__ import annotations

import pytest

from helpers import lint_text, run_cli
from tablelint.facts.context import LintContext
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode
from tablelint.schema.binding import normalize_header


def _context(text: str, schema: str | None = None) -> tuple[LintContext, list]:  # type: ignore[type-arg]
    document = parse_document(decode(text.encode(), "t.md"))
    return LintContext(document, schema_override=schema), document.tables


def _binding(text: str):  # type: ignore[no-untyped-def]
    context, tables = _context(text)
    return context.binding(tables[0])


def _table(headers: str, *rows: str) -> str:
    width = headers.count("|") - 1
    return "\n".join([headers, "|" + " --- |" * width, *rows]) + "\n"


# Lists people keep: each binds, the columns no field names are left unchecked.
PAPER_LISTS = {
    "title-venue-date": _table(
        "| Title | Venue | Date | Code | Demo |",
        "| Attention Is All You Need | NeurIPS 2017 | 2017-06 | [code](https://example.com/t) | |",
        "| Language Models are Few-Shot Learners | NeurIPS 2020 | 2020-05 | | [demo](https://example.com/d) |",
    ),
    "pub-link-intro": _table(
        "| Pub. | Link | Brief Intro |",
        "| ICLR 2023 | [ReAct](https://example.com/react) | Reasoning and acting, interleaved |",
        "| arXiv 2023 | [Reflexion](https://example.com/reflexion) | Verbal reinforcement |",
    ),
    "recorded-year-name": _table(
        "| 已录制 | 年份 | 名字 | 简介 | 引用 |",
        "| ✅ | 2017 | Transformer | 注意力机制 | 1000 |",
        "| ❌ | 2018 | BERT | 双向预训练 | 800 |",
    ),
}


@pytest.mark.parametrize("name", sorted(PAPER_LISTS))
def test_lists_that_cover_the_identifying_fields_bind_by_coverage(name: str) -> None:
    binding = _binding(PAPER_LISTS[name])
    assert binding is not None and binding.schema.name == "paper-list"
    assert binding.how == "header coverage" and not binding.explicit


def test_coverage_maps_each_column_and_leaves_the_rest_unchecked() -> None:
    binding = _binding(PAPER_LISTS["title-venue-date"])
    assert [binding.field_name(column) for column in range(5)] == ["title", "source", "year", "notes", None]
    assert binding.unknown_headers == [(4, "Demo")]


# Docs and option tables, keybindings, commands: never paper lists.
NOT_PAPER_LISTS = {
    "options": _table("| Option | Default | Description |", "| `format` | `$all` | The prompt's format. |"),
    "cli-flags": _table(
        "| Name | Type | Description | Default |",
        "| `--state` | text | State to wait for. | None |",
        "| `--timeout` | text | Maximum time to wait. | None |",
    ),
    "keybindings": _table("| Key | Action | Info |", "| `<c-r>` | Refresh | |", "| `q` | Quit | |"),
    "name-description": _table("| Name | Description |", "| `lint` | Lint the files |", "| `fmt` | Format them |"),
    "source-not-a-venue": _table(
        "| Source | Description |", "| `@angular/cli` | The command line |", "| `@angular/core` | The framework |",
    ),
    "release-history": _table(
        "| Version | Date | Notes |", "| 1.0 | 2024-01-02 | First |", "| 1.1 | 2024-02-03 | Fixes |"
    ),
}


@pytest.mark.parametrize("name", sorted(NOT_PAPER_LISTS))
def test_docs_and_option_tables_do_not_bind(name: str) -> None:
    assert _binding(NOT_PAPER_LISTS[name]) is None


def test_a_source_column_that_names_no_venue_does_not_bind() -> None:
    text = _table(
        "| Title | Source | Notes |",
        "| Setup | the wiki | see below |", "| Build | a blog | twice |", "| Deploy | the manual | once |",
    )
    assert _binding(text) is None
    with_venues = text.replace("the wiki", "ICML 2020").replace("a blog", "CVPR 2021")
    assert _binding(with_venues) is not None


def test_a_small_list_whose_sources_are_odd_still_binds_by_every_header() -> None:
    text = _table("| 名称 | 来源 | 说明 |", "| 《LeNet》 | MIT 1987 | 卷积网络 |", "| NULL | NULL | NULL |")
    assert _binding(text).how == "header match"
    assert _binding(text.replace("MIT 1987", "单元格")).how == "header match"  # too few cells to say otherwise


def test_every_header_naming_a_field_is_still_a_header_match() -> None:
    binding = _binding(_table("| 名称 | 来源 | 说明 | 状态 | 备注 |", "| 《LaMDA》 | arXiv 2022 | 对话 | | |"))
    assert binding.how == "header match"


def test_explicit_binding_keeps_reporting_headers_that_do_not_fit() -> None:
    found = lint_text(NOT_PAPER_LISTS["keybindings"], schema="paper-list", select=["TL002"])
    assert {d.message.split(" names")[0] for d in found} >= {"header 'Key'", "header 'Action'"}
    assert not lint_text(PAPER_LISTS["title-venue-date"], select=["TL002"])


@pytest.mark.parametrize(
    ("header", "normalized"),
    [
        ("Pub.", "pub"),
        ("**Paper**", "paper"),
        ("📡 Source", "source"),
        ("标题(中/英)", "标题"),
        ("重构模型<sup>[1]</sup>", "重构模型"),
        ("Size (GiB)", "size"),
        ("Ｔｉｔｌｅ：", "title"),
        ("(optional)", "(optional)"),
    ],
)
def test_normalize_header(header: str, normalized: str) -> None:
    assert normalize_header(header) == normalized


# The venue-year format when the year has a column of its own.

def test_a_venue_column_beside_a_year_column_needs_no_year() -> None:
    text = _table(
        "| Title | Year | Venue |",
        "| Attention Is All You Need | 2017 | NeurIPS |",
        "| Deep Residual Learning | 2016 | CVPR |",
        "| BERT | 2019 | Nips2019 |",
    )
    context, tables = _context(text)
    assert context.venues_without_years(tables[0])
    found = lint_text(text, select=["TL204"])
    assert [d.line for d in found] == [5]  # the malformed venue is still reported, the missing years are not
    without_year_column = text.replace("| Year ", "| Pages ").replace("| 2017 ", "| 11 ")
    assert not _context(without_year_column)[0].venues_without_years(_context(without_year_column)[1][0])


def test_a_year_column_is_found_by_its_cells_under_any_header_no_field_claims() -> None:
    text = "<!-- tablelint: schema=paper-list -->\n" + _table(
        "| Title | Venue | When |", "| Attention | NeurIPS | Jun 2017 |", "| ResNet | CVPR | 2016-06 |",
    )
    context, tables = _context(text)
    assert context.venues_without_years(tables[0])
    links = text.replace("| When |", "| Code |")  # a column of links by its field, whatever it holds
    context, tables = _context(links)
    assert not context.venues_without_years(tables[0])


# The name column.

def test_name_column_by_header_not_column_one() -> None:
    context, tables = _context(_table(
        "| Date | Institute | Model | Params |",
        "| 2023-02 | Meta | LLaMA | 65B |",
        "| 2023-03 | Stanford | Alpaca | 7B |",
    ))
    assert context.name_column(tables[0]) == 2


def test_name_column_by_content_skips_dates_venues_marks_and_links() -> None:
    context, tables = _context(_table(
        "| When | Where | Done | Paper | What |",
        "| 2023-02 | ICLR 2023 | ✅ | [pdf](https://example.com/1) | Chain of thought prompting |",
        "| 2023-03 | NeurIPS 2022 | ✅ | [pdf](https://example.com/2) | Self-consistency decoding |",
        "| 2023-05 | ACL 2023 | ❌ | [pdf](https://example.com/3) | Tree of thoughts search |",
    ))
    assert context.name_column(tables[0]) == 4


def test_no_name_column_when_no_column_holds_names() -> None:
    context, tables = _context(_table("| a | b |", "| 1 | 2023-01-01 |", "| 2 | 2023-01-02 |"))
    assert context.name_column(tables[0]) is None


def test_coverage_binding_whose_name_field_holds_link_labels_finds_the_real_names() -> None:
    context, tables = _context(_table(
        "| Methods | Publication | paper | code |",
        "| BoxInst | CVPR 2021 | [paper](https://example.com/1) | [code](https://example.com/c1) |",
        "| DiscoBox | ICCV 2021 | [paper](https://example.com/2) | [code](https://example.com/c2) |",
    ))
    binding = context.binding(tables[0])
    assert binding is not None and binding.field_name(2) == "title"
    assert context.name_column(tables[0]) == 0


def test_explicit_binding_keeps_the_schema_name_field() -> None:
    context, tables = _context(PAPER_LISTS["title-venue-date"], schema="paper-list")
    assert context.name_column(tables[0]) == 0


# The full report says how each table was bound and which columns matched.

def test_full_report_shows_the_binding_and_the_columns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    document = tmp_path / "doc.md"
    document.write_text(PAPER_LISTS["title-venue-date"] + "\n" + NOT_PAPER_LISTS["options"], encoding="utf-8")
    _, out, _ = run_cli("check", "--offline", "--output-format", "full", str(document))
    assert "table 1 (lines 1-4): schema 'paper-list' (header coverage)" in out
    assert "= columns: Title → title, Venue → source, Date → year, Code → notes; not checked: Demo" in out
    assert "table 2 (lines 6-8): no schema (no schema matched the headers)" in out
