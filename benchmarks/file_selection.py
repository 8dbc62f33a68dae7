"""File selection: what exclude patterns and .gitignore files cost a
directory's search (``paths.collect_paths``), in one process.

A generated tree in ``.work/file-selection/`` (deterministic): ``--files``
Markdown files in folders of 100 that the search keeps, as many again under
directories it leaves out (``node_modules/``, a gitignored ``site/``, an
``extend-exclude``d ``docs/drafts/``), a ``.gitignore`` in every folder, and
a git work tree's ``.git/info/exclude``.

Baseline, timed in the same run: a bare ``os.walk`` that lists every
``*.md`` file and prunes nothing (the least any search must do, without
excludes); also timed, the search as it was before file selection (hidden
directories and a fixed list of names pruned, no .gitignore). Timed:
``collect_paths`` with the defaults (exclude, .gitignore), and with
``--no-respect-gitignore``. Each figure is the median of ``--runs``
runs, written as a ratio to the baseline.

Usage: python benchmarks/file_selection.py [--files 5000] [--runs 7] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from compare import REPO, WORK, markdown_table, write_section

sys.path.insert(0, str(REPO / "src"))

TABLE = "| 名称 | 来源 |\n| --- | --- |\n| Alpha | arXiv 2022 |\n"


def build(root: Path, files: int) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / ".git" / "info").mkdir(parents=True, exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text("scratch/\n", encoding="utf-8")
    (root / ".gitignore").write_text("site/\n*.local.md\n", encoding="utf-8")
    (root / "tablelint.toml").write_text('extend-exclude = ["docs/drafts/"]\n', encoding="utf-8")
    folders = max(files // 100, 1)
    for kept_or_not in ("docs/guide", "node_modules/pkg", "site/pages", "docs/drafts/part"):
        for folder in range(folders):
            directory = root / f"{kept_or_not}{folder:03d}"
            directory.mkdir(parents=True)
            (directory / ".gitignore").write_text("*.tmp.md\n", encoding="utf-8")
            for number in range(100):
                (directory / f"page{number:03d}.md").write_text(TABLE, encoding="utf-8")


def bare_walk(root: Path) -> int:
    return sum(1 for _, _, names in os.walk(root) for name in names if name.endswith(".md"))


_FIXED_SKIPS = {"node_modules", "__pycache__", "site-packages", "venv", ".venv", "build", "dist"}


def fixed_list_search(root: Path) -> int:
    """The search before file selection, restated: hidden directories and a
    fixed list of names pruned, each Markdown file stat'ed; no .gitignore."""
    found = 0
    for current, directories, names in os.walk(root):
        directories[:] = sorted(d for d in directories if not d.startswith(".") and d not in _FIXED_SKIPS)
        for name in sorted(names):
            if name.lower().endswith((".md", ".markdown")) and os.stat(os.path.join(current, name)):
                found += 1
    return found


def timed(function, runs: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()

    from tablelint.engine.file_selection import SelectionOptions
    from tablelint.engine.paths import collect_paths

    root = WORK / "file-selection"
    build(root, arguments.files)
    previous = os.getcwd()
    os.chdir(root)
    try:
        baseline, listed = timed(lambda: bare_walk(Path(".")), arguments.runs)
        fixed_time, fixed_found = timed(lambda: fixed_list_search(Path(".")), arguments.runs)
        selected_time, (selected, _) = timed(lambda: collect_paths(["."]), arguments.runs)
        no_git_time, (no_git, _) = timed(
            lambda: collect_paths(["."], SelectionOptions(respect_gitignore=False)), arguments.runs)
    finally:
        os.chdir(previous)
    assert len(selected) == arguments.files, len(selected)  # only docs/guide*
    assert len(no_git) == 2 * arguments.files, len(no_git)  # site/ too
    rows = [
        ["bare os.walk, every *.md (baseline)", f"{listed:,}", f"{baseline * 1000:.0f} ms", "1.00×"],
        ["the search before file selection (fixed list of names, no .gitignore)", f"{fixed_found:,}",
         f"{fixed_time * 1000:.0f} ms", f"{fixed_time / baseline:.2f}×"],
        ["collect_paths: exclude and .gitignore", f"{len(selected):,}", f"{selected_time * 1000:.0f} ms",
         f"{selected_time / baseline:.2f}×"],
        ["collect_paths --no-respect-gitignore", f"{len(no_git):,}", f"{no_git_time * 1000:.0f} ms",
         f"{no_git_time / baseline:.2f}×"],
    ]
    body = (
        f"#### File selection\n\nMeasured by `python benchmarks/file_selection.py --files {arguments.files} "
        f"--runs {arguments.runs}` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, median of "
        f"{arguments.runs}): a tree of {4 * arguments.files:,} Markdown files of which the search keeps "
        f"{arguments.files:,}, a .gitignore in every folder. Time is relative to a bare walk of the same tree "
        f"that prunes nothing.\n\n"
        + markdown_table(["search", "files found", "median", "vs baseline"], rows)
    )
    print(body)
    if not arguments.no_write:
        write_section("file-selection", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
