"""The link rules' documentation examples, run against the local server, and
the wording of their messages."""

from __future__ import annotations

import pytest

from tablelint.links import LinkRef
from tablelint.links.verdict import Verdict
from tablelint.rules.links import (
    DeadLink,
    MalformedUrl,
    RedirectedLink,
    UncheckedLink,
    UnreachableLink,
    link_diagnostic,
    row_label,
)

LINK_RULES = [DeadLink, UnreachableLink, MalformedUrl, RedirectedLink, UncheckedLink]


@pytest.mark.parametrize("rule", LINK_RULES, ids=lambda rule: rule.name)
def test_bad_example_triggers_and_good_example_does_not(rule, server, check_links) -> None:
    # The docs say example.com; the local server plays it.
    def run(example: str) -> list[str]:
        text = example.replace("https://example.com", server.base)
        offline = "--offline" in rule.example_args
        return check_links(text, offline=offline, no_cache="--no-cache" in rule.example_args,
                           show_unchecked="--show-unchecked" in rule.example_args,
                           timeout=1.5, read_timeout=1.5).codes()  # /slow takes 3 s

    assert rule.code in run(rule.bad_example)
    assert rule.code not in run(rule.good_example)


@pytest.mark.parametrize("rule", LINK_RULES, ids=lambda rule: rule.name)
def test_pages_follow_ruffs_order(rule) -> None:
    page = rule.documentation()
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings[:5] == ["## What it does", "## Why is this bad?", "## Example", "## Use instead",
                            "## Fix safety"]
    # The examples the tests run are the ones the page shows.
    assert rule.bad_example.splitlines()[2] in page and rule.good_example.splitlines()[2] in page


def _ref(row_name: str | None, field: str | None = "备注", kind: str = "bare",
         fixable: bool = True) -> LinkRef:
    return LinkRef("https://old.example/a", kind, 3, 10, 31, 1, 2, field, row_name, fixable)


@pytest.mark.parametrize(("name", "label"), [
    ("《PEER: A Collaborative Language Model》", "row 'PEER: A Collaborative Language Model' (备注)"),
    ("  LaMDA  ", "row 'LaMDA' (备注)"),
    ("", "row 2 (备注)"),
    (None, "row 2 (备注)"),
    ("x" * 80, "row '" + "x" * 59 + "…' (备注)"),
])
def test_rows_are_named_by_their_name_field(name: str | None, label: str) -> None:
    assert row_label(_ref(name)) == label


def test_a_row_without_a_field_name() -> None:
    assert row_label(_ref("PEER", field=None)) == "row 'PEER'"


def test_fine_and_skipped_links_give_no_diagnostic() -> None:
    assert link_diagnostic("t.md", _ref("PEER"), Verdict("ok", "answered 200 OK")) is None
    assert link_diagnostic("t.md", _ref("PEER"), Verdict("skipped", "excluded")) is None


def test_a_redirect_through_a_reference_definition_has_no_fix_and_says_where_to_look() -> None:
    verdict = Verdict("redirected", "moved permanently to https://new.example/", fix_url="https://new.example/")
    diagnostic = link_diagnostic("t.md", _ref("PEER", kind="reference", fixable=False), verdict)
    assert diagnostic is not None and diagnostic.fix is None
    assert "reference definition" in diagnostic.message


def test_a_blocked_link_is_reported_as_unchecked_information() -> None:
    verdict = Verdict("blocked", "not checked: x is a loopback address")
    diagnostic = link_diagnostic("t.md", _ref("PEER"), verdict)
    assert diagnostic is not None and (diagnostic.code, diagnostic.severity.value) == ("TL305", "info")
