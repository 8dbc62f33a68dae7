"""Format every file of the real-world corpus and check the formatter's promises.

For each Markdown file in the corpus (default ``../shared/corpus`` next to the
repository), a copy is formatted in a temporary directory (the corpus is
third-party content: it is never written to, and nothing of it lands in the
repository). Checked per file:

* idempotent: formatting the formatted copy changes nothing;
* cells kept: the re-parsed copy has the same tables, rows, prefixes, raw
  cells and alignments;
* outside the tables every line and every line ending is byte-identical, and
  the BOM is kept.

Usage: python benchmarks/format_corpus.py [CORPUS_DIR] [--align keep|auto|always|never]
[--ragged-align auto|always|never] [--max-width N] [--diff-friendly]. Exits 1 when any
file breaks a promise.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tablelint.config import ALIGN_MODES, RAGGED_ALIGN_MODES, FormatSettings
from tablelint.layout.formatter import format_document
from tablelint.parse.document import Document, parse_document
from tablelint.parse.source import Source, read_source

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _kept(document: Document) -> list[object]:
    return [
        (
            table.first_line,
            table.last_line,
            table.alignments,
            [(row.line, row.prefix, [cell.raw for cell in row.cells]) for row in (table.header, *table.rows)],
        )
        for table in document.tables
    ]


def _outside_identical(before: Source, after: Source, document: Document) -> bool:
    if before.line_count != after.line_count or before.bom != after.bom:
        return False
    table_lines = {row.line for table in document.tables for row in table.all_rows()}
    for number in range(1, before.line_count + 1):
        if before.line_ending(number) != after.line_ending(number):
            return False
        if number not in table_lines and before.line(number) != after.line(number):
            return False
    return True


def _format_file(path: Path, settings: FormatSettings) -> Source:
    source = read_source(path)
    path.write_bytes(source.encode(format_document(parse_document(source), settings)))
    return read_source(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--align", choices=ALIGN_MODES, default=FormatSettings().align)
    parser.add_argument("--ragged-align", choices=RAGGED_ALIGN_MODES, default=FormatSettings().ragged_align)
    parser.add_argument("--max-width", type=int, default=FormatSettings().max_width)
    parser.add_argument("--diff-friendly", action="store_true")
    args = parser.parse_args()
    settings = FormatSettings(args.align, args.max_width, args.diff_friendly, args.ragged_align)
    files = sorted(path for path in args.corpus.glob("*.md") if path.name != "INDEX.md")
    if not files:
        print(f"format_corpus: no Markdown files in {args.corpus}", file=sys.stderr)
        return 2

    totals = {"files": 0, "tables": 0, "changed files": 0, "changed lines": 0,
              "idempotent": 0, "cells kept": 0, "outside identical": 0}
    elapsed = 0.0
    print(f"{'file':<58} {'tables':>6} {'rows':>6} {'changed':>7}  idempotent  cells  outside")
    with tempfile.TemporaryDirectory(prefix="tablelint-format-corpus-") as scratch:
        for original in files:
            copy = Path(scratch) / original.name
            shutil.copyfile(original, copy)
            before = read_source(copy)
            document = parse_document(before)
            started = time.perf_counter()
            once = _format_file(copy, settings)
            elapsed += time.perf_counter() - started
            twice = _format_file(copy, settings)
            idempotent = twice.text == once.text
            kept = _kept(parse_document(once)) == _kept(document)
            outside = _outside_identical(before, once, document)
            changed = sum(
                1 for number in range(1, min(before.line_count, once.line_count) + 1)
                if before.line(number) != once.line(number)
            )
            rows = sum(len(table.rows) for table in document.tables)
            totals["files"] += 1
            totals["tables"] += len(document.tables)
            totals["changed files"] += changed > 0
            totals["changed lines"] += changed
            totals["idempotent"] += idempotent
            totals["cells kept"] += kept
            totals["outside identical"] += outside
            verdicts = ["yes" if ok else "NO" for ok in (idempotent, kept, outside)]
            print(f"{original.name:<58} {len(document.tables):>6} {rows:>6} {changed:>7}  "
                  f"{verdicts[0]:<10}  {verdicts[1]:<5}  {verdicts[2]}")
    print()
    print(", ".join(f"{key}: {value}" for key, value in totals.items()))
    print(f"first format of all files: {elapsed * 1000:.1f} ms")
    files_ok = totals["idempotent"] == totals["cells kept"] == totals["outside identical"] == totals["files"]
    return 0 if files_ok else 1


if __name__ == "__main__":
    sys.exit(main())
