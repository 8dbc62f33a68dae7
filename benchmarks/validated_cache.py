"""Does keeping validated data files in the cache directory pay?

tablelint validates its config file, the venue file and vocabulary files with
pydantic models, and keeps what it validated in the cache directory
(``config/``, ``venues/``, ``vocabulary/``, see
``datafiles.validated_from_cache``). A run that finds them there builds no
validator. This script times ``tablelint check --offline`` of the example
paper list, in a project with a ``tablelint.toml``, the file changed before
each run (a result-cache miss, as a pre-commit hook sees it), as fresh
processes taking turns, in five conditions:

* every cache warm (the baseline of the ratios);
* the validated venue file removed from the cache before each run;
* the validated config and vocabulary files removed before each run;
* all three removed before each run;
* the floor, ``python -c "import mistune, pydantic, click"``;
* with ``--before REV``, the code of REV (``git archive REV src schemas``,
  run with PYTHONPATH), every cache of its own warm: what the change costs
  or saves against it, in the same rounds.

The other caches (parsed files, compiled schemas) stay warm throughout. It
prints the median CPU and wall times, the ratio of each condition to the
baseline and the difference in milliseconds, and writes them into RESULTS.md
(section "validated-cache").

Usage: python benchmarks/validated_cache.py [--runs 21] [--before REV] [--no-write]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys

from compare import (
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
    run_process,
    tablelint_command,
    tablelint_env,
    write_section,
)

EXAMPLE = "examples/llm-papers.md"
SCRATCH = WORK / "validated-cache"
CACHE = SCRATCH / "tablelint-cache"
FLOOR_IMPORTS = "import mistune, pydantic, click"
CONFIG = """\
ignore = ["TL902"]
extend-select = ["table-format"]
max-file-size = "20 MB"

[severity]
TL401 = "info"

[links]
timeout = 5.0
exclude = ["^https://example\\\\.org/"]

[vocabulary]
terms = ["DeepMind", { term = "LLaMA", variants = ["Llama 2"] }]
"""

BASELINE = "all caches warm"
CONDITIONS = {
    BASELINE: (),
    "venue file validated each run": ("venues",),
    "config and vocabulary validated each run": ("config", "vocabulary"),
    "all three validated each run": ("venues", "config", "vocabulary"),
}
FLOOR = f'floor: python -c "{FLOOR_IMPORTS}"'


def prepare() -> None:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    (SCRATCH / EXAMPLE).parent.mkdir(parents=True)
    shutil.copyfile(REPO / EXAMPLE, SCRATCH / EXAMPLE)
    (SCRATCH / "tablelint.toml").write_text(CONFIG, encoding="utf-8")


def run_check(dropped: tuple[str, ...]) -> Run:
    for kind in dropped:
        shutil.rmtree(CACHE / kind, ignore_errors=True)
    change_file(SCRATCH / EXAMPLE, (REPO / EXAMPLE).stat().st_size)
    run = run_process([*tablelint_command(), "check", "--offline", EXAMPLE], cwd=SCRATCH, env=tablelint_env(CACHE))
    if run.exit_code not in (0, 1):
        raise SystemExit(f"tablelint failed: {run.last_error_line()}")
    return run


BEFORE_TREE = SCRATCH.parent / "validated-cache-before"
BEFORE_CACHE = SCRATCH / "tablelint-cache-before"


def extract_before(revision: str) -> None:
    """The tree of ``revision`` (its src and schemas), byte-compiled."""
    shutil.rmtree(BEFORE_TREE, ignore_errors=True)
    BEFORE_TREE.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision, "src", "schemas"], cwd=REPO, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(BEFORE_TREE)], input=archive, check=True)
    subprocess.run([project_python(), "-m", "compileall", "-q", str(BEFORE_TREE / "src")], check=True)


def run_before() -> Run:
    change_file(SCRATCH / EXAMPLE, (REPO / EXAMPLE).stat().st_size)
    env = {**tablelint_env(BEFORE_CACHE), "PYTHONPATH": str(BEFORE_TREE / "src")}
    run = run_process([project_python(), "-m", "tablelint", "check", "--offline", EXAMPLE], cwd=SCRATCH, env=env)
    if run.exit_code not in (0, 1):
        raise SystemExit(f"tablelint (before) failed: {run.last_error_line()}")
    return run


def measure(runs: int, before: str | None) -> dict[str, list[Run]]:
    commands = {label: (lambda dropped=dropped: run_check(dropped)) for label, dropped in CONDITIONS.items()}
    if before:
        commands[f"{before}'s code, its caches warm"] = run_before
    commands[FLOOR] = lambda: run_process([project_python(), "-c", FLOOR_IMPORTS], cwd=REPO)
    for start in commands.values():  # warm-up: bytecode, disk cache, compiled schemas
        start()
    results: dict[str, list[Run]] = {label: [] for label in commands}
    labels = list(commands)
    for index in range(runs):
        shift = index % len(labels)
        for label in labels[shift:] + labels[:shift]:
            results[label].append(commands[label]())
        progress(f"round {index + 1}/{runs}")
    return results


def report(results: dict[str, list[Run]], *, runs: int, started: str, load_before: str, before: str | None) -> str:
    before_option = f" --before {before}" if before else ""
    cpu = {label: statistics.median(run.cpu_seconds for run in found) for label, found in results.items()}
    wall = {label: statistics.median(run.seconds for run in found) for label, found in results.items()}
    rows = [
        [label, f"{cpu[label] * 1000:.1f}", f"{wall[label] * 1000:.1f}", f"{cpu[label] / cpu[BASELINE]:.3f}",
         f"{(cpu[label] - cpu[BASELINE]) * 1000:+.1f}"]
        for label in results
    ]
    lines = [
        "## Validated data files in the cache\n",
        f"`python benchmarks/validated_cache.py --runs {runs}{before_option}`, {started}: "
        f"`tablelint check --offline {EXAMPLE}` "
        "in a project with a tablelint.toml, the file changed before each run, as fresh processes taking turns "
        "(median of each). A condition removes the named cache entries before each of its runs.\n",
        *[f"- {line}" for line in machine_lines()],
        f"- Load average before / after: {load_before} / {load_average()}.",
        f"- tablelint {project_versions().get('tablelint', '?')}\n",
        markdown_table(["condition", "CPU ms", "wall ms", "CPU ratio to all warm", "CPU ms more than all warm"],
                       rows),
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=positive_int, default=21)
    parser.add_argument("--before", metavar="REV", help="also time the code of this git revision")
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    started, load_before = now(), load_average()
    prepare()
    if arguments.before:
        extract_before(arguments.before)
    results = measure(arguments.runs, arguments.before)
    text = report(results, runs=arguments.runs, started=started, load_before=load_before,
                  before=arguments.before)
    print(text)
    if not arguments.no_write:
        write_section("validated-cache", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
