"""Which value-class style pays, for the values made per link or per term?

tablelint's value classes are Records (``record.py``: ``__slots__`` and a
hand-written ``__init__``). The values made once per link found or per term of
a cell (``links.LinkRef``, ``links.extract.FoundLink``, ``naming.terms.Term``)
were ``collections.namedtuple``s, with their field types in comments. Issue 14
asked to convert them unless a measurement says otherwise; this is that
measurement (they became ``typing.NamedTuple`` classes), for a 10-field value
shaped like LinkRef and a 3-field one shaped like Term, in four styles:

- ``collections.namedtuple`` (the baseline),
- ``typing.NamedTuple`` (the same class with typed fields),
- a Record,
- ``@dataclass(slots=True, frozen=True)``.

For each: the cost of defining the class (median over fresh interpreters, as
every run of the command line pays it when it imports the module), of making
100,000 values (a 100k-row table has at least that many links or terms), and
of pickling them (worker processes send their results pickled). Every figure
is also a ratio to the namedtuple's, measured in the same run.

Usage: python benchmarks/value_classes.py [--runs 15] [--no-write]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from compare import markdown_table, now, positive_int, write_section

SRC = Path(__file__).resolve().parents[1] / "src"
WIDE = ("url", "kind", "line", "column", "end_column", "table", "row", "field", "row_name", "fixable")
WIDE_TYPES = ("str", "str", "int", "int", "int", "int", "int", "str | None", "str | None", "bool")
NARROW = ("start", "end", "text")
NARROW_TYPES = ("int", "int", "str")
STYLES = ("collections.namedtuple", "typing.NamedTuple", "Record", "dataclass(slots, frozen)")


def definition(style: str, name: str, fields: tuple[str, ...], types: tuple[str, ...]) -> str:
    """Python source defining the class ``name`` in ``style``."""
    if style == "collections.namedtuple":
        return f"from collections import namedtuple\n{name} = namedtuple({name!r}, {fields!r})\n"
    if style == "typing.NamedTuple":
        body = "".join(f"    {field}: {kind}\n" for field, kind in zip(fields, types, strict=True))
        return f"from typing import NamedTuple\nclass {name}(NamedTuple):\n{body}"
    if style == "Record":
        signature = ", ".join(f"{field}: {kind}" for field, kind in zip(fields, types, strict=True))
        assignments = "".join(f"        self.{field} = {field}\n" for field in fields)
        return (f"from tablelint.record import Record\nclass {name}(Record):\n    __slots__ = {fields!r}\n"
                f"    def __init__(self, {signature}) -> None:\n{assignments}")
    body = "".join(f"    {field}: {kind}\n" for field, kind in zip(fields, types, strict=True))
    return (f"from dataclasses import dataclass\n@dataclass(slots=True, frozen=True)\nclass {name}:\n{body}")


def probe_source(style: str, fields: tuple[str, ...], types: tuple[str, ...], count: int) -> str:
    """A program that defines the class, makes ``count`` values and pickles them, printing the three times."""
    arguments = ", ".join(repr(index) if kind.startswith("int") else repr(f"v{index}")
                          for index, kind in enumerate(types))
    setup = definition(style, "Value", fields, types)
    return (
        "from __future__ import annotations\nimport pickle, sys, time\n"
        f"sys.path.insert(0, {str(SRC)!r})\n"
        "import tablelint.record, typing, dataclasses, collections\n"
        "start = time.perf_counter()\n"
        f"exec(compile({setup!r}, 'value', 'exec'))\n"
        "defined = time.perf_counter()\n"
        f"values = [Value({arguments}) for _ in range({count})]\n"
        "made = time.perf_counter()\n"
        "pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)\n"
        "pickled = time.perf_counter()\n"
        "print(defined - start, made - defined, pickled - made)\n"
    )


def measure(runs: int, count: int) -> dict[tuple[str, str], list[tuple[float, float, float]]]:
    """Each (shape, style) run ``runs`` times in fresh interpreters, the styles taking turns."""
    times: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    shapes = {"10 fields (LinkRef)": (WIDE, WIDE_TYPES), "3 fields (Term)": (NARROW, NARROW_TYPES)}
    for _ in range(runs):
        for shape, (fields, types) in shapes.items():
            for style in STYLES:
                program = probe_source(style, fields, types, count)
                output = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
                define, make, dump = (float(part) for part in output.stdout.split())
                times.setdefault((shape, style), []).append((define, make, dump))
    return times


def report(times: dict[tuple[str, str], list[tuple[float, float, float]]], runs: int, count: int) -> str:
    rows = []
    for (shape, style), samples in times.items():
        medians = [statistics.median(sample[index] for sample in samples) for index in range(3)]
        baseline = [statistics.median(sample[index] for sample in times[(shape, STYLES[0])]) for index in range(3)]
        rows.append([
            shape, style,
            f"{medians[0] * 1e3:.3f} ms ({medians[0] / baseline[0]:.1f}×)",
            f"{medians[1] * 1e3:.1f} ms ({medians[1] / baseline[1]:.2f}×)",
            f"{medians[2] * 1e3:.1f} ms ({medians[2] / baseline[2]:.2f}×)",
        ])
    header = ["value", "style", "define the class", f"make {count:,}", f"pickle {count:,}"]
    return (f"`python benchmarks/value_classes.py --runs {runs}`, {now()}: medians of {runs} fresh interpreters "
            f"each; in brackets, the ratio to `collections.namedtuple` in the same run.\n\n"
            + markdown_table(header, rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=positive_int, default=15)
    parser.add_argument("--count", type=positive_int, default=100_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    table = report(measure(args.runs, args.count), args.runs, args.count)
    print(table)
    if not args.no_write:
        write_section("value-classes", "## Value classes made per link or per term\n\n" + table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
