"""This tree against an earlier commit, in one run: start-up, 100k rows, 2,000 files.

    python benchmarks/before_after.py [--before REV] [--runs 11] [--rows 100000] [--files 2000] [--no-write]

The speed check of a change that should cost nothing (the layered core of
issue 14). ``REV`` (default: the last commit before the restructure) is
checked out as a worktree under benchmarks/.work/ and run from its source
(``PYTHONPATH``), with this tree run the same way, by the same interpreter,
so that only the code differs. The commands take turns run after run, so
that noise from other processes falls on all of them, and each figure is
also a ratio against a baseline measured in the same turn:

- start-up: ``check --offline`` of a copy of examples/llm-papers.md changed
  before each run (the result cache misses), against
  ``python -c "import mistune, pydantic, click"``;
- 100k rows: ``check --offline --schema paper-list`` of the generated table
  (changed before each run), against stock mistune's full parse of it;
- 2,000 files: ``check --offline --no-cache`` of many_files.py's generated
  tree, before against after (no third-party baseline reads 2,000 files).

Writes the "before-after" section of RESULTS.md (``before-after-REV`` for
another ``--before``) unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from compare import (
    BASELINE_SNIPPET,
    REPO,
    WORK,
    Run,
    change_file,
    load_average,
    machine_lines,
    markdown_table,
    now,
    positive_int,
    progress,
    project_python,
    run_process,
    write_section,
    write_table_file,
)
from many_files import generate

DEFAULT_BEFORE = "440d9cc"  # main before the layered core
IMPORT_FLOOR = "import mistune, pydantic, click"


def checkout(revision: str) -> Path:
    tree = WORK / f"before-{revision}"
    if not tree.exists():
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), revision], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return tree


def compiled(tree: Path) -> Path:
    """The tree's package byte-compiled, as an installed wheel is."""
    subprocess.run([project_python(), "-m", "compileall", "-q", str(tree / "src" / "tablelint")], check=True,
                   stdout=subprocess.DEVNULL)
    return tree


# An empty config for both trees: the files live under this repository, whose
# own config (keys the earlier commit may not know) must not apply to them.
EMPTY_CONFIG = WORK / "before-after-empty.toml"


# What the ``tablelint`` console script runs (``python -m`` would add runpy's
# import to every run of both trees): the entry point, called as the script
# calls it.
CONSOLE_SCRIPT = "import sys; from tablelint.entry import run; sys.argv[0] = 'tablelint'; sys.exit(run())"


def command(tree: Path, subcommand: str, *arguments: str) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "TABLELINT_CACHE_DIR": str(WORK / f"cache-{tree.name}")}
    return [project_python(), "-c", CONSOLE_SCRIPT, subcommand, "--config", str(EMPTY_CONFIG), *arguments], env


def measure(label: str, commands: dict[str, tuple[list[str], dict[str, str] | None]], runs: int,
            before_each: callable | None = None) -> dict[str, list[Run]]:  # type: ignore[valid-type]
    for argv, env in commands.values():  # warm-up: schema caches, .pyc files
        run_process(argv, env=env)
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for number in range(1, runs + 1):
        for name, (argv, env) in commands.items():
            if before_each is not None:
                before_each()
            run = run_process(argv, env=env)
            if run.exit_code not in (0, 1):
                raise SystemExit(f"{label}: {name} failed: {run.last_error_line()}")
            results[name].append(run)
        progress(f"{label}: run {number}/{runs}: " + ", ".join(
            f"{name} {results[name][-1].seconds:.2f} s" for name in commands))
    return results


def cpu_median(runs: list[Run]) -> float:
    return statistics.median(run.cpu_seconds for run in runs)


def wall_median(runs: list[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=DEFAULT_BEFORE, help=f"the earlier commit (default {DEFAULT_BEFORE})")
    parser.add_argument("--runs", type=positive_int, default=11)
    parser.add_argument("--rows", type=positive_int, default=100_000)
    parser.add_argument("--files", type=positive_int, default=2000)
    parser.add_argument("--no-write", action="store_true", help="print the results; leave RESULTS.md alone")
    arguments = parser.parse_args()

    EMPTY_CONFIG.parent.mkdir(parents=True, exist_ok=True)
    EMPTY_CONFIG.write_text("", encoding="utf-8")
    before = compiled(checkout(arguments.before))
    after = compiled(REPO)
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    started, load_before = now(), load_average()

    seed = WORK / "before-after-seed.md"
    shutil.copyfile(REPO / "examples" / "llm-papers.md", seed)
    seed_size = seed.stat().st_size
    startup = measure("start-up", {
        "floor": ([project_python(), "-c", IMPORT_FLOOR], None),
        "before": command(before, "check", "--offline", str(seed)),
        "after": command(after, "check", "--offline", str(seed)),
    }, arguments.runs, lambda: change_file(seed, seed_size))

    table = write_table_file(arguments.rows)
    table_size = table.stat().st_size
    big_runs = max(3, arguments.runs // 3)
    big = measure(f"{arguments.rows:,} rows", {
        "mistune": ([project_python(), "-c", BASELINE_SNIPPET, str(table)], None),
        "before": command(before, "check", "--offline", "--schema", "paper-list", str(table)),
        "after": command(after, "check", "--offline", "--schema", "paper-list", str(table)),
    }, big_runs, lambda: change_file(table, table_size))

    tree = WORK / f"many-files-{arguments.files}"
    generate(tree, arguments.files)
    many = measure(f"{arguments.files:,} files", {
        "before": command(before, "check", "--offline", "--no-cache", str(tree)),
        "after": command(after, "check", "--offline", "--no-cache", str(tree)),
    }, big_runs)

    def row(label: str, runs: list[Run], baseline: list[Run] | None) -> list[str]:
        ratio = f"{wall_median(runs) / wall_median(baseline):.2f}×" if baseline is not None else "—"
        cpu_ratio = f"{cpu_median(runs) / cpu_median(baseline):.2f}×" if baseline is not None else "—"
        return [label, f"{wall_median(runs):.3f} s", f"{cpu_median(runs):.3f} s", ratio, cpu_ratio]

    header = ["command", "wall, median", "CPU, median", "÷ baseline (wall)", "÷ baseline (CPU)"]

    def both_against(baseline_label: str, results: dict[str, list[Run]], baseline: str) -> str:
        """The baseline's row, then before's and after's as ratios to it."""
        return markdown_table(header, [
            row(baseline_label, results[baseline], None),
            row("before", results["before"], results[baseline]),
            row("after", results["after"], results[baseline]),
        ])

    text = "\n".join([
        f"## Before and after the layered core (issue 14), against {arguments.before}\n",
        f"`python benchmarks/before_after.py --before {arguments.before} --runs {arguments.runs} "
        f"--rows {arguments.rows} --files {arguments.files}`, {started}: before = {arguments.before}, "
        f"after = {head} (working tree). Both run from source by the same interpreter, byte-compiled, "
        "taking turns run after run.\n",
        *[f"- {line}" for line in machine_lines()],
        f"- Load average before / after: {load_before} / {load_average()}.",
        "",
        f"Start-up, `check --offline` of the seed table changed before each run ({arguments.runs} runs each); "
        f"baseline `python -c \"{IMPORT_FLOOR}\"` (target: after ≤ 1.3× the floor):\n",
        both_against("import floor (baseline)", startup, "floor"),
        "",
        f"{arguments.rows:,} rows, `check --offline --schema paper-list` ({big_runs} runs each); baseline stock "
        "mistune's full parse (target: after no slower relative to it than before):\n",
        both_against("mistune full parse (baseline)", big, "mistune"),
        "",
        f"{arguments.files:,} small files, `check --offline --no-cache DIR` ({big_runs} runs each); baseline "
        "the earlier commit (target: after no slower):\n",
        markdown_table(header, [
            row("before (baseline)", many["before"], None),
            row("after", many["after"], many["before"]),
        ]),
    ])
    print(text)
    if not arguments.no_write:
        # One section per earlier commit: the default's, and any other asked for.
        section = "before-after" if arguments.before == DEFAULT_BEFORE else f"before-after-{arguments.before}"
        write_section(section, text)
        progress("written to benchmarks/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
