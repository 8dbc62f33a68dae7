"""Hostile input: ``tablelint check`` on inputs built to make it hang or
exhaust memory, before and after the limits and linear scanners, against a
bare mistune parse of the same bytes.

Each case is a whole process, ``python -m tablelint check --offline
--no-cache``, run with the current tree (``after``) and with the tree of
``--before REV`` (default: the commit before the hostile-input work),
extracted with ``git archive`` into ``.work/hostile/``. The baseline is
compare.py's: a Python process that parses the file with stock mistune
(block and inline, with its table plugin). The ratios are each check's
median over the baseline's median, from the same run.

A run is killed at ``--timeout`` seconds (default 60) and held to 2 GB of
address space, so that the cases that grew without bound before (the YAML
alias bomb, ``/dev/zero``) cannot take the machine down; a killed or failed
run is reported as such, never timed. The cases that are not Markdown (the
alias bomb, a FIFO, a device) have no baseline: their exit code and time
are the result.

Usage: python benchmarks/hostile.py [--before REV] [--runs 3] [--timeout 60] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from compare import (
    BASELINE_SNIPPET,
    REPO,
    WORK,
    Run,
    load_average,
    machine_lines,
    markdown_table,
    now,
    project_python,
    project_versions,
    ratio_text,
    run_process,
    seconds_text,
    size_text,
    write_section,
)

HOSTILE = WORK / "hostile"
DEFAULT_BEFORE = "7ec2d8d"  # the branch point of the hostile-input work
MEMORY_CAP = 2 * 1024**3  # bytes of address space for every run
# Sets the memory cap, then becomes the command: RLIMIT_AS holds the process
# and the children it starts.
CAPPED = (
    "import os, resource, sys; "
    "resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1]))); "
    "os.execv(sys.argv[2], sys.argv[2:])"
)
ALIAS_BOMB = (
    "name: bomb\nfields:\n  - name: a\n    constraints:\n      enum: &l9 [&l0 [x, x, x, x, x, x, x, x, x],\n"
    + "".join(f"        &l{level} [{', '.join([f'*l{level - 1}'] * 9)}],\n" for level in range(1, 9))
    + "      ]\n"
)


def cell(text: str, header: str = "| a | b |") -> str:
    return header + "\n| --- | --- |\n| x | " + text + " |\n"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes the input into a folder; returns the check's arguments
    markdown: str | None = None  # the file whose bytes the baseline parses


def markdown_case(name: str, text: str) -> Case:
    def make(folder: Path) -> list[str]:
        (folder / "input.md").write_text(text, encoding="utf-8")
        return ["input.md"]

    return Case(name, make, "input.md")


def alias_bomb(folder: Path) -> list[str]:
    (folder / "bomb.yaml").write_text(ALIAS_BOMB)
    (folder / "t.md").write_text(cell("a model"))
    return ["--schema", "bomb.yaml", "t.md"]


def fifo_in_directory(folder: Path) -> list[str]:
    (folder / "docs").mkdir()
    (folder / "docs" / "a.md").write_text(cell("a model"))
    os.mkfifo(folder / "docs" / "pipe.md")
    return ["docs"]


def dev_zero(folder: Path) -> list[str]:
    return ["/dev/zero"]


def cases() -> list[Case]:
    deep = 10_000
    return [
        Case("YAML alias bomb as --schema (546 bytes, 9⁹ values)", alias_bomb),
        markdown_case("`<!--` × 32,768 in one cell (128 KB)", cell("<!--" * 32_768)),
        markdown_case("`<!--` × 500,000 in one cell (2 MB)", cell("<!--" * 500_000)),
        markdown_case("unclosed `<!-- tablelint-disable`, then 200 KB of spaces",
                      cell("x <!-- tablelint-disable" + " " * 200_000 + "y")),
        markdown_case("10,000 placeholder rows under one with content (reference for the next)",
                      "| a | b |\n| --- | --- |\n| LaMDA | a model |\n" + "| NULL | NULL |\n" * 10_000),
        markdown_case("the same, a `disable-line` on each placeholder row",
                      "| a | b |\n| --- | --- |\n| LaMDA | a model |\n"
                      + "| NULL <!-- tablelint-disable-line placeholder-row --> | NULL |\n" * 10_000),
        markdown_case("10,000 placeholder rows above the one with content",
                      "| a | b |\n| --- | --- |\n" + "| NULL | NULL |\n" * 10_000 + "| LaMDA | a model |\n"),
        markdown_case("unclosed `<http://` × 16,384 in a references cell (144 KB)",
                      cell("<http://1" * 16_384, header="| name | notes |")),
        markdown_case("backtick runs of every length up to 700 in one row (245 KB)",
                      "| a | b |\n| --- | --- |\n| x | " + "".join("`" * n + "|" for n in range(1, 700)) + "\n"),
        markdown_case("a row of 100,000 cells under 10,000 rows",
                      "| a | b |\n| --- | --- |\n" + "| x | y |\n" * 10_000 + "|" * 100_000 + "\n"),
        markdown_case("128 KB of spaces before a dash, under a header", "| a |\n" + " " * 131_072 + "-x\n"),
        markdown_case("`[[` × 65,536 in a row with an extra cell",
                      "| a | b |\n| --- | --- |\n| x | y | " + "[[" * 65_536 + "\n"),
        markdown_case(f"a table under {deep:,} `>`",
                      "".join(">" * deep + " " + row + "\n" for row in ("| a | b |", "| --- | --- |", "| 1 | 2 |"))),
        Case("a FIFO named `*.md` in a checked directory", fifo_in_directory),
        Case("`/dev/zero` named on the command line", dev_zero),
    ]


@dataclass
class Measured:
    runs: list[Run]
    failure: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(run.seconds for run in self.runs) if self.runs and not self.failure else None

    def cell(self) -> str:
        if self.failure:
            return self.failure
        peak = max(run.peak_rss for run in self.runs)
        codes = sorted({run.exit_code for run in self.runs})
        return f"{seconds_text(self.median or 0)} ({peak / 1024**2:.0f} MB, exit {', '.join(map(str, codes))})"


def extract_tree(revision: str) -> Path:
    """The ``src`` folder of ``revision``, extracted once with the built-in
    ``schemas`` beside it (where a source checkout finds them)."""
    target = HOSTILE / f"tree-{revision}"
    if not (target / "src" / "tablelint").is_dir() or not (target / "schemas").is_dir():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", revision, "src", "schemas"], cwd=REPO, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target / "src"


def measure(command: list[str], folder: Path, env: dict[str, str], runs: int, timeout: float) -> Measured:
    capped = [project_python(), "-c", CAPPED, str(MEMORY_CAP), *command]
    done: list[Run] = []
    for _ in range(runs):
        run = run_process(capped, cwd=folder, env=env, timeout=timeout)
        if run.timed_out:
            return Measured(done, f"killed at {timeout:.0f} s")
        if run.exit_code not in (0, 1, 2):
            return Measured(done, f"failed (exit {run.exit_code}): {run.last_error_line()[:80]}")
        if b"MemoryError" in run.stderr:
            return Measured(done, f"out of memory at the {MEMORY_CAP // 1024**3} GB cap")
        if run.exit_code == 2 and b"internal error" in run.stderr:
            return Measured(done, f"internal error: {run.last_error_line()[:80]}")
        done.append(run)
        if run.seconds > timeout / 4:
            break  # one long run is enough
    return Measured(done)


def tablelint_env(source: Path, cache: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(source), "TABLELINT_CACHE_DIR": str(cache), "TABLELINT_JOBS": "1"}
    env.pop("TABLELINT_DEBUG", None)
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=DEFAULT_BEFORE, help="the revision to compare with")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    started, load_before = now(), load_average()
    trees = {"before": extract_tree(arguments.before), "after": REPO / "src"}
    check = [project_python(), "-m", "tablelint", "check", "--offline", "--no-cache"]
    rows = []
    for number, case in enumerate(cases(), 1):
        folder = HOSTILE / "inputs" / f"case-{number:02d}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        check_arguments = case.make(folder)
        results: dict[str, Measured] = {}
        for label, source in trees.items():
            env = tablelint_env(source, HOSTILE / f"cache-{label}")
            print(f"{case.name}: {label} …", file=sys.stderr, flush=True)
            results[label] = measure([*check, *check_arguments], folder, env, arguments.runs, arguments.timeout)
        baseline = None
        size = ""
        if case.markdown:
            size = size_text((folder / case.markdown).stat().st_size)
            baseline = measure([project_python(), "-c", BASELINE_SNIPPET, case.markdown], folder, dict(os.environ),
                               arguments.runs, arguments.timeout)
        rows.append(case_row(case, size, baseline, results["before"], results["after"], arguments.timeout))
        print("  " + " | ".join(rows[-1]), file=sys.stderr, flush=True)
    body = report(rows, arguments, started, load_before)
    print(body)
    if not arguments.no_write:
        write_section("hostile", body)
    return 0


def ratio_cell(check: Measured, baseline: Measured | None, timeout: float) -> str:
    if baseline is None or baseline.median is None:
        return "—"
    if check.median is None:
        return f"> {ratio_text(timeout / baseline.median)}" if check.failure and "killed" in check.failure else "—"
    return ratio_text(check.median / baseline.median)


def case_row(case: Case, size: str, baseline: Measured | None, before: Measured, after: Measured,
             timeout: float) -> list[str]:
    return [
        case.name, size or "—", baseline.cell() if baseline else "—", before.cell(), after.cell(),
        ratio_cell(before, baseline, timeout), ratio_cell(after, baseline, timeout),
    ]


def report(rows: list[list[str]], arguments: argparse.Namespace, started: str, load_before: str) -> str:
    versions = project_versions()
    lines = [
        "## Hostile input",
        "",
        f"`python benchmarks/hostile.py --before {arguments.before} --runs {arguments.runs} --timeout "
        f"{arguments.timeout:.0f}`, {started}. `python -m tablelint check --offline --no-cache` as a whole "
        f"process, on the tree of `{arguments.before}` (before) and on this tree (after), median of up to "
        f"{arguments.runs} runs (one when a run takes over a quarter of the timeout), peak RSS and exit code in "
        f"brackets; every run held to {MEMORY_CAP // 1024**3} GB of address space and killed at "
        f"{arguments.timeout:.0f} s. The baseline parses the same bytes with stock mistune (compare.py's). "
        "The ratios are check ÷ baseline; \"> N×\" is a check killed at the timeout. Exit 1 is problems found; "
        "exit 2 after is the one-line refusal (the alias bomb, `/dev/zero`); the FIFO is skipped with a note.",
        "",
        *(f"- {line}" for line in machine_lines()),
        f"- Load average before / after: {load_before} / {load_average()}. The machine was shared with other "
        "jobs: compare ratios taken in the same run, not absolute times across runs.",
        f"- Versions: tablelint {versions.get('tablelint', '?')}, mistune {versions.get('mistune', '?')}, "
        f"Python {sys.version.split()[0]}",
        "",
        markdown_table(
            ["input", "size", "mistune parse (baseline)", "check before", "check after", "before ÷ baseline",
             "after ÷ baseline"],
            rows,
        ),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
