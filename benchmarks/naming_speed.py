"""What the naming rules add to ``tablelint check --offline`` on a large table.

    python benchmarks/naming_speed.py [ROWS] [--repeat N]

Generates a table of ROWS rows (default 100000) in the user's shape
(benchmarks/tables.py), then times, in the same run and best of N:

* ``tablelint check --offline`` with every default rule;
* the same with the naming rules ignored (the baseline);
* the naming analysis alone, in process, on the already parsed document,
  as tablelint binds it (schema, vocabulary).

Each is reported as wall time and as CPU time; on a shared machine the CPU
ratios are the ones to trust. The budget: naming adds at most 30% to the
baseline check.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tablelint.config import settings_for
from tablelint.context import LintContext
from tablelint.document import parse_document
from tablelint.rules.naming import naming_findings
from tablelint.source import read_source
from tables import write_table

WORK = Path(__file__).resolve().parent / ".work"
NAMING = "TL401,TL402,TL403"


def _check_seconds(path: Path, *extra: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``tablelint check`` in a child process. CPU
    time (user + system) is the steadier figure on a machine shared with
    other work."""
    command = [
        sys.executable,
        "-m",
        "tablelint",
        "check",
        "--offline",
        "--exit-zero",
        "--output-format",
        "json",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*command, *extra, str(path)], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _analysis_seconds(path: Path) -> tuple[float, float, int]:
    """(wall, CPU, findings) of the naming analysis alone, in process."""
    document = parse_document(read_source(path))
    context = LintContext(document, settings_for(str(path)))
    context.binding(document.tables[0])  # bind first: binding is not naming's cost
    start, cpu = time.perf_counter(), time.process_time()
    findings = naming_findings(context)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall, cpu, len(findings.mismatches) + len(findings.casings) + len(findings.near_misses)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    path = write_table(WORK, arguments.rows)
    full, baseline, alone = [], [], []
    # Interleaved, so that a burst of load elsewhere hits both sides alike.
    for _ in range(arguments.repeat):
        baseline.append(_check_seconds(path, "--ignore", NAMING))
        full.append(_check_seconds(path))
        alone.append(_analysis_seconds(path))
    print(
        f"{arguments.rows} rows ({path.stat().st_size / 1e6:.1f} MB), best of {arguments.repeat}; "
        "wall and CPU seconds"
    )
    for label, column in (("wall", 0), ("CPU ", 1)):
        without = min(run[column] for run in baseline)
        with_naming = min(run[column] for run in full)
        analysis = min(run[column] for run in alone)
        print(
            f"{label}: check without naming {without:6.2f}, with naming {with_naming:6.2f} "
            f"(+{(with_naming - without) / without:.0%}); naming analysis alone {analysis:5.2f} "
            f"({analysis / without:.0%} of the check without naming)"
        )
    print(f"findings on this table: {alone[0][2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
