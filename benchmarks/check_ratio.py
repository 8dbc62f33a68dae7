"""`tablelint check --offline --schema paper-list` against stock mistune's full parse, on one table.

    python benchmarks/check_ratio.py [--rows 100000] [--runs 9] [--no-write]

The benchmark of the schemas issue: on the generated table in the user's shape
(``tables.write_table``), whole processes, the two commands taking turns run
after run so that noise from other processes falls on both: the check
(output to /dev/null, its file changed before each run so that the result
cache cannot answer) and ``create_markdown(renderer=None, plugins=["table"])``
reading and parsing the same file. Reports the medians, their ratio (target
at most 0.6), the ratio of every pair of neighbouring runs, and the peak RSS
of each. tablelint's modules are byte-compiled and its schema cache warmed
first, as on a user's machine after the first check. Writes the "check-ratio"
section of RESULTS.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from compare import (
    BASELINE_SNIPPET,
    MB,
    Run,
    byte_compile_package,
    change_file,
    load_average,
    machine_lines,
    markdown_table,
    now,
    positive_int,
    progress,
    project_python,
    project_versions,
    run_process,
    tablelint_command,
    tablelint_env,
    write_section,
    write_table_file,
)

TARGET = 0.6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=positive_int, default=100_000)
    parser.add_argument("--runs", type=positive_int, default=9)
    parser.add_argument("--no-write", action="store_true", help="print the results; leave RESULTS.md alone")
    arguments = parser.parse_args()

    path = write_table_file(arguments.rows)
    size = path.stat().st_size
    check = [*tablelint_command(), "check", "--offline", "--schema", "paper-list", str(path)]
    mistune = [project_python(), "-c", BASELINE_SNIPPET, str(path)]
    byte_compile_package()
    run_process(check, env=tablelint_env())  # warm-up: the compiled-schema cache
    started, load_before = now(), load_average()
    checks: list[Run] = []
    parses: list[Run] = []
    for number in range(1, arguments.runs + 1):
        change_file(path, size)
        checks.append(run_process(check, env=tablelint_env()))
        parses.append(run_process(mistune))
        progress(f"run {number}/{arguments.runs}: check {checks[-1].seconds:.2f} s, "
                 f"mistune {parses[-1].seconds:.2f} s")
    for run in checks + parses:
        if run.exit_code not in (0, 1):
            raise SystemExit(f"a run failed: {run.last_error_line()}")

    check_median = statistics.median(run.seconds for run in checks)
    parse_median = statistics.median(run.seconds for run in parses)
    ratio = check_median / parse_median
    pairs = sorted(c.seconds / p.seconds for c, p in zip(checks, parses, strict=True))
    verdict = "met" if ratio <= TARGET else "not met"
    text = "\n".join([
        "## check against a bare mistune parse (issue 3)\n",
        f"`python benchmarks/check_ratio.py --rows {arguments.rows} --runs {arguments.runs}`, {started}. "
        f"`tablelint check --offline --schema paper-list` on the {arguments.rows:,}-row table "
        f"({size / MB:.1f} MB) and stock mistune's full parse of it, whole processes taking turns; "
        "medians. tablelint's modules byte-compiled, its schema cache warm, its result cache missed.\n",
        *[f"- {line}" for line in machine_lines()],
        f"- Load average before / after: {load_before} / {load_average()}.",
        "- Versions: " + ", ".join(f"{name} {version}" for name, version in project_versions().items()),
        "",
        markdown_table(
            ["command", "median", "min", "max", "peak RSS"],
            [
                [label, f"{statistics.median(r.seconds for r in runs):.2f} s",
                 f"{min(r.seconds for r in runs):.2f} s", f"{max(r.seconds for r in runs):.2f} s",
                 f"{max(r.peak_rss for r in runs) / MB:.0f} MB"]
                for label, runs in (("tablelint check --offline --schema paper-list", checks),
                                    ("mistune full parse (baseline)", parses))
            ],
        ),
        "",
        f"Ratio of the medians: **{ratio:.2f}** (target ≤ {TARGET}: **{verdict}**). "
        f"Ratio within each pair of neighbouring runs: {', '.join(f'{value:.2f}' for value in pairs)} "
        f"(median {statistics.median(pairs):.2f}).",
    ])
    print(text)
    if not arguments.no_write:
        write_section("check-ratio", text)
        progress("written to benchmarks/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
