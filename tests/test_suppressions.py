"""Suppression comments, and reports of the ones that suppress nothing."""

from __future__ import annotations

from helpers import codes, lint_text

RAGGED_ROW = "| 1 |"


def _table(*rows: str) -> str:
    return "| a | b |\n| --- | --- |\n" + "".join(row + "\n" for row in rows)


def test_disable_and_enable_around_a_table() -> None:
    text = (
        "<!-- tablelint-disable column-count -->\n\n" + _table(RAGGED_ROW)
        + "\n<!-- tablelint-enable -->\n\n" + _table(RAGGED_ROW)
    )
    found = lint_text(text)
    assert [(d.code, d.line) for d in found] == [("TL001", text.splitlines().index(RAGGED_ROW, 6) + 1)]


def test_disable_without_codes_covers_every_rule() -> None:
    assert codes(lint_text("<!-- tablelint-disable -->\n" + _table(RAGGED_ROW))) == []


def test_disable_next_line_covers_only_the_next_line() -> None:
    text = "<!-- tablelint-disable-next-line TL001 -->\n" + _table("| 1 | 2 |", RAGGED_ROW)
    assert [d.line for d in lint_text(text) if d.code == "TL001"] == [5]
    assert "TL902" in codes(lint_text(text))  # line 2 (the header) had nothing to suppress


def test_disable_line_inside_a_cell() -> None:
    text = _table("| 1 <!-- tablelint-disable-line column-count --> |", RAGGED_ROW)
    assert [(d.code, d.line) for d in lint_text(text)] == [("TL001", 4)]


def test_unused_suppression_is_reported_at_the_comment() -> None:
    text = _table("| 1 <!-- tablelint-disable-line placeholder-row --> | 2 |")
    found = [d for d in lint_text(text) if d.code == "TL902"]
    assert len(found) == 1 and found[0].line == 3
    assert text.splitlines()[2][found[0].column - 1 :].startswith("<!--")


def test_prefix_selectors() -> None:
    assert codes(lint_text("<!-- tablelint-disable TL0 -->\n" + _table(RAGGED_ROW))) == []
