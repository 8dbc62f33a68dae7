"""Suppression comments, and reports of the ones that suppress nothing."""

from __future__ import annotations

import json
import re

import pytest
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
from tablelint.parse.document import parse_document
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


# --- Issue 15: only real comments are directives; unused, not run and unknown told apart ---------

RAGGED_TABLE = "| a | b |\n| --- | --- |\n| 1 |\n"


@pytest.mark.parametrize(
    "example",
    [
        "```markdown\n<!-- tablelint-disable column-count -->\n```\n",
        "~~~\n<!-- tablelint-disable -->\n~~~\n",
        "    <!-- tablelint-disable column-count -->\n",
        "Write `<!-- tablelint-disable column-count -->` above the table.\n",
        "Or ``<!-- tablelint-disable -->`` with two backticks.\n",
        "<div>\n<!-- tablelint-disable column-count -->\n</div>\n",
        "<pre>\n<!-- tablelint-disable -->\n</pre>\n",
        "> ```\n> <!-- tablelint-disable column-count -->\n> ```\n",
        "- item\n\n  ```\n  <!-- tablelint-disable column-count -->\n  ```\n",
    ],
)
def test_a_directive_shown_as_code_or_inside_other_html_is_no_directive(example: str) -> None:
    text = example + "\n" + RAGGED_TABLE
    assert codes(lint_text(text)) == ["TL001"]  # not suppressed, and no unused-suppression either
    document = parse_document(Source("t.md", text))
    assert parse_suppressions(text, document.source.line_starts, document.opaque_lines).directives == []


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- tablelint-disable column-count -->\n\n",
        "Some text <!-- tablelint-disable column-count --> and more.\n\n",
        "<!--\ntablelint-disable column-count\n-->\n\n",
        "> <!-- tablelint-disable column-count -->\n\n",
        "`code` then <!-- tablelint-disable column-count -->\n\n",
    ],
)
def test_a_real_comment_is_a_directive(comment: str) -> None:
    assert codes(lint_text(comment + RAGGED_TABLE)) == []


def test_a_directive_in_a_cell_code_span_is_text_but_one_beside_it_is_not() -> None:
    text = "| a | b |\n| --- | --- |\n| `<!-- tablelint-disable-line column-count -->` |\n"
    assert codes(lint_text(text)) == ["TL001"]
    text = "| a | b |\n| --- | --- |\n| `x` <!-- tablelint-disable-line column-count --> |\n"
    assert codes(lint_text(text)) == []


def test_an_unknown_code_is_called_unknown_with_the_nearest_rule() -> None:
    (found,) = lint_text("<!-- tablelint-disable-next-line TL0O1 -->\ntext\n")
    assert found.code == "TL902"
    assert found.message == ("unknown rule selector 'TL0O1' in 'tablelint-disable-next-line'; "
                             "did you mean 'TL001'?")


def test_an_unknown_code_is_reported_even_beside_a_used_one() -> None:
    text = "<!-- tablelint-disable column-count colum-count -->\n" + RAGGED_TABLE
    (found,) = lint_text(text)
    assert found.code == "TL902"
    assert "'colum-count'" in found.message and "did you mean 'column-count'?" in found.message


def test_a_suppression_whose_rule_ran_and_matched_nothing_is_unused() -> None:
    (found,) = lint_text("<!-- tablelint-disable-next-line column-count -->\ntext\n")
    assert found.message == "'tablelint-disable-next-line' for column-count suppresses nothing; remove it"


def test_a_suppression_whose_rule_did_not_run_is_never_called_unused() -> None:
    text = "<!-- tablelint-disable-next-line column-count -->\ntext\n"
    assert codes(lint_text(text, select=["TL9"])) == []
    text = "<!-- tablelint-disable-next-line column-count placeholder-row -->\ntext\n"
    (found,) = lint_text(text, select=["TL0", "TL9"])
    assert found.message == ("'tablelint-disable-next-line': column-count suppresses nothing; remove it from the "
                             "comment (placeholder-row did not run: keep it)")


def test_an_offline_run_never_advises_removing_a_link_suppression(workdir) -> None:  # type: ignore[no-untyped-def]
    from helpers import run_cli

    (workdir / "t.md").write_text(
        "| Name | Link |\n| --- | --- |\n"
        "| A | https://example.invalid/x <!-- tablelint-disable-line dead-link --> |\n"
        "| B | no link here <!-- tablelint-disable-line dead-link redirected-link --> |\n"
        "| C | text <!-- tablelint-disable-line unreachable-link placeholder-row --> |\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli("check", "--offline", "--output-format", "json", "t.md")
    found = json.loads(out)
    assert [(d["code"], d["line"], d["message"]) for d in found] == [
        ("TL902", 5, "'tablelint-disable-line': placeholder-row suppresses nothing; remove it from the comment "
                     "(unreachable-link did not run: keep it)"),
    ]
    code, out, _ = run_cli("check", "--offline", "--ignore", "TL1", "--output-format", "json", "t.md")
    assert code == 0 and json.loads(out) == []


def test_every_rule_directive_is_unused_only_when_every_default_rule_ran() -> None:
    from tablelint.engine.lint import RunOptions, finish, lint_source

    def unused(**options: object) -> list[str]:
        run = RunOptions(**options)  # type: ignore[arg-type]
        report = lint_source(Source("t.md", "<!-- tablelint-disable -->\ntext\n"), run)
        return codes(finish([report], run)[0].diagnostics)

    assert unused() == ["TL902"]  # every rule ran, links included (the text has none)
    assert unused(offline=True) == []  # dead-link and its kind did not run
    assert unused(select=["TL0", "TL9"]) == []
