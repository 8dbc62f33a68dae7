"""Write tests/conformance/gfm_tables.json from the shared GFM conformance cases.

Run once, by hand, when the shared cases change::

    python benchmarks/make_conformance_cases.py [SOURCE_JSON]

The source (default /work/shared/conformance/gfm-tables.json) holds each case's
Markdown and the HTML that cmark-gfm renders for it. The output keeps, per case,
the Markdown and the tables that HTML shows: header cells, alignments and body
rows, each cell as cmark-gfm's inline HTML. The tests read only the output, so a
clone of the repository needs nothing outside it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

DEFAULT_SOURCE = Path("/work/shared/conformance/gfm-tables.json")
TARGET = Path(__file__).resolve().parent.parent / "tests" / "conformance" / "gfm_tables.json"

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r'<t([hd])(?: align="(left|center|right)")?>(.*?)</t\1>', re.S)


def tables_in(html: str) -> list[dict[str, object]]:
    """The tables of cmark-gfm's HTML, in document order."""
    tables = []
    for table_html in _TABLE.findall(html):
        head_html, _, body_html = table_html.partition("<tbody>")
        head_cells = _CELL.findall(head_html)
        tables.append(
            {
                "header": [text for _, _, text in head_cells],
                "alignments": [align or "none" for _, align, _ in head_cells],
                "rows": [[text for _, _, text in _CELL.findall(row)] for row in _ROW.findall(body_html)],
            }
        )
    return tables


def convert(cases: list[dict[str, str]]) -> list[dict[str, object]]:
    return [
        {
            "id": case["id"],
            "origin": case["origin"],
            "markdown": case["markdown"],
            "tables": tables_in(case["html"]),
        }
        for case in cases
    ]


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    try:
        cases = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"{source}: cannot read the conformance cases ({error})", file=sys.stderr)
        return 2
    converted = convert(cases)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(converted, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tables = sum(len(case["tables"]) for case in converted)
    print(f"wrote {len(converted)} cases ({tables} tables) to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
