"""Parse speed and memory: tablelint's parser against stock mistune.

On tables of 1k, 10k and 100k rows in the shape of the user's reading list
(``tables.write_table``: 5 columns, CJK and Latin text, ``<br/>``, links, NULL
cells), in one run:

* time: ``read_source`` + ``parse_document`` (tablelint: locate the tables and
  split every cell) against reading the file and parsing it with stock mistune,
  ``create_markdown(renderer=None, plugins=["table"])``; median of ``--runs``
  runs, the two taking turns so that noise from other processes falls on both;
  the ratio is tablelint / mistune (target at 100k rows: at most 0.5);
* memory: the tracemalloc peak of one parse (read included), and the max RSS of
  a child process that only reads and parses, from ``getrusage(RUSAGE_CHILDREN)``
  of a process that starts just that child; next to the file size (target:
  at most 10 times the file size), and the RSS of a child that only reads the
  file, which is the interpreter's share;
* a check that both parsers saw the same number of rows.

``--corpus DIR`` also parses every ``*.md`` in DIR (for example the shared
corpus of real Markdown, which is never copied into the repository) and
reports whether tablelint's tables have the line ranges and header widths
that cmark-gfm (``cmarkgfm``, if installed) gives them.

Usage: python benchmarks/parse.py [--rows 1000,10000,100000] [--runs 3]
[--dir DIR] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import mistune

from tablelint.errors import InputError
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode, read_source
from tables import write_table

MIB = 1024 * 1024

# Code run in a child process: read (and parse) the file named by argv[1].
CHILD_CODE = {
    "read only": "import sys; open(sys.argv[1], 'rb').read()",
    "tablelint": (
        "import sys\n"
        "from tablelint.parse.source import read_source\n"
        "from tablelint.parse.document import parse_document\n"
        "parse_document(read_source(sys.argv[1]))"
    ),
    "mistune": (
        "import sys, mistune\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "mistune.create_markdown(renderer=None, plugins=['table'])(text)"
    ),
}
# Started once per measurement, so that RUSAGE_CHILDREN holds that one child only.
RSS_PROBE = (
    "import resource, subprocess, sys\n"
    "subprocess.run([sys.executable, '-c', sys.argv[1], sys.argv[2]], check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def tablelint_parse(path: Path) -> int:
    document = parse_document(read_source(path))
    return sum(len(table.rows) for table in document.tables)


def mistune_parse(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    tokens = mistune.create_markdown(renderer=None, plugins=["table"])(text)
    return sum(
        len(child["children"])
        for token in tokens
        if token["type"] == "table"
        for child in token["children"]
        if child["type"] == "table_body"
    )


def timed(parse: Callable[[Path], int], path: Path) -> tuple[float, int]:
    gc.collect()
    start = time.perf_counter()
    rows = parse(path)
    return time.perf_counter() - start, rows


def tracemalloc_peak(parse: Callable[[Path], int], path: Path) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        parse(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def child_max_rss(code: str, path: Path) -> int:
    """Max RSS in bytes of a fresh process running ``code`` on ``path``."""
    probe = subprocess.run(
        [sys.executable, "-c", RSS_PROBE, code, str(path)], capture_output=True, text=True, check=True
    )
    kib = int(probe.stdout.split()[-1])  # ru_maxrss is in KiB on Linux
    return kib * 1024


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


def measure(rows: int, runs: int, directory: Path) -> dict[str, float]:
    path = write_table(directory, rows)
    size = path.stat().st_size
    ours, theirs = [], []
    rows_seen = {}
    for _ in range(runs):
        seconds, rows_seen["tablelint"] = timed(tablelint_parse, path)
        ours.append(seconds)
        seconds, rows_seen["mistune"] = timed(mistune_parse, path)
        theirs.append(seconds)
    if rows_seen["tablelint"] != rows:
        raise SystemExit(f"tablelint saw {rows_seen['tablelint']} rows in {path}, expected {rows}")
    return {
        "rows": rows,
        "size": size,
        "tablelint": statistics.median(ours),
        "mistune": statistics.median(theirs),
        "mistune_rows": rows_seen["mistune"],
        "peak": tracemalloc_peak(tablelint_parse, path),
        "mistune_peak": tracemalloc_peak(mistune_parse, path),
        "rss": child_max_rss(CHILD_CODE["tablelint"], path),
        "mistune_rss": child_max_rss(CHILD_CODE["mistune"], path),
        "read_rss": child_max_rss(CHILD_CODE["read only"], path),
    }


def report(results: list[dict[str, float]], runs: int) -> None:
    print(f"\nmedian of {runs} runs; load average at the end: {load_average()}")
    print(
        "| rows | file MiB | tablelint s | mistune s | ratio | rows (mistune) "
        "| tracemalloc peak MiB (x file) | child max RSS MiB (x file) "
        "| mistune peak / RSS MiB | read-only RSS MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        size = r["size"]
        print(
            f"| {r['rows']:,} | {size / MIB:.2f} | {r['tablelint']:.3f} | {r['mistune']:.3f} "
            f"| {r['tablelint'] / r['mistune']:.2f} | {r['mistune_rows']:,} "
            f"| {r['peak'] / MIB:.1f} ({r['peak'] / size:.1f}x) "
            f"| {r['rss'] / MIB:.1f} ({r['rss'] / size:.1f}x) "
            f"| {r['mistune_peak'] / MIB:.1f} / {r['mistune_rss'] / MIB:.1f} | {r['read_rss'] / MIB:.1f} |"
        )
    largest = results[-1]
    ratio = largest["tablelint"] / largest["mistune"]
    memory = largest["peak"] / largest["size"]
    print(
        f"\nat {largest['rows']:,} rows: time ratio {ratio:.2f} (target <= 0.5: "
        f"{'met' if ratio <= 0.5 else 'NOT met'}), tracemalloc peak {memory:.1f}x the file "
        f"(target <= 10x: {'met' if memory <= 10 else 'NOT met'})"
    )


_CMARK_TABLE = re.compile(r'<table data-sourcepos="\d+:\d+-(\d+):\d+">(.*?)</table>', re.S)


def corpus_agreement(directory: Path) -> None:
    try:
        import cmarkgfm
        from cmarkgfm.cmark import Options
    except ImportError:
        print("\n--corpus needs the cmarkgfm package (pip install cmarkgfm)")
        return
    files = sorted(directory.glob("*.md"))
    agree = tables = 0
    seconds = 0.0
    for path in files:
        data = path.read_bytes()
        try:
            start = time.perf_counter()
            document = parse_document(decode(data, path.name))
            seconds += time.perf_counter() - start
        except InputError as error:
            print(f"  {error}")
            continue
        ours = sorted((t.first_line, t.last_line, t.column_count) for t in document.tables)
        html = cmarkgfm.github_flavored_markdown_to_html(
            data.decode("utf-8-sig"), options=Options.CMARK_OPT_SOURCEPOS
        )
        theirs = []
        for match in _CMARK_TABLE.finditer(html):
            end, body = int(match.group(1)), match.group(2)
            head, _, rows = body.partition("<tbody>")
            theirs.append((end - rows.count("<tr") - 1, end, len(re.findall(r"<th[ >]", head))))
        tables += len(theirs)
        if ours == sorted(theirs):
            agree += 1
        else:
            print(f"  {path.name}: tablelint {ours[:5]} cmark-gfm {sorted(theirs)[:5]}")
    print(
        f"\ncorpus {directory}: {agree}/{len(files)} files with the same tables as cmark-gfm "
        f"({tables} tables in all); tablelint parse time {seconds:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,10000,100000", help="comma-separated table sizes")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per parser and size (median)")
    parser.add_argument(
        "--dir", type=Path, help="where the generated tables go (default: a temporary folder)"
    )
    parser.add_argument("--corpus", type=Path, help="also compare with cmark-gfm on every *.md here")
    args = parser.parse_args()
    try:
        sizes = [int(size) for size in args.rows.split(",")]
    except ValueError:
        parser.error(f"--rows: not a list of numbers: {args.rows!r}")
    if args.runs < 1:
        parser.error("--runs: at least 1")

    with tempfile.TemporaryDirectory(prefix="tablelint-parse-") as scratch:
        directory = args.dir or Path(scratch)
        results = []
        for rows in sizes:
            print(f"{rows:,} rows ...", flush=True)
            results.append(measure(rows, args.runs, directory))
        report(results, args.runs)
    if args.corpus:
        corpus_agreement(args.corpus)


if __name__ == "__main__":
    main()
