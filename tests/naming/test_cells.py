"""The prose cells of a document as one text: which cells, where each is,
and the searches the checks run over them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tablelint.naming import cells as cells_module
from tablelint.naming.cells import ProseCells
from tablelint.naming.inputs import TableInput
from tablelint.naming.terms import TERM, visible_text
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode


def _cells(markdown: str, skip: frozenset[int] = frozenset(), name_column: int | None = 0) -> ProseCells:
    document = parse_document(decode(markdown.encode(), "t.md"))
    return ProseCells([TableInput(table, name_column, skip) for table in document.tables])


TABLE = (
    "| name | source | notes | status |\n| --- | --- | --- | --- |\n"
    "| PEER: editing | arxiv 2022 | Meta的`PEEK` | NULL |\n"
    "| NULL | NULL | NULL | 已读 |\n"
    "| LaMDA | arxiv 2021 | by Google<br/>dialogue |\n"
)


def test_cells_column_by_column_each_where_it_is() -> None:
    cells = _cells(TABLE, skip=frozenset({1}))
    # The status column holds no word (NULL, 已读): it is left out. The
    # third row has no status cell.
    located = [cells.where(cell) for cell in range(len(cells))]
    assert located == [(0, 1, 0), (0, 2, 0), (0, 3, 0), (0, 1, 2), (0, 2, 2), (0, 3, 2)]
    assert [cells.raws[cell] for cell in range(len(cells))] == [
        "PEER: editing",
        "    ",  # a placeholder is blanked
        "LaMDA",
        "Meta的`PEEK`",
        "    ",
        "by Google<br/>dialogue",
    ]
    for cell in range(len(cells)):
        assert cells.visible(cell) == visible_text(cells.raws[cell])
    assert cells.name_cell(0, 3) == 2 and cells.name_cell(0, 4) is None


def test_words_are_the_distinct_terms_but_numbers() -> None:
    cells = _cells(TABLE)
    # From the source column too (nothing skipped); not from code spans.
    assert cells.words == {"PEER", "editing", "arxiv", "Meta", "LaMDA", "by", "Google", "dialogue"}
    assert cells.spelt_with_capitals == {"PEER", "Meta", "LaMDA", "Google"}
    assert cells.counts()["arxiv"] == 2 and cells.counts()["2022"] == 1


def test_words_past_latin_1_take_the_regex() -> None:
    cells = _cells("| name | notes |\n| --- | --- |\n| Łukasz | by Łukasz and Ōe, 2021 |\n")
    assert cells.words == {"Łukasz", "by", "and", "Ōe"}


@given(
    st.lists(
        st.lists(st.sampled_from(["Lambda", "LaMDA", "Lamda-2", "x", "的", "`Lambda`", " "]), max_size=5),
        min_size=1,
        max_size=12,
    ),
    st.sets(st.sampled_from(["Lambda", "LaMDA", "Lamda-2", "Lamda", "x"]), min_size=1),
)
@settings(max_examples=60, deadline=None)
def test_both_ways_of_finding_cells_find_every_cell_that_holds_a_word(
    rows: list[list[str]], wanted: set[str]
) -> None:
    markdown = "| name | notes |\n| --- | --- |\n" + "".join(f"| n | {''.join(row)} |\n" for row in rows)
    cells = _cells(markdown)
    holding = [cell for cell in range(len(cells)) if wanted & set(TERM.findall(cells.visible(cell)))]
    by_search = cells.cells_with(wanted)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cells_module, "ALTERNATION_LIMIT", 0)  # every token against a set
        by_tokens = cells.cells_with(wanted)
    assert by_tokens == holding
    assert set(holding) <= set(by_search)  # a search may find a word inside a longer one
    assert by_search == sorted(by_search, key=cells.where)


def test_cells_containing_strings_past_latin_1() -> None:
    cells = _cells("| name | notes |\n| --- | --- |\n| A | 来自Open AI |\n| B | 谷歌 |\n| C | none |\n")
    assert cells.cells_containing(["谷歌", "Open AI"]) == [3, 4]
    assert cells.cells_containing([]) == []


def test_an_empty_document_has_no_cells() -> None:
    assert len(_cells("no table here\n")) == 0
