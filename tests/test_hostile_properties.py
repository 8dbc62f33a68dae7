"""A time property on generated hostile Markdown: checking a file never
takes more than a small multiple of what a plain mistune parse of the same
text takes (the baseline of benchmarks/, measured in the same test).

The inputs (tests/hostile.py) repeat a motif of the characters scanners
look for until the text is 48 KB: at that size a scanner that rescans from
every opener takes seconds to minutes, while a linear check takes about as
long as the parse. The bound is generous (20 times the parse, plus one
second) so that a loaded machine cannot fail it, and a failing example is
measured once more before it counts.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

from hypothesis import HealthCheck, example, given, settings

from hostile import HEADERS, case, hostile_markdown
from tablelint.engine.lint import RunOptions, finish, lint_source
from tablelint.parse.source import decode

SIZE = 48_000


@lru_cache(maxsize=1)
def _mistune() -> Any:
    import mistune

    return mistune.create_markdown(renderer=None, plugins=["table"])


def _parse_seconds(text: str) -> float:
    started = time.perf_counter()
    _mistune()(text)
    return time.perf_counter() - started


def _check_seconds(text: str) -> float:
    options = RunOptions(offline=True, no_cache=True)
    source = decode(text.encode("utf-8"), "hostile.md")
    started = time.perf_counter()
    finish([lint_source(source, options)], options)
    return time.perf_counter() - started


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(hostile_markdown(SIZE))
# Inputs that were quadratic before the scanners were made linear.
@example(case("cell", "<!--", SIZE))
@example(case("cell", "<http://1", SIZE, header=HEADERS[1]))
@example(case("cell", "<!-- tablelint-disable   ", SIZE))
def test_check_time_stays_within_a_multiple_of_a_mistune_parse(generated: tuple[str, str]) -> None:
    description, text = generated
    parse_time, check_time = _parse_seconds(text), _check_seconds(text)
    if check_time > 20 * parse_time + 1.0:
        parse_time = min(parse_time, _parse_seconds(text))
        check_time = min(check_time, _check_seconds(text))
    assert check_time <= 20 * parse_time + 1.0, (description, check_time, parse_time)
