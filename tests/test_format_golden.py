"""Golden files for the formatter: tests/golden/format/NAME.md → NAME.expected.md.

The expected files are the reviewed truth. ``TABLELINT_UPDATE_GOLDEN=1`` rewrites
them from the current formatter; read every changed file by eye before keeping it.
Files are compared as bytes, so BOMs, CRLF and missing final newlines count.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tablelint.config import FormatSettings
from tablelint.layout.formatter import format_document
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode

GOLDEN = Path(__file__).parent / "golden" / "format"
UPDATE = os.environ.get("TABLELINT_UPDATE_GOLDEN") == "1"

# Settings per input. An input not named here is formatted with ``align="auto"``,
# the layout it was written to test: the default, ``keep``, would write most of
# these unpadded inputs compact. The ``keep-*`` inputs test the default.
SETTINGS = {
    "align-never": FormatSettings(align="never"),
    "diff-friendly": FormatSettings(align="auto", diff_friendly=True),
    "llm-papers-aligned": FormatSettings(align="always"),
    "keep-families": FormatSettings(),
    "keep-prettier": FormatSettings(),
    "keep-ragged-always": FormatSettings(ragged_align="always"),
    # The seed under the default: its table is ragged, so it is laid out as auto did.
    "llm-papers": FormatSettings(),
}
AUTO = FormatSettings(align="auto")

CASES = sorted(
    path.name.removesuffix(".md") for path in GOLDEN.glob("*.md") if not path.name.endswith(".expected.md")
)


def _format_bytes(data: bytes, name: str, settings: FormatSettings) -> bytes:
    source = decode(data, name)
    return source.encode(format_document(parse_document(source), settings))


def _cells(data: bytes) -> list[tuple[int, list[str], list[tuple[int, str, list[str]]]]]:
    document = parse_document(decode(data, "x.md"))
    # The delimiter row's cells change (more dashes); its alignments must not.
    return [
        (
            table.first_line,
            table.alignments,
            [(row.line, row.prefix, [cell.raw for cell in row.cells]) for row in (table.header, *table.rows)],
        )
        for table in document.tables
    ]


def test_every_input_has_an_expected_file() -> None:
    assert len(CASES) >= 20
    missing = [name for name in CASES if not (GOLDEN / f"{name}.expected.md").exists()]
    assert UPDATE or not missing, f"no expected file for {missing}: write it with TABLELINT_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    settings = SETTINGS.get(name, AUTO)
    data = (GOLDEN / f"{name}.md").read_bytes()
    expected_path = GOLDEN / f"{name}.expected.md"
    result = _format_bytes(data, f"{name}.md", settings)
    if UPDATE:
        expected_path.write_bytes(result)
    assert result == expected_path.read_bytes()
    # The reviewed output is itself formatted, and holds the same cells.
    assert _format_bytes(result, f"{name}.expected.md", settings) == result
    assert _cells(result) == _cells(data)
