"""lazy_re.compile: a pattern compiled on first use, then the compiled pattern's own methods."""

from __future__ import annotations

import re

import pytest

from tablelint import lazy_re

PATTERN, FLAGS = r"(\w)(\d+)?", re.IGNORECASE
TEXT = "a1 B22 c"


@pytest.mark.parametrize(
    ("method", "arguments"),
    [
        ("match", (TEXT,)),
        ("match", (TEXT, 3, 5)),
        ("fullmatch", ("B22",)),
        ("search", (" c",)),
        ("findall", (TEXT,)),
        ("sub", (r"<\1>", TEXT)),
        ("sub", (lambda m: m.group(1).upper(), TEXT, 1)),
        ("subn", ("-", TEXT)),
        ("split", (TEXT, 1)),
    ],
)
def test_each_method_answers_as_on_the_compiled_pattern(method: str, arguments: tuple) -> None:
    expected = getattr(re.compile(PATTERN, FLAGS), method)(*arguments)
    lazy = lazy_re.compile(PATTERN, FLAGS)
    first, second = (getattr(lazy, method)(*arguments) for _ in range(2))
    for found in (first, second):
        if isinstance(expected, re.Match):
            assert (found.span(), found.groups()) == (expected.span(), expected.groups())
        else:
            assert found == expected


def test_finditer_and_bytes_patterns() -> None:
    lazy = lazy_re.compile(rb"b+")
    assert [m.span() for m in lazy.finditer(b"abbcb")] == [(1, 3), (4, 5)]


def test_nothing_is_compiled_before_the_first_use() -> None:
    lazy = lazy_re.compile(r"x+")
    assert "match" not in vars(lazy)
    lazy.search("axx")
    compiled = lazy.compiled()
    assert compiled.pattern == "x+"
    # From now on the methods are the compiled pattern's, without this class in between.
    assert lazy.match.__self__ is compiled
    assert lazy.compiled() is compiled
