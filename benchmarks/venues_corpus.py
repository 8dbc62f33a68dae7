"""Run the venue-year parser over the source columns of real reading lists,
so that a person can review its precision cell by cell.

Reads every table of the third-party corpus (measurement only: nothing of it
is copied anywhere) whose header looks like a source column, prints one line
per cell (path:line:column, verdict, text, fix or message) and then the
counts. Placeholders are the paper-list schema's ``missingValues``: the rule
skips them, so they are counted apart. Last, a timing: parsing every source
cell with a cold verdict cache, as a ratio of reading and locating the tables
of the same files (a baseline taken in the same run).

    python benchmarks/venues_corpus.py [--corpus DIR] [--year N] [--quiet]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from tablelint.datafiles import load_data_file
from tablelint.document import parse_document
from tablelint.source import read_source
from tablelint.venues import Problem, VenueVocabulary, load_venues, parse_venue_year

SOURCE_HEADERS = ("来源", "论文来源", "会议", "venue", "source", "publication", "conference")
ROOT = Path(__file__).resolve().parents[1]
_EMPHASIS = re.compile(r"[*_`]")


def is_source_header(header: str) -> bool:
    text = _EMPHASIS.sub("", header).strip().casefold()
    return any(word in text for word in SOURCE_HEADERS)


def source_cells(paths: list[Path]):
    """(path, line, column, header, cell text) for every cell of a source column."""
    for path in paths:
        document = parse_document(read_source(path))
        for table in document.tables:
            columns = [i for i, header in enumerate(table.headers) if is_source_header(header)]
            for row in table.rows:
                for i in columns:
                    if i < len(row.cells):
                        cell = row.cells[i]
                        yield path.name, cell.line, cell.column, table.headers[i].strip(), cell.text


def category(verdict, text: str, placeholders: set[str]) -> str:
    if text.strip() in placeholders and text.strip():
        return "placeholder"
    problems = set(verdict.problems)
    if not problems:
        return "canonical"
    if verdict.fix is not None:
        return "fixable"
    for problem, name in (
        (Problem.EMPTY, "empty"),
        (Problem.NOT_VENUE_YEAR, "not a venue-year"),
        (Problem.UNKNOWN_VENUE, "unknown venue"),
        (Problem.MISSING_YEAR, "missing year"),
        (Problem.BAD_YEAR, "bad year"),
        (Problem.FUTURE_YEAR, "bad year"),
    ):
        if problem in problems:
            return name
    return "other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    parser.add_argument("--year", type=int, default=date.today().year, help="the current year")
    parser.add_argument("--quiet", action="store_true", help="print only the counts and the timing")
    args = parser.parse_args()
    paths = sorted(p for p in args.corpus.glob("*.md") if p.name != "INDEX.md")
    if not paths:
        print(f"{args.corpus}: no Markdown files", file=sys.stderr)
        return 2
    placeholders = {str(v) for v in load_data_file(ROOT / "schemas" / "paper-list.yaml")["missingValues"]}

    cells = list(source_cells(paths))
    counts: Counter[str] = Counter()
    for name, line, column, header, text in cells:
        verdict = parse_venue_year(text, current_year=args.year)
        kind = category(verdict, text, placeholders)
        counts[kind] += 1
        if args.quiet:
            continue
        detail = f"-> '{verdict.fix}'" if verdict.fix else verdict.message
        if kind == "placeholder":
            detail = "(skipped by the rule: a missingValue)"
        shown = text.strip() if len(text.strip()) <= 60 else text.strip()[:57] + "..."
        print(f"{name}:{line}:{column} [{header}] {kind:17} '{shown}' {detail}")

    print(f"\n{len(cells)} cells in source columns of {len(paths)} files:")
    for kind in ("canonical", "fixable", "unknown venue", "missing year", "bad year",
                 "not a venue-year", "empty", "placeholder", "other"):
        if counts[kind]:
            print(f"  {kind:17} {counts[kind]}")

    # Timing (the machine may be shared: compare the ratio, not the seconds).
    rounds = 20
    started = time.perf_counter()
    for _ in range(rounds):
        for path in paths:
            parse_document(read_source(path))
    baseline = (time.perf_counter() - started) / rounds
    builtin = load_venues()
    texts = [text for *_, text in cells]
    started = time.perf_counter()
    for _ in range(rounds):
        cold = VenueVocabulary(builtin.venues)  # a new vocabulary has an empty verdict cache
        for text in texts:
            parse_venue_year(text, current_year=args.year, venues=cold)
    parsing = (time.perf_counter() - started) / rounds
    print(
        f"\ntiming: parsing {len(texts)} source cells (cold cache, index rebuilt) takes "
        f"{parsing * 1000:.2f} ms = {parsing / baseline:.3f} x reading and locating the tables of "
        f"all {len(paths)} files ({baseline * 1000:.1f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
