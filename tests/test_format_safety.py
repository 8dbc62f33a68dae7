"""The formatter's safety check (black's model): before ``tablelint format``
writes, the new text is parsed again and must hold the same tables, rows,
alignments and cells. The formatter never trips it (test_format_properties.py
shows it accepts every result), so these tests hand it broken rewrites."""

from __future__ import annotations

import pytest

from tablelint.parse.document import parse_document
from tablelint.parse.source import Source
from tablelint.rewrite.safety import UnsafeChangeError, verify_same_cells

BEFORE = "Intro\n\n| name | year |\n| :--- | ---: |\n| PEER | 2022 |\n| LaMDA | 2022 |\n"


def check(after: str, before: str = BEFORE) -> None:
    verify_same_cells(parse_document(Source("doc.md", before)), after)


def test_new_padding_and_delimiter_dashes_pass() -> None:
    check("Intro\n\n| name  | year |\n| :---- | ---: |\n| PEER  | 2022 |\n| LaMDA | 2022 |\n")


@pytest.mark.parametrize(
    ("after", "message"),
    [
        ("Intro\n\n| name | year |\n| :--- | ---: |\n| PEEK | 2022 |\n| LaMDA | 2022 |\n",
         "doc.md:5: formatting would change a cell of this row"),
        ("Intro\n\n| name | year |\n| :--- | ---: |\n| PEER | 2022 | x |\n| LaMDA | 2022 |\n",
         "doc.md:5: formatting would change a cell of this row"),
        ("Intro\n\n| Name | year |\n| :--- | ---: |\n| PEER | 2022 |\n| LaMDA | 2022 |\n",
         "doc.md:3: formatting would change a header"),
        ("Intro\n\n| name | year |\n| :--- | :--- |\n| PEER | 2022 |\n| LaMDA | 2022 |\n",
         "doc.md: formatting would change the alignment of table 1"),
        ("Intro\n\n| name | year |\n| :--- | ---: |\n| PEER | 2022 |\n",
         "doc.md: formatting would change the rows of table 1"),
        ("Intro\n\n| name | year |\n| :--- | ---: |\n| PEER | 2022 |\n| LaMDA | 2022 |\n| x | y |\n",
         "doc.md: formatting would change the rows of table 1"),
        ("Intro\n\n| name | year |\n| :--- | ---: |\n| PEER | 2022 |\n\n| LaMDA | 2022 |\n|---|---|\n",
         "doc.md: formatting would change the number of tables"),
        ("Intro\n\nname, year\n", "doc.md: formatting would change the number of tables"),
    ],
    ids=["cell", "extra-cell", "header", "alignment", "row-lost", "row-added", "table-split", "table-gone"],
)
def test_a_changed_table_is_refused(after: str, message: str) -> None:
    with pytest.raises(UnsafeChangeError) as raised:
        check(after)
    assert str(raised.value) == message


def test_a_cell_in_a_container_is_compared_without_its_prefix() -> None:
    quoted = "> | a | b |\n> |---|---|\n> | x | y |\n"
    check("> | a   | b |\n> | --- | --- |\n> | x   | y |\n", quoted)
    with pytest.raises(UnsafeChangeError, match=r"doc\.md:3: formatting would change a cell"):
        check("> | a | b |\n> |---|---|\n> | x | z |\n", quoted)
