"""Suppression comments, and reports of the ones that suppress nothing."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import codes, lint_text
from tablelint.diagnostics import Diagnostic, Severity
from tablelint.engine.suppress import (
    Directive,
    Suppressions,
    _close_disables,
    parse_suppressions,
)
from tablelint.parse.comments import without_suppression_comments
from tablelint.parse.source import Source

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


# --- The indexed sweep against the plain definition -----------------------------
#
# Suppressions.apply and the closing of disables are indexed (by line and by
# what a directive names) so that their time is linear; on any input they
# must do exactly what testing every directive against every diagnostic did.

RULES = [
    ("TL001", "column-count"), ("TL101", "placeholder-row"), ("TL102", "placeholder-cell"),
    ("TL204", "malformed-source"),
]
SELECTORS = ["TL1", "TL10", "TL102", "TL001", "TL", "placeholder-cell", "COLUMN-COUNT", "tl2", "other"]


def _plain_close(directives: list[Directive]) -> None:
    for position, directive in enumerate(directives):
        if directive.kind != "disable":
            continue
        for later in directives[position + 1 :]:
            if later.kind == "enable" and (
                not later.selectors or not directive.selectors or set(later.selectors) & set(directive.selectors)
            ):
                directive.end_line = later.line
                break


def _plain_apply(directives: list[Directive], diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    kept = []
    for diagnostic in diagnostics:
        suppressed = False
        for directive in directives:
            if directive.kind != "enable" and directive.covers(diagnostic.line) and directive.matches(diagnostic):
                directive.used = True
                suppressed = True
        if not suppressed:
            kept.append(diagnostic)
    return kept


directive_lists = st.lists(
    st.tuples(
        st.sampled_from(["disable", "enable", "disable-line", "disable-next-line"]),
        st.lists(st.sampled_from(SELECTORS), max_size=2).map(tuple),
        st.integers(1, 12),
    ),
    max_size=10,
).map(lambda found: sorted(found, key=lambda directive: directive[2]))
diagnostic_lists = st.lists(st.tuples(st.sampled_from(RULES), st.integers(1, 14)), max_size=12)


def _directives(found: list[tuple[str, tuple[str, ...], int]]) -> list[Directive]:
    return [Directive(kind, selectors, line, 1, 2) for kind, selectors, line in found]


@settings(max_examples=400, deadline=None)
@given(directive_lists, diagnostic_lists)
def test_suppressions_do_what_testing_every_pair_did(found, diagnostics) -> None:  # type: ignore[no-untyped-def]
    plain, indexed = _directives(found), _directives(found)
    _plain_close(plain)
    _close_disables(indexed)
    assert [d.end_line for d in indexed] == [d.end_line for d in plain]
    made = [Diagnostic(code, name, Severity.ERROR, "m", "t.md", line, 1, line, 2) for (code, name), line in diagnostics]
    kept = Suppressions(indexed).apply(list(made))
    assert kept == _plain_apply(plain, list(made))
    assert [d.used for d in indexed] == [d.used for d in plain]


# The patterns used before the comment scanner: what they found, in the
# texts where they were linear, is what must still be found.
_DIRECTIVE_PATTERN = re.compile(r"<!--\s*tablelint-(disable-next-line|disable-line|disable|enable)\b([^>]*?)\s*-->")
_SUPPRESSION_PATTERN = re.compile(r"\s*<!--\s*tablelint-[a-z-]+\b[^>]*?-->\s*")
comment_texts = st.lists(
    st.sampled_from([
        "<!--", "-->", " ", "tablelint-", "disable", "-line", "-next-line", "enable", " TL001", ",", ">", "x",
        "<!-- tablelint-disable-line TL001 -->", "\n",
    ]),
    max_size=10,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(comment_texts)
def test_suppression_comments_are_found_as_the_patterns_found_them(text: str) -> None:
    # The patterns read "<!-->" as the start of a longer comment; CommonMark
    # (and the scanner) read it as a whole, empty comment.
    if "<!-->" in text or "<!--->" in text:
        return
    # A "<!--" inside a comment is comment text to HTML and to the scanner;
    # the patterns started a new comment there.
    if any(text.find("<!--", m.start() + 4, m.end()) >= 0 for m in re.finditer(r"<!--.*?-->", text, re.S)):
        return
    source = Source("t.md", text)
    directives = parse_suppressions(text, source.line_starts).directives
    expected = [
        (m.group(1), tuple(p for p in re.split(r"[\s,]+", m.group(2)) if p)) for m in _DIRECTIVE_PATTERN.finditer(text)
    ]
    assert [(d.kind, d.selectors) for d in directives] == expected
    assert without_suppression_comments(text) == _SUPPRESSION_PATTERN.sub(" ", text)
