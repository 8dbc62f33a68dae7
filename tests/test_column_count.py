"""column-count (TL001): the hint names the real cause of a wrong number of
cells, and the fix it offers (escaping pipes in code spans) is one that the
safety check of `tablelint fix` accepts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import lint_text
from tablelint.engine.lint import RunOptions
from tablelint.parse.source import decode
from tablelint.rewrite.fix import fix_source

HEADER = "| flag | meaning |\n|---|---|\n"


def _only(row: str, header: str = HEADER):  # type: ignore[no-untyped-def]
    found = [d for d in lint_text(header + row + "\n", select=["TL001"])]
    assert len(found) == 1, found
    return found[0]


def test_two_rows_written_on_one_line() -> None:
    diagnostic = _only("| -v | verbose | -q | quiet |")
    assert "two rows written on one line" in diagnostic.message
    assert "'-q'" in diagnostic.message and diagnostic.fix is None


def test_two_rows_joined_by_a_double_pipe() -> None:
    diagnostic = _only("| -v | verbose || -q | quiet |")
    assert "two rows written on one line" in diagnostic.message and "'-q'" in diagnostic.message


def test_a_trailing_markdown_comment_cell() -> None:
    diagnostic = _only("| -v | verbose | [//]: # (keep in sync with cli.py) |")
    assert "the extra cell '[//]: # (keep in sync with cli.py)' is a comment" in diagnostic.message
    assert "escape a literal" not in diagnostic.message


def test_a_trailing_html_comment_cell() -> None:
    diagnostic = _only("| -v | verbose | <!-- todo --> |")
    assert "the extra cell '<!-- todo -->' is a comment" in diagnostic.message


def test_a_trailing_empty_cell() -> None:
    diagnostic = _only("| -v | verbose | |")
    assert "the extra cell at the end is empty" in diagnostic.message


def test_a_pipe_in_a_code_span_gets_the_fix() -> None:
    diagnostic = _only("| `p | q` | either |")
    assert "inside a code span (`p | q`)" in diagnostic.message
    assert diagnostic.fix is not None and [edit.content for edit in diagnostic.fix.edits] == ["\\|"]


def test_no_fix_when_escaping_would_not_make_the_row_fit() -> None:
    # Escaping the code span's pipe leaves 3 cells: there is a second cause, and no fix.
    diagnostic = _only("| `a|b` | c | d |")
    assert diagnostic.fix is None
    assert "escaping them would leave 3 cells, not 2, so no fix is offered" in diagnostic.message


def test_an_extra_cell_with_text_keeps_the_general_hint() -> None:
    diagnostic = _only("| -v | verbose | since 2.0 |")
    assert "escape a literal '|' as '\\|' or add a column" in diagnostic.message


def test_a_short_row_and_a_paragraph_line_keep_their_hints() -> None:
    assert "add the missing cell" in _only("| -v |").message
    assert "add a blank line before it" in _only("a paragraph line").message


_CODE = st.text(alphabet="ab |`\\", min_size=1, max_size=8)
_PLAIN = st.text(alphabet="xy -", max_size=5)


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(st.one_of(_PLAIN, _CODE.map(lambda code: f"`{code}`")), min_size=1, max_size=4),
    width=st.integers(1, 3),
)
def test_every_fix_offered_is_accepted_by_the_safety_check(cells: list[str], width: int) -> None:
    # Whatever row the pipes in code spans make, a fix column-count offers is applied by
    # `fix --unsafe-fixes` and never refused.
    header = "| " + " | ".join(f"h{index}" for index in range(width)) + " |\n"
    delimiter = "|" + "---|" * width + "\n"
    text = header + delimiter + "| " + " | ".join(cells) + " |\n"
    offered = [d for d in lint_text(text, select=["TL001"]) if d.fix is not None]
    outcome = fix_source(decode(text.encode(), "t.md"), RunOptions(select=["TL001"], check_links=False),
                         unsafe=True)
    assert outcome.rejected == []
    assert len(outcome.applied) == len(offered)
