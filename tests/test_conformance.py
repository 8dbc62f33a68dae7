"""GFM table conformance: tablelint finds the tables cmark-gfm finds.

``conformance/gfm_tables.json`` holds the GFM spec's table examples, cmark-gfm's
table extension tests and edge cases, each with the tables cmark-gfm renders
(written by ``benchmarks/make_conformance_cases.py``). Each cell's text is
rendered with mistune's inline parser, as cmark-gfm renders it: after ``\\|`` is
unescaped, with the document's link reference definitions.
"""

from __future__ import annotations

import json
from pathlib import Path

import mistune
import pytest
from mistune.core import BlockState

from tablelint.parse.document import Document, parse_document
from tablelint.parse.source import decode
from tablelint.parse.table import Table

CASES = json.loads((Path(__file__).parent / "conformance" / "gfm_tables.json").read_text(encoding="utf-8"))
BY_ID = {case["id"]: case for case in CASES}


@pytest.fixture(scope="module")
def markdown() -> mistune.Markdown:
    return mistune.create_markdown(escape=False, plugins=["strikethrough", "url"])


def parse(text: str) -> Document:
    return parse_document(decode(text.encode("utf-8"), "case.md"))


def render_cell(markdown: mistune.Markdown, text: str, document: Document) -> str:
    tokens = markdown.inline(text, {"ref_links": document.ref_links})
    return markdown.renderer.render_tokens(tokens, BlockState())


def rendered(markdown: mistune.Markdown, table: Table, document: Document) -> dict[str, object]:
    """The table as GFM renders it: body rows padded or cut to the header's width."""
    width = table.column_count
    rows = []
    for row in table.rows:
        cells = [render_cell(markdown, text, document) for text in row.texts[:width]]
        rows.append(cells + [""] * (width - len(cells)))
    return {
        "header": [render_cell(markdown, text, document) for text in table.headers],
        "alignments": table.alignments,
        "rows": rows,
    }


def test_all_cases_are_present() -> None:
    assert len(CASES) == 74
    assert len(BY_ID) == len(CASES)
    assert sum(1 for case in CASES if case["id"].startswith("gfm-spec-")) == 8
    assert sum(1 for case in CASES if case["id"].startswith("cmark-gfm-extensions-")) == 16


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_tables_match_cmark_gfm(case: dict, markdown: mistune.Markdown) -> None:
    document = parse(case["markdown"])
    assert [rendered(markdown, table, document) for table in document.tables] == case["tables"]


@pytest.mark.parametrize(
    ("case_id", "body_texts"),
    [
        ("gfm-spec-204", [["bar"], ["bar", "baz", "boo"]]),
        ("cmark-gfm-extensions-8", [["x"], ["a", "b"], ["1", "2", "3", "4", "5"]]),
        ("C08", [["1"]]),
        ("C09", [["1", "2", "3"]]),
    ],
)
def test_ragged_rows_keep_their_raw_cells(case_id: str, body_texts: list[list[str]]) -> None:
    # GFM's renderer pads short rows and drops extra cells; a linter must see both.
    (table,) = parse(BY_ID[case_id]["markdown"]).tables
    assert [row.texts for row in table.rows] == body_texts
    assert [len(row.cells) for row in table.rows] != [table.column_count] * len(table.rows)


def test_crlf_case_has_the_same_tables_as_its_lf_twin(markdown: mistune.Markdown) -> None:
    crlf = BY_ID["C40"]["markdown"]
    assert "\r\n" in crlf
    lf = parse(crlf.replace("\r\n", "\n"))
    assert [rendered(markdown, t, lf) for t in lf.tables] == BY_ID["C40"]["tables"]
