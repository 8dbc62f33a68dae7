"""malformed-source (TL204) on real lists, for a person to judge its precision.

Runs the rule itself, through the check pipeline, over the Markdown files of
a corpus directory (measurement only: nothing of it is copied anywhere), in
three bindings:

- ``bound``: as ``tablelint check`` binds tables today (by headers, comments,
  config);
- ``forced``: ``--schema paper-list`` on every table, as the brief asks;
- ``wide``: every table with a column whose header names the paper-list
  source field (来源, Source, Venue, Conference, Journal…) is bound to
  paper-list, whatever its other headers;
- ``loose``: as wide, for every table with a header that merely contains
  such a name (软件包来源, "📡 source"), its first such column read as the
  source: wider than any header-based binding should go.

For each binding it prints every distinct finding (message and fix) with its
count and its class (see ``finding_class``), so that a person can judge each
pattern true, false or debatable; then the totals. Classes whose verdict
follows from what they are (a certain respelling of a known venue) are
marked; the others must be read.

Last, a timing: parsing every source cell with a cold verdict cache, as a
ratio of reading and locating the tables of the same files (a baseline taken
in the same run).

    python benchmarks/venues_corpus.py [--corpus DIR] [--recursive] [--quiet]
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import time
from collections import Counter
from pathlib import Path

from tablelint.datafiles import load_data_file
from tablelint.engine.lint import RunOptions, finish, lint_source
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode, read_source
from tablelint.schema.venues import load_venues, parse_venue_year

ROOT = Path(__file__).resolve().parents[1]
_EMPHASIS = re.compile(r"[*_`]")
BINDINGS = ("bound", "forced", "wide", "loose")


def source_headers() -> set[str]:
    """The header texts that name paper-list's source field, casefolded."""
    schema = load_data_file(ROOT / "schemas" / "paper-list.yaml")
    field = next(field for field in schema["fields"] if field["name"] == "source")
    return {text.casefold() for text in (field["name"], field.get("title", ""), *field["aliases"]) if text}


def header_text(header: str) -> str:
    return _EMPHASIS.sub("", header).strip().casefold()


def widely_bound(text: str, headers: set[str], loose: bool = False) -> str:
    """The text with a paper-list binding comment before every table that has
    a source column, in memory; ``loose`` also renames the first header that
    contains a source name to 'Source', so that the binding maps it."""
    document = parse_document(decode(text.encode("utf-8"), "x.md"))
    lines = text.split("\n")
    for table in sorted(document.tables, key=lambda t: t.first_line, reverse=True):
        names = [header_text(header) for header in table.headers]
        if any(name in headers for name in names):
            lines[table.first_line - 1: table.first_line - 1] = ["<!-- tablelint: schema=paper-list -->", ""]
        elif loose:
            column = next((i for i, name in enumerate(names) if any(h in name for h in headers if len(h) > 1)), None)
            if column is None:
                continue
            cells = lines[table.first_line - 1].split("|")
            offset = 1 if cells[0].strip() == "" and lines[table.first_line - 1].lstrip().startswith("|") else 0
            if column + offset < len(cells):
                cells[column + offset] = " Source "
                lines[table.first_line - 1] = "|".join(cells)
                lines[table.first_line - 1: table.first_line - 1] = ["<!-- tablelint: schema=paper-list -->", ""]
    return "\n".join(lines)


def findings(path: Path, binding: str, headers: set[str]):
    data = path.read_bytes()
    if binding in ("wide", "loose"):
        data = widely_bound(data.decode("utf-8", "replace"), headers, binding == "loose").encode("utf-8")
    options = RunOptions(schema="paper-list" if binding == "forced" else None, select=["TL204"], check_links=False)
    report = lint_source(decode(data, str(path)), options)
    return finish([report], options)[0].diagnostics


def finding_class(message: str, fix: str | None) -> str:
    """What kind of finding a message is. 'respelled' findings are certain
    respellings of a known venue: true by construction if the fix is right
    (the golden files and test_venues check the fixes); the rest must be read."""
    if fix == "safe":
        return "respelled (safe fix)"
    if fix == "unsafe":
        return "uncertain year (unsafe fix)"
    for needle, name in (
        ("did you mean", "unknown venue, likely typo"),
        ("not a venue-year (it has a year but no venue)", "a year alone"),
        ("is an annotation", "an annotation alone"),
        ("not a venue-year", "not a venue-year"),
        ("unknown venue", "unknown venue"),
        ("no year", "known venue, no year"),
        ("must have four digits", "bad year"),
        ("in the future", "future year"),
    ):
        if needle in message:
            return name
    return "other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus/real"))
    parser.add_argument("--recursive", action="store_true", help="include subdirectories (extended/)")
    parser.add_argument("--quiet", action="store_true", help="print only the totals and the timing")
    args = parser.parse_args()
    pattern = "**/*.md" if args.recursive else "*.md"
    paths = sorted(p for p in args.corpus.glob(pattern) if p.name != "INDEX.md")
    if not paths:
        print(f"{args.corpus}: no Markdown files", file=sys.stderr)
        return 2
    headers = source_headers()

    for binding in BINDINGS:
        distinct: Counter[tuple[str, str, str]] = Counter()
        files = set()
        for path in paths:
            for diagnostic in findings(path, binding, headers):
                fix = diagnostic.fix.applicability.value if diagnostic.fix else None
                kind = finding_class(diagnostic.message, fix)
                distinct[(kind, diagnostic.severity.value, diagnostic.message)] += 1
                files.add(path)
        classes: Counter[str] = Counter()
        for (kind, _, _), count in distinct.items():
            classes[kind] += count
        print(f"\n== {binding}: {sum(distinct.values())} findings in {len(files)} of {len(paths)} files, "
              f"{len(distinct)} distinct")
        for kind, count in classes.most_common():
            print(f"  {kind:30} {count}")
        if not args.quiet:
            for (kind, severity, message), count in sorted(distinct.items()):
                shown = message if len(message) <= 150 else message[:147] + "..."
                print(f"    {count:4} [{kind}] {severity}: {shown}")

    # Timing (the machine may be shared: compare the ratio, not the seconds).
    texts = []
    for path in paths:
        document = parse_document(read_source(path))
        for table in document.tables:
            columns = [i for i, header in enumerate(table.headers) if header_text(header) in headers]
            texts += [row.cells[i].text for row in table.rows for i in columns if i < len(row.cells)]
    rounds = 5
    started = time.perf_counter()
    for _ in range(rounds):
        for path in paths:
            parse_document(read_source(path))
    baseline = (time.perf_counter() - started) / rounds
    builtin = load_venues()
    started = time.perf_counter()
    for _ in range(rounds):
        cold = copy.copy(builtin)  # the same index with an empty verdict cache
        cold._cache = {}
        for text in texts:
            parse_venue_year(text, venues=cold)
    parsing = (time.perf_counter() - started) / rounds
    print(
        f"\ntiming: parsing {len(texts)} source cells (cold verdict cache) takes "
        f"{parsing * 1000:.2f} ms = {parsing / baseline:.3f} x reading and locating the tables of "
        f"all {len(paths)} files ({baseline * 1000:.1f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
