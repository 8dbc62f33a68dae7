"""Hostile Markdown for the time properties (test_hostile_properties.py)
and the benchmark (benchmarks/hostile.py): small motifs of the characters
that scanners look for, repeated until the text reaches a given size, placed
where tablelint reads them (in one cell, in every row, between tables,
nested in block quotes and lists).

A scanner that is linear in its input takes a time proportional to the
text's size; one that rescans from every opener (a pattern such as
``<!--.*?-->``, a search for a closing backtick run) takes the square of it,
which at 64 KB is seconds to minutes.
"""

from __future__ import annotations

from hypothesis import strategies as st

# What scanners look for: comment openers and closers, suppression comments,
# escapes, brackets and parentheses of links, pipes, code span backticks,
# HTML, autolinks, bare URLs, entities, container markers, spaces and tabs.
TOKENS = (
    "<!--", "-->", "<!-- tablelint-disable", "<!-- tablelint-disable-line TL001 -->",
    "<!-- tablelint-enable -->", "\\", "\\|", "\\\\", "[", "]", "](", "](<", "![", "][", "(", ")",
    "|", "||", "`", "``", "```", " ", "   ", "\t", "<", ">", "<a ", "<a href=\"", "</a>", "<br>",
    "<http://", "<a@b", "http://", "www.", "a.b", "a_b", "a/b", "&#", "&amp", "\"", "'", ":", "-", "---",
    ":--", "*", "_", "~", "NULL", "N/A", "word", "Word", "x", "1",
)
LINE_TOKENS = (*TOKENS, "\n", "\n> ", "\n- ", "\n1. ", "\n    ", "\n| a | b |\n| --- | --- |\n", "\n\n")
PLACES = ("cell", "rows", "lines", "nested")
# Headers that bind no schema (every rule reads every column), and headers
# that bind the built-in paper-list schema (its notes are references).
HEADERS = ("| a | b |", "| name | notes |")


def table(cell: str, header: str = HEADERS[0]) -> str:
    return header + "\n| --- | --- |\n| x | " + cell + " |\n"


def build(place: str, motif: str, size: int, depth: int = 0, header: str = HEADERS[0]) -> str:
    """``motif`` repeated until the text is about ``size`` characters, placed
    as ``place`` says (one of PLACES)."""
    repeat = max(1, size // max(len(motif), 1))
    if place == "cell":
        return table((motif * repeat).replace("\n", " "), header)
    if place == "rows":
        row = "| " + motif.replace("\n", " ") + " | 1 |\n"
        return header + "\n| --- | --- |\n" + row * max(1, size // len(row))
    if place == "lines":
        return table("x", header) + motif * repeat
    # Nested: a table inside ``depth`` block quotes or list items, its rows
    # made of the motif.
    prefix = "".join("> " if level % 2 == 0 else "- " for level in range(depth))
    indent = "".join("> " if level % 2 == 0 else "  " for level in range(depth))
    row = indent + "| " + motif.replace("\n", " ") + " | 1 |\n"
    return prefix + header + "\n" + indent + "| --- | --- |\n" + row * max(1, size // len(row))


@st.composite
def hostile_markdown(draw: st.DrawFn, size: int) -> tuple[str, str]:
    """(a description of the input, the input)."""
    place = draw(st.sampled_from(PLACES))
    tokens = LINE_TOKENS if place == "lines" else TOKENS
    motif = "".join(draw(st.lists(st.sampled_from(tokens), min_size=1, max_size=6)))
    depth = draw(st.integers(0, 30)) if place == "nested" else 0
    header = draw(st.sampled_from(HEADERS))
    return f"{place} {motif!r} x{size} depth {depth} {header}", build(place, motif, size, depth, header)


def case(place: str, motif: str, size: int, depth: int = 0, header: str = HEADERS[0]) -> tuple[str, str]:
    """What hostile_markdown draws, for a given motif (hypothesis's @example)."""
    return f"{place} {motif!r} x{size} depth {depth} {header}", build(place, motif, size, depth, header)
