"""Startup: is ``tablelint check`` on a small file little more than importing its libraries?

A pre-commit hook starts tablelint on every commit, so the time to a result on
a small file is mostly interpreter and import time. First the tablelint
package that the commands import is byte-compiled (``python -m compileall``),
as installing the wheel does: from a source checkout, with
PYTHONDONTWRITEBYTECODE set, every run would compile every module again, a
cost no installed copy pays. Then this script times, as fresh processes,
taking turns (21 each by default, after one warm-up each):

* ``tablelint check --offline examples/llm-papers.md`` (the console script,
  as pre-commit starts it) on a copy whose last line, a comment after the
  table, is rewritten before each run: the file changed since the last run
  (which is why pre-commit runs the hook on it), so tablelint's result cache
  misses while its other caches (compiled schemas) are as a user has them;
* the same on an unchanged copy: a result-cache hit;
* the floor: ``python -c "import mistune, pydantic, click"``;

and prints the medians and their ratios to the floor (issue 7: at most 1.5,
aim 1.3; the verdict is for the changed file). Then it runs
``python -X importtime -m tablelint check --offline ...`` (changed file) three
times and prints the modules with the largest cumulative import time (median
of the three), and whether the heavy optional libraries were imported at all:
the list of what to make lazy.

Usage: python benchmarks/startup.py [--runs 21] [--top 25] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass

from compare import (
    README,
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
    project_versions,
    replace_marked,
    run_process,
    tablelint_command,
    tablelint_env,
    write_section,
)

EXAMPLE = "examples/llm-papers.md"
FLOOR_IMPORTS = "import mistune, pydantic, click"
TARGET, AIM = 1.5, 1.3
# Libraries that only some runs need: a check --offline of a small file should import none of them.
LAZY = ("aiohttp", "rapidfuzz", "wcwidth", "yaml")
NORMAL_EXITS = {0, 1}


@dataclass(frozen=True)
class ImportEntry:
    module: str
    parent: str | None  # the module whose import first imported this one; None for the program's own
    self_us: int
    cumulative_us: int


IMPORTTIME_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( +)(\S+)\s*$")


def parse_importtime(stderr: str) -> list[ImportEntry]:
    """The entries of ``-X importtime`` output, each with the module that imported it."""
    rows = []
    for line in stderr.splitlines():
        match = IMPORTTIME_LINE.match(line)
        if match:
            self_us, cumulative_us, indent, module = match.groups()
            rows.append((module, (len(indent) - 1) // 2, int(self_us), int(cumulative_us)))
    entries = []
    # A module's line comes after the lines of the modules it imports: the parent is the next shallower line.
    for index, (module, depth, self_us, cumulative_us) in enumerate(rows):
        parent = next((later[0] for later in rows[index + 1 :] if later[1] < depth), None)
        entries.append(ImportEntry(module, parent, self_us, cumulative_us))
    return entries


SCRATCH = WORK / "startup"
CACHE = SCRATCH / "tablelint-cache"


def prepare() -> None:
    """Two copies of the example, laid out so that the command line reads as in the repository."""
    shutil.rmtree(SCRATCH, ignore_errors=True)
    for copy in ("changed", "unchanged"):
        (SCRATCH / copy / EXAMPLE).parent.mkdir(parents=True)
        shutil.copyfile(REPO / EXAMPLE, SCRATCH / copy / EXAMPLE)


def byte_compile_package() -> str:
    """Byte-compile the tablelint package that the timed commands import, as
    installing its wheel does; returns the package's directory."""
    locate = "import os, tablelint; print(os.path.dirname(tablelint.__file__))"
    env = tablelint_env(CACHE)
    package = subprocess.run(
        [project_python(), "-c", locate], capture_output=True, text=True, check=True, env=env
    ).stdout.strip()
    subprocess.run([project_python(), "-m", "compileall", "-q", package], check=True, env=env)
    return package


def run_changed(command: list[str]) -> Run:
    """A run on the example with new bytes, as after an edit: no result-cache hit."""
    change_file(SCRATCH / "changed" / EXAMPLE, (REPO / EXAMPLE).stat().st_size)
    return run_process(command, cwd=SCRATCH / "changed", env=tablelint_env(CACHE))


def run_unchanged(command: list[str]) -> Run:
    return run_process(command, cwd=SCRATCH / "unchanged", env=tablelint_env(CACHE))


def importtime_profile(runs: int = 3) -> tuple[list[ImportEntry], str | None]:
    """Median import times per module over ``runs`` runs; the second value is an error, if any."""
    command = [project_python(), "-X", "importtime", "-m", "tablelint", "check", "--offline", EXAMPLE]
    samples: dict[str, list[ImportEntry]] = {}
    for _ in range(runs):
        run = run_changed(command)
        if run.exit_code not in NORMAL_EXITS:
            return [], f"exit {run.exit_code}: {run.last_error_line()}"
        for entry in parse_importtime(run.stderr.decode("utf-8", "replace")):
            samples.setdefault(entry.module, []).append(entry)
    profile = [
        ImportEntry(
            module,
            entries[0].parent,
            int(statistics.median(entry.self_us for entry in entries)),
            int(statistics.median(entry.cumulative_us for entry in entries)),
        )
        for module, entries in samples.items()
    ]
    return profile, None


CHANGED = "tablelint check, changed file"
UNCHANGED = "tablelint check, unchanged file (cache hit)"
FLOOR = "import floor"


def time_runs(runs: int) -> dict[str, list[Run]]:
    ours = [*tablelint_command(), "check", "--offline", EXAMPLE]
    commands = {
        CHANGED: lambda: run_changed(ours),
        UNCHANGED: lambda: run_unchanged(ours),
        FLOOR: lambda: run_process([project_python(), "-c", FLOOR_IMPORTS], cwd=REPO),
    }
    # Warm-up: bytecode, disk cache, compiled schemas, and the result cache of the unchanged copy.
    for start in commands.values():
        start()
    results: dict[str, list[Run]] = {label: [] for label in commands}
    labels = list(commands)
    for index in range(runs):
        # Rotate the order, so that no command always follows the same one.
        for label in labels[index % 3 :] + labels[: index % 3]:
            results[label].append(commands[label]())
        progress(f"run {index + 1}/{runs}: " + ", ".join(
            f"{label} {results[label][-1].seconds * 1000:.0f} ms" for label in labels
        ))
    return results


def report(results: dict[str, list[Run]], profile: list[ImportEntry], profile_error: str | None, *,
           top: int, started: str, load_before: str, package: str) -> str:
    runs = len(results[FLOOR])
    completed = {
        label: [run for run in found if run.exit_code in NORMAL_EXITS] for label, found in results.items()
    }
    floor_median = statistics.median(run.seconds for run in results[FLOOR])
    bytecode_setting = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "unset"
    commands = {
        CHANGED: f"`tablelint check --offline {EXAMPLE}`, file changed since the last run",
        UNCHANGED: f"`tablelint check --offline {EXAMPLE}`, file unchanged (result-cache hit)",
        FLOOR: f'`python -c "{FLOOR_IMPORTS}"`',
    }
    lines = [
        "## Startup\n",
        f"`python benchmarks/startup.py --runs {runs}`, {started}: {runs} fresh processes each, "
        "taking turns, after one warm-up each.\n",
        *[f"- {line}" for line in machine_lines()],
        f"- Load average before / after: {load_before} / {load_average()} (other jobs shared the 2 cores).",
        f"- Byte-compiled before timing, as installing the wheel does: `python -m compileall {package}` "
        f"(PYTHONDONTWRITEBYTECODE is {bytecode_setting} here).",
        f"- tablelint {project_versions().get('tablelint', '?')}",
        "",
        markdown_table(
            ["command", "runs timed", "median", "min", "max", "CPU time, median", "peak RSS", "÷ import floor"],
            [
                [commands[label], str(len(completed[label])), *_stats(completed[label]),
                 _ratio(completed[label], floor_median)]
                for label in commands
            ],
        ),
    ]
    for label in (CHANGED, UNCHANGED):
        failed = [run for run in results[label] if run.exit_code not in NORMAL_EXITS]
        if failed:
            # A failed run stops early: timing it would flatter tablelint.
            lines.append(
                f"**{len(failed)} of {runs} runs of {label} failed** and are not timed "
                f"(exit {failed[0].exit_code}: {failed[0].last_error_line()}).\n"
            )
    if completed[CHANGED]:
        ratio = statistics.median(run.seconds for run in completed[CHANGED]) / floor_median
        verdict = "met" if ratio <= TARGET else "not met"
        if ratio <= AIM:
            verdict += f", and within the aim of {AIM}×"
        lines.append(
            f"Changed file: **{ratio:.2f}×** the import floor (target ≤ {TARGET}×: **{verdict}**). "
            "A pre-commit hook runs on changed files, so this is the figure for the target."
        )
        lines.append(_round_ratio_line(results))
    else:
        lines.append("Ratio: not measured, no tablelint run completed.")
    lines += ["", *lazy_lines(profile, profile_error, top)]
    return "\n".join(lines) + "\n"


def readme_line(results: dict[str, list[Run]], started: str) -> str:
    """The start-up figure for the README: what a pre-commit hook costs per commit."""
    runs = len(results[FLOOR])
    floor = statistics.median(run.seconds for run in results[FLOOR])
    line = f"Start-up (`python benchmarks/startup.py --runs {runs}`, {started}, median of {runs} fresh processes): "
    completed = [run for run in results[CHANGED] if run.exit_code in NORMAL_EXITS]
    if not completed:
        return line + "not measured, no tablelint run completed."
    changed = statistics.median(run.seconds for run in completed)
    cached = [run for run in results[UNCHANGED] if run.exit_code in NORMAL_EXITS]
    hit = ""
    if cached:
        hit = f", and {statistics.median(run.seconds for run in cached) * 1000:.0f} ms for an unchanged one"
    return line + (
        f"`tablelint check --offline {EXAMPLE}` takes {changed * 1000:.0f} ms for a changed file{hit}, "
        f"against {floor * 1000:.0f} ms for `python -c \"{FLOOR_IMPORTS}\"`: **{changed / floor:.2f}×** "
        "the cost of importing tablelint's three libraries."
    )


def _round_ratio_line(results: dict[str, list[Run]]) -> str:
    """The ratio within each round, where both commands ran a moment apart:
    on a shared machine whose speed drifts, its spread shows how far the
    ratio of the medians can be trusted."""
    ratios = sorted(
        changed.seconds / floor.seconds
        for changed, floor in zip(results[CHANGED], results[FLOOR], strict=True)
        if changed.exit_code in NORMAL_EXITS
    )
    if len(ratios) < 4:
        return ""
    low, middle, high = statistics.quantiles(ratios, n=4)
    return (
        f"\nWithin each round (changed-file run ÷ floor run of the same round): median {middle:.2f}×, "
        f"middle half {low:.2f}–{high:.2f}×, lowest {ratios[0]:.2f}×, highest {ratios[-1]:.2f}×."
    )


def _ratio(runs: list[Run], floor_median: float) -> str:
    return f"{statistics.median(run.seconds for run in runs) / floor_median:.2f}×" if runs else "—"


def _stats(runs: list[Run]) -> list[str]:
    if not runs:
        return ["—"] * 5
    seconds = [run.seconds for run in runs]
    return [
        f"{statistics.median(seconds) * 1000:.0f} ms",
        f"{min(seconds) * 1000:.0f} ms",
        f"{max(seconds) * 1000:.0f} ms",
        f"{statistics.median(run.cpu_seconds for run in runs) * 1000:.0f} ms",
        f"{max(run.peak_rss for run in runs) / 2**20:.0f} MB",
    ]


def lazy_lines(profile: list[ImportEntry], error: str | None, top: int) -> list[str]:
    if error:
        return [f"`python -X importtime -m tablelint check --offline {EXAMPLE}` failed: {error}"]
    by_module = {entry.module: entry for entry in profile}
    watch = []
    for name in LAZY:
        entry = by_module.get(name)
        if entry is None:
            watch.append(f"{name} not imported")
        else:
            importer = f"by `{entry.parent}`" if entry.parent else "by the program (a function's import)"
            watch.append(f"{name} imported {importer}, {entry.cumulative_us / 1000:.1f} ms")
    total = sum(entry.self_us for entry in profile)
    heaviest = sorted(profile, key=lambda entry: entry.cumulative_us, reverse=True)[:top]
    return [
        f"### Import time of `tablelint check --offline {EXAMPLE}`, changed file "
        "(`-X importtime`, median of 3 runs)\n",
        f"All imports: {total / 1000:.0f} ms. Lazy-import watch: {'; '.join(watch)}. "
        "\"The program\" is running code (the entry point, or an import inside a function), "
        "not another module's import.\n",
        markdown_table(
            ["module", "imported by", "cumulative", "self"],
            [
                [f"`{entry.module}`", f"`{entry.parent}`" if entry.parent else "the program",
                 f"{entry.cumulative_us / 1000:.1f} ms", f"{entry.self_us / 1000:.1f} ms"]
                for entry in heaviest
            ],
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description="Time tablelint's startup against importing its libraries.")
    parser.add_argument("--runs", type=positive_int, default=21, help="processes per command (default 21)")
    parser.add_argument("--top", type=positive_int, default=25, help="import-time entries shown (default 25)")
    parser.add_argument("--no-write", action="store_true", help="print the results; leave RESULTS.md alone")
    arguments = parser.parse_args()
    if not (REPO / EXAMPLE).exists():
        print(f"startup: {EXAMPLE} is missing", file=sys.stderr)
        return 2
    started, load_before = now(), load_average()
    prepare()
    package = byte_compile_package()
    progress(f"byte-compiled {package} (python -m compileall), as installing the wheel does")
    results = time_runs(arguments.runs)
    profile, profile_error = importtime_profile()
    text = report(
        results, profile, profile_error, top=arguments.top, started=started, load_before=load_before,
        package=package,
    )
    print(text)
    if not arguments.no_write:
        write_section("startup", text)
        replace_marked(README, "startup", readme_line(results, started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
