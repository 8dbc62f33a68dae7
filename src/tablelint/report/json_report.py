"""``--output-format json``: one JSON array of diagnostics (the contract in DESIGN.md)."""

from __future__ import annotations

from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import TYPE_CHECKING

from .. import lazy_re
from ..docs_site import rule_url

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic, Fix
    from ..engine.lint import FileReport


def iter_json(reports: list[FileReport]) -> Iterator[str]:
    """The array one diagnostic at a time, one per line: still one JSON
    array, easy to grep and diff."""
    first = True
    for report in reports:
        for diagnostic in report.diagnostics:
            yield ("[\n  " if first else ",\n  ") + diagnostic_json(diagnostic)
            first = False
    yield "[]\n" if first else "\n]\n"


def render_json(reports: list[FileReport]) -> str:
    return "".join(iter_json(reports))


# What json.JSONEncoder(ensure_ascii=False) writes for a str.
_string = encode_basestring
_SURROGATES = lazy_re.compile("[\ud800-\udfff]")


def diagnostic_json(d: Diagnostic) -> str:
    """``json.JSONEncoder(ensure_ascii=False).encode(d.to_json())``, byte for
    byte, written directly: the encoder is slow per diagnostic, and a
    100k-row table has 200k of them (tests/test_reports.py compares the two)."""
    return (
        f'{{"code": {_string(d.code)}, "name": {_string(d.name)}, "severity": {_string(d.severity.value)}, '
        f'"message": {_string(d.message)}, "path": {_path(d.path)}, "line": {d.line}, '
        f'"column": {d.column}, "end_line": {d.end_line}, "end_column": {d.end_column}, '
        f'"table": {_number(d.table)}, "row": {_number(d.row)}, "field": {_text(d.field)}, '
        f'"fix": {_fix(d.fix)}, "url": {_string(rule_url(d.name))}}}'
    )


def _fix(fix: Fix | None) -> str:
    if fix is None:
        return "null"
    edits = ", ".join(
        f'{{"line": {edit.line}, "column": {edit.column}, "end_line": {edit.end_line}, '
        f'"end_column": {edit.end_column}, "content": {_string(edit.content)}}}'
        for edit in fix.edits
    )
    return (
        f'{{"applicability": {_string(fix.applicability.value)}, "message": {_string(fix.message)}, '
        f'"edits": [{edits}]}}'
    )


def _path(path: str) -> str:
    """The path as a JSON string. A file name that is not UTF-8 holds its
    bytes as surrogate escapes, which no UTF-8 output can carry: they are
    written as JSON escapes (``\\udce9``), which json.loads gives back, so
    the name still opens the file."""
    text = _string(path)
    if text.isascii():
        return text
    return _SURROGATES.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _number(value: int | None) -> str:
    return "null" if value is None else str(value)


def _text(value: str | None) -> str:
    return "null" if value is None else _string(value)


def dumps(data: object) -> str:
    """``data`` as indented JSON, non-ASCII text as it is, and the bytes of a
    file name that is not UTF-8 (surrogate escapes, which no UTF-8 output can
    carry) as ``\\udce9`` escapes that json.loads gives back."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    if text.isascii():
        return text + "\n"
    return _SURROGATES.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"
