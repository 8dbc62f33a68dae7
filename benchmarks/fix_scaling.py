"""How `tablelint fix` scales with the number of fixes: before and after a change, in one run.

    python benchmarks/fix_scaling.py [--sizes 10000,60000] [--baseline REV] [--runs N] [--timeout S]
                                     [--reuse-before SIZES] [--only-before]

Each size is a reading list from ``tables.py`` (placeholder rows, NULL cells, non-canonical
sources and names: every row has fixable defects). Each run copies it afresh and runs
``python -m tablelint fix FILE`` as a whole process, with the package taken from one of two trees:

* ``before``: ``git archive REV src/tablelint schemas`` (default REV: ``main``), extracted into
  ``benchmarks/.work/fix-baseline-<rev>/``, so the old code is measured the same way and nothing
  in another checkout is touched;
* ``after``: this worktree's ``src/``.

It reports the median wall and CPU time per size, the ratio of times between the sizes against
the ratio of rows (linear scaling: the two are close), the speed-up of after over before, and
whether both trees wrote byte-identical files. The old code takes many minutes at 60k rows: its
runs are kept in ``benchmarks/.work/fix-scaling/before.json`` (by commit and size), and
``--reuse-before 60000`` reports the kept run at that size instead of running it again (the report
says when it was taken; the load may have differed, so compare CPU times, not wall times).
``--only-before`` measures and keeps only the old code. A run past ``--timeout`` is killed and
reported with the CPU time it had used; a tree killed at one size is not run at larger ones.
Writes the "fix-scaling" section of RESULTS.md (``--no-write`` to only print).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path

from compare import (
    REPO,
    WORK,
    Run,
    load_average,
    machine_lines,
    markdown_table,
    now,
    parse_sizes,
    positive_int,
    progress,
    project_python,
    run_process,
    seconds_text,
    size_text,
    write_section,
)
from tables import table_text

DEFAULT_SIZES = (10_000, 60_000)
DEFAULT_TIMEOUT = 1800.0
FIXED = re.compile(rb"Fixed (\d+) problems?; (\d+) remains?")


def baseline_tree(revision: str) -> tuple[Path, str]:
    """The package at ``revision``, extracted from git into the work folder; and its short commit."""
    commit = subprocess.run(["git", "rev-parse", "--short", revision], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout.strip()
    root = WORK / f"fix-baseline-{commit}"
    if not (root / "schemas").is_dir():
        archive = subprocess.run(["git", "archive", "--format=tar", commit, "src/tablelint", "schemas"], cwd=REPO,
                                 check=True, capture_output=True).stdout
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(root, filter="data")
    return root / "src", commit


def worktree_commit() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=REPO, check=True,
                           capture_output=True, text=True).stdout.strip()
    return f"{commit}{', modified' if dirty else ''}"


@dataclass
class Measured:
    """The runs of one tree at one size, as kept between invocations."""

    seconds: list[float]
    cpu_seconds: list[float]
    fixes: int | None
    digests: list[str]
    timed_out: bool
    taken: str
    load: str

    def median(self, what: str) -> float | None:
        return None if self.timed_out else statistics.median(getattr(self, what))


def run_fix(tree: Path, original: Path, target: Path, timeout: float) -> tuple[Run, str]:
    shutil.copyfile(original, target)
    # The package of `tree` first on the path; the venv supplies the dependencies.
    env = {**os.environ, "PYTHONPATH": str(tree), "TABLELINT_CACHE_DIR": str(WORK / "fix-cache")}
    run = run_process([project_python(), "-m", "tablelint", "fix", str(target)], env=env, timeout=timeout)
    digest = hashlib.sha256(target.read_bytes()).hexdigest() if not run.timed_out else ""
    return run, digest


def measure(name: str, tree: Path, original: Path, rows: int, runs: int, timeout: float) -> Measured:
    done: list[Run] = []
    digests = []
    for attempt in range(runs):
        progress(f"fix {name} {rows:,} rows, run {attempt + 1}")
        run, digest = run_fix(tree, original, original.with_name(f"target-{name}-{rows}.md"), timeout)
        if run.timed_out:  # the CPU time it had used by then is a lower bound
            return Measured([run.seconds], [run.cpu_seconds], None, [], True, now(), load_average())
        if run.exit_code not in (0, 1):
            raise SystemExit(f"fix {name} at {rows} rows exited {run.exit_code}: {run.last_error_line()}")
        done.append(run)
        digests.append(digest)
        if run.seconds > 60:
            break
    found = FIXED.search(done[0].stderr)
    return Measured([run.seconds for run in done], [run.cpu_seconds for run in done],
                    int(found.group(1)) if found else None, digests, False, now(), load_average())


def compile_tree(tree: Path) -> None:
    """Byte-compile the package once, as an installed wheel has it."""
    subprocess.run([project_python(), "-m", "compileall", "-q", str(tree / "tablelint")], check=True,
                   stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES))
    parser.add_argument("--baseline", default="main", help="git revision measured as 'before'")
    parser.add_argument("--runs", type=positive_int, default=3, help="runs per tree and size (one if a run > 60 s)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    parser.add_argument("--reuse-before", type=parse_sizes, default=[], metavar="SIZES",
                        help="sizes at which to report the kept runs of the old code instead of running it")
    parser.add_argument("--only-before", action="store_true", help="measure (and keep) the old code only")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    before_src, before_commit = baseline_tree(args.baseline)
    trees = {"before": before_src, "after": REPO / "src"}
    for tree in trees.values():
        compile_tree(tree)
    work = WORK / "fix-scaling"
    work.mkdir(parents=True, exist_ok=True)
    kept_path = work / "before.json"
    kept = json.loads(kept_path.read_text()) if kept_path.exists() else {}
    load_before = load_average()
    results: dict[tuple[str, int], Measured] = {}
    reused: set[int] = set()
    stopped: set[str] = set()
    files: dict[int, Path] = {}
    for rows in args.sizes:
        original = work / f"papers-{rows}.md"
        if not original.exists():
            original.write_text(table_text(rows), encoding="utf-8")
        files[rows] = original
        key = f"{before_commit}:{rows}"
        for name, tree in trees.items():
            if name in stopped or (name == "after" and args.only_before):
                continue
            if name == "before" and rows in args.reuse_before and key in kept:
                results[(name, rows)] = Measured(**kept[key])
                reused.add(rows)
            else:
                results[(name, rows)] = measure(name, tree, original, rows, args.runs, args.timeout)
                if name == "before":
                    kept[key] = asdict(results[(name, rows)])
                    kept_path.write_text(json.dumps(kept, indent=1))
            if results[(name, rows)].timed_out:
                stopped.add(name)
    load_after = load_average()
    body = report(args, trees, results, files, reused, before_commit, load_before, load_after)
    print(body)
    if not args.no_write and not args.only_before:
        write_section("fix-scaling", body)
    return 0


def report(args: argparse.Namespace, trees: dict[str, Path], results: dict[tuple[str, int], Measured],
           files: dict[int, Path], reused: set[int], before_commit: str, load_before: str, load_after: str) -> str:
    def cell(name: str, rows: int, what: str) -> str:
        measured = results.get((name, rows))
        if measured is None:
            return "not run"
        value = measured.median(what)
        if value is None:  # killed: what it had used by then
            used = getattr(measured, what)
            return f"> {seconds_text(used[0])} (killed)" if used else "killed"
        return seconds_text(value)

    table_rows = []
    for rows in args.sizes:
        size = size_text(files[rows].stat().st_size)
        for name in trees:
            measured = results.get((name, rows))
            fixes = f"{measured.fixes:,}" if measured and measured.fixes is not None else "—"
            count = str(len(measured.seconds)) if measured else "0"
            taken = (f" (kept from {measured.taken}, load average {measured.load})"
                     if measured and name == "before" and rows in reused else "")
            table_rows.append([f"{rows:,} rows ({size})", name + taken, fixes, cell(name, rows, "seconds"),
                               cell(name, rows, "cpu_seconds"), count])

    def cpu(name: str, rows: int) -> float | None:
        measured = results.get((name, rows))
        return measured.median("cpu_seconds") if measured else None

    scaling = []
    smallest = args.sizes[0]
    for rows in args.sizes[1:]:
        line = [f"{rows:,} / {smallest:,} rows", f"{rows / smallest:.1f}"]
        for name in trees:
            small, large = cpu(name, smallest), cpu(name, rows)
            line.append(f"{large / small:.1f}" if small and large else "—")
        scaling.append(line)
    speedups = []
    for rows in args.sizes:
        old, new = cpu("before", rows), cpu("after", rows)
        killed = results.get(("before", rows))
        if new and old:
            speedups.append(f"{rows:,} rows {old / new:.1f}×")
        elif new and killed is not None and killed.timed_out and killed.cpu_seconds:
            speedups.append(f"{rows:,} rows > {killed.cpu_seconds[0] / new:.0f}× (before killed)")
    compared = [rows for rows in args.sizes if cpu("before", rows) and cpu("after", rows)]
    same = all(len(set(results[("before", rows)].digests) | set(results[("after", rows)].digests)) == 1
               for rows in compared)
    sizes_arg = ",".join(str(size) for size in args.sizes)
    flags = f" --reuse-before {','.join(str(rows) for rows in sorted(reused))}" if reused else ""
    return "\n".join([
        "## Fix scaling",
        "",
        f"`python benchmarks/fix_scaling.py --sizes {sizes_arg} --baseline {args.baseline} --runs {args.runs}"
        f"{flags}`, {now()}. `tablelint fix FILE` as a whole process on a reading list from `tables.py` "
        "(every row has fixable defects: placeholder rows and cells, non-canonical sources and names), "
        f"copied afresh before each run; median of up to {args.runs} runs (one when a run takes over 60 s). "
        f"*before* is `{args.baseline}` ({before_commit}), *after* this tree ({worktree_commit()}).",
        "",
        *(f"- {line}" for line in machine_lines()),
        f"- Load average before / after: {load_before} / {load_after}. The machine was shared with other "
        "jobs: compare ratios taken in the same run, not absolute times across runs.",
        "",
        markdown_table(["file", "tree", "fixes applied", "wall", "CPU", "runs"], table_rows),
        "Scaling (CPU time at the larger size over the smaller; linear scaling is the ratio of rows):",
        "",
        markdown_table(["sizes", "rows ratio", "before", "after"], scaling),
        f"Speed-up of after over before (CPU): {'; '.join(speedups) or 'not measured'}. "
        f"Both trees wrote byte-identical files: {'yes' if same else 'no'}"
        f"{' (at ' + ', '.join(f'{rows:,}' for rows in compared) + ' rows)' if compared else ''}.",
    ])


if __name__ == "__main__":
    sys.exit(main())
