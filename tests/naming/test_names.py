"""The names of a row, read from its name cell."""

from __future__ import annotations

import pytest

from tablelint.naming.names import row_names


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
