"""The names of a row, read from its name cell."""

from __future__ import annotations

from itertools import accumulate

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tablelint.naming.names import names_of_cells, row_names
from tablelint.naming.terms import joined_visible_text


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("《PEER: A Collaborative Language Model》", ["PEER"]),
        ("《PEER：A Collaborative Language Model》", ["PEER"]),  # full-width colon
        ("《Megatron-LM: Training Multi-Billion Parameter Language Models》", ["Megatron-LM"]),
        ("Sparrow: a dialogue agent", ["Sparrow"]),  # one word before the colon is a name, whatever its shape
        ("[PEER: A Collaborative Language Model](https://arxiv.org/abs/2208.11663)", ["PEER"]),
        # Several words before the colon: only those spelt like names.
        ("《Constitutional AI: Harmlessness from AI Feedback》", ["AI"]),
        ("Tree of Thoughts: Deliberate Problem Solving", []),
        # No colon: only the words spelt like names; ordinary title words never.
        ("《Scaling Instruction-Finetuned Language Models》", []),
        ("Comparing LaMDA and Megatron-LM on dialogue", ["LaMDA", "Megatron-LM"]),
        ("《LARGE LANGUAGE MODELS ARE HUMAN-LEVEL PROMPT ENGINEERS》", []),
        # A colon after a whole sentence does not make a short name.
        ("We study how the PEER model edits text: a survey", ["PEER"]),
        # One word alone: a name when spelt like one or long; short plain words are usually field names.
        ("Chinchilla", ["Chinchilla"]),
        ("LaMDA", ["LaMDA"]),
        ("Date", []),
        # Placeholders and literals are not names.
        ("NULL", []),
        ("TRUE", []),
        ("", []),
        ("参考：https://example.org", []),
    ],
)
def test_row_names(cell: str, names: list[str]) -> None:
    assert row_names(cell) == names


fragments = st.sampled_from(
    [
        "PEER",
        "LaMDA",
        "Study",
        "of",
        "2023",
        "GPT-3.5",
        "Megatron-LM",
        "Łódź",
        ":",
        "：",
        " ",
        "《",
        "》",
        "`x`",
        "<br/>",
        "NULL",
        "[PEER: x](https://a.org)",
        "e.g.",
        "-",
        "的",
    ]
)


@given(st.lists(st.lists(fragments, max_size=7).map("".join), max_size=8))
def test_names_of_a_whole_column_are_the_names_of_each_cell(raws: list[str]) -> None:
    starts = list(accumulate(map((1).__add__, map(len, raws)), initial=1))
    text, _ = joined_visible_text(raws, starts)
    names, cells = names_of_cells(text, starts, 0, len(raws), raws)
    expected = [(cell, name) for cell, raw in enumerate(raws) for name in row_names(raw)]
    assert list(zip(cells, names, strict=True)) == expected


def test_names_of_some_cells_of_a_longer_text() -> None:
    raws = ["《PEER: A Collaborative》", "《2023 LaMDA: dialogue》", "NULL", "Chinchilla", "《PEER: again》"]
    starts = list(accumulate(map((1).__add__, map(len, raws)), initial=1))
    text, _ = joined_visible_text(raws, starts)
    assert names_of_cells(text, starts, 1, 4, raws) == (["LaMDA", "Chinchilla"], [1, 3])
