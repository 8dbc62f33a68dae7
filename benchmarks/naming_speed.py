"""What the naming rules add to ``tablelint check --offline`` on a large table.

    python benchmarks/naming_speed.py [ROWS] [--repeat N] [--no-check]

Generates a table of ROWS rows (default 100000) in the user's shape
(benchmarks/tables.py), then times, in the same run and best of N:

* stock mistune (``create_markdown(renderer=None, plugins=["table"])``)
  reading and parsing the file, in process: the yardstick of the issue
  budget;
* the naming analysis alone, in process, on the already parsed document,
  as tablelint binds it (schema, vocabulary);
* ``tablelint check --offline`` with every default rule, and the same with
  the naming rules ignored (skipped with ``--no-check``), each through a small
launcher that reports its CPU time and peak RSS.

Each is reported as wall time and as CPU time; on a shared machine the CPU
ratios are the ones to trust. The budgets: the naming analysis takes at most
0.08× the mistune parse, and naming is at most 20% of the check (the time it
adds over the check without it, divided by the check with it), also given
as the median over the pairs of checks that ran back to back.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tablelint.config import settings_for
from tablelint.facts.context import LintContext
from tablelint.parse.document import parse_document
from tablelint.parse.source import read_source
from tablelint.rules.naming import naming_findings
from tables import write_table

WORK = Path(__file__).resolve().parent / ".work"
NAMING = "TL401,TL402,TL403"


# Runs one command and prints its CPU seconds and peak RSS (KiB). A small
# launcher, because Linux keeps a process's peak RSS across exec: a check
# forked straight from this process, which holds a parsed 100k-row table,
# would report this process's size.
LAUNCHER = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss)"
)


def _check_seconds(path: Path, *extra: str) -> tuple[float, float, float]:
    """(wall, CPU) seconds and peak RSS (MiB) of one ``tablelint check`` in a
    child process. CPU time (user + system) is the steadier figure on a
    machine shared with other work."""
    command = [
        sys.executable,
        "-m",
        "tablelint",
        "check",
        "--offline",
        "--exit-zero",
        "--no-cache",
        "--output-format",
        "json",
    ]
    start = time.perf_counter()
    probe = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command, *extra, str(path)], capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - start
    cpu, peak = probe.stdout.split()
    return wall, float(cpu), int(peak) / 1024


def _mistune_seconds(path: Path) -> tuple[float, float]:
    """(wall, CPU) of stock mistune reading and parsing the file, in process."""
    import mistune

    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    mistune.create_markdown(renderer=None, plugins=["table"])(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start, time.process_time() - cpu


def _analysis_seconds(path: Path) -> tuple[float, float, int]:
    """(wall, CPU, findings) of the naming analysis alone, in process."""
    document = parse_document(read_source(path))
    context = LintContext(document, settings_for(str(path)))
    context.binding(document.tables[0])  # bind first: binding is not naming's cost
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    findings = naming_findings(context)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall, cpu, len(findings.mismatches) + len(findings.casings) + len(findings.near_misses)


def _commit() -> str:
    """The commit of the tree being measured (tablelint's, which may be another tree's)."""
    import tablelint

    where = Path(tablelint.__file__).resolve().parent
    found = subprocess.run(["git", "-C", str(where), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return found.stdout.strip() or f"(not a checkout: {where})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-check", action="store_true", help="time only mistune and the analysis")
    arguments = parser.parse_args()
    path = write_table(WORK, arguments.rows)
    full, baseline, alone, mistune = [], [], [], []
    # Interleaved, so that a burst of load elsewhere hits every side alike.
    for _ in range(arguments.repeat):
        mistune.append(_mistune_seconds(path))
        alone.append(_analysis_seconds(path))
        if not arguments.no_check:
            baseline.append(_check_seconds(path, "--ignore", NAMING))
            full.append(_check_seconds(path))
    print(
        f"{arguments.rows} rows ({path.stat().st_size / 1e6:.1f} MB), best of {arguments.repeat}, git "
        f"{_commit()}; "
        "wall and CPU seconds"
    )
    for label, column in (("wall", 0), ("CPU ", 1)):
        parse = min(run[column] for run in mistune)
        analysis = min(run[column] for run in alone)
        line = (
            f"{label}: mistune parse {parse:6.2f}; naming analysis {analysis:5.2f} "
            f"({analysis / parse:.3f}× the mistune parse, budget 0.08×)"
        )
        if full:
            without = min(run[column] for run in baseline)
            with_naming = min(run[column] for run in full)
            # Each pair ran back to back: the share within a pair is steadier
            # than one taken across the run on a loaded machine.
            shares = [(on[column] - off[column]) / on[column] for on, off in zip(full, baseline, strict=True)]
            line += (
                f"; check without naming {without:6.2f}, with naming {with_naming:6.2f} "
                f"(naming {(with_naming - without) / with_naming:.0%} of the check; median within pairs "
                f"{statistics.median(shares):.0%}, budget 20%; check with naming "
                f"{with_naming / parse:.2f}× the mistune parse, budget 0.6×)"
            )
        print(line)
    if full:
        size = path.stat().st_size / 2**20
        peak = max(run[2] for run in full)
        print(
            f"peak RSS of the check: {peak:.0f} MiB with naming, {max(run[2] for run in baseline):.0f} MiB "
            f"without, for a {size:.1f} MiB file (limit 10 × file + 50 MiB = {10 * size + 50:.0f} MiB)"
        )
    print(f"findings on this table: {alone[0][2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
